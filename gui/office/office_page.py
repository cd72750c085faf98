"""审核汇总 — the office above's mode: the roster of units that must file and what each sent for the
year (未报 / 已报 / 已退回 / 已通过, on time or late, its 强制 and unanswered 核实 counts, 雷同 with last
year or with other units); packages, data files and published reports brought in by the file
dialog or dropped on the page; a unit's report opened for review; 雷同 side by side; 汇总."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget)

from gui.background import BackgroundTask
from gui.office.roster_model import FILTERS, RosterDelegate, RosterModel
from gui.style import Banner, ask_yes_no, hint_label, page_title, primary
from models.errors import StorageError
from models.office.intake import receive_files
from models.office.roster import Office, RosterRow, aggregate_received, parse_roster

MATERIAL_FILTER = "报送材料 (*.gkpkg *.json *.docx *.html *.htm *.pdf);;所有文件 (*)"


class AddUnitsDialog(QDialog):
    """Units typed or pasted one per line: name, and optionally kind and level (Excel columns)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("添加单位")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("每行一个单位，例如：\n某某镇人民政府\n某某县教育局\t政府部门\t县级\n"
                                     "（可直接从 Excel 复制“名称、类型、层级”三列粘贴；类型和层级可不填，按名称推测）")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(520, 360)


class OfficePage(QWidget):
    back = Signal()                  # to the unit's own reports (填报)
    open_received = Signal(int)      # a received report to review
    open_report = Signal(int, str)   # the office's own report (after 汇总), with a notice

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.office = Office(store)
        self.task: BackgroundTask | None = None
        self._queue: list = []
        self.similar_pairs: list = []
        self.setAcceptDrops(True)

        self.year = QSpinBox()
        self.year.setRange(2008, 2100)
        years = self.office.years()
        self.year.setValue(years[0] if years else date.today().year - 1)
        self.year.setSuffix(" 年度")
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.has_deadline = QCheckBox("报送期限")
        self.reviewer = QLineEdit(self.office.reviewer())
        self.reviewer.setPlaceholderText("如：某某县政务公开办 张三")
        self.reviewer.editingFinished.connect(self._save_reviewer)

        self.add_button = QPushButton("添加单位…")
        self.paste_button = QPushButton("从 Excel 粘贴名单")
        self.paste_button.setToolTip("先在 Excel 中复制“名称（、类型、层级）”几列，再点这里")
        self.import_button = primary(QPushButton("导入报送材料…"))
        self.import_button.setToolTip("选择收到的报送包（.gkpkg）、数据文件（.json）或已发布的报告（.docx、.html、.pdf），"
                                      "可多选；也可以把文件或文件夹直接拖到本页")
        self.folder_button = QPushButton("导入文件夹…")
        self.remove_button = QPushButton("移出名单…")
        self.open_button = QPushButton("审核…")
        self.similar_button = QPushButton("查看雷同…")
        self.aggregate_button = QPushButton("汇总…")
        self.aggregate_button.setToolTip("把所选单位（未选时：全部已通过的单位）的表格逐格相加，作为本级报告的起点，"
                                         "并可导出各单位并列的 Excel 表")
        self.back_button = QPushButton("返回填报")
        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText("按单位名称筛选")
        self.filter_text.setClearButtonEnabled(True)
        self.filter_choice = QComboBox()
        self.filter_choice.addItems(list(FILTERS))
        self.summary = QLabel()
        self.banner = Banner()

        self.model = RosterModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(RosterDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((190, 150, 110, 130, 50, 50, 80, 80, 200, 70)):
            self.view.setColumnWidth(column, width)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)   # the roster's own order until a header is clicked
        self.view.setSortingEnabled(True)

        self.year.valueChanged.connect(lambda _: self.refresh(recompute=True))
        self.has_deadline.toggled.connect(self._save_deadline)
        self.deadline.dateChanged.connect(lambda _: self._save_deadline())
        self.add_button.clicked.connect(lambda: self.add_units())
        self.paste_button.clicked.connect(lambda: self.add_units(QGuiApplication.clipboard().text()))
        self.import_button.clicked.connect(lambda: self.import_paths())
        self.folder_button.clicked.connect(self._choose_folder)
        self.remove_button.clicked.connect(self.remove_units)
        self.open_button.clicked.connect(self._open_current)
        self.similar_button.clicked.connect(self.show_similar)
        self.aggregate_button.clicked.connect(lambda: self.aggregate())
        self.back_button.clicked.connect(self.back.emit)
        self.filter_text.textChanged.connect(lambda text: self.model.set_filter(text=text))
        self.filter_choice.currentTextChanged.connect(lambda choice: self.model.set_filter(choice=choice))
        self.model.modelReset.connect(self._update_summary)
        self.model.modelReset.connect(self._update_buttons)
        self.view.doubleClicked.connect(lambda index: self._open(index))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        settings = QHBoxLayout()
        for widget in (QLabel("年度"), self.year, self.has_deadline, self.deadline, QLabel("审核人"), self.reviewer):
            settings.addWidget(widget)
        settings.addStretch()
        settings.addWidget(self.back_button)
        actions = QHBoxLayout()
        for button in (self.import_button, self.folder_button, self.add_button, self.paste_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch()
        review = QHBoxLayout()
        for widget in (self.filter_text, self.filter_choice, self.open_button, self.similar_button,
                       self.aggregate_button):
            review.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("审核汇总"))
        layout.addWidget(hint_label("登记应报送的单位，导入收到的报送包，逐份审核后退回或通过；双击一个单位打开它的报告。"
                                    "名单、收到的报告和审核意见都保存在本机。"))
        layout.addLayout(settings)
        layout.addLayout(actions)
        layout.addWidget(self.banner)
        layout.addLayout(review)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self._load_deadline()
        self.refresh(recompute=True)

    # --- the roster ------------------------------------------------------------------------------
    def current_year(self) -> int:
        return self.year.value()

    def refresh(self, recompute: bool = False) -> None:
        """Reload the roster; with `recompute`, compare the units' narratives again (in the background)."""
        if recompute:
            self._load_deadline()
        try:
            rows = self.office.roster(self.current_year())
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        self.model.set_rows(rows)
        self._update_buttons()
        if recompute:
            self.compare_units()

    def compare_units(self) -> None:
        """雷同 across units of the year, in the background (thousands of reports take seconds)."""
        year = self.current_year()
        names = {r.received_id: r.name for r in self.model.rows if r.received_id is not None}
        if len(names) < 2:
            self.model.set_similar({})
            return
        self._run("正在比较各单位的正文…", lambda cancel: self.office.similar(year),
                  lambda pairs: self._similar_done(pairs, names))

    def _similar_done(self, pairs, names) -> None:
        similar: dict[int, list[tuple[str, float]]] = {}
        for pair in pairs:
            similar.setdefault(pair.a, []).append((names.get(pair.b, "?"), pair.share))
            similar.setdefault(pair.b, []).append((names.get(pair.a, "?"), pair.share))
        self.similar_pairs = pairs
        self.model.set_similar(similar)
        self._update_summary()

    def _update_summary(self, *_) -> None:
        rows = self.model.rows
        counts = {s: sum(r.status == s for r in rows) for s in ("missing", "received", "returned", "accepted")}
        late = sum(bool(r.late) for r in rows)
        similar = sum(bool(self.model.similar_of(r)) for r in rows)
        shown = len(self.model.shown)
        self.summary.setText(
            f"名单共 {len(rows)} 个单位：未报 {counts['missing']}，已报待审核 {counts['received']}，"
            f"已退回 {counts['returned']}，已通过 {counts['accepted']}；逾期 {late}，与其他单位雷同 {similar}。"
            + (f"（当前显示 {shown} 个）" if shown != len(rows) else ""))

    def selected_rows(self) -> list[RosterRow]:
        return [self.model.row_at(index) for index in self.view.selectionModel().selectedRows()]

    def _update_buttons(self) -> None:
        chosen = self.selected_rows()
        self.open_button.setEnabled(len(chosen) == 1 and chosen[0].received_id is not None)
        self.similar_button.setEnabled(len(chosen) == 1 and bool(self.model.similar_of(chosen[0])))
        self.remove_button.setEnabled(bool(chosen))

    def _open(self, index) -> None:
        row = self.model.row_at(index)
        if row.received_id is not None:
            self.open_received.emit(row.received_id)
        else:
            self.banner.show_warning(f"“{row.name}”还没有报送 {self.current_year()} 年度的报告。")

    def _open_current(self) -> None:
        indexes = self.view.selectionModel().selectedRows()
        if indexes:
            self._open(indexes[0])

    def select_unit(self, name: str) -> None:
        """Select the unit's row (tests, and after an import)."""
        for n, row in enumerate(self.model.shown):
            if row.name == name:
                self.view.selectRow(n)
                return

    # --- settings ----------------------------------------------------------------------------------
    def _load_deadline(self) -> None:
        year = self.current_year()
        deadline = self.office.deadline(year)
        for widget in (self.has_deadline, self.deadline):
            widget.blockSignals(True)
        self.has_deadline.setChecked(deadline is not None)
        self.deadline.setDate(QDate(deadline) if deadline else QDate(year + 1, 1, 31))
        self.deadline.setEnabled(deadline is not None)
        for widget in (self.has_deadline, self.deadline):
            widget.blockSignals(False)

    def _save_deadline(self) -> None:
        self.deadline.setEnabled(self.has_deadline.isChecked())
        day = self.deadline.date().toPython() if self.has_deadline.isChecked() else None
        try:
            self.office.set_deadline(self.current_year(), day)
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        self.refresh()

    def _save_reviewer(self) -> None:
        try:
            self.office.set_reviewer(self.reviewer.text())
        except StorageError as exc:
            self.banner.show_error(str(exc))

    # --- the roster's units --------------------------------------------------------------------------
    def add_units(self, text: str | None = None) -> None:
        if text is None:
            dialog = AddUnitsDialog(self)
            if not dialog.exec():
                return
            text = dialog.text.toPlainText()
        rows, problems = parse_roster(text)
        if not rows:
            self.banner.show_error("没有读到单位名称。" + ("；".join(problems) if problems else
                                                      "请每行写一个单位，或从 Excel 复制名称一列。"))
            return
        try:
            added, skipped = self.office.add_units(rows)
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        self.refresh()
        notes = [f"已添加 {added} 个单位。"]
        if skipped:
            notes.append(f"{len(skipped)} 个已在名单中：{'、'.join(skipped[:5])}{'……' if len(skipped) > 5 else ''}")
        notes += problems[:5]
        (self.banner.show_warning if problems else self.banner.show_info)("\n".join(notes))

    def remove_units(self) -> None:
        chosen = self.selected_rows()
        if not chosen:
            return
        names = "、".join(r.name for r in chosen[:5]) + ("……" if len(chosen) > 5 else "")
        sent = sum(r.received_id is not None for r in chosen)
        warning = f"\n其中 {sent} 个单位已报送的报告和审核意见也会一并删除。" if sent else ""
        if not ask_yes_no(self, "移出名单", f"把 {len(chosen)} 个单位（{names}）移出名单吗？{warning}"):
            return
        try:
            for row in chosen:
                self.office.remove_unit(row.unit_id)
        except StorageError as exc:
            self.banner.show_error(str(exc))
        self.refresh(recompute=bool(sent))

    # --- what arrives -------------------------------------------------------------------------------
    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "导入文件夹中的全部报送材料")
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str] | None = None) -> None:
        """Read every report under `paths` (files and folders), check and keep each."""
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "导入报送材料", "", MATERIAL_FILTER)
            if not paths:
                return
        office = self.office
        self._run("正在读取和审核收到的报告…", lambda cancel: receive_files(office, paths, cancel),
                  self._imported, after_failure=lambda: self.refresh(recompute=True))   # kept so far: shown

    def _imported(self, outcome) -> None:
        years = sorted(outcome.years)
        if years and self.current_year() not in years:
            self.year.blockSignals(True)
            self.year.setValue(years[-1])
            self.year.blockSignals(False)
            self._load_deadline()
        self.refresh(recompute=True)
        (self.banner.show_warning if outcome.unreadable else self.banner.show_info)(outcome.describe())

    def _run(self, label: str, work, done, after_failure=None) -> None:
        """Work in the background, one job at a time: a job asked for meanwhile (the comparison
        after an import) starts when the one running ends. A failure or 取消 is said in the banner,
        then `after_failure` runs."""
        self._queue.append((label, work, done, after_failure))
        if self.task is None or not self.task.running:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            return
        label, work, done, after_failure = self._queue.pop(0)
        self.task = BackgroundTask(self, label, work)
        self.task.succeeded.connect(done)
        self.task.failed.connect(self.banner.show_error)
        if after_failure is not None:
            self.task.failed.connect(lambda _: after_failure(), Qt.ConnectionType.QueuedConnection)
        self.task.ended.connect(self._next, Qt.ConnectionType.QueuedConnection)
        self.task.start()

    def wait(self, ms: int = 60000) -> None:
        """For tests: until the work in the background is done (and what follows it)."""
        from PySide6.QtCore import QCoreApplication
        while self._queue or (self.task is not None and self.task.running):
            if self.task is not None:
                self.task.wait(ms)
            QCoreApplication.processEvents()

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # --- 雷同 and 汇总 -------------------------------------------------------------------------------
    def show_similar(self) -> None:
        from gui.office.similar_dialog import SimilarDialog

        chosen = self.selected_rows()
        if len(chosen) != 1 or chosen[0].received_id is None:
            return
        rid = chosen[0].received_id
        pairs = [p for p in self.similar_pairs if rid in (p.a, p.b)]
        if not pairs:
            return
        dialog = SimilarDialog(self.office, rid, pairs, self)
        dialog.open()
        self.similar_dialog = dialog

    def aggregate(self, unit_name: str | None = None, xlsx_path: str | None = None) -> None:
        """汇总: the chosen units' tables added up as the office's own report (opened in the
        wizard), and optionally the units side by side in an .xlsx."""
        from models.office.aggregate import AggregateError, default_name

        chosen = [r for r in self.selected_rows() if r.received_id is not None]
        what = "所选"
        if not chosen:
            chosen = [r for r in self.model.rows if r.status == "accepted"]
            what = "全部已通过审核的"
        if not chosen:
            self.banner.show_warning("没有可汇总的报告：请先在名单中选择已报送的单位，或审核通过一些报告。")
            return
        if unit_name is None:
            unit_name, ok = QInputDialog.getText(
                self, "汇总", f"汇总{what} {len(chosen)} 个单位的 {self.current_year()} 年度报告。\n"
                             f"汇总后的报告作为哪个单位的报告（本级政府名称）？", text=default_name(len(chosen)))
            if not ok or not unit_name.strip():
                return
        try:
            result, adder = aggregate_received(self.office, [r.received_id for r in chosen], unit_name.strip())
        except (AggregateError, StorageError) as exc:
            self.banner.show_error(f"未汇总：{exc}")
            return
        try:
            report_id = self._save_own(result.report)
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        if report_id is None:
            return
        notes = [f"已汇总 {len(result.units)} 个单位：{'、'.join(result.units[:10])}{'……' if len(result.units) > 10 else ''}"]
        if xlsx_path is None:
            xlsx_path, _ = QFileDialog.getSaveFileName(
                self, "各单位并列的 Excel 表（可取消）", f"{unit_name}{self.current_year()}年度汇总表.xlsx",
                "Excel 文件 (*.xlsx)")
        if xlsx_path:
            from models.atomic import WriteError
            from models.office.workbook import write_side_by_side
            try:
                write_side_by_side(result.report.layout, result.report, adder.columns, xlsx_path)
                notes.append(f"各单位并列的表格：{xlsx_path}")
            except WriteError as exc:
                notes.append(f"Excel 表未保存：{exc}")
        notes += [f"汇总数的强制审核：{f.message}（有单位的报告本身合计不符）" for f in result.findings[:5]]
        self.open_report.emit(report_id, "\n".join(notes))

    def _save_own(self, total) -> int | None:
        """The sums as the office's own report of the year; an existing one keeps its text (its
        tables are replaced; a copy goes to the backup folder first)."""
        existing = self.store.find_report(total.unit.name, total.year)
        if not existing:
            return self.store.save_report(total, origin="imported")
        if not ask_yes_no(self, "汇总", f"本机已有“{total.unit.name}”{total.year} 年度的报告。"
                                        f"用汇总数替换其中的表格吗？\n（正文不变；原报告先备份到备份文件夹。）"):
            return None
        own = self.store.load_report(existing.id)
        own.cells, own.fees, own.format = total.cells, total.fees, total.format
        return self.store.replace_report(own, "汇总前备份")
