"""Where the printed report's blocks fall on its pages — estimated from the export's own
measures, since a .docx cannot say where its pages break (Word, WPS and LibreOffice each lay it
out when it is opened).

Used for one decision (issue 10, item 8): 表三 is kept on one page, but when keeping it whole
would push it to the next page and leave more than TABLE_BREAK_LINES lines of the page before it
empty, it breaks between two of its groups of rows instead — the last break after which what
comes before still fits the page — and goes on on the next page under its repeated header rows
(`table_three_break`). The estimate follows the layout of models/export/base.py: body lines of
exactly LINE_TWIPS (22 a page, 28 characters each, paragraphs split across pages anywhere:
widow control is off) broken as Chinese text is broken, the title's lines of TITLE_LINE_TWIPS,
table rows of at least MIN_ROW_TWIPS holding lines of a 五号 character's height, headings kept
with what follows, tables kept whole. On the real samples with their narratives cut and
repeated it puts 表三's heading within half a millimetre of where LibreOffice does
(tests/test_table_break.py renders them and checks the pages).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from models.catalogue import Table
from models.export.base import (AIR_AFTER_TABLE_TWIPS, CONDENSE_TWENTIETHS, LINE_TWIPS, SIZE_BODY, SIZE_TABLE,
                                SIZE_TABLE_SMALL, TEXT_HEIGHT_MM, TEXT_WIDTH_MM, TITLE_LINE_TWIPS, TWIPS_PER_MM)
from models.export.layout import text_width
from models.export.tables import CELL_MARGIN_TWIPS, COLUMN_MM, MIN_ROW_TWIPS, printed_label

PAGE_TWIPS = round(TEXT_HEIGHT_MM * TWIPS_PER_MM)     # the 版心's height: 22 lines fit, 23 do not
# A line of table text (五号, single spacing) and a row's border, as LibreOffice sets them with the
# CJK fonts' line height (1.44 em): measured on the rendered 表三, 5.33 mm a line and 0.26 mm.
TABLE_LINE_EM = 1.44
BORDER_TWIPS = 15
# 表三 may break between its row groups when keeping it whole would leave more than this many
# lines of its page empty: under half a page (11 lines), by the estimate's margin of error.
TABLE_BREAK_LINES = 9

_BODY_PT = SIZE_BODY / 2                              # 3号
_CONDENSED_PT = -CONDENSE_TWENTIETHS / 20             # every character set 0.25 pt closer
_LINE_PT = TEXT_WIDTH_MM / 25.4 * 72                  # the 156 mm line: 442.2 pt
# Latin and figures are set in Times New Roman (Liberation Serif on Linux, the same widths):
# its advance widths in thousandths of an em, from the font's metrics.
_LATIN_WIDTHS = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, *(500,) * 10, 278, 278, 564,
     564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667,
     556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500,
     278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541)))
# the space Word, WPS and LibreOffice put between a Chinese character and a figure or Latin letter
# (not next to punctuation): 3.5 pt, measured on the rendered samples' last lines
_AUTOSPACE_PT = 3.5
# Characters a line may not start with, and may not end with (Chinese line breaking, as
# LibreOffice, Word and WPS apply it to zh-CN text).
_NO_START = frozenset("，。、；：？！）》」』】〕〉”’…％‰,.;:?!)]}%·～")
_NO_END = frozenset("（《「『【〔〈“‘([{")
_TOKEN = re.compile(r"[0-9A-Za-z.,%+\-/:@_&'#]+| |.", re.S)   # a figure or Latin word is never cut


@lru_cache(maxsize=4096)
def _measure(token: str) -> tuple[float, str]:
    """A token's width in points, and its kind: "latin" (figures, Latin words), "han" (Chinese
    characters) or "mark" (punctuation, spaces)."""
    width = sum(_LATIN_WIDTHS.get(c, 1000) * _BODY_PT / 1000 - _CONDENSED_PT for c in token)
    if token[0].isascii():
        kind = "latin" if token[0].isalnum() else "mark"
    else:
        kind = "han" if unicodedata.category(token[0]).startswith("L") else "mark"
    return width, kind


def _gap(a: str, b: str) -> float:
    """The autospace between two neighbouring kinds."""
    return _AUTOSPACE_PT if a != b and "mark" not in (a, b) else 0.0


_CLOSING = frozenset("）》」』】〕〉”’")


def _glued(a: str, b: str) -> bool:
    """No line break between tokens `a` and `b`: before 「，。）」…, after 「（《“」…, and between a
    closing bracket and the figure after it (「〔2021〕39号」: LibreOffice keeps it whole)."""
    return b in _NO_START or a in _NO_END or (a in _CLOSING and _measure(b)[1] == "latin")


def paragraph_lines(text: str, indent: float = 2) -> int:
    """Lines a paragraph of 3号 body text takes on the 156 mm line, `indent` characters in on its
    first line (左空二字): figures and Latin words never cut, nor a line started with 「，。」 or
    ended with 「（《」 — the character before goes down with it."""
    lines, line = 1, []                                # line: (token, width, kind)
    width, last = indent * (_BODY_PT - _CONDENSED_PT), None
    for token in _TOKEN.findall(text.replace("\n", "")):
        if token == " " and not line:
            continue                                   # a space at the start of a line is not set
        w, kind = _measure(token)
        step = w + (_gap(last, kind) if line else 0.0)
        if width + step <= _LINE_PT + 0.01 or not line or token == " ":
            line.append(token)
            width, last = width + step, kind
            continue
        carried = [token]                              # what goes down to the next line
        while len(line) > 1 and _glued(line[-1], carried[0]):
            carried.insert(0, line.pop())
        lines += 1
        line = carried
        measures = [_measure(t) for t in line]
        width = sum(m[0] for m in measures) + sum(_gap(a[1], b[1]) for a, b in zip(measures, measures[1:]))
        last = measures[-1][1]
    return lines


# --- tables ------------------------------------------------------------------------------------


def _cell_lines(text: str, width_mm: float, half_points: int) -> int:
    """Lines a cell's text takes: its printed lines, each wrapped to the cell if it must."""
    room = (width_mm - 2 * CELL_MARGIN_TWIPS / TWIPS_PER_MM) / (half_points / 2 * 25.4 / 72)
    return sum(max(1, math.ceil(text_width(line) / room - 1e-9)) for line in text.split("\n"))


def _per_table(compute):
    """`compute(table)` once per table (the catalogue's tables live as long as the program):
    kept by identity, since hashing a table means hashing its whole grid."""
    kept: dict[int, tuple[Table, object]] = {}

    def cached(table: Table):
        hit = kept.get(id(table))
        if hit is None or hit[0] is not table:
            hit = kept[id(table)] = (table, compute(table))
        return hit[1]
    cached.__doc__ = compute.__doc__
    return cached


@_per_table
def row_heights(table: Table) -> tuple[int, ...]:
    """Each grid row's height in twips, as printed."""
    widths = COLUMN_MM[(table.key, table.n_cols)]
    size = SIZE_TABLE_SMALL if table.n_cols > 10 else SIZE_TABLE
    line = round(size / 2 * TABLE_LINE_EM * 20)
    heights = [max(MIN_ROW_TWIPS, line) for _ in range(table.n_grid_rows)]
    merged = []
    for g in table.grid:
        if g.key:
            continue
        width = sum(widths[g.col:g.col + g.colspan])
        need = _cell_lines(printed_label(g.text, width, size), width, size) * line
        if g.rowspan == 1:
            heights[g.row] = max(heights[g.row], need)
        else:
            merged.append((g, need))
    for g, need in merged:                             # a merged label taller than its rows: the last grows
        rows = range(g.row, g.row + g.rowspan)
        short = need - sum(heights[r] for r in rows)
        if short > 0:
            heights[rows[-1]] += short
    return tuple(h + BORDER_TWIPS for h in heights)


@_per_table
def break_points(table: Table) -> tuple[int, ...]:
    """Grid rows before which 表三 may break. A label merged down across the break (「三、本年度
    办理结果」, 「（三）不予公开」) is printed again on the next page, so it keeps at least as many
    rows on each side as it has lines; the header rows and two rows come before the first break,
    three rows at least after the last."""
    widths = COLUMN_MM[(table.key, table.n_cols)]
    size = SIZE_TABLE_SMALL if table.n_cols > 10 else SIZE_TABLE
    merged = []
    for g in table.grid:
        if g.rowspan > 1 and g.row >= table.header_rows:
            width = sum(widths[g.col:g.col + g.colspan])
            merged.append((g, _cell_lines(printed_label(g.text, width, size), width, size)))
    first, last = table.header_rows + 2, table.n_grid_rows - 3
    return tuple(r for r in range(first, last + 1) if all(
        not g.row < r < g.row + g.rowspan or min(r - g.row, g.row + g.rowspan - r) >= lines for g, lines in merged))


# --- the flow of the page ----------------------------------------------------------------------


@dataclass
class Flow:
    """A page being filled: `page` (1-based) and `y`, twips from the top of its 版心."""
    page: int = 1
    y: int = 0

    def room(self) -> int:
        return PAGE_TWIPS - self.y

    def new_page(self) -> None:
        self.page, self.y = self.page + 1, 0

    def lines(self, n: int, pitch: int = LINE_TWIPS) -> None:
        for _ in range(n):
            if self.y + pitch > PAGE_TWIPS:
                self.new_page()
            self.y += pitch


@dataclass(frozen=True)
class TableStart:
    """Where a table's heading would start, and what keeping the table whole would cost."""
    page: int
    y: int                 # twips from the top of the 版心
    height: int            # the heading and the whole table
    fits: bool             # on what is left of the page
    blank_if_kept: int     # twips left empty before it if it is kept whole (moved to the next page)


def table_start(blocks, report, key: str = "t3") -> TableStart | None:
    """Where the heading of table `key` would start, laid out from `blocks`
    (models.export.document.body_blocks)."""
    flow = Flow()
    previous = None
    for i, (kind, value) in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else (None, None)
        match kind:
            case "title":
                flow.lines(len(value), TITLE_LINE_TWIPS)
                flow.y = min(PAGE_TWIPS, flow.y + LINE_TWIPS)          # the line after the title
            case "heading1":
                before = AIR_AFTER_TABLE_TWIPS if previous == "table" else 0
                if following[0] == "table":
                    table = report.layout.table(following[1])
                    height = before + LINE_TWIPS + sum(row_heights(table))
                    start = TableStart(flow.page, flow.y, height, height <= flow.room(), flow.room())
                    if following[1] == key:
                        return start
                    if start.fits:
                        flow.y += height
                    elif height <= PAGE_TWIPS:                         # kept whole: on the next page
                        flow.new_page()
                        flow.y = height
                    else:
                        _flow_rows(flow, table, before)
                    previous = "table"
                    continue
                _keep_with_next_line(flow, before + LINE_TWIPS)
                flow.lines(1)
            case "heading2":
                _keep_with_next_line(flow, LINE_TWIPS)
                flow.lines(1)
            case "text":
                flow.lines(paragraph_lines(value))
            case "table":
                pass                                                   # placed with its heading
            case _:
                break
        previous = kind
    return None


def _keep_with_next_line(flow: Flow, height: int) -> None:
    """A heading is kept with the first line after it."""
    if flow.y and flow.y + height + LINE_TWIPS > PAGE_TWIPS:
        flow.new_page()
    flow.y += height - LINE_TWIPS


def _flow_rows(flow: Flow, table: Table, before: int) -> None:
    """A table taller than a page, row by row, its header rows repeated on each new page."""
    flow.y += before + LINE_TWIPS
    heights = row_heights(table)
    header = sum(heights[:table.header_rows])
    for h in heights:
        if flow.y + h > PAGE_TWIPS:
            flow.new_page()
            flow.y = header
        flow.y += h


def table_three_break(blocks, report) -> int | None:
    """The grid row of 表三 before which it breaks, or None to keep it whole: None when it fits
    where it starts, or on the next page after at most TABLE_BREAK_LINES empty lines; else the
    last break point (`break_points`) before which the heading and rows fit what is left of the
    page, a line to spare."""
    start = table_start(blocks, report, "t3")
    if (start is None or start.fits or start.height > PAGE_TWIPS
            or start.blank_if_kept <= TABLE_BREAK_LINES * LINE_TWIPS):
        return None
    table = report.layout.table("t3")
    heights = row_heights(table)
    room = start.blank_if_kept - LINE_TWIPS - (start.height - sum(heights))     # less the heading, a line to spare
    fitting = [r for r in break_points(table) if sum(heights[:r]) <= room]
    return fitting[-1] if fitting else None
