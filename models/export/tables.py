"""Tables 二/三/四 as WordprocessingML, drawn from the catalogue's grid with every merge.

Built as XML text (python-docx's cell API is slow and merges by concatenating text).
Column widths are written both ways: `w:tblGrid/w:gridCol` (what WPS reads) and
`w:tblW` + `w:tcW` (what Word reads). Header rows repeat on every page; rows never split.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from models.catalogue import GridCell, Table
from models.export.base import FONT_BODY, SIZE_TABLE, SIZE_TABLE_SMALL, TEXT_WIDTH_MM, W, fonts
from models.report import Report

TWIPS_PER_MM = 1440 / 25.4
MIN_ROW_TWIPS = 300   # 5.3 mm: room for a figure, and 表三 still fits on one page

# Column widths in mm per table and number of grid columns; each adds up to the 156 mm text width.
COLUMN_MM = {
    ("t2", 4): (51, 35, 35, 35),
    ("t2", 5): (44, 28, 28, 28, 28),
    ("t3", 10): (9, 15, 52) + (80 / 7,) * 7,
    ("t4", 15): (TEXT_WIDTH_MM / 15,) * 15,
}
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


_RUN_PROPS = {size: f'<w:rPr>{fonts(FONT_BODY)}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
              for size in (SIZE_TABLE, SIZE_TABLE_SMALL)}


def _paragraph(text: str, style: str, size: int, keep_with_next: bool = False) -> str:
    # keep-with-next on every row keeps a table that fits on a page on one page
    keep = "<w:keepNext/>" if keep_with_next else ""
    run = f'<w:r>{_RUN_PROPS[size]}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{run}</w:p>'


def _tc(width: int, span: int, merge: str | None, body: str) -> str:
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    v_merge = {"restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>", None: ""}[merge]
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{v_merge}'
            f'<w:vAlign w:val="center"/></w:tcPr>{body}</w:tc>')


def _table_start(widths: list[int], namespace: bool = True) -> str:
    """Table properties and grid: fixed layout, centred, single black borders."""
    borders = "".join(f'<w:{side} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    xmlns = f' xmlns:w="{W}"' if namespace else ""
    return (f'<w:tbl{xmlns}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="45" w:type="dxa"/><w:right w:w="45" w:type="dxa"/></w:tblCellMar>'
            f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>')


def _row_start(repeat_as_header: bool) -> str:
    header = "<w:tblHeader/>" if repeat_as_header else ""
    return f'<w:tr><w:trPr><w:cantSplit/>{header}<w:trHeight w:val="{MIN_ROW_TWIPS}" w:hRule="atLeast"/></w:trPr>'


def table_xml(table: Table, report: Report, namespace: bool = True) -> str:
    widths = column_twips(table)
    size = SIZE_TABLE_SMALL if table.n_cols > 10 else SIZE_TABLE
    starts: dict[tuple[int, int], GridCell] = {(g.row, g.col): g for g in table.grid}
    covering: dict[tuple[int, int], GridCell] = {}   # (row, col) → the merged cell from above
    for g in table.grid:
        for r in range(g.row + 1, g.row + g.rowspan):
            covering[(r, g.col)] = g
    out = [_table_start(widths, namespace)]
    for r in range(table.n_grid_rows):
        out.append(_row_start(r < table.header_rows))
        keep = r < table.n_grid_rows - 1   # the last row lets what follows flow on
        c = 0
        while c < table.n_cols:
            g = starts.get((r, c))
            if g is not None:
                text = cell_text(report, g.key) if g.key else g.text
                merge = "restart" if g.rowspan > 1 else None
                body = _paragraph(text, _STYLE[g.role], size, keep_with_next=keep)
            else:
                g = covering[(r, c)]
                merge, body = "continue", _paragraph("", _STYLE[g.role], size, keep_with_next=keep)
            out.append(_tc(sum(widths[c:c + g.colspan]), g.colspan, merge, body))
            c += g.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def simple_table_xml(widths_mm: tuple[float, ...], rows: list[tuple[str, ...]], header_rows: int = 1,
                     namespace: bool = True) -> str:
    """A plain grid (no merges) such as the check sheet's; the first `header_rows` repeat."""
    widths = [round(mm * TWIPS_PER_MM) for mm in widths_mm]
    out = [_table_start(widths, namespace)]
    for i, row in enumerate(rows):
        out.append(_row_start(i < header_rows))
        for j, (width, text) in enumerate(zip(widths, row)):
            style = "GKTableText" if i < header_rows or j < len(row) - 2 else "GKTableLabel"
            out.append(_tc(width, 1, None, "".join(_paragraph(line, style, SIZE_TABLE)
                                                   for line in (text.split("\n") or [""]))))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)
