"""汇总: the official tables of many units added cell by cell into one report — the figures a
county's own report quotes for the whole county («全县共收到政府信息公开申请……件»).

Only reports of one year and one layout are added (anything else is refused, naming the files);
a unit counted twice is refused too. A cell is added from the reports that have it: an empty cell
counts as 0, a cell every report left empty stays empty. Totals are added like any other cell —
never recomputed — so that the 强制 H-rules re-run on the sums show any unit whose own totals did
not add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from models.bounds import AMOUNT_LIMIT, COUNT_MAX, YUAN_LIMIT
from models.catalogue import ValueKind
from models.checks import Finding, check_report
from models.office.sources import name_key
from models.report import Fees, Report, Unit
from models.values import Value


class AggregateError(ValueError):
    """The reports cannot be added together; the message says why, in Chinese."""


@dataclass(frozen=True)
class Aggregate:
    report: Report               # the sums, as a report of the government above
    units: list[str]             # the units added, in the order given
    findings: list[Finding]      # H-rules re-run on the sums


def default_name(count: int) -> str:
    return f"{count} 个单位汇总"


def aggregate(reports: Sequence[tuple[str, Report]], unit_name: str | None = None) -> Aggregate:
    """Add `reports` ((label, report): the label, a file name, names it in messages)."""
    adder = Adder()
    for label, report in reports:
        adder.add(label, report)
    return adder.result(unit_name)


class Adder:
    """Adds reports one at a time, so that thousands are added without holding them all. With
    `keep_columns`, each unit's figures are kept (for the side-by-side workbook)."""

    def __init__(self, keep_columns: bool = False):
        self.keep_columns = keep_columns
        self.columns: list[tuple[str, tuple]] = []    # (unit, values in the layout's cell order)
        self.units: list[str] = []
        self._labels: dict[str, str] = {}             # name_key(unit name) -> label of the file it came from
        self._twice: list[tuple[str, str, str]] = []
        self._years: dict[int, list[str]] = {}
        self._formats: dict[str, list[str]] = {}
        self._first: Report | None = None
        self._sums: dict[str, object] = {}            # key -> running sum; None: only empty cells so far
        self._fees: list[Fees] = []

    def add(self, label: str, report: Report) -> None:
        self._years.setdefault(report.year, []).append(label)
        self._formats.setdefault(report.format, []).append(label)
        name = report.unit.name
        if name_key(name) in self._labels:
            self._twice.append((name, self._labels[name_key(name)], label))
            return
        self._labels[name_key(name)] = label
        self.units.append(name)
        if self._first is None:
            self._first = report
            self._kinds = {k: c.kind for k, c in report.layout.cells.items()}
        if report.year != self._first.year or report.format != self._first.format:
            return      # refused in result(); nothing to add up
        sums, cells = self._sums, report.cells
        for key, value in cells.items():
            if value is None:
                sums.setdefault(key, None)
            else:
                running = sums.get(key)
                sums[key] = value if running is None else running + value
        if report.fees is not None:
            self._fees.append(report.fees)
        if self.keep_columns:
            self.columns.append((name, tuple(cells.get(k) for k in self._kinds)))

    def result(self, unit_name: str | None = None) -> Aggregate:
        if self._first is None:
            raise AggregateError("没有可汇总的报告。")
        _refuse_mixed(self._years, "年度", lambda year: f"{year} 年")
        _refuse_mixed(self._formats, "表格格式", lambda fmt: f"{fmt}年版")
        if self._twice:
            name, one, other = self._twice[0]
            raise AggregateError(f"“{name}”出现了两次（{one}、{other}），同一单位只能汇总一次，请去掉其中一份。")
        layout = self._first.layout
        sums: dict[str, Value] = {}
        for key, cell in layout.cells.items():     # in the catalogue's order
            if key in self._sums:
                total = self._sums[key]
                if total is not None:
                    _within_bounds(total, cell.kind, cell.name)
                sums[key] = total
        count = len(self.units)
        report = Report(year=self._first.year, unit=Unit(unit_name or default_name(count), "gov", None),
                        format=self._first.format, cells=sums, fees=_fees(self._fees),
                        source=f"由 {count} 个单位的报告汇总")
        findings = [f for f in check_report(report) if f.rule.startswith("H-")]
        return Aggregate(report, list(self.units), findings)


def _refuse_mixed(groups: dict, what: str, describe) -> None:
    if len(groups) > 1:
        parts = "；".join(f"{describe(value)}：{_few(labels)}" for value, labels in groups.items())
        raise AggregateError(f"只能汇总同一{what}的报告，这些报告的{what}不同——{parts}。")


def _few(labels: list[str], shown: int = 3) -> str:
    more = f" 等 {len(labels)} 份" if len(labels) > shown else ""
    return "、".join(labels[:shown]) + more


def _within_bounds(total, kind: ValueKind, name: str) -> None:
    if kind is ValueKind.AMOUNT and total >= AMOUNT_LIMIT:
        raise AggregateError(f"“{name}”汇总后为 {total} 万元，超出数据文件的上限，无法汇总。")
    if kind is not ValueKind.AMOUNT and abs(total) > COUNT_MAX:
        raise AggregateError(f"“{name}”汇总后为 {total:,}，超出数据文件的上限（{COUNT_MAX:,}），无法汇总。")


def _fees(given: list[Fees]) -> Fees | None:
    if not given:
        return None
    total = Fees(sum(f.notices for f in given), sum((f.notice_amount_yuan for f in given), Decimal(0)),
                 sum((f.collected_yuan for f in given), Decimal(0)))
    if total.notices > COUNT_MAX or max(total.notice_amount_yuan, total.collected_yuan) >= YUAN_LIMIT:
        raise AggregateError("信息处理费汇总后超出数据文件的上限，无法汇总。")
    return total
