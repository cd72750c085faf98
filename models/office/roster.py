"""The office above's own records, in the app's database (schema step 2): the roster of units that
must file, the deadline of each year, the reports received (each kept as its gkreport/1 data
file, with the counts the roster shows) and the reviewer's comments; 退回 and 通过.

    office = Office(store)                      # the same SQLite file and transactions as the Store
    office.add_units([("某某镇人民政府", "gov", "township")])
    result = office.receive(read_source(path))  # a package, a data file or a published report
    office.set_comment(result.received_id, finding.id, "请核对上年结转。")
    office.return_report(result.received_id, folder)   # the data file with `review`, and 审核意见.docx

A report that arrives again replaces the one received (a correction after 退回 is 已报 again);
an older sending never replaces a newer one. Comments stay with the unit's report of that year,
keyed by finding id (the empty string: a remark on the report as a whole), so that a report sent
again shows which remarks still concern a finding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.sqlite import insert

from models.bounds import SECTION_MAX_CHARS, clean_line, text_problem, unit_name_problem
from models.catalogue import UNIT_KINDS, UNIT_LEVELS
from models.datafile import REVIEWER_MAX_CHARS, parse_report, report_to_data, write_report
from models.errors import StorageError
from models.office.review import Counts, check
from models.office.similarity import Narrative, joined, similar_pairs
from models.office.sources import Source, name_key
from models.report import Report, Review, ReviewComment
from models.schema import office_settings, office_years, received, received_comments, roster_units

STATUS_LABEL = {"missing": "未报", "received": "已报", "returned": "已退回", "accepted": "已通过"}
GENERAL = ""                 # the comment key of a remark on the report as a whole
REVIEWER_KEY = "reviewer"


def _now() -> datetime:
    return datetime.now().astimezone()


def safe_file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip(" .")[:80] or "报告"


@dataclass(frozen=True)
class RosterUnit:
    id: int
    name: str
    kind: str | None
    level: str | None


@dataclass(frozen=True)
class RosterRow:
    """One unit of the roster for one year, as the roster page shows it."""
    unit_id: int
    name: str
    kind: str | None
    level: str | None
    received_id: int | None
    status: str                      # STATUS_LABEL keys
    filed_at: datetime | None
    late: bool | None                # None: nothing received, or no deadline set
    errors: int | None
    warnings: int | None
    unanswered: int | None
    copied_last_year: bool
    times_returned: int
    file_name: str
    source: str | None               # "package" | "datafile" | "document"
    notes: str


@dataclass(frozen=True)
class Received:
    received_id: int
    unit_id: int
    year: int
    new_unit: bool                   # the unit was not on the roster: added
    replaced: bool                   # an earlier sending of the same unit and year was replaced
    kept_newer: bool                 # this sending is older than the one received: nothing changed


@dataclass(frozen=True)
class SimilarUnits:
    a: int                           # received ids
    b: int
    share: float


class Office:
    """The office above's tables, in the Store's database and through its transactions (one lock,
    one translation of SQLite failures into messages for the reviewer)."""

    def __init__(self, store):
        self.store = store

    # --- the roster ------------------------------------------------------------------------

    def units(self) -> list[RosterUnit]:
        with self.store._read() as conn:
            rows = conn.execute(select(roster_units.c.id, roster_units.c.name, roster_units.c.kind,
                                       roster_units.c.level).order_by(roster_units.c.id))
            return [RosterUnit(*row) for row in rows]

    def add_units(self, rows: Iterable[tuple[str, str | None, str | None]]) -> tuple[int, list[str]]:
        """Add units (name, kind, level) in one transaction; names already on the roster are
        skipped. Returns how many were added and the names skipped."""
        rows = [(_unit_name(name), kind, level) for name, kind, level in rows]
        for _, kind, level in rows:
            _check_kind_level(kind, level)
        now = _now().isoformat()
        skipped: list[str] = []
        added = 0
        with self.store._write("保存单位名单") as conn:
            known = _units_by_key(conn)
            for name, kind, level in rows:
                if name_key(name) in known:
                    skipped.append(name)
                    continue
                known[name_key(name)] = 0
                conn.execute(insert(roster_units).values(name=name, kind=kind, level=level, created_at=now,
                                                         updated_at=now))
                added += 1
        return added, skipped

    def add_unit(self, name: str, kind: str | None = None, level: str | None = None) -> None:
        added, skipped = self.add_units([(name, kind, level)])
        if skipped:
            raise StorageError(f"名单中已有“{skipped[0]}”。")

    def update_unit(self, unit_id: int, name: str, kind: str | None, level: str | None) -> None:
        name = _unit_name(name)
        _check_kind_level(kind, level)
        with self.store._write("保存单位名单") as conn:
            other = _units_by_key(conn).get(name_key(name), unit_id)
            if other != unit_id:
                raise StorageError(f"名单中已有“{name}”。")
            conn.execute(update(roster_units).where(roster_units.c.id == unit_id)
                         .values(name=name, kind=kind, level=level, updated_at=_now().isoformat()))

    def remove_unit(self, unit_id: int) -> None:
        """Take the unit off the roster, with what it sent and the comments on it."""
        with self.store._write("删除单位") as conn:
            conn.execute(delete(roster_units).where(roster_units.c.id == unit_id))

    # --- settings ----------------------------------------------------------------------------

    def deadline(self, year: int) -> date | None:
        with self.store._read() as conn:
            value = conn.execute(select(office_years.c.deadline).where(office_years.c.year == year)).scalar()
        return date.fromisoformat(value) if value else None

    def set_deadline(self, year: int, deadline: date | None) -> None:
        with self.store._write("保存报送期限") as conn:
            stmt = insert(office_years).values(year=year, deadline=deadline and deadline.isoformat(),
                                               updated_at=_now().isoformat())
            conn.execute(stmt.on_conflict_do_update(index_elements=["year"],
                                                    set_={"deadline": stmt.excluded.deadline,
                                                          "updated_at": stmt.excluded.updated_at}))

    def reviewer(self) -> str:
        with self.store._read() as conn:
            return conn.execute(select(office_settings.c.value)
                                .where(office_settings.c.key == REVIEWER_KEY)).scalar() or ""

    def set_reviewer(self, name: str) -> None:
        name, _ = clean_line(name)
        if len(name) > REVIEWER_MAX_CHARS:
            raise StorageError(f"审核人名称不能超过 {REVIEWER_MAX_CHARS} 个字。")
        with self.store._write("保存审核人") as conn:
            stmt = insert(office_settings).values(key=REVIEWER_KEY, value=name)
            conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value}))

    # --- what arrives -----------------------------------------------------------------------

    def receive(self, source: Source) -> Received:
        """Keep a report that arrived (read by models.office.sources), checked with last year's
        report of the same unit when one was received; its unit joins the roster if new."""
        return self.receive_all([source])[0]

    def receive_all(self, sources: list[Source]) -> list[Received]:
        """`receive` for many, in one transaction (one wait for the disk instead of one each)."""
        with self.store._write("保存收到的报告") as conn:
            units = _UnitsByName(conn)
            return [_receive(conn, source, units) for source in sources]

    def roster(self, year: int) -> list[RosterRow]:
        """Every unit of the roster with what it sent for `year` (None columns: nothing yet)."""
        deadline = self.deadline(year)
        with self.store._read() as conn:
            rows = conn.execute(
                select(roster_units.c.id, roster_units.c.name, roster_units.c.kind, roster_units.c.level,
                       received.c.id, received.c.status, received.c.filed_at, received.c.errors,
                       received.c.warnings, received.c.unanswered, received.c.copied_last_year,
                       received.c.times_returned, received.c.file_name, received.c.source, received.c.notes)
                .select_from(roster_units.outerjoin(received, (received.c.unit_id == roster_units.c.id)
                                                    & (received.c.year == year)))
                .order_by(roster_units.c.id)).all()
        out = []
        for (unit_id, name, kind, level, rid, status, filed, errors, warnings, unanswered, copied, returned,
             file_name, source, notes) in rows:
            filed_at = datetime.fromisoformat(filed) if filed else None
            late = None if filed_at is None or deadline is None else filed_at.date() > deadline
            out.append(RosterRow(unit_id, name, kind, level, rid, status or "missing", filed_at, late, errors,
                                 warnings, unanswered, bool(copied), returned or 0, file_name or "", source,
                                 notes or ""))
        return out

    def years(self) -> list[int]:
        """The years of which reports were received, newest first."""
        with self.store._read() as conn:
            return [y for (y,) in conn.execute(select(received.c.year).distinct().order_by(received.c.year.desc()))]

    def report(self, received_id: int) -> Report:
        with self.store._read() as conn:
            data = conn.execute(select(received.c.data).where(received.c.id == received_id)).scalar()
        if data is None:
            raise StorageError(f"找不到收到的报告（编号 {received_id}），可能已被删除。")
        return parse_report(data.encode("utf-8"), "收到的报告")[0]

    def previous(self, received_id: int) -> Report | None:
        """Last year's report of the same unit, if it was received."""
        with self.store._read() as conn:
            row = conn.execute(select(received.c.unit_id, received.c.year).where(received.c.id == received_id)).one()
            return _data(conn, row.unit_id, row.year - 1)

    def received_ids(self, year: int) -> list[int]:
        with self.store._read() as conn:
            return [i for (i,) in conn.execute(select(received.c.id).where(received.c.year == year)
                                              .order_by(received.c.id))]

    # --- comments, 退回, 通过 -----------------------------------------------------------------

    def comments(self, received_id: int) -> dict[str, str]:
        """finding id -> comment (GENERAL, "": on the report as a whole)."""
        with self.store._read() as conn:
            return dict(conn.execute(select(received_comments.c.finding, received_comments.c.body)
                                     .where(received_comments.c.received_id == received_id)
                                     .order_by(received_comments.c.finding)).all())

    def set_comment(self, received_id: int, finding: str | None, body: str) -> None:
        """The reviewer's comment on one finding (None: on the report as a whole); empty removes it."""
        key = finding or GENERAL
        body = body.strip()
        if len(body) > SECTION_MAX_CHARS:
            raise StorageError(f"审核意见超过 {SECTION_MAX_CHARS:,} 个字的上限。")
        why = text_problem(body)
        if why:
            raise StorageError(f"审核意见中{why}，未保存。")
        with self.store._write("保存审核意见") as conn:
            if body:
                stmt = insert(received_comments).values(received_id=received_id, finding=key, body=body,
                                                        updated_at=_now().isoformat())
                conn.execute(stmt.on_conflict_do_update(
                    index_elements=["received_id", "finding"],
                    set_={"body": stmt.excluded.body, "updated_at": stmt.excluded.updated_at}))
            else:
                conn.execute(delete(received_comments).where(received_comments.c.received_id == received_id,
                                                             received_comments.c.finding == key))

    def review_of(self, received_id: int, status: str, reviewer: str, day: date) -> Review:
        """The `review` the data file goes back with: the general remark first, then the remarks on
        findings in the order the checks list them, then those on findings no longer found."""
        report = self.report(received_id)
        comments = self.comments(received_id)
        order = [f.id for f in check(report, self.previous(received_id))]
        ranked = sorted((k for k in comments if k != GENERAL),
                        key=lambda k: (order.index(k) if k in order else len(order), k))
        items = ([ReviewComment(None, comments[GENERAL])] if GENERAL in comments else []) + \
                [ReviewComment(k, comments[k]) for k in ranked]
        return Review(status, reviewer, day, items)

    def return_report(self, received_id: int, folder: str | Path, reviewer: str | None = None,
                      day: date | None = None) -> tuple[Path, Path]:
        """退回: write the data file with the `review` comments and the 审核意见 .docx into
        `folder`, and mark the report returned. Returns the two files."""
        from models.office.opinion import write_opinion

        reviewer = reviewer if reviewer is not None else self.reviewer()
        day = day or date.today()
        report = self.report(received_id)
        report.review = self.review_of(received_id, "returned", reviewer, day)
        if not report.review.comments:
            raise StorageError("退回前请至少填写一条审核意见，说明需要修改什么。")
        base = Path(folder) / safe_file_name(f"{report.unit.name}{report.year}年报告")
        data_path = base.with_name(base.name + "（退回）.json")
        opinion_path = base.with_name(base.name + "审核意见.docx")
        write_report(report, data_path)
        write_opinion(report, check(report, self.previous(received_id)), opinion_path)
        with self.store._write("保存审核结果") as conn:
            conn.execute(update(received).where(received.c.id == received_id).values(
                status="returned", times_returned=received.c.times_returned + 1,
                decided_at=_now().isoformat(), updated_at=_now().isoformat()))
        return data_path, opinion_path

    def accept(self, received_id: int) -> None:
        """通过: the report is accepted."""
        with self.store._write("保存审核结果") as conn:
            conn.execute(update(received).where(received.c.id == received_id).values(
                status="accepted", decided_at=_now().isoformat(), updated_at=_now().isoformat()))

    # --- 雷同 across units ----------------------------------------------------------------------

    def similar(self, year: int) -> list[SimilarUnits]:
        """Pairs of units whose reports for `year` share 60% or more of their narrative."""
        with self.store._read() as conn:
            rows = conn.execute(select(received.c.id, received.c.data).where(received.c.year == year)
                                .order_by(received.c.id)).all()
        ids = [r.id for r in rows]
        narratives = []
        for row in rows:      # validated when it arrived: only the unit and the narrative are needed here
            data = json.loads(row.data)
            narratives.append(Narrative.from_text(joined(data.get("text") or {}), data["unit"]["name"]))
        return [SimilarUnits(ids[p.a], ids[p.b], p.share) for p in similar_pairs(narratives).pairs]


def _units_by_key(conn) -> dict[str, int]:
    return {name_key(name): unit_id for unit_id, name in conn.execute(select(roster_units.c.id, roster_units.c.name))}


class _UnitsByName:
    """The roster's units as the reports that arrive name them, in one transaction: the stored
    name first (one indexed look-up, the usual case), and only when that fails every name by
    `name_key` — read once, not for each report of a batch."""

    def __init__(self, conn):
        self.conn = conn
        self.by_key: dict[str, int] | None = None

    def find(self, name: str) -> int | None:
        unit_id = self.conn.execute(select(roster_units.c.id).where(roster_units.c.name == name)).scalar()
        if unit_id is not None:
            return unit_id
        if self.by_key is None:
            self.by_key = _units_by_key(self.conn)
        return self.by_key.get(name_key(name))

    def add(self, name: str, unit_id: int) -> None:
        if self.by_key is not None:
            self.by_key[name_key(name)] = unit_id


def _receive(conn, source: Source, units: _UnitsByName) -> Received:
    report = source.report
    received_at = _now()
    filed_at = source.filed_at or received_at
    now = received_at.isoformat()
    data = json.dumps(report_to_data(report), ensure_ascii=False)
    unit_id = units.find(report.unit.name)
    new_unit = unit_id is None
    if new_unit:
        unit_id = conn.execute(insert(roster_units).values(
            name=report.unit.name, kind=report.unit.kind, level=report.unit.level, created_at=now,
            updated_at=now)).inserted_primary_key[0]
        units.add(report.unit.name, unit_id)
    earlier = conn.execute(select(received.c.id, received.c.filed_at).where(
        received.c.unit_id == unit_id, received.c.year == report.year)).one_or_none()
    if earlier is not None and datetime.fromisoformat(earlier.filed_at) > filed_at:
        return Received(earlier.id, unit_id, report.year, new_unit, False, True)
    previous = _data(conn, unit_id, report.year - 1)
    counts = Counts.of(check(report, previous))
    values = dict(file_name=source.path.name, source=source.kind, filed_at=filed_at.isoformat(),
                  received_at=now, data=data, notes="\n".join(source.notes), errors=counts.errors,
                  warnings=counts.warnings, unanswered=counts.unanswered,
                  copied_last_year=int(counts.copied_last_year), status="received", updated_at=now)
    if earlier is None:
        received_id = conn.execute(insert(received).values(
            unit_id=unit_id, year=report.year, times_returned=0, **values)).inserted_primary_key[0]
    else:
        received_id = earlier.id
        conn.execute(update(received).where(received.c.id == received_id).values(**values))
    following = conn.execute(select(received.c.id, received.c.data).where(
        received.c.unit_id == unit_id, received.c.year == report.year + 1)).one_or_none()
    if following is not None:      # last year's report came later: check next year's again with it
        next_report, _ = parse_report(following.data.encode("utf-8"))
        again = Counts.of(check(next_report, report))
        conn.execute(update(received).where(received.c.id == following.id).values(
            errors=again.errors, warnings=again.warnings, unanswered=again.unanswered,
            copied_last_year=int(again.copied_last_year)))
    return Received(received_id, unit_id, report.year, new_unit, earlier is not None, False)


def _data(conn, unit_id: int, year: int) -> Report | None:
    data = conn.execute(select(received.c.data).where(received.c.unit_id == unit_id,
                                                      received.c.year == year)).scalar()
    return parse_report(data.encode("utf-8"))[0] if data else None


def _unit_name(name: str) -> str:
    name, _ = clean_line(name)
    why = unit_name_problem(name)
    if why:
        raise StorageError(f"{why}。")
    return name


def _check_kind_level(kind: str | None, level: str | None) -> None:
    if kind is not None and kind not in UNIT_KINDS:
        raise StorageError(f"单位类型“{kind}”无效。")
    if level is not None and level not in UNIT_LEVELS:
        raise StorageError(f"单位层级“{level}”无效。")


def parse_roster(text: str) -> tuple[list[tuple[str, str | None, str | None]], list[str]]:
    """Units pasted from Excel or typed one per line: name [tab kind [tab level]], kinds and
    levels by their Chinese labels (or keys), guessed from the name when not given. Returns the
    rows and the lines that could not be read."""
    from models.importer.narrative import guess_unit

    kinds = {**{v: k for k, v in UNIT_KINDS.items()}, **{k: k for k in UNIT_KINDS}, "政府": "gov", "部门": "dept"}
    levels = {**{v: k for k, v in UNIT_LEVELS.items()}, **{k: k for k in UNIT_LEVELS},
              "乡镇": "township", "街道": "township", "县": "county", "市": "city", "省": "province"}
    rows, problems = [], []
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        cells = [c.strip() for c in line.split("\t")]
        if not cells or not cells[0]:
            continue
        name = cells[0]
        if name in ("单位", "单位名称", "名称"):      # a header row copied with the table
            continue
        guessed_kind, guessed_level = guess_unit(name)
        kind_text = cells[1] if len(cells) > 1 and cells[1] else None
        level_text = cells[2] if len(cells) > 2 and cells[2] else None
        if kind_text is not None and kind_text not in kinds:
            problems.append(f"第 {n} 行：不认识的单位类型“{kind_text}”")
            continue
        if level_text is not None and level_text not in levels:
            problems.append(f"第 {n} 行：不认识的单位层级“{level_text}”")
            continue
        rows.append((name, kinds[kind_text] if kind_text else guessed_kind,
                     levels[level_text] if level_text else guessed_level))
    return rows, problems




# --- 汇总 ----------------------------------------------------------------------------------------


def aggregate_received(office: Office, received_ids: list[int], unit_name: str | None = None):
    """The tables of the given received reports added up (models.office.aggregate), with each
    unit's figures kept for the side-by-side workbook. Returns the Adder's result and the Adder."""
    from models.office.aggregate import Adder

    adder = Adder(keep_columns=True)
    for received_id in received_ids:
        report = office.report(received_id)
        adder.add(report.unit.name, report)
    return adder.result(unit_name), adder


__all__ = ["Office", "RosterRow", "RosterUnit", "Received", "SimilarUnits", "STATUS_LABEL", "GENERAL",
           "aggregate_received", "parse_roster", "safe_file_name"]
