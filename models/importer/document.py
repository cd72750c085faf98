"""A document as the importer sees it, whatever it came from (.docx or a web page): a list of
blocks in reading order — paragraphs of text and tables of cell texts with their spans.

`ancestors` tells which containers a block sits in (ids of its enclosing elements, outermost
first), so that the content of a web page can be told from its menus and footers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MAX_TABLE_SLOTS = 100_000   # rows × columns of one table; far beyond any report table
MAX_SPAN = 1000


@dataclass
class TableCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


@dataclass
class Paragraph:
    text: str                              # lines separated by "\n"
    ancestors: tuple[int, ...] = ()


@dataclass
class Table:
    cells: list[TableCell]                 # each merged cell once, at its top-left slot
    n_rows: int
    n_cols: int
    ancestors: tuple[int, ...] = ()
    _slots: dict[tuple[int, int], TableCell] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        if not self._slots:
            for cell in self.cells:
                for r in range(cell.row, cell.row + cell.rowspan):
                    for c in range(cell.col, cell.col + cell.colspan):
                        self._slots[(r, c)] = cell

    def at(self, row: int, col: int) -> TableCell | None:
        return self._slots.get((row, col))

    def row_cells(self, row: int) -> list[TableCell]:
        """The distinct cells covering grid row `row`, left to right (merged cells included)."""
        out: list[TableCell] = []
        for c in range(self.n_cols):
            cell = self._slots.get((row, c))
            if cell is not None and (not out or out[-1] is not cell):
                out.append(cell)
        return out

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block]
    title_hint: str = ""                   # a web page's <title>, a .docx's document title
    notes: list[str] = field(default_factory=list)   # what the reader could not take, for the clerk
    created: date | None = None            # when the file was made (a PDF's CreationDate)


class TableBuilder:
    """Builds a Table row by row from cells with spans, the way HTML lays them out (a cell
    goes to the next slot not taken by a rowspan from above); `merge_up` continues the cell
    above (Word's vMerge), `skip` leaves slots empty (Word's gridBefore)."""

    def __init__(self):
        self.cells: list[TableCell] = []
        self.slots: dict[tuple[int, int], TableCell] = {}
        self.row = -1
        self.col = 0
        self.full = False

    def new_row(self) -> None:
        self.row += 1
        self.col = 0

    def _free(self) -> None:
        while (self.row, self.col) in self.slots:
            self.col += 1

    def _take(self, cell: TableCell, rows: range, cols: range) -> None:
        if len(self.slots) + len(rows) * len(cols) > MAX_TABLE_SLOTS:
            self.full = True
            return
        for r in rows:
            for c in cols:
                self.slots.setdefault((r, c), cell)

    def add(self, text: str, colspan: int = 1, rowspan: int = 1) -> None:
        if self.row < 0:
            self.new_row()
        self._free()
        colspan, rowspan = max(1, min(colspan, MAX_SPAN)), max(1, min(rowspan, MAX_SPAN))
        cell = TableCell(self.row, self.col, rowspan, colspan, text)
        self._take(cell, range(self.row, self.row + rowspan), range(self.col, self.col + colspan))
        if not self.full:
            self.cells.append(cell)
        self.col += colspan

    def merge_up(self, text: str, colspan: int = 1) -> None:
        """Word's `<w:vMerge/>`: this slot continues the cell above (its own text, normally
        empty, is added to the merged cell's)."""
        self._free()
        above = self.slots.get((self.row - 1, self.col))
        if above is None or above.col != self.col or above.row + above.rowspan != self.row:
            self.add(text, colspan)   # nothing to continue: a cell of its own
            return
        above.rowspan += 1
        if text.strip():
            above.text = f"{above.text}\n{text}" if above.text.strip() else text
        self._take(above, range(self.row, self.row + 1), range(self.col, self.col + above.colspan))
        self.col += above.colspan

    def skip(self, n: int) -> None:
        self._free()
        self.col += max(0, min(n, MAX_SPAN))

    def build(self, ancestors: tuple[int, ...] = ()) -> Table:
        n_rows = self.row + 1 if self.cells else 0
        for cell in self.cells:   # a rowspan reaching past the last row (HTML allows it) stops there
            cell.rowspan = max(1, min(cell.rowspan, n_rows - cell.row))
        n_cols = max((c.col + c.colspan for c in self.cells), default=0)
        return Table(self.cells, n_rows, n_cols, ancestors)
