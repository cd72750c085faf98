"""A report opened for viewing only — the reviewer's wizard over a report a unit sent. Enough of
`models.storage.Store` for an `Editor` over one report (and last year's) held in memory; every
write is refused with a message, so the Editor changes nothing (a refusal, see models/editing.py)."""

from __future__ import annotations

import copy
from datetime import datetime

from models.errors import StorageError
from models.report import Report
from models.storage import ReportRow

READ_ONLY = "这是下级单位报送的报告，审核时只能查看，不能修改；需要修改的请写在审核意见中退回。"
_THIS, _LAST, _UNIT = 1, 2, 1


class ReadOnlyStore:
    read_only = True        # the Editor shows the report as sent: its totals are not recomputed

    def __init__(self, report: Report, previous: Report | None = None):
        self._reports = {_THIS: report}
        if previous is not None:
            self._reports[_LAST] = previous
        self._step: str | None = None

    def load_report(self, report_id: int) -> Report:
        try:
            return copy.deepcopy(self._reports[report_id])
        except KeyError:
            raise StorageError(f"找不到该报告（编号 {report_id}）。") from None

    def cell_origins(self, report_id: int) -> dict[str, str]:
        return dict.fromkeys(self.load_report(report_id).cells, "imported")

    def text_needs_review(self, report_id: int) -> dict[str, bool]:
        return {}

    def list_reports(self, unit_id: int | None = None) -> list[ReportRow]:
        now = datetime.now()
        return [ReportRow(rid, _UNIT, r.unit.name, r.year, r.format, now) for rid, r in self._reports.items()]

    def get_last_step(self, report_id: int) -> str | None:
        return self._step

    def set_last_step(self, report_id: int, step: str | None) -> None:
        self._step = step           # where the reviewer is: not an edit

    def _refuse(self, *args, **kwargs):
        raise StorageError(READ_ONLY)

    set_cell = set_cells = delete_cell = set_text = set_fees = set_explanation = set_published = _refuse
    set_review = update_unit = write_unsaved = save_report = delete_report = create_report = _refuse
