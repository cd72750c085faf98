"""Text boxes that apply the text rules of data-file.md to what the clerk pastes: characters that
cannot be printed (Word's ↵ U+000B, page breaks, zero-width and direction marks…) are removed or
made line breaks, and the clerk is told how many; a paste that would take the box past its bound
is refused with the reason. Typed text is checked by the Editor (models/editing.py)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from models.bounds import SECTION_MAX_CHARS, clean_line, clean_text, removed_notice


class CleanTextEdit(QPlainTextEdit):
    """A QPlainTextEdit whose pastes (and drops) are cleaned. `notice(text, is_error)` says what
    was done to a paste, or why it was refused."""

    notice = Signal(str, bool)
    max_chars = SECTION_MAX_CHARS

    def insertFromMimeData(self, source) -> None:
        if not source.hasText():
            return
        text, changed = clean_text(source.text())
        cursor = self.textCursor()
        length = len(self.toPlainText()) - len(cursor.selectedText()) + len(text)
        if length > self.max_chars:
            self.notice.emit(f"粘贴的内容有 {len(text):,} 个字，粘贴后本部分将有 {length:,} 个字，超过每部分 "
                             f"{self.max_chars:,} 个字的上限，未粘贴。请分段粘贴需要的部分。", True)
            return
        cursor.insertText(text)
        self.setTextCursor(cursor)
        if changed:
            self.notice.emit(removed_notice(changed, "粘贴的内容") + "。", False)

    def canInsertFromMimeData(self, source) -> bool:
        return source.hasText()


class CleanLineEdit(QLineEdit):
    """A QLineEdit (a unit name) whose pastes are cleaned to one printable line."""

    notice = Signal(str, bool)

    def insert_clean(self, text: str) -> None:
        cleaned, changed = clean_line(text)
        self.insert(cleaned)
        if changed:
            self.notice.emit(removed_notice(changed, "粘贴的内容") + "。", False)

    def paste(self) -> None:   # Ctrl+V and the context menu's 粘贴
        from PySide6.QtGui import QGuiApplication
        self.insert_clean(QGuiApplication.clipboard().text())

    def keyPressEvent(self, event) -> None:
        from PySide6.QtGui import QKeySequence
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        super().keyPressEvent(event)
