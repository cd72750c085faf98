"""Step 生成与打印: the .docx and PDF into a chosen folder, the check sheet, a print preview.
The work runs in a thread with a progress dialog: the window never freezes. Until the report may
be signed (models/signoff.py) only a draft is offered, with the list of what is left; a
double-click on an item jumps to its place."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from gui.background import BackgroundTask
from gui.style import Banner, page_title, primary, section_title
from models.atomic import WriteError
from models.errors import StorageError
from models.values import InputError
from models.checks import ERROR, SEVERITY_LABEL
from models.export import export_check_sheet, export_report
from models.signoff import PASSED
from models.export.base import MARGINS_MM, PAGE_MM, TEXT_WIDTH_MM

TEXT_HEIGHT_MM = PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]
from models.export.document import title
from models.export.pdf import find_soffice


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip(" .")


def export_files(report, previous, folder: Path, pdf: bool, sheet: bool, draft: bool, carried=(),
                 cancel=None) -> list[Path]:
    """The export's work, run in a background thread (gui/background.py): the report (and
    PDF) and the 审核说明表 into `folder`; returns the paths written."""
    base = folder / _safe_name(title(report) + ("（草稿）" if draft else ""))
    result = export_report(report, base.with_suffix(".docx"), previous=previous,
                           pdf=base.with_suffix(".pdf") if pdf else None, draft=draft, cancel=cancel)
    written = [result.docx] + ([result.pdf] if result.pdf else [])
    if sheet:
        sheet_path = folder / _safe_name(title(report) + "审核说明表.docx")
        written.append(export_check_sheet(report, sheet_path, previous=previous, carried=list(carried)))
    return written


class ExportPage(QWidget):
    jump = Signal(object)   # a Finding still left, to show at its place

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.task: BackgroundTask | None = None
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self.folder = QLineEdit(documents if documents and Path(documents).is_dir() else str(Path.home()))
        browse = QPushButton("选择…")
        browse.clicked.connect(self._choose_folder)
        self.with_pdf = QCheckBox("同时生成 PDF")
        has_office = find_soffice() is not None
        self.with_pdf.setChecked(has_office)
        self.with_pdf.setEnabled(has_office)
        if not has_office:
            self.with_pdf.setToolTip("未找到 LibreOffice：可用 WPS 或 Word 打开生成的文档后“另存为 PDF”。")
        self.with_sheet = QCheckBox("同时生成审核说明表（供签批归档）")
        self.with_sheet.setChecked(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.left = QListWidget()          # what stands between the report and a final version
        self.left.setWordWrap(True)
        self.left.setToolTip("双击一条可跳到对应的表格、语句或“审核”一步")
        self.left.itemDoubleClicked.connect(self._jump)
        self.generate = primary(QPushButton("生成报告"))
        self.generate.clicked.connect(self.start_export)
        self.open_folder = QPushButton("打开文件夹")
        self.open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text())))
        preview = QPushButton("打印预览…")
        preview.clicked.connect(lambda: self.preview(sheet=False))
        preview_sheet = QPushButton("预览审核说明表…")
        preview_sheet.clicked.connect(lambda: self.preview(sheet=True))
        to_excel = QPushButton("导出 Excel 表格…")
        to_excel.setToolTip("把表二、表三、表四导出为 Excel 文件，可发给同事或下属单位填写后再导入")
        to_excel.clicked.connect(self.export_excel)
        from_excel = QPushButton("从 Excel 导入…")
        from_excel.setToolTip("读入按本程序导出的 Excel 表格填好的数字（可撤销）")
        from_excel.clicked.connect(self.import_excel)
        self.banner = Banner()

        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        output = QGroupBox("保存位置")
        box = QVBoxLayout(output)
        box.addLayout(where)
        box.addWidget(self.with_pdf)
        box.addWidget(self.with_sheet)
        actions = QHBoxLayout()
        for button in (self.generate, self.open_folder, preview, preview_sheet):
            actions.addWidget(button)
        actions.addStretch()
        excel = QHBoxLayout()
        for button in (to_excel, from_excel):
            excel.addWidget(button)
        excel.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("生成与打印"))
        layout.addWidget(self.state)
        layout.addWidget(self.left)
        layout.addWidget(output)
        layout.addLayout(actions)
        layout.addWidget(section_title("Excel 表格（收集各科室、村居的数字）"))
        layout.addLayout(excel)
        layout.addWidget(self.banner)
        layout.addStretch()
        editor.add_listener(lambda change: self.update_state())
        self.update_state()

    def carried(self) -> list[str]:
        return [key for key, origin in self.editor.origins.items() if origin == "carried"]

    def draft_only(self) -> bool:
        """Only a draft may be made: something is left (models/signoff.py)."""
        return not self.editor.sign_off.final

    def update_state(self) -> None:
        state = self.editor.sign_off
        self.left.clear()
        if state.final:
            self.state.setText(f"{PASSED}，可以生成正式文本，打印后签字盖章。")
            self.generate.setText("生成报告")
            self.left.hide()
            return
        self.state.setText(f"<span style='color:#b3261e'>{state.what_is_left()}，现在只能生成标有“草稿”的文本。"
                           f"</span>强制项须改正；核实项请改正，或到“审核”一步逐条填写说明。双击下面一条可跳到它的位置。")
        self.generate.setText("生成草稿")
        for f in state.left:
            todo = "须改正" if f.severity == ERROR else "未改正也未说明"
            item = QListWidgetItem(f"[{SEVERITY_LABEL[f.severity]}] {f.rule}　{f.message}（{todo}）")
            item.setData(Qt.ItemDataRole.UserRole, f)
            self.left.addItem(item)
        self.left.setMaximumHeight(max(60, min(len(state.left), 6) * self.fontMetrics().lineSpacing() * 2 + 8))
        self.left.show()

    def _jump(self, item) -> None:
        self.jump.emit(item.data(Qt.ItemDataRole.UserRole))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择保存位置", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def start_export(self) -> None:
        folder = Path(self.folder.text().strip())
        if not folder.is_dir():
            self.banner.show_error(f"保存位置“{folder}”不存在，请重新选择。")
            return
        # the thread works on a copy: the clerk may go on typing meanwhile
        report, previous = copy.deepcopy(self.editor.report), self.editor.previous
        pdf, sheet, draft, carried = (self.with_pdf.isChecked(), self.with_sheet.isChecked(), self.draft_only(),
                                      self.carried())
        self.generate.setEnabled(False)
        self.task = BackgroundTask(self, "正在生成报告，请稍候…", lambda cancel: export_files(
            report, previous, folder, pdf, sheet, draft, carried, cancel), title="生成报告")
        self.task.succeeded.connect(self._done)
        self.task.failed.connect(self._failed)
        self.task.ended.connect(self._cleanup)
        self.progress = self.task.progress
        self.task.start()

    def _done(self, written: list) -> None:
        self.banner.show_info("已生成：\n" + "\n".join(str(p) for p in written))
        self.last_written = written

    def _failed(self, message: str) -> None:
        self.banner.show_error(message)
        self.last_written = []

    def _cleanup(self) -> None:
        self.generate.setEnabled(True)

    def wait(self, ms: int = 60000) -> None:
        """For tests: block until the export thread is done and its result has arrived."""
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
    def preview(self, sheet: bool) -> QPrintPreviewDialog:
        from models.export.html import check_sheet_html, report_html

        report = self.editor.report
        html = (check_sheet_html(report, self.editor.findings, carried=self.carried()) if sheet
                else report_html(report, draft=self.draft_only()))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        margins = QMarginsF(MARGINS_MM["left"], MARGINS_MM["top"], MARGINS_MM["right"], MARGINS_MM["bottom"])
        printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                          margins, QPageLayout.Unit.Millimeter))
        document = QTextDocument()
        # lay the text out on the 156 × 225 mm text block at 96 dpi, as the HTML's px sizes assume;
        # left to itself QTextDocument would print at about twice the size
        document.setDocumentMargin(0)
        document.setPageSize(QSizeF(TEXT_WIDTH_MM / 25.4 * 96, TEXT_HEIGHT_MM / 25.4 * 96))
        document.setHtml(html)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle("打印预览")
        dialog.paintRequested.connect(document.print_)
        dialog._keep = (printer, document)   # the dialog does not own them: keep them alive with it
        dialog.open()
        return dialog
