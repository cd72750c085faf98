"""Narrative rules: 信息处理费 in 六 (S-10, S-11), 监督保障 of a government (S-12), 雷同 with
last year (S-13) and empty sections (S-16). The figures quoted (S-9) are in quoted.py."""

from __future__ import annotations

import re
from functools import lru_cache

from models import marks
from models.catalogue import T3_COLUMNS
from models.checks.base import INFO, finding, rule

@lru_cache(maxsize=64)
def _quotes(patterns, text) -> tuple[tuple[str, int], ...]:
    """(phrase, figure) quoted in the text; cached, as texts change far less often than cells."""
    return tuple((m.group(0), int(m.group(1))) for pattern in patterns for m in pattern.finditer(text))


# --- S-10, S-11: 信息处理费 in 六 -----------------------------------------------------

_NOTICES = (re.compile(r"收费通知(?:书)?(?:共)?(\d+)件"),)
_FEE_SENTENCE = re.compile(r"处理费|收费")   # 「未产生信息公开处理费」 too
_UNPAID_KEYS = tuple(f"t3.r3_6_2.{c.key}" for c in T3_COLUMNS)


def _fee_notices(report) -> int | None:
    if report.fees is not None:
        return report.fees.notices
    quoted = _quotes(_NOTICES, report.section_text("s6"))
    return quoted[0][1] if quoted else None


@rule("S-10", "warning", "逾期未缴费的申请与六中报告的收费通知应相互印证")
def fee_notices(report, previous, options):
    if report.format != "2021":
        return
    unpaid_keys = _UNPAID_KEYS
    unpaid = report.number("t3.r3_6_2.zj")
    notices = _fee_notices(report)
    if unpaid > 0 and not notices:
        yield finding("S-10", unpaid_keys,
                      f"表三（六）2.逾期未按收费通知要求缴纳费用 共 {unpaid} 件，说明发出过收费通知，"
                      f"但六、其他需要报告的事项 未报告收费通知件数和金额")
    elif notices and unpaid == 0:
        yield finding("S-10", unpaid_keys,
                      f"六中报告发出收费通知 {notices} 件；如有申请人逾期未缴费，应计入表三（六）2", severity=INFO)


@rule("S-11", "warning", "六、其他需要报告的事项应说明信息处理费情况（即使为0）")
def fee_sentence(report, previous, options):
    if report.fees is None and not _FEE_SENTENCE.search(report.section_text("s6")):
        yield finding("S-11", (), "六、其他需要报告的事项 未说明信息处理费收取情况；"
                                  "即使没有收费也应写明，如“本年度未收取信息处理费。”", subject="s6")


# --- S-12: 监督保障 of a government ---------------------------------------------------

_SUPERVISION = "（五）监督保障"
_ART50_4 = ("工作考核", "社会评议", "责任追究")


@rule("S-12", "info", "各级人民政府的监督保障应报告工作考核、社会评议和责任追究结果")
def supervision(report, previous, options):
    if report.unit.kind != "gov":
        return
    text = report.section_text("s1")
    start = text.find(_SUPERVISION)
    part = text[start:] if start >= 0 else text
    missing = [word for word in _ART50_4 if word not in part]
    if missing:
        where = "（五）监督保障" if start >= 0 else "一、总体情况"
        yield finding("S-12", (), f"{where} 未提到{'、'.join(missing)}结果情况（条例第五十条第四项要求各级人民政府报告）",
                      subject="s1")


# --- S-13: near-identical to last year -------------------------------------------------

SIMILAR = 0.9
_MIN_CHARS = 30
_CLAUSE_END = re.compile(r"[。；！？!?;，,：:、\n]+")
_NARRATIVE = (("s1", "一、总体情况"), ("s5", "五、存在的主要问题及改进情况"), ("s6", "六、其他需要报告的事项"))


@lru_cache(maxsize=4096)
def _line_clauses(line: str) -> tuple[str, ...]:
    norm = re.sub(r"\d+", "#", re.sub(r"\s+", "", line))
    return tuple(c for c in _CLAUSE_END.split(norm) if c)


@lru_cache(maxsize=64)
def _clauses(text: str) -> tuple[str, ...]:
    """The text's clauses with spacing ignored and every figure replaced by #, so that a copy
    with only the year and the numbers changed reads as the same text. Empty when too short.
    Read line by line (a line break ends a clause): typing re-reads only the line typed in."""
    clauses = tuple(c for line in text.split("\n") for c in _line_clauses(line))
    if sum(map(len, clauses)) < _MIN_CHARS:
        return ()
    return clauses


@lru_cache(maxsize=16)
def _clause_set(text: str) -> frozenset[str]:
    return frozenset(_clauses(text))


@lru_cache(maxsize=64)
def similarity(this: str, last: str) -> float:
    """Share of this year's text (in characters) made of clauses found unchanged in last year's."""
    clauses, earlier = _clauses(this), _clause_set(last)
    if not clauses or not earlier:
        return 0.0
    return sum(len(c) for c in clauses if c in earlier) / sum(map(len, clauses))


_CARRIED_HEADINGS = (("preamble", "前言"),) + _NARRATIVE


@rule("S-13", "warning", "正文不应与上年报告雷同；从上年带入的段落须逐段核对")
def copied_text(report, previous, options):
    # paragraphs taken over from last year and neither edited nor confirmed (models/marks.py)
    if report.marks:
        for key, heading in _CARRIED_HEADINGS:
            carried = marks.of_key(report, key, marks.CARRIED)
            if not carried:
                continue
            order = {p: i for i, p in reversed(list(enumerate(marks.paragraphs(report.section_text(key)), 1)))}
            seen: dict[str, int] = {}
            for mark in sorted(carried, key=lambda m: order.get(m.body, 0)):
                anchor = f"{key}:{mark.body[:16]}"
                seen[anchor] = n = seen.get(anchor, 0) + 1
                shown = mark.body if len(mark.body) <= 30 else mark.body[:30] + "……"
                yield finding("S-13", (), f"{heading} 第 {order.get(mark.body, 0)} 段从上年报告带入，尚未修改或确认："
                                          f"“{shown}”。请按本年实际修改，或核对无误后确认",
                              subject=key, anchor=anchor + (f"#{n}" if n > 1 else ""), quote=mark.body)
    if previous is None:
        return
    for key, heading in _NARRATIVE:
        ratio = similarity(report.section_text(key), previous.section_text(key))
        if ratio >= SIMILAR:
            yield finding("S-13", (), f"{heading} 中与{previous.year}年报告相同的语句约占 {ratio:.0%}，"
                                      f"请按本年实际情况撰写（内容雷同属于问责情形）", subject=key)


# --- S-16: empty narrative --------------------------------------------------------------

_MIN_PROBLEMS = 30


@lru_cache(maxsize=16)
def _without_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


@rule("S-16", "warning", "一、六不能为空，五不能为空或过于简单")
def empty_sections(report, previous, options):
    if not report.section_text("s1").strip():
        yield finding("S-16", (), "一、总体情况 还没有填写", subject="s1")
    problems = _without_spaces(report.section_text("s5"))
    if len(problems) < _MIN_PROBLEMS:
        state = "还没有填写" if not problems else f"只有 {len(problems)} 个字"
        yield finding("S-16", (), f"五、存在的主要问题及改进情况 {state}；应如实写明存在的问题和改进措施（不少于 {_MIN_PROBLEMS} 字）",
                      subject="s5")
    # 六 prints the 信息处理费 sentence when the fees are filled in: empty only without both
    if not report.section_text("s6").strip() and report.fees is None:
        yield finding("S-16", (), "六、其他需要报告的事项 还没有填写；没有其他事项也应写明（如“无其他需要报告的事项。”），"
                                  "并报告信息处理费情况", subject="s6")
