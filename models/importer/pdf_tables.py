"""Tables on a PDF page, as cells with their boxes — from the ruling lines where the PDF draws
them (a merged cell is where a line between two grid cells is missing), and from the positions
of the text where it draws none (a web page printed without borders). A table continued on the
next page is joined to its first part, without the header rows repeated on the new page and with
a merged cell cut by the page break made whole again. The result is the importer's Table, which
tables.py reads by its labels exactly as it reads a .docx or a web page."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from models.importer.document import MAX_TABLE_SLOTS, Table, TableCell
from models.importer.pdf_page import Glyph, Segment
from models.importer.pdf_text import Line, first_unbreakable, join_lines, make_lines

SNAP = 2.0               # points: two lines this close are one
MIN_CELL = 4.0           # points: grid rows and columns narrower than this are drawing noise
MAX_SEGMENTS = 5000      # ruling segments considered on one page


@dataclass
class BoxCell:
    x0: float
    top: float
    x1: float
    bottom: float
    glyphs: list[Glyph] = field(default_factory=list)
    text: str = ""


@dataclass
class BoxTable:
    cells: list[BoxCell]
    x0: float
    top: float
    x1: float
    bottom: float
    page: int = 0
    ruled: bool = True       # drawn with lines (False: found from the text's positions)
    padding: float = 0.0     # between a cell's text and its right edge, where a line wraps
    head: list[str] = field(default_factory=list)   # a table without lines: its header's lines

    def column_edges(self) -> list[float]:
        return _cluster([c.x0 for c in self.cells] + [c.x1 for c in self.cells])


def _cluster(values: list[float], tolerance: float = SNAP) -> list[float]:
    """Sorted values with those within `tolerance` of each other replaced by their mean."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def _index(edges: list[float], value: float) -> int:
    """The index of the edge nearest to `value`."""
    i = bisect.bisect_left(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


# --- ruling lines → grids ------------------------------------------------------------------------


def _merge_segments(segments: list[Segment]) -> list[Segment]:
    """Collinear pieces (a border drawn cell by cell, a double line) made one segment."""
    out: list[Segment] = []
    for horizontal in (True, False):
        same = sorted((s for s in segments if s.horizontal == horizontal), key=lambda s: (s.pos, s.start))
        rows: list[list[Segment]] = []
        for s in same:
            if rows and s.pos - rows[-1][0].pos <= SNAP:
                rows[-1].append(s)
            else:
                rows.append([s])
        for row in rows:
            pos = sum(s.pos for s in row) / len(row)
            for s in sorted(row, key=lambda s: s.start):
                if out and out[-1].horizontal == horizontal and out[-1].pos == pos and s.start <= out[-1].end + SNAP:
                    out[-1].end = max(out[-1].end, s.end)
                else:
                    out.append(Segment(horizontal, pos, s.start, s.end))
    return out


def _crosses(h: Segment, v: Segment) -> bool:
    return h.start - SNAP <= v.pos <= h.end + SNAP and v.start - SNAP <= h.pos <= v.end + SNAP


def _covers(segments: list[Segment], pos: float, start: float, end: float) -> bool:
    """Whether a segment on the line `pos` covers the middle half of [start, end]."""
    quarter = (end - start) / 4
    return any(abs(s.pos - pos) <= SNAP and s.start <= start + quarter + SNAP and s.end >= end - quarter - SNAP
               for s in segments)


def ruled_tables(segments: list[Segment], glyphs: list[Glyph], page: int) -> tuple[list[BoxTable], list[Glyph]]:
    """The tables drawn with ruling lines, and the glyphs left outside them."""
    segments = _merge_segments([s for s in segments if s.end - s.start >= MIN_CELL][:MAX_SEGMENTS])
    hs = [s for s in segments if s.horizontal]
    vs = [s for s in segments if not s.horizontal]
    union = _Union(len(segments))
    index = {id(s): i for i, s in enumerate(segments)}
    for h in hs:
        for v in vs:
            if _crosses(h, v):
                union.join(index[id(h)], index[id(v)])
    groups: dict[int, list[Segment]] = {}
    for s in segments:
        groups.setdefault(union.find(index[id(s)]), []).append(s)
    tables = []
    for group in groups.values():
        table = _grid(group, page)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: t.top)
    free = []
    for g in glyphs:
        for table in tables:
            if table.x0 <= g.xc <= table.x1 and table.top <= g.yc <= table.bottom:
                _cell_at(table, g.xc, g.yc).glyphs.append(g)
                break
        else:
            free.append(g)
    for table in tables:
        fill_texts(table)
    return tables, free


def _grid(group: list[Segment], page: int) -> BoxTable | None:
    hs = [s for s in group if s.horizontal]
    vs = [s for s in group if not s.horizontal]
    if not hs or not vs:
        return None          # a lone rule (under a title, above a footer) is no table
    xs = _cluster([v.pos for v in vs])
    ys = _cluster([h.pos for h in hs])
    # a table drawn without its outer verticals (or outer horizontals): the other lines' ends
    left, right = min(h.start for h in hs), max(h.end for h in hs)
    top, bottom = min(v.start for v in vs), max(v.end for v in vs)
    xs = _cluster(xs + [x for x in (left, right) if all(abs(x - e) > SNAP for e in xs)])
    ys = _cluster(ys + [y for y in (top, bottom) if all(abs(y - e) > SNAP for e in ys)])
    xs = [x for i, x in enumerate(xs) if i == 0 or x - xs[i - 1] >= MIN_CELL]
    ys = [y for i, y in enumerate(ys) if i == 0 or y - ys[i - 1] >= MIN_CELL]
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1 or (n_rows == 1 and n_cols == 1 and len(hs) < 2) \
            or n_rows * n_cols > MAX_TABLE_SLOTS:
        return None
    union = _Union(n_rows * n_cols)
    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not _covers(vs, xs[c + 1], ys[r], ys[r + 1]):
                union.join(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows and not _covers(hs, ys[r + 1], xs[c], xs[c + 1]):
                union.join(r * n_cols + c, (r + 1) * n_cols + c)
    spans: dict[int, list[int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            root = union.find(r * n_cols + c)
            box = spans.setdefault(root, [r, c, r, c])
            box[0], box[1] = min(box[0], r), min(box[1], c)
            box[2], box[3] = max(box[2], r), max(box[3], c)
    cells = [BoxCell(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]) for r0, c0, r1, c1 in spans.values()]
    if len(cells) == 1 and not (n_rows > 1 or n_cols > 1):
        return None
    table = BoxTable(sorted(cells, key=lambda c: (c.top, c.x0)), xs[0], ys[0], xs[-1], ys[-1], page)
    table._edges = (xs, ys, {(r, c): cells[i] for i, (r0, c0, r1, c1) in enumerate(spans.values())
                             for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)})
    return table


def _cell_at(table: BoxTable, x: float, y: float) -> BoxCell:
    xs, ys, slots = table._edges
    c = min(max(bisect.bisect_right(xs, x) - 1, 0), len(xs) - 2)
    r = min(max(bisect.bisect_right(ys, y) - 1, 0), len(ys) - 2)
    return slots[(r, c)]


# --- cell texts ---------------------------------------------------------------------------------


def cell_text(cell: BoxCell, padding: float, lines: list[Line]) -> str:
    """A cell's lines: joined where the text wrapped at the cell's edge (the next line's first
    glyph would not have fitted), kept apart ("\\n") where a line ended short."""
    if not lines:
        return ""
    text = lines[0].text
    for line, following in zip(lines, lines[1:]):
        room = (cell.x1 - padding) - line.x1
        first = following.glyphs[0]
        if room < (first.x1 - first.x0) * 1.1:
            text = join_lines(text, following.text)
        else:
            text += "\n" + following.text
    return text


def fill_texts(table: BoxTable) -> None:
    lines = {id(cell): make_lines(cell.glyphs) if cell.glyphs else [] for cell in table.cells}
    gaps = [cell.x1 - line.x1 for cell in table.cells for line in lines[id(cell)]]
    padding = min(max(min(gaps, default=0.0), 0.0), 8.0)
    table.padding = padding
    for cell in table.cells:
        cell.text = cell_text(cell, padding, lines[id(cell)])


# --- a table over a page break ------------------------------------------------------------------


def continues(first: BoxTable, second: BoxTable) -> bool:
    """Whether `second`, at the top of the next page, is the rest of `first`: the same outer
    edges, or most of the same column edges."""
    if abs(first.x0 - second.x0) <= 2 * SNAP and abs(first.x1 - second.x1) <= 2 * SNAP:
        return True
    a, b = first.column_edges(), second.column_edges()
    near = SNAP if first.ruled and second.ruled else 4 * SNAP
    shared = sum(1 for x in b if any(abs(x - y) <= near for y in a))
    return shared >= 0.8 * len(b) and shared >= 3


def _rows(table: BoxTable) -> list[list[BoxCell]]:
    tops = _cluster([c.top for c in table.cells])
    rows: list[list[BoxCell]] = [[] for _ in tops]
    for cell in table.cells:
        rows[_index(tops, cell.top)].append(cell)
    return [sorted(row, key=lambda c: c.x0) for row in rows]


def _row_signature(row: list[BoxCell]) -> list[str]:
    return ["".join(c.text.split()) for c in row]


def join(first: BoxTable, second: BoxTable) -> BoxTable:
    """`second` appended below `first`: header rows that `second` repeats are dropped, and a
    merged cell that the page break cut in two (same columns, spanning several rows on either
    side) is one cell again."""
    first_rows, second_rows = _rows(first), _rows(second)
    repeated = 0
    while repeated < min(len(first_rows), len(second_rows)) - 1 and \
            _row_signature(first_rows[repeated]) == _row_signature(second_rows[repeated]) and \
            any(c.text for c in first_rows[repeated]):
        repeated += 1
    dropped = {id(c) for row in second_rows[:repeated] for c in row}
    if repeated < len(second_rows) and _label_only(second_rows[repeated], second):
        row = second_rows[repeated]           # the end of a row the break cut? (not a merged cell's start)
        own = [c for c in row if not _spans_rows(second, c) or not second.ruled]
        pieces = [c for c in own if c.text]
        if not first.ruled or (pieces and all(_goes_on(first, piece) for piece in pieces)):
            _finish_cut_row(first, pieces)
            dropped |= {id(c) for c in own}
            row_bottom = max(c.bottom for c in own)
            for cell in row:                  # merged cells reaching below: from the next row on
                if id(cell) not in dropped:
                    cell.top = row_bottom
    rest = [c for c in second.cells if id(c) not in dropped]
    if not rest:
        return first
    top = min(c.top for c in rest)
    shift = first.bottom - top
    bottom_cells = [c for c in first.cells if abs(c.bottom - first.bottom) <= SNAP]
    cells = list(first.cells)
    edges = first.column_edges()

    def snapped(x: float) -> float:
        """A column edge of `second` put on `first`'s where they nearly agree (a table without
        lines has its edges from its text, which differs a little from page to page)."""
        if first.ruled and second.ruled:
            return x
        nearest = edges[_index(edges, x)]
        return nearest if abs(nearest - x) <= 4 * SNAP else x

    for cell in rest:
        moved = BoxCell(snapped(cell.x0), cell.top + shift, snapped(cell.x1), cell.bottom + shift, cell.glyphs,
                        cell.text)
        above = next((c for c in bottom_cells if abs(c.x0 - moved.x0) <= SNAP and abs(c.x1 - moved.x1) <= SNAP),
                     None) if abs(cell.top - top) <= SNAP else None
        tall = above is not None and (_spans_rows(first, above) or _spans_rows(second, cell))
        if above is not None and tall:
            above.bottom = moved.bottom
            above.text = join_lines(above.text, moved.text) if above.text and moved.text else above.text or moved.text
            continue
        cells.append(moved)
    return BoxTable(cells, min(first.x0, second.x0), first.top, max(first.x1, second.x1),
                    first.bottom + (second.bottom - top), first.page, first.ruled and second.ruled, first.padding,
                    first.head)


# --- boxes → the importer's Table --------------------------------------------------------------


def _figure_left(table: BoxTable) -> float:
    from models.importer.pdf_borderless import is_figure
    return min((c.x0 for c in table.cells if is_figure(c.text)), default=table.x1)


def _label_only(row: list[BoxCell], table: BoxTable) -> bool:
    return any(c.text for c in row) and all(c.x1 <= _figure_left(table) + 1 or not c.text for c in row)


def _goes_on(table: BoxTable, piece: BoxCell) -> bool:
    """Whether the label above `piece` in the last row of a ruled `table` ends with a full line
    (its text wrapped at the cell's edge), so that `piece` can be the rest of it."""
    if not piece.glyphs:
        return False
    bottom = [c for c in table.cells if abs(c.bottom - table.bottom) <= SNAP and c.glyphs
              and min(c.x1, piece.x1) - max(c.x0, piece.x0) > 0.5 * (piece.x1 - piece.x0)]
    if len(bottom) != 1:
        return False
    last = make_lines(bottom[0].glyphs)[-1]
    return (bottom[0].x1 - table.padding) - last.x1 < first_unbreakable(make_lines(piece.glyphs)[0]) * 1.1


def _finish_cut_row(table: BoxTable, pieces: list[BoxCell]) -> None:
    """The last row of `table` continued by `pieces` (the lines of its labels that the page
    break sent to the next page): each piece to the label above it in the same column, or else
    to the row's last label."""
    left = _figure_left(table)
    bottom = [c for c in table.cells if abs(c.bottom - table.bottom) <= SNAP and c.x1 <= left + 1 and c.text]
    for piece in pieces:
        overlap = {id(c): min(c.x1, piece.x1) - max(c.x0, piece.x0) for c in bottom}
        above = max(bottom, key=lambda c: overlap[id(c)], default=None)
        if above is not None and overlap[id(above)] > 0.5 * min(above.x1 - above.x0, piece.x1 - piece.x0):
            above.text = join_lines(above.text, piece.text)
        elif (label := _last_label(table)) is not None:
            label.text = join_lines(label.text, piece.text)


def _last_label(table: BoxTable) -> BoxCell | None:
    left = _figure_left(table)
    bottom = [c for c in table.cells if abs(c.bottom - table.bottom) <= SNAP and c.x1 <= left + 1 and c.text]
    return max(bottom, key=lambda c: c.x0) if bottom else None


def _spans_rows(table: BoxTable, cell: BoxCell) -> bool:
    """Whether `cell` is a merged cell over more than one row of `table`."""
    return any(cell.top + SNAP < y < cell.bottom - SNAP for other in table.cells for y in (other.top, other.bottom))


def to_table(table: BoxTable) -> Table:
    xs = _cluster([c.x0 for c in table.cells] + [c.x1 for c in table.cells])
    ys = _cluster([c.top for c in table.cells] + [c.bottom for c in table.cells])
    cells = []
    for cell in table.cells:
        c0, c1 = _index(xs, cell.x0), _index(xs, cell.x1)
        r0, r1 = _index(ys, cell.top), _index(ys, cell.bottom)
        if c1 > c0 and r1 > r0:
            cells.append(TableCell(r0, c0, r1 - r0, c1 - c0, cell.text))
    return Table(cells, max(len(ys) - 1, 0), max(len(xs) - 1, 0))
