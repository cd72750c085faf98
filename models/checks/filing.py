"""Filing rules: the layout the year requires (H-9) and the publication date (S-14): after the
report year, and by the deadline."""

from __future__ import annotations

from datetime import date

from models.catalogue import FIRST_YEAR_OF_2021_LAYOUT
from models.checks.base import finding, rule
from models.report import signature_date
from models.values import format_date

# 条例第四十九条: departments by 1月31日, governments by 3月31日 of the following year.
STATUTORY_DEADLINE = {"dept": (1, 31, "政府部门为次年1月31日前"), "gov": (3, 31, "人民政府为次年3月31日前")}


@rule("H-9", "error", "2021年及以后的报告须使用2021年版格式")
def layout_of_year(report, previous, options):
    if report.year >= FIRST_YEAR_OF_2021_LAYOUT and report.format != "2021":
        yield finding("H-9", (), f"{report.year}年度报告须使用2021年版格式（国办公开办函〔2021〕30号），"
                                 f"本报告的表格是{report.format}年版（试行）格式")


@rule("S-14", "warning", "发布日期不晚于法定期限（可设置本地期限），且在报告年度结束之后")
def publication_deadline(report, previous, options):
    # the date the 落款 prints: the publication date, or (when signing now) today's
    day = report.published if options.today is None else signature_date(report, options.today)
    if day is None:
        return      # an earlier year's report without a date: the 落款 leaves it blank for the hand
    what = "发布日期" if report.published is not None else "落款日期（未填发布日期，按今天）"
    if day <= date(report.year, 12, 31):
        yield finding("S-14", (), f"{what} {format_date(day)} 不晚于 {report.year}年12月31日：报告年度结束之前"
                                  f"不可能发布本年度报告；请在“单位与年度”填写实际的发布日期")
        return
    if options.local_deadline:
        month, day_of_month = options.local_deadline
        basis = "本地规定的期限"
    elif report.unit.kind in STATUTORY_DEADLINE:
        month, day_of_month, basis = STATUTORY_DEADLINE[report.unit.kind]
        basis = "条例第四十九条：" + basis
    else:
        return
    deadline = date(report.year + 1, month, day_of_month)
    if day > deadline:
        yield finding("S-14", (), f"{what} {format_date(day)} 晚于 {format_date(deadline)}（{basis}）")
