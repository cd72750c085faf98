"""The printed report as a python-docx Document: title, preamble, the six sections under
their official headings, the three tables, 六 with the 信息处理费 sentence, an optional 落款."""

from __future__ import annotations

import re
from datetime import date

import docx
from docx.shared import Pt

from models.catalogue import SECTIONS
from models.export.base import BASE_DOCX
from models.export.tables import table_element
from models.report import Report
from models.sentences import default_preamble, fee_sentence
from models.values import format_date

DRAFT_MARK = "草　稿（存在未通过的强制审核项，不得报送或公开）"
# a short line opening with （一）…（十） and no full stop is a level-2 heading (楷体)
_SUBHEADING = re.compile(r"（[一二三四五六七八九十]{1,2}）[^。；]{0,28}")


def title(report: Report) -> str:
    return f"{report.unit.name}{report.year}年政府信息公开工作年度报告"


TITLE_LINE_CHARS = 20   # 2号 characters across the 156 mm text width


def _add_title(document, report: Report) -> None:
    """The title; too long for one line, it breaks after the unit name rather than anywhere."""
    paragraph = document.add_paragraph(style="Title")
    if len(title(report)) <= TITLE_LINE_CHARS:
        paragraph.add_run(title(report))
    else:
        paragraph.add_run(report.unit.name).add_break()
        paragraph.add_run(f"{report.year}年政府信息公开工作年度报告")


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _add_text(document, text: str) -> None:
    for line in _paragraphs(text):
        document.add_paragraph(line, style="Heading 2" if _SUBHEADING.fullmatch(line) else None)


def section_text(report: Report, key: str) -> str:
    """A narrative section as printed: 六 gains the 信息处理费 sentence when the fees are known
    and the clerk's text does not already report them."""
    text = report.section_text(key)
    if key == "s6" and report.fees is not None and "信息处理费" not in text:
        text = (text + "\n" if text.strip() else "") + fee_sentence(report.fees)
    return text


def build_document(report: Report, *, draft: bool = False, signature: bool = True,
                   sign_date: date | None = None) -> docx.Document:
    document = docx.Document(str(BASE_DOCX))
    document.core_properties.title = title(report)
    section = document.sections[0]
    if draft:
        for header in (section.header, section.even_page_header):
            header.paragraphs[0].text = DRAFT_MARK
            header.paragraphs[0].style = "GK Draft Mark"
    _add_title(document, report)
    _add_text(document, report.section_text("preamble") or default_preamble(report))
    body_end = document.element.body.sectPr
    after_table = False
    for part in SECTIONS:
        heading = document.add_paragraph(part.heading, style="Heading 1")
        if after_table:   # air between a table and the next heading (an empty line would
            heading.paragraph_format.space_before = Pt(12)   # upset LibreOffice's page breaks)
        if part.table:
            body_end.addprevious(table_element(report.layout.table(part.table), report))
        text = section_text(report, part.key)
        _add_text(document, text)
        after_table = bool(part.table) and not text.strip()
    if signature:
        # the 落款 never stands alone on a page: it keeps with the paragraph before it
        document.paragraphs[-1].paragraph_format.keep_with_next = True
        document.add_paragraph("").paragraph_format.keep_with_next = True
        document.add_paragraph(report.unit.name, style="GK Signature").paragraph_format.keep_with_next = True
        document.add_paragraph(format_date(sign_date or report.published or date.today()), style="GK Signature")
    return document
