"""What the GUI tests share: a store and a main window on it (fixtures, registered in
conftest.py), and the ways a clerk's hands reach the widgets — typing a cell, typing Chinese,
double-clicking, answering the next dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit


@pytest.fixture
def store(tmp_path):
    from models.storage import Store

    with Store.open(tmp_path / "reports.sqlite3") as s:
        yield s


@pytest.fixture
def window(qtbot, store):
    from gui.app import MainWindow

    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)     # shortcuts (Ctrl+Z, Ctrl+Y) only reach the active window
    yield w
    if w.wizard is not None:
        w.wizard.editor.retry_save()    # a test that made saves fail leaves nothing pending
    w.close_report()


def answer_next_dialog(action):
    """Run `action(dialog)` on the next modal dialog as soon as it is shown."""
    def run():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, run)
            return
        action(dialog)
    QTimer.singleShot(0, run)


def type_into(qtbot, view, key, text):
    """Type `text` into a cell as a clerk does: select it, type (the first key opens the
    editor), press Enter."""
    view.setCurrentIndex(view.model().index_for_key(key))
    qtbot.keyClick(view, text[0])
    (editor,) = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]   # opened by the key
    if len(text) > 1:
        qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)   # Qt commits queued


def type_chinese(widget, text, at_end: bool = False):
    """What an input method does: commit `text` at the cursor, over the selection if there is one,
    or after everything with `at_end` (keyClicks cannot type Chinese: craft.md)."""
    widget.setFocus()
    if at_end and hasattr(widget, "moveCursor"):
        widget.moveCursor(QTextCursor.MoveOperation.End)
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def double_click(qtbot, view, pos):
    """As a mouse does it: a press before the double-click (item views ignore a bare one)."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
