"""The report and its 审核说明表 as HTML for Qt's QTextDocument: the wizard's print preview
(PySide6-Essentials has no PDF viewer). Rendered from the same blocks as the .docx
(`document.body_blocks`, `check_sheet.check_sheet_blocks`), so the two cannot say different things.

Written for Qt's rich-text subset (https://doc.qt.io/qt-6/richtext-html-subset.html): inline
styles only, and lengths other than font sizes in px at 96 to the inch (Qt ignores
`text-indent: 2em`). Qt splits a spanned cell's width evenly over its columns and keeps the first
width it sees for a column, so a cell states its width only where that even split is exact.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from html import escape

from models.catalogue import Table
from models.checks import Finding
from models.export.base import (FONT_BODY, FONT_HEADING1, FONT_HEADING2, FONT_TITLE, LINE_TWIPS, SIZE_BODY,
                                SIZE_PAGE_NUMBER, SIZE_TABLE, SIZE_TABLE_SMALL, SIZE_TITLE)
from models.export.check_sheet import COLUMNS_MM as CHECK_SHEET_COLUMNS_MM
from models.export.check_sheet import CARRIED_COLOUR, SUFFIX, check_sheet_blocks
from models.export.document import DRAFT_MARK, Block, body_blocks, title
from models.export.layout import text_runs
from models.export.ooxml import printable
from models.export.tables import COLUMN_MM, cell_text, printed_label
from models.report import Report

# Each GB/T 9704 typeface, then what Windows and macOS ship, then the Linux stand-ins of
# resources/fonts.conf, then a generic family so that Chinese always shows.
FAMILIES = {
    FONT_BODY: "'仿宋_GB2312', 'FangSong', '仿宋', 'STFangsong', 'Noto Serif CJK SC', serif",
    FONT_TITLE: "'方正小标宋简体', 'FZXiaoBiaoSong-B05S', 'STZhongsong', 'SimSun', 'Noto Serif CJK SC', serif",
    FONT_HEADING1: "'黑体', 'SimHei', 'STHeiti', 'Noto Sans CJK SC', sans-serif",
    FONT_HEADING2: "'楷体_GB2312', 'KaiTi', '楷体', 'STKaiti', 'AR PL UKai CN', serif",
}


def _px(pt: float) -> str:
    return f"{pt * 96 / 72:.2f}px"


def _font(family: str, half_points: int) -> str:
    return f"font-family: {FAMILIES[family]}; font-size: {half_points / 2:g}pt; font-weight: normal"


_BODY_PT = SIZE_BODY / 2
_LINE_PT = LINE_TWIPS / 20                                            # the 22-line grid: exactly 29 pt
_LINE = f"line-height: {_px(_LINE_PT)}"
_INDENTED = f"margin: 0; text-indent: {_px(2 * _BODY_PT)}; {_LINE}"   # 左空二字
_BLANK_LINE_BEFORE = f"margin-top: {_px(_LINE_PT)}"
_LINE_AFTER = f"margin: 0 0 {_px(_LINE_PT)} 0"
STYLES = {   # block kind → (align, style) of a <p class="kind">: an <h1>… would override font-size in Qt
    "title": ("center", f"{_LINE_AFTER}; {_font(FONT_TITLE, SIZE_TITLE)}; line-height: {_px(35)}"),   # 700 twips
    "heading1": ("justify", f"{_INDENTED}; {_font(FONT_HEADING1, SIZE_BODY)}"),
    "heading2": ("justify", f"{_INDENTED}; {_font(FONT_HEADING2, SIZE_BODY)}"),
    "text": ("justify", _INDENTED),
    "signature": ("right", f"margin: 0; {_LINE}"),        # each line's space from the right: layout.signature_lines
    "signoff": ("left", f"margin: 0; {_LINE}"),
    "draft": ("center", f"{_LINE_AFTER}; {_font(FONT_HEADING1, SIZE_PAGE_NUMBER)}; font-weight: bold"),
}
_AIR_AFTER_TABLE = "margin-top: 16px"   # as the .docx: 12 pt before a heading that follows a table


def _lines(text: str) -> str:
    """Text as HTML, line breaks as <br/> — the HTML's one text door: what cannot be printed
    goes first, as in the .docx (models.export.ooxml.printable)."""
    return "<br/>".join(escape(line) for line in printable(text).split("\n"))


def _paragraph(kind: str, text: str, extra_style: str = "", inner: str | None = None) -> str:
    align, style = STYLES[kind]
    style = f"{style}; {extra_style}" if extra_style else style
    return f'<p class="{kind}" align="{align}" style="{style}">{_lines(text) if inner is None else inner}</p>'


# run-in headings as the .docx prints them: 「（一）…。」 in 楷体, 「1.…。」 in bold
_RUN_IN_STYLE = {"heading2": _font(FONT_HEADING2, SIZE_BODY), "heading3": "font-weight: bold"}


def _body_text(text: str) -> str:
    runs = [f'<span style="{_RUN_IN_STYLE[kind]}">{_lines(segment)}</span>' if kind else _lines(segment)
            for segment, kind in text_runs(text)]
    return _paragraph("text", text, inner="".join(runs))


def _cell(text: str, percents: list[float], rowspan: int = 1, colspan: int = 1, align: str = "center") -> str:
    attrs = "".join(f' {name}="{n}"' for name, n in (("rowspan", rowspan), ("colspan", colspan)) if n > 1)
    if all(math.isclose(p, percents[0]) for p in percents):
        attrs += f' width="{sum(percents):.2f}%"'
    return f'<td{attrs} align="{align}" valign="middle">{_lines(text)}</td>'


def _table(rows: list[list[str]], header_rows: int, half_points: int, repeat_headers: bool = True) -> str:
    """Single black 1 px lines, collapsed; the header rows repeat on every printed page (unless
    not `repeat_headers`: Qt draws a repeated header over a label merged across the break)."""
    def trs(rows: list[list[str]]) -> str:
        return "".join("<tr>" + "".join(cells) + "</tr>" for cells in rows)
    if not repeat_headers:
        header_rows = 0
    head = f"<thead>{trs(rows[:header_rows])}</thead>" if header_rows else ""
    return (f'<table border="1" cellspacing="0" cellpadding="3" width="100%" align="center" '
            f'style="border-collapse: collapse; border-style: solid; border-color: #000000; '
            f'font-size: {half_points / 2:g}pt">{head}<tbody>{trs(rows[header_rows:])}</tbody></table>')


def _percents(widths_mm: tuple[float, ...]) -> list[float]:
    return [mm * 100 / sum(widths_mm) for mm in widths_mm]


def table_html(table: Table, report: Report, repeat_headers: bool = True) -> str:
    """表二/三/四 from the catalogue's grid, every merge and figure, as the .docx prints them."""
    widths = COLUMN_MM[(table.key, table.n_cols)]
    percents = _percents(widths)
    size = SIZE_TABLE_SMALL if table.n_cols > 10 else SIZE_TABLE
    rows: list[list[str]] = [[] for _ in range(table.n_grid_rows)]
    for g in sorted(table.grid, key=lambda g: (g.row, g.col)):
        text = cell_text(report, g.key) if g.key else printed_label(g.text, sum(widths[g.col:g.col + g.colspan]), size)
        align = "left" if g.role in ("label", "note") else "center"
        rows[g.row].append(_cell(text, percents[g.col:g.col + g.colspan], g.rowspan, g.colspan, align))
    return _table(rows, table.header_rows, SIZE_TABLE_SMALL if table.n_cols > 10 else SIZE_TABLE, repeat_headers)


def _grid_html(rows: list[tuple[str, ...]], repeat_headers: bool = True) -> str:
    """The check sheet's plain grid: the last two columns (审核内容, 说明) flush left below the header."""
    percents = _percents(CHECK_SHEET_COLUMNS_MM)
    cells = [[_cell(text, [percents[j]], align="center" if i == 0 or j < len(row) - 2 else "left")
              for j, text in enumerate(row)] for i, row in enumerate(rows)]
    return _table(cells, 1, SIZE_TABLE, repeat_headers)


def blocks_html(blocks: list[Block], report: Report, repeat_headers: bool = True) -> list[str]:
    out: list[str] = []
    previous = None
    for kind, value in blocks:
        match kind:
            case "title":
                out.append(_paragraph(kind, "\n".join(value)))
            case "heading1":
                out.append(_paragraph(kind, value, _AIR_AFTER_TABLE if previous == "table" else ""))
            case "heading2":
                out.append(_paragraph(kind, value))
            case "text":
                out.append(_body_text(value))
            case "table":
                out.append(table_html(report.layout.table(value), report, repeat_headers))
            case "grid":
                out.append(_grid_html(value, repeat_headers))
            case "carried":
                out += [_paragraph("text", line, f"color:#{CARRIED_COLOUR}") for line in value]
            case "signature":   # after one blank line, each line its space from the right edge
                out += [_paragraph(kind, line, f"margin-right: {_px(right * _BODY_PT)}"
                                   + ("" if i else f"; {_BLANK_LINE_BEFORE}")) for i, (line, right) in enumerate(value)]
            case "signoff":     # after one blank line
                out += [_paragraph(kind, line, "" if i else _BLANK_LINE_BEFORE) for i, line in enumerate(value)]
            case _:
                raise ValueError(f"unknown block {kind!r}")
        previous = kind
    return out


def _document(title_text: str, body: list[str]) -> str:
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"/>'
            f"<title>{escape(printable(title_text))}</title></head>\n"
            f'<body style="{_font(FONT_BODY, SIZE_BODY)}">\n' + "\n".join(body) + "\n</body></html>\n")


def report_html(report: Report, *, draft: bool = False, signature: bool = True,
                sign_date: date | None = None, repeat_headers: bool = True, seal: bool = True) -> str:
    """The printed report as one HTML document, with the 「草稿」 mark at the top when `draft`."""
    body = [_paragraph("draft", DRAFT_MARK)] if draft else []
    body += blocks_html(body_blocks(report, signature=signature, sign_date=sign_date, seal=seal), report,
                        repeat_headers)
    return _document(title(report), body)


def check_sheet_html(report: Report, findings: list[Finding], checked_on: date | None = None,
                     carried: Iterable[str] = (), repeat_headers: bool = True) -> str:
    """The 审核说明表 as one HTML document."""
    blocks = check_sheet_blocks(report, findings, checked_on, carried)
    return _document(title(report) + SUFFIX, blocks_html(blocks, report, repeat_headers))
