"""The importer as 83 real reports of one district showed it should read them (issue 9, item 6):
a 片区管理局 is township level, a page's 发布日期 stands in for a missing 落款, and a value cell
merged over （六）'s three rows is read once and named."""

import re
from datetime import date

import pytest

from models.checks import check_report
from models.export.html import report_html
from models.importer import import_document
from models.importer.narrative import guess_unit
from tests.factory import good_report
from tests.test_importer import report_page


@pytest.mark.parametrize("name", ["平潭综合实验区金井片区管理局", "平潭综合实验区澳前片区管理局",
                                  "平潭综合实验区君山片区管委会"])
def test_a_district_office_is_township_level_not_a_county_department(name):
    assert guess_unit(name) == ("gov", "township")
    assert guess_unit("平潭综合实验区自然资源与生态环境局") == ("dept", "county")


def test_without_a_signature_line_the_pages_publication_date_is_taken(tmp_path):
    report = good_report(2023)
    # a page without a 落款, its 发布时间 printed above the text (gov_page: 2024-03-08)
    result = import_document(report_page(report, tmp_path, html=report_html(report, signature=False)))
    assert result.report.published == date(2024, 3, 8)
    assert any("网页上方的发布日期 2024年3月8日" in note for note in result.notes)
    # a 落款 date, when there is one, is the publication date
    report.published = date(2024, 1, 20)
    result = import_document(report_page(report, tmp_path, "signed.html", html=report_html(report)))
    assert result.report.published == date(2024, 1, 20)
    # a 发布时间 that cannot be this report's (the report year itself) is not taken
    other = good_report(2024)
    result = import_document(report_page(other, tmp_path, "same-year.html", html=report_html(other, signature=False)))
    assert result.report.published is None


def _merge_first_column_over_other(html: str, value: str) -> str:
    """表三's 自然人 cells of （六）1–3 printed as one cell over the three rows."""
    cell = r'(<td[^>]*>)([^<]*)(</td>)'
    # (long labels are printed on lines of their own: <br/> inside the label cells)
    rows = re.search(r'（六）(?:<br/>)?其他处理</td><td[^>]*>1\.(?:[^<]|<br/>)*</td>' + cell, html)
    start = rows.start(1)
    html = html[:start] + rows.group(1).replace("<td", '<td rowspan="3"', 1) + value + rows.group(3) + html[rows.end(3):]
    for label in ("2.申请人逾期未按收费通知", "3.其他"):
        after = re.search(re.escape(label) + r'(?:[^<]|<br/>)*</td>' + cell, html)
        html = html[:after.start(1)] + html[after.end(3):]
    return html


def test_a_value_merged_over_other_handlings_three_rows_is_read_once(tmp_path):
    report = good_report(2024)          # （六）1 自然人 1, 2 and 3 nothing
    page = _merge_first_column_over_other(report_html(report), "1")
    result = import_document(report_page(report, tmp_path, html=page))
    cells = result.report.cells
    assert [cells[f"t3.r3_6_{i}.zrr"] for i in (1, 2, 3)] == [1, 0, 0]       # not 1, 1, 1
    assert cells == report.cells and result.gaps == []
    assert not [f for f in check_report(result.report) if f.rule == "H-3"]
    (note,) = [n for n in result.notes if "合并" in n]
    assert "自然人一格向下合并了 3 行" in note and "只计一次" in note
    # a 0 merged over the three rows says nothing to correct
    report.cells["t3.r3_6_1.zrr"] -= 1
    report.cells["t3.r3_1.zrr"] += 1
    report.fill_totals()
    page = _merge_first_column_over_other(report_html(report), "0")
    result = import_document(report_page(report, tmp_path, "zero.html", html=page))
    assert result.report.cells == report.cells and not [n for n in result.notes if "合并" in n]
