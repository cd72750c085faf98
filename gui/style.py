"""Colours, fonts and small shared widgets of the app (one place for the look)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QComboBox, QLabel

# UI fonts with CJK glyphs, in order of preference; Qt falls back through the list.
UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
            "Source Han Sans SC", "WenQuanYi Micro Hei", "SimSun"]

HEADER_BG = QColor("#e9eef5")
TOTAL_BG = QColor("#eceff1")
ERROR_BG = QColor("#fbd5d5")
WARNING_BG = QColor("#fff1c2")
CARRIED_FG = QColor("#1f5fbf")
ERROR_FG = QColor("#b3261e")
WARNING_FG = QColor("#8a5a00")
OK_FG = QColor("#1e7b34")

STATE_COLOR = {"error": ERROR_FG, "warning": QColor("#d08c00"), "ok": OK_FG, "todo": QColor("#9aa0a6")}
STATE_TEXT = {"error": "有错误", "warning": "待核实", "ok": "已完成", "todo": "未填写"}


def apply_fonts(app: QApplication) -> None:
    font = QFont(app.font())
    font.setFamilies(UI_FONTS)
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)


_icons: dict[str, QIcon] = {}


def state_icon(state: str) -> QIcon:
    """A filled dot in the state's colour (the sidebar and the findings list)."""
    if state not in _icons:
        pixmap = QPixmap(14, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(STATE_COLOR[state])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(1, 1, 12, 12)
        painter.end()
        _icons[state] = QIcon(pixmap)
    return _icons[state]


class Banner(QLabel):
    """A one-line message under a form: red for a refusal, green for a confirmation."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, "#fdecea", ERROR_FG.name())

    def show_info(self, text: str) -> None:
        self._show(text, "#e6f4ea", OK_FG.name())

    def show_warning(self, text: str) -> None:
        self._show(text, "#fff4d6", WARNING_FG.name())

    def _show(self, text: str, background: str, colour: str) -> None:
        self.setText(text)
        self.setStyleSheet(f"QLabel {{ background: {background}; color: {colour}; padding: 6px 10px;"
                           f" border-radius: 4px; }}")
        self.show()


def choice_combo(choices: dict[str, str]) -> QComboBox:
    """A drop-down of Chinese labels whose data are the data file's keys (unit kind, level)."""
    combo = QComboBox()
    for key, label in choices.items():
        combo.addItem(label, key)
    return combo


def set_choice(combo: QComboBox, key: str | None) -> None:
    combo.setCurrentIndex(combo.findData(key) if key is not None else -1)
