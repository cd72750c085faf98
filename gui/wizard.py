"""The wizard: a stepper of numbered steps with their state (in words and symbols, not colour
alone), the step pages, 上一步/下一步, undo/redo, and 「已保存 HH:MM:SS」 after every edit.

Keys: Ctrl+1 … Ctrl+9 open a step; Ctrl+PgDn / Ctrl+PgUp (or Alt+→ / Alt+←) go to the next or
previous step; Ctrl+Z / Ctrl+Y undo and redo."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
                               QStackedWidget, QStyle, QStyledItemDelegate, QVBoxLayout, QWidget)

from gui import style
from gui.export_page import ExportPage
from gui.narrative_page import NarrativePage
from gui.review_page import ReviewPage
from gui.save_status import UNSAVED, SaveStatus
from gui.style import STATE_TEXT, Banner, primary, px
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
NEXT_KEYS = ("Ctrl+PgDown", "Alt+Right")
PREVIOUS_KEYS = ("Ctrl+PgUp", "Alt+Left")

KEY_ROLE = Qt.ItemDataRole.UserRole
STATE_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2


def step_shortcut(index: int) -> str:
    return f"Ctrl+{index + 1}"


class StepDelegate(QStyledItemDelegate):
    """One step of the stepper: its number in a circle (filled for the step shown), its name,
    and under it its state as a symbol and words (「✕ 2 项强制」「✓ 已完成」「○ 未查看」)."""

    def sizeHint(self, option, index) -> QSize:
        line = option.fontMetrics.height()
        return QSize(px(200), int(line * 2.3) + px(12))

    def paint(self, painter: QPainter, option, index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(px(4), px(2), -px(4), -px(2))
        current = bool(option.state & QStyle.StateFlag.State_Selected)
        if current:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.BASE_BG)
            painter.drawRoundedRect(rect, px(6), px(6))
            painter.setBrush(style.ACCENT)
            painter.drawRoundedRect(QRectF(rect.left(), rect.top() + px(6), px(4), rect.height() - px(12)), 2, 2)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.ACCENT_TINT.lighter(104))
            painter.drawRoundedRect(rect, px(6), px(6))
        # the number
        d = px(24)
        circle = QRectF(rect.left() + px(12), rect.center().y() - d / 2, d, d)
        if current:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.ACCENT)
        else:
            painter.setPen(QPen(style.BORDER.darker(115), 1.2))
            painter.setBrush(style.BASE_BG)
        painter.drawEllipse(circle)
        number_font = style.ui_font(bold=True)
        number_font.setPointSizeF(number_font.pointSizeF() * 0.9)
        painter.setFont(number_font)
        painter.setPen(QColor("white") if current else style.TEXT)
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(index.row() + 1))
        # the name and the state
        left = circle.right() + px(10)
        metrics = option.fontMetrics
        name_font = style.ui_font(bold=current)
        painter.setFont(name_font)
        painter.setPen(style.TEXT)
        top = rect.top() + (rect.height() - metrics.height() * 2.1) / 2
        painter.drawText(QRectF(left, top, rect.right() - left, metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, index.data())
        state = index.data(STATE_ROLE) or "todo"
        small = style.ui_font()
        small.setPointSizeF(small.pointSizeF() * 0.86)
        painter.setFont(small)
        size = px(12)
        y = top + metrics.height() * 1.1
        style.paint_symbol(painter, QRectF(left, y + (metrics.height() - size) / 2, size, size), state)
        painter.setPen(style.state_color(state) if state != "todo" else style.MUTED)
        painter.drawText(QRectF(left + size + px(5), y, rect.right() - left - size, metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, index.data(DETAIL_ROLE) or "")
        painter.restore()


class Wizard(QWidget):
    closed = Signal()

    def __init__(self, editor, parent=None, settings=None):
        super().__init__(parent)
        self.editor = editor
        self.settings = settings
        self.visited: set[str] = settings.visited(editor.report_id) if settings else set()
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("stepper")
        self.sidebar.setItemDelegate(StepDelegate(self.sidebar))
        self.sidebar.setMouseTracking(True)
        self.sidebar.setAccessibleName("步骤")
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for index, (key, label) in enumerate(STEPS):
            item = QListWidgetItem(label)
            item.setData(KEY_ROLE, key)
            self.sidebar.addItem(item)
        self.pages = QStackedWidget()
        self.page: dict[str, QWidget] = {}
        for key, _ in STEPS:
            self.page[key] = self._make_page(key)
            self.pages.addWidget(self.page[key])
        self.page["review"].jump.connect(self.show_finding)
        self.page["export"].jump.connect(self.show_finding)
        self.page["export"].go_to_review.connect(lambda: self.go(STEP_KEYS.index("review")))

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.subheading = style.hint_label("")
        self.notice = Banner(transient_info=False)   # on opening: import gaps, corrected totals
        self.saved = SaveStatus(editor)   # 已保存 / 未保存 and the retries, for the whole wizard
        self.saved.state_changed.connect(lambda _: self._update_heading())
        self.back_home = QPushButton("返回首页")
        self.back_home.setToolTip("回到报告列表（所有内容已自动保存）")
        self.back_home.clicked.connect(self.leave)
        self.undo_button = QPushButton("撤销")
        self.redo_button = QPushButton("重做")
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.previous_button = QPushButton("‹ 上一步")
        self.next_button = primary(QPushButton("下一步 ›"))
        self.previous_button.setToolTip(f"上一步（{PREVIOUS_KEYS[0]}）")
        self.next_button.setToolTip(f"下一步（{NEXT_KEYS[0]}）")
        self.previous_button.clicked.connect(self.go_previous)
        self.next_button.clicked.connect(self.go_next)
        self._shortcuts()

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        top.addLayout(titles, 1)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        top.addSpacing(px(style.SPACE * 2))
        top.addWidget(self.back_home)
        rail = QFrame()
        rail.setObjectName("sidebar")
        rail_layout = QVBoxLayout(rail)
        rail_layout.setContentsMargins(px(4), px(8), px(4), px(8))
        rail_layout.addWidget(self.sidebar)
        self.sidebar.setMinimumWidth(px(196))
        rail.setMaximumWidth(px(232))
        content = QVBoxLayout()
        content.setContentsMargins(px(16), px(4), px(16), 0)
        content.addWidget(self.pages, 1)
        content.addWidget(self.notice)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(px(16), px(6), px(16), px(10))
        bottom.addWidget(self.saved, 1)
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.next_button)
        content.addLayout(bottom)
        middle = QHBoxLayout()
        middle.setSpacing(0)
        middle.addWidget(rail)
        middle.addLayout(content, 1)
        header = QFrame()
        header.setObjectName("card")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(px(16), px(8), px(12), px(8))
        header_layout.addLayout(top)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(middle, 1)

        self.sidebar.currentRowChanged.connect(self._show)
        editor.add_listener(self._changed)
        self._update_heading()
        self._update_states()
        last = editor.last_step if editor.last_step in STEP_KEYS else "unit"
        self.go(STEP_KEYS.index(last))

    def _shortcuts(self) -> None:
        self._keys: list[QShortcut] = []

        def bind(sequence: str, action) -> None:
            shortcut = QShortcut(QKeySequence(sequence), self, action)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self._keys.append(shortcut)

        for index in range(len(STEPS)):
            bind(step_shortcut(index), lambda i=index: self.go(i))
            self.sidebar.item(index).setData(Qt.ItemDataRole.ToolTipRole, None)
        for sequence in NEXT_KEYS:
            bind(sequence, self.go_next)
        for sequence in PREVIOUS_KEYS:
            bind(sequence, self.go_previous)
        # Ctrl+Z / Ctrl+Y as the clerk knows them from Word and WPS, plus the platform's own keys
        for action, keys in ((self.undo, QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)),
                             (self.redo, QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
                              + [QKeySequence("Ctrl+Y")])):
            for key in {k.toString(): k for k in keys}.values():   # one shortcut per key, or none fires
                QShortcut(key, self, action)

    def _make_page(self, key: str) -> QWidget:
        if key == "unit":
            return UnitPage(self.editor)
        if key in ("t2", "t3", "t4"):
            return TablePage(self.editor, key, self.editor.report.layout.table(key).title)
        if key in SECTION_BY_KEY:
            return NarrativePage(self.editor, key)
        if key == "review":
            return ReviewPage(self.editor)
        return ExportPage(self.editor, settings=self.settings)

    # --- navigation --------------------------------------------------------------------------
    def current_index(self) -> int:
        return self.sidebar.currentRow()

    def current_step(self) -> str:
        return STEP_KEYS[self.current_index()]

    def go(self, index: int) -> None:
        if 0 <= index < len(STEPS):
            self.sidebar.setCurrentRow(index)

    def go_next(self) -> None:
        self.go(self.current_index() + 1)

    def go_previous(self) -> None:
        self.go(self.current_index() - 1)

    def _show(self, index: int) -> None:
        key = STEP_KEYS[index]
        self.pages.setCurrentWidget(self.page[key])
        if key not in self.visited:
            self.visited.add(key)
            if self.settings is not None:
                self.settings.set_visited(self.editor.report_id, self.visited)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(STEPS) - 1)
        self.next_button.setText(f"下一步：{STEPS[index + 1][1]} ›" if index < len(STEPS) - 1 else "下一步 ›")
        try:
            self.editor.set_last_step(key)
        except StorageError:
            pass   # only the place to reopen at is lost; the next edit will report the problem
        self._update_states()
        page = self.page[key]
        if hasattr(page, "shown"):
            page.shown()

    def show_finding(self, finding) -> None:
        """Jump to the step of a finding and, for a cell, to the cell itself."""
        step = step_of(finding)
        self.go(STEP_KEYS.index(step))
        page = self.page[step]
        if finding.cells and isinstance(page, TablePage):
            page.focus_cell(finding.cells[0])
        elif finding.quote and hasattr(page, "focus_quote"):
            page.focus_quote(finding.quote, finding.subject)     # the sentence itself
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

    def window_title(self) -> str:
        report = self.editor.report
        return f"{report.unit.name} {report.year} 年度报告"

    def _update_heading(self) -> None:
        report = self.editor.report
        mark = "" if self.editor.saved else f"（{UNSAVED}）"
        self.heading.setText(title(report) + mark)
        self.subheading.setText(f"{report.layout.title}　·　所有内容随时自动保存在本机")
        self.undo_button.setEnabled(self.editor.can_undo)
        self.redo_button.setEnabled(self.editor.can_redo)
        self.undo_button.setToolTip(f"{self.editor.undo_description}（Ctrl+Z）" if self.editor.can_undo else "Ctrl+Z")
        self.redo_button.setToolTip(f"{self.editor.redo_description}（Ctrl+Y）" if self.editor.can_redo else "Ctrl+Y")
        window = self.window()
        if window is not None and window is not self:
            wanted = f"{self.window_title()} — 政府信息公开年报助手"
            if window.windowTitle() != wanted:
                window.setWindowTitle(wanted)

    def step_state(self, key: str) -> tuple[str, str]:
        """The stepper's state of a step and its words: ("error", "2 项强制") …"""
        counts = self.editor.step_counts(key)
        state = "error" if counts["error"] else "warning" if counts["warning"] else "ok"
        if state == "error":
            extra = f"，{counts['warning']} 项核实" if counts["warning"] else ""
            return "error", f"{counts['error']} 项强制{extra}"
        if state == "warning":
            return "warning", f"{counts['warning']} 项待核实"
        if key not in self.visited:
            return "todo", STATE_TEXT["todo"]
        return "ok", "已完成" if key not in ("review", "export") else "审核已通过"

    def _update_states(self) -> None:
        for row, (key, label) in enumerate(STEPS):
            state, words = self.step_state(key)
            item = self.sidebar.item(row)
            if item.data(STATE_ROLE) == state and item.data(DETAIL_ROLE) == words:
                continue            # unchanged: no repaint of the stepper on every keystroke
            item.setData(STATE_ROLE, state)
            item.setData(DETAIL_ROLE, words)
            item.setToolTip(f"{label}：{words}（{step_shortcut(row)}）")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"第 {row + 1} 步 {label}，{words}")
