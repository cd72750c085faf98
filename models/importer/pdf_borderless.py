"""Tables drawn without any lines (a web page printed to PDF from a site whose tables have no
borders): found and cut into cells from the positions of their text alone.

The figures give the structure. A line holding a figure beside other text is a table row; its
figures stand in columns (figures of one column share their centre); the text left of the first
figure column is the row's labels, in label columns told apart by where their text starts. A
label wrapped over several lines joins the row it stands beside; a line of words over the figure
columns ("信息内容 本年处理决定数量") is a row of its own. Above the first row, the header: words
over one column are stacked into that column's label ("商业" + "企业"), words over several
columns ("法人或其他组织") are header cells spanning them, words left of the figures are the
corner cell."""

from __future__ import annotations

import re
import statistics

from models.importer.narrative import heading_of
from models.importer.pdf_tables import BoxCell, BoxTable, _cluster, continues
from models.importer.pdf_page import Glyph
from models.importer.pdf_rows import Piece, assign_rows, line_gap
from models.importer.pdf_text import Line, Run, join_lines, split_runs

CELL_GAP = 0.8            # font sizes: a gap this wide between words separates two cells
MAX_BETWEEN = 6           # lines without figures inside one table (labels' lines aside)
MAX_LABEL_LINES = 30      # lines of labels only between two rows of figures
MAX_HEADER_LINES = 24     # a repeated header, and the end of a row cut by the page break
_FIGURE = re.compile(r"^[-+]?[\d０-９][\d０-９,，.．]*\s*(件|个|万元)?$|^[/／\-—－]$")


def is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text.strip()))


def _cells_of(line: Line) -> list[Run]:
    return split_runs(line.glyphs, CELL_GAP)


def _is_figure_line(runs: list[Run]) -> bool:
    return len(runs) >= 2 and any(is_figure(r.text) for r in runs[1:]) and not is_figure(runs[0].text) \
        or (len(runs) >= 3 and sum(is_figure(r.text) for r in runs) >= 2)


def _is_prose(line: Line, width: float, figure_left: float) -> bool:
    """A heading, or a line of running text: one long run — but not one that starts over the
    figures (a header's words packed close in a narrow table)."""
    return heading_of(line.text) is not None or (len(line.runs) == 1 and line.x1 - line.x0 > width * 0.55
                                                 and line.x0 < figure_left - line.size)


def find_tables(lines: list[Line], page: int, text_width: float,
                after: BoxTable | None = None) -> tuple[list[BoxTable], list[Line]]:
    """The borderless tables among `lines` (top to bottom), and the lines left to the text.
    `after`: the table that ended the page before — a single row at the top of this page that
    goes on with its columns is the rest of it."""
    runs = [_cells_of(line) for line in lines]
    figure = [_is_figure_line(r) for r in runs]
    tables, used = [], set()
    i = 0
    while i < len(lines):
        if not figure[i]:
            i += 1
            continue
        start = end = i   # the table's figure lines run from start to end
        figure_left = min(r.x0 for r in runs[i] if is_figure(r.text))
        j, between = i + 1, 0
        while j < len(lines) and between <= MAX_BETWEEN and j - end <= MAX_LABEL_LINES \
                and not _is_prose(lines[j], text_width, figure_left):
            if figure[j]:
                end, between = j, 0
            elif lines[j].x1 > figure_left:
                between += 1     # lines of labels only (a label wrapped in a narrow column) do not count
            j += 1
        first_figure = min(r.x0 for r in runs[end] if is_figure(r.text)) if any(
            is_figure(r.text) for r in runs[end]) else lines[end].x1
        while end + 1 < len(lines) and end + 1 not in used and lines[end + 1].x1 < first_figure \
                and lines[end + 1].top - lines[end].bottom < 0.7 * lines[end].size \
                and not _is_prose(lines[end + 1], text_width, figure_left):
            end += 1   # the rest of the last row's label, wrapped below its figures
        top = start
        while top > 0 and start - top < MAX_HEADER_LINES and not _is_prose(lines[top - 1], text_width, figure_left) \
                and _header_above(lines[top - 1], runs[top - 1], lines[top]) and top - 1 not in used:
            top -= 1
        alone = sum(figure[start:end + 1]) < 2 and sum(len(r) >= 2 for r in runs[top:end + 1]) < 2
        if alone and (after is None or tables or any(figure[:start])):
            i = end + 1
            continue   # one line with a figure in it, nothing around it: not a table
        table = _build(lines[top:end + 1], runs[top:end + 1], figure[top:end + 1], page)
        if table is not None and alone and not continues(after, table):
            table = None
        if table is not None:
            tables.append(table)
            used.update(range(top, end + 1))
        i = end + 1
    return tables, [line for n, line in enumerate(lines) if n not in used]


def starts_with_rows(lines: list[Line], width: float) -> bool:
    """Whether the top of a page (`lines`) is rows of a table: a line of figures among its first
    lines, with no running text before it."""
    for line in lines[:MAX_HEADER_LINES]:
        runs = _cells_of(line)
        if _is_figure_line(runs):
            return True
        if _is_prose(line, width, line.x1):
            return False
    return False


def head_at_foot(lines: list[Line], width: float) -> int:
    """How many of the last lines of a page are the start of a table that goes on at the top of
    the next page (its header, a row cut by the break): lines of words set apart, or standing
    clear of the text's left edge — not running text, not a heading, not a date."""
    from models.importer.narrative import date_line

    if not lines:
        return 0
    left = min(line.x0 for line in lines)
    n = 0
    for line in reversed(lines[-MAX_HEADER_LINES:]):
        apart = len(_cells_of(line)) >= 2 or line.x0 - left > 2 * line.size
        if not apart or _is_prose(line, width, line.x1) or date_line(line.text) is not None:
            break
        n += 1
    return n


def moved_above(carried: list[Line], lines: list[Line]) -> list[Line]:
    """`carried` (the foot of the page before) set just above `lines`, as the next lines of a
    table's cell would stand."""
    if not lines:
        return carried
    gap = 0.4 * carried[-1].size
    shift = lines[0].top - gap - carried[-1].bottom
    moved = [Line([Run([Glyph(g.char, g.x0, g.top + shift, g.x1, g.bottom + shift, g.size) for g in run.glyphs])
                   for run in line.runs]) for line in carried]
    return moved + lines


def _header_above(line: Line, runs: list[Run], below: Line) -> bool:
    """Whether `line` can be a line of the header of the table whose next line is `below`: close
    above it, or a little further (a header row's padding) when it is set like a table's header
    row — in the table's type size, with words standing apart."""
    gap = line.top - below.bottom if line.top > below.bottom else below.top - line.bottom
    return gap < 2.5 * below.size or (gap < 4 * below.size and len(runs) >= 2
                                      and abs(line.size - below.size) <= 0.15 * below.size)


def _build(lines: list[Line], runs: list[list[Run]], figure: list[bool], page: int) -> BoxTable | None:
    size = statistics.median(line.size for line in lines)
    figures = [r for rs, f in zip(runs, figure) if f for r in rs if is_figure(r.text)]
    centres = _cluster([(r.x0 + r.x1) / 2 for r in figures], tolerance=size * 0.8)
    if not centres:
        return None
    spans = []
    for c in centres:
        members = [r for r in figures if abs((r.x0 + r.x1) / 2 - c) <= size * 0.8]
        spans.append((min(r.x0 for r in members), max(r.x1 for r in members)))
    bounds = [spans[0][0] - size * 0.3] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])] \
        + [spans[-1][1] + size * 0.3]
    data_left = bounds[0]
    left = min(min(r.x0 for r in rs) for rs in runs) - 1
    right = max(bounds[-1], max(max(r.x1 for r in rs) for rs in runs) + 1)
    bounds[-1] = right
    starts = _label_starts(lines, data_left, size) or [left]
    runs = [_cut_at_columns(rs, starts, bounds, size) for rs in runs]
    label_edges = [left] + [s - 1 for s in starts[1:]] + [data_left]

    def columns_of(run: Run) -> tuple[int, int]:
        """Grid columns (label columns, then data columns) that `run` stands over."""
        if run.x1 <= data_left + size * 0.3:
            k = max(n for n, e in enumerate(label_edges[:-1]) if e <= run.x0 + 1) if run.x0 >= left else 0
            return k, k
        base = len(label_edges) - 1
        covered = [n for n in range(len(bounds) - 1)
                   if min(run.x1, bounds[n + 1]) - max(run.x0, bounds[n]) > 0.25 * (bounds[n + 1] - bounds[n])]
        if len(covered) >= 2:
            return base + covered[0], base + covered[-1]
        centre = (run.x0 + run.x1) / 2
        n = min(range(len(bounds) - 1), key=lambda k: abs((bounds[k] + bounds[k + 1]) / 2 - centre))
        return base + n, base + n

    edges = label_edges + bounds[1:]
    first = figure.index(True)
    n_labels = len(label_edges) - 1
    # the header: above the first row of figures, down to its lowest words over the figures;
    # labels below those (or all, when the part repeats no header) are the body's
    head = [r for rs in runs[:first] for r in rs]
    over_figures = [r for r in head if columns_of(r)[1] >= n_labels]
    header_bottom = max((o.bottom for o in over_figures), default=None)
    below_header = [r for r in head if columns_of(r)[1] < n_labels
                    and (header_bottom is None or r.top > header_bottom - 0.3 * size)]
    head = [r for r in head if r not in below_header]
    body = [Piece(r, *columns_of(r)) for r in below_header + [r for rs in runs[first:] for r in rs]]
    body_top = min(p.top for p in body) - 0.3 * size
    header_cells = _header(head, columns_of, edges, n_labels, body_top) if head else []
    header_pieces = [Piece(r, *columns_of(r)) for r in head]
    rows = assign_rows(body, is_figure, n_labels, size, line_gap(header_pieces + body, size))
    cells = list(header_cells)
    extents = [(min(p.top for p in row), max(p.bottom for p in row)) for row in rows]
    tops = [body_top] + [(a[1] + b[0]) / 2 if a[1] <= b[0] else (a[0] + a[1] + b[0] + b[1]) / 4
                         for a, b in zip(extents, extents[1:])] + [max(e[1] for e in extents) + 1]
    for n in range(1, len(tops)):
        tops[n] = max(tops[n], tops[n - 1] + 0.5)     # each row keeps some height, in order
    for n, row in enumerate(rows):
        by_column: dict[tuple[int, int], list[Run]] = {}
        for piece in row:
            by_column.setdefault((piece.c0, piece.c1), []).append(piece.run)
        for (c0, c1), members in by_column.items():
            members.sort(key=lambda r: (r.top, r.x0))
            text = members[0].text
            for previous, r in zip(members, members[1:]):
                text = join_lines(text, r.text) if r.top - previous.top > size * 0.5 else text + r.text
            cells.append(BoxCell(edges[c0], tops[n], edges[c1 + 1], tops[n + 1], text=text))
    head_lines = [_squashed(line.text) for line in lines[:first]
                  if header_bottom is not None and line.top < header_bottom]
    return BoxTable(cells, edges[0], min(c.top for c in cells), edges[-1], tops[-1], page, ruled=False,
                    head=head_lines)


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def without_repeated_head(table: BoxTable, lines: list[Line]) -> list[Line]:
    """The top of the next page without the header of `table` printed again there (however far
    above the first row it stands: a row emptied by the page break can lie between)."""
    n = len(table.head)
    if n and [_squashed(line.text) for line in lines[:n]] == table.head:
        return lines[n:]
    return lines


def attach_orphans(table: BoxTable, lines: list[Line], data_left: float | None = None) -> list[Line]:
    """The first lines of a page that finish the label of the last row of `table` (a row the page
    break cut in two): their text is added to that label; the other lines are returned."""
    if data_left is None:
        data_left = min((c.x0 for c in table.cells if is_figure(c.text)), default=table.x1)
    bottom = [c for c in table.cells if abs(c.bottom - table.bottom) < 1 and c.x1 <= data_left + 1 and c.text]
    if not bottom:
        return lines
    label = max(bottom, key=lambda c: c.x0)
    taken = 0
    for n, line in enumerate(lines[:3]):
        if line.x0 < table.x0 - 2 or line.x1 > data_left + 2 or heading_of(line.text) is not None \
                or (n and line.top - lines[n - 1].bottom > line.size):   # one cell's lines stand close
            break
        taken += 1
    if taken:
        label.text = join_lines(label.text, "".join(line.text for line in lines[:taken]))
    return lines[taken:]


def _label_starts(lines: list[Line], data_left: float, size: float) -> list[float]:
    """Where label columns start: the x at which text starts (after a gap, or at the start of a
    line) on at least two lines, left of the figures."""
    found = []
    for line in lines:
        previous = None
        for g in line.glyphs:
            if g.xc >= data_left:
                break
            if previous is None or g.x0 - previous.x1 > 0.25 * size:
                found.append(g.x0)
            previous = g
    clusters = _cluster(found, tolerance=size * 0.4)
    return [c for c in clusters if sum(1 for x in found if abs(x - c) <= size * 0.4) >= 2]


def _cut_at_columns(runs: list[Run], starts: list[float], bounds: list[float], size: float) -> list[Run]:
    """Runs cut where a label column starts, and where a run crosses from one figure column (or
    from the labels) into the next at a gap between two words: in a narrow table two cells'
    words stand closer together than a wide gap (「和，等于第三项加第四项」 「自然人」). Words that
    run on without a gap over several columns (「法人或其他组织」) are one cell spanning them."""
    out = []
    for run in runs:
        piece = [run.glyphs[0]]
        for previous, g in zip(run.glyphs, run.glyphs[1:]):
            gap = g.x0 - previous.x1
            label_start = g.xc < bounds[0] and gap > 0.1 * size and any(abs(g.x0 - s) <= size * 0.4 for s in starts)
            crossing = gap > 0.2 * size and any(previous.xc < b < g.xc for b in bounds[:-1])
            if label_start or crossing:
                out.append(Run(piece))
                piece = []
            piece.append(g)
        out.append(Run(piece))
    return out


def _header(head: list[Run], columns_of, edges: list[float], n_labels: int, body_top: float) -> list[BoxCell]:
    """Header runs → cells: the corner (left of the figures) over the whole header; runs over the
    same columns and on touching lines stacked into one label ("商业" + "企业"); each column's
    lowest label in the last header row, the labels above it in rows by their height."""
    size = statistics.median(r.size for r in head)
    top = min(r.top for r in head) - 1
    corner = sorted((r for r in head if columns_of(r)[1] < n_labels), key=lambda r: (r.top, r.x0))
    stacks: list[tuple[tuple[int, int], list[Run]]] = []
    for run in sorted((r for r in head if columns_of(r)[1] >= n_labels), key=lambda r: (r.top, r.x0)):
        span = columns_of(run)
        for other_span, members in stacks:
            if other_span == span and -0.6 * size < run.top - members[-1].bottom < 0.7 * size:
                members.append(run)
                break
        else:
            stacks.append((span, [run]))
    lowest: dict[tuple[int, int], float] = {}
    for span, members in stacks:
        lowest[span] = max(lowest.get(span, -1.0), members[0].top)
    upper = [members[0].top for span, members in stacks if span[0] != span[1] or members[0].top != lowest[span]]
    levels = _cluster(upper, tolerance=0.5 * size) + [float("inf")]
    n_rows = len(levels)
    row_edges = [top + (body_top - top) * k / n_rows for k in range(n_rows + 1)]
    cells = []
    if corner:
        cells.append(BoxCell(edges[0], row_edges[0], edges[n_labels], row_edges[-1],
                             text="".join(r.text for r in corner)))
    for span, members in stacks:
        single = span[0] == span[1]
        row = n_rows - 1 if single and members[0].top == lowest[span] else \
            min(range(len(levels)), key=lambda k: abs(levels[k] - members[0].top))
        cells.append(BoxCell(edges[span[0]], row_edges[row], edges[span[1] + 1], row_edges[row + 1],
                             text="".join(r.text for r in members)))
    return cells
