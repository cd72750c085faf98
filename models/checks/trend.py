"""S-15: a figure that jumps by more than 5× (or falls below a fifth) against last year."""

from __future__ import annotations

from models.catalogue import COMPARABLE_FROM_2019
from models.checks.base import finding, fmt, rule

WATCHED = ("t3.r1.zj", "t2.gz.made", "t2.gz.valid", "t2.gfxwj.made", "t2.gfxwj.valid",
           "t2.xzxk.count", "t2.xzcf.count", "t2.xzqz.count", "t2.sf.amount",
           "t4.fy.zj", "t4.zs.zj", "t4.fyhs.zj")
FACTOR = 5
FLOOR = 10   # both years at least this much, so small numbers do not trigger it


def last_year_value(previous, key):
    """Last year's figure for a 2021 key, or None when last year has nothing comparable."""
    if previous.format == "2021" or key.startswith(("t3.", "t4.")):
        return previous.number(key) if key in previous.cells else None
    sources = COMPARABLE_FROM_2019.get(key)
    if not sources or not all(k in previous.cells for k in sources):
        return None
    return sum(previous.number(k) for k in sources)


@rule("S-15", "warning", "与上年相比变化超过5倍（两年都不少于10）", needs_previous=True)
def sudden_change(report, previous, options):
    cells = report.layout.cells
    for key in WATCHED:
        if key not in cells or key not in report.cells:
            continue
        this, last = report.number(key), last_year_value(previous, key)
        if last is None or this < FLOOR or last < FLOOR:
            continue
        if this > last * FACTOR or this * FACTOR < last:
            yield finding("S-15", (key,), f"{cells[key].name} 为 {fmt(this)}，{previous.year}年为 {fmt(last)}，"
                                          f"变化超过 {FACTOR} 倍；请核实是否多输或少输了一位数字，或统计口径有变化")
