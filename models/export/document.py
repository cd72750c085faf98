"""The printed report as a python-docx Document: title, preamble, the six sections under
their official headings, the three tables, 六 with the 信息处理费 sentence, an optional 落款.

The body is written as WordprocessingML text and parsed once (python-docx's paragraph API
costs more than the rest of the export together)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from lxml import etree

from models.catalogue import SECTIONS
from models.export.base import BASE_DOCX
from models.export.tables import table_xml
from models import clock
from models.report import Report, signature_date
from models.sentences import default_preamble, fee_sentence
from models.tidy import tidy_published_text
from models.values import format_date

UNDATED = "　　年　　月　　日"   # 落款 of an earlier year's report with no publication date: dated by hand
DRAFT_MARK = "草　稿（审核尚未完成，不得报送或公开）"
TITLE_LINE_CHARS = 20   # 2号 characters across the 156 mm text width
# a short line opening with （一）…（十） and no full stop is a level-2 heading (楷体)
_SUBHEADING = re.compile(r"（[一二三四五六七八九十]{1,2}）[^。；]{0,28}")
_AIR_AFTER_TABLE = '<w:spacing w:before="240"/>'   # not an empty line: that upsets LibreOffice's page breaks

# The body as blocks, rendered by the .docx here and by the HTML preview (models/export/html.py):
# ("title", lines) · ("heading1", text) · ("heading2", text) · ("text", text) · ("table", table key)
# · ("signature", lines); the check sheet adds ("grid", rows) and ("signoff", lines).
Block = tuple[str, Any]


def title(report: Report) -> str:
    return f"{report.unit.name}{report.year}年政府信息公开工作年度报告"


def paragraph(text: str, style: str | None = None, *, keep_with_next: bool = False, extra: str = "",
              colour: str | None = None) -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    keep = "<w:keepNext/>" if keep_with_next else ""
    run_props = f'<w:rPr><w:color w:val="{colour}"/></w:rPr>' if colour else ""
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n"))
    return f'<w:p><w:pPr>{style_xml}{keep}{extra}</w:pPr><w:r>{run_props}{runs}</w:r></w:p>'


def title_lines(report: Report, suffix: str = "") -> list[str]:
    """Too long for one line, the title breaks between its parts (unit name, report name,
    suffix) rather than anywhere."""
    lines: list[str] = []
    for part in (report.unit.name, f"{report.year}年政府信息公开工作年度报告", suffix):
        if lines and len(lines[-1] + part) <= TITLE_LINE_CHARS:
            lines[-1] += part
        elif part:
            lines.append(part)
    return lines


def build_from_body(parts: list[str]) -> docx.Document:
    """The base document with `parts` (WordprocessingML paragraphs and tables) as its body,
    spliced into the base's XML text and parsed once: moving thousands of elements between
    lxml trees costs several times more."""
    part = docx.Document(str(BASE_DOCX)).part
    xml = etree.tostring(part._element, encoding="unicode")
    part._element = parse_xml(xml.replace("<w:sectPr", "".join(parts) + "<w:sectPr", 1))
    return part.document


def text_blocks(text: str) -> list[Block]:
    """A narrative text as blocks: one per non-empty line, a short （一）… line as a heading."""
    lines = (line.strip() for line in text.split("\n"))
    return [("heading2" if _SUBHEADING.fullmatch(line) else "text", line) for line in lines if line]


def section_text(report: Report, key: str) -> str:
    """A narrative section as printed, tidied (models.tidy): the opening without a copy of the
    report's own title (it is printed above it), or the standard opening when there is none;
    六 with the 信息处理费 sentence when the fees are known and the clerk's text does not
    already report them."""
    text = tidy_published_text(report.section_text(key))
    if key == "preamble":
        opening = _without_title(text, report.year)
        return opening if opening.strip() else default_preamble(report)   # a stray tab or space is no opening
    if key == "s6" and report.fees is not None and "信息处理费" not in text:
        text = (text + "\n" if text.strip() else "") + fee_sentence(report.fees)
    return text


def _without_title(text: str, year: int) -> str:
    """An opening pasted or imported with the title in front (「淮安市人民政府2024年政府信息公开
    工作年度报告本报告由……」, or the title on lines of its own) loses that title."""
    match = re.match(rf"\s*[^。，；：]{{0,60}}?{year}年度?政府信息公开(?:工作)?年度报告[）)]?\s*", text)
    return text[match.end():] if match else text


def body_blocks(report: Report, *, signature: bool = True, sign_date: date | None = None) -> list[Block]:
    """What the report says, in order — the one source of both the .docx and the HTML preview."""
    blocks: list[Block] = [("title", title_lines(report))]
    blocks += text_blocks(section_text(report, "preamble"))
    for part in SECTIONS:
        blocks.append(("heading1", part.heading))
        if part.table:
            blocks.append(("table", part.table))
        blocks += text_blocks(section_text(report, part.key))
    if signature:
        day = sign_date or signature_date(report, clock.today())
        blocks.append(("signature", [report.unit.name, format_date(day) if day else UNDATED]))
    return blocks


def body_xml(report: Report, *, signature: bool = True, sign_date: date | None = None) -> list[str]:
    parts: list[str] = []
    previous = None
    for kind, value in body_blocks(report, signature=signature, sign_date=sign_date):
        match kind:
            case "title":
                parts.append(paragraph("\n".join(value), "Title"))
            case "heading1":
                parts.append(paragraph(value, "Heading1", extra=_AIR_AFTER_TABLE if previous == "table" else ""))
            case "heading2":
                parts.append(paragraph(value, "Heading2"))
            case "text":
                parts.append(paragraph(value))
            case "table":
                parts.append(table_xml(report.layout.table(value), report, namespace=False))
            case "signature":
                # the 落款 never stands alone on a page: it keeps with the paragraph before it
                parts[-1] = parts[-1].replace("<w:pPr>", "<w:pPr><w:keepNext/>", 1)
                parts.append(paragraph("", keep_with_next=True))
                parts += [paragraph(line, "GKSignature", keep_with_next=i < len(value) - 1)
                          for i, line in enumerate(value)]
            case _:
                raise ValueError(f"unknown block {kind!r}")
        previous = kind
    return parts


def build_document(report: Report, *, draft: bool = False, signature: bool = True,
                   sign_date: date | None = None) -> docx.Document:
    document = build_from_body(body_xml(report, signature=signature, sign_date=sign_date))
    document.core_properties.title = title(report)[:255]   # Word's limit for a property
    section = document.sections[0]
    if draft:
        for header in (section.header, section.even_page_header):
            header.paragraphs[0].text = DRAFT_MARK
            header.paragraphs[0].style = "GK Draft Mark"
    return document
