"""The official report format as data — the one place the format is written down.

《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号) and, for reading
old years, the 2019 试行 format (国办公开办函〔2019〕60号). Labels are copied character for
character from shared/spec/format.md §3 (checked against the real WPS template by a test).

Everything that needs the format — the checks, the wizard, the document export, the
importer — asks this module: sections and headings, tables with their rows, columns and
merged header cells, the stable key of every data cell, its value kind, whether it is a
total (and of what), and the row's 填报说明.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from models import guidance

# ---------------------------------------------------------------------------
# Sections and narrative
# ---------------------------------------------------------------------------

TEXT_KEYS = ("preamble", "s1", "s2", "s3", "s4", "s5", "s6")


@dataclass(frozen=True)
class Section:
    key: str            # narrative key in the data file: "s1" … "s6"
    heading: str        # exactly as printed
    table: str | None   # "t2" / "t3" / "t4" for the sections that carry a table
    subheadings: tuple[str, ...] = ()
    hint: str = ""


SECTIONS = (
    Section(
        "s1", "一、总体情况", None,
        subheadings=("（一）主动公开", "（二）依申请公开", "（三）政府信息管理",
                     "（四）政府信息公开平台建设", "（五）监督保障"),
        hint="综述本机关贯彻落实《中华人民共和国政府信息公开条例》情况，包括主动公开、依申请公开、"
             "政府信息管理、政府信息公开平台建设、监督保障等方面。",
    ),
    Section("s2", "二、主动公开政府信息情况", "t2"),
    Section("s3", "三、收到和处理政府信息公开申请情况", "t3"),
    Section("s4", "四、政府信息公开行政复议、行政诉讼情况", "t4"),
    Section("s5", "五、存在的主要问题及改进情况", None,
            hint="报告存在的主要问题和改进情况，包括上年度所列问题的整改情况。"),
    Section("s6", "六、其他需要报告的事项", None,
            hint="收取信息处理费情况在此处报告；也可报告落实上级年度政务公开工作要点等其他事项。"),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}
PREAMBLE_LABEL = "前言"

# ---------------------------------------------------------------------------
# Units (data-file.md `unit.kind` / `unit.level`)
# ---------------------------------------------------------------------------

UNIT_KINDS = {
    "gov": "人民政府",
    "dept": "政府部门",
    "other": "其他（法律法规授权组织、公共企事业单位等）",
}
UNIT_LEVELS = {
    "national": "国家级",
    "province": "省级",
    "city": "设区的市、自治州",
    "county": "县级",
    "township": "乡镇、街道",
}


def has_rulemaking_power(kind: str | None, level: str | None) -> bool:
    """规章 may be made only by 国务院部门, 省级政府 and 设区的市/自治州政府 (rules.md S-7)."""
    return (kind == "gov" and level in ("province", "city")) or (kind == "dept" and level == "national")


# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------


class ValueKind(Enum):
    COUNT = "count"     # integer ≥ 0
    SIGNED = "signed"   # integer, may be negative (2019 layout: 本年增/减)
    AMOUNT = "amount"   # decimal ≥ 0 with at most 6 decimals, kept as entered


AMOUNT_MAX_DECIMALS = 6


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ValueKind = ValueKind.COUNT


@dataclass(frozen=True)
class Row:
    key: str
    label: str                       # the row's own label cell, as printed
    columns: tuple[Column, ...]
    path: tuple[str, ...] = ()       # enclosing merged labels, outermost first
    short: str = ""                  # shorter name for messages (defaults to label)
    guidance: str = ""

    @property
    def display(self) -> str:
        """Name for messages: the outermost group (第二十条…, 三、本年度办理结果, 行政诉讼) is dropped."""
        return " ".join(self.path[1:] + (self.short or self.label,))


@dataclass(frozen=True)
class Cell:
    key: str            # "t3.r1.zrr"
    table: str          # "t2" | "t3" | "t4"
    row: str
    column: str
    kind: ValueKind
    name: str           # for messages: "一、本年新收政府信息公开申请数量·自然人"
    guidance: str
    is_total: bool = False


@dataclass(frozen=True)
class GridCell:
    """One cell of a table as printed, with its merge. `key` is set on data cells."""
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""
    key: str | None = None
    role: str = "label"   # "item" (第二十条… heading) | "header" | "label" | "data" | "note"


@dataclass(frozen=True)
class SumIdentity:
    """`total` must equal the sum of `addends` (rules H-2, H-3, H-6, H-7, H-8)."""
    rule: str
    total: str
    addends: tuple[str, ...]
    addends_phrase: str     # how the message names the addends


@dataclass(frozen=True)
class Table:
    key: str
    section: str
    title: str
    rows: tuple[Row, ...]
    grid: tuple[GridCell, ...]
    n_cols: int
    n_grid_rows: int
    header_rows: int        # leading grid rows that repeat on every printed page


@dataclass(frozen=True)
class Layout:
    name: str                               # "2021" | "2019"
    title: str
    tables: tuple[Table, ...]
    identities: tuple[SumIdentity, ...]
    outcome_rows: tuple[str, ...]           # 表三 rows summed into （七）总计
    cells: dict[str, Cell] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


# ---------------------------------------------------------------------------
# 表二 主动公开政府信息情况
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    item: str                                     # 第二十条第（x）项
    columns: tuple[tuple[Column, int], ...]       # column and its colspan
    rows: tuple[tuple[str, str], ...]             # (row key, label)


def _t2_rows_and_grid(blocks: tuple[_Block, ...], n_cols: int, guide: dict[str, str]):
    rows, grid, r = [], [], 0
    for block in blocks:
        grid.append(GridCell(r, 0, colspan=n_cols, text=block.item, role="item"))
        r += 1
        grid.append(GridCell(r, 0, text="信息内容", role="header"))
        c = 1
        for column, span in block.columns:
            grid.append(GridCell(r, c, colspan=span, text=column.label, role="header"))
            c += span
        r += 1
        for row_key, label in block.rows:
            grid.append(GridCell(r, 0, text=label, role="label"))
            c = 1
            for column, span in block.columns:
                grid.append(GridCell(r, c, colspan=span, key=f"t2.{row_key}.{column.key}", role="data"))
                c += span
            rows.append(Row(row_key, label, tuple(col for col, _ in block.columns),
                            path=(block.item,), guidance=guide[row_key]))
            r += 1
    return tuple(rows), tuple(grid), r


_T2_COUNT = Column("count", "本年处理决定数量")
T2_2021_BLOCKS = (
    _Block("第二十条第（一）项",
           ((Column("made", "本年制发件数"), 1), (Column("repealed", "本年废止件数"), 1),
            (Column("valid", "现行有效件数"), 1)),
           (("gz", "规章"), ("gfxwj", "行政规范性文件"))),
    _Block("第二十条第（五）项", ((_T2_COUNT, 3),), (("xzxk", "行政许可"),)),
    _Block("第二十条第（六）项", ((_T2_COUNT, 3),), (("xzcf", "行政处罚"), ("xzqz", "行政强制"))),
    _Block("第二十条第（八）项", ((Column("amount", "本年收费金额（单位：万元）", ValueKind.AMOUNT), 3),),
           (("sf", "行政事业性收费"),)),
)

_T2_2019_ITEMS = ((Column("prev_items", "上一年项目数量"), 1), (Column("delta", "本年增/减", ValueKind.SIGNED), 2),
                  (Column("decisions", "处理决定数量"), 1))
T2_2019_BLOCKS = (
    _Block("第二十条第（一）项",
           ((Column("new_made", "本年新制作数量"), 1), (Column("new_public", "本年新公开数量"), 2),
            (Column("total_public", "对外公开总数量"), 1)),
           (("gz", "规章"), ("gfxwj", "规范性文件"))),
    _Block("第二十条第（五）项", _T2_2019_ITEMS, (("xzxk", "行政许可"), ("qtdwgl", "其他对外管理服务事项"))),
    _Block("第二十条第（六）项", _T2_2019_ITEMS, (("xzcf", "行政处罚"), ("xzqz", "行政强制"))),
    _Block("第二十条第（八）项",
           ((Column("prev_items", "上一年项目数量"), 2), (Column("delta", "本年增/减", ValueKind.SIGNED), 2)),
           (("sf", "行政事业性收费"),)),
    _Block("第二十条第（九）项",
           ((Column("items", "采购项目数量"), 2), (Column("amount", "采购总金额", ValueKind.AMOUNT), 2)),
           (("zfcg", "政府集中采购"),)),
)

# ---------------------------------------------------------------------------
# 表三 收到和处理政府信息公开申请情况
# ---------------------------------------------------------------------------

T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T3_ORG_GROUP = "法人或其他组织"
T3_COLUMNS = (
    Column("zrr", "自然人"),
    Column("syqy", "商业企业"),
    Column("kyjg", "科研机构"),
    Column("shgy", "社会公益组织"),
    Column("flfw", "法律服务机构"),
    Column("qt", "其他"),
    Column("zj", "总计"),
)
T3_PARTS = ("zrr", "syqy", "kyjg", "shgy", "flfw", "qt")   # the columns summed into 总计
T3_ORG = ("syqy", "kyjg", "shgy", "flfw", "qt")

_RESULTS = "三、本年度办理结果"
_REFUSED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_NOT_HANDLED = "（五）不予处理"
_OTHER = "（六）其他处理"

# (key, path below 三, label, short)
_T3_HEAD = (
    ("r1", (), "一、本年新收政府信息公开申请数量", ""),
    ("r2", (), "二、上年结转政府信息公开申请数量", ""),
    ("r3_1", (_RESULTS,), "（一）予以公开", ""),
    ("r3_2", (_RESULTS,), "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开"),
    ("r3_3_1", (_RESULTS, _REFUSED), "1.属于国家秘密", ""),
    ("r3_3_2", (_RESULTS, _REFUSED), "2.其他法律行政法规禁止公开", ""),
    ("r3_3_3", (_RESULTS, _REFUSED), "3.危及“三安全一稳定”", ""),
    ("r3_3_4", (_RESULTS, _REFUSED), "4.保护第三方合法权益", ""),
    ("r3_3_5", (_RESULTS, _REFUSED), "5.属于三类内部事务信息", ""),
    ("r3_3_6", (_RESULTS, _REFUSED), "6.属于四类过程性信息", ""),
    ("r3_3_7", (_RESULTS, _REFUSED), "7.属于行政执法案卷", ""),
    ("r3_3_8", (_RESULTS, _REFUSED), "8.属于行政查询事项", ""),
    ("r3_4_1", (_RESULTS, _UNABLE), "1.本机关不掌握相关政府信息", ""),
    ("r3_4_2", (_RESULTS, _UNABLE), "2.没有现成信息需要另行制作", ""),
    ("r3_4_3", (_RESULTS, _UNABLE), "3.补正后申请内容仍不明确", ""),
    ("r3_5_1", (_RESULTS, _NOT_HANDLED), "1.信访举报投诉类申请", ""),
    ("r3_5_2", (_RESULTS, _NOT_HANDLED), "2.重复申请", ""),
    ("r3_5_3", (_RESULTS, _NOT_HANDLED), "3.要求提供公开出版物", ""),
    ("r3_5_4", (_RESULTS, _NOT_HANDLED), "4.无正当理由大量反复申请", ""),
    ("r3_5_5", (_RESULTS, _NOT_HANDLED), "5.要求行政机关确认或重新出具已获取信息", ""),
)
_T3_OTHER_2021 = (
    ("r3_6_1", (_RESULTS, _OTHER), "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ""),
    ("r3_6_2", (_RESULTS, _OTHER), "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ""),
    ("r3_6_3", (_RESULTS, _OTHER), "3.其他", ""),
)
_T3_OTHER_2019 = (("r3_6", (_RESULTS,), "（六）其他处理", ""),)
_T3_TAIL = (
    ("r3_7", (_RESULTS,), "（七）总计", ""),
    ("r4", (), "四、结转下年度继续办理", ""),
)
T3_TOTAL_ROW = "r3_7"


def _t3(spec) -> tuple[tuple[Row, ...], tuple[GridCell, ...], int]:
    rows = tuple(Row(key, label, T3_COLUMNS, path=path, short=short, guidance=guidance.TABLE3[key])
                 for key, path, label, short in spec)
    grid = [
        GridCell(0, 0, rowspan=3, colspan=3, text=T3_CORNER, role="note"),
        GridCell(0, 3, colspan=7, text=T3_APPLICANTS, role="header"),
        GridCell(1, 3, rowspan=2, text="自然人", role="header"),
        GridCell(1, 4, colspan=5, text=T3_ORG_GROUP, role="header"),
        GridCell(1, 9, rowspan=2, text="总计", role="header"),
    ]
    grid += [GridCell(2, 4 + i, text=c.label, role="header") for i, c in enumerate(T3_COLUMNS[1:6])]
    first_grid_row = 3
    for i, row in enumerate(rows):
        r = first_grid_row + i
        depth = len(row.path)
        # a merged label cell starts where its group starts
        for level, label in enumerate(row.path):
            prefix = row.path[:level + 1]
            if i == 0 or rows[i - 1].path[:level + 1] != prefix:
                span = 0
                for other in rows[i:]:
                    if other.path[:level + 1] != prefix:
                        break
                    span += 1
                grid.append(GridCell(r, level, rowspan=span, text=label, role="label"))
        grid.append(GridCell(r, depth, colspan=3 - depth, text=row.label, role="label"))
        grid += [GridCell(r, 3 + j, key=f"t3.{row.key}.{c.key}", role="data") for j, c in enumerate(T3_COLUMNS)]
    return rows, tuple(grid), first_grid_row + len(rows)


# ---------------------------------------------------------------------------
# 表四 政府信息公开行政复议、行政诉讼情况 (same in 2019 and 2021)
# ---------------------------------------------------------------------------

T4_COLUMNS = (
    Column("wc", "结果维持"),
    Column("jz", "结果纠正"),
    Column("qt", "其他结果"),
    Column("wj", "尚未审结"),
    Column("zj", "总计"),
)
T4_PARTS = ("wc", "jz", "qt", "wj")
T4_REVIEW = "行政复议"
T4_LITIGATION = "行政诉讼"
_T4_BLOCKS = (
    ("fy", (), T4_REVIEW, "H-6"),
    ("zs", (T4_LITIGATION,), "未经复议直接起诉", "H-7"),
    ("fyhs", (T4_LITIGATION,), "复议后起诉", "H-8"),
)
T4_TOTAL_RULE = {block: rule for block, _, _, rule in _T4_BLOCKS}


def _t4() -> tuple[tuple[Row, ...], tuple[GridCell, ...], int]:
    rows = tuple(
        Row(key, label, T4_COLUMNS, path=path,
            short=f"{T4_LITIGATION}（{label}）" if path else label,
            guidance=guidance.TABLE4_BLOCKS[key])
        for key, path, label, _ in _T4_BLOCKS)
    grid = [
        GridCell(0, 0, colspan=5, text=T4_REVIEW, role="header"),
        GridCell(0, 5, colspan=10, text=T4_LITIGATION, role="header"),
    ]
    grid += [GridCell(1, i, rowspan=2, text=c.label, role="header") for i, c in enumerate(T4_COLUMNS)]
    grid += [GridCell(1, 5, colspan=5, text="未经复议直接起诉", role="header"),
             GridCell(1, 10, colspan=5, text="复议后起诉", role="header")]
    grid += [GridCell(2, 5 + 5 * b + i, text=c.label, role="header")
             for b in range(2) for i, c in enumerate(T4_COLUMNS)]
    grid += [GridCell(3, 5 * b + i, key=f"t4.{row.key}.{c.key}", role="data")
             for b, row in enumerate(rows) for i, c in enumerate(T4_COLUMNS)]
    return rows, tuple(grid), 4


# ---------------------------------------------------------------------------
# Layout assembly
# ---------------------------------------------------------------------------


def _identities(outcome_rows: tuple[str, ...], t3_rows: tuple[Row, ...]) -> tuple[SumIdentity, ...]:
    # Order matters to fill_totals(): row totals of the outcome and balance rows first,
    # then （七）总计 column by column, then the row total of （七） (equal by construction).
    row_totals = [
        SumIdentity("H-2", f"t3.{row.key}.zj", tuple(f"t3.{row.key}.{c}" for c in T3_PARTS),
                    "自然人与法人或其他组织各列合计")
        for row in t3_rows
    ]
    own_row_total = [i for i in row_totals if i.total == f"t3.{T3_TOTAL_ROW}.zj"]
    other_row_totals = [i for i in row_totals if i not in own_row_total]
    column_totals = [
        SumIdentity("H-3", f"t3.{T3_TOTAL_ROW}.{c.key}", tuple(f"t3.{r}.{c.key}" for r in outcome_rows),
                    "（一）至（六）各项合计")
        for c in T3_COLUMNS
    ]
    t4 = [
        SumIdentity(rule, f"t4.{block}.zj", tuple(f"t4.{block}.{c}" for c in T4_PARTS),
                    "结果维持、结果纠正、其他结果、尚未审结四项合计")
        for block, _, _, rule in _T4_BLOCKS
    ]
    return tuple(other_row_totals + column_totals + own_row_total + t4)


def _build(name: str, title: str, t2_blocks, t2_cols: int, t2_guide, t3_spec) -> Layout:
    t2_rows, t2_grid, t2_n = _t2_rows_and_grid(t2_blocks, t2_cols, t2_guide)
    t3_rows, t3_grid, t3_n = _t3(t3_spec)
    t4_rows, t4_grid, t4_n = _t4()
    tables = (
        Table("t2", "s2", SECTION_BY_KEY["s2"].heading, t2_rows, t2_grid, t2_cols, t2_n, header_rows=0),
        Table("t3", "s3", SECTION_BY_KEY["s3"].heading, t3_rows, t3_grid, 10, t3_n, header_rows=3),
        Table("t4", "s4", SECTION_BY_KEY["s4"].heading, t4_rows, t4_grid, 15, t4_n, header_rows=3),
    )
    outcome_rows = tuple(r.key for r in t3_rows if r.path[:1] == (_RESULTS,) and r.key != T3_TOTAL_ROW)
    identities = _identities(outcome_rows, t3_rows)
    totals = {i.total for i in identities}
    cells: dict[str, Cell] = {}
    for table in tables:
        for row in table.rows:
            for col in row.columns:
                key = f"{table.key}.{row.key}.{col.key}"
                extra = guidance.TABLE4_COLUMNS[col.key] if table.key == "t4" else ""
                cells[key] = Cell(key, table.key, row.key, col.key, col.kind,
                                  name=f"{row.display}·{col.label}",
                                  guidance=(row.guidance + ("\n" + col.label + "：" + extra if extra else "")),
                                  is_total=key in totals)
    return Layout(name, title, tables, identities, outcome_rows, cells)


LAYOUT_2021 = _build(
    "2021", "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
    T2_2021_BLOCKS, 4, guidance.TABLE2, _T3_HEAD + _T3_OTHER_2021 + _T3_TAIL)
LAYOUT_2019 = _build(
    "2019", "《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）",
    T2_2019_BLOCKS, 5, guidance.TABLE2_2019, _T3_HEAD + _T3_OTHER_2019 + _T3_TAIL)
LAYOUTS = {"2021": LAYOUT_2021, "2019": LAYOUT_2019}
FIRST_YEAR_OF_2021_LAYOUT = 2021


def layout_for_year(year: int) -> Layout:
    return LAYOUT_2021 if year >= FIRST_YEAR_OF_2021_LAYOUT else LAYOUT_2019


# 2019 cells that mean the same thing as a 2021 cell, for comparing across the layout change.
# 表三 rows other than （六） and all of 表四 share their keys (2019 （六） = Σ 2021 （六）1–3). Not comparable:
# 对外公开总数量 (a cumulative count, not 现行有效), and 收费 item counts vs the 2021 amount.
COMPARABLE_FROM_2019 = {
    "t2.gz.made": ("t2.gz.new_made",),
    "t2.gfxwj.made": ("t2.gfxwj.new_made",),
    "t2.xzxk.count": ("t2.xzxk.decisions",),
    "t2.xzcf.count": ("t2.xzcf.decisions",),
    "t2.xzqz.count": ("t2.xzqz.decisions",),
}
