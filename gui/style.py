"""The look of the app, in one place: palette, one accent colour, the state colours by role,
the UI font, spacing, the zoom, the app icon and the few widgets that carry the look
(banners, headings, buttons, the legend).

Like KeePassXC's base style: the palette does the work and the stylesheet is short; the meaning
of a colour is declared once (`STATES`) and asked for by role everywhere — 强制 red, 核实 amber,
carried from last year blue, computed grey — and every state also has a word and a drawn symbol,
so nothing is said by colour alone. Pages never write a colour of their own: they use the roles
and constants here (`state_color("error")`, `ACCENT`, `Banner`, `Legend`, `page_title`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (QApplication, QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QStyleFactory, QToolButton, QWidget)

from models.paths import shipped

RESOURCES = shipped("resources")
ICONS = RESOURCES / "icons"

# --- fonts ------------------------------------------------------------------------------------
# A CJK UI font that exists on the clerk's PC: 微软雅黑 on Windows, Noto Sans CJK on Linux
# (Debian/UOS/Kylin ship it), then the usual fall-backs. Qt walks the list per glyph.
if sys.platform == "win32":
    UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun"]
elif sys.platform == "darwin":
    UI_FONTS = ["PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC"]
else:
    UI_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei"]
BASE_POINT_SIZE = 10.5        # 五号: readable for every clerk; scaled by the zoom

# --- palette: calm, light, one accent ---------------------------------------------------------
ACCENT = QColor("#0f6e6e")          # 黛青: buttons that lead on, the current step, focus
ACCENT_DARK = QColor("#0a5454")
ACCENT_TINT = QColor("#dcefed")     # selection and hover: dark text stays readable on it
WINDOW_BG = QColor("#f3f5f7")
BASE_BG = QColor("#ffffff")
ALT_BG = QColor("#f8fafb")
TEXT = QColor("#1d2329")
MUTED = QColor("#5b6570")
BORDER = QColor("#c5cdd5")
GRID = QColor("#d3dae1")
HEADER_BG = QColor("#e8eef3")       # the printed tables' header and item rows


@dataclass(frozen=True)
class State:
    """One meaning, shown the same way everywhere: a colour for text and symbols, a light
    background for cells and banners, a word, and a drawn symbol (`state_icon`)."""
    key: str
    fg: QColor
    bg: QColor
    word: str
    symbol: str         # the shape drawn by state_icon: cross, bang, check, ring, info, arrow, sigma


STATES: dict[str, State] = {s.key: s for s in (
    State("error", QColor("#b3261e"), QColor("#fbe1de"), "强制", "cross"),       # must be fixed
    State("warning", QColor("#8a5a00"), QColor("#fff0c4"), "核实", "bang"),      # fix or explain
    State("info", QColor("#3d5a73"), QColor("#e6eef5"), "提示", "info"),
    State("carried", QColor("#1d5fbf"), QColor("#e4edfb"), "上年结转", "arrow"),  # from last year's report
    State("computed", QColor("#5b6570"), QColor("#eceff2"), "自动计算", "sigma"),  # totals
    State("ok", ACCENT, ACCENT_TINT, "已完成", "check"),
    State("todo", QColor("#8a939c"), WINDOW_BG, "未查看", "ring"),
)}
# the mark (symbol) colour where the text colour is too dark for a small shape
_MARK = {"warning": QColor("#d18e00")}


def state(key: str) -> State:
    return STATES[key]


def state_color(key: str) -> QColor:
    return STATES[key].fg


def state_background(key: str) -> QColor:
    return STATES[key].bg


def state_word(key: str) -> str:
    return STATES[key].word


# Names kept for the pages and tests written before the roles (same colours, by role).
ERROR_BG = STATES["error"].bg
WARNING_BG = STATES["warning"].bg
TOTAL_BG = STATES["computed"].bg
CARRIED_FG = STATES["carried"].fg
ERROR_FG = STATES["error"].fg
WARNING_FG = STATES["warning"].fg
OK_FG = STATES["ok"].fg
STATE_COLOR = {k: _MARK.get(k, s.fg) for k, s in STATES.items()}
STATE_TEXT = {"error": "有错误", "warning": "待核实", "ok": "已完成", "todo": "未查看", "info": "提示"}


def html_color(key: str) -> str:
    """For rich text (tooltips): `<span style='color:{html_color("error")}'>`."""
    return STATES[key].fg.name()


# --- spacing and zoom -------------------------------------------------------------------------
SPACE = 8               # the unit of spacing; margins and gaps are multiples of it
ZOOM_STEPS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)
_zoom = 1.0


def zoom() -> float:
    return _zoom


def px(value: float) -> int:
    """A length in pixels at the current zoom."""
    return round(value * _zoom)


def next_zoom(current: float, direction: int) -> float:
    """The zoom one step larger (+1) or smaller (-1) than `current`; 0 resets it."""
    if direction == 0:
        return 1.0
    steps = [z for z in ZOOM_STEPS if (z > current + 1e-6 if direction > 0 else z < current - 1e-6)]
    if not steps:
        return current
    return steps[0] if direction > 0 else steps[-1]


def ui_font(point_size: float | None = None, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSizeF(point_size or BASE_POINT_SIZE * _zoom)
    font.setBold(bold)
    return font


def _stylesheet() -> str:
    """Short on purpose: the palette does most of the work (KeePassXC's basestyle.qss is 40 lines)."""
    a, ad, at = ACCENT.name(), ACCENT_DARK.name(), ACCENT_TINT.name()
    border, muted, text, base = BORDER.name(), MUTED.name(), TEXT.name(), BASE_BG.name()
    r, p1, p2, p3 = px(4), px(4), px(6), px(14)
    return f"""
QPushButton {{ background: {base}; color: {text}; border: 1px solid {border}; border-radius: {r}px;
  padding: {p1}px {p3}px; min-height: {px(22)}px; }}
QPushButton:hover {{ background: {at}; border-color: {a}; }}
QPushButton:pressed {{ background: {ACCENT_TINT.darker(108).name()}; }}
QPushButton:focus {{ border: 2px solid {a}; padding: {p1 - 1}px {p3 - 1}px; }}
QPushButton:disabled {{ color: #9aa3ab; background: {WINDOW_BG.name()}; border-color: #d8dde2; }}
QPushButton:checked {{ background: {at}; border-color: {a}; }}
QPushButton[primary="true"] {{ background: {a}; color: white; border-color: {a}; font-weight: bold; }}
QPushButton[primary="true"]:hover {{ background: {ad}; }}
QPushButton[primary="true"]:focus {{ border: 2px solid {TEXT.name()}; }}
QPushButton[primary="true"]:disabled {{ background: #9fbfbd; border-color: #9fbfbd; color: #eef5f4; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDateEdit {{ background: {base};
  border: 1px solid {border}; border-radius: {r}px; padding: {px(3)}px {p2}px; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus {{
  border: 2px solid {a}; padding: {px(3) - 1}px {p2 - 1}px; }}
QTableView, QTreeView, QListView {{ background: {base}; border: 1px solid {border}; gridline-color: {GRID.name()};
  selection-background-color: {at}; selection-color: {text}; }}
QTableView:focus, QTreeView:focus {{ border: 1px solid {a}; }}
QHeaderView::section {{ background: {HEADER_BG.name()}; color: {text}; border: none;
  border-right: 1px solid {GRID.name()}; border-bottom: 1px solid {GRID.name()}; padding: {p1}px {p2}px; }}
QGroupBox {{ border: 1px solid {border}; border-radius: {r}px; margin-top: {px(12)}px; padding: {px(10)}px {px(8)}px {px(8)}px; background: {base}; }}
QGroupBox::title {{ subcontrol-origin: margin; left: {px(10)}px; padding: 0 {p1}px; color: {text}; font-weight: bold; }}
QLabel#pageTitle {{ font-size: {BASE_POINT_SIZE * 1.45 * _zoom:.1f}pt; font-weight: bold; color: {text}; }}
QLabel#sectionTitle {{ font-weight: bold; color: {text}; }}
QLabel#hint {{ color: {muted}; }}
QListWidget#stepper {{ background: transparent; border: none; outline: 0; }}
QFrame#card {{ background: {base}; border: 1px solid {border}; border-radius: {px(6)}px; }}
QFrame#sidebar {{ background: {ALT_BG.name()}; border-right: 1px solid {border}; }}
QToolTip {{ color: {text}; background: {base}; border: 1px solid {border}; padding: {p1}px; }}
"""


def palette() -> QPalette:
    pal = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        pal.setColor(group, QPalette.ColorRole.Window, WINDOW_BG)
        pal.setColor(group, QPalette.ColorRole.WindowText, TEXT)
        pal.setColor(group, QPalette.ColorRole.Base, BASE_BG)
        pal.setColor(group, QPalette.ColorRole.AlternateBase, ALT_BG)
        pal.setColor(group, QPalette.ColorRole.Text, TEXT)
        pal.setColor(group, QPalette.ColorRole.Button, BASE_BG)
        pal.setColor(group, QPalette.ColorRole.ButtonText, TEXT)
        pal.setColor(group, QPalette.ColorRole.Highlight, ACCENT_TINT)
        pal.setColor(group, QPalette.ColorRole.HighlightedText, TEXT)
        pal.setColor(group, QPalette.ColorRole.ToolTipBase, BASE_BG)
        pal.setColor(group, QPalette.ColorRole.ToolTipText, TEXT)
        pal.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#8a939c"))
        pal.setColor(group, QPalette.ColorRole.Link, ACCENT)
        pal.setColor(group, QPalette.ColorRole.Accent, ACCENT)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#8a939c"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#8a939c"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9aa3ab"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, WINDOW_BG)
    return pal


def apply_style(app: QApplication, zoom_factor: float | None = None) -> None:
    """The whole look on the application: Fusion (the same on Windows and Linux), the palette,
    the UI font at the zoom, the stylesheet and the window icon. Called again to change the zoom."""
    global _zoom
    if zoom_factor is not None:
        _zoom = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], zoom_factor))
    if app.property("gknb_styled") is None:
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setProperty("gknb_styled", True)
        app.setWindowIcon(app_icon())
    app.setPalette(palette())
    app.setFont(ui_font())
    app.setStyleSheet(_stylesheet())
    _icons.clear()


def apply_fonts(app: QApplication) -> None:
    """The earlier name of `apply_style` (kept for scripts that call it)."""
    apply_style(app)


def app_icon() -> QIcon:
    """The app's icon (resources/icons, drawn by resources/make_icon.py)."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = ICONS / f"app-{size}.png"
        if path.exists():
            icon.addFile(str(path))
    return icon


# --- symbols ------------------------------------------------------------------------------------
_icons: dict[tuple[str, int], QIcon] = {}


def paint_symbol(painter: QPainter, rect: QRectF, key: str) -> None:
    """Draw the state's symbol into `rect` (a square): the same shape in the sidebar, the
    findings list, the legend and the table cells."""
    s = STATES[key]
    colour = _MARK.get(key, s.fg)
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
             "computed": "自动计算（灰底）", "ok": "已完成", "todo": "未查看", "info": "提示"}

    def __init__(self, keys=("error", "warning", "carried", "computed"), parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(px(SPACE * 2))
        for key in keys:
            icon = QLabel()
            icon.setPixmap(state_icon(key).pixmap(px(14), px(14)))
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
                           f" border-left: {px(4)}px solid {_MARK.get(kind, s.fg).name()}; border-radius: {px(4)}px; }}")
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
