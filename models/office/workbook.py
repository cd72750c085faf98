"""The office's workbooks: the review (汇总 / 问题清单 / 雷同, data-file.md) and the units side by
side with their total (汇总表). Written in openpyxl's write-only mode — a province's review has
hundreds of thousands of rows — atomically, like every output file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from models.catalogue import Layout
from models.checks import SEVERITY_LABEL
from models.office.similarity import shared_clauses
from models.xlsx import save_workbook

KIND_LABEL = {"package": "报送包", "datafile": "数据文件", "document": "已发布的报告"}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
SHARED_SHOWN = 8          # shared clauses quoted per pair in the 雷同 sheet


def _sheet(book, title: str, headers: tuple[str, ...], widths: tuple[int, ...]):
    sheet = book.create_sheet(title)
    for i, width in enumerate(widths):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = width
    sheet.freeze_panes = "A2"
    row = []
    for text in headers:
        cell = WriteOnlyCell(sheet, text)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        row.append(cell)
    sheet.append(row)
    return sheet


def _yes(flag: bool | None) -> str:
    return "" if flag is None else ("是" if flag else "否")


class ReviewWorkbook:
    """The review workbook, written as the reports come: each report's findings go into 问题清单
    as soon as it is checked (`add`, while the worker processes read the next files), the other
    sheets when all are in (`finish`)."""

    def __init__(self):
        self.book = self.findings = None      # made with the first report: a workbook begun is finished

    def _begin(self) -> None:
        if self.book is None:
            self.book = openpyxl.Workbook(write_only=True)
            self.findings = _sheet(self.book, "问题清单", ("文件", "单位", "年度", "规则", "类别", "审核结果编号",
                                                       "审核内容", "说明"), (40, 30, 7, 7, 6, 28, 80, 40))

    def add(self, r) -> None:
        """One reviewed report's findings (models.office.review.Reviewed)."""
        self._begin()
        for f in r.findings:
            self.findings.append([r.file, r.unit, r.year, f.rule, SEVERITY_LABEL[f.severity], f.id, f.message,
                                  f.explanation or ""])

    def finish(self, run, path: str | Path) -> Path:
        """The 汇总 and 雷同 sheets (and 无法读取), in the order data-file.md names them; saved atomically."""
        self._begin()
        book, reports = self.book, run.reports
        summary = _sheet(book, "汇总", ("序号", "文件", "单位", "年度", "格式", "来源", "报送时间", "逾期", "强制", "核实",
                                       "未说明的核实", "提示", "与上年雷同", "与其他单位雷同", "备注"),
                         (6, 40, 30, 7, 8, 12, 18, 6, 6, 6, 12, 6, 10, 50, 50))
        book.move_sheet(summary.title, -1)
        for n, r in enumerate(reports, 1):
            similar = "；".join(f"{reports[j].unit}（{share:.0%}）" for j, share in sorted(r.similar, key=lambda s: -s[1]))
            filed = r.filed_at.strftime("%Y-%m-%d %H:%M") if r.filed_at else ""
            summary.append([n, r.file, r.unit, r.year, f"{r.format}年版", KIND_LABEL[r.kind], filed,
                            _yes(r.late(run.deadline)), r.counts.errors, r.counts.warnings, r.counts.unanswered,
                            r.counts.infos, "是" if r.counts.copied_last_year else "", similar, "\n".join(r.notes)])
        similar = _sheet(book, "雷同", ("单位甲", "文件甲", "单位乙", "文件乙", "相同比例",
                                       "相同的语句（较短一份中，数字记为 #，本单位名称记为 ※）"),
                         (30, 40, 30, 40, 10, 100))
        for pair in run.pairs:
            a, b = reports[pair.a], reports[pair.b]
            clauses = shared_clauses(a.narrative, b.narrative)
            quoted = "；".join(clauses[:SHARED_SHOWN]) + ("……" if len(clauses) > SHARED_SHOWN else "")
            share = WriteOnlyCell(similar, round(pair.share, 4))
            share.number_format = "0%"
            similar.append([a.unit, a.file, b.unit, b.file, share, quoted])
        if run.unreadable:
            unreadable = _sheet(book, "无法读取", ("文件", "原因"), (50, 100))
            for file, message in run.unreadable:
                unreadable.append([file, message])
        return save_workbook(book, path)


def write_review_workbook(run, path: str | Path) -> Path:
    """The review of `run` (models.office.review.Run) as REVIEW.xlsx, all at once."""
    workbook = ReviewWorkbook()
    for r in run.reports:
        workbook.add(r)
    return workbook.finish(run, path)


def write_side_by_side(layout: Layout, total, columns: list[tuple[str, tuple]], path: str | Path) -> Path:
    """The tables of every unit side by side with their sum: one row per cell of the official
    tables (table, item), the 合计 column, then one column per unit."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("汇总表")
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 12
    for i in range(len(columns)):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 4)].width = 14
    sheet.freeze_panes = "D2"
    header = []
    for text in ("表", "项目", "合计", *(unit for unit, _ in columns)):
        cell = WriteOnlyCell(sheet, text)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _WRAP
        header.append(cell)
    sheet.append(header)
    tables = {"t2": "表二", "t3": "表三", "t4": "表四"}
    for n, (key, cell) in enumerate(layout.cells.items()):
        row = [tables[cell.table], cell.name, _number(total.cells.get(key))]
        row += [_number(values[n]) for _, values in columns]
        sheet.append(row)
    return save_workbook(book, path)


def _number(value):
    """As numbers Excel can add up (amounts too: the data file is where they are kept exactly)."""
    if value is None:
        return None
    return value if isinstance(value, int) else float(value)
