"""The rows of a table drawn without lines: which row each piece of its text belongs to.

A line of figures is a row (figures never wrap); so is a stack of words over the figure columns
(a header repeated inside the table: 「上一年项目数 / 量」 beside 「本年增/减」). A label, left of
the figures, belongs to the row whose figures it stands beside: a label wrapped over several
lines stands above and below its figures (centred in its cell) or below them (from the cell's
top), so each label column's lines between two rows of figures are cut where the gap between
two lines is widest — the space between two cells (their padding) is wider than the space
between two lines of one cell; where two gaps are about as wide, the cut that centres each
label on its figures wins. Lines above the first row of figures that such a gap cuts off are
the end of a row that a page break cut: they make a row of their own, which the table's part on
the page before takes back (pdf_tables.join)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from models.importer.pdf_text import Run

SAME_LINE = 0.45          # font sizes: figures whose centres are this close stand on one line
FIXED_OVERLAP = 0.3       # a label line overlapping a row's figures by this share of its height is theirs
STACKED = 0.7             # font sizes: words over the figure columns this close are one cell's lines
TIE = 0.25                # font sizes: two gaps this close are about as wide


@dataclass(slots=True)
class Piece:
    """A run of text and the grid columns it stands over."""
    run: Run
    c0: int
    c1: int

    @property
    def top(self) -> float:
        return self.run.top

    @property
    def bottom(self) -> float:
        return self.run.bottom


@dataclass
class Band:
    """One row: the extent of its figures (or of its stacked words), and the pieces it holds."""
    top: float
    bottom: float
    pieces: list[Piece] = field(default_factory=list)

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2


def _overlap(piece: Piece, band: Band) -> float:
    return min(piece.bottom, band.bottom) - max(piece.top, band.top)


def _figure_bands(figures: list[Piece], size: float) -> list[Band]:
    bands: list[Band] = []
    for piece in sorted(figures, key=lambda p: (p.top + p.bottom) / 2):
        centre = (piece.top + piece.bottom) / 2
        if bands and abs(centre - bands[-1].centre) <= SAME_LINE * size:
            band = bands[-1]
            band.top, band.bottom = min(band.top, piece.top), max(band.bottom, piece.bottom)
        else:
            band = Band(piece.top, piece.bottom)
            bands.append(band)
        band.pieces.append(piece)
    return bands


def _word_bands(words: list[Piece], bands: list[Band], size: float) -> list[Band]:
    """Words over the figure columns: with the figures they stand beside or right under (a note
    wrapped below its figure); the others stacked into rows of their own."""
    loose = []
    for piece in words:
        best = max(bands, key=lambda b: _overlap(piece, b), default=None)
        if best is not None and _overlap(piece, best) >= FIXED_OVERLAP * (piece.bottom - piece.top):
            best.pieces.append(piece)
            continue
        under = [b for b in bands for p in b.pieces if p.c0 <= piece.c1 and piece.c0 <= p.c1
                 and 0 <= piece.top - p.bottom <= 0.5 * size]
        if under:
            under[0].pieces.append(piece)
        else:
            loose.append(piece)
    stacked: list[Band] = []
    for piece in sorted(loose, key=lambda p: p.top):
        if stacked and piece.top - stacked[-1].bottom <= STACKED * size:
            stacked[-1].bottom = max(stacked[-1].bottom, piece.bottom)
            stacked[-1].pieces.append(piece)
        else:
            stacked.append(Band(piece.top, piece.bottom, [piece]))
    return sorted(bands + stacked, key=lambda b: b.top)


def line_gap(pieces: list[Piece], size: float) -> float:
    """The gap between two lines of one cell: the narrowest gap between two lines of text one
    above the other in the same column (wrapped labels, stacked header words)."""
    gaps = []
    by_column: dict[int, list[Piece]] = {}
    for piece in pieces:
        by_column.setdefault(piece.c0, []).append(piece)
    for column in by_column.values():
        column.sort(key=lambda p: p.top)
        gaps += [b.top - a.bottom for a, b in zip(column, column[1:])
                 if b.top - a.bottom > -0.3 * size and b.run.x0 < a.run.x1 and a.run.x0 < b.run.x1]
    return min(gaps, default=0.5 * size)


def _block_cost(pieces: list[Piece], band: Band) -> float:
    if not pieces:
        return 0.0
    return abs((min(p.top for p in pieces) + max(p.bottom for p in pieces)) / 2 - band.centre)


def _split(free: list[Piece], above: float, below: float, upper: list[Piece], lower: list[Piece],
           upper_band: Band, lower_band: Band, size: float) -> int:
    """How many of `free` (one column's lines between two rows, top to bottom) belong to the
    upper row: cut at the widest gap; between gaps about as wide, the cut that best centres both
    rows' labels on their figures."""
    tops = [p.top for p in free] + [below]
    bottoms = [above] + [p.bottom for p in free]
    gaps = [top - bottom for top, bottom in zip(tops, bottoms)]
    widest = max(gaps)
    candidates = [k for k, g in enumerate(gaps) if g >= widest - TIE * size]
    return min(candidates, key=lambda k: _block_cost(upper + free[:k], upper_band)
               + _block_cost(free[k:] + lower, lower_band))


def assign_rows(pieces: list[Piece], is_figure: Callable[[str], bool], n_labels: int,
                size: float, intra: float | None = None) -> list[list[Piece]]:
    """The table body's pieces grouped into rows, top to bottom (see the module's docstring).
    `intra` is the gap between two lines of one cell, when known from the header."""
    data = [p for p in pieces if p.c1 >= n_labels]
    figures = [p for p in data if is_figure(p.run.text)]
    bands = _word_bands([p for p in data if not is_figure(p.run.text)], _figure_bands(figures, size), size)
    if not bands:
        return [pieces] if pieces else []
    labels = [p for p in pieces if p.c1 < n_labels]
    if intra is None:
        intra = line_gap(labels, size)
    orphans: list[Piece] = []
    by_column: dict[int, list[Piece]] = {}
    for piece in labels:
        by_column.setdefault(piece.c0, []).append(piece)
    for column in by_column.values():
        column.sort(key=lambda p: p.top)
        owner: list[int | None] = []
        for piece in column:
            k = max(range(len(bands)), key=lambda k: _overlap(piece, bands[k]))
            owner.append(k if _overlap(piece, bands[k]) >= FIXED_OVERLAP * (piece.bottom - piece.top) else None)
        fixed = {k: [p for p, o in zip(column, owner) if o == k] for k in range(len(bands))}
        free = [p for p, o in zip(column, owner) if o is None]
        # above the first row: its label's first lines, or the end of a row cut by a page break
        first = [p for p in free if p.bottom <= bands[0].centre]
        if first:
            below = min([bands[0].top] + [p.top for p in fixed[0]])
            tops = [p.top for p in first[1:]] + [below]
            gaps = [t - p.bottom for p, t in zip(first, tops)]
            k = max(range(len(gaps)), key=lambda k: gaps[k])
            if gaps[k] > intra + 0.3 * size and gaps[k] >= max(gaps) - 0.01:
                orphans += first[:k + 1]
                first = first[k + 1:]
            bands[0].pieces += first
        for n in range(len(bands)):
            between = [p for p in free if p.bottom > bands[n].centre - 1e-6 and p not in first and p not in orphans
                       and (n + 1 == len(bands) or p.top < bands[n + 1].centre)]
            if n + 1 == len(bands):
                bands[n].pieces += between      # below the last row of figures: the rest of its label
                break
            upper, lower = fixed[n], fixed[n + 1]
            above = max([bands[n].bottom] + [p.bottom for p in upper])
            below = min([bands[n + 1].top] + [p.top for p in lower])
            k = _split(between, above, below, upper, lower, bands[n], bands[n + 1], size) if between else 0
            bands[n].pieces += between[:k]
            bands[n + 1].pieces += between[k:]
        for k, members in fixed.items():
            bands[k].pieces += members
    rows = [band.pieces for band in bands]
    return ([orphans] if orphans else []) + rows
