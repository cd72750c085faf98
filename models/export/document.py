"""The printed report as a .docx package: title, preamble, the six sections under their
official headings, the three tables, 六 with the 信息处理费 sentence, an optional 落款.

The body is written as WordprocessingML text and spliced into the base template's text
(models/export/package.py): nothing is parsed. Every piece of text enters the XML through
`ooxml.printable` (in `ooxml.text_xml` / `ooxml.xml_text`), which leaves out what cannot be
printed."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from models.catalogue import SECTIONS
from models.export.base import (AIR_AFTER_TABLE_TWIPS, BASE_DOCX, CHAR_TWIPS, FONT_HEADING2, FONT_LATIN, XML_DECLARATION, core_xml,
                                header_footer_xml)
from models.export import layout
from models.export.layout import STANDALONE_HEADING2, signature_lines, text_runs
from models.export.ooxml import fonts, needs_east_asian_hint, printable, props, text_xml
from models.export.package import DocxPackage, template_parts
from models.export.pagination import table_three_break
from models.export.tables import table_xml
from models import clock
from models.report import Report, signature_date
from models.sentences import default_preamble, fee_sentence
from models.tidy import tidy_published_text
from models.values import format_date

UNDATED = "　　年　　月　　日"   # 落款 of an earlier year's report with no publication date: dated by hand
DRAFT_MARK = "草　稿（审核尚未完成，不得报送或公开）"
_AIR_AFTER_TABLE = {"before": AIR_AFTER_TABLE_TWIPS}

# The body as blocks, rendered by the .docx here and by the HTML preview (models/export/html.py):
# ("title", lines) · ("heading1", text) · ("heading2", text) · ("text", text) · ("table", table key)
# · ("signature", [(line, space from the right edge in characters), …]); the check sheet adds
# ("grid", rows), ("carried", lines) and ("signoff", lines). A "text" block's run-in heading is
# found by layout.text_runs when it is drawn.
Block = tuple[str, Any]

# run properties of a run-in heading, by layout.text_runs kind
_RUN_IN_PROPS = {"heading2": {"font": FONT_HEADING2}, "heading3": {"b": {}}}


def title(report: Report) -> str:
    return f"{report.unit.name}{report.year}年政府信息公开工作年度报告"


def run(text: str, *, font: str | None = None, **rpr) -> str:
    """A run of text; a line break in `text` becomes <w:br/>. Text with the quotes and dashes
    Chinese shares with Latin carries w:hint="eastAsia" so Word and WPS print them full-width."""
    hint = needs_east_asian_hint(text)
    if font is not None:
        rpr["rFonts"] = fonts(font, FONT_LATIN, hint)
    elif hint:
        rpr["rFonts"] = {"hint": "eastAsia"}
    return f"<w:r>{props('rPr', **rpr)}{text_xml(text)}</w:r>"


def paragraph(text: str | list[str], style: str | None = None, *, keep_with_next: bool = False,
              colour: str | None = None, **ppr) -> str:
    """A paragraph of `text` (or of runs already built); `ppr`: more paragraph properties by
    name, e.g. spacing={"before": 240} — models.export.ooxml puts them in schema order."""
    runs = text if isinstance(text, list) else [run(text, color={"val": colour} if colour else None)]
    properties = props("pPr", pStyle={"val": style} if style else None, keepNext={} if keep_with_next else None,
                       **ppr)
    return f"<w:p>{properties}{''.join(runs)}</w:p>"


def body_paragraph(text: str, *, keep_with_next: bool = False) -> str:
    """A paragraph of body text, its run-in heading (「（一）主动公开情况。」) in 楷体 or bold."""
    runs = [run(segment, **_RUN_IN_PROPS[kind]) if kind else run(segment) for segment, kind in text_runs(text)]
    return paragraph(runs, keep_with_next=keep_with_next)


def signature_paragraph(text: str, right_chars: float, *, keep_with_next: bool) -> str:
    """A line of the 落款, `right_chars` characters from the right edge of the 版心."""
    ind = {"right": round(right_chars * CHAR_TWIPS), "rightChars": round(right_chars * 100),
           "firstLineChars": 0, "firstLine": 0}
    return paragraph(text, "GKSignature", keep_with_next=keep_with_next, ind=ind)


def title_lines(report: Report, suffix: str = "") -> list[str]:
    """The report's title (and `suffix`) broken into lines between words (models.export.layout)."""
    return layout.title_lines(report.unit.name, report.year, suffix)


def build_from_body(parts: list[str]) -> DocxPackage:
    """The base template's package with `parts` (WordprocessingML paragraphs and tables) as
    its body, spliced into the text of its word/document.xml."""
    package = DocxPackage(template_parts(BASE_DOCX))
    document = package.text("word/document.xml")
    package.parts["word/document.xml"] = document.replace("<w:sectPr", "".join(parts) + "<w:sectPr", 1)
    return package


def text_blocks(text: str) -> list[Block]:
    """A narrative text as blocks: one per non-empty line, a short 「（一）…」 line as a heading."""
    lines = (line.strip() for line in text.split("\n"))
    return [("heading2" if STANDALONE_HEADING2.fullmatch(line) else "text", line) for line in lines if line]


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


def body_blocks(report: Report, *, signature: bool = True, sign_date: date | None = None,
                seal: bool = True) -> list[Block]:
    """What the report says, in order — the one source of both the .docx and the HTML preview.
    The 落款's date is `sign_date`, or models.report.signature_date (blank to be written in by
    hand when the report has none); `seal`: laid out for a seal pressed over it, or not."""
    blocks: list[Block] = [("title", title_lines(report))]
    blocks += text_blocks(section_text(report, "preamble"))
    for part in SECTIONS:
        blocks.append(("heading1", part.heading))
        if part.table:
            blocks.append(("table", part.table))
        blocks += text_blocks(section_text(report, part.key))
    if signature:
        day = sign_date or signature_date(report, clock.today())
        blocks.append(("signature", signature_lines(report.unit.name, format_date(day) if day else UNDATED, seal)))
    return blocks


def body_xml(blocks: list[Block], report: Report) -> list[str]:
    # 表三 whole on one page, unless that would leave more than a few lines of its page empty
    t3_break = table_three_break(blocks, report)
    breaks = {"t3": (t3_break,)} if t3_break is not None else {}
    parts: list[str] = []
    for i, (kind, value) in enumerate(blocks):
        previous = blocks[i - 1][0] if i else None
        # the 落款 never stands alone on a page: what comes before it keeps with it
        keep = i + 1 < len(blocks) and blocks[i + 1][0] == "signature"
        match kind:
            case "title":
                parts.append(paragraph("\n".join(value), "Title"))
            case "heading1":
                parts.append(paragraph(value, "Heading1", spacing=_AIR_AFTER_TABLE if previous == "table" else None))
            case "heading2":
                parts.append(paragraph(value, "Heading2"))
            case "text":
                parts.append(body_paragraph(value, keep_with_next=keep))
            case "table":
                parts.append(table_xml(report.layout.table(value), report, keep_last_row=keep,
                                       breaks=breaks.get(value, ())))
            case "signature":
                parts.append(paragraph("", keep_with_next=True))          # 正文下空一行
                parts += [signature_paragraph(line, right, keep_with_next=j < len(value) - 1)
                          for j, (line, right) in enumerate(value)]
            case _:
                raise ValueError(f"unknown block {kind!r}")
    return parts


def set_properties(document: DocxPackage, title_text: str, author: str) -> None:
    """Document properties of our own: title, the unit as author, created and modified now, zh-CN."""
    document.parts["docProps/core.xml"] = XML_DECLARATION + core_xml(printable(title_text), printable(author),
                                                                     clock.now_utc())


# the page header of a draft, odd and even pages (the base's headers are empty)
_DRAFT_HEADERS = ("word/header1.xml", "word/header2.xml")


def build_document(report: Report, *, draft: bool = False, signature: bool = True,
                   sign_date: date | None = None, seal: bool = True) -> DocxPackage:
    blocks = body_blocks(report, signature=signature, sign_date=sign_date, seal=seal)
    document = build_from_body(body_xml(blocks, report))
    set_properties(document, title(report), report.unit.name)
    if draft:
        header = XML_DECLARATION + header_footer_xml("hdr", paragraph(DRAFT_MARK, "GKDraftMark"))
        document.parts.update(dict.fromkeys(_DRAFT_HEADERS, header))
    return document
