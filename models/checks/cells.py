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


@rule("S-1", "warning", "空白或填“/”的单元格按0计")
def empty_cells(report, previous, options):
    values = report.cells
    empty: dict[str, list[str]] = {}
    for key, cell in report.layout.cells.items():
        if values.get(key) is None:
            empty.setdefault(cell.table, []).append(key)
    for table, keys in empty.items():
        names = "、".join(report.layout.cells[k].name for k in keys[:_NAMES_SHOWN])
        more = f"等 {len(keys)} 个单元格" if len(keys) > _NAMES_SHOWN else ""
        yield finding("S-1", keys, f"{_TABLE_NAME[table]} {names}{more}为空（未填或填“/”），将按 0 计算并在报告中印为 0")
