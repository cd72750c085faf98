"""Whether the report is saved, in one place the whole wizard shares.

`SaveStatus` shows 「已保存 HH:MM:SS」 after every stored edit. When the database cannot be
written (disk full, locked by another program…) the Editor keeps every edit in memory (see
models/editing.py); this widget then says so at once, in red — 「未保存：…」 with the reason —
retries on a timer, off the keystroke path, and offers 重试 now. `confirm_leave()` is asked
before the report is closed while anything is unsaved: try once more, else offer to save the
report as a data file elsewhere, so that nothing typed is lost.

Self-contained (a label, a button, a timer), so that a restyle can move it anywhere."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

RETRY_MS = 3000
UNSAVED = "未保存"


class SaveStatus(QWidget):
    state_changed = Signal(bool)   # True: everything stored

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.retry_button = QPushButton("重试保存")
        self.retry_button.setToolTip("立即再次尝试把未保存的修改写入数据库")
        self.retry_button.clicked.connect(self.retry)
        self.retry_button.hide()
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.retry)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        editor.add_listener(self._changed)
        editor.add_save_listener(self._save_state)

    def text(self) -> str:
        return self.label.text()

    @property
    def saved(self) -> bool:
        return self.editor.saved

    def retry(self) -> bool:
        return self.editor.retry_save()

    def _changed(self, change) -> None:
        if self.editor.saved:
            self._show_saved()

    def _show_saved(self, note: str = "") -> None:
        self.label.setStyleSheet("")
        self.label.setText(f"已保存 {datetime.now():%H:%M:%S}{note}")
        self.label.setToolTip("")

    def _save_state(self, error: str | None) -> None:
        if error is None:
            self.timer.stop()
            self.retry_button.hide()
            self._show_saved("（之前未能保存的修改已全部保存）")
        else:
            self.label.setStyleSheet("color: #b00020; font-weight: bold;")
            reason = re.sub(r"^[^：]{0,12}失败：", "", error.splitlines()[0])   # 「保存失败：磁盘…」 → 「磁盘…」
            self.label.setText(f"未能保存：{reason} 已输入的内容仍在窗口中，程序每 {RETRY_MS // 1000} 秒自动重试。")
            self.label.setToolTip(error)
            self.retry_button.show()
            if not self.timer.isActive():
                self.timer.start()
        self.state_changed.emit(error is None)

    def confirm_leave(self) -> bool:
        """Before the report closes: True when it may (everything stored, or the clerk chose)."""
        if self.editor.saved or self.retry():
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "有修改未能保存",
                          f"以下问题使部分修改仍未写入数据库：\n{self.editor.save_error}\n\n"
                          f"关闭后这些修改将丢失。可以先把整份报告另存为数据文件（.json），"
                          f"以后在“导入”中打开。", parent=self)
        save_as = box.addButton("另存为数据文件…", QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton("继续编辑", QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton("放弃修改并关闭", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.exec()
        clicked = box.clickedButton()
        if clicked is discard:
            return True
        if clicked is save_as:
            return self.save_copy()
        return False

    def save_copy(self, path: str | None = None) -> bool:
        """Write the report as it is in memory to a data file the clerk chooses."""
        from models.atomic import WriteError
        from models.datafile import write_report

        report = self.editor.report
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "另存为数据文件",
                                                  f"{report.unit.name}-{report.year}年-未保存.json",
                                                  "报告数据文件 (*.json)")
            if not path:
                return False
        try:
            write_report(report, path)
        except WriteError as exc:
            QMessageBox.warning(self, "未能另存", str(exc))
            return False
        return True
