"""Cell-level rules: H-1 (value kind) and S-1 (empty cells)."""

from __future__ import annotations

from models.catalogue import LAYOUTS, ValueKind
from models.checks.base import finding, rule
from models.values import KIND_DESCRIPTION, problem

_TABLE_NAME = {"t2": "表二", "t3": "表三", "t4": "表四"}
_NAMES_SHOWN = 3


_COUNT_KEYS = {name: frozenset(k for k, c in layout.cells.items() if c.kind is ValueKind.COUNT)
               for name, layout in LAYOUTS.items()}


@rule("H-1", "error", "每个单元格为不小于0的整数，金额为不小于0的小数")
def cell_values(report, previous, options):
    cells, counts = report.layout.cells, _COUNT_KEYS[report.format]
    for key, value in report.cells.items():
        if value is None or (type(value) is int and value >= 0 and key in counts):
            continue   # the common case, decided without the general test below
        cell = cells.get(key)
        if cell is None:
            yield finding("H-1", (key,), f"“{key}”不是{report.format}年版格式中的单元格")
            continue
        why = problem(cell.kind, value)
        if why:
            yield finding("H-1", (key,), f"{cell.name} 应为{KIND_DESCRIPTION[cell.kind]}，现为“{value}”（{why}）")


_ROWS = {name: {table.key: tuple((row, tuple(f"{table.key}.{row.key}.{c.key}" for c in row.columns))
                                 for row in table.rows) for table in layout.tables}
         for name, layout in LAYOUTS.items()}


@rule("S-1", "warning", "空白或填“/”的单元格按0计")
def empty_cells(report, previous, options):
    """Per table: the rows a published table did not have at all (a report read from a document,
    `source` set, whose other rows are there: said so, not 「为空」), then the empty or missing
    cells of the other rows. In a report made in the app a cell never typed is simply empty."""
    values = report.cells
    for table, rows in _ROWS[report.format].items():
        missing_rows = []
        if report.source is not None:
            absent = [(row, keys) for row, keys in rows if values.keys().isdisjoint(keys)]
            missing_rows = absent if len(absent) < len(rows) else []
        for row, keys in missing_rows:
            label = row.short or row.label
            yield finding("S-1", keys, f"{_TABLE_NAME[table]}中没有“{label}”这一行（表中缺行，不是留空），"
                                       f"其 {len(keys)} 个单元格将按 0 计算并在报告中印为 0；请对照原表补填")
        skipped = {k for _, keys in missing_rows for k in keys}
        empty = [k for _, keys in rows for k in keys if values.get(k) is None and k not in skipped]
        if empty:
            names = "、".join(report.layout.cells[k].name for k in empty[:_NAMES_SHOWN])
            more = f"等 {len(empty)} 个单元格" if len(empty) > _NAMES_SHOWN else ""
            yield finding("S-1", empty, f"{_TABLE_NAME[table]} {names}{more}为空（未填或填“/”），将按 0 计算并在报告中印为 0")
