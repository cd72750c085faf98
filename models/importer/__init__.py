"""Reading a published report (.docx, or a saved web page) back into a Report.

    result = import_document("报告.docx")      # ImportResult(report, gaps, notes)

Tables are found by their labels and read cell by cell (tables.py); the title, the opening and
the six parts of the text are found by their headings (narrative.py). What cannot be read is a
Gap naming the cell — never a silent zero. A file that is not a report raises NotAReport; a
damaged or hostile one raises models.safety.UnsafeFile (both ValueError, with a Chinese message).
"""

from __future__ import annotations

import re
from pathlib import Path

from models.bounds import SECTION_MAX_CHARS, UNIT_NAME_MAX_CHARS, clean_line, clean_text, removed_notice
from models.catalogue import (
    FIRST_YEAR_OF_2021_LAYOUT,
    PREAMBLE_LABEL,
    SECTION_BY_KEY,
    SECTIONS,
    UNIT_KINDS,
    UNIT_LEVELS,
)
from models.importer.document import Document, Paragraph, Table
from models.importer.narrative import Line, find_headings, guess_unit, read_narrative
from models.importer.result import Gap, ImportResult, NotAReport
from models.importer.tables import read_tables, report_tables
from models.report import Report, Unit
from models.safety import MAX_LINES, UnsafeFile
from models.tidy import tidy_published_text

__all__ = ["Gap", "ImportResult", "NotAReport", "UnsafeFile", "import_document", "read_document", "assemble"]

DOCX_SUFFIXES = (".docx", ".docm")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
PDF_SUFFIXES = (".pdf",)
OLD_WORD_SUFFIXES = (".doc", ".wps", ".rtf")   # converted by LibreOffice; a .doc from a site is often a web page
SUFFIXES = DOCX_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES + OLD_WORD_SUFFIXES
UNKNOWN_UNIT = "（未识别的单位）"
_HTML_START = re.compile(rb"(\xef\xbb\xbf)?\s*(<!--.*?-->\s*)*<(!doctype|html|head|body|meta|table|p|div)\b", re.I | re.S)
MIN_HEADINGS = 3   # without any of the three tables, at least this many of the six parts


def read_document(path: str | Path) -> Document:
    """The file as a Document, by what it contains rather than by its name alone."""
    path = Path(path)
    if path.is_dir():
        raise NotAReport(f"“{path}”是文件夹，不是报告文件。")
    if path.exists() and not path.is_file():   # a FIFO would hang, a device never end
        raise UnsafeFile(f"“{path}”不是普通文件（可能是设备或管道），未读取。")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise NotAReport(f"“{path.name}”不是可导入的文件类型（{suffix or '无扩展名'}）。"
                         f"请提供 Word 或 WPS 文档（.docx/.doc/.wps）、PDF 或保存的网页（.html/.htm）。")
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except FileNotFoundError:
        raise UnsafeFile(f"找不到文件：{path}") from None
    except OSError as exc:
        raise UnsafeFile(f"无法读取文件 {path}：{exc.strerror or exc}") from None
    from models.importer.docx_reader import read_docx
    from models.importer.html_reader import read_html

    if head.startswith(b"PK"):
        return read_docx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0") or head.startswith(b"{\\rtf"):
        return _read_old_word(path)
    if b"%PDF-" in head[:1024]:
        from models.importer.pdf_reader import read_pdf
        return read_pdf(path)
    if suffix in PDF_SUFFIXES:
        raise UnsafeFile(f"“{path.name}”不是有效的 PDF 文件（文件已损坏，或只是改了扩展名）。")
    if suffix in HTML_SUFFIXES or _HTML_START.match(head):
        return read_html(path)   # a web page saved as .doc/.docx (government sites serve such files)
    return read_docx(path)   # refused by the zip check, with its message


def _read_old_word(path: Path) -> Document:
    """A .doc/.wps (or .rtf): converted to .docx by LibreOffice where it is installed, then read
    as one; otherwise the clerk is told what to do."""
    from models.export.pdf import find_soffice
    from models.importer.convert import ConversionFailed, converted
    from models.importer.docx_reader import read_docx
    from models.safety import check_size

    check_size(path)
    kind = "WPS 文档（.wps）" if path.suffix.lower() == ".wps" else "旧版 Word 文档（.doc）"
    todo = "请用 WPS 或 Word 打开它，“另存为”.docx（不加密码）后再导入"
    if find_soffice() is None:
        raise NotAReport(f"“{path.name}”是{kind}，需要 LibreOffice 才能直接读取，这台电脑上没有安装；{todo}，"
                         f"或者安装 LibreOffice 后重试。")
    try:
        with converted([path], "docx") as (docx_path,):
            return read_docx(docx_path)
    except ConversionFailed as exc:
        raise NotAReport(f"“{path.name}”是{kind}，用 LibreOffice 转换未成功（{exc}；文件可能已损坏或设有密码）；"
                         f"{todo}。") from None


def import_document(path: str | Path) -> ImportResult:
    """Read the report in `path`. Raises NotAReport or UnsafeFile (nothing to import)."""
    path = Path(path)
    return assemble(read_document(path), path.name)


def _common_prefix(paths: list[tuple[int, ...]]) -> tuple[int, ...]:
    prefix = paths[0]
    for other in paths[1:]:
        n = 0
        while n < min(len(prefix), len(other)) and prefix[n] == other[n]:
            n += 1
        prefix = prefix[:n]
    return prefix


def assemble(document: Document, name: str = "文件") -> ImportResult:
    """A Document → ImportResult: tables by their labels, text by its headings. Every importer
    (.docx, web page, PDF) ends here, so the text is tidied here (models.tidy)."""
    n_lines = sum(b.text.count("\n") + 1 for b in document.blocks if isinstance(b, Paragraph))
    if n_lines > MAX_LINES:
        raise UnsafeFile(f"“{name}”有 {n_lines:,} 行文字（一份年度报告只有几百行），不像是一份年度报告，未读取。")
    pieces = report_tables([b for b in document.blocks if isinstance(b, Table)])
    found_tables = [t for part in pieces.values() for t in part]
    lines: list[tuple[str, Paragraph]] = [(text, block) for block in document.blocks
                                          if isinstance(block, Paragraph)
                                          for text in (tidy_published_text(t.strip(" \t\u3000\xa0"))
                                                       for t in block.text.split("\n")) if text]
    # a web page's content: the innermost element holding all the headings and the tables
    provisional = find_headings([Line(text) for text, _ in lines])
    anchors = [lines[i][1].ancestors for i, _, _ in provisional] + [t.ancestors for t in found_tables]
    prefix = _common_prefix(anchors) if len(anchors) >= 2 else ()
    narrative = read_narrative([Line(text, block.ancestors[:len(prefix)] == prefix) for text, block in lines],
                               document.title_hint)
    if not found_tables and len(narrative.headings) < MIN_HEADINGS:
        raise NotAReport(f"“{name}”看起来不是政府信息公开工作年度报告：没有找到表二、表三、表四，"
                         f"也没有找到报告的各部分标题（一、总体情况 … 六、其他需要报告的事项）。")

    gaps: list[Gap] = []
    notes: list[str] = []
    read = read_tables(pieces, narrative.year)
    year = narrative.year
    if year is None:
        year = FIRST_YEAR_OF_2021_LAYOUT if read.layout == "2021" else 2020
        gaps.append(Gap(None, "报告年度", f"标题和正文中都没有找到报告年度，暂记为 {year} 年，请改正"))
    elif narrative.year_source != "标题":
        notes.append(f"标题中没有年份，报告年度按正文推断为 {year} 年，请核对")
    unit_name = narrative.unit
    kind = level = None
    if not unit_name:
        unit_name = UNKNOWN_UNIT
        gaps.append(Gap(None, "单位名称", "标题中没有找到单位名称，请补填"))
    else:
        kind, level = guess_unit(unit_name)
        guessed = "、".join(x for x in (UNIT_KINDS.get(kind or ""), UNIT_LEVELS.get(level or "")) if x)
        notes.append(f"单位类型和层级是按名称“{unit_name}”推测的（{guessed or '未能推测'}），请核对")
    if year >= FIRST_YEAR_OF_2021_LAYOUT and read.layout == "2019":
        notes.append(f"这是 {year} 年的报告，但表格是 2019 年试行格式（按{read.layout_basis}判断）；已按原格式读取，未转换")
    notes += read.notes + narrative.notes + document.notes
    published = narrative.published
    if published is None and document.created and year < document.created.year <= year + 1:
        published = document.created   # a PDF without a dated 落款: the day the PDF was made
        notes.append(f"报告末尾没有落款日期，按 PDF 文件的生成日期 {published.year}年{published.month}月{published.day}日"
                     f" 记为发布日期，请核对")
    missing = [s.heading for i, s in enumerate(SECTIONS) if i not in narrative.headings]
    if missing:
        notes.append("没有找到这些部分的标题，其正文未读取：" + "、".join(missing))

    text, removed = {}, 0
    for key, body in narrative.text.items():   # what a page brings is cleaned, and the clerk told
        body, changed = clean_text(body)
        removed += changed
        if len(body) > SECTION_MAX_CHARS:
            heading = SECTION_BY_KEY[key].heading if key in SECTION_BY_KEY else PREAMBLE_LABEL
            gaps.append(Gap(None, heading, f"正文此部分有 {len(body):,} 个字，超过 {SECTION_MAX_CHARS:,} 个字的上限，"
                                       f"只读入了前 {SECTION_MAX_CHARS:,} 个字"))
            body = body[:SECTION_MAX_CHARS]
        text[key] = body
    unit_name, changed = clean_line(unit_name)
    removed += changed
    if len(unit_name) > UNIT_NAME_MAX_CHARS or not unit_name:
        gaps.append(Gap(None, "单位名称", f"识别出的单位名称过长（{len(unit_name)} 个字），请补填"))
        unit_name, kind, level = UNKNOWN_UNIT, None, None
    if removed:
        notes.append(removed_notice(removed, "导入的文字"))
    report = Report(year=year, unit=Unit(unit_name, kind, level), format=read.layout, cells=read.cells,
                    text=text, published=published, source=clean_line(name)[0][:200])
    return ImportResult(report, gaps + read.gaps, notes)

