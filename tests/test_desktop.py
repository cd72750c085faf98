"""The desktop side through its real widgets (issue #11): every button on every step clicked
without an exception, the stepper and its keys, zoom and remembered state, the home page, tables
with frozen headers and keys that skip totals, banners that behave, the narrative's Tab, the
export's steps, folder and cancel, and Qt's dialogs in Chinese."""

from __future__ import annotations

import os
import stat

import pytest
import shiboken6
from PySide6.QtCore import QLocale, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QCalendarWidget, QDialog,
                               QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget)

from gui import style
from gui.app import MainWindow, install_chinese_translations
from gui.settings import UiSettings
from gui.wizard import STEP_KEYS
from tests.factory import good_report
from tests.gui_helpers import answer_next_dialog


@pytest.fixture
def settings(tmp_path):
    return UiSettings(tmp_path / "ui.ini")


@pytest.fixture
def window(qtbot, store, settings):
    w = MainWindow(store, settings=settings)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    yield w
    if w.wizard is not None:
        w.close_report()


class DismissDialogs:
    """Closes every modal dialog as soon as it shows (Escape: 取消 / 否), recording its title."""

    def __init__(self):
        self.seen: list[str] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self._close)
        self.timer.start(20)

    def _close(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            self.seen.append(dialog.windowTitle())
            dialog.reject() if isinstance(dialog, QDialog) else dialog.close()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def dismiss():
    d = DismissDialogs()
    yield d
    d.stop()


def buttons(widget) -> list[QAbstractButton]:
    return [b for b in widget.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()]


# --- item 5: everything clickable works ------------------------------------------------------

def test_the_harness_catches_a_slot_hit_by_clicked_bool(qtbot, window, store):
    """What broke 「导出 Excel 表格…」: clicked(bool) lands in the path parameter. The harness of the
    next test must see such a TypeError, or it proves nothing."""
    window.open_report(store.save_report(good_report()))
    page = window.wizard.page["export"]
    wrong = QPushButton("wrong", page)
    wrong.clicked.connect(page.export_excel)          # the old wiring
    wrong.show()
    with qtbot.captureExceptions() as exceptions:
        qtbot.mouseClick(wrong, Qt.MouseButton.LeftButton)
    assert exceptions and exceptions[0][0] is TypeError


def test_every_button_on_every_step_can_be_clicked(qtbot, window, store, tmp_path, monkeypatch, dismiss):
    import gui.export_page
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(gui.export_page, "find_soffice", lambda: None)       # the instant preview; no PDF
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    store.save_report(good_report())
    window.start.refresh()
    clicked: list[str] = []
    with qtbot.captureExceptions() as exceptions:
        start = window.start
        # the list's own buttons (下一步) and 打开 leave the page: below
        on_start = [b for b in buttons(start) if b is not start.open_button and not start.reports.isAncestorOf(b)]
        for button in on_start:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            clicked.append(button.text())
        qtbot.mouseClick(start.open_button, Qt.MouseButton.LeftButton)
        wizard = window.wizard
        assert wizard is not None
        wizard.page["export"].folder.setText(str(tmp_path / "out"))
        for index, key in enumerate(STEP_KEYS):
            wizard.go(index)
            page = wizard.page[key]
            for button in buttons(page) + [wizard.undo_button, wizard.redo_button, wizard.next_button,
                                           wizard.previous_button]:
                if not (shiboken6.isValid(button) and button.isVisible() and button.isEnabled()):
                    continue
                before = wizard.current_step()
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
                clicked.append(f"{key}:{button.text()}")
                wizard.page["export"].wait(30000)
                if wizard.current_step() != before:
                    wizard.go(index)
        qtbot.mouseClick(wizard.back_home, Qt.MouseButton.LeftButton)
        assert window.wizard is None
    assert not exceptions, exceptions
    assert any(c.endswith("导出 Excel 表格…") for c in clicked) and any(c.endswith("从 Excel 导入…") for c in clicked)
    assert any("打开文件夹" in c for c in clicked) and any("打印预览" in c for c in clicked)
    assert len(clicked) > 40


def test_open_folder_says_why_not(qtbot, window, store, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    page = open_step(window, store, "export")
    page.folder.setText(str(tmp_path / "新文件夹"))
    qtbot.mouseClick(page.open_folder, Qt.MouseButton.LeftButton)
    assert (tmp_path / "新文件夹").is_dir()                # created when missing
    assert page.banner.isVisible() and "文件在" in page.banner.text()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    qtbot.mouseClick(page.open_folder, Qt.MouseButton.LeftButton)
    assert opened and opened[0].toLocalFile() == str(tmp_path / "新文件夹")


# --- item 1: the stepper, the title, the icon ------------------------------------------------

def test_stepper_shows_numbers_states_in_words_and_where_you_are(qtbot, window, store):
    report = good_report()
    report.cells["t3.r4.zrr"] += 10                     # an H-4 in 表三
    window.open_report(store.save_report(report))
    wizard = window.wizard
    assert window.windowTitle().startswith("某某镇人民政府 2024 年度报告") and not window.windowIcon().isNull()
    state, words = wizard.step_state("t3")
    assert state == "error" and "强制" in words
    assert wizard.step_state("t4")[0] == "todo" and wizard.step_state("t4")[1] == "未查看"
    wizard.go(STEP_KEYS.index("t4"))
    assert wizard.step_state("t4") == ("ok", "已完成")
    item = wizard.sidebar.item(STEP_KEYS.index("t3"))
    assert "强制" in item.toolTip() and "Ctrl+4" in item.toolTip()
    assert wizard.sidebar.currentRow() == STEP_KEYS.index("t4")


def test_step_keys_and_next_previous(qtbot, window, store):
    window.open_report(store.save_report(good_report()))
    wizard = window.wizard
    handle = window.windowHandle()
    wizard.setFocus()
    qtbot.keyClick(handle, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert wizard.current_step() == "t3"
    qtbot.keyClick(handle, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert wizard.current_step() == "t4"
    qtbot.keyClick(handle, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert wizard.current_step() == "t3"
    qtbot.keyClick(handle, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wizard.current_step() == "t4"
    assert "五、问题与改进" in wizard.next_button.text()


# --- item 7: zoom, geometry, per-report state, first paint -----------------------------------

def test_zoom_keys_change_the_whole_ui_and_are_remembered(qtbot, window, settings, qapp):
    try:
        qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        assert qapp.font().pointSizeF() == pytest.approx(style.BASE_POINT_SIZE * 1.1) and settings.zoom == 1.1
        qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
        assert settings.zoom == 0.9 and qapp.font().pointSizeF() == pytest.approx(style.BASE_POINT_SIZE * 0.9)
        assert UiSettings(settings.path).zoom == 0.9                    # on disk
    finally:
        style.apply_style(qapp, 1.0)


def test_window_geometry_and_visited_steps_are_remembered(qtbot, store, settings):
    report_id = store.save_report(good_report())
    first = MainWindow(store, settings=settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(800, 571)            # the offscreen screen is 800 × 600
    first.open_report(report_id)
    first.wizard.go(STEP_KEYS.index("t2"))
    first.wizard.go(STEP_KEYS.index("t3"))
    first.close()
    again = MainWindow(store, settings=UiSettings(settings.path))
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (800, 571)
    again.open_report(report_id)
    assert again.wizard.current_step() == "t3"                         # the step, from the database
    assert {"t2", "t3"} <= again.wizard.visited                         # the stepper's states
    assert again.wizard.step_state("t2")[0] == "ok"
    again.close_report()


def test_the_window_paints_before_the_home_page_and_the_database(qtbot, settings):
    window = MainWindow(settings=settings, deferred=True)        # as gui.app.run starts it
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_paint.painted, timeout=5000):
        window.show()
    assert window.start is None and window.store is None           # painted before either
    assert any("正在打开数据库" in label.text() for label in window.opening.findChildren(QLabel))
    window.build()
    assert window.stack.currentWidget() is window.start
    assert "正在打开数据库" in window.start.reports.topLevelItem(0).text(0)


# --- item 1 and 9: the home page -------------------------------------------------------------

def test_home_lists_states_next_action_and_enter_opens(qtbot, window, store, settings):
    bad = good_report(year=2022)          # not the year before 2024: no cross-year findings
    bad.cells["t3.r4.zrr"] += 10
    bad_id = store.save_report(bad)
    good_id = store.save_report(good_report(year=2024))
    store.set_last_step(good_id, "t2")
    settings.set_exported(good_id, draft=False)
    window.start.refresh()
    unit = window.start.reports.topLevelItem(0)
    rows = {unit.child(i).text(0): unit.child(i) for i in range(unit.childCount())}
    assert "强制" in rows["2022 年度"].text(1) and rows["2024 年度"].text(1) == "审核通过"
    assert rows["2024 年度"].text(2).startswith("正式") and rows["2022 年度"].text(2) == "未生成"
    action = window.start.reports.itemWidget(rows["2022 年度"], 4)
    assert "改正" in action.text()
    qtbot.mouseClick(action, Qt.MouseButton.LeftButton)                 # one click to where the error is
    assert window.wizard.editor.report_id == bad_id and window.wizard.current_step() == "t3"
    window.close_report()
    window.start.reports.setCurrentItem(window.start.reports.topLevelItem(0).child(0))
    window.start.reports.setFocus()
    qtbot.keyClick(window.start.reports, Qt.Key.Key_Return)
    assert window.wizard is not None and window.wizard.editor.report_id == good_id


def test_new_report_for_an_existing_year_offers_to_open_it(qtbot, window, store):
    existing = store.save_report(good_report(year=2024))
    window.start.refresh()

    def fill(dialog):
        dialog.name.setEditText("某某镇人民政府")
        dialog.year.setValue(2024)

        def answer_open():
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                box.button(QMessageBox.StandardButton.Open).click()
            else:
                QTimer.singleShot(20, answer_open)
        QTimer.singleShot(0, answer_open)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    answer_next_dialog(fill)
    qtbot.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
    assert window.wizard is not None and window.wizard.editor.report_id == existing
    assert len(store.list_reports()) == 1


def test_new_report_says_what_is_missing_in_full(qtbot, window):
    seen = {}

    def fill(dialog):
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        seen["text"] = dialog.banner.text()
        seen["fits"] = dialog.banner.label.height() >= dialog.banner.label.heightForWidth(dialog.banner.label.width())
        dialog.reject()
    answer_next_dialog(fill)
    qtbot.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
    assert "请填写单位名称" in seen["text"] and seen["fits"]


def test_a_deleted_report_can_be_restored(qtbot, window, store):
    store.save_report(good_report())
    window.start.refresh()
    window.start.reports.setCurrentItem(window.start.reports.topLevelItem(0).child(0))
    answer_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.mouseClick(window.start.delete_button, Qt.MouseButton.LeftButton)
    assert store.list_reports() == []

    def restore(dialog):
        assert dialog.list.count() >= 1 and "某某镇人民政府" in dialog.list.item(0).text()
        dialog.restore_button.click()
    answer_next_dialog(restore)
    qtbot.mouseClick(window.start.restore_button, Qt.MouseButton.LeftButton)
    (row,) = store.list_reports()
    assert row.unit_name == "某某镇人民政府" and store.load_report(row.id).cells["t3.r1.zrr"] == 10
    assert "已恢复" in window.start.banner.text()


def test_a_stale_message_on_the_start_page_goes(qtbot, window, store, tmp_path):
    (tmp_path / "x.docx").write_bytes(b"PK not a report")
    window.start.import_published(str(tmp_path / "x.docx"))
    window.start.import_task.wait()
    assert window.start.banner.isVisible() and "未导入" in window.start.banner.text()
    window.open_report(store.save_report(good_report()))
    window.close_report()
    assert not window.start.banner.isVisible()


# --- item 2: tables ---------------------------------------------------------------------------

def open_step(window, store, step, report=None):
    window.open_report(store.save_report(report or good_report()))
    window.wizard.go(STEP_KEYS.index(step))
    return window.wizard.page[step]


def test_header_rows_and_labels_stay_in_view(qtbot, window, store):
    page = open_step(window, store, "t3")
    window.resize(1024, 700)
    qtbot.wait(10)
    view = page.view
    assert view.top is not None and view.left is not None
    assert view.isRowHidden(0) and view.isColumnHidden(0)              # the body scrolls alone
    view.scrollToBottom()
    QApplication.processEvents()
    assert view.verticalScrollBar().value() > 0
    # the frozen header still shows 自然人 at the top of the table, the labels at its left
    header = view.top
    assert header.isVisible() and header.geometry().top() <= view.frameWidth() and header.height() > 40
    assert not header.isRowHidden(1) and header.isRowHidden(10)
    assert header.model().data(header.indexAt(QPoint(header.columnViewportPosition(3) + 5, header.rowViewportPosition(1) + 5))) == "自然人"
    assert view.left.verticalScrollBar().value() == view.verticalScrollBar().value()
    last_label = view.left.indexAt(QPoint(5, view.left.height() - 5))
    assert last_label.isValid() and last_label.row() >= 20              # the labels scrolled with the rows


def test_tab_and_enter_skip_totals_and_typing_into_a_total_says_why(qtbot, window, store):
    page = open_step(window, store, "t3")
    view, model = page.view, page.model
    view.setFocus()
    view.setCurrentIndex(model.index_for_key("t3.r1.qt"))
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert model.key_at(view.currentIndex()) == "t3.r2.zrr"             # not t3.r1.zj (a total)
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert model.key_at(view.currentIndex()) == "t3.r1.qt"
    view.setCurrentIndex(model.index_for_key("t3.r3_6_3.zrr"))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert model.key_at(view.currentIndex()) == "t3.r4.zrr"             # over （七）总计
    total = model.index_for_key("t3.r1.zj")
    view.setCurrentIndex(total)
    before = window.wizard.editor.report.cells["t3.r1.zj"]
    qtbot.keyClick(view, Qt.Key.Key_5)
    assert view.state() != QAbstractItemView.State.EditingState
    assert "是合计" in page.banner.text() and "自动计算" in page.banner.text()
    assert window.wizard.editor.report.cells["t3.r1.zj"] == before


def test_a_refused_value_keeps_the_cursor_and_its_message_goes_with_a_good_value(qtbot, window, store):
    page = open_step(window, store, "t3")
    view, model = page.view, page.model
    view.setFocus()
    view.setCurrentIndex(model.index_for_key("t3.r2.zrr"))
    qtbot.keyClick(view, Qt.Key.Key_2)
    (editor,) = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    qtbot.keyClicks(editor, ".5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert model.key_at(view.currentIndex()) == "t3.r2.zrr"             # stays on the refused cell
    assert page.banner.isVisible() and "整数" in page.banner.text()
    qtbot.keyClick(view, Qt.Key.Key_3)
    (editor,) = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert window.wizard.editor.report.cells["t3.r2.zrr"] == 3
    assert not page.banner.isVisible()                                  # the refusal went with it


def test_cells_show_their_state_by_symbol_too_and_the_likely_typo(qtbot, window, store):
    from gui.table_page import STATES_ROLE, SUSPECT_ROLE

    report = good_report()
    report.cells["t3.r3_1.zrr"] = report.cells["t3.r3_1.zrr"] * 10      # an extra 0
    page = open_step(window, store, "t3", report)
    model = page.model
    assert "error" in model.data(model.index_for_key("t3.r1.zrr"), STATES_ROLE)
    assert model.data(model.index_for_key("t3.r3_2.zj"), STATES_ROLE) == ("computed",)
    assert model.data(model.index_for_key("t3.r3_1.zrr"), SUSPECT_ROLE)   # the typo is marked, not only totals
    assert not model.data(model.index_for_key("t3.r1.zrr"), SUSPECT_ROLE)
    assert "最可能有输入错误" in model.data(model.index_for_key("t3.r3_1.zrr"), Qt.ItemDataRole.ToolTipRole)
    assert page.findChild(style.Legend) is not None


def test_a_pasted_block_whose_totals_disagree_is_a_finding(qtbot, window, store):
    page = open_step(window, store, "t3")
    view, editor = page.view, window.wizard.editor
    # one row from a colleague's sheet: 自然人 … 其他, then their 总计 of 20 — the parts make 17
    QGuiApplication.clipboard().setText("10\t2\t0\t1\t0\t4\t20\r\n")
    view.setCurrentIndex(page.model.index_for_key("t3.r1.zrr"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.report.cells["t3.r1.zj"] == 17                        # totals are computed …
    (claim,) = [f for f in editor.findings if f.subject == "粘贴"]      # … and the disagreement stays
    assert claim.rule == "H-2" and claim.severity == "error" and "相差 3" in claim.message
    assert page.banner.isVisible() and "不一致" in page.banner.text()
    assert window.wizard.page["review"].tree.topLevelItem(0).childCount() >= 1
    qtbot.mouseClick(page.banner.action_button, Qt.MouseButton.LeftButton)  # 以分项之和为准
    assert not [f for f in editor.findings if f.subject == "粘贴"]
    # pasted again and undone: the claim goes with the paste
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QGuiApplication.clipboard().setText("11\t2\t0\t1\t0\t4\t20\r\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [f for f in editor.findings if f.subject == "粘贴"]
    editor.undo()
    assert not [f for f in editor.findings if f.subject == "粘贴"]


# --- item 3: banners --------------------------------------------------------------------------

def test_banners_close_by_hand_and_confirmations_go_by_themselves(qtbot):
    banner = style.Banner()
    qtbot.addWidget(banner)
    banner.show()
    banner.show_error("保存位置不存在", cause="folder")
    assert banner.isVisible()
    qtbot.mouseClick(banner.close_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    banner.show_error("保存位置不存在", cause="folder")
    banner.clear("import")                    # another cause: stays
    assert banner.isVisible()
    banner.clear("folder")
    assert not banner.isVisible()
    banner.INFO_SECONDS = 0.05
    banner.show_info("已生成")
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=2000)


def test_a_message_never_moves_the_table(qtbot, window, store):
    page = open_step(window, store, "t3")
    QApplication.processEvents()
    top = page.view.mapTo(window, page.view.rect().topLeft())
    page.banner.show_error("一条很长的消息\n第二行\n第三行")
    QApplication.processEvents()
    assert page.view.mapTo(window, page.view.rect().topLeft()) == top
    window.wizard.notice.show_warning("已导入……\n有 3 处未能读取")
    QApplication.processEvents()
    assert page.view.mapTo(window, page.view.rect().topLeft()) == top


# --- item 4: narrative ------------------------------------------------------------------------

def test_tab_in_the_narrative_moves_on_and_the_standard_preamble_comes_back(qtbot, window, store):
    from models.export.document import section_text
    from models.sentences import default_preamble

    page = open_step(window, store, "s1")
    editor = window.wizard.editor
    before = editor.report.section_text("preamble")
    page.preamble.setFocus()
    qtbot.keyClick(page.preamble, Qt.Key.Key_Tab)
    assert editor.report.section_text("preamble") == before and "\t" not in page.preamble.toPlainText()
    assert not page.preamble.hasFocus()
    # a preamble of blanks prints the standard one, never nothing
    editor.set_text("preamble", " \t")
    assert section_text(editor.report, "preamble") == default_preamble(editor.report)
    editor.set_text("preamble", "本单位自拟的前言。")
    assert page.restore_preamble.isEnabled()
    qtbot.mouseClick(page.restore_preamble, Qt.MouseButton.LeftButton)
    assert editor.report.section_text("preamble") == "" and not page.restore_preamble.isEnabled()
    editor.undo()
    assert editor.report.section_text("preamble") == "本单位自拟的前言。"


# --- item 8: 生成与打印 -------------------------------------------------------------------------

def test_export_remembers_its_folder_creates_it_and_shows_its_steps(qtbot, window, store, settings, tmp_path):
    report_id = store.save_report(good_report())
    page = open_step(window, store, "export")
    page.with_pdf.setChecked(False)
    target = tmp_path / "年报" / "2024"
    page.folder.setText(str(target))
    qtbot.mouseClick(page.generate, Qt.MouseButton.LeftButton)
    page.wait(30000)
    assert target.is_dir() and "已生成" in page.banner.text()
    assert settings.folder(report_id) == str(target) and settings.exported(report_id)[1] is False
    written = sorted(target.glob("*.docx"))
    assert len(written) == 2
    mode = stat.S_IMODE(written[0].stat().st_mode)
    if os.name == "posix":
        assert mode & stat.S_IRGRP and mode & stat.S_IROTH                 # readable by colleagues, as saved files are
    window.close_report()
    window.open_report(report_id)
    assert window.wizard.page["export"].folder.text() == str(target)


def test_export_progress_lists_the_steps_and_can_cancel(qtbot, tmp_path):
    import threading

    from gui.export_page import ExportProgress, export_files, export_steps

    steps = export_steps(pdf=True, sheet=True)
    assert steps == ["check", "docx", "pdf", "sheet", "sheet_pdf"]
    progress = ExportProgress(steps)
    qtbot.addWidget(progress)
    assert progress.lines() == ["○ 1. 检查（等待）", "○ 2. 生成 Word 文档（等待）", "○ 3. 生成 PDF（等待）",
                                "○ 4. 生成审核说明表（等待）", "○ 5. 生成审核说明表 PDF（等待）"]
    progress.start("check")
    progress.start("docx")
    assert progress.lines()[:2] == ["✓ 1. 检查（完成）", "… 2. 生成 Word 文档（进行中）"]
    cancel, seen = threading.Event(), []

    def on_step(step):
        seen.append(step)
        if step == "docx":
            cancel.set()                     # 取消 while the Word document is being made
    written = export_files(good_report(), None, tmp_path, pdf=True, sheet=True, draft=False, cancel=cancel,
                           on_step=on_step)
    assert seen == ["check", "docx"] and [p.suffix for p in written] == [".docx"]   # the whole .docx is kept
    assert not list(tmp_path.glob("*.pdf")) and len(list(tmp_path.glob("*.docx"))) == 1


def test_the_stale_folder_message_goes_after_a_successful_export(qtbot, window, store, tmp_path):
    page = open_step(window, store, "export")
    page.with_pdf.setChecked(False)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    page.folder.setText(str(blocker / "sub"))
    qtbot.mouseClick(page.generate, Qt.MouseButton.LeftButton)
    assert page.banner.isVisible() and "无法创建保存位置" in page.banner.text()
    page.folder.setText(str(tmp_path))
    qtbot.mouseClick(page.generate, Qt.MouseButton.LeftButton)
    page.wait(30000)
    assert "已生成" in page.banner.text() and "无法创建" not in page.banner.text()


# --- item 10: Chinese everywhere ---------------------------------------------------------------

def english_in(widget) -> set[str]:
    """Texts a clerk would read in `widget` and its children that still have English words in them."""
    import re

    found = set()
    for child in [widget] + widget.findChildren(QWidget):
        for name in ("text", "windowTitle", "toolTip", "placeholderText", "title"):
            getter = getattr(child, name, None)
            try:
                value = getter() if callable(getter) else None
            except TypeError:
                continue
            if not isinstance(value, str) or value.startswith("/") or re.match(r"[A-Z]:\\", value):
                continue                                      # a path is no English
            if re.search(r"[A-Za-z]{3,}", value.replace("PDF", "")):
                found.add(value)
    return found


def test_qt_dialogs_and_the_date_picker_speak_chinese(qtbot, qapp):
    from PySide6.QtPrintSupport import QPrintDialog

    loaded = install_chinese_translations(qapp)
    assert "qtbase" in loaded
    assert QLocale().monthName(1) == "一月" and QLocale().dayName(1, QLocale.FormatType.ShortFormat) == "周一"
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    assert calendar.locale().monthName(1) == "一月" and not english_in(calendar)
    for mode, accept in ((QFileDialog.FileMode.ExistingFile, QFileDialog.AcceptMode.AcceptOpen),
                         (QFileDialog.FileMode.Directory, QFileDialog.AcceptMode.AcceptOpen),
                         (QFileDialog.FileMode.AnyFile, QFileDialog.AcceptMode.AcceptSave)):
        dialog = QFileDialog(None, "选择", "", "年度报告 (*.docx)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)     # Qt's own, as on Linux and in tests
        dialog.setFileMode(mode)
        dialog.setAcceptMode(accept)
        qtbot.addWidget(dialog)
        assert not english_in(dialog), (mode, english_in(dialog))    # 「Look in:」 was left in English
    printing = QPrintDialog()
    qtbot.addWidget(printing)
    assert not english_in(printing), english_in(printing)
    box = QMessageBox(QMessageBox.Icon.Question, "t", "q",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Open)
    qtbot.addWidget(box)
    assert not english_in(box)
    line = QLineEdit()
    qtbot.addWidget(line)
    menu = line.createStandardContextMenu()
    assert [a.text().split("\t")[0] for a in menu.actions() if a.text()][:2] == ["撤消(&U)", "重做(&R)"]
