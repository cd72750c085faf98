"""The start page, a home: each unit's reports by year with where they stand (强制 / 核实 left,
generated or not, last edited) and the next thing to do one click away; 新建 / 从上年创建 / 导入 as
the primary actions (more can be added with `add_action`); open, delete, restore a deleted one.
Enter or a double-click opens the selected report."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from gui import style
from gui.style import Banner, ask_yes_no, hint_label, page_title, primary, px
from models.errors import StorageError

IMPORT_FILTER = "年度报告 (*.docx *.pdf *.doc *.wps *.html *.htm);;所有文件 (*)"
COLUMNS = ("单位 / 报告年度", "审核情况", "生成", "最后修改", "下一步")
ID_ROLE = Qt.ItemDataRole.UserRole
STEP_ROLE = Qt.ItemDataRole.UserRole + 1


class StartPage(QWidget):
    open_report = Signal(int, str)   # report id, a notice to show in the wizard (or "")

    def __init__(self, store=None, parent=None, settings=None):
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self._summaries: dict[int, tuple] = {}     # report id → (updated_at, exported, summary)

        icon = QLabel()
        icon.setPixmap(style.app_icon().pixmap(px(48), px(48)))
        title = page_title("政府信息公开工作年度报告")
        hint = hint_label("选择一份报告继续填写，或新建本年度的报告。所有填写内容随时自动保存在本机。")
        heading = QHBoxLayout()
        heading.addWidget(icon)
        titles = QVBoxLayout()
        titles.setSpacing(px(2))
        titles.addWidget(title)
        titles.addWidget(hint)
        heading.addLayout(titles, 1)

        self.new_button = primary(QPushButton("＋ 新建报告…"))
        self.new_button.setToolTip("为一个单位新建某一年度的报告（Ctrl+N）")
        self.new_button.setShortcut("Ctrl+N")
        self.next_year_button = QPushButton("从上年报告创建")
        self.next_year_button.setToolTip("以选中的报告为模板新建下一年度的报告：单位信息、正文（年份已改）带过来，"
                                         "“二、上年结转”按上年“四、结转下年度继续办理”逐列填好")
        self.import_button = QPushButton("导入已发布的报告…")
        self.import_button.setToolTip("读入已发布的报告：Word、WPS 文档（.docx，装有 LibreOffice 时也可以是 .doc/.wps）、"
                                      "PDF（有文字层的，扫描件不行）或从政府网站保存的网页（.html），"
                                      "作为本程序中的报告继续填写或作为下一年的模板")
        self.new_button.clicked.connect(self.new_report)
        self.next_year_button.clicked.connect(self.new_from_last_year)
        self.import_button.clicked.connect(lambda: self.import_published())
        # the primary actions; other areas add theirs here with add_action (打开数据文件, 报送包…)
        self.actions_row = QHBoxLayout()
        self.actions_row.setSpacing(px(style.SPACE))
        for button in (self.new_button, self.next_year_button, self.import_button):
            self.actions_row.addWidget(button)
        self.actions_row.addStretch()

        self.reports = QTreeWidget()
        self.reports.setHeaderLabels(COLUMNS)
        self.reports.setRootIsDecorated(False)
        self.reports.setUniformRowHeights(False)
        self.reports.setAlternatingRowColors(False)
        header = self.reports.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.reports.itemActivated.connect(lambda item, _: self._open(item))   # Enter, double-click
        self.reports.itemSelectionChanged.connect(self._update_buttons)

        self.open_button = primary(QPushButton("打开"))
        self.open_button.setToolTip("打开选中的报告（回车）")
        self.delete_button = QPushButton("删除…")
        self.restore_button = QPushButton("恢复已删除的报告…")
        self.restore_button.setToolTip("从备份文件夹恢复删除前自动备份的报告")
        self.open_button.clicked.connect(lambda: self._open(self.reports.currentItem()))
        self.delete_button.clicked.connect(self.delete_report)
        self.restore_button.clicked.connect(self.restore_deleted)
        selected = QHBoxLayout()
        selected.addWidget(self.open_button)
        selected.addWidget(self.delete_button)
        selected.addStretch()
        selected.addWidget(self.restore_button)

        self.banner = Banner()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(px(24), px(16), px(24), px(16))
        layout.setSpacing(px(12))
        layout.addLayout(heading)
        layout.addLayout(self.actions_row)
        layout.addWidget(self.reports, 1)
        layout.addLayout(selected)
        layout.addWidget(self.banner)     # under everything: it never pushes the list down
        self.refresh()

    def add_action(self, button: QPushButton) -> None:
        """A further primary action beside 新建 / 从上年创建 / 导入 (e.g. 打开数据文件)."""
        self.actions_row.insertWidget(self.actions_row.count() - 1, button)

    def set_store(self, store) -> None:
        self.store = store
        self.refresh()

    def focus_list(self) -> None:
        self.reports.setFocus()

    # --- the list --------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.banner.clear()        # whatever it said was about the list as it was
        current = self._selected_report()
        self.reports.clear()
        self.new_button.setEnabled(self.store is not None)
        self.import_button.setEnabled(self.store is not None)
        self.restore_button.setEnabled(self.store is not None)
        if self.store is None:      # the window shows before the database is open
            QTreeWidgetItem(self.reports, ["正在打开数据库…"])
            self._update_buttons()
            return
        from models.catalogue import UNIT_KINDS, UNIT_LEVELS   # after the window shows (start-up time)

        units = {u.id: u for u in self.store.list_units()}
        rows = self.store.list_reports()
        items: dict[int, QTreeWidgetItem] = {}
        bold = QFont(self.reports.font())
        bold.setBold(True)
        for row in rows:
            unit = units[row.unit_id]
            if row.unit_id not in items:
                details = "、".join(x for x in (UNIT_KINDS.get(unit.kind), UNIT_LEVELS.get(unit.level)) if x)
                items[row.unit_id] = unit_item = QTreeWidgetItem(self.reports, [unit.name, details])
                unit_item.setFont(0, bold)
                unit_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                unit_item.setForeground(1, style.MUTED)
            item = QTreeWidgetItem(items[row.unit_id], [f"{row.year} 年度"])
            item.setData(0, ID_ROLE, row.id)
            item.setToolTip(0, f"{row.format} 年版格式")
            self._fill(item, row, rows)
            if row.id == current:
                self.reports.setCurrentItem(item)
        self.reports.expandAll()
        self._fit_columns()
        if not rows:
            empty = QTreeWidgetItem(self.reports, ["还没有报告。点“新建报告”开始，或导入上年已发布的报告作为模板。"])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            empty.setForeground(0, style.MUTED)
            self.reports.setFirstColumnSpanned(0, self.reports.rootIndex(), True)
        elif self.reports.currentItem() is None:
            first = self.reports.topLevelItem(0)
            self.reports.setCurrentItem(first.child(0))
        self._update_buttons()

    def _fit_columns(self) -> None:
        """Each column as wide as its longest text (and the state's symbol): nothing cut off."""
        metrics = self.reports.fontMetrics()
        for column in range(1, len(COLUMNS)):
            texts = [COLUMNS[column]]
            items = [self.reports.topLevelItem(i) for i in range(self.reports.topLevelItemCount())]
            for unit in items:
                texts.append(unit.text(column))
                texts += [unit.child(j).text(column) for j in range(unit.childCount())]
                widgets = [self.reports.itemWidget(unit.child(j), column) for j in range(unit.childCount())]
                texts += [w.text() + "　" for w in widgets if w is not None]
            extra = px(36) if column == 1 else px(20)
            self.reports.setColumnWidth(column, max(metrics.horizontalAdvance(t) for t in texts) + extra)

    def _fill(self, item: QTreeWidgetItem, row, rows) -> None:
        """The report's state, export and next action, from a summary cached until it changes."""
        from models.summary import summarize

        exported = self.settings.exported(row.id) if self.settings else None
        cached = self._summaries.get(row.id)
        if cached is not None and cached[:2] == (row.updated_at, exported):
            summary = cached[2]
        else:
            try:
                last_step = self.store.get_last_step(row.id)
                summary = summarize(self.store, row, rows, last_step, exported is not None)
            except (StorageError, ValueError) as exc:
                item.setText(1, f"无法读取：{exc}")
                return
            self._summaries[row.id] = (row.updated_at, exported, summary)
        if summary.errors:
            state, words = "error", f"{summary.errors} 项强制" + (f"，{summary.warnings} 项核实" if summary.warnings else "")
        elif summary.warnings:
            state, words = "warning", f"{summary.warnings} 项待核实"
        else:
            state, words = "ok", "审核通过"
        item.setIcon(1, style.state_icon(state))
        item.setText(1, words)
        item.setForeground(1, style.state_color(state))
        if exported is None:
            item.setText(2, "未生成")
            item.setForeground(2, style.MUTED)
        else:
            when, draft = exported
            item.setText(2, f"{'草稿' if draft else '正式'} {when:%m-%d %H:%M}")
        item.setText(3, row.updated_at.strftime("%Y-%m-%d %H:%M") if row.updated_at else "（时间无法识别）")
        item.setData(0, STEP_ROLE, summary.next_step)
        button = QPushButton(f"{summary.next_action} ›")
        button.setToolTip("打开报告，直接到这一步")
        button.setFlat(False)
        button.clicked.connect(lambda: self._open(item, summary.next_step))
        self.reports.setItemWidget(item, 4, button)

    def _selected_report(self, item=None) -> int | None:
        item = item or self.reports.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def _update_buttons(self) -> None:
        chosen = self._selected_report() is not None
        for button in (self.open_button, self.delete_button, self.next_year_button):
            button.setEnabled(chosen)

    def _open(self, item, step: str | None = None) -> None:
        report_id = self._selected_report(item)
        if report_id is None:
            return
        if step is not None:
            try:
                self.store.set_last_step(report_id, step)
            except StorageError:
                pass      # it opens where it was left
        self.open_report.emit(report_id, "")

    # --- actions -----------------------------------------------------------------------------------
    def new_report(self) -> None:
        from gui.new_report import NewReportDialog

        self.banner.clear()
        dialog = NewReportDialog(self.store.list_units(), self, existing=self.store.list_reports())
        if not dialog.exec():
            return
        if dialog.open_existing is not None:
            self.open_report.emit(dialog.open_existing, "")
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

        self.banner.clear()
        report_id = self._selected_report()
        if report_id is None:
            return
        item = self.reports.currentItem()
        year = int(item.text(0).split()[0]) + 1
        unit = item.parent()
        same = next((unit.child(i) for i in range(unit.childCount()) if unit.child(i).text(0) == f"{year} 年度"), None)
        if same is not None:
            if QMessageBox.question(self, "从上年报告创建", f"“{unit.text(0)}”已有 {year} 年度的报告。要打开它吗？",
                                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                    QMessageBox.StandardButton.Yes) == QMessageBox.StandardButton.Yes:
                self.open_report.emit(self._selected_report(same), "")
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

        self.banner.clear()
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "导入已发布的报告", "",
                                                  IMPORT_FILTER)
            if not path:
                return
        self.import_task = BackgroundTask(self, "正在读取报告…", lambda cancel: import_document(path),
                                          title="导入已发布的报告")
        self.import_task.succeeded.connect(self._imported)
        self.import_task.failed.connect(lambda message: self.banner.show_error(f"未导入：{message}", cause="import"))
        self.import_task.start()

    def _imported(self, result) -> None:
        report = result.report
        existing = self.store.find_report(report.unit.name, report.year)
        if existing and not ask_yes_no(self, "导入报告", f"“{report.unit.name}”已有 {report.year} 年度的报告。"
                                                       f"用导入的内容替换它吗？\n（原报告会先备份到备份文件夹。）"):
            return
        try:
            report_id = self.store.replace_report(report, "导入前备份")
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        if existing:
            self._forget(existing.id)
        self.refresh()
        lines = [f"已导入“{report.unit.name}”{report.year} 年度报告。"]
        if result.gaps:
            lines.append(f"有 {len(result.gaps)} 处未能读取，请对照原文补填：")
            lines += [f"· {gap.where}：{gap.reason}" for gap in result.gaps[:8]]
            if len(result.gaps) > 8:
                lines.append("……")
        lines += [f"· {note}" for note in result.notes[:5]]
        self.open_report.emit(report_id, "\n".join(lines))

    def _forget(self, report_id: int) -> None:
        self._summaries.pop(report_id, None)
        if self.settings is not None:
            self.settings.forget_report(report_id)

    def delete_report(self) -> None:
        self.banner.clear()
        item = self.reports.currentItem()
        report_id = self._selected_report(item)
        if report_id is None:
            return
        unit = item.parent().text(0) if item.parent() else ""
        if not ask_yes_no(self, "删除报告", f"确定删除“{unit}”的{item.text(0)}报告吗？\n删除前会在备份文件夹中保留一份副本，"
                                          f"可以用“恢复已删除的报告”找回。"):
            return
        try:
            backup = self.store.delete_report(report_id)
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        self._forget(report_id)
        self.refresh()
        self.banner.show_info(f"已删除。备份保存在：{backup}（可用“恢复已删除的报告”找回）")

    def restore_deleted(self) -> None:
        from gui.restore_dialog import RestoreDialog

        self.banner.clear()
        dialog = RestoreDialog(self.store, self)
        accepted = dialog.exec()
        if dialog.replaced is not None:
            self._forget(dialog.replaced)
        if accepted and dialog.restored is not None:
            self.refresh()
            self.banner.show_info(f"已恢复：{dialog.restored_name}")
