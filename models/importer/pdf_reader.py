"""A PDF (as published: exported from WPS or Word, or a web page printed to PDF) → Document, the
same blocks the .docx and web-page readers give: paragraphs in reading order and tables of cells
with their merges — so that tables.py finds the three tables by their labels as it does for
every other format.

Untrusted: the file is measured first (models.safety.check_pdf: size, no stream unpacking past
the bounds), then opened by PDFium with the page count and the time bounded. A PDF with no text
layer (a scan) is refused with a clear message; no OCR."""

from __future__ import annotations

import ctypes
import re
from datetime import date
from pathlib import Path

import pypdfium2  # noqa: F401  (initialises PDFium)
import pypdfium2.raw as pdfium

from models.importer.document import Block, Document, Paragraph
from models.importer.pdf_borderless import (attach_orphans, find_tables, head_at_foot, moved_above, starts_with_rows,
                                            without_repeated_head)
from models.importer.pdf_page import Page, PageTooBusy, read_page
from models.importer.pdf_tables import BoxTable, continues, join, ruled_tables, to_table
from models.importer.pdf_text import Line, gutter, make_lines, mark_margins, paragraphs
from models.importer.result import NotAReport
from models.safety import MAX_PDF_PAGES, Deadline, UnsafeFile, check_pdf

SCANNED = "这是扫描件，无法读取文字"
MIN_GLYPHS = 20          # fewer on a page with an image: a scanned page


def read_pdf(path: Path) -> Document:
    deadline = Deadline(path.name)
    data = check_pdf(path, deadline)
    buffer = ctypes.create_string_buffer(data, len(data))
    handle = pdfium.FPDF_LoadMemDocument64(buffer, len(data), None)
    if not handle:
        raise _open_error(path)
    try:
        count = pdfium.FPDF_GetPageCount(handle)
        if count > MAX_PDF_PAGES:
            raise UnsafeFile(f"“{path.name}”有 {count} 页，超过 {MAX_PDF_PAGES} 页的上限，不像是一份年度报告，未读取。")
        if count <= 0:
            raise NotAReport(f"“{path.name}”中没有任何页面。")
        pages = []
        for i in range(count):
            deadline.check()
            try:
                pages.append(read_page(handle, i, deadline))
            except PageTooBusy as exc:
                raise UnsafeFile(f"“{path.name}”第 {i + 1} 页异常复杂（{exc}），不像是一份年度报告，未读取。") from None
        title = _meta(handle, "Title")
        created = _pdf_date(_meta(handle, "CreationDate"))
    finally:
        pdfium.FPDF_CloseDocument(handle)
    scanned = [p.number for p in pages if len(p.glyphs) < MIN_GLYPHS and p.images]
    if sum(len(p.glyphs) for p in pages) < MIN_GLYPHS:
        if scanned:
            raise NotAReport(f"“{path.name}”：{SCANNED}（PDF 中只有图片，没有文字层）。"
                             f"请找到报告的 Word/WPS 原文件或网页版再导入，或者手工录入。")
        raise NotAReport(f"“{path.name}”中没有可读取的文字。")
    document = Document(layout(pages, deadline), title)
    if scanned:
        document.notes.append(f"PDF 第 {'、'.join(map(str, scanned))} 页是扫描的图片（{SCANNED}），"
                              f"这些页上的内容未读取")
    if created is not None:
        document.created = created
    return document


def _open_error(path: Path) -> Exception:
    error = pdfium.FPDF_GetLastError()
    if error == pdfium.FPDF_ERR_PASSWORD:
        return NotAReport(f"“{path.name}”设有打开密码，无法读取；请用密码打开后另存为不加密的 PDF 或 .docx 再导入。")
    if error == pdfium.FPDF_ERR_SECURITY:
        return NotAReport(f"“{path.name}”使用了不支持的加密方式，无法读取；请另存为不加密的 PDF 或 .docx 再导入。")
    return UnsafeFile(f"“{path.name}”不是有效的 PDF 文件（文件已损坏，无法打开）。")


def _meta(handle, key: str) -> str:
    size = pdfium.FPDF_GetMetaText(handle, key.encode("ascii"), None, 0)
    if size <= 2 or size > 4096:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium.FPDF_GetMetaText(handle, key.encode("ascii"), buffer, size)
    return buffer.raw[:size - 2].decode("utf-16-le", "replace").strip()


def _pdf_date(text: str) -> date | None:
    match = re.match(r"D:(\d{4})(\d{2})(\d{2})", text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


# --- pages → blocks ----------------------------------------------------------------------------


def layout(pages: list[Page], deadline: Deadline) -> list[Block]:
    """The pages' tables and text in reading order: a table continued over a page break joined,
    page headers and footers left out, two columns read one after the other."""
    found = []
    for page in pages:
        tables, free = ruled_tables(page.segments, page.glyphs, page.number)
        found.append((page, tables, make_lines(free)))
        deadline.check()
    mark_margins([(page.height, lines) for page, _, lines in found])
    items: list[tuple[str, object, bool]] = []      # ("line" | "table", object, first on its page)
    carried: list[Line] = []
    for n, (page, tables, lines) in enumerate(found):
        lines = [line for line in lines if not line.margin]
        previous = items[-1][1] if items and items[-1][0] == "table" else None
        if carried:
            lines = moved_above(carried, lines)      # a table's start left at the foot of the page before
        elif previous is not None and not previous.ruled and lines:
            lines = without_repeated_head(previous, lines)
        carried = []
        if lines:
            width = max(line.x1 for line in lines) - min(line.x0 for line in lines)
            borderless, lines = find_tables(lines, page.number, width,
                                            previous if previous is not None and not previous.ruled else None)
            tables = sorted(tables + borderless, key=lambda t: t.top)
            if previous is not None and not previous.ruled and lines and (not tables or lines[0].top < tables[0].top):
                lines = attach_orphans(previous, lines)   # a row cut by the page break, and no rows after it
            following = [line for line in found[n + 1][2] if not line.margin] if n + 1 < len(found) else []
            k = head_at_foot(lines, width)
            if k and lines[-k].top > max((t.bottom for t in tables), default=0.0) \
                    and gutter(lines, page.width) is None and starts_with_rows(following, width):
                carried, lines = lines[-k:], lines[:-k]
        page_items = _reading_order(page, tables, lines)
        for n, (kind, obj) in enumerate(page_items):
            if kind == "table" and n == 0 and items and items[-1][0] == "table" and continues(items[-1][1], obj):
                items[-1] = ("table", join(items[-1][1], obj), items[-1][2])
                continue
            items.append((kind, obj, n == 0))
    blocks: list[Block] = []
    pending: list[Line] = []
    breaks: set[int] = set()

    def flush() -> None:
        blocks.extend(Paragraph(text) for text in paragraphs(pending, breaks))
        pending.clear()
        breaks.clear()

    for kind, obj, first in items:
        if kind == "column":
            flush()                 # a column's paragraphs end with it
        elif kind == "table":
            flush()
            blocks.append(to_table(obj))
        else:
            if first:
                breaks.add(len(pending))
            pending.append(obj)
    flush()
    return blocks


def _split_at(line: Line, x: float) -> list[Line]:
    """A line standing in both columns, as its two halves."""
    left = [r for r in line.runs if r.x1 <= x]
    right = [r for r in line.runs if r.x0 >= x]
    if left and right and len(left) + len(right) == len(line.runs):
        return [Line(left), Line(right)]
    return [line]


def _reading_order(page: Page, tables: list[BoxTable], lines: list[Line]) -> list[tuple[str, object]]:
    """Tables and lines top to bottom; where the text stands in two columns (and no table is
    beside it), the left column first."""
    items: list[tuple[float, str, object]] = [(t.top, "table", t) for t in tables]
    x = gutter(lines, page.width)
    if x is not None:
        lines = [part for line in lines for part in _split_at(line, x)]
    if x is None:
        items += [(line.top, "line", line) for line in lines]
        return [(kind, obj) for _, kind, obj in sorted(items, key=lambda i: i[0])]
    # two columns: a line crossing the gutter (a title) or a table starts a new band
    order: list[tuple[str, object]] = []
    spanning = sorted([(t.top, "table", t) for t in tables]
                      + [(line.top, "line", line) for line in lines if line.x0 < x < line.x1], key=lambda i: i[0])
    column_lines = sorted((line for line in lines if not line.x0 < x < line.x1), key=lambda line: line.top)
    at = 0
    for top, kind, obj in spanning + [(float("inf"), "", None)]:
        band = []
        while at < len(column_lines) and column_lines[at].top < top:
            band.append(column_lines[at])
            at += 1
        order += [("line", line) for line in band if line.x1 <= x] + [("column", None)]
        order += [("line", line) for line in band if line.x0 >= x] + [("column", None)]
        if obj is not None:
            order.append((kind, obj))
    return order
