"""The start page: the units in the database and their reports by year; new, open, delete."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from gui.style import Banner, hint_label, page_title, primary
from models.errors import StorageError

IMPORT_FILTER = "年度报告 (*.docx *.pdf *.doc *.wps *.html *.htm);;所有文件 (*)"


class StartPage(QWidget):
    open_report = Signal(int, str)   # report id, a notice to show in the wizard (or "")

    def __init__(self, store=None, parent=None):
        super().__init__(parent)
        self.store = store
        title = page_title("政府信息公开工作年度报告")
        hint = hint_label("选择一份报告继续填写，或新建本年度的报告。所有填写内容随时自动保存在本机。")
        self.reports = QTreeWidget()
        self.reports.setHeaderLabels(["单位 / 报告年度", "格式", "最后修改"])
        self.reports.setColumnWidth(0, 360)
        self.reports.itemDoubleClicked.connect(lambda item, _: self._open(item))
        self.reports.itemSelectionChanged.connect(self._update_buttons)
        self.new_button = primary(QPushButton("新建报告…"))
        self.next_year_button = QPushButton("从上年报告创建")
        self.next_year_button.setToolTip("以选中的报告为模板新建下一年度的报告：单位信息、正文（年份已改）带过来，"
                                         "“二、上年结转”按上年“四、结转下年度继续办理”逐列填好")
        self.import_button = QPushButton("导入已发布的报告…")
        self.import_button.setToolTip("读入已发布的报告：Word、WPS 文档（.docx，装有 LibreOffice 时也可以是 .doc/.wps）、"
                                      "PDF（有文字层的，扫描件不行）或从政府网站保存的网页（.html），"
                                      "作为本程序中的报告继续填写或作为下一年的模板")
        self.open_button = QPushButton("打开")
        self.delete_button = QPushButton("删除…")
        self.new_button.clicked.connect(self.new_report)
        self.next_year_button.clicked.connect(self.new_from_last_year)
        self.import_button.clicked.connect(lambda: self.import_published())
        self.open_button.clicked.connect(lambda: self._open(self.reports.currentItem()))
        self.delete_button.clicked.connect(self.delete_report)
        self.banner = Banner()
        buttons = QHBoxLayout()
        for button in (self.new_button, self.next_year_button, self.import_button, self.open_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.banner)
        layout.addWidget(self.reports, 1)
        self.refresh()

    def set_store(self, store) -> None:
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        self.reports.clear()
        self.new_button.setEnabled(self.store is not None)
        self.import_button.setEnabled(self.store is not None)
        if self.store is None:      # the window shows before the database is open
            QTreeWidgetItem(self.reports, ["正在打开数据库…", "", ""])
            self._update_buttons()
            return
        from models.catalogue import UNIT_KINDS, UNIT_LEVELS   # after the window shows (start-up time)

        units = {u.id: u for u in self.store.list_units()}
        items: dict[int, QTreeWidgetItem] = {}
        for row in self.store.list_reports():
            unit = units[row.unit_id]
            if row.unit_id not in items:
                details = "、".join(x for x in (UNIT_KINDS.get(unit.kind), UNIT_LEVELS.get(unit.level)) if x)
                items[row.unit_id] = QTreeWidgetItem(self.reports, [unit.name, details, ""])
                items[row.unit_id].setExpanded(True)
            item = QTreeWidgetItem(items[row.unit_id], [f"{row.year} 年度", f"{row.format}年版",
                                                        row.updated_at.strftime("%Y-%m-%d %H:%M") if row.updated_at else "（时间无法识别）"])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
        for item in items.values():
            item.setExpanded(True)
        self._update_buttons()

    def _selected_report(self, item=None) -> int | None:
        item = item or self.reports.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        chosen = self._selected_report() is not None
        for button in (self.open_button, self.delete_button, self.next_year_button):
            button.setEnabled(chosen)

    def _open(self, item) -> None:
        report_id = self._selected_report(item)
        if report_id is not None:
            self.open_report.emit(report_id, "")

    def new_report(self) -> None:
        from gui.new_report import NewReportDialog

        dialog = NewReportDialog(self.store.list_units(), self)
        if not dialog.exec():
            return
        name, kind, level, year = dialog.values()
        try:
            existing = {u.name: u.id for u in self.store.list_units()}
            unit_id = existing.get(name)
            if unit_id is None:
                unit_id = self.store.create_unit(name, kind, level)
            else:
                self.store.update_unit(unit_id, kind=kind, level=level)
            report_id = self.store.create_report(unit_id, year)
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        self.refresh()
        self.open_report.emit(report_id, "")

    def new_from_last_year(self) -> None:
        from models.carry import create_from_last_year

        report_id = self._selected_report()
        if report_id is None:
            return
        try:
            new_id = create_from_last_year(self.store, report_id)
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        self.refresh()
        self.open_report.emit(new_id, "")

    def import_published(self, path: str | None = None) -> None:
        """Read a published report; it opens for review with its checks run, and what could
        not be read is listed."""
        from gui.background import BackgroundTask
        from models.importer import import_document

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "导入已发布的报告", "",
                                                  IMPORT_FILTER)
            if not path:
                return
        self.import_task = BackgroundTask(self, "正在读取报告…", lambda cancel: import_document(path),
                                          title="导入已发布的报告")
        self.import_task.succeeded.connect(self._imported)
        self.import_task.failed.connect(lambda message: self.banner.show_error(f"未导入：{message}"))
        self.import_task.start()

    def _imported(self, result) -> None:
        report = result.report
        existing = [r for r in self.store.list_reports() if r.unit_name == report.unit.name and r.year == report.year]
        if existing and QMessageBox.question(
                self, "导入报告", f"“{report.unit.name}”已有 {report.year} 年度的报告。用导入的内容替换它吗？\n"
                                  f"（原报告会先备份到备份文件夹。）",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        try:
            if existing:
                self.store.delete_report(existing[0].id)      # keeps a backup copy
            report_id = self.store.save_report(report, origin="imported")
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        self.refresh()
        lines = [f"已导入“{report.unit.name}”{report.year} 年度报告。"]
        if result.gaps:
            lines.append(f"有 {len(result.gaps)} 处未能读取，请对照原文补填：")
            lines += [f"· {gap.where}：{gap.reason}" for gap in result.gaps[:8]]
            if len(result.gaps) > 8:
                lines.append("……")
        lines += [f"· {note}" for note in result.notes[:5]]
        self.open_report.emit(report_id, "\n".join(lines))

    def delete_report(self) -> None:
        item = self.reports.currentItem()
        report_id = self._selected_report(item)
        if report_id is None:
            return
        unit = item.parent().text(0) if item.parent() else ""
        answer = QMessageBox.question(
            self, "删除报告", f"确定删除“{unit}”的{item.text(0)}报告吗？\n删除前会在备份文件夹中保留一份副本。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            backup = self.store.delete_report(report_id)
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        self.refresh()
        self.banner.show_info(f"已删除。备份保存在：{backup}")
