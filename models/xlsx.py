"""Tables 二/三/四 as an Excel workbook, and back — how a clerk collects figures from colleagues.

Export: one sheet per table, drawn from the catalogue's grid like the official table (merges,
labels, shading, borders, widths from `COLUMN_MM`), figures as numbers, totals as =SUM formulas,
and a hidden sheet 「_keys」 recording the schema, layout, unit, year and, for every data cell,
its address, key and exact value (amounts are `Decimal`; Excel keeps only a double).

Import: each table is found on its sheet by the address recorded in 「_keys」 or, when that sheet
is gone (the sheets were copied into another workbook), by its labels, wherever they are. Both
ways the labels must be those of the official format, so a shifted table is never misread. Every
value goes through `parse_input`; totals are not read (the app computes them). Values are
returned only when no value is unreadable.
"""

from __future__ import annotations

import copy
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange

from models.atomic import write_atomically
from models.catalogue import LAYOUTS, Table, ValueKind
from models.export.ooxml import printable
from models.export.tables import COLUMN_MM
from models.report import Report
from models.safety import UnsafeFile, check_size, check_zip
from models.values import InputError, format_value, parse_amount_text, parse_input

SCHEMA = "gkreport/1"
KEYS_SHEET = "_keys"
SHEET_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
LAYOUT_NAMES = {"2021": "2021年版", "2019": "2019年版（试行）"}
INSTRUCTION = "只填白色格；灰色合计格自动计算；不要增删行列"
FIRST_ROW = 3            # the table starts below the title and the instruction rows
WIDTH_PER_MM = 0.7       # Excel column width units (≈ one "0") per mm of the printed table
SCAN_ROWS, SCAN_COLS = 2000, 200   # how far to look for a table's labels on a colleague's sheet


def _style(name: str, fill: str | None = None, horizontal: str = "center") -> NamedStyle:
    thin = Side(style="thin", color="000000")
    return NamedStyle(name, font=Font(name="宋体", size=10),
                      fill=PatternFill("solid", fgColor=fill) if fill else PatternFill(),
                      border=Border(left=thin, right=thin, top=thin, bottom=thin),
                      alignment=Alignment(horizontal=horizontal, vertical="center", wrap_text=True))


# one named style per kind of cell (setting fonts, fills and borders cell by cell is slow):
# name, fill, horizontal alignment
STYLES = {"label": ("表格标签", "DDEBF7", "left"), "header": ("表格表头", "DDEBF7", "center"),
          "data": ("填报格", None, "center"), "total": ("合计格", "D9D9D9", "center")}
_VALIDATION = {
    ValueKind.COUNT: dict(type="whole", operator="greaterThanOrEqual", formula1="0",
                          error="此格只能填写不小于 0 的整数；不填表示空。"),
    ValueKind.SIGNED: dict(type="whole", operator="between", formula1="-999999999", formula2="999999999",
                           error="此格只能填写整数（减少填负数）。"),
    ValueKind.AMOUNT: dict(type="decimal", operator="greaterThanOrEqual", formula1="0",
                           error="此格只能填写不小于 0 的金额（单位万元，最多 6 位小数）。"),
}


class NotOurWorkbook(ValueError):
    """The workbook holds none of the tables, or tables of another layout; the message is Chinese."""


@dataclass
class XlsxImport:
    values: dict[str, object]           # non-total cells of the tables found; empty when errors
    errors: list[str]
    notes: list[str] = field(default_factory=list)
    format: str = "2021"
    year: int | None = None
    unit: str | None = None


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


def _address(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _sum_formula(cells: list[tuple[int, int]]) -> str:
    rows, cols = {r for r, _ in cells}, {c for _, c in cells}
    ends = min(cells), max(cells)
    contiguous = (len(rows) == 1 and max(cols) - min(cols) == len(cells) - 1) or \
                 (len(cols) == 1 and max(rows) - min(rows) == len(cells) - 1)
    if contiguous:
        return f"=SUM({_address(*ends[0])}:{_address(*ends[1])})"
    return "=SUM(" + ",".join(_address(r, c) for r, c in cells) + ")"


def _areas(cells: list[tuple[int, int]]) -> str:
    """Cells as Excel areas, runs down each column joined: "D6:D28 D30 E6:E28…"."""
    areas: list[list[tuple[int, int]]] = []
    for row, col in sorted(cells, key=lambda rc: (rc[1], rc[0])):
        if areas and areas[-1][-1] == (row - 1, col):
            areas[-1][1:] = [(row, col)]
        else:
            areas.append([(row, col)])
    return " ".join(":".join(_address(*rc) for rc in area) for area in areas)


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _draw_table(ws, report: Report, table: Table, keys: list[tuple[str, str, str, str]]) -> None:
    layout = report.layout
    widths = [mm * WIDTH_PER_MM for mm in COLUMN_MM[(table.key, table.n_cols)]]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(width, 1)
    last = get_column_letter(table.n_cols)
    title = table.title.split("、", 1)[1]
    for row, text, size in ((1, f"{report.unit.name}{report.year}年 {SHEET_NAMES[table.key]} {title}", 14),
                            (2, INSTRUCTION, 10)):
        cell = ws.cell(row, 1, printable(text))
        cell.data_type, cell.font = "s", Font(name="宋体", size=size, bold=row == 1)   # a unit "=…" is no formula
        ws.merge_cells(f"A{row}:{last}{row}")
    ws.row_dimensions[1].height = 24

    where = {g.key: (FIRST_ROW + g.row, 1 + g.col) for g in table.grid if g.key}
    sums = {i.total: [where[k] for k in i.addends] for i in layout.identities if i.total in where}
    checked: dict[ValueKind, list[tuple[int, int]]] = {kind: [] for kind in _VALIDATION}   # Excel's own check
    lines = [1] * table.n_grid_rows
    for g in table.grid:
        row, col = FIRST_ROW + g.row, 1 + g.col
        role = ("total" if g.key in sums else "data") if g.key else ("label" if g.role == "label" else "header")
        for r in range(row, row + g.rowspan):    # the covered cells too: they carry the borders
            for c in range(col, col + g.colspan):
                ws.cell(r, c).style = STYLES[role][0]
        cell = ws.cell(row, col)
        if g.rowspan > 1 or g.colspan > 1:   # merged without openpyxl re-styling the covered cells (slow)
            end = _address(row + g.rowspan - 1, col + g.colspan - 1)
            ws.merged_cells.add(MergedCellRange(ws, f"{cell.coordinate}:{end}"))
        if not g.key:
            cell.value = g.text
            if g.rowspan == 1:
                room = sum(widths[g.col:g.col + g.colspan]) - 1
                lines[g.row] = max(lines[g.row], math.ceil(_text_width(g.text) / max(room, 1)))
            continue
        value = report.cells.get(g.key)
        keys.append((ws.title, cell.coordinate, g.key, printable(format_value(value))))
        if role == "total":
            cell.value = _sum_formula(sums[g.key])
            continue
        cell.value = printable(value) if isinstance(value, str) else value    # a figure kept as printed
        checked[layout.cells[g.key].kind].append((row, col))
        if isinstance(value, Decimal):
            cell.number_format = "0." + "0" * _places(value) if _places(value) else "0"
    for kind, cells in checked.items():
        if cells:
            ws.add_data_validation(DataValidation(sqref=_areas(cells), allow_blank=True, showErrorMessage=True,
                                                  errorTitle="填写有误", **_VALIDATION[kind]))
    for r, n in enumerate(lines):
        ws.row_dimensions[FIRST_ROW + r].height = 14 * n + 6
    ws.freeze_panes = ws.cell(FIRST_ROW + table.header_rows, 1)
    ws.page_setup.orientation = "landscape" if table.n_cols > 10 else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def tables_workbook(report: Report) -> openpyxl.Workbook:
    """The workbook `export_tables_xlsx` writes, in memory."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec in STYLES.values():
        wb.add_named_style(_style(*spec))
    keys: list[tuple[str, str, str, str]] = []
    for table in report.layout.tables:
        _draw_table(wb.create_sheet(SHEET_NAMES[table.key]), report, table, keys)
    meta = wb.create_sheet(KEYS_SHEET)
    for row in (("schema", SCHEMA), ("format", report.format), ("unit", printable(report.unit.name)),
                ("year", report.year), ("sheet", "cell", "key", "value"), *keys):
        meta.append(row)
    meta["B3"].data_type = "s"
    meta.sheet_state = "hidden"
    return wb


class _SchemaOrderFont(Font):
    """A font written in the order of the schema's CT_Font sequence (b, i, …, sz, color, name,
    family, charset, scheme), as Excel and the Open XML SDK validate it; openpyxl's own Font
    writes name first, which a validator rejects in every workbook."""

    __elements__ = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
                    "color", "name", "family", "charset", "scheme")
    # openpyxl's metaclass derives these from the class's own descriptors: a subclass restates them
    __attrs__, __nested__, __namespaced__ = Font.__attrs__, Font.__nested__, Font.__namespaced__


def _in_schema_order(font: Font) -> Font:
    ordered = copy.copy(font)
    ordered.__class__ = _SchemaOrderFont
    return ordered


def save_workbook(book: openpyxl.Workbook, path) -> Path:
    """Save an openpyxl workbook at `path`, atomically (WriteError), its fonts in schema order —
    the one way the app writes an .xlsx (the tables here, the office's workbooks)."""
    book._fonts = IndexedList(_in_schema_order(font) for font in book._fonts)   # the fonts as styles.xml lists them
    return write_atomically(path, lambda tmp: book.save(str(tmp)))


def export_tables_xlsx(report: Report, path) -> Path:
    """Write tables 二, 三 and 四 of `report` to an .xlsx at `path`, atomically (WriteError)."""
    return save_workbook(tables_workbook(report), path)


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------


def _norm(text: object) -> str:
    """Labels compare without whitespace, full- and half-width alike."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


@dataclass
class _Cell:
    value: object
    number_format: str = "General"
    formula: bool = False


@dataclass
class _Sheet:
    """What a worksheet holds (up to SCAN_ROWS × SCAN_COLS), and where each label-like text is."""
    title: str
    cells: dict[tuple[int, int], _Cell]
    index: dict[str, list[tuple[int, int]]]

    def get(self, row: int, col: int) -> _Cell:
        return self.cells.get((row, col), _Cell(None))


def _read_sheets(path: Path, data_only: bool = False) -> dict[str, _Sheet]:
    """Every worksheet read once, streaming (bounded memory, no styles or merges rebuilt)."""
    try:
        with open(path, "rb") as stream:   # a stream: no refusal by file extension
            wb = openpyxl.load_workbook(stream, read_only=True, data_only=data_only)
            sheets = {}
            for ws in wb.worksheets:
                cells, index = {}, {}
                for row in ws.iter_rows(max_row=SCAN_ROWS, max_col=SCAN_COLS):
                    for cell in row:
                        if cell.value is None:
                            continue
                        cells[cell.row, cell.column] = _Cell(cell.value, cell.number_format, cell.data_type == "f")
                        if isinstance(cell.value, str) and cell.value.strip():
                            index.setdefault(_norm(cell.value), []).append((cell.row, cell.column))
                sheets[ws.title] = _Sheet(ws.title, cells, index)
            wb.close()
            return sheets
    except Exception as exc:   # whatever the parser trips on in a damaged or hostile file
        raise UnsafeFile(f"“{path.name}”无法作为 Excel 文件读取（{type(exc).__name__}），文件可能已损坏。") from None


def _check_file(path: Path) -> None:
    check_size(path)
    with open(path, "rb") as head:
        if head.read(4) == b"\xd0\xcf\x11\xe0":
            raise UnsafeFile(f"“{path.name}”是旧版 .xls/.et 格式，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入。")
    check_zip(path, "Excel", "xl/workbook.xml")


def _read_keys(sheet: _Sheet | None) -> dict | None:
    """The 「_keys」 sheet as {format, year, unit, cells: {key: (sheet, address, exact text)}}, or None."""
    if sheet is None:
        return None
    head = {str(sheet.get(r, 1).value): sheet.get(r, 2).value for r in range(1, 5)}
    if head.get("schema") != SCHEMA or str(head.get("format")) not in LAYOUTS:
        return None
    rows = max((r for r, _ in sheet.cells), default=0)
    entries = (tuple(sheet.get(r, c).value for c in range(1, 5)) for r in range(6, rows + 1))
    year, unit = head.get("year"), head.get("unit")
    return {"format": str(head["format"]), "unit": str(unit) if unit else None,
            "year": year if isinstance(year, int) else None,
            "cells": {str(key): (str(name), str(address), None if text is None else str(text))
                      for name, address, key, text in entries if name and address and key}}


def _keys_origin(sheets: dict[str, _Sheet], keys: dict, table: Table) -> tuple[str, int, int] | None:
    """Where 「_keys」 puts the table's grid — if every data cell of the table is where it says."""
    origins = set()
    for g in table.grid:
        if g.key:
            name, address, _ = keys["cells"].get(g.key, ("", "", None))
            match = re.fullmatch(r"([A-Z]{1,3})([1-9]\d{0,6})", address)
            if name not in sheets or not match:
                return None
            origins.add((name, int(match.group(2)) - g.row, column_index_from_string(match.group(1)) - g.col))
    return origins.pop() if len(origins) == 1 else None


@dataclass
class _Found:
    sheet: _Sheet
    top: int           # sheet row and column of the grid's (0, 0)
    left: int
    matched: int       # labels found at that position, of `labels`
    labels: int


def _locate(sheets: list[_Sheet], table: Table, hint: tuple[str, int, int] | None) -> _Found | None:
    """Where the table's labels are (the hinted place first), best match over all sheets."""
    labels = [(g.row, g.col, _norm(g.text)) for g in table.grid if g.text]
    best = None
    for sheet in sheets:
        votes = Counter((r - gr, c - gc) for gr, gc, text in labels
                        for r, c in sheet.index.get(text, ()) if r > gr and c > gc)
        if hint and hint[0] == sheet.title and votes[hint[1:]] == len(labels):
            return _Found(sheet, *hint[1:], len(labels), len(labels))
        for (top, left), n in votes.most_common(1):
            if best is None or n > best.matched:
                best = _Found(sheet, top, left, n, len(labels))
    return best


def _mismatch(found: _Found, table: Table) -> str:
    for g in table.grid:
        actual = found.sheet.get(found.top + g.row, found.left + g.col).value
        if g.text and _norm(actual or "") != _norm(g.text):
            return (f"工作表“{found.sheet.title}”中的{SHEET_NAMES[table.key]}与官方格式不一致（不要增删行列、"
                    f"不要改动文字）：{_address(found.top + g.row, found.left + g.col)} 应为“{g.text}”，"
                    f"实为“{actual or ''}”。")
    return ""


def _decimals(number_format: str) -> int | None:
    match = re.fullmatch(r"0(?:\.(0+))?", number_format or "")
    return len(match.group(1) or "") if match else None


def _cell_text(kind: ValueKind, value: object, number_format: str = "General", exact: str | None = None) -> str:
    """What a cell holds, as the text `parse_input` reads. Amounts: the exact text written by the
    export while the cell still holds that number, else the number as displayed, never rounded."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if kind is not ValueKind.AMOUNT:
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    known = parse_amount_text(exact) if exact is not None else None
    if known is not None and math.isclose(float(known), value, rel_tol=1e-15):   # openpyxl keeps 16 digits
        return exact
    if not math.isfinite(value):
        return str(value)
    number = Decimal(repr(value))
    places = _decimals(number_format)
    if places is not None and _places(number) <= places:
        return format(number.quantize(Decimal(1).scaleb(-places)), "f")
    return format(number.to_integral_value() if number == number.to_integral_value() else number, "f")


def _title(found: _Found) -> tuple[str | None, int | None]:
    """Unit and year from a title row such as 「某某镇人民政府2024年 表三 …」 just above the table."""
    for row in range(max(1, found.top - 3), found.top):
        text = found.sheet.get(row, found.left).value
        if isinstance(text, str) and (match := re.match(r"\s*(.*?)\s*(\d{4})\s*年\s*表[二三四]", text)):
            return match.group(1) or None, int(match.group(2))
    return None, None


def import_tables_xlsx(path, layout_name: str | None = None) -> XlsxImport:
    """Read tables 二/三/四 from an .xlsx. Raises UnsafeFile for what is not a sound .xlsx and
    NotOurWorkbook for a workbook without the tables or with those of another layout."""
    path = Path(path)
    _check_file(path)
    by_title = _read_sheets(path)
    keys = _read_keys(by_title.get(KEYS_SHEET))
    sheets = [s for s in by_title.values() if s.title != KEYS_SHEET]
    notes: list[str] = []
    if KEYS_SHEET in by_title and keys is None:
        notes.append("隐藏的「_keys」工作表已损坏，已按表格标签读取。")

    def hint(table: Table):
        return _keys_origin(by_title, keys, table) if keys else None

    def search(name: str) -> dict[str, _Found]:
        found = {t.key: _locate(sheets, t, hint(t)) for t in LAYOUTS[name].tables}
        return {k: f for k, f in found.items() if f}

    def complete(found: dict[str, _Found]) -> dict[str, _Found]:
        return {k: f for k, f in found.items() if f.matched == f.labels}

    candidates = {keys["format"]: search(keys["format"])} if keys else {n: search(n) for n in LAYOUTS}
    name = max(candidates, key=lambda n: (len(complete(candidates[n])), n == layout_name,
                                          sum(f.matched / f.labels for f in candidates[n].values())))
    if layout_name and name != layout_name and (keys or complete(candidates[name])):
        raise NotOurWorkbook(f"“{path.name}”中的表格是{LAYOUT_NAMES[name]}格式，而当前报告使用"
                             f"{LAYOUT_NAMES[layout_name]}格式，不能导入。")
    layout, placed = LAYOUTS[name], complete(candidates[name])
    altered = {k: f for k, f in candidates[name].items()
               if k not in placed and f.matched >= max(3, f.labels // 2)}
    errors = [_mismatch(f, layout.table(k)) for k, f in altered.items()]
    if not placed and not errors:
        raise NotOurWorkbook(f"“{path.name}”中没有找到表二、表三或表四（标签须与官方格式一致）。"
                             f"请使用本程序导出的 Excel 表格填写。")

    unit, year = (keys["unit"], keys["year"]) if keys else (None, None)
    values: dict[str, object] = {}
    typed_totals: dict[str, tuple[str, object]] = {}
    calculated: dict[str, _Sheet] | None = None   # the workbook as last calculated, for formulas
    for table in layout.tables:
        found = placed.get(table.key)
        if found is None:
            if table.key not in altered:
                notes.append(f"工作簿中没有找到{SHEET_NAMES[table.key]}，该表未导入。")
            continue
        if keys and hint(table) != (found.sheet.title, found.top, found.left):
            notes.append(f"{SHEET_NAMES[table.key]}不在「_keys」记录的位置，已按标签在工作表“{found.sheet.title}”中找到。")
        if not unit and not year:
            unit, year = _title(found)
        for g in table.grid:
            if not g.key:
                continue
            row, col, spec = found.top + g.row, found.left + g.col, layout.cells[g.key]
            cell = found.sheet.get(row, col)
            where = f"{found.sheet.title}!{_address(row, col)}（{spec.name}）"
            if spec.is_total:   # not read: the app computes it; a total typed over is only noted
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    typed_totals[g.key] = (where, cell.value)
                continue
            value = cell.value
            if cell.formula:
                calculated = calculated or _read_sheets(path, data_only=True)
                value = calculated[found.sheet.title].get(row, col).value
                if value is None:
                    errors.append(f"{where}：是公式，但没有计算结果。"
                                  f"请在 Excel 或 WPS 中打开并保存后再导入，或改填数值")
                    continue
            exact = keys["cells"].get(g.key, (None, None, None))[2] if keys else None
            try:
                values[g.key] = parse_input(spec.kind, _cell_text(spec.kind, value, cell.number_format, exact))
            except InputError as exc:
                errors.append(f"{where}：{exc}")
    if errors:
        return XlsxImport({}, errors, notes, name, year, unit)
    computed = dict(values)
    for identity in layout.identities:
        computed[identity.total] = sum(computed.get(k) or 0 for k in identity.addends)
    for key, (where, typed) in typed_totals.items():
        if Decimal(str(typed)) != computed[key]:
            notes.append(f"{where}填的是 {typed}，与各项之和 {computed[key]} 不符；合计由程序重新计算。")
    return XlsxImport(values, errors, notes, name, year, unit)
