"""The desktop app. For now a start window listing the reports in the local database;
the wizard (issue 4) replaces it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import (QApplication, QLabel, QListWidget, QMainWindow, QMessageBox, QVBoxLayout,
                               QWidget)

from models.catalogue import LAYOUTS
from models.storage import Store, StorageError

APP_NAME = "政府信息公开年报助手"


def install_chinese_translations(app: QApplication) -> None:
    """Qt's own buttons and dialogs (确定/取消, 文件对话框…) in Chinese."""
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", path):
        app.installTranslator(translator)


class StartWindow(QMainWindow):
    def __init__(self, store: Store):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.resize(720, 480)
        self.reports = reports = QListWidget()
        rows = store.list_reports()
        for row in rows:
            reports.addItem(f"{row.unit_name}　{row.year}年度（{LAYOUTS[row.format].name}年版格式）")
        heading = QLabel(f"<h2>{APP_NAME}</h2>")
        note = QLabel(f"数据库：{store.path}<br>已有报告 {len(rows)} 份。填报向导正在开发中，"
                      f"目前可使用命令 <code>main.py check 文件</code> 审核报告数据文件。")
        note.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        for widget in (heading, note, reports):
            layout.addWidget(widget)
        self.setCentralWidget(body)


def run() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    install_chinese_translations(app)
    try:
        store = Store.open()
    except StorageError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    window = StartWindow(store)
    window.show()
    try:
        return app.exec()
    finally:
        store.close()
