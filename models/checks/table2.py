"""表二 rules: 现行有效 across years (S-5) and within the year (S-6), 规章 authority (S-7)."""

from __future__ import annotations

from models.catalogue import LAYOUTS, has_rulemaking_power
from models.checks.base import RULES, Rule, finding, rule

_DOCS = (("gz", "规章"), ("gfxwj", "行政规范性文件"))
_RULES_KEYS = {name: tuple(k for k in layout.cells if k.startswith("t2.gz.")) for name, layout in LAYOUTS.items()}


@rule("S-5", "warning", "现行有效件数 = 上年现行有效 + 本年制发 − 本年废止", needs_previous=True)
def valid_across_years(report, previous, options):
    # 2019's 对外公开总数量 is a cumulative count, not 现行有效: no comparison across the change.
    if report.format != "2021" or previous.format != "2021":
        return
    n = report.number
    for row, label in _DOCS:
        last = previous.number(f"t2.{row}.valid")
        made, repealed, valid = n(f"t2.{row}.made"), n(f"t2.{row}.repealed"), n(f"t2.{row}.valid")
        expected = last + made - repealed
        if valid != expected:
            yield finding("S-5", (f"t2.{row}.valid", f"t2.{row}.made", f"t2.{row}.repealed"),
                          f"{label}·现行有效件数 为 {valid}，但{previous.year}年现行有效 {last} 加本年制发 {made} "
                          f"减本年废止 {repealed} 为 {expected}；如因修改、自动失效、清理或机构改革，请说明")


@rule("S-6", "warning", "现行有效件数不小于本年制发减本年废止")
def valid_within_year(report, previous, options):
    if report.format != "2021":
        return
    n = report.number
    for row, label in _DOCS:
        made, repealed, valid = n(f"t2.{row}.made"), n(f"t2.{row}.repealed"), n(f"t2.{row}.valid")
        if valid < made - repealed:
            yield finding("S-6", (f"t2.{row}.valid", f"t2.{row}.made", f"t2.{row}.repealed"),
                          f"{label}·现行有效件数 为 {valid}，少于本年制发 {made} 减本年废止 {repealed} 之差 {made - repealed}")


@rule("S-7", "warning", "只有国务院部门、省级政府和设区的市、自治州政府可以制定规章")
def rulemaking_power(report, previous, options):
    unit = report.unit
    if unit.kind is None or has_rulemaking_power(unit.kind, unit.level):
        return
    keys = [k for k in _RULES_KEYS[report.format] if report.number(k) > 0]
    if keys:
        yield finding("S-7", keys, "本单位没有规章制定权（只有国务院部门、省级政府和设区的市、自治州政府可以制定规章），"
                                   "但表二“规章”一行填了非 0 数字；规范性文件应填在下一行")


# S-8 is deliberately not a check: a department without 许可/处罚/强制 power reports 0, and
# nothing in the data tells which powers a department has.
RULES["S-8"] = Rule("S-8", "warning", "没有许可、处罚、强制职权的部门一般填0（不检查）", None)
