"""S-9: every figure the narrative states equals the table's (rules.md S-9).

What is read: 一、总体情况 (any sub-heading) and 六、其他需要报告的事项, through
`models.checks.statements`. What each statement is compared with:

* 表二: 制发 / 废止 / 现行有效 规章 and (行政)规范性文件, 行政许可 / 处罚 / 强制, 行政事业性收费 (万元);
* 表三: 新收 / 收到 申请 (this year's new ones, or with 上年结转 added: both are said), 上年结转, 办结,
  结转下年度, 予以公开, 部分公开 (or both together), 不予公开 / 无法提供 / 不予处理 / 其他处理 (the sum
  of their rows);
* 表四: 行政复议, 行政诉讼 (未经复议直接起诉 + 复议后起诉, or either alone), and their 结果维持 /
  结果纠正 / 其他结果 / 尚未审结;
* 六: 发出收费通知 N 件, 总金额 N 元, 实际收取 N 元 (the 信息处理费 figures), when they are filled in.

A statement about last year is compared with last year's report when it is at hand, and left
alone otherwise; a change (「与上年相比增加5件」) with the difference of the two years. Each wrong
figure is its own finding: its cells are the table cells, its message quotes the sentence, its id
ends with the section and the words that say the figure (`Finding.id`), and `quote` is the
sentence for the wizard to select.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from models import marks
from models.catalogue import LAYOUTS
from models.checks.base import finding, rule
from models.checks.statements import Statement, statements

NARRATIVE = (("s1", "一、总体情况"), ("s6", "六、其他需要报告的事项"))   # where 参考文本 is inserted too
COUNT_UNITS = ("件", "起", "宗", "份")
AMOUNT_UNITS = {"万元": Decimal(1), "元": Decimal("0.0001")}      # in 万元
QUOTE_CHARS = 60
_TABLE = {"t2": "表二", "t3": "表三", "t4": "表四"}
_T4_SOURCES = {"fy": ("fy",), "zs": ("zs",), "fyhs": ("fyhs",), "lawsuits": ("zs", "fyhs")}
_T3_GROUPS = {"withheld": ("r3_3_", "（三）不予公开"), "unavailable": ("r3_4_", "（四）无法提供"),
              "not_handled": ("r3_5_", "（五）不予处理"), "other": ("r3_6", "（六）其他处理")}


@dataclass(frozen=True)
class Figure:
    """What a statement is compared with: the sum of `cells`, named `label` in the message."""
    cells: tuple[str, ...]
    label: str
    amount: bool = False       # 万元 (表二 行政事业性收费) rather than a count


_RECEIVED = Figure(("t3.r1.zj",), "表三 一、本年新收政府信息公开申请数量·总计")


@lru_cache(maxsize=256)
def figure_for(layout_name: str, topic: str, kind: str) -> Figure | None:
    """The table figure a statement of (topic, kind) states, in the layout `layout_name`."""
    layout = LAYOUTS[layout_name]
    cells = layout.cells

    def single(key: str, amount: bool = False) -> Figure | None:
        return Figure((key,), f"{_TABLE[key[:2]]} {cells[key].name}", amount) if key in cells else None

    if topic in ("gz", "gfxwj"):
        column = {"made": "made", "repealed": "repealed", "valid": "valid"}[kind]
        if layout_name == "2019":   # 新制作 is the 2019 layout's 制发; it has no 废止 or 现行有效
            return single(f"t2.{topic}.new_made") if kind == "made" else None
        return single(f"t2.{topic}.{column}")
    if topic in ("xzxk", "xzcf", "xzqz"):
        return single(f"t2.{topic}.count" if layout_name == "2021" else f"t2.{topic}.decisions")
    if topic == "sf":
        return single("t2.sf.amount", amount=True) if layout_name == "2021" else None
    if topic == "applications":
        simple = {"carried_in": "r2", "done": "r3_7", "carried_out": "r4", "disclosed": "r3_1", "partly": "r3_2"}
        if kind in simple:
            return single(f"t3.{simple[kind]}.zj")
        if kind == "disclosed_partly":
            return Figure(("t3.r3_1.zj", "t3.r3_2.zj"), "表三 （一）予以公开 与（二）部分公开 之和")
        if kind in _T3_GROUPS:
            prefix, label = _T3_GROUPS[kind]
            rows = [r for r in layout.outcome_rows if r.startswith(prefix)]
            return Figure(tuple(f"t3.{r}.zj" for r in rows), f"表三 {label}" + ("·总计" if len(rows) == 1 else " 各项总计之和"))
        return None     # "received": see _received
    if topic in _T4_SOURCES:
        column = kind or "zj"
        keys = tuple(f"t4.{block}.{column}" for block in _T4_SOURCES[topic])
        if len(keys) == 1:
            return single(keys[0])
        what = {"zj": "总计", "wc": "结果维持", "jz": "结果纠正", "qt": "其他结果", "wj": "尚未审结"}[column]
        return Figure(keys, f"表四 行政诉讼（未经复议直接起诉与复议后起诉）·{what} 之和")
    return None


def _sum(report, keys):
    number = report.number
    return number(keys[0]) if len(keys) == 1 else sum(number(k) for k in keys)


def _quote(sentence: str, phrase: str) -> str:
    """The sentence as the message quotes it: whole when short, else around the phrase."""
    text = sentence.strip()
    if len(text) <= QUOTE_CHARS:
        return text
    squeezed = "".join(text.split())
    at = squeezed.find(phrase)
    if at < 0:
        return text[:QUOTE_CHARS] + "……"
    start = max(0, at - (QUOTE_CHARS - len(phrase)) // 2)
    end = min(len(squeezed), start + max(QUOTE_CHARS, len(phrase)))
    return ("……" if start else "") + squeezed[start:end] + ("……" if end < len(squeezed) else "")


def _shown(value) -> str:
    if not isinstance(value, Decimal):
        return str(value)
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def _expected(report, previous, s: Statement):
    """(the figures the statement may say, the cells, a function saying what the table says), or
    None when the statement is not one to compare (unknown here, another unit, last year not at
    hand). The words are made only for a statement that disagrees."""
    if s.topic == "fees" or (s.last_year and previous is None) or (s.change and not s.last_year):
        return None      # 「增加5件」 against what? Only a change against last year is read
    received = s.topic == "applications" and s.kind == "received"
    figure = _RECEIVED if received else figure_for(report.format, s.topic, s.kind)
    if figure is None or figure.amount != (s.unit in AMOUNT_UNITS):
        return None
    unit = "万元" if figure.amount else "件"
    if s.change:
        last_figure = figure if received else figure_for(previous.format, s.topic, s.kind)
        if last_figure is None:
            return None
        value, last = _sum(report, figure.cells), _sum(previous, last_figure.cells)
        return {(value - last) * s.change}, figure.cells, lambda: (
            f"{figure.label} 本年 {_shown(value)}{unit}、{previous.year}年 {_shown(last)}{unit}，"
            f"相差 {_shown(value - last)}{unit}")
    source, whose = (previous, f"{previous.year}年报告") if s.last_year else (report, "")
    if source is not report and not received and source.format != report.format:
        figure = figure_for(source.format, s.topic, s.kind)
        if figure is None:
            return None
    value = _sum(source, figure.cells)
    if received:
        carried = source.number("t3.r2.zj")
        told = (f"{whose}表三 一、本年新收 {_shown(value)}件（含上年结转共 {_shown(value + carried)}件）" if carried
                else f"{whose}{figure.label} {_shown(value)}件")
        return {value, value + carried}, ("t3.r1.zj", "t3.r2.zj"), lambda: told
    return {value}, figure.cells, lambda: f"{whose}{figure.label} {_shown(value)}{unit}"


def _fee_expected(report, s: Statement) -> tuple[set[Decimal], str] | None:
    fees = report.fees
    if s.topic != "fees" or fees is None or s.last_year or s.change:
        return None
    if s.kind == "notices" and s.unit in COUNT_UNITS:
        return {fees.notices}, f"信息处理费 发出收费通知 {fees.notices} 件"
    amounts = {"notice_amount": ("收费通知总金额", fees.notice_amount_yuan), "collected": ("实际收取金额", fees.collected_yuan)}
    if s.kind in amounts and s.unit in AMOUNT_UNITS:
        name, yuan = amounts[s.kind]
        return {Decimal(yuan) / 10000}, f"信息处理费 {name} {_shown(Decimal(yuan))} 元"
    return None


def _agrees(s: Statement, allowed: set[Decimal]) -> bool:
    """The statement says one of the `allowed` figures (万元 for amounts, 件 for counts). An amount
    agrees when it is the table's rounded to the places it is written with: 「4166.24万元」 for
    4166.241619, as 参考文本 and people write it (models.sentences.written_amount)."""
    if s.unit not in AMOUNT_UNITS:
        return s.value in allowed
    places = Decimal(1).scaleb(min(0, s.value.as_tuple().exponent))
    return any((a / AMOUNT_UNITS[s.unit]).quantize(places, ROUND_HALF_UP) == s.value for a in allowed)


STALE_NOTE = "（此句由参考文本生成，表格改动后已不相符，可“按表格更新此句”）"


@rule("S-9", "warning", "正文（一、六）中引用的数字应与表格一致")
def quoted_figures(report, previous, options):
    stale = marks.stale(report, previous) if report.marks else {}
    for key, heading in NARRATIVE:
        text = report.section_text(key)
        if not text:
            continue
        seen: dict[tuple, int] = {}
        flagged: set[str] = set()
        known: dict[tuple, object] = {}     # what the tables say, once per kind of statement
        for s in statements(text, report.year):
            kind = (s.topic, s.kind, s.last_year, s.change, s.unit in AMOUNT_UNITS)
            expected = known[kind] if kind in known else known.setdefault(kind, _expected(report, previous, s))
            if expected is not None:
                allowed, cells, says = expected
            else:
                fee = _fee_expected(report, s)
                if fee is None:
                    continue
                allowed, told = fee
                cells, says = (), (lambda told=told: told)
            if _agrees(s, allowed):
                continue
            anchor = f"{key}:{s.phrase}"
            seen[(cells, anchor)] = n = seen.get((cells, anchor), 0) + 1
            if n > 1:
                anchor += f"#{n}"
            sentence = s.sentence.strip()
            rewrite = stale.get((key, sentence))
            flagged.add(sentence)
            yield finding("S-9", cells, f"{heading}中“{s.phrase}”与{says()}不一致，原句："
                                        f"“{_quote(s.sentence, s.phrase)}”" + (STALE_NOTE if rewrite else ""),
                          subject=key, anchor=anchor, quote=sentence, rewrite=rewrite)
        # 参考文本 the tables changed under where no figure read above disagrees (a breakdown, a
        # percentage, a clause that is no longer written): said all the same
        for (mark_key, sentence), rewrite in stale.items():
            if mark_key == key and sentence not in flagged:
                yield finding("S-9", (), f"{heading} 中由参考文本生成的“{_quote(sentence, '')}”与表格已不相符，"
                                         f"按现在的表格应写作“{_quote(rewrite, '')}”",
                              subject=key, anchor=f"{key}:参考文本:{sentence[:24]}", quote=sentence, rewrite=rewrite)
