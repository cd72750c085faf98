"""The widgets and symbols that carry the look of gui/style.py: the state symbols (drawn, so
they never depend on a font having ✓ or ⚠), page and section titles, hints, the primary button,
the legend of colours and symbols, and the banner. Reached through gui.style as well; loaded only
after the window has painted (Qt's namespace enums take about 100 ms to set up)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QSizePolicy,
                               QToolButton, QWidget)

from gui.style import SPACE, STATES, TEXT, mark_color, px

# --- symbols ------------------------------------------------------------------------------------
_icons: dict[tuple[str, int], QIcon] = {}


def forget_icons() -> None:
    """The zoom changed: symbols are drawn again at the new size."""
    _icons.clear()


def paint_symbol(painter: QPainter, rect: QRectF, key: str) -> None:
    """Draw the state's symbol into `rect` (a square): the same shape in the sidebar, the
    findings list, the legend and the table cells."""
    s = STATES[key]
    colour = mark_color(key)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    x, y, w = rect.x(), rect.y(), rect.width()

    def at(fx: float, fy: float) -> QPointF:
        return QPointF(x + fx * w, y + fy * w)

    white = QPen(QColor("white"), max(1.4, w / 8), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                 Qt.PenJoinStyle.RoundJoin)
    if s.symbol in ("cross", "check", "info"):
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(rect.adjusted(w * .04, w * .04, -w * .04, -w * .04))
        painter.setPen(white)
        if s.symbol == "cross":
            painter.drawLine(at(.33, .33), at(.67, .67))
            painter.drawLine(at(.67, .33), at(.33, .67))
        elif s.symbol == "check":
            path = QPainterPath(at(.28, .52))
            path.lineTo(at(.44, .68))
            path.lineTo(at(.73, .35))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        else:
            painter.drawLine(at(.5, .45), at(.5, .72))
            painter.drawPoint(at(.5, .3))
    elif s.symbol == "bang":
        path = QPainterPath(at(.5, .06))
        path.lineTo(at(.97, .9))
        path.lineTo(at(.03, .9))
        path.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPath(path)
        painter.setPen(white)
        painter.drawLine(at(.5, .36), at(.5, .6))
        painter.drawPoint(at(.5, .76))
    elif s.symbol == "ring":
        painter.setPen(QPen(colour, max(1.2, w / 9)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(rect.adjusted(w * .12, w * .12, -w * .12, -w * .12))
    else:   # arrow (carried), sigma (computed): a line drawing on a light tile
        painter.setPen(QPen(colour, 1))
        painter.setBrush(s.bg)
        painter.drawRoundedRect(rect.adjusted(.5, .5, -.5, -.5), w * .18, w * .18)
        pen = QPen(colour, max(1.2, w / 9), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath()
        if s.symbol == "arrow":
            path.moveTo(at(.22, .5))
            path.lineTo(at(.76, .5))
            path.moveTo(at(.55, .3))
            path.lineTo(at(.76, .5))
            path.lineTo(at(.55, .7))
        else:
            path.moveTo(at(.72, .25))
            path.lineTo(at(.3, .25))
            path.lineTo(at(.55, .5))
            path.lineTo(at(.3, .75))
            path.lineTo(at(.72, .75))
        painter.drawPath(path)
    painter.restore()


def state_icon(key: str, size: int = 14) -> QIcon:
    """The state's symbol as an icon (sidebar, findings list, legend)."""
    size = px(size)
    if (key, size) not in _icons:
        ratio = 2     # drawn at twice the size: sharp on 150 % displays
        pixmap = QPixmap(size * ratio, size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_symbol(painter, QRectF(0, 0, size, size), key)
        painter.end()
        _icons[(key, size)] = QIcon(pixmap)
    return _icons[(key, size)]


def suspect_pixmap(size: int) -> QPixmap:
    """The mark of a cell a typo most likely sits in (table_page's CellDelegate), for the legend."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QPen(STATES["error"].fg, 1.5, Qt.PenStyle.DashLine))
    painter.drawRect(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    return pixmap


# --- widgets that carry the look --------------------------------------------------------------
def page_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def primary(button: QPushButton) -> QPushButton:
    """Mark the button that leads on (one or two per page) in the accent colour."""
    button.setProperty("primary", True)
    button.style().unpolish(button)
    button.style().polish(button)
    return button


class Legend(QWidget):
    """What the colours and symbols mean, in words: 「✕ 强制：必须改正」…"""

    TEXTS = {"error": "强制：必须改正", "warning": "核实：改正或写说明", "carried": "上年结转（蓝字）",
             "computed": "自动计算（灰底）", "ok": "已完成", "todo": "未查看", "info": "提示",
             "suspect": "虚线框：最可能输错的格"}

    def __init__(self, keys=("error", "warning", "carried", "computed", "suspect"), parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(px(SPACE * 2))
        for key in keys:
            icon = QLabel()
            icon.setPixmap(suspect_pixmap(px(14)) if key == "suspect" else state_icon(key).pixmap(px(14), px(14)))
            word = QLabel(self.TEXTS[key])
            word.setObjectName("hint")
            pair = QHBoxLayout()
            pair.setSpacing(px(4))
            pair.addWidget(icon)
            pair.addWidget(word)
            row.addLayout(pair)
        row.addStretch()


class Banner(QFrame):
    """A message under what it is about, never above it: it appears and goes without moving
    the content the clerk is pointing at. Errors and warnings stay until their cause is gone
    (`clear`) or the clerk closes them (×); confirmations go by themselves after a while.
    Each kind has its colour, its symbol and its word, so colour is never the only signal."""

    dismissed = Signal()
    INFO_SECONDS = 12

    def __init__(self, parent=None, transient_info: bool = True):
        super().__init__(parent)
        self.setObjectName("banner")
        self.transient_info = transient_info
        self.kind = ""
        self.cause: str | None = None
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.action_button = QPushButton()
        self.action_button.hide()
        self.action_button.clicked.connect(self._act)
        self._action = None
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setToolTip("关闭此提示")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self._dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(px(10), px(6), px(4), px(6))
        row.setSpacing(px(8))
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)
        row.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def show_error(self, text: str, cause: str | None = None, action=None) -> None:
        """`action`: (button text, callback) — one thing the clerk can do about it, here."""
        self._show(text, "error", cause, action)

    def show_warning(self, text: str, cause: str | None = None, action=None) -> None:
        self._show(text, "warning", cause, action)

    def show_info(self, text: str, cause: str | None = None) -> None:
        self._show(text, "ok", cause)
        if self.transient_info:
            self._timer.start(self.INFO_SECONDS * 1000)

    def clear(self, cause: str | None = None) -> None:
        """Hide the message (only if it is about `cause`, when given): its cause is gone."""
        if cause is None or self.cause == cause:
            self._timer.stop()
            self.hide()
            self.cause = None

    def _dismiss(self) -> None:
        self.clear()
        self.dismissed.emit()

    def _act(self) -> None:
        action = self._action
        self.clear()
        if action is not None:
            action()

    def _show(self, text: str, kind: str, cause: str | None, action=None) -> None:
        self._timer.stop()
        self.kind, self.cause = kind, cause
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setVisible(action is not None)
        s = STATES[kind]
        self.label.setText(text)
        self.icon.setPixmap(state_icon(kind, 16).pixmap(px(16), px(16)))
        self.label.setStyleSheet(f"color: {TEXT.name()};")
        self.setStyleSheet(f"QFrame#banner {{ background: {s.bg.name()}; border: 1px solid {s.bg.darker(115).name()};"
                           f" border-left: {px(4)}px solid {mark_color(kind).name()}; border-radius: {px(4)}px; }}")
        self.setAccessibleDescription(f"{s.word if kind != 'ok' else '完成'}：{text}")
        self.show()


def choice_combo(choices: dict[str, str]) -> QComboBox:
    """A drop-down of Chinese labels whose data are the data file's keys (unit kind, level)."""
    combo = QComboBox()
    for key, label in choices.items():
        combo.addItem(label, key)
    return combo


def set_choice(combo: QComboBox, key: str | None) -> None:
    combo.setCurrentIndex(combo.findData(key) if key is not None else -1)


def ask_yes_no(parent: QWidget, title: str, question: str) -> bool:
    """A yes/no question whose safe answer, 否, is the default (Enter never replaces or deletes)."""
    buttons = QMessageBox.StandardButton
    return QMessageBox.question(parent, title, question, buttons.Yes | buttons.No, buttons.No) == buttons.Yes
