"""What a clerk pastes from Excel or WPS, and where in a table it goes.

`parse_clipboard` reads the tab-separated text those programs put on the clipboard;
`positions` is the table's editable grid as the wizard shows it — the one order that both
the wizard's grid and a paste follow."""

from __future__ import annotations

from functools import lru_cache

from models.catalogue import LAYOUTS, Layout


def parse_clipboard(text: str) -> list[list[str]]:
    """Rows of cells from the text Excel/WPS copy: tab-separated cells, "\\r\\n" or "\\n" (or a
    lone "\\r") between rows, usually a trailing line end. A cell holding a tab, a line break or a
    double quote is wrapped in double quotes, with "" for a quote inside. Only a quote that opens
    a cell starts a quoted cell (as in Excel); an opening quote that is never closed is kept as
    plain text. A single value without tab is a 1×1 block; an empty text is no block at all."""
    if text == "":
        return []
    rows: list[list[str]] = []
    row: list[str] = []
    n = len(text)
    i = 0
    while True:
        # one cell starts at i
        value = None
        if i < n and text[i] == '"':
            value, i = _quoted(text, i)
        if value is None:   # plain cell (or an unterminated quote, kept as it is)
            j = i
            while j < n and text[j] not in "\t\r\n":
                j += 1
            value, i = text[i:j], j
        else:               # anything after the closing quote, up to the separator, is kept
            j = i
            while j < n and text[j] not in "\t\r\n":
                j += 1
            value, i = value + text[i:j], j
        row.append(value)
        if i >= n:
            rows.append(row)
            break
        if text[i] == "\t":
            i += 1
            continue
        # a line end
        i += 2 if text.startswith("\r\n", i) else 1
        rows.append(row)
        row = []
        if i >= n:   # the trailing line end Excel always writes
            break
    return rows


def _quoted(text: str, start: int) -> tuple[str | None, int]:
    """The quoted cell opening at `start`: (its value, index after the closing quote), or
    (None, start) when the quote is never closed."""
    parts = []
    i = start + 1
    n = len(text)
    while i < n:
        quote = text.find('"', i)
        if quote < 0:
            break
        parts.append(text[i:quote])
        if text.startswith('""', quote):
            parts.append('"')
            i = quote + 2
            continue
        return "".join(parts), quote + 1
    return None, start


def positions(layout: Layout | str, table_key: str) -> list[list[str]]:
    """The table's data cells as rows of cell keys, in the order the wizard shows them (the
    printed grid): 表三 its rows × 自然人…总计; 表二 each row with its own 1 or 3 columns (the 2019
    layout its own); 表四 one row of 15 cells, 行政复议 then the two 行政诉讼 blocks. Totals are
    included: they take a place in the grid even though nobody types into them."""
    name = layout if isinstance(layout, str) else layout.name
    return [list(row) for row in _positions(name, table_key)]


@lru_cache(maxsize=None)
def _positions(layout_name: str, table_key: str) -> tuple[tuple[str, ...], ...]:
    table = LAYOUTS[layout_name].table(table_key)
    by_row: dict[int, list] = {}
    for cell in table.grid:
        if cell.key is not None:
            by_row.setdefault(cell.row, []).append(cell)
    return tuple(tuple(c.key for c in sorted(cells, key=lambda c: c.col))
                 for _, cells in sorted(by_row.items()))


def locate(layout: Layout | str, key: str) -> tuple[str, int, int]:
    """(table key, row, column) of a cell in its table's `positions`."""
    name = layout if isinstance(layout, str) else layout.name
    return _locations(name)[key]


@lru_cache(maxsize=None)
def _locations(layout_name: str) -> dict[str, tuple[str, int, int]]:
    found = {}
    for table in LAYOUTS[layout_name].tables:
        for r, row in enumerate(_positions(layout_name, table.key)):
            for c, key in enumerate(row):
                found[key] = (table.key, r, c)
    return found
