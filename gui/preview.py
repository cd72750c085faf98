"""打印预览 that shows what will print.

Where LibreOffice can make a PDF, the preview is the PDF's real pages: the report is exported as
it would be (.docx, then PDF through LibreOffice, in a temporary folder) and each page is drawn
by PDFium (pypdfium2, 9 MB, instead of Qt's QtPdf, which is only in the 150 MB PySide6-Addons
wheel). Printing from the preview prints those same pages.

Where no PDF can be made (no LibreOffice), the preview is drawn by Qt from the HTML rendition
of the same blocks (`models/export/html.py`) and says plainly that it is 「近似预览」: header
rows are not repeated (Qt draws a repeated header over a merged label), and a table that would
break across a page starts on a new page with its heading, as the .docx keeps it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QColor, QImage, QPageLayout, QPageSize, QPainter, QPixmap, QTextCharFormat, QTextCursor,
                           QTextDocument, QTextFormat, QTextTable)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from gui.style import Banner, hint_label, primary, px
from models.export.base import MARGINS_MM, PAGE_MM, TEXT_WIDTH_MM

TEXT_HEIGHT_MM = PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]
PREVIEW_DPI = 144          # sharp enough at 150 % on screen; A4 is then 1191 × 1684 px
PRINT_DPI = 300
APPROXIMATE = "近似预览"


# --- the real pages -------------------------------------------------------------------------------
def pdf_pages(pdf: Path | bytes, dpi: int = PREVIEW_DPI) -> list[QImage]:
    """Every page of `pdf` (a file or its bytes) as an image (runs in a worker thread: QImage is
    thread-safe)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBA8888)
            images.append(image.copy())      # detach from PDFium's buffer before it is freed
            bitmap.close()
            page.close()
        return images
    finally:
        document.close()


def make_preview_pages(make_docx, cancel=None) -> tuple[list[QImage], bytes]:
    """Export to a temporary folder (`make_docx(path)`), make the PDF through LibreOffice and
    render its pages; off the window's thread (gui/background.py). Returns the pages and the PDF
    (kept for printing)."""
    from models.export.pdf import convert_to_pdf

    with tempfile.TemporaryDirectory(prefix="gknb-preview-") as work:
        docx = Path(work) / "预览.docx"
        make_docx(docx)
        pdf = convert_to_pdf(docx, Path(work) / "预览.pdf", cancel=cancel).read_bytes()
    return pdf_pages(pdf), pdf


# --- the approximate pages ------------------------------------------------------------------------
def layout_document(html: str) -> QTextDocument:
    """The HTML laid out on the A4 text block at 96 dpi (design metrics: the glyphs keep their
    places at any scale), each table on one page where the print has it so, no heading left
    alone at the foot of a page."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    option = document.defaultTextOption()
    option.setUseDesignMetrics(True)
    document.setDefaultTextOption(option)
    document.setPageSize(QSizeF(TEXT_WIDTH_MM / 25.4 * 96, TEXT_HEIGHT_MM / 25.4 * 96))
    document.setHtml(html)
    fit_tables(document)
    keep_together(document)
    return document


def _tables(document: QTextDocument) -> list[QTextTable]:
    return [f for f in document.rootFrame().childFrames() if isinstance(f, QTextTable)]


def fit_tables(document: QTextDocument, smallest: float = 0.75) -> None:
    """A table taller than a page is set a little smaller (padding, then type, to 75 %), as the
    .docx fits 表三 on one page: a merged label is then never cut by a page break."""
    page = document.pageSize().height()
    layout = document.documentLayout()
    for table in _tables(document):
        scale = 1.0
        while layout.frameBoundingRect(table).height() > page and scale > smallest:
            table_format = table.format()
            if table_format.cellPadding() > 1:
                table_format.setCellPadding(table_format.cellPadding() - 1)
                table.setFormat(table_format)
                continue
            scale *= 0.92
            cursor = table.firstCursorPosition()
            cursor.setPosition(table.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
            block = document.findBlock(table.firstPosition())
            size = block.charFormat().fontPointSize() or block.document().defaultFont().pointSizeF()
            smaller = QTextCharFormat()
            smaller.setFontPointSize(max(6.0, size * 0.92))
            cursor.mergeCharFormat(smaller)


def _heading(block) -> bool:
    """The report's headings (黑体 一、… and 楷体 （一）…) from their typeface."""
    family = block.charFormat().font().family()     # (fontFamilies() crashes PySide 6.11 when unset)
    return bool(block.text().strip()) and any(f in family for f in ("黑体", "楷体"))


def keep_together(document: QTextDocument) -> None:
    """Start a new page before a table that would be broken (with the heading just before it)
    and before a heading that would be left alone at the foot of a page."""
    page = document.pageSize().height()
    layout = document.documentLayout()

    def page_of(y: float) -> int:
        return int(y // page)

    for _ in range(200):             # each break moves what follows: look again from the top
        items = []
        block = document.begin()
        tables = {t.firstPosition(): t for t in _tables(document)}
        while block.isValid():
            table = tables.get(block.position())
            if table is not None:
                items.append(("table", table, layout.frameBoundingRect(table)))
                block = document.findBlock(table.lastPosition() + 1)
                continue
            items.append(("block", block, layout.blockBoundingRect(block)))
            block = block.next()
        moved = False
        for i, (kind, item, box) in enumerate(items):
            top, bottom = page_of(box.top()), page_of(box.bottom() - 1)
            at_page_top = box.top() - top * page < 2
            previous = items[i - 1] if i else None
            if kind == "table" and top != bottom and box.height() <= page and not at_page_top:
                target = previous[1] if previous and previous[0] == "block" and _heading(previous[1]) else None
                moved = _break_before(target, item)
            elif kind == "block" and _heading(item) and i + 1 < len(items) and not at_page_top:
                following = items[i + 1][2]
                if page_of(following.top() + min(following.height(), 40) - 1) > top:
                    moved = _break_before(item, None)
            if moved:
                break
        if not moved:
            return


def _break_before(block, table) -> bool:
    """A page break before `block` (a heading), else before `table`; False if already there."""
    if block is not None:
        cursor = QTextCursor(block)
        return _add_break(cursor.blockFormat(), cursor.setBlockFormat)
    return _add_break(table.format(), table.setFormat)


def _add_break(text_format, apply) -> bool:
    """`text_format` (a block's or a table's) given a page break before it through `apply`."""
    if text_format.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
        return False
    text_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    apply(text_format)
    return True


def document_pages(document: QTextDocument, dpi: int = PREVIEW_DPI) -> list[QImage]:
    """The laid-out document as A4 page images with their margins."""
    scale = dpi / 96
    width, height = round(PAGE_MM[0] / 25.4 * dpi), round(PAGE_MM[1] / 25.4 * dpi)
    left, top = MARGINS_MM["left"] / 25.4 * dpi, MARGINS_MM["top"] / 25.4 * dpi
    page = document.pageSize()
    pages = []
    for index in range(document.pageCount()):
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.translate(left, top)
        painter.scale(scale, scale)
        painter.translate(0, -index * page.height())
        document.drawContents(painter, QRectF(0, index * page.height(), page.width(), page.height()))
        painter.end()
        pages.append(image)
    return pages


# --- the dialog -----------------------------------------------------------------------------------
class PagesView(QScrollArea):
    """The pages one under the other on a grey desk, fitted to the width or at a chosen zoom."""

    def __init__(self, pages: list[QImage], parent=None):
        super().__init__(parent)
        self.pages = pages
        self.factor: float | str = "page"     # "page": a whole page in view; "width": fit the width
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.desk = QWidget()
        self.desk.setAutoFillBackground(True)
        palette = self.desk.palette()
        palette.setColor(self.desk.backgroundRole(), QColor("#7f8891"))
        self.desk.setPalette(palette)
        self.column = QVBoxLayout(self.desk)
        self.column.setSpacing(px(16))
        self.column.setContentsMargins(px(16), px(16), px(16), px(16))
        self.labels = []
        for number, _ in enumerate(pages, 1):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAccessibleName(f"第 {number} 页")
            label.setToolTip(f"第 {number} 页，共 {len(pages)} 页")
            self.labels.append(label)
            self.column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self.desk)

    def page_width(self) -> int:
        if not self.pages:
            return 0
        width = max(200, self.viewport().width() - px(40))
        if self.factor == "width":
            return width
        if self.factor == "page":
            first = self.pages[0]
            return max(200, min(width, round((self.viewport().height() - px(32)) * first.width() / first.height())))
        return round(self.pages[0].width() * self.factor * 96 / PREVIEW_DPI)

    def redraw(self) -> None:
        width = self.page_width()
        ratio = self.devicePixelRatioF()
        for label, image in zip(self.labels, self.pages):
            pixmap = QPixmap.fromImage(image.scaledToWidth(round(width * ratio),
                                                           Qt.TransformationMode.SmoothTransformation))
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if isinstance(self.factor, str):
            self.redraw()

    def zoom(self, factor: float | str) -> None:
        self.factor = factor
        self.redraw()


class PreviewDialog(QDialog):
    """The pages, zoom, and 打印 — of the real PDF pages, or of the approximate drawing."""

    def __init__(self, title: str, pages: list[QImage], parent=None, *, pdf: bytes | None = None,
                 document: QTextDocument | None = None, reason: str = ""):
        super().__init__(parent)
        self.approximate = document is not None
        self.pdf, self.document = pdf, document
        self.setWindowTitle(f"打印预览 — {title}" + (f"（{APPROXIMATE}）" if self.approximate else ""))
        self.view = PagesView(pages)
        self.count = hint_label(f"共 {len(pages)} 页" + ("，" + APPROXIMATE if self.approximate else
                                                         "，与打印出来的一样（由生成的 PDF 逐页显示）"))
        whole = QPushButton("整页")
        fit = QPushButton("适合宽度")
        actual = QPushButton("实际大小")
        whole.clicked.connect(lambda: self.view.zoom("page"))
        fit.clicked.connect(lambda: self.view.zoom("width"))
        actual.clicked.connect(lambda: self.view.zoom(1.0))
        self.print_button = primary(QPushButton("打印…"))
        self.print_button.clicked.connect(lambda: self.print_pages())
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.count, 1)
        for button in (whole, fit, actual, self.print_button, close):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        self.notice = Banner(transient_info=False)
        if self.approximate:
            self.notice.show_warning(
                f"{APPROXIMATE}：{reason or '本机无法生成 PDF'}。此预览由本程序绘制，分页和字距可能与 WPS、Word "
                f"打印出来的略有不同；正式打印请用 WPS 或 Word 打开生成的文档。")
            layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)
        self.resize(px(900), px(760))

    def pages(self) -> list[QImage]:
        return self.view.pages

    def print_pages(self, printer: QPrinter | None = None) -> bool:
        """Print what the preview shows. Without `printer`, ask for one (the system's dialog)."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                              QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle("打印")
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        # the PDF's pages again at the printer's sharpness; the approximate pages as drawn
        pages = pdf_pages(self.pdf, PRINT_DPI) if self.pdf is not None else document_pages(self.document, PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            for number, image in enumerate(pages):
                if number:
                    printer.newPage()
                painter.drawImage(QRectF(QPointF(0, 0), QSizeF(target.width(), target.height())), image)
        finally:
            painter.end()
        return True
