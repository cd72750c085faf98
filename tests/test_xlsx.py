"""Tables 二/三/四 to Excel and back (models/xlsx.py): drawn like the official tables, read back
exactly, a colleague's edits checked cell by cell, found by labels without 「_keys」, refusals."""

from __future__ import annotations

import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from models.atomic import WriteError
from models.catalogue import LAYOUTS, ValueKind
from models.safety import UnsafeFile
from models.xlsx import (FIRST_ROW, INSTRUCTION, NotOurWorkbook, _cell_text, export_tables_xlsx,
                         import_tables_xlsx, tables_workbook)
from tests.factory import good_report, sample, sample_names


def _addresses(wb) -> dict[str, tuple[str, str]]:
    """key → (sheet, address), from the hidden 「_keys」 sheet."""
    return {key: (sheet, address) for sheet, address, key, _ in wb["_keys"].iter_rows(min_row=6, values_only=True)}


def _edit(wb, changes: dict[str, object]):
    """A colleague's typing (on the workbook in memory: loading a file with openpyxl is slow)."""
    where = _addresses(wb)
    for key, value in changes.items():
        sheet, address = where[key]
        wb[sheet][address] = value
    return wb


def _without_keys(report, path):
    wb = tables_workbook(report)
    del wb["_keys"]
    wb.save(path)
    return path


def _inputs(report) -> dict[str, object]:
    return {k: report.cells.get(k) for k, c in report.layout.cells.items() if not c.is_total}


def _same(a: dict, b: dict) -> None:
    """Equal and written the same way (Decimal 0.50 is not 0.5; 0 is not None)."""
    assert {k: (type(v).__name__, str(v)) for k, v in a.items()} == \
           {k: (type(v).__name__, str(v)) for k, v in b.items()}


# --- round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sample_names())
def test_every_sample_comes_back_cell_for_cell(name, tmp_path):
    report = sample(name)
    path = export_tables_xlsx(report, tmp_path / f"{name}.xlsx")
    result = import_tables_xlsx(path, report.format)
    assert result.errors == [] and result.notes == []
    assert (result.format, result.year, result.unit) == (report.format, report.year, report.unit.name)
    _same(result.values, _inputs(report))


AMOUNTS = ("0.092", "5949.088667", "0.50", "0", "12")


@pytest.mark.parametrize("amount", AMOUNTS)
@pytest.mark.parametrize("keys", [True, False], ids=["keys", "labels"])
def test_amounts_come_back_exactly(amount, keys, tmp_path):
    report = good_report()
    report.cells["t2.sf.amount"] = Decimal(amount)
    path = export_tables_xlsx(report, tmp_path / "t.xlsx") if keys else _without_keys(report, tmp_path / "t.xlsx")
    value = import_tables_xlsx(path).values["t2.sf.amount"]
    assert type(value) is Decimal and str(value) == amount


def test_an_amount_beyond_a_double_comes_back_exactly_through_keys(tmp_path):
    report = good_report()
    report.cells["t2.sf.amount"] = Decimal("999999999.999999")   # the largest amount within bounds, 15 digits
    path = export_tables_xlsx(report, tmp_path / "t.xlsx")
    assert str(import_tables_xlsx(path).values["t2.sf.amount"]) == "999999999.999999"
    _edit(tables_workbook(report), {"t2.sf.amount": 7.25}).save(path)   # changed by a colleague: the cell wins
    assert str(import_tables_xlsx(path).values["t2.sf.amount"]) == "7.250000"   # as the cell shows it


# --- the workbook as drawn ----------------------------------------------------------------


def _expected_merges(table) -> set[str]:
    from openpyxl.utils import get_column_letter as col
    merges = {f"A1:{col(table.n_cols)}1", f"A2:{col(table.n_cols)}2"}
    for g in table.grid:
        if g.rowspan > 1 or g.colspan > 1:
            top, left = FIRST_ROW + g.row, 1 + g.col
            merges.add(f"{col(left)}{top}:{col(left + g.colspan - 1)}{top + g.rowspan - 1}")
    return merges


@pytest.mark.parametrize("layout_name, results_rows", [("2021", 22), ("2019", 20)])
def test_workbook_is_drawn_like_the_official_tables(layout_name, results_rows, tmp_path):
    report = good_report() if layout_name == "2021" else sample("pingtan-2020")
    path = export_tables_xlsx(report, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["表二", "表三", "表四", "_keys"]
    assert wb["_keys"].sheet_state == "hidden" and all(wb[s].sheet_state == "visible" for s in ("表二", "表三", "表四"))
    keys = wb["_keys"]
    assert [keys["A1"].value, keys["B1"].value, keys["B2"].value, keys["B3"].value, keys["B4"].value] == \
           ["schema", "gkreport/1", layout_name, report.unit.name, report.year]
    layout = LAYOUTS[layout_name]
    where = _addresses(wb)
    assert set(where) == set(layout.cells)

    t3 = wb["表三"]
    merges = {str(r) for r in t3.merged_cells.ranges}
    assert merges == _expected_merges(layout.table("t3"))
    assert "A3:C5" in merges                                        # the corner note, 3×3
    assert f"A8:A{8 + results_rows - 1}" in merges                  # 三、本年度办理结果
    assert t3["A8"].value == "三、本年度办理结果"
    assert t3["A1"].value == f"{report.unit.name}{report.year}年 表三 收到和处理政府信息公开申请情况"
    assert t3["A2"].value == INSTRUCTION
    assert t3.freeze_panes == "A6"

    for table in layout.tables:
        ws = wb[{"t2": "表二", "t3": "表三", "t4": "表四"}[table.key]]
        assert {str(r) for r in ws.merged_cells.ranges} == _expected_merges(table)
        for g in table.grid:
            cell = ws.cell(FIRST_ROW + g.row, 1 + g.col)
            if not g.key:
                assert cell.value == g.text                         # labels character for character
                assert cell.fill.fgColor.rgb.endswith("DDEBF7")     # shaded
                continue
            assert (ws.title, cell.coordinate) == where[g.key]
            assert cell.border.left.style == "thin"
            value = report.cells.get(g.key)
            if layout.cells[g.key].is_total:
                assert cell.value.startswith("=SUM(") and cell.fill.fgColor.rgb.endswith("D9D9D9")
            else:
                assert cell.value == (float(value) if isinstance(value, Decimal) else value)
                assert cell.fill.fill_type is None
    # Excel itself refuses a non-number typed into a count cell (totals are formulas, not checked)
    counts = next(v for v in t3.data_validations.dataValidation if v.type == "whole")
    assert where["t3.r1.zrr"][1] in counts.sqref and where["t3.r1.zj"][1] not in counts.sqref
    # widths follow COLUMN_MM: the 表三 label column is the widest, the figures' alike (自然人's a
    # little wider: its label is one word of three characters)
    widths = [t3.column_dimensions[c].width for c in "ABCDEFGHIJ"]
    assert widths[2] > widths[1] > widths[0] and len(set(widths[4:])) == 1 and widths[3] > widths[4]


def test_totals_are_sums_of_their_parts():
    wb = tables_workbook(good_report())
    where = _addresses(wb)
    t3, t4 = wb["表三"], wb["表四"]
    assert t3[where["t3.r1.zj"][1]].value == "=SUM(D6:I6)"                  # a row total
    assert t3[where["t3.r3_7.zrr"][1]].value == "=SUM(D8:D28)"              # （七）总计 of （一）…（六）
    assert t4[where["t4.fyhs.zj"][1]].value == "=SUM(K6:N6)"
    assert wb["表二"][where["t2.sf.amount"][1]].number_format == "0.000"    # 0.092 shows as entered


# --- a colleague's edits ------------------------------------------------------------------


def test_a_colleagues_edits_are_read_and_bad_values_named(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = _edit(tables_workbook(good_report()), {"t3.r1.zrr": "１２", "t3.r1.syqy": "/", "t3.r1.kyjg": 3.0,
                                                "t3.r1.qt": None, "t3.r1.zj": 99})   # a total typed over: only noted
    wb.save(path)
    result = import_tables_xlsx(path, "2021")
    assert result.errors == []
    assert (result.values["t3.r1.zrr"], result.values["t3.r1.syqy"], result.values["t3.r1.kyjg"],
            result.values["t3.r1.qt"]) == (12, None, 3, None)
    assert type(result.values["t3.r1.kyjg"]) is int
    assert "t3.r1.zj" not in result.values
    assert result.notes == ["表三!J6（一、本年新收政府信息公开申请数量·总计）填的是 99，"
                            "与各项之和 16 不符；合计由程序重新计算。"]

    _edit(wb, {"t3.r2.zrr": "12a", "t3.r2.syqy": 3.5, "t4.fy.wc": "=1+2"}).save(path)
    result = import_tables_xlsx(path, "2021")
    assert result.values == {}
    assert result.errors == [
        "表三!D7（二、上年结转政府信息公开申请数量·自然人）：“12a”不是数字，请填写不小于 0 的整数",
        "表三!E7（二、上年结转政府信息公开申请数量·商业企业）：“3.5”：件数应为整数，不能有小数",
        "表四!A6（行政复议·结果维持）：是公式，但没有计算结果。请在 Excel 或 WPS 中打开并保存后再导入，或改填数值",
    ]


def test_how_cell_contents_become_text():
    assert _cell_text(ValueKind.COUNT, 3.0) == "3"
    assert _cell_text(ValueKind.COUNT, 3.5) == "3.5"          # parse_input refuses it
    assert _cell_text(ValueKind.COUNT, True) == "True"        # not a number either
    assert _cell_text(ValueKind.COUNT, None) == ""
    assert _cell_text(ValueKind.AMOUNT, 0.5, "0.00") == "0.50"
    assert _cell_text(ValueKind.AMOUNT, 0.1234, "0.00") == "0.1234"   # shown rounded, never read rounded
    assert _cell_text(ValueKind.AMOUNT, 5.0) == "5"
    assert _cell_text(ValueKind.AMOUNT, 1e-05) == "0.00001"
    assert _cell_text(ValueKind.AMOUNT, 0.5, "0.00", exact="0.5") == "0.5"


# --- without 「_keys」 ----------------------------------------------------------------------


def test_read_by_labels_when_the_keys_sheet_is_gone(tmp_path):
    report = good_report()
    result = import_tables_xlsx(_without_keys(report, tmp_path / "t.xlsx"))
    assert result.errors == [] and result.notes == []
    assert (result.format, result.year, result.unit) == ("2021", 2024, "某某镇人民政府")
    _same(result.values, _inputs(report))

    wb = tables_workbook(report)
    wb["_keys"]["B1"] = "something else"
    wb.save(tmp_path / "t.xlsx")
    result = import_tables_xlsx(tmp_path / "t.xlsx")
    assert result.notes == ["隐藏的「_keys」工作表已损坏，已按表格标签读取。"]
    _same(result.values, _inputs(report))


@pytest.mark.parametrize("name", ["pingtan-2023", "pingtan-2020"])
def test_a_table_copied_into_another_workbook_is_found_by_its_labels(name, tmp_path):
    report = sample(name)
    source = tables_workbook(report)["表三"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "村里填的"
    ws["A1"] = "请各村于 1 月 10 日前报送"
    for row in source.iter_rows(min_row=FIRST_ROW):   # values only, 4 rows down and 2 columns right
        for cell in row:
            if cell.value is not None:
                ws.cell(cell.row + 4, cell.column + 2, cell.value)
    ws.cell(FIRST_ROW + 4 + 3, 4 + 2, 77)             # 一、本年新收·自然人
    wb.save(tmp_path / "copy.xlsx")

    result = import_tables_xlsx(tmp_path / "copy.xlsx", report.format)
    assert result.errors == [] and result.format == report.format
    assert result.notes == ["工作簿中没有找到表二，该表未导入。", "工作簿中没有找到表四，该表未导入。"]
    expected = {k: v for k, v in _inputs(report).items() if k.startswith("t3.")}
    expected["t3.r1.zrr"] = 77
    _same(result.values, expected)
    assert result.values and all(k.startswith("t3.") for k in result.values)


def test_a_shifted_table_is_found_by_labels_and_an_altered_one_refused(tmp_path):
    report = good_report()
    path = tmp_path / "t.xlsx"
    wb = tables_workbook(report)
    t4 = wb["表四"]
    for merged in list(t4.merged_cells.ranges):   # (openpyxl does not move merges as Excel does)
        t4.unmerge_cells(str(merged))
    t4.insert_rows(1, 2)               # rows inserted above the table: the recorded addresses are stale
    wb.save(path)
    result = import_tables_xlsx(path)
    assert result.errors == []
    assert result.notes == ["表四不在「_keys」记录的位置，已按标签在工作表“表四”中找到。"]
    _same(result.values, _inputs(report))

    wb["表三"]["C18"] = "1.本机关不掌握的信息"   # a label changed: the table is not trusted
    wb.save(path)
    result = import_tables_xlsx(path)
    assert result.values == {}
    assert result.errors == ["工作表“表三”中的表三与官方格式不一致（不要增删行列、不要改动文字）："
                             "C18 应为“1.本机关不掌握相关政府信息”，实为“1.本机关不掌握的信息”。"]


# --- refusals -----------------------------------------------------------------------------


def test_what_is_not_an_xlsx_is_refused(tmp_path):
    text = tmp_path / "t.xlsx"
    text.write_text("自然人,商业企业\n1,2\n", encoding="utf-8")
    with pytest.raises(UnsafeFile, match="不是有效的Excel文件"):
        import_tables_xlsx(text)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(UnsafeFile, match="另存为"):
        import_tables_xlsx(old)
    with pytest.raises(UnsafeFile, match="找不到文件"):
        import_tables_xlsx(tmp_path / "none.xlsx")
    docx = tmp_path / "report.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UnsafeFile, match="缺少 xl/workbook.xml"):
        import_tables_xlsx(docx)


def test_a_zip_bomb_is_refused_quickly(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    start = time.perf_counter()
    with pytest.raises(UnsafeFile, match="压缩炸弹"):
        import_tables_xlsx(bomb)
    assert time.perf_counter() - start < 1


def test_a_workbook_without_the_tables_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "科室", "申请人情况"])
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(NotOurWorkbook, match="没有找到表二、表三或表四"):
        import_tables_xlsx(tmp_path / "other.xlsx")


@pytest.mark.parametrize("keys", [True, False], ids=["keys", "labels"])
def test_a_workbook_of_the_other_layout_is_refused(keys, tmp_path):
    report = sample("pingtan-2020")
    path = export_tables_xlsx(report, tmp_path / "t.xlsx") if keys else _without_keys(report, tmp_path / "t.xlsx")
    with pytest.raises(NotOurWorkbook, match="2019年版（试行）格式，而当前报告使用2021年版格式"):
        import_tables_xlsx(path, "2021")
    assert import_tables_xlsx(path, "2019").format == "2019"


def test_a_failed_write_says_why(tmp_path):
    with pytest.raises(WriteError, match="不存在"):
        export_tables_xlsx(good_report(), tmp_path / "missing" / "t.xlsx")
