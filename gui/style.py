"""The look of the app, in one place: palette, one accent colour, the state colours by role,
the UI font, spacing, the zoom, the stylesheet and the app icon. The few widgets that carry the
look (banners, headings, buttons, the legend, the state symbols) are in gui/widgets.py and are
reached through here as well (`style.Banner`, `style.state_icon`…).

Like KeePassXC's base style: the palette does the work and the stylesheet is short; the meaning
of a colour is declared once (`STATES`) and asked for by role everywhere — 强制 red, 核实 amber,
carried from last year blue, computed grey — and every state also has a word and a drawn symbol,
so nothing is said by colour alone. Pages never write a colour of their own: they use the roles
and constants here (`state_color("error")`, `ACCENT`, `Banner`, `Legend`, `page_title`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

# Only what the first paint needs: Qt's own namespace (Qt.AlignmentFlag…) costs about 100 ms of
# enum set-up on first use, so the widgets and symbols that need it load after the window shows.
from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from models.paths import shipped

_WIDGETS = {"Banner", "Legend", "page_title", "section_title", "hint_label", "primary", "choice_combo",
            "set_choice", "paint_symbol", "state_icon", "ask_yes_no"}


def __getattr__(name: str):
    """`style.Banner`, `from gui.style import state_icon`…: the widgets, from gui/widgets.py."""
    if name in _WIDGETS:
        from gui import widgets
        return getattr(widgets, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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


def mark_color(key: str) -> QColor:
    """The colour of the state's symbol (and a banner's edge)."""
    return _MARK.get(key, STATES[key].fg)


def state_background(key: str) -> QColor:
    return STATES[key].bg


def state_word(key: str) -> str:
    return STATES[key].word


# The cell colours of the tables, by role.
ERROR_BG = STATES["error"].bg
WARNING_BG = STATES["warning"].bg
TOTAL_BG = STATES["computed"].bg
CARRIED_FG = STATES["carried"].fg
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
    down, up = (ICONS / "chevron-down.svg").as_posix(), (ICONS / "chevron-up.svg").as_posix()
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
QComboBox, QDateEdit {{ padding-right: {px(26)}px; }}
QComboBox::drop-down, QDateEdit::drop-down {{ subcontrol-origin: border; subcontrol-position: top right;
  width: {px(22)}px; border: none; border-left: 1px solid {border}; }}
QComboBox::down-arrow, QDateEdit::down-arrow, QSpinBox::down-arrow {{ image: url("{down}"); width: {px(10)}px; height: {px(10)}px; }}
QSpinBox {{ padding-right: {px(24)}px; }}
QSpinBox::up-button, QSpinBox::down-button {{ subcontrol-origin: border; width: {px(20)}px; border: none;
  border-left: 1px solid {border}; }}
QSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-arrow {{ image: url("{up}"); width: {px(9)}px; height: {px(9)}px; }}
QSpinBox::down-arrow {{ width: {px(9)}px; height: {px(9)}px; }}
QTreeView::item {{ padding: {px(3)}px 0; }}
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
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: {px(15)}px; height: {px(15)}px; }}
QMessageBox QPushButton, QDialogButtonBox QPushButton {{ min-width: {px(64)}px; }}
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
    widgets = sys.modules.get("gui.widgets")
    if widgets is not None:
        widgets.forget_icons()       # drawn again at the new size


def app_icon() -> QIcon:
    """The app's icon (resources/icons, drawn by resources/make_icon.py)."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = ICONS / f"app-{size}.png"
        if path.exists():
            icon.addFile(str(path))
    return icon


