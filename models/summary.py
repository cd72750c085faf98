"""Where each report stands, for the start page: how many 强制 findings and unexplained 核实
findings are left, and the one next thing to do (with the wizard step it is done at)."""

from __future__ import annotations

from dataclasses import dataclass

from models.checks import ERROR, WARNING, check_report
from models.editing import step_of


@dataclass(frozen=True)
class ReportSummary:
    errors: int             # 强制 findings left
    warnings: int           # 核实 findings neither fixed nor explained
    next_action: str        # what the clerk does next, in Chinese («改正 2 项强制»)
    next_step: str          # the wizard step where that is done


def summarize(store, row, rows, last_step: str | None, exported: bool) -> ReportSummary:
    """`row` is the report's ReportRow among `rows` (store.list_reports()). Load the report (with
    last year's, for the cross-year rules), check it, and say what is next: the first 强制
    finding's step; else the first step for a report never opened; else the 审核 step for
    unexplained 核实 findings; else 生成与打印 until it has been generated; else where the clerk
    left it."""
    report = store.load_report(row.id)
    last_year = next((r for r in rows if r.unit_id == row.unit_id and r.year == row.year - 1), None)
    previous = store.load_report(last_year.id) if last_year is not None else None
    findings = check_report(report, previous)
    errors = [f for f in findings if f.severity == ERROR]
    warnings = [f for f in findings if f.severity == WARNING and not (f.explanation or "").strip()]
    if errors:
        return ReportSummary(len(errors), len(warnings), f"改正 {len(errors)} 项强制", step_of(errors[0]))
    if last_step is None:
        return ReportSummary(0, len(warnings), "开始填写", "unit")
    if warnings:
        return ReportSummary(0, len(warnings), f"核实 {len(warnings)} 项", "review")
    if not exported:
        return ReportSummary(0, 0, "生成与打印", "export")
    return ReportSummary(0, 0, "打开", last_step)
