"""Tables 二/三/四 as WordprocessingML, drawn from the catalogue's grid with every merge.

Built as XML text (python-docx's cell API is slow and merges by concatenating text).
Column widths are written both ways: `w:tblGrid/w:gridCol` (what WPS reads) and
`w:tblW` + `w:tcW` (what Word reads). Header rows repeat on every page; rows never split.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from models.catalogue import GridCell, Table
from models.export.base import FONT_BODY, FONT_LATIN, SIZE_TABLE, SIZE_TABLE_SMALL, TEXT_WIDTH_MM
from models.export.layout import text_width
from models.export.ooxml import element, fonts, needs_east_asian_hint, props, text_xml, xml_text
from models.report import Report

TWIPS_PER_MM = 1440 / 25.4
MIN_ROW_TWIPS = 300   # 5.3 mm: room for a figure, and 表三 still fits on one page

CELL_MARGIN_TWIPS = 28   # left and right inside each cell (0.5 mm)
# Column widths in mm per table and number of grid columns; each adds up to the 156 mm text width.
# 表三 (五号, 3.7 mm a character, + 1 mm of margins): 「三、/本年度/办理/结果」 three characters wide,
# 「（三）/不予公开」 four, 「自然人」 three, every figure column five digits, the item labels 13.
COLUMN_MM = {
    ("t2", 4): (51, 35, 35, 35),
    ("t2", 5): (44, 28, 28, 28, 28),
    ("t3", 10): (12.5, 16, 50.2, 12.5) + (10.8,) * 6,
    ("t4", 15): (TEXT_WIDTH_MM / 15,) * 15,
}
# Labels too long for their cell, broken between words by hand (GB/T 9704: 词意完整) rather than
# wherever the cell ends (「三、本年/度办理/结果」, 「不予公/开」). A label that fits stays whole.
LABEL_LINES = {
    "三、本年度办理结果": ("三、", "本年度", "办理", "结果"),
    "（三）不予公开": ("（三）", "不予公开"),
    "（四）无法提供": ("（四）", "无法提供"),
    "（五）不予处理": ("（五）", "不予处理"),
    "（六）其他处理": ("（六）", "其他处理"),
    "商业企业": ("商业", "企业"),
    "科研机构": ("科研", "机构"),
    "社会公益组织": ("社会", "公益", "组织"),
    "法律服务机构": ("法律", "服务", "机构"),
    "结果维持": ("结果", "维持"),          # 表四, 小五 in 10.4 mm: two characters a line
    "结果纠正": ("结果", "纠正"),
    "其他结果": ("其他", "结果"),
    "尚未审结": ("尚未", "审结"),
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）":
        ("（本列数据的勾稽关系为：", "第一项加第二项之和，", "等于第三项加第四项之和）"),
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ("（二）部分公开（区分处理的，", "只计这一情形，不计其他情形）"),
    "5.要求行政机关确认或重新出具已获取信息": ("5.要求行政机关确认或", "重新出具已获取信息"),
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请":
        ("1.申请人无正当理由逾期", "不补正、行政机关不再处理", "其政府信息公开申请"),
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请":
        ("2.申请人逾期未按收费通知", "要求缴纳费用、行政机关", "不再处理其政府信息公开申请"),
}
_PT_TO_MM = 25.4 / 72


def fits(text: str, width_mm: float, half_points: int) -> bool:
    """Whether `text` fits one line of a cell `width_mm` wide in type of `half_points`."""
    margins = 2 * CELL_MARGIN_TWIPS / TWIPS_PER_MM
    return text_width(text) * half_points / 2 * _PT_TO_MM + margins <= width_mm + 1e-6


def printed_label(text: str, width_mm: float, half_points: int) -> str:
    """A label as printed in a cell `width_mm` wide: whole when it fits, else on the lines of
    LABEL_LINES."""
    return text if fits(text, width_mm, half_points) or text not in LABEL_LINES else "\n".join(LABEL_LINES[text])
_STYLE = {"data": "GKTableText", "header": "GKTableText", "item": "GKTableText", "label": "GKTableLabel",
          "note": "GKTableNote"}


def column_twips(table: Table) -> list[int]:
    widths = [round(mm * TWIPS_PER_MM) for mm in COLUMN_MM[(table.key, table.n_cols)]]
    widths[-1] += round(TEXT_WIDTH_MM * TWIPS_PER_MM) - sum(widths)   # exact total despite rounding
    return widths


def cell_text(report: Report, key: str) -> str:
    """A figure as printed: exactly as entered; an empty or missing cell prints 0 (rule S-1)."""
    value = report.cells.get(key)
    return "0" if value is None else str(value)


@cache
def _run_props(size: int, hint: bool) -> str:
    return props("rPr", rFonts=fonts(FONT_BODY, FONT_LATIN, hint), sz={"val": size}, szCs={"val": size})


@cache
def _paragraph_props(style: str, keep_with_next: bool) -> str:
    # keep-with-next on every row keeps a table that fits on a page on one page
    return props("pPr", pStyle={"val": style}, keepNext={} if keep_with_next else None)


def _paragraph(text: str, style: str, size: int, keep_with_next: bool = False) -> str:
    run = f"<w:r>{_run_props(size, needs_east_asian_hint(text))}{text_xml(text)}</w:r>" if text else ""
    return f"<w:p>{_paragraph_props(style, keep_with_next)}{run}</w:p>"


@cache
def _tc_props(width: int, span: int, merge: str | None) -> str:
    return props("tcPr", tcW={"w": width, "type": "dxa"}, gridSpan={"val": span} if span > 1 else None,
                 vMerge={"restart": {"val": "restart"}, "continue": {}, None: None}[merge],
                 vAlign={"val": "center"})


def _tc(width: int, span: int, merge: str | None, body: str) -> str:
    return f"<w:tc>{_tc_props(width, span, merge)}{body}</w:tc>"


_BORDER = {"val": "single", "sz": 6, "space": 0, "color": "000000"}


def _table_start(widths: list[int]) -> str:
    """Table properties and grid: fixed layout, centred, single black borders."""
    table_props = props(
        "tblPr", tblW={"w": sum(widths), "type": "dxa"}, jc={"val": "center"},
        tblBorders=props("tblBorders", top=_BORDER, left=_BORDER, bottom=_BORDER, right=_BORDER,
                         insideH=_BORDER, insideV=_BORDER),
        tblLayout={"type": "fixed"},
        tblCellMar=props("tblCellMar", left={"w": CELL_MARGIN_TWIPS, "type": "dxa"},
                         right={"w": CELL_MARGIN_TWIPS, "type": "dxa"}))
    grid = "".join(element("gridCol", {"w": w}) for w in widths)
    return f"<w:tbl>{table_props}<w:tblGrid>{grid}</w:tblGrid>"


@cache
def _row_start(repeat_as_header: bool) -> str:
    return "<w:tr>" + props("trPr", cantSplit={}, tblHeader={} if repeat_as_header else None,
                            trHeight={"val": MIN_ROW_TWIPS, "hRule": "atLeast"})


def table_xml(table: Table, report: Report, keep_last_row: bool = False, breaks: tuple[int, ...] = ()) -> str:
    """表二/三/四 as a <w:tbl>; `keep_last_row`: the last row keeps with what follows too. The
    table is kept on one page, but may break before the grid rows in `breaks` (the header rows
    repeat on the next page): models/export/pagination.py says when 表三 should."""
    statics, keys = _table_template(table, keep_last_row, tuple(breaks))
    cells = report.cells
    out = [statics[0]]
    for key, static in zip(keys, statics[1:]):
        value = cells.get(key)
        text = "0" if value is None else str(value)          # as cell_text, inline: ~400 cells
        out.append(text if text.isdigit() else xml_text(text))
        out.append(static)
    return "".join(out)


_TEMPLATES: dict[tuple[int, bool, tuple[int, ...]], tuple[Table, tuple]] = {}


def _table_template(table: Table, keep_last_row: bool, breaks: tuple[int, ...]) -> tuple:
    """The table's XML drawn once per layout — labels, merges, widths — as the text pieces
    between the figures and the cell key of each figure. An export only fills in the figures."""
    cached = _TEMPLATES.get((id(table), keep_last_row, breaks))
    if cached is not None and cached[0] is table:
        return cached[1]
    widths = column_twips(table)
    size = SIZE_TABLE_SMALL if table.n_cols > 10 else SIZE_TABLE
    grid = _split_at(table.grid, breaks)
    starts: dict[tuple[int, int], GridCell] = {(g.row, g.col): g for g in grid}
    covering: dict[tuple[int, int], GridCell] = {}   # (row, col) → the merged cell from above
    for g in grid:
        for r in range(g.row + 1, g.row + g.rowspan):
            covering[(r, g.col)] = g
    marker = "\ue000"           # where a figure goes: a private-use character, never in a label, printable
    out = [_table_start(widths)]
    for r in range(table.n_grid_rows):
        out.append(_row_start(r < table.header_rows))
        # every row keeps with the next but the last (what follows flows on) and those before a break
        keep = keep_last_row if r == table.n_grid_rows - 1 else r + 1 not in breaks
        c = 0
        while c < table.n_cols:
            g = starts.get((r, c))
            if g is not None:
                width_mm = sum(widths[c:c + g.colspan]) / TWIPS_PER_MM
                text = marker + g.key + marker if g.key else printed_label(g.text, width_mm, size)
                merge = "restart" if g.rowspan > 1 else None
                body = _paragraph(text, _STYLE[g.role], size, keep_with_next=keep)
            else:
                g = covering[(r, c)]
                merge, body = "continue", _paragraph("", _STYLE[g.role], size, keep_with_next=keep)
            out.append(_tc(sum(widths[c:c + g.colspan]), g.colspan, merge, body))
            c += g.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    pieces = "".join(out).split(marker)             # static, key, static, key, …, static
    template = (tuple(pieces[0::2]), tuple(pieces[1::2]))
    _TEMPLATES[(id(table), keep_last_row, breaks)] = (table, template)
    return template


def _split_at(grid: tuple[GridCell, ...], breaks: tuple[int, ...]) -> list[GridCell]:
    """The grid with every label merged across a break split in two, printed on both sides (「三、
    本年度办理结果」 above the break and again under the repeated header on the next page)."""
    cells = list(grid)
    for at in breaks:
        for i, g in enumerate(cells):
            if g.row < at < g.row + g.rowspan:
                cells[i] = replace(g, rowspan=at - g.row)
                cells.append(replace(g, row=at, rowspan=g.row + g.rowspan - at))
    return cells


def simple_table_xml(widths_mm: tuple[float, ...], rows: list[tuple[str, ...]], header_rows: int = 1) -> str:
    """A plain grid (no merges) such as the check sheet's; the first `header_rows` repeat."""
    widths = [round(mm * TWIPS_PER_MM) for mm in widths_mm]
    out = [_table_start(widths)]
    for i, row in enumerate(rows):
        out.append(_row_start(i < header_rows))
        for j, (width, text) in enumerate(zip(widths, row)):
            style = "GKTableText" if i < header_rows or j < len(row) - 2 else "GKTableLabel"
            out.append(_tc(width, 1, None, "".join(_paragraph(line, style, SIZE_TABLE)
                                                   for line in (text.split("\n") or [""]))))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)
