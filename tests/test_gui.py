"""The wizard driven through its real widgets, offscreen: a clerk creates a report, types and
pastes figures, hits an error and fixes it, explains a warning, exports — and the database and
the .docx prove it. Another test kills the app mid-edit and finds nothing lost."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from gui.style import ERROR_BG
from gui.wizard import STEP_KEYS
from models.storage import Store
from tests.factory import good_report
from tests.gui_helpers import answer_next_dialog, type_into

ROOT = Path(__file__).resolve().parents[1]


def create_report(qtbot, window, name="测试镇人民政府", year=2025):
    def fill(dialog):
        dialog.name.setEditText(name)
        dialog.year.setValue(year)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    answer_next_dialog(fill)
    window.start.new_button.click()
    assert window.wizard is not None
    window.activateWindow()     # back from the dialog
    qtbot.waitActive(window)
    return window.wizard


def test_a_clerk_fills_checks_explains_and_exports_a_report(qtbot, window, store, tmp_path):
    wizard = create_report(qtbot, window)
    editor = wizard.editor
    assert wizard.current_step() == "unit"
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() == "s1"

    # 表三: type, move with Enter, paste a block copied from Excel
    wizard.go(STEP_KEYS.index("t3"))
    view = wizard.page["t3"].view
    type_into(qtbot, view, "t3.r1.zrr", "12")
    assert editor.report.cells["t3.r1.zrr"] == 12 and editor.report.cells["t3.r1.zj"] == 12
    assert view.model().key_at(view.currentIndex()) == "t3.r2.zrr"          # Enter moved down
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.model().key_at(view.currentIndex()) == "t3.r2.syqy"         # Tab moves right
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.model().key_at(view.currentIndex()) == "t3.r3_1.syqy"       # over the merged label column
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.model().key_at(view.currentIndex()) == "t3.r3_1.zrr"
    qtbot.keyClick(view, Qt.Key.Key_Left)                                    # labels are no stop
    assert view.model().key_at(view.currentIndex()) == "t3.r3_1.zrr"
    QGuiApplication.clipboard().setText("8\t1\t0\t0\t0\t0\t9\r\n2\t0\t0\t0\t0\t0\t2\r\n")
    view.setCurrentIndex(view.model().index_for_key("t3.r3_1.zrr"))
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.report.cells["t3.r3_1.syqy"] == 1 and editor.report.cells["t3.r3_2.zrr"] == 2

    # an error: new 12 ≠ done 10 + carried over 0 in 自然人 … and in 商业企业 1 done of 0 received
    assert any(f.rule == "H-4" for f in editor.findings)
    index = view.model().index_for_key("t3.r4.zrr")
    assert view.model().data(index, Qt.ItemDataRole.BackgroundRole) == ERROR_BG
    assert wizard.step_state("t3")[0] == "error" and "强制" in wizard.sidebar.item(STEP_KEYS.index("t3")).toolTip()
    type_into(qtbot, view, "t3.r4.zrr", "2")
    type_into(qtbot, view, "t3.r1.syqy", "1")
    assert not [f for f in editor.findings if f.severity == "error"]

    # a bad value is refused at the cell, nothing changes
    type_into(qtbot, view, "t3.r2.zrr", "2.5")
    assert wizard.page["t3"].banner.isVisible() and "整数" in wizard.page["t3"].banner.text()
    assert editor.report.cells.get("t3.r2.zrr") is None
    # a total cannot be typed
    assert not (view.model().flags(view.model().index_for_key("t3.r1.zj")) & Qt.ItemFlag.ItemIsEditable)

    # undo / redo with the keyboard
    type_into(qtbot, view, "t3.r3_4_1.zrr", "5")
    # through the window, as the keyboard does, so the window's shortcuts see the keys
    view.setFocus()
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.report.cells.get("t3.r3_4_1.zrr") in (None, 0)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert editor.report.cells["t3.r3_4_1.zrr"] == 5
    view.setCurrentIndex(view.model().index_for_key("t3.r3_4_1.zrr"))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert editor.report.cells["t3.r3_4_1.zrr"] is None

    # 五 too short → a warning; explain it on the review page
    wizard.go(STEP_KEYS.index("s5"))
    wizard.page["s5"].whole.setPlainText("无")
    wizard.go(STEP_KEYS.index("review"))
    review = wizard.page["review"]
    assert review.select_finding("S-16|s5")
    review.explanation.insertPlainText("本单位本年未发现需整改的问题，经分管领导审定。")
    assert editor.report.explanations["S-16|s5"].startswith("本单位")

    # double-click on a finding jumps to its step
    review.select_rule("S-1")
    review._jump(review.tree.currentItem())
    assert wizard.current_step() in ("t2", "t3", "t4")

    # 六: no fees
    wizard.go(STEP_KEYS.index("s6"))
    qtbot.mouseClick(next(b for b in wizard.page["s6"].findChildren(type(wizard.next_button))
                          if b.text() == "本年度未收取信息处理费"), Qt.MouseButton.LeftButton)
    assert editor.report.fees is not None and editor.report.fees.notices == 0

    # export into a folder, in a thread
    wizard.go(STEP_KEYS.index("export"))
    page = wizard.page["export"]
    page.folder.setText(str(tmp_path))
    page.with_pdf.setChecked(False)
    qtbot.mouseClick(page.with_seal, Qt.MouseButton.LeftButton, pos=QPoint(8, page.with_seal.height() // 2))
    # (a report sent without a seal)
    assert not page.with_seal.isChecked()
    # empty cells of 表二 and 表四 (S-1) are neither filled nor explained: only a draft, with what is left
    assert page.generate.text() == "生成草稿" and "审核已通过" not in page.state.text()
    assert page.left.isVisible() and any("S-1" in page.left.item(i).text() for i in range(page.left.count()))
    qtbot.mouseClick(page.generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.generate.isEnabled(), timeout=20000)
    assert "已生成" in page.banner.text()
    written = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert written == ["测试镇人民政府2025年政府信息公开工作年度报告审核说明表.docx",
                       "测试镇人民政府2025年政府信息公开工作年度报告（草稿）.docx"]
    written.reverse()
    printed = docx.Document(str(tmp_path / written[0]))
    t3 = printed.tables[1]
    assert t3.rows[3].cells[3].text == "12" and t3.rows[3].cells[9].text == "13"
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    signature = [p._p.find(f"{w}pPr/{w}ind").get(f"{w}rightChars") for p in printed.paragraphs
                 if p.style.name == "GK Signature"]
    assert signature[-1] == "200"          # without a seal: the date 右空二字 (with one it would be 四字)
    sheet = docx.Document(str(tmp_path / written[1]))
    assert any("本单位本年未发现需整改的问题" in c.text for row in sheet.tables[0].rows for c in row.cells)

    # the database holds it all
    again = store.load_report(editor.report_id)
    assert again.cells["t3.r1.zrr"] == 12 and again.cells["t3.r3_1.syqy"] == 1
    assert again.explanations["S-16|s5"].startswith("本单位")
    assert store.get_last_step(editor.report_id) == "export"


def test_saved_indicator_and_reopening_at_the_same_step(qtbot, window, store):
    wizard = create_report(qtbot, window)
    wizard.go(STEP_KEYS.index("t4"))
    type_into(qtbot, wizard.page["t4"].view, "t4.fy.wc", "1")
    assert wizard.saved.text().startswith("已保存 ")
    report_id = wizard.editor.report_id
    qtbot.mouseClick(wizard.back_home, Qt.MouseButton.LeftButton)
    assert window.wizard is None
    window.open_report(report_id)
    assert window.wizard.current_step() == "t4"
    assert window.wizard.editor.report.cells["t4.fy.zj"] == 1


def test_first_start_offers_the_sample_report(qtbot, window):
    answer_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    window.offer_demo()
    assert window.wizard is not None and window.wizard.editor.report.unit.name == "示例镇人民政府"
    assert not [f for f in window.wizard.editor.findings if f.severity == "error"]
    window.close_report()
    window.offer_demo()       # units exist now: no second offer, no dialog left open
    assert QApplication.activeModalWidget() is None


def test_delete_asks_first_and_keeps_a_backup(qtbot, window, store):
    report_id = store.save_report(good_report())
    window.start.refresh()
    unit_item = window.start.reports.topLevelItem(0)
    window.start.reports.setCurrentItem(unit_item.child(0))
    answer_next_dialog(lambda box: box.button(QMessageBox.StandardButton.No).click())
    window.start.delete_button.click()
    assert [r.id for r in store.list_reports()] == [report_id]
    answer_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    window.start.reports.setCurrentItem(window.start.reports.topLevelItem(0).child(0))
    window.start.delete_button.click()
    assert store.list_reports() == []
    assert "备份" in window.start.banner.text()


def test_opening_a_report_with_wrong_totals_says_so(qtbot, window, store):
    report = good_report()
    report.cells["t3.r1.zj"] = 99
    report_id = store.save_report(report)
    window.open_report(report_id)
    assert window.wizard.editor.report.cells["t3.r1.zj"] == 14
    assert window.wizard.notice.isVisible() and "原为 99，按分项计算为 14" in window.wizard.notice.text()


def test_importing_a_published_report_opens_it_with_its_gaps(qtbot, window, store, tmp_path):
    from models.export import export_report
    from tests.factory import sample

    export_report(sample("pingtan-2023"), tmp_path / "平潭2023.docx", draft=True)
    window.start.import_published(str(tmp_path / "平潭2023.docx"))
    window.start.import_task.wait()                           # read off the window's thread
    wizard = window.wizard
    assert wizard is not None and wizard.editor.report.year == 2023
    assert wizard.editor.report.cells["t3.r1.zrr"] == 80
    assert "已导入" in wizard.notice.text()
    assert all(origin == "imported" for origin in wizard.editor.origins.values())
    window.close_report()
    (tmp_path / "not-a-report.docx").write_bytes(b"PK not really")
    window.start.import_published(str(tmp_path / "not-a-report.docx"))
    window.start.import_task.wait()
    assert window.wizard is None and "未导入" in window.start.banner.text()


def test_the_import_button_takes_a_pdf(qtbot, window, store, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from tests.factory import SHARED, need_shared

    pdf = need_shared(SHARED / "samples" / "real" / "huaian-city-2024" / "淮安市人民政府2024年政府信息公开工作年度报告.pdf")
    offered = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda parent, caption, folder, filters: offered.append(filters) or (str(pdf), ""))
    qtbot.mouseClick(window.start.import_button, Qt.MouseButton.LeftButton)
    window.start.import_task.wait()
    assert "*.pdf" in offered[0] and "*.doc" in offered[0] and "*.wps" in offered[0]
    qtbot.waitUntil(lambda: window.wizard is not None)
    assert window.wizard.editor.report.year == 2024
    assert window.wizard.editor.report.cells["t2.xzcf.count"] == 3985758
    assert "已导入" in window.wizard.notice.text()


@pytest.mark.skipif(__import__("models.export.pdf", fromlist=["x"]).find_soffice() is None,
                    reason="LibreOffice is not installed here (CI installs it)")
def test_print_preview_shows_the_real_pages(qtbot, window, store):
    window.open_report(store.save_report(good_report()))
    page = window.wizard.page["export"]
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview_dialog is not None and page.preview_dialog.isVisible(), timeout=60000)
    dialog = page.preview_dialog
    assert not dialog.approximate and dialog.pdf.startswith(b"%PDF")
    pages = dialog.pages()
    assert 3 <= len(pages) <= 8
    assert pages[0].width() < pages[0].height()           # A4 portrait, as printed
    # the first page is not blank: the title is drawn in black near the top
    first = pages[0]
    dark = sum(first.pixelColor(x, y).lightness() < 100 for x in range(0, first.width(), 4)
               for y in range(0, first.height() // 4, 4))
    assert dark > 50
    dialog.close()


def test_print_preview_without_libreoffice_is_marked_approximate(qtbot, window, store, monkeypatch):
    import gui.export_page

    monkeypatch.setattr(gui.export_page, "find_soffice", lambda: None)
    window.open_report(store.save_report(good_report()))
    page = window.wizard.page["export"]
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    dialog = page.preview_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.approximate and "近似预览" in dialog.windowTitle() and "近似预览" in dialog.notice.text()
    assert "某某镇人民政府" in dialog.document.toPlainText()
    assert len(dialog.pages()) == dialog.document.pageCount() >= 3
    dialog.close()


DRIVER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from gui.app import MainWindow
    from models.storage import Store
    store = Store.open()
    unit = store.create_unit("崩溃镇人民政府", "gov", "township")
    window = MainWindow(store)
    window.show()
    window.open_report(store.create_report(unit, 2025))
    wizard = window.wizard
    wizard.go(3)                                   # 三
    model = wizard.page["t3"].model
    model.setData(model.index_for_key("t3.r1.zrr"), "7")
    wizard.go(5)                                   # 五
    wizard.page["s5"].whole.setPlainText("问题：公开不够及时。")
    app.processEvents()
    print("ready", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killing_the_app_mid_edit_loses_nothing(tmp_path):
    env = dict(os.environ, GKNB_DATA_DIR=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", DRIVER.format(root=str(ROOT))], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL and "ready" in result.stdout, result.stderr
    with Store.open(tmp_path / "reports.sqlite3") as store:
        (row,) = store.list_reports()
        report = store.load_report(row.id)
        assert report.cells["t3.r1.zrr"] == 7 and report.cells["t3.r1.zj"] == 7
        assert report.text["s5"] == "问题：公开不够及时。"
        assert store.get_last_step(row.id) == "s5"


def test_next_year_from_last_years_report(qtbot, window, store):
    from gui.style import CARRIED_FG
    from tests.factory import sample

    last_id = store.save_report(sample("pingtan-2024"))
    window.start.refresh()
    unit = window.start.reports.topLevelItem(0)
    window.start.reports.setCurrentItem(next(unit.child(i) for i in range(unit.childCount())
                                             if unit.child(i).text(0) == "2024 年度"))
    qtbot.mouseClick(window.start.next_year_button, Qt.MouseButton.LeftButton)
    wizard = window.wizard
    editor = wizard.editor
    assert editor.report.year == 2025 and editor.previous is not None and editor.previous.year == 2024
    # carried: 二、上年结转 = 2024's 四, shown in the carried colour with a tooltip saying so
    wizard.go(STEP_KEYS.index("t3"))
    page = wizard.page["t3"]
    index = page.model.index_for_key("t3.r2.zrr")
    assert page.model.data(index) == str(store.load_report(last_id).number("t3.r4.zrr"))
    assert page.model.data(index, Qt.ItemDataRole.ForegroundRole) == CARRIED_FG
    assert "结转" in page.model.data(index, Qt.ItemDataRole.ToolTipRole)
    # typing over a carried figure makes it a typed one
    type_into(qtbot, page.view, "t3.r2.zrr", "3")
    assert editor.origins["t3.r2.zrr"] == "typed"
    assert page.model.data(index, Qt.ItemDataRole.ForegroundRole) != CARRIED_FG
    # the comparison view: this year | last year | change | %
    type_into(qtbot, page.view, "t3.r1.zrr", "109")
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.comparison
    # the comparison is the table's own grid: this year, last year and the change in each cell
    model = page.comparison_model
    last_new = store.load_report(last_id).number("t3.r1.zrr")
    assert model.data(model.index_for_key("t3.r1.zrr")).split("\n") == ["109", f"上年 {last_new}",
                                                                        f"{109 - last_new:+}"]
    assert "自然人" in model.data(model.index_for_key("t3.r1.zrr"), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, 0)) == model.table.grid[0].text       # the labels as printed
    # the narrative came over with the year moved on and a note to review it
    wizard.go(STEP_KEYS.index("s1"))
    s1 = wizard.page["s1"]
    assert s1.review_note.isVisible() and "2025年" in s1.review_note.text()
    assert "2025年" in editor.report.text["s1"]


def test_excel_out_to_a_colleague_and_back(qtbot, window, store, tmp_path):
    import openpyxl

    window.open_report(store.save_report(good_report()))
    editor = window.wizard.editor
    page = window.wizard.page["export"]
    page.export_excel(str(tmp_path / "表格.xlsx"))
    assert "已导出" in page.banner.text()
    book = openpyxl.load_workbook(tmp_path / "表格.xlsx")
    sheet = book["表三"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "一、本年新收政府信息公开申请数量")
    sheet.cell(cell.row, cell.column + 3).value = 25          # a colleague fills in 自然人
    book.save(tmp_path / "表格.xlsx")
    page.import_excel(str(tmp_path / "表格.xlsx"))
    page.task.wait()
    assert editor.report.cells["t3.r1.zrr"] == 25 and editor.report.cells["t3.r1.zj"] == 29
    assert "已从 Excel 导入" in page.banner.text()
    sheet.cell(cell.row, cell.column + 3).value = "25件?"
    book.save(tmp_path / "表格.xlsx")
    page.import_excel(str(tmp_path / "表格.xlsx"))
    page.task.wait()
    assert "未导入" in page.banner.text() and "表三!" in page.banner.text()
    assert editor.report.cells["t3.r1.zrr"] == 25
    editor.undo()
    assert editor.report.cells["t3.r1.zrr"] == 10
