"""Step 生成与打印: the .docx and PDF into a folder remembered per report (created when missing),
the check sheet, a print preview of the real pages, Excel out and in. Until the report may be
signed (models/signoff.py) only a draft is offered, with the list of what is left; a double-click
on an item jumps to its place.

Generating runs off the window's thread (gui/background.py); its progress window shows the
steps (检查 → 生成 Word → 生成 PDF → 审核说明表) and 取消 stops between them and during the PDF
(LibreOffice is stopped); files written completely before that are kept."""

from __future__ import annotations

import copy
import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QProgressDialog, QPushButton, QVBoxLayout, QWidget)

from gui import style
from gui.background import BackgroundTask
from gui.office.unit_side import SendUpBox
from gui.style import Banner, hint_label, page_title, primary, px, section_title
from models.atomic import WriteError
from models.checks import ERROR, SEVERITY_LABEL
from models.errors import StorageError
from models.export import export_check_sheet, export_report
from models.export.document import title
from models.export.pdf import convert_to_pdf, find_soffice
from models.signoff import PASSED
from models.values import InputError

STEP_NAMES = {"check": "检查", "docx": "生成 Word 文档", "pdf": "生成 PDF", "sheet": "生成审核说明表",
              "sheet_pdf": "生成审核说明表 PDF"}


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip(" .")


def open_folder(folder: str | Path) -> str | None:
    """Show `folder` in the system's file manager; None when done, else why not (in Chinese)."""
    folder = Path(folder)
    if not folder.is_dir():
        return f"文件夹“{folder}”不存在（可能已被移动或删除）。"
    if sys.platform == "win32":
        try:
            os.startfile(str(folder))      # noqa: S606 - Explorer, as the clerk would open it
            return None
        except OSError as exc:
            return f"无法打开文件夹（{exc.strerror or exc}）。文件在：{folder}"
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return None
    return f"本机没有可用的文件管理器来打开文件夹。文件在：{folder}"


def export_steps(pdf: bool, sheet: bool) -> list[str]:
    return (["check", "docx"] + (["pdf"] if pdf else []) + (["sheet"] if sheet else [])
            + (["sheet_pdf"] if pdf and sheet else []))


class StepSignal(QObject):
    """Carries 'this step starts' from the worker thread to the progress window (queued)."""
    step = Signal(str)


def export_files(report, previous, folder: Path, pdf: bool, sheet: bool, draft: bool, carried=(),
                 cancel=None, on_step=lambda step: None, seal: bool = True) -> list[Path]:
    """The export's work, run in a background thread: the report, its PDF and the 审核说明表
    into `folder`, one step after the other (`on_step` says which starts); stops before the next
    step once `cancel` is set. Returns the paths written."""
    from models.checks import check_report
    from models.export import ExportRefused
    from models.signoff import sign_off

    base = folder / _safe_name(title(report) + ("（草稿）" if draft else ""))
    written: list[Path] = []
    for step in export_steps(pdf, sheet):
        if cancel is not None and cancel.is_set():
            break
        on_step(step)
        if step == "check":
            state = sign_off(check_report(report, previous))
            if not state.final and not draft:
                raise ExportRefused(state)
        elif step == "docx":
            written.append(export_report(report, base.with_suffix(".docx"), previous=previous, draft=draft,
                                         seal=seal).docx)
        elif step == "pdf":
            written.append(convert_to_pdf(written[0], base.with_suffix(".pdf"), cancel=cancel))
        elif step == "sheet":
            sheet_path = folder / _safe_name(title(report) + "审核说明表.docx")
            written.append(export_check_sheet(report, sheet_path, previous=previous, carried=list(carried)))
        else:                                 # the 审核说明表 as PDF too, when a PDF is asked for
            written.append(convert_to_pdf(written[-1], written[-1].with_suffix(".pdf"), cancel=cancel))
    return written


class ExportProgress(QProgressDialog):
    """The steps of one export, each with its state in a symbol and a word, and 取消."""

    MARKS = {"todo": ("○", "等待"), "running": ("…", "进行中"), "ok": ("✓", "完成"), "error": ("×", "未完成")}

    def __init__(self, steps: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("生成报告")
        self.setCancelButtonText("取消")
        self.setRange(0, len(steps))
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.steps = steps
        self.states = dict.fromkeys(steps, "todo")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.setLabel(self.label)
        self.setMinimumWidth(px(380))
        self._draw()

    def start(self, key: str) -> None:
        for step, state in self.states.items():
            if state == "running":
                self.states[step] = "ok"
        self.states[key] = "running"
        self.setValue(self.steps.index(key))
        self._draw()

    def finish(self, ok: bool) -> None:
        for step, state in self.states.items():
            if state == "running":
                self.states[step] = "ok" if ok else "error"
        self._draw()

    def lines(self) -> list[str]:
        return [f"{self.MARKS[self.states[key]][0]} {n}. {STEP_NAMES[key]}（{self.MARKS[self.states[key]][1]}）"
                for n, key in enumerate(self.steps, 1)]

    def _draw(self) -> None:
        rows = []
        for line, key in zip(self.lines(), self.steps):
            state = self.states[key]
            colour = {"running": style.ACCENT, "ok": style.state_color("ok"), "error": style.state_color("error")}.get(
                state, style.MUTED)
            weight = "bold" if state == "running" else "normal"
            rows.append(f"<div style='color:{colour.name()}; font-weight:{weight}'>{line}</div>")
        self.label.setText("<div>正在生成，请稍候：</div>" + "".join(rows))


class ExportPage(QWidget):
    jump = Signal(object)        # a Finding still left, to show at its place
    go_to_review = Signal()

    def __init__(self, editor, parent=None, settings=None):
        super().__init__(parent)
        self.editor = editor
        self.settings = settings
        self.task: BackgroundTask | None = None
        self.preview_dialog = None
        self.progress = None

        self.state_icon = QLabel()
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.to_review = QPushButton("去审核")
        self.to_review.setToolTip("到“审核”一步查看并处理还没有通过的审核项")
        self.to_review.clicked.connect(lambda: self.go_to_review.emit())
        self.left = QListWidget()          # what stands between the report and a final version
        self.left.setWordWrap(True)
        self.left.setToolTip("双击一条可跳到对应的表格、语句或“审核”一步")
        self.left.itemDoubleClicked.connect(self._jump)
        state_row = QHBoxLayout()
        state_row.addWidget(self.state_icon, 0, Qt.AlignmentFlag.AlignTop)
        state_row.addWidget(self.state, 1)
        state_row.addWidget(self.to_review, 0, Qt.AlignmentFlag.AlignTop)

        self.folder = QLineEdit(self._initial_folder())
        self.folder.setToolTip("生成的文件保存到这个文件夹；不存在时会自动创建。每份报告记住自己的文件夹。")
        self.folder.editingFinished.connect(self._remember_folder)
        browse = QPushButton("选择…")
        browse.clicked.connect(lambda: self._choose_folder())
        self.open_folder = QPushButton("打开文件夹")
        self.open_folder.clicked.connect(lambda: self.show_folder())
        self.with_pdf = QCheckBox("同时生成 PDF")
        has_office = find_soffice() is not None
        self.with_pdf.setChecked(has_office)
        self.with_pdf.setEnabled(has_office)
        if not has_office:
            self.with_pdf.setToolTip("未找到 LibreOffice：可用 WPS 或 Word 打开生成的文档后“另存为 PDF”。")
        self.with_sheet = QCheckBox("同时生成审核说明表（供签批归档）")
        self.with_sheet.setChecked(True)
        self.with_seal = QCheckBox("落款处加盖印章（按 GB/T 9704 加盖印章的格式排落款）")
        self.with_seal.setChecked(True)
        self.with_seal.setToolTip("加盖印章：日期右空四字，单位名称居中于日期之上；"
                                  "不加盖印章：单位名称右空二字，日期在其下一行、首字右移二字。")

        self.generate = primary(QPushButton("生成报告"))
        self.generate.clicked.connect(lambda: self.start_export())
        self.preview_button = QPushButton("打印预览…")
        self.preview_button.clicked.connect(lambda: self.preview(sheet=False))
        self.preview_sheet_button = QPushButton("预览审核说明表…")
        self.preview_sheet_button.clicked.connect(lambda: self.preview(sheet=True))
        self.to_excel = QPushButton("导出 Excel 表格…")
        self.to_excel.setToolTip("把表二、表三、表四导出为 Excel 文件，可发给同事或下属单位填写后再导入")
        self.to_excel.clicked.connect(lambda: self.export_excel())        # never clicked(bool) into `path`
        self.from_excel = QPushButton("从 Excel 导入…")
        self.from_excel.setToolTip("读入按本程序导出的 Excel 表格填好的数字（可撤销）")
        self.from_excel.clicked.connect(lambda: self.import_excel())
        self.banner = Banner()

        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        where.addWidget(self.open_folder)
        output = QGroupBox("保存位置")
        box = QVBoxLayout(output)
        box.addLayout(where)
        box.addWidget(self.with_pdf)
        box.addWidget(self.with_sheet)
        box.addWidget(self.with_seal)
        # the actions; other areas add theirs with add_action (e.g. 报送上级)
        self.actions = QHBoxLayout()
        for button in (self.generate, self.preview_button, self.preview_sheet_button):
            self.actions.addWidget(button)
        self.actions.addStretch()
        excel = QHBoxLayout()
        for button in (self.to_excel, self.from_excel):
            excel.addWidget(button)
        excel.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, px(8), 0, 0)
        layout.setSpacing(px(10))
        layout.addWidget(page_title("生成与打印"))
        layout.addLayout(state_row)
        layout.addWidget(self.left)
        layout.addWidget(output)
        layout.addLayout(self.actions)
        layout.addSpacing(px(6))
        layout.addWidget(section_title("Excel 表格"))
        layout.addWidget(hint_label("收集各科室、村居的数字：导出后发给他们填写，填好后再导入。"))
        layout.addLayout(excel)
        layout.addSpacing(px(6))
        self.send_up = SendUpBox(editor, self)      # 报送上级: the data package (gui/office)
        layout.addWidget(self.send_up)
        layout.addStretch()
        layout.addWidget(self.banner)     # under everything: it never pushes the buttons down
        editor.add_listener(self._changed)
        self.update_state()

    def _changed(self, change) -> None:
        if self.isVisible():
            self.update_state()
        else:
            self._stale = True          # brought up to date when shown: no work while hidden

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self._stale = False
            self.update_state()

    def add_action(self, button: QPushButton) -> None:
        """A further action beside 生成报告 / 打印预览 (e.g. 报送上级)."""
        self.actions.insertWidget(self.actions.count() - 1, button)

    # --- the folder -------------------------------------------------------------------------------
    def _initial_folder(self) -> str:
        remembered = self.settings.folder(self.editor.report_id) if self.settings else None
        if remembered:
            return remembered
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        base = Path(documents) if documents and Path(documents).is_dir() else Path.home()
        return str(base / "政府信息公开年报")

    def _remember_folder(self) -> None:
        if self.settings is not None and self.folder.text().strip():
            self.settings.set_folder(self.editor.report_id, self.folder.text().strip())

    def _choose_folder(self) -> None:
        start = self.folder.text()
        while start and not Path(start).is_dir() and Path(start).parent != Path(start):
            start = str(Path(start).parent)
        folder = QFileDialog.getExistingDirectory(self, "选择保存位置", start)
        if folder:
            self.folder.setText(folder)
            self._remember_folder()
            self.banner.clear("folder")

    def _ensure_folder(self) -> Path | None:
        """The folder, created when missing; None (and the reason shown) when it cannot be."""
        text = self.folder.text().strip()
        if not text:
            self.banner.show_error("请先选择保存位置。", cause="folder")
            return None
        folder = Path(text).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.banner.show_error(f"无法创建保存位置“{folder}”（{exc.strerror or exc}），请换一个位置。",
                                   cause="folder")
            return None
        self._remember_folder()
        return folder

    def show_folder(self) -> None:
        folder = self._ensure_folder()
        if folder is None:
            return
        problem = open_folder(folder)
        if problem:
            self.banner.show_warning(problem, cause="open-folder")

    # --- state ------------------------------------------------------------------------------------
    def carried(self) -> list[str]:
        return [key for key, origin in self.editor.origins.items() if origin == "carried"]

    def draft_only(self) -> bool:
        """Only a draft may be made: something is left (models/signoff.py)."""
        return not self.editor.sign_off.final

    def update_state(self) -> None:
        state = self.editor.sign_off
        self.left.clear()
        if state.final:
            self.state_icon.setPixmap(style.state_icon("ok", 18).pixmap(px(18), px(18)))
            self.state.setText(f"{PASSED}，可以生成正式文本，打印后签字盖章。")
            self.generate.setText("生成报告")
            self.left.hide()
            self.to_review.hide()
            return
        worst = "error" if any(f.severity == ERROR for f in state.left) else "warning"
        self.state_icon.setPixmap(style.state_icon(worst, 18).pixmap(px(18), px(18)))
        self.state.setText(f"<span style='color:{style.html_color(worst)}'>{state.what_is_left()}，"
                           f"现在只能生成标有“草稿”的文本。</span>强制项须改正；核实项请改正，或到“审核”一步逐条填写说明。"
                           f"双击下面一条可跳到它的位置。")
        self.generate.setText("生成草稿")
        for f in state.left:
            todo = "须改正" if f.severity == ERROR else "未改正也未说明"
            item = QListWidgetItem(f"[{SEVERITY_LABEL[f.severity]}] {f.rule}　{f.message}（{todo}）")
            item.setIcon(style.state_icon("error" if f.severity == ERROR else "warning"))
            item.setData(Qt.ItemDataRole.UserRole, f)
            self.left.addItem(item)
        self.left.setMaximumHeight(max(60, min(len(state.left), 6) * self.fontMetrics().lineSpacing() * 2 + 8))
        self.left.show()
        self.to_review.show()

    def _jump(self, item) -> None:
        self.jump.emit(item.data(Qt.ItemDataRole.UserRole))

    # --- generating -------------------------------------------------------------------------------
    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def start_export(self) -> None:
        if self.busy():
            return
        folder = self._ensure_folder()
        if folder is None:
            return
        self.banner.clear()
        # the thread works on a copy: the clerk may go on typing meanwhile
        report, previous = copy.deepcopy(self.editor.report), self.editor.previous
        pdf, sheet, draft, carried = (self.with_pdf.isChecked(), self.with_sheet.isChecked(), self.draft_only(),
                                      self.carried())
        seal = self.with_seal.isChecked()
        self.progress = ExportProgress(export_steps(pdf, sheet), self)
        steps = StepSignal(self)
        steps.step.connect(self.progress.start)
        self.generate.setEnabled(False)
        self.task = BackgroundTask(self, "正在生成报告…", lambda cancel: export_files(
            report, previous, folder, pdf, sheet, draft, carried, cancel, steps.step.emit, seal),
            title="生成报告", progress=self.progress)
        self.task.succeeded.connect(self._done)
        self.task.failed.connect(self._failed)
        self.task.ended.connect(self._cleanup)
        self.task.start()
        self.progress.show()

    def _done(self, written: list) -> None:
        self.progress.finish(True)
        if self.settings is not None:
            self.settings.set_exported(self.editor.report_id, draft=self.draft_only())
        self.banner.show_info("已生成：\n" + "\n".join(str(p) for p in written))

    def _failed(self, message: str) -> None:
        self.progress.finish(False)
        if message.startswith("已取消"):
            self.banner.show_warning("已取消。此前已完整生成的文件保留在保存位置中。")
        else:
            self.banner.show_error(message)

    def _cleanup(self) -> None:
        self.generate.setEnabled(True)
        self.preview_button.setEnabled(True)
        self.preview_sheet_button.setEnabled(True)

    def wait(self, ms: int = 60000) -> None:
        """For tests and scripts: until the work in the background is done and its result has arrived."""
        if self.task is not None:
            self.task.wait(ms)

    # --- Excel ----------------------------------------------------------------------------------
    def export_excel(self, path: str | None = None) -> None:
        from models.xlsx import export_tables_xlsx

        if path is None:
            suggested = Path(self.folder.text()) / _safe_name(title(self.editor.report) + "（表格）.xlsx")
            path, _ = QFileDialog.getSaveFileName(self, "导出 Excel 表格", str(suggested), "Excel 文件 (*.xlsx)")
            if not path:
                return
        try:
            written = export_tables_xlsx(self.editor.report, Path(path))
        except WriteError as exc:
            self.banner.show_error(str(exc))
            return
        self.banner.show_info(f"已导出：{written}")

    def import_excel(self, path: str | None = None) -> None:
        from models.xlsx import import_tables_xlsx

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "从 Excel 导入", self.folder.text(), "Excel 文件 (*.xlsx)")
            if not path:
                return
        layout = self.editor.report.format
        self.task = BackgroundTask(self, "正在读取 Excel 表格…", lambda cancel: import_tables_xlsx(Path(path), layout),
                                   title="从 Excel 导入")
        self.task.succeeded.connect(self._excel_read)
        self.task.failed.connect(lambda message: self.banner.show_error(f"未导入：{message}"))
        self.task.start()

    def _excel_read(self, result) -> None:
        if result.errors:
            self.banner.show_error("未导入，请先改正 Excel 中的这些格：\n" + "\n".join(result.errors[:12])
                                   + ("\n……" if len(result.errors) > 12 else ""))
            return
        try:
            change = self.editor.set_cells(result.values, "从 Excel 导入")
        except (InputError, StorageError) as exc:
            self.banner.show_error(f"未导入：{exc}")
            return
        notes = ("\n" + "\n".join(result.notes)) if result.notes else ""
        self.banner.show_info(f"已从 Excel 导入，更新了 {len(change.cells)} 个单元格（可撤销）。{notes}")

    # --- print preview -------------------------------------------------------------------------
    def preview(self, sheet: bool) -> None:
        """The real pages where LibreOffice can make the PDF (off the window's thread); otherwise
        the approximate preview at once. The dialog is `self.preview_dialog`."""
        from gui.preview import make_preview_pages

        if self.busy():
            return
        self.banner.clear("preview")
        name = "审核说明表" if sheet else "报告"
        if find_soffice() is None:
            self._approximate(sheet, "未找到 LibreOffice，无法生成 PDF")
            return
        report, previous, draft, carried = (copy.deepcopy(self.editor.report), self.editor.previous,
                                            self.draft_only(), self.carried())

        def make_docx(path: Path) -> None:
            if sheet:
                export_check_sheet(report, path, previous=previous, carried=carried)
            else:
                export_report(report, path, previous=previous, draft=draft)

        self.preview_button.setEnabled(False)
        self.preview_sheet_button.setEnabled(False)
        self.task = BackgroundTask(self, f"正在排版{name}的打印预览（与打印出来的一样）…",
                                   lambda cancel: make_preview_pages(make_docx, cancel), title=f"预览{name}")
        self.task.succeeded.connect(lambda result: self._show_preview(name, *result))
        self.task.failed.connect(lambda message: self._preview_failed(sheet, message))
        self.task.ended.connect(self._cleanup)
        self.task.start()

    def _show_preview(self, name: str, pages: list, pdf: bytes) -> None:
        from gui.preview import PreviewDialog

        self.preview_dialog = PreviewDialog(f"{title(self.editor.report)}{'' if name == '报告' else name}",
                                            pages, self, pdf=pdf)
        self.preview_dialog.open()

    def _preview_failed(self, sheet: bool, message: str) -> None:
        if message.startswith("已取消"):
            return
        self._approximate(sheet, f"PDF 未能生成（{message.splitlines()[0]}）")

    def _approximate(self, sheet: bool, reason: str) -> None:
        from gui.preview import PreviewDialog, document_pages, layout_document
        from models.export.html import check_sheet_html, report_html

        report = self.editor.report
        html = (check_sheet_html(report, self.editor.findings, carried=self.carried(),
                                 repeat_headers=False) if sheet
                else report_html(report, draft=self.draft_only(), repeat_headers=False,
                                 seal=self.with_seal.isChecked()))
        document = layout_document(html)
        self.preview_dialog = PreviewDialog(title(report) + ("审核说明表" if sheet else ""), document_pages(document),
                                            self, document=document, reason=reason)
        self.preview_dialog.open()
