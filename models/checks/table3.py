"""表三 rules: row and column totals (H-2, H-3), the printed balance (H-4, H-5), the
部分公开 hint (S-2) and the carry-over from last year (S-3)."""

from __future__ import annotations

from models.catalogue import LAYOUTS, T3_COLUMNS, T3_TOTAL_ROW
from models.checks.base import finding, fmt, rule
from models.typos import suspects

# Sum identities by layout and rule, computed once.
IDENTITIES = {name: {} for name in LAYOUTS}
for _name, _layout in LAYOUTS.items():
    for _identity in _layout.identities:
        IDENTITIES[_name].setdefault(_identity.rule, []).append(_identity)


def sum_identities(rule_id: str):
    """The check for one family of total identities (also used by 表四's H-6…H-8)."""
    def check(report, previous, options):
        number, cells = report.number, report.layout.cells
        for identity in IDENTITIES[report.format].get(rule_id, ()):
            total = number(identity.total)
            parts = sum(map(number, identity.addends))
            if total != parts:
                terms = [(identity.total, total, 1)] + [(k, number(k), -1) for k in identity.addends]
                likely = _integer_suspects(terms, total - parts)
                yield finding(rule_id, (identity.total,) + identity.addends,
                              f"{cells[identity.total].name} 为 {fmt(total)}，但{identity.addends_phrase}为 {fmt(parts)}，"
                              f"相差 {fmt(abs(total - parts))}{_likely(likely, cells)}", suspects=likely)
    return check


rule("H-2", "error", "表三每行：总计 = 自然人 + 法人或其他组织各列")(sum_identities("H-2"))
rule("H-3", "error", "表三（七）总计 = （一）至（六）各项之和")(sum_identities("H-3"))


def _integer_suspects(terms, difference) -> tuple[str, ...]:
    """The cells a typo most likely sits in (counts only: amounts are not typed that way)."""
    if not all(isinstance(value, int) for _, value, _ in terms) or not isinstance(difference, int):
        return ()
    return suspects(terms, difference)


def _likely(keys, cells) -> str:
    return f"；最可能输错的是：{'、'.join(cells[k].name for k in keys)}" if keys else ""


def _balance(report, column):
    n = report.number
    return (n(f"t3.r1.{column}"), n(f"t3.r2.{column}"), n(f"t3.{T3_TOTAL_ROW}.{column}"), n(f"t3.r4.{column}"))


def _keys(column):
    return (f"t3.r1.{column}", f"t3.r2.{column}", f"t3.{T3_TOTAL_ROW}.{column}", f"t3.r4.{column}")


@rule("H-4", "error", "表三每列：第一项加第二项之和，等于第三项加第四项之和")
def balance(report, previous, options):
    for col in T3_COLUMNS:
        new, carried, done, open_ = _balance(report, col.key)
        if new + carried != done + open_:
            # the typo is looked for in the figures typed: （七）总计 stands for its outcome rows
            outcomes = [f"t3.{row}.{col.key}" for row in report.layout.outcome_rows]
            terms = ([(f"t3.r1.{col.key}", new, 1), (f"t3.r2.{col.key}", carried, 1), (f"t3.r4.{col.key}", open_, -1)]
                     + [(k, report.number(k), -1) for k in outcomes])
            likely = _integer_suspects(terms, new + carried - done - open_)
            yield finding("H-4", _keys(col.key),
                          f"{col.label}列：一、本年新收 {new} 加 二、上年结转 {carried} 为 {new + carried}，"
                          f"但 三、（七）总计 {done} 加 四、结转下年度继续办理 {open_} 为 {done + open_}，"
                          f"相差 {abs(new + carried - done - open_)}{_likely(likely, report.layout.cells)}",
                          suspects=likely)


@rule("H-5", "error", "表三每列：办结数、结转数都不能超过新收与上年结转之和")
def not_more_than_received(report, previous, options):
    for col in T3_COLUMNS:
        new, carried, done, open_ = _balance(report, col.key)
        received = new + carried
        for value, what, key in ((done, "三、（七）总计", f"t3.{T3_TOTAL_ROW}.{col.key}"),
                                 (open_, "四、结转下年度继续办理", f"t3.r4.{col.key}")):
            if value > received:
                yield finding("H-5", (key, f"t3.r1.{col.key}", f"t3.r2.{col.key}"),
                              f"{col.label}列：{what} 为 {value}，超过了 一、本年新收与二、上年结转之和 {received}，"
                              f"多半是输入错误")


@rule("S-2", "info", "部分公开只计这一情形，不计其他情形")
def partly_disclosed(report, previous, options):
    if report.number("t3.r3_2.zj") > 0:
        yield finding("S-2", tuple(f"t3.r3_2.{c.key}" for c in T3_COLUMNS),
                      "（二）部分公开：区分处理的申请只计入这一项，不要再计入（三）至（六）的任何一项")


@rule("S-3", "warning", "本年“二、上年结转”应等于上年“四、结转下年度继续办理”", needs_previous=True)
def carried_over(report, previous, options):
    for col in T3_COLUMNS:
        this, last = report.number(f"t3.r2.{col.key}"), previous.number(f"t3.r4.{col.key}")
        if this != last:
            yield finding("S-3", (f"t3.r2.{col.key}",),
                          f"二、上年结转政府信息公开申请数量·{col.label} 为 {this}，但{previous.year}年报告"
                          f"“四、结转下年度继续办理”·{col.label} 为 {last}")
