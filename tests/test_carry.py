"""Last year's report as the template, and the comparison with last year."""

from decimal import Decimal

import pytest

from models.carry import compare, create_from_last_year, move_year_on, next_year_report
from models.checks import check_report
from models.errors import StorageError
from models.storage import Store
from tests.factory import good_report, sample


def test_carry_over_comes_from_last_years_row_four_column_by_column():
    last = sample("pingtan-2025")
    this = next_year_report(last)
    assert this.year == 2026 and this.format == "2021" and this.unit == last.unit
    for col in ("zrr", "syqy", "kyjg", "shgy", "flfw", "qt", "zj"):
        assert this.cells[f"t3.r2.{col}"] == last.number(f"t3.r4.{col}")
    assert this.cells["t3.r2.zj"] == 6           # 平潭 2025: 结转下年度 6 件
    assert not [f for f in check_report(this, last) if f.rule == "S-3"]
    assert this.fees is None and not this.explanations and this.published is None
    assert not [k for k in this.cells if not k.startswith("t3.r2.") and this.cells[k] != 0 and
                not this.layout.cells[k].is_total]


def test_carry_over_from_a_2019_layout_year():
    last = sample("pingtan-2020")
    this = next_year_report(last)
    assert this.format == "2021" and this.cells["t3.r2.zj"] == last.number("t3.r4.zj")


def test_the_report_year_moves_on_and_other_years_stay():
    text = "2024年，本局……2024年度共收到申请；与2023年相比增加；统计期限自2024年1月1日起至2024年12月31日止。编号2024123。"
    assert move_year_on(text, 2024) == ("2025年，本局……2025年度共收到申请；与2023年相比增加；"
                                        "统计期限自2025年1月1日起至2025年12月31日止。编号2024123。")
    this = next_year_report(sample("pingtan-2024"))
    assert "2025年" in this.text["s1"] and "2024年，" not in this.text["s1"]


def test_stored_with_carried_cells_and_texts_to_review(tmp_path):
    with Store.open(tmp_path / "r.sqlite3") as store:
        last_id = store.save_report(sample("pingtan-2024"))
        new_id = create_from_last_year(store, last_id)
        origins = store.cell_origins(new_id)
        assert origins["t3.r2.zrr"] == "carried" and origins["t3.r2.zj"] == "carried"
        assert set(origins) == {k for k in origins if k.startswith("t3.r2.")}   # only 上年结转 is carried
        assert store.text_needs_review(new_id) == {k: True for k in store.load_report(new_id).text}
        assert store.load_report(new_id).year == 2025
        with pytest.raises(StorageError, match="已有 2025 年度"):
            create_from_last_year(store, last_id)


def test_comparison_this_year_last_year_change_percent():
    last, this = good_report(2023), good_report(2024)
    this.cells["t2.xzxk.count"] = 18          # last year 12
    rows = {r.key: r for r in compare(this, last, "t2")}
    row = rows["t2.xzxk.count"]
    assert (row.this, row.last, row.change, row.percent) == (18, 12, 6, Decimal("50.0"))
    assert rows["t2.gz.made"].percent is None                   # 0 last year: no percentage
    assert rows["t2.sf.amount"].change == Decimal("0.000")
    old = sample("pingtan-2020")                                # 2019 layout
    rows = {r.key: r for r in compare(sample("pingtan-2021"), old, "t3")}
    assert rows["t3.r1.zj"].last == 21 and rows["t3.r3_6_1.zrr"].last is None
    rows = {r.key: r for r in compare(sample("pingtan-2021"), old, "t2")}
    assert rows["t2.gfxwj.made"].last == 77 and rows["t2.gfxwj.valid"].last is None


def test_carried_figures_are_blue_on_the_check_sheet_and_plain_in_the_report(tmp_path):
    import docx
    from models.export import export_check_sheet, export_report
    from models.export.html import check_sheet_html

    this = next_year_report(sample("pingtan-2025"))
    carried = [k for k in this.cells if k.startswith("t3.r2.")]
    sheet = docx.Document(str(export_check_sheet(this, tmp_path / "s.docx", carried=carried)))
    blue = [p.text for p in sheet.paragraphs for r in p.runs if r.font.color.rgb is not None and str(r.font.color.rgb) == "1F5FBF"]
    assert "二、上年结转政府信息公开申请数量·总计：6" in blue
    assert "color:#1F5FBF" in check_sheet_html(this, [], carried=carried)
    printed = docx.Document(str(export_report(this, tmp_path / "r.docx", draft=True).docx))
    assert not [r for p in printed.paragraphs for r in p.runs if r.font.color.rgb is not None]
    for table in printed.tables:
        assert 'w:color w:val="1F5FBF"' not in table._tbl.xml
