"""The base document of the printed report (`templates/base.docx`): GB/T 9704 page, zh-CN
styles with the East Asian fonts named on every style, page numbers 「— 1 —」.

`templates/base.docx` is built by this module (`uv run python -m models.export.base`) and
committed; a test checks the committed file still matches what this module builds.
"""

from __future__ import annotations

import sys

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.shared import Mm

from models.paths import shipped

BASE_DOCX = shipped("templates", "base.docx")

# GB/T 9704—2012 §5: A4, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = 156
LINE_TWIPS = 580            # 22 lines in 225 mm ≈ 28.99 pt; 580 twips = 29 pt
FOOTER_MM = 23              # the page number's dash line sits ≈ 7 mm below the text block

# Typeface families of GB/T 9704, as the font names Chinese offices have installed; each
# falls back (fontTable altName) to the family Windows ships, then to what LibreOffice maps.
FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_HEADING1 = "黑体"
FONT_HEADING2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
FONT_LATIN = "Times New Roman"
FALLBACKS = {FONT_BODY: "仿宋", FONT_TITLE: "宋体", FONT_HEADING2: "楷体", FONT_HEADING1: "SimHei",
             FONT_PAGE_NUMBER: "SimSun"}

# sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt, 小五 9 pt
SIZE_TITLE, SIZE_BODY, SIZE_PAGE_NUMBER, SIZE_TABLE, SIZE_TABLE_SMALL = 44, 32, 28, 21, 18

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def fonts(east_asia: str, latin: str = FONT_LATIN) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"/>'


def _run(east_asia: str, size: int, latin: str = FONT_LATIN, extra: str = "") -> str:
    return f'<w:rPr>{fonts(east_asia, latin)}{extra}<w:color w:val="000000"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'


def _para_style(style_id: str, name: str, ppr: str, rpr: str, based_on: str = "Normal",
                outline: int | None = None) -> str:
    level = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    custom = ' w:customStyle="1"' if style_id.startswith("GK") else ""   # the others are Word's built-ins
    return (f'<w:style w:type="paragraph"{custom} w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'{base}<w:next w:val="Normal"/><w:qFormat/><w:pPr>{ppr}{level}</w:pPr>{rpr}</w:style>')


_INDENT_2 = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'   # 左空二字
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_TWIPS}" w:lineRule="exact"/>'
# tables and page furniture: single spacing, not snapped to the 22-line body grid
_SINGLE = '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
_LANG = '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'

STYLES_XML = f"""<w:styles xmlns:w="{W}">
<w:docDefaults>
 <w:rPrDefault><w:rPr>{fonts(FONT_BODY)}<w:kern w:val="2"/><w:sz w:val="{SIZE_BODY}"/><w:szCs w:val="{SIZE_BODY}"/>{_LANG}</w:rPr></w:rPrDefault>
 <w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/>{_EXACT}</w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>
 <w:pPr>{_INDENT_2}{_EXACT}<w:jc w:val="both"/></w:pPr>{_run(FONT_BODY, SIZE_BODY)}</w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>
 <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/></w:style>
{_para_style("Title", "Title", _NO_INDENT + '<w:spacing w:before="0" w:after="' + str(LINE_TWIPS) + '" w:line="700" w:lineRule="exact"/><w:jc w:val="center"/>', _run(FONT_TITLE, SIZE_TITLE))}
{_para_style("Heading1", "heading 1", _INDENT_2 + _EXACT + '<w:keepNext/>', _run(FONT_HEADING1, SIZE_BODY), outline=0)}
{_para_style("Heading2", "heading 2", _INDENT_2 + _EXACT + '<w:keepNext/>', _run(FONT_HEADING2, SIZE_BODY), outline=1)}
{_para_style("GKTableText", "GK Table Text", _NO_INDENT + _SINGLE + '<w:jc w:val="center"/>', _run(FONT_BODY, SIZE_TABLE))}
{_para_style("GKTableLabel", "GK Table Label", _NO_INDENT + _SINGLE + '<w:jc w:val="left"/>', _run(FONT_BODY, SIZE_TABLE), based_on="GKTableText")}
{_para_style("GKTableNote", "GK Table Note", _NO_INDENT + _SINGLE + '<w:jc w:val="left"/>', _run(FONT_BODY, SIZE_TABLE_SMALL), based_on="GKTableText")}
{_para_style("GKSignature", "GK Signature", '<w:ind w:right="1280" w:firstLineChars="0" w:firstLine="0"/>' + _EXACT + '<w:jc w:val="right"/>', _run(FONT_BODY, SIZE_BODY))}
{_para_style("GKDraftMark", "GK Draft Mark", _NO_INDENT + _SINGLE + '<w:jc w:val="center"/>', _run(FONT_HEADING1, SIZE_PAGE_NUMBER, extra='<w:b/>'), based_on="")}
{_para_style("Footer", "footer", _NO_INDENT + _SINGLE, _run(FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER, latin=FONT_PAGE_NUMBER), based_on="")}
{_para_style("Header", "header", _NO_INDENT + _SINGLE + '<w:jc w:val="center"/>', _run(FONT_BODY, SIZE_TABLE), based_on="")}
</w:styles>"""


def _font_table_entries() -> str:
    entries = []
    for name, alt in FALLBACKS.items():
        entries.append(f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                       f'<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>')
    entries.append(f'<w:font w:name="{FONT_LATIN}"><w:charset w:val="00"/><w:family w:val="roman"/>'
                   f'<w:pitch w:val="variable"/></w:font>')
    return "".join(entries)


def _page_number_footer(footer, odd: bool) -> None:
    """「— 7 —」: 4号宋体, odd pages right and even pages left, one character in from the edge."""
    side = "right" if odd else "left"
    para = footer.paragraphs[0]
    para.style = "Footer"
    ppr = para._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:ind xmlns:w="{W}" w:{side}="{SIZE_PAGE_NUMBER * 10}"/>'))
    ppr.append(parse_xml(f'<w:jc xmlns:w="{W}" w:val="{side}"/>'))
    field = (f'<w:r xmlns:w="{W}"><w:t xml:space="preserve">— </w:t></w:r>'
             f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="begin"/></w:r>'
             f'<w:r xmlns:w="{W}"><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="separate"/></w:r>'
             f'<w:r xmlns:w="{W}"><w:t>1</w:t></w:r>'
             f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="end"/></w:r>'
             f'<w:r xmlns:w="{W}"><w:t xml:space="preserve"> —</w:t></w:r>')
    for run in parse_xml(f'<w:p xmlns:w="{W}">{field}</w:p>'):
        para._p.append(run)


def build_base() -> docx.Document:
    document = docx.Document()
    package = document.part.package
    # python-docx's default template carries a Word thumbnail and Word 2010 leftovers
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.rels.pop(rel_id)
    document.part._styles_part._element = parse_xml(STYLES_XML)
    font_table = next(r.target_part for r in document.part.rels.values() if r.reltype == RT.FONT_TABLE)
    # a plain part (bytes), not parsed by python-docx
    font_table._blob = font_table.blob.replace(b"</w:fonts>", _font_table_entries().encode() + b"</w:fonts>")
    document.core_properties.title = ""
    document.core_properties.author = "政府信息公开年报助手"
    document.core_properties.language = "zh-CN"

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(FOOTER_MM)
    grid = section._sectPr.find(f"{{{W}}}docGrid")
    grid.set(f"{{{W}}}type", "lines")
    grid.set(f"{{{W}}}linePitch", str(LINE_TWIPS))
    document.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, odd=True)
    _page_number_footer(section.even_page_footer, odd=False)
    body = document.element.body
    for paragraph in list(body.iterchildren(f"{{{W}}}p")):
        body.remove(paragraph)
    return document


if __name__ == "__main__":
    build_base().save(BASE_DOCX)
    print(f"wrote {BASE_DOCX}", file=sys.stderr)
