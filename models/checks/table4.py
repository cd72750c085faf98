"""表四 rules: the three 总计 identities (H-6, H-7, H-8) and 复议后起诉 without 复议 (S-4)."""

from __future__ import annotations

from models.checks.base import finding, rule
from models.checks.table3 import sum_identities

rule("H-6", "error", "行政复议：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结")(sum_identities("H-6"))
rule("H-7", "error", "未经复议直接起诉：总计 = 四项之和")(sum_identities("H-7"))
rule("H-8", "error", "复议后起诉：总计 = 四项之和")(sum_identities("H-8"))


@rule("S-4", "warning", "有复议后起诉的案件，本年和上年却都没有行政复议")
def sued_after_review(report, previous, options):
    sued = report.number("t4.fyhs.zj")
    if sued <= 0 or report.number("t4.fy.zj") != 0:
        return
    if previous is None:
        yield finding("S-4", ("t4.fyhs.zj", "t4.fy.zj"),
                      f"复议后起诉 {sued} 件，但本年行政复议为 0；复议后起诉通常先有复议，"
                      f"如复议发生在以前年度，请说明")
    elif previous.number("t4.fy.zj") == 0:
        yield finding("S-4", ("t4.fyhs.zj", "t4.fy.zj"),
                      f"复议后起诉 {sued} 件，但本年和{previous.year}年的行政复议均为 0；复议后起诉通常先有复议，请核实")
