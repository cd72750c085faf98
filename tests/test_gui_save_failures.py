"""Item 1 through the real widgets: with the disk full (SQLite answering SQLITE_FULL) or the
database locked by another program, the clerk types, pastes, deletes, fills the fees, explains
and dates the report: the window says at once, in Chinese, that it was not saved, keeps what
was typed, marks the report 未保存 — and once there is space again, everything is stored."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from sqlalchemy import event

from tests.factory import good_report
from tests.gui_helpers import type_chinese


class DiskFull:
    """The database file may not grow: SQLite then answers SQLITE_FULL, as on a full disk."""

    def __init__(self, store):
        self.store = store
        self.pages = sqlite3.connect(str(store.path)).execute("PRAGMA page_count").fetchone()[0]
        self.full = True
        store._engine.dispose()
        event.listen(store._engine, "connect", self._limit)

    def _limit(self, conn, _record):
        if self.full:
            conn.execute(f"PRAGMA max_page_count = {self.pages}")

    def free(self):
        self.full = False
        self.store._engine.dispose()   # fresh connections, without the limit


def open_report(qtbot, window, store):
    window.open_report(store.save_report(good_report()))
    return window.wizard


def test_typing_on_a_full_disk_is_shown_kept_and_saved_later(qtbot, window, store):
    wizard = open_report(qtbot, window, store)
    wizard.go(wizard.sidebar.count() - 4)                     # 五、问题与改进
    page = wizard.page["s5"]
    box = page.whole
    before = box.toPlainText()
    full = DiskFull(store)
    pasted = "整改情况：" * 2000                               # needs pages the full disk has not
    box.moveCursor(QTextCursor.MoveOperation.End)
    QGuiApplication.clipboard().setText(pasted)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    typed = pasted + "全年共收到申请，均已按期办结。" * 20         # then 300 characters typed
    for char in typed[len(pasted):]:
        type_chinese(box, char, at_end=True)
    assert box.toPlainText() == before + typed                  # the box keeps every character
    assert wizard.saved.text().startswith("未能保存：磁盘空间已满")
    assert "未保存" in wizard.heading.text() and wizard.saved.retry_button.isVisible()
    assert store.load_report(wizard.editor.report_id).text["s5"] == before   # not stored yet

    # a table: a cell typed, a block pasted, Delete
    wizard.go(3)                                                # 三
    view = wizard.page["t3"].view
    view.setCurrentIndex(view.model().index_for_key("t3.r1.zrr"))
    QGuiApplication.clipboard().setText("7\t8")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    view.setCurrentIndex(view.model().index_for_key("t3.r1.shgy"))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert wizard.editor.report.cells["t3.r1.zrr"] == 7 and wizard.editor.report.cells["t3.r1.shgy"] is None
    # 说明, fees, the publication date
    wizard.page["s6"].notices.setValue(3)
    wizard.page["unit"].published_known.setChecked(True)
    assert "未能保存" in wizard.saved.text()

    full.free()
    qtbot.mouseClick(wizard.saved.retry_button, Qt.MouseButton.LeftButton)
    assert wizard.saved.text().startswith("已保存") and "未保存" not in wizard.heading.text()
    assert not wizard.saved.retry_button.isVisible()
    stored = store.load_report(wizard.editor.report_id)
    assert stored.text["s5"] == before + typed
    assert stored.cells["t3.r1.zrr"] == 7 and stored.cells["t3.r1.syqy"] == 8 and stored.cells["t3.r1.shgy"] is None
    assert stored.cells["t3.r1.zj"] == wizard.editor.report.cells["t3.r1.zj"]
    assert stored.fees.notices == 3 and stored.published is not None


def test_the_retry_timer_saves_without_a_click(qtbot, window, store):
    wizard = open_report(qtbot, window, store)
    holder = sqlite3.connect(str(store.path), timeout=0.1, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")                          # another program holds the database
    try:
        wizard.go(1)
        box = wizard.page["s1"].preamble
        type_chinese(box, "锁住时", at_end=True)
        type_chinese(box, "输入", at_end=True)
        assert "未能保存" in wizard.saved.text() and "占用" in wizard.saved.text()
        assert wizard.saved.timer.isActive()
    finally:
        holder.rollback()
        holder.close()
    wizard.saved.timer.setInterval(10)
    qtbot.waitUntil(lambda: wizard.editor.saved, timeout=5000)
    assert store.load_report(wizard.editor.report_id).text["preamble"].endswith("锁住时输入")
    assert not wizard.saved.timer.isActive()


def test_leaving_with_unsaved_edits_offers_a_copy(qtbot, window, store, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    wizard = open_report(qtbot, window, store)
    full = DiskFull(store)
    wizard.go(1)
    type_chinese(wizard.page["s1"].preamble, "前言" * 3000 + "没存上的前言", at_end=True)   # more than the full disk takes
    copy = tmp_path / "copy.json"
    chosen = []

    def answer(box):
        chosen.append(box.text())
        button = next(b for b in box.buttons() if b.text().startswith("另存为"))
        monkeypatch.setattr("gui.save_status.QFileDialog.getSaveFileName", lambda *a, **k: (str(copy), ""))
        button.click()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answer(box))
    qtbot.mouseClick(wizard.back_home, Qt.MouseButton.LeftButton)
    assert chosen and "磁盘空间已满" in chosen[0]
    assert window.wizard is None                               # closed, after the copy was written
    from models.datafile import read_report
    assert read_report(copy)[0].text["preamble"].endswith("没存上的前言")
    full.free()
