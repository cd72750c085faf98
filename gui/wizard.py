"""The wizard: a sidebar of steps with their state, the step pages, 上一步/下一步, undo/redo,
and 「已保存 HH:MM:SS」 after every edit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from gui.export_page import ExportPage
from gui.narrative_page import NarrativePage
from gui.review_page import ReviewPage
from gui.save_status import UNSAVED, SaveStatus
from gui.style import STATE_TEXT, Banner, state_icon
from gui.table_page import TablePage
from gui.unit_page import UnitPage
from models.catalogue import SECTION_BY_KEY
from models.editing import STEPS as STEP_KEYS, step_of
from models.export.document import title
from models.errors import StorageError

STEP_LABELS = {"unit": "单位与年度", "s1": "一、总体情况", "t2": "二、主动公开", "t3": "三、依申请公开",
               "t4": "四、复议与诉讼", "s5": "五、问题与改进", "s6": "六、其他事项", "review": "审核",
               "export": "生成与打印"}
STEPS = tuple((key, STEP_LABELS[key]) for key in STEP_KEYS)   # the Editor's step order, with labels


class Wizard(QWidget):
    closed = Signal()

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.visited: set[str] = set()
        self.sidebar = QListWidget()
        self.sidebar.setFixedWidth(190)
        for key, label in STEPS:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)
        self.pages = QStackedWidget()
        self.page: dict[str, QWidget] = {}
        for key, _ in STEPS:
            self.page[key] = self._make_page(key)
            self.pages.addWidget(self.page[key])
        self.page["review"].jump.connect(self.show_finding)
        self.page["export"].jump.connect(self.show_finding)

        self.heading = QLabel()
        self.notice = Banner()          # what the clerk should know on opening (import gaps, corrected totals)
        self.saved = SaveStatus(editor)   # 已保存 / 未保存 and the retries, for the whole wizard
        self.saved.state_changed.connect(lambda _: self._update_heading())
        self.back_home = QPushButton("返回首页")
        self.back_home.clicked.connect(self.leave)
        self.undo_button = QPushButton("撤销")
        self.redo_button = QPushButton("重做")
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.previous_button = QPushButton("上一步")
        self.next_button = QPushButton("下一步")
        self.previous_button.clicked.connect(lambda: self.go(self.current_index() - 1))
        self.next_button.clicked.connect(lambda: self.go(self.current_index() + 1))
        # Ctrl+Z / Ctrl+Y as the clerk knows them from Word and WPS, plus the platform's own keys
        for action, keys in ((self.undo, QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)),
                             (self.redo, QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
                              + [QKeySequence("Ctrl+Y")])):
            for key in {k.toString(): k for k in keys}.values():   # one shortcut per key, or none fires
                QShortcut(key, self, action)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        top.addWidget(self.back_home)
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved, 1)
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.next_button)
        middle = QHBoxLayout()
        middle.addWidget(self.sidebar)
        middle.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)

        self.sidebar.currentRowChanged.connect(self._show)
        editor.add_listener(self._changed)
        self._update_heading()
        self._update_states()
        last = editor.last_step if editor.last_step in STEP_KEYS else "unit"
        self.go(STEP_KEYS.index(last))

    def _make_page(self, key: str) -> QWidget:
        if key == "unit":
            return UnitPage(self.editor)
        if key in ("t2", "t3", "t4"):
            return TablePage(self.editor, key, self.editor.report.layout.table(key).title)
        if key in SECTION_BY_KEY:
            return NarrativePage(self.editor, key)
        return ReviewPage(self.editor) if key == "review" else ExportPage(self.editor)

    # --- navigation --------------------------------------------------------------------------
    def current_index(self) -> int:
        return self.sidebar.currentRow()

    def current_step(self) -> str:
        return STEP_KEYS[self.current_index()]

    def go(self, index: int) -> None:
        if 0 <= index < len(STEPS):
            self.sidebar.setCurrentRow(index)

    def _show(self, index: int) -> None:
        key = STEP_KEYS[index]
        self.pages.setCurrentWidget(self.page[key])
        self.visited.add(key)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(STEPS) - 1)
        try:
            self.editor.set_last_step(key)
        except StorageError:
            pass   # only the place to reopen at is lost; the next edit will report the problem
        self._update_states()

    def show_finding(self, finding) -> None:
        """Jump to the step of a finding and, for a cell, to the cell itself."""
        step = step_of(finding)
        self.go(STEP_KEYS.index(step))
        page = self.page[step]
        if finding.cells and isinstance(page, TablePage):
            page.focus_cell(finding.cells[0])
        elif hasattr(page, "focus_first"):
            page.focus_first()

    # --- edits ---------------------------------------------------------------------------------
    def undo(self) -> None:
        self._run(self.editor.undo)

    def redo(self) -> None:
        self._run(self.editor.redo)

    def _run(self, action) -> None:
        try:
            action()
        except (StorageError, ValueError) as exc:   # a refusal; a failed write is kept (SaveStatus)
            QMessageBox.warning(self, "无法撤销或重做", str(exc))

    def leave(self) -> None:
        """返回首页: only once everything is stored, or the clerk chose what to do with it."""
        if self.saved.confirm_leave():
            self.closed.emit()

    def _changed(self, change) -> None:
        self._update_heading()
        self._update_states()

    def _update_heading(self) -> None:
        mark = "" if self.editor.saved else f' <span style="color:#b00020">（{UNSAVED}）</span>'
        self.heading.setText(f"<b>{title(self.editor.report)}</b>{mark}")
        self.undo_button.setEnabled(self.editor.can_undo)
        self.redo_button.setEnabled(self.editor.can_redo)
        self.undo_button.setToolTip(self.editor.undo_description)
        self.redo_button.setToolTip(self.editor.redo_description)

    def _update_states(self) -> None:
        for row, (key, label) in enumerate(STEPS):
            state = self.editor.step_state(key)
            if state == "ok" and key not in self.visited:
                state = "todo"
            item = self.sidebar.item(row)
            item.setIcon(state_icon(state))
            item.setToolTip(STATE_TEXT[state])
