"""The desktop app: the start page, and the wizard for the report being edited."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget

from gui.start_page import StartPage
from gui.style import app_icon, apply_style
from models.errors import StorageError
from models.paths import shipped

APP_NAME = "政府信息公开年报助手"
DEMO_REPORT = shipped("resources", "demo-report.json")


def install_chinese_translations(app: QApplication) -> list[str]:
    """Qt's own buttons and dialogs in Chinese: 确定/取消, the file dialog (「查找范围」), the date
    picker's months and weekdays (from the default locale). Returns the catalogues loaded."""
    china = QLocale(QLocale.Language.Chinese, QLocale.Script.SimplifiedHanScript, QLocale.Country.China)
    QLocale.setDefault(china)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for catalogue in ("qtbase",):
        translator = QTranslator(app)
        if translator.load(china, catalogue, "_", path):
            app.installTranslator(translator)
            loaded.append(catalogue)
    return loaded


class MainWindow(QMainWindow):
    """`store` may come later (`load_store`): the window shows first, then the database opens."""

    def __init__(self, store=None):
        super().__init__()
        self.store = store
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.resize(1180, 780)
        self.stack = QStackedWidget()
        self.start = StartPage(store)
        self.start.open_report.connect(self.open_report)
        self.stack.addWidget(self.start)
        self.setCentralWidget(self.stack)
        self.wizard = None

    def load_store(self) -> bool:
        """Open the database (SQLAlchemy alone takes longer to import than the window to show).
        A database that cannot be written (a read-only file or folder) opens for reading, and
        the clerk is told; one that cannot be opened at all is explained."""
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
        from gui.wizard import Wizard
        from models.editing import Editor

        try:
            editor = Editor(self.store, report_id)
        except StorageError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return
        self.close_report()
        self.wizard = Wizard(editor)
        self.wizard.closed.connect(self.close_report)
        self.stack.addWidget(self.wizard)
        self.stack.setCurrentWidget(self.wizard)
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
        super().closeEvent(event)

    def close_report(self) -> None:
        if self.wizard is not None:
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None
        self.start.refresh()
        self.stack.setCurrentWidget(self.start)


def run() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    install_chinese_translations(app)
    apply_style(app)
    from gui.single_instance import SingleInstance, bring_forward
    from models import paths

    folder = paths.database_path().parent
    instance = SingleInstance(folder)
    if not instance.acquire():
        if instance.ask_first_to_raise():
            return 0   # the running app shows its window
        QMessageBox.warning(None, APP_NAME, f"数据文件夹正被{instance.holder()}使用，不能同时打开两个年报助手，"
                                            f"以免数据互相覆盖。请切换到已打开的窗口，或关闭它后再启动。"
                                            f"\n数据文件夹：{folder}")
        return 1
    window = MainWindow()
    instance.listen(lambda: bring_forward(window))
    window.show()

    def open_database():
        if window.load_store():
            window.offer_demo()
        else:
            app.exit(2)
    QTimer.singleShot(0, open_database)
    try:
        return app.exec()
    finally:
        if window.store is not None:
            window.store.close()
        instance.release()
