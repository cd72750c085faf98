"""Bringing in what arrived: every report under the files and folders the reviewer chose (or
dropped), read (models.office.sources) and kept on the roster (models.office.roster) in batches,
with what to tell the reviewer about it."""

from __future__ import annotations

from models.office.roster import Office


class ReceiveOutcome:
    """What an import brought, and what to tell the reviewer about it."""

    def __init__(self):
        self.received = 0
        self.new_units: list[str] = []
        self.replaced = 0
        self.kept_newer: list[str] = []
        self.unreadable: list[str] = []
        self.years: dict[int, int] = {}
        self.cancelled = False

    def describe(self) -> str:
        years = "，".join(f"{y} 年度 {n} 份" for y, n in sorted(self.years.items()))
        lines = [f"已收到 {self.received} 份报告" + (f"（{years}）" if years else "") + "。"]
        if self.replaced:
            lines.append(f"其中 {self.replaced} 份为重新报送，替换了原先收到的。")
        if self.new_units:
            lines.append(f"{len(self.new_units)} 个单位原不在名单中，已加入：{'、'.join(self.new_units[:5])}"
                         f"{'……' if len(self.new_units) > 5 else ''}")
        if self.kept_newer:
            lines.append(f"{len(self.kept_newer)} 份比已收到的更早，未替换：{'、'.join(self.kept_newer[:5])}")
        if self.unreadable:
            lines.append(f"{len(self.unreadable)} 个文件无法读取：")
            lines += [f"· {m}" for m in self.unreadable[:8]] + (["……"] if len(self.unreadable) > 8 else [])
        if self.cancelled:
            lines.append("已取消，其余文件未读取。")
        return "\n".join(lines)


RECEIVE_BATCH = 100      # reports kept in one transaction: one wait for the disk per batch


def receive_files(office: Office, paths: list[str], cancel=None) -> ReceiveOutcome:
    """Read every report under `paths` (files and folders) and keep it: files read one by one,
    kept in batches. `cancel` (a threading.Event) stops between files; what was kept stays."""
    from models.office.sources import Unreadable, collect, read_source

    outcome = ReceiveOutcome()
    files, problems = collect(paths)
    outcome.unreadable += [m for _, m in problems]
    batch = []
    for n, path in enumerate(files, 1):
        if cancel is not None and cancel.is_set():
            outcome.cancelled = True
            break
        try:
            batch.append(read_source(path))
        except Unreadable as exc:
            outcome.unreadable.append(str(exc))
        if len(batch) == RECEIVE_BATCH or n == len(files):
            _keep(office, batch, outcome)
            batch = []
    _keep(office, batch, outcome)
    return outcome


def _keep(office: Office, sources: list, outcome: ReceiveOutcome) -> None:
    if not sources:
        return
    for source, got in zip(sources, office.receive_all(sources)):
        if got.kept_newer:
            outcome.kept_newer.append(source.report.unit.name)
            continue
        outcome.received += 1
        outcome.replaced += got.replaced
        outcome.years[got.year] = outcome.years.get(got.year, 0) + 1
        if got.new_unit:
            outcome.new_units.append(source.report.unit.name)
