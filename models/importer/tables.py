"""Tables 二, 三 and 四 found by their labels, not by their position, and read cell by cell.

Rows are mapped by their row labels, columns by their header labels, both through
labels.Matcher (normalised, small typos tolerated, never a guess between two candidates).
A table split in two (a web page breaking 表三 into two <table>s) is read as one: a
continuation without a header uses the header of the part before it, or else the position of
its last seven cells. Which layout (2021 or 2019) is decided from 表二's headers, then from
表三's （六）, then from the year."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from models.catalogue import (
    LAYOUTS,
    T3_APPLICANTS,
    T3_COLUMNS,
    T3_CORNER,
    T3_ORG_GROUP,
    T4_COLUMNS,
    T4_LITIGATION,
    T4_REVIEW,
    Layout,
    layout_for_year,
)
from models.importer.cell_values import Unreadable, read_value, shown
from models.importer.document import Table, TableCell
from models.importer.labels import Ambiguous, Matcher, norm
from models.importer.result import Gap
from models.values import Value

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
TABLE_TITLES = {"t2": "表二（主动公开政府信息情况）", "t3": "表三（收到和处理政府信息公开申请情况）",
                "t4": "表四（政府信息公开行政复议、行政诉讼情况）"}
GROUP = "group:"        # a merged label with no data row of its own (（三）不予公开 …)
SINGLE_OTHER = "r3_6"   # 2019: （六）其他处理 is one row; 2021: three sub-rows r3_6_1…3
SPLIT_OTHER = ("r3_6_1", "r3_6_2", "r3_6_3")


def _row_entries(table_key: str) -> list[tuple[str, str]]:
    """(label, row key) for the rows of both layouts: a report may be either."""
    entries = {}
    for layout in LAYOUTS.values():
        for row in layout.table(table_key).rows:
            entries[(row.label, row.key)] = None
            if row.short and table_key != "t4":
                entries[(row.short, row.key)] = None   # 「（二）部分公开」 without its long note
    return list(entries)


T2_ROWS = Matcher(_row_entries("t2") + [("信息内容", GROUP + "header")])
_T3_GROUPS = sorted({p for row in LAYOUTS["2021"].table("t3").rows for p in row.path} - {"（六）其他处理"})
T3_ROWS = Matcher(_row_entries("t3") + [(g, GROUP + g) for g in _T3_GROUPS])
T3_HEADER = Matcher([(c.label, c.key) for c in T3_COLUMNS]
                    + [(T3_APPLICANTS, GROUP), (T3_ORG_GROUP, GROUP), (T3_CORNER, GROUP)])
T4_COLUMN = Matcher([(c.label, c.key) for c in T4_COLUMNS])
T4_BLOCK = Matcher([(T4_REVIEW, "fy"), ("未经复议直接起诉", "zs"), ("复议后起诉", "fyhs"), (T4_LITIGATION, GROUP)])
_T2_COLUMN_LABELS = {n: {c.label for row in LAYOUTS[n].table("t2").rows for c in row.columns} for n in LAYOUTS}
_T2_ROW_LABELS = {n: {row.label for row in LAYOUTS[n].table("t2").rows} for n in LAYOUTS}
_ONLY = {n: (_T2_COLUMN_LABELS[n] | _T2_ROW_LABELS[n])
         - (_T2_COLUMN_LABELS[o] | _T2_ROW_LABELS[o]) - {"规范性文件"}   # 规范性文件: a 2021 variant too
         for n, o in (("2021", "2019"), ("2019", "2021"))}
T2_LAYOUT = Matcher([(label, n) for n, labels in _ONLY.items() for label in labels])
T2_COLUMNS = Matcher([(label, label) for n in LAYOUTS for label in _T2_COLUMN_LABELS[n]])
_T3_GROUP_PREFIXES = sorted((norm(g) for g in _T3_GROUPS + ["（六）其他处理"]), key=len, reverse=True)


# --- recognising ---------------------------------------------------------------------------


MAX_ROWS, MAX_COLS = 200, 60   # far more than any of the three tables, even with extra rows
MAX_PARTS = 6                  # parts of one table (a split 表三 has two)


def classify(table: Table) -> str | None:
    """"t2" / "t3" / "t4" for a (part of a) report table, None for any other table."""
    if table.n_rows > MAX_ROWS or table.n_cols > MAX_COLS:
        return None
    texts = [norm(t) for t in table.texts() if t.strip()]
    joined = "|".join(texts)
    t2_rows = {T2_ROWS.get(t, fuzzy=False) for t in texts} - {None}
    t3_rows = {_t3_key(t, fuzzy=False) for t in texts} - {None}
    scores = {
        "t2": 3 * ("第二十条" in joined) + 2 * (norm("信息内容") in texts)
              + len({k for k in t2_rows if not k.startswith(GROUP)}),
        "t3": 3 * ("勾稽关系" in joined or norm(T3_APPLICANTS) in joined)
              + len({k for k in t3_rows if not k.startswith(GROUP)}),
        "t4": 3 * ("行政复议" in joined and "行政诉讼" in joined)
              + 2 * ("未经复议直接起诉" in joined) + 2 * ("复议后起诉" in joined),
    }
    kind, score = max(scores.items(), key=lambda kv: kv[1])
    return kind if score >= 2 else None


def t2_layout(pieces: list[Table]) -> str | None:
    votes = Counter(v for t in pieces for text in t.texts() if (v := T2_LAYOUT.get(text)))
    if votes["2021"] != votes["2019"]:
        return "2021" if votes["2021"] > votes["2019"] else "2019"
    return None


# --- collecting cell texts -----------------------------------------------------------------


@dataclass
class Collector:
    """Cell texts found for each key; turned into values (and gaps) at the end."""
    layout: Layout
    texts: dict[str, list[str]] = field(default_factory=dict)
    foreign: dict[str, list[str]] = field(default_factory=dict)   # keys of the other layout
    reasons: dict[str, str] = field(default_factory=dict)         # why a cell is a gap
    gaps: list[Gap] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def where(self, key: str) -> str:
        cell = self.layout.cells[key]
        return f"{TABLE_NAMES[cell.table]} {cell.name}"

    def put(self, key: str, text: str) -> None:
        (self.texts if key in self.layout.cells else self.foreign).setdefault(key, []).append(text)

    def cell_gap(self, key: str, reason: str) -> None:
        if key in self.layout.cells:
            self.reasons.setdefault(key, reason)

    def row_gap(self, table: str, where: str, reason: str) -> None:
        self.gaps.append(Gap(None, f"{TABLE_NAMES[table]} {where}", reason))

    def values(self, tables_found: set[str]) -> dict[str, Value]:
        cells: dict[str, Value] = {}
        for key, cell in self.layout.cells.items():
            if cell.table not in tables_found:
                continue
            where = self.where(key)
            if key in self.reasons:
                self.gaps.append(Gap(key, where, self.reasons[key]))
                continue
            texts = self.texts.get(key)
            if not texts:
                self.gaps.append(Gap(key, where, "表中未找到这一格"))
                continue
            read = []
            try:
                for text in texts:
                    read.append(read_value(cell.kind, text))
            except Unreadable as exc:
                self.gaps.append(Gap(key, where, str(exc)))
                continue
            if len({value for value, _ in read}) > 1:
                shown_values = "、".join(shown(t) for t in texts)
                self.gaps.append(Gap(key, where, f"这一格在表中出现了不止一次，数字不同（{shown_values}）"))
                continue
            value, remark = read[0]
            cells[key] = value
            if remark:
                self.notes.append(f"{where} {remark}")
        return cells


def _text_over(table: Table, row: int, cols: list[int], label_cells: list[TableCell]) -> str | None:
    """The text under header columns `cols` in `row`: the one non-empty cell among those
    covering them ("" when all are empty); None when several different figures are there."""
    seen: list[TableCell] = []
    for c in cols:
        cell = table.at(row, c)
        if cell is not None and cell not in seen and not any(cell is lc for lc in label_cells):
            seen.append(cell)
    filled = {cell.text.strip() for cell in seen if cell.text.strip(" \t\n\u3000\xa0")}
    if len(filled) > 1:
        return None
    return filled.pop() if filled else ""


def _describe_row(cells: list[TableCell], row: int) -> str:
    label = next((c.text for c in reversed(cells) if c.text.strip()), "")
    return f"第{row + 1}行“{shown(label)}”"


# --- 表二 ----------------------------------------------------------------------------------


def _t2_row_key(cells: list[TableCell], r: int, out: Collector) -> tuple[int | None, str | None]:
    """Where the row's label is and what it is (a row key, or GROUP… for item/header rows)."""
    for i, cell in enumerate(cells):
        n = norm(cell.text)
        if n.startswith("第二十条"):
            return i, GROUP + "item"
        try:
            key = T2_ROWS.find(cell.text)
        except Ambiguous as exc:
            out.row_gap("t2", _describe_row(cells, r), f"行标签可能指“{'”或“'.join(exc.candidates)}”，未猜测，该行未读取")
            return i, GROUP + "ambiguous"
        if key:
            return i, key
    return None, None


def read_t2(pieces: list[Table], out: Collector) -> None:
    layout_rows = {row.key: row for row in out.layout.table("t2").rows}
    for table in pieces:
        header: dict[int, str] = {}
        for r in range(table.n_rows):
            cells = table.row_cells(r)
            label_at, key = _t2_row_key(cells, r, out)
            if key is None or key.startswith(GROUP):
                if key == GROUP + "item":
                    header = {}
                elif key == GROUP + "header":
                    header = {c: cell.text for cell in cells[label_at + 1:]
                              for c in range(cell.col, cell.col + cell.colspan)}
                elif key is None and any(c.text.strip() for c in cells):
                    labels = [c for c in cells if T2_COLUMNS.get(c.text)]
                    if labels:   # a header row without 信息内容
                        header = {c: cell.text for cell in labels for c in range(cell.col, cell.col + cell.colspan)}
                    elif len(cells) > 1:
                        out.row_gap("t2", _describe_row(cells, r), "行标签对不上格式中的任何一项，该行未读取")
                continue
            row = layout_rows.get(key)
            if row is None:   # a row of the other layout (e.g. 政府集中采购 in a 2021 table)
                if any(c.text.strip() for c in cells[label_at + 1:]):
                    out.notes.append(f"表二“{shown(cells[label_at].text)}”一行不属于{out.layout.name}年版格式，未读取")
                continue
            label_cell, data = cells[label_at], cells[label_at + 1:]
            by_header = {}
            if header:
                columns = Matcher([(c.label, c.key) for c in row.columns])
                for c, text in header.items():
                    if (column := columns.get(text)) is not None:
                        by_header.setdefault(column, []).append(c)
            if by_header:
                for column in row.columns:
                    key_ = f"t2.{row.key}.{column.key}"
                    if column.key not in by_header:
                        out.cell_gap(key_, f"表头中没有“{column.label}”这一栏")
                        continue
                    text = _text_over(table, r, by_header[column.key], [label_cell])
                    if text is None:
                        out.cell_gap(key_, "表头下有几个不同的数字，无法确定是哪一个")
                    else:
                        out.put(key_, text)
            elif len(data) == len(row.columns):   # no header to go by: the cells in order
                for column, cell in zip(row.columns, data):
                    out.put(f"t2.{row.key}.{column.key}", cell.text)
            else:
                for column in row.columns:
                    out.cell_gap(f"t2.{row.key}.{column.key}",
                                 f"没有表头，该行有 {len(data)} 个数字格，与格式的 {len(row.columns)} 栏对不上")


# --- 表三 ----------------------------------------------------------------------------------


def _t3_key(text: str, fuzzy: bool = True) -> str | None:
    """The row key for a label (or several labels run together); raises Ambiguous (not
    without `fuzzy`)."""
    key = T3_ROWS.get(text, fuzzy=False)
    if key is not None:
        return key
    rest = whole = norm(text)
    stripped = True
    while stripped:
        stripped = False
        for prefix in _T3_GROUP_PREFIXES:
            if rest.startswith(prefix) and len(rest) > len(prefix):
                rest, stripped = rest[len(prefix):], True
    if rest != whole and (key := T3_ROWS.get(rest, fuzzy=False)) is not None:
        return key
    return T3_ROWS.find(rest) if fuzzy else None


def _first_body_row(table: Table) -> int:
    """Rows before this one are the header: up to the last of the first rows that holds a
    column label (自然人 … 总计), or none when the part has no header."""
    last = -1
    for r in range(min(table.n_rows, 6)):
        cells = table.row_cells(r)
        if any(T3_HEADER.get(c.text, fuzzy=False) not in (None, GROUP) for c in cells):
            last = r
        elif any(_t3_key(c.text, fuzzy=False) not in (None,) for c in cells):
            break
    return last + 1


def _t3_header(table: Table, header_rows: range) -> dict[str, list[int]]:
    """Column key → grid columns, from the lowest header label over each column."""
    colmap: dict[str, list[int]] = {}
    for c in range(table.n_cols):
        for r in reversed(header_rows):
            cell = table.at(r, c)
            key = T3_HEADER.get(cell.text) if cell is not None else None
            if key and key != GROUP:
                colmap.setdefault(key, []).append(c)
                break
    return colmap


def read_t3(pieces: list[Table], out: Collector) -> None:
    colmap: dict[str, list[int]] = {}
    previous_width = None
    for table in pieces:
        first_body = _first_body_row(table)
        if first_body > 0:
            colmap = _t3_header(table, range(first_body))
        elif table.n_cols != previous_width:
            colmap = {}          # a continuation of another shape: go by position
        previous_width = table.n_cols
        data_cols = {c for cols in colmap.values() for c in cols}
        for r in range(first_body, table.n_rows):
            cells = table.row_cells(r)
            by_position: dict[str, TableCell] = {}
            if colmap:
                labels = [c for c in cells if not any(c.col <= d < c.col + c.colspan for d in data_cols)]
                texts = {k: _text_over(table, r, cols, labels) for k, cols in colmap.items()}
            elif len(cells) >= 8:
                labels = cells[:-7]
                texts = {col.key: cell.text for col, cell in zip(T3_COLUMNS, cells[-7:])}
                by_position = dict(zip((col.key for col in T3_COLUMNS), cells[-7:]))
            else:
                labels, texts = cells, {}
            has_figures = any(t for t in texts.values()) or (not texts and len(cells) > 1)
            own = next((c.text for c in reversed(labels) if c.text.strip()), "")
            if not own:
                if has_figures:
                    out.row_gap("t3", f"第{r + 1}行", "没有行标签，该行未读取")
                continue
            try:
                key = _t3_key(own) or _t3_key("".join(c.text for c in labels))
            except Ambiguous as exc:
                out.row_gap("t3", _describe_row(labels, r),
                            f"行标签可能指“{'”或“'.join(exc.candidates)}”，未猜测，该行未读取")
                continue
            if key is None:
                if has_figures:
                    out.row_gap("t3", _describe_row(labels, r), "行标签对不上格式中的任何一项，该行未读取")
                continue
            if key.startswith(GROUP):
                if any(t for t in texts.values()):
                    out.notes.append(f"表三“{shown(own)}”一行有数字，但格式中该项没有合计行，未读取")
                continue
            if not texts:
                for col in T3_COLUMNS:
                    out.cell_gap(f"t3.{key}.{col.key}", f"没有表头，该行有 {len(cells) - len(labels)} 个数字格，"
                                                         f"与格式的 7 栏对不上")
                continue
            for col in T3_COLUMNS:
                cell_key = f"t3.{key}.{col.key}"
                if col.key not in texts:
                    out.cell_gap(cell_key, f"表头中没有“{col.label}”这一栏")
                elif texts[col.key] is None:
                    out.cell_gap(cell_key, "表头下有几个不同的数字，无法确定是哪一个")
                else:
                    under = _only_cell(table, r, colmap[col.key]) if colmap else by_position.get(col.key)
                    out.put(cell_key, _read_once(under, r, key, col, texts[col.key], out))
    _reconcile_other(out)


def _only_cell(table: Table, r: int, cols) -> TableCell | None:
    cells = {id(c): c for c in (table.at(r, c) for c in cols) if c is not None}
    return next(iter(cells.values())) if len(cells) == 1 else None


def _read_once(cell: TableCell | None, r: int, row_key: str, col, text: str, out: Collector) -> str:
    """A figure printed in one cell merged over several rows (seen in （六）其他处理: one value
    cell over its three sub-rows) is read once, in the first of those rows; the rows below get 0
    — copied into each, a non-zero value would be counted three times — and the merge is named."""
    if cell is None or cell.rowspan <= 1:
        return text
    if cell.row < r:
        return "0"
    row = next((row for row in out.layout.table("t3").rows if row.key == row_key), None)
    if text.strip(" \t\n\u3000\xa0/／0０") and row is not None:
        first = row.short or row.label
        out.notes.append(f"表三“{first}”的{col.label}一格向下合并了 {cell.rowspan} 行，其中的数字 {shown(text)} "
                         f"只计一次，记在“{first}”，合并的其余各行记为 0；请按实际情况分到各行")
    return text


def _reconcile_other(out: Collector) -> None:
    """（六）其他处理 printed in the other layout's shape: a gap, never split or summed."""
    def printed(keys) -> str:
        return "、".join(f"{col.label} {shown(out.foreign[f't3.{k}.{col.key}'][0])}"
                        for k in keys for col in T3_COLUMNS if f"t3.{k}.{col.key}" in out.foreign)
    single = any(k.startswith(f"t3.{SINGLE_OTHER}.") for k in out.foreign)
    split = any(k.startswith(f"t3.{s}.") for s in SPLIT_OTHER for k in out.foreign)
    if out.layout.name == "2021" and single:
        for s in SPLIT_OTHER:
            for col in T3_COLUMNS:
                out.cell_gap(f"t3.{s}.{col.key}", "（六）其他处理在表中只印了一行，没有分 1–3 小项，无法拆分（未猜测）")
        out.notes.append(f"表三“（六）其他处理”印为一行（{printed([SINGLE_OTHER])}），"
                         "2021年版格式要求分三个小项填写，请按实际情况补填")
    if out.layout.name == "2019" and split:
        for col in T3_COLUMNS:
            out.cell_gap(f"t3.{SINGLE_OTHER}.{col.key}", "（六）其他处理在表中分为三个小项，2019年版格式只有一行；未相加")
        out.notes.append(f"表三“（六）其他处理”分三个小项印出（{printed(SPLIT_OTHER)}），与 2019年版格式不符")


# --- 表四 ----------------------------------------------------------------------------------


def _is_t4_header(cells: list[TableCell]) -> bool:
    return any(T4_COLUMN.get(c.text, fuzzy=False) or T4_BLOCK.get(c.text, fuzzy=False) for c in cells)


def read_t4(pieces: list[Table], out: Collector) -> None:
    keys = [f"t4.{b}.{c.key}" for b in ("fy", "zs", "fyhs") for c in T4_COLUMNS]
    found: dict[str, str] = {}
    for table in pieces:
        header_rows = [r for r in range(table.n_rows) if _is_t4_header(table.row_cells(r))]
        colmap: dict[str, list[int]] = {}
        for c in range(table.n_cols):
            block = column = None
            for r in header_rows:
                cell = table.at(r, c)
                if cell is None:
                    continue
                b = T4_BLOCK.get(cell.text)
                if b and b != GROUP and (block is None or b != "fy"):
                    block = b
                column = T4_COLUMN.get(cell.text) or column
            if block and column:
                colmap.setdefault(f"t4.{block}.{column}", []).append(c)
        last_header = max(header_rows, default=-1)
        rows = [r for r in range(last_header + 1, table.n_rows)
                if any(c.text.strip(" \t\n\u3000\xa0") for c in table.row_cells(r))]
        if not rows and last_header + 1 < table.n_rows:
            rows = [last_header + 1]    # a data row left entirely empty
        for r in rows:
            cells = table.row_cells(r)
            if len(colmap) == len(keys):
                texts = {k: _text_over(table, r, cols, []) for k, cols in colmap.items()}
            elif len(cells) == len(keys):
                texts = dict(zip(keys, (c.text for c in cells)))
            else:
                out.row_gap("t4", f"第{r + 1}行", f"表头不全，该行有 {len(cells)} 格，与格式的 15 栏对不上，未读取")
                continue
            for k, text in texts.items():
                if text is None:
                    out.cell_gap(k, "表头下有几个不同的数字，无法确定是哪一个")
                elif k in found and found[k] != text and text.strip():
                    out.cell_gap(k, "表四有不止一行数字，无法确定是哪一行")
                elif k not in found or text.strip():
                    found[k] = text
    for k, text in found.items():
        out.put(k, text)


# --- all three -----------------------------------------------------------------------------


@dataclass
class TablesRead:
    layout: str
    cells: dict[str, Value]
    gaps: list[Gap]
    notes: list[str]
    found: set[str]
    layout_basis: str


def report_tables(tables: list[Table]) -> dict[str, list[Table]]:
    """The parts of 表二/三/四 among `tables`, in document order."""
    pieces: dict[str, list[Table]] = {"t2": [], "t3": [], "t4": []}
    for table in tables:
        kind = classify(table)
        if kind and len(pieces[kind]) < MAX_PARTS:
            pieces[kind].append(table)
    return pieces


def read_tables(pieces: dict[str, list[Table]], year: int | None) -> TablesRead:
    name, basis = _layout(pieces, year)
    out = Collector(LAYOUTS[name])
    read_t2(pieces["t2"], out)
    read_t3(pieces["t3"], out)
    read_t4(pieces["t4"], out)
    found = {k for k, v in pieces.items() if v}
    cells = out.values(found)
    for key in ("t2", "t3", "t4"):
        if key not in found:
            n = sum(1 for c in out.layout.cells.values() if c.table == key)
            out.gaps.append(Gap(None, TABLE_NAMES[key], f"文档中没有找到{TABLE_TITLES[key]}，其 {n} 个单元格均未读取"))
    return TablesRead(name, cells, out.gaps, out.notes, found, basis)


def _layout(pieces: dict[str, list[Table]], year: int | None) -> tuple[str, str]:
    by_t2 = t2_layout(pieces["t2"])
    if by_t2:
        return by_t2, "表二的表头"
    keys = set()
    for table in pieces["t3"]:
        for r in range(table.n_rows):
            for cell in table.row_cells(r):
                keys.add(T3_ROWS.get(cell.text))
    if SINGLE_OTHER in keys and not keys & set(SPLIT_OTHER):
        return "2019", "表三（六）其他处理只有一行"
    if keys & set(SPLIT_OTHER):
        return "2021", "表三（六）其他处理分三个小项"
    if year is not None:
        return layout_for_year(year).name, "报告年度"
    return "2021", "默认"
