"""The desktop app: the start page, and the wizard for the report being edited.

The window paints at once: what it needs for that is little (the palette, the font, the app's
name); the home page, the keys and the database come right after the first paint. Ctrl+= / Ctrl+-
/ Ctrl+0 zoom the whole UI; the zoom, the window's size and place are remembered (`gui/settings.py`)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from gui import style
from gui.settings import UiSettings
from gui.style import app_icon, apply_style
from models.errors import StorageError
from models.paths import shipped

APP_NAME = "政府信息公开年报助手"
DEMO_REPORT = shipped("resources", "demo-report.json")


class MissingChinese(QTranslator):
    """The few strings of Qt's dialogs that qtbase_zh_CN.qm lacks in this Qt (their English
    source changed, e.g. 「&Look in:」 was 「Look in:」): asked after Qt's own catalogue."""

    STRINGS = {
        "&Look in:": "查找范围(&L)：",
        "Files of &type:": "文件类型(&T)：",
        "File &name:": "文件名(&N)：",
        "Page &Set:": "页面集(&S)：",
    }

    def translate(self, context, source_text, disambiguation=None, n=-1):
        return self.STRINGS.get(source_text)       # None: not ours, Qt goes on to the next catalogue

    def isEmpty(self) -> bool:
        return False


def install_chinese_translations(app: QApplication) -> list[str]:
    """Qt's own buttons and dialogs in Chinese: 确定/取消, the file dialog (「查找范围」), the date
    picker's months and weekdays (from the default locale). Returns the catalogues loaded."""
    china = QLocale(QLocale.Language.Chinese, QLocale.Script.SimplifiedHanScript, QLocale.Country.China)
    QLocale.setDefault(china)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    supplement = MissingChinese(app)
    app.installTranslator(supplement)      # installed first: asked last
    for catalogue in ("qtbase",):
        translator = QTranslator(app)
        if translator.load(china, catalogue, "_", path):
            app.installTranslator(translator)
            loaded.append(catalogue)
    return loaded


ZOOM_KEYS = {+1: ("Ctrl+=", "Ctrl++"), -1: ("Ctrl+-",), 0: ("Ctrl+0",)}


class _FirstPaint(QObject):
    """Emits `painted` once, after the watched widget's first paint event."""

    painted = Signal()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.painted.emit)
        return False


def _opening_page() -> QWidget:
    """What the window shows for the moment before the home page is built: the app's icon and
    name on its own ground. Built from plain widgets only (no Qt namespace enums: see style.py)."""
    page = QWidget()
    icon = QLabel()
    icon.setPixmap(app_icon().pixmap(96, 96))
    name = QLabel(APP_NAME)
    name.setObjectName("pageTitle")
    note = QLabel("正在打开数据库…")
    note.setObjectName("hint")
    column = QVBoxLayout(page)
    column.addStretch(2)
    for widget in (icon, name, note):
        row = QVBoxLayout()
        row.addWidget(widget)
        column.addLayout(row)
    column.addStretch(3)
    column.setContentsMargins(style.px(48), 0, 0, 0)
    return page


class MainWindow(QMainWindow):
    """`store` may come later (`load_store`): the window shows first, then the database opens.
    `deferred`: the home page and the keys are built by `build()` after the first paint (how
    `run` starts); otherwise at once (tests, scripts)."""

    def __init__(self, store=None, settings: UiSettings | None = None, deferred: bool = False):
        super().__init__()
        self.store = store
        self.settings = settings or UiSettings()
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.resize(1180, 780)
        self.setMinimumSize(800, 560)
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        self.stack = QStackedWidget()
        self.opening = _opening_page()
        self.stack.addWidget(self.opening)
        self.setCentralWidget(self.stack)
        self.start = None
        self.wizard = None
        self.first_paint = _FirstPaint(self)
        self.opening.installEventFilter(self.first_paint)
        self.office = None
        if not deferred:
            self.build()

    def build(self) -> None:
        """The home page and the window's keys (zoom)."""
        from PySide6.QtGui import QKeySequence, QShortcut

        from gui.start_page import StartPage

        if self.start is not None:
            return
        self.start = StartPage(self.store, settings=self.settings)
        self.start.open_report.connect(self.open_report)
        self.stack.addWidget(self.start)
        self.stack.setCurrentWidget(self.start)
        from gui.office.mode import OfficeMode
        self.office = OfficeMode(self)      # 审核汇总 and 打开数据文件 (the office above)
        for direction, keys in ZOOM_KEYS.items():
            for key in keys:
                QShortcut(QKeySequence(key), self, lambda d=direction: self.zoom(d))

    # --- zoom and remembered geometry ------------------------------------------------------
    def zoom(self, direction: int) -> float:
        """One step larger (+1), smaller (-1) or back to 100 % (0); remembered."""
        factor = style.next_zoom(style.zoom(), direction)
        app = QApplication.instance()
        if factor != style.zoom():
            apply_style(app, factor)
            self.settings.zoom = factor
            # said where the eye is, without a status bar appearing and taking room
            from PySide6.QtWidgets import QToolTip
            QToolTip.showText(self.mapToGlobal(self.rect().center()),
                              f"显示比例 {round(factor * 100)}%（Ctrl+= 放大，Ctrl+- 缩小，Ctrl+0 还原）", self)
        return factor

    def load_store(self) -> bool:
        """Open the database (SQLAlchemy alone takes longer to import than the window to show).
        A database that cannot be written (a read-only file or folder) opens for reading, and
        the clerk is told; one that cannot be opened at all is explained."""
        from PySide6.QtWidgets import QMessageBox

        from models.errors import WriteFailed
        from models.storage import Store

        try:
            self.store = Store.open()
        except WriteFailed as exc:
            try:
                self.store = Store.open(read_only=True)
            except StorageError:
                QMessageBox.critical(self, APP_NAME, str(exc))
                return False
            QMessageBox.warning(self, APP_NAME, f"{exc}\n\n数据库已以只读方式打开：可以查看、检查和导出报告，"
                                                f"但所作的修改无法保存。")
            self.setWindowTitle(f"{APP_NAME}（只读）")
        except StorageError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return False
        self.start.set_store(self.store)
        return True

    def open_report(self, report_id: int, notice: str = "") -> None:
        from PySide6.QtWidgets import QMessageBox

        from gui.wizard import Wizard
        from models.editing import Editor

        try:
            editor = Editor(self.store, report_id)
        except StorageError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return
        self.close_report()
        self.wizard = Wizard(editor, settings=self.settings)
        self.wizard.closed.connect(self.close_report)
        self.stack.addWidget(self.wizard)
        self.stack.setCurrentWidget(self.wizard)
        self.setWindowTitle(f"{self.wizard.window_title()} — {APP_NAME}")
        if editor.recomputed:
            changes = "；".join(f"{editor.report.layout.cells[k].name} 原为 {old}，按分项计算为 {new}"
                               for k, old, new in editor.recomputed[:5])
            more = "……" if len(editor.recomputed) > 5 else ""
            notice = (notice + "\n" if notice else "") + \
                f"合计由程序按分项自动计算，已更正 {len(editor.recomputed)} 处：{changes}{more}"
        if notice:
            self.wizard.notice.show_warning(notice)

    def offer_demo(self) -> None:
        """On the very first start, offer a sample report to try things out on."""
        from PySide6.QtWidgets import QMessageBox

        if self.store.read_only or self.store.list_units():
            return
        answer = QMessageBox.question(
            self, APP_NAME, "欢迎使用！要先打开一份示例报告试一试吗？\n（示例单位的数据可以随时删除，不影响正式报告。）",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            self.open_report(self.add_demo())

    def add_demo(self) -> int:
        from models.datafile import read_report

        report, _ = read_report(DEMO_REPORT)
        report_id = self.store.save_report(report, origin="imported")
        self.start.refresh()
        return report_id

    def closeEvent(self, event) -> None:
        """Closing the window with edits the database has not taken yet: ask first (SaveStatus)."""
        if self.wizard is not None and not self.wizard.saved.confirm_leave():
            event.ignore()
            return
        self.settings.geometry = self.saveGeometry()
        self.settings.sync()
        super().closeEvent(event)

    def close_report(self) -> None:
        if self.wizard is not None:
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None
        self.setWindowTitle(APP_NAME)
        if self.start is not None:
            self.start.refresh()
            self.stack.setCurrentWidget(self.start)
            self.start.focus_list()


def run() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    install_chinese_translations(app)
    settings = UiSettings()
    apply_style(app, settings.zoom)
    from gui.single_instance import SingleInstance, bring_forward
    from models import paths

    folder = paths.database_path().parent
    instance = SingleInstance(folder)
    if not instance.acquire():
        if instance.ask_first_to_raise():
            return 0   # the running app shows its window
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.warning(None, APP_NAME, f"数据文件夹正被{instance.holder()}使用，不能同时打开两个年报助手，"
                                            f"以免数据互相覆盖。请切换到已打开的窗口，或关闭它后再启动。"
                                            f"\n数据文件夹：{folder}")
        return 1
    window = MainWindow(settings=settings, deferred=True)
    instance.listen(lambda: bring_forward(window))
    window.show()

    def open_database():
        if window.store is not None or getattr(window, "_opening", False):
            return
        window._opening = True
        window.build()
        if window.load_store():
            window.offer_demo()
        else:
            app.exit(2)
    # the home page is built and the database opens once the window has painted (never a black
    # window meanwhile); should no paint come (a minimised start), they come a moment later
    window.first_paint.painted.connect(open_database)
    QTimer.singleShot(1500, open_database)
    try:
        return app.exec()
    finally:
        if window.store is not None:
            window.store.close()
        instance.release()
