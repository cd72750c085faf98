"""Last year's report as the template: a new report for the following year with the unit,
the narrative (the report year moved on, marked for review) and 二、上年结转 filled from last
year's 四、结转下年度继续办理, column by column; and the comparison with last year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, ROUND_HALF_UP

from models.catalogue import T3_COLUMNS, layout_for_year
from models.checks.trend import last_year_value
from models.errors import StorageError
from models.report import Report, Unit

CARRIED_ROW, FROM_ROW = "r2", "r4"


def carried_keys(report: Report) -> list[str]:
    return [f"t3.{CARRIED_ROW}.{c.key}" for c in T3_COLUMNS]


def move_year_on(text: str, old_year: int) -> str:
    """「2024年」→「2025年」 where the text names the report year (and 2024年度); other years stay."""
    return re.sub(rf"(?<!\d){old_year}(?=\s*年)", str(old_year + 1), text)


def next_year_report(last: Report) -> Report:
    year = last.year + 1
    report = Report(year=year, unit=Unit(last.unit.name, last.unit.kind, last.unit.level),
                    format=layout_for_year(year).name)
    for key in carried_keys(report):
        report.cells[key] = last.number(key.replace(f".{CARRIED_ROW}.", f".{FROM_ROW}.", 1))
    report.text = {key: move_year_on(body, last.year) for key, body in last.text.items() if body.strip()}
    report.fill_totals()
    return report


def create_from_last_year(store, last_report_id: int) -> int:
    """Store the following year's report made from `last_report_id`; its carried cells are
    marked "carried" and every paragraph of its texts as taken over, to review (models/marks.py).
    Refuses when that year already exists."""
    last = store.load_report(last_report_id)
    unit_id = next(r.unit_id for r in store.list_reports() if r.id == last_report_id)
    if any(r.year == last.year + 1 for r in store.list_reports(unit_id)):
        raise StorageError(f"“{last.unit.name}”已有 {last.year + 1} 年度的报告，请直接打开它。")
    report = next_year_report(last)
    report_id = store.create_report(unit_id, report.year, report.format)
    store.set_cells(report_id, {k: report.cells[k] for k in carried_keys(report)}, origin="carried")
    for key, body in report.text.items():
        store.set_text(report_id, key, body, needs_review=True)
    return report_id


@dataclass(frozen=True)
class Comparison:
    key: str
    name: str
    this: object
    last: object            # None: last year has nothing comparable
    change: object
    percent: Decimal | None  # None when last year was 0 or not comparable


def compare(report: Report, previous: Report, table_key: str) -> list[Comparison]:
    """This year | last year | change | % for every data cell of one table."""
    rows = []
    for key, cell in report.layout.cells.items():
        if cell.table != table_key:
            continue
        this = report.number(key)
        if previous.format == report.format:
            last = previous.number(key) if key in previous.cells else None
        else:
            last = last_year_value(previous, key)
        change = None if last is None else this - last
        percent = None
        if last:
            percent = (Decimal(change) * 100 / Decimal(last)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        rows.append(Comparison(key, cell.name, this, last, change, percent))
    return rows
