"""The base document of the printed report (`templates/base.docx`): GB/T 9704 page and grid,
zh-CN styles with the East Asian fonts named on every style, page numbers 「— 1 —」.

Every part of the package is written here — nothing comes from python-docx's default template
(its Mac Word properties, 2013 dates, ja-JP theme fonts, numbering and web settings) — and
every property through `models.export.ooxml`, which puts it in schema order.
`templates/base.docx` is built by this module (`uv run python -m models.export.base`) and
committed; a test checks the committed file still holds exactly what this module builds.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from models.export.ooxml import W, element, fonts, ordered, props
from models.export.package import write_zip

from models.paths import shipped

BASE_DOCX = shipped("templates", "base.docx")

# GB/T 9704—2012 §5: A4, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 156, 225
TWIPS_PER_MM = 1440 / 25.4
# §5.2.3: 22 lines of 28 characters. 22 × 579 twips = 224.7 mm fits the 225 mm 版心 (580 did
# not: 22 lines came to 225.1 mm and LibreOffice set 21). 28 characters of 3号 (16 pt) need
# 28 × 16 pt = 448 pt on a 442.2 pt line, so body text is condensed by 0.25 pt a character:
# 28 × 15.75 pt = 441 pt fits and 29 do not. A character grid (docGrid linesAndChars with
# charSpace −849, Word's usual setting) would do the same in Word and WPS, but LibreOffice
# gives each 16 pt character two 15.8 pt cells of such a grid: 14 characters a line.
LINE_TWIPS = 579
TITLE_LINE_TWIPS = 700      # 2号 title lines, exactly 35 pt apart
AIR_AFTER_TABLE_TWIPS = 240  # before a heading that follows a table (not an empty line: LibreOffice's page breaks)
CONDENSE_TWENTIETHS = -5    # −0.25 pt per character (w:spacing in twentieths of a point)
# The page number's 一字线 sits 7 mm below the 版心 (§7.5): the footer distance that puts it
# there, measured on the rendered page (tests/test_print_layout.py).
FOOTER_MM = 25.25
HEADER_MM = 15

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
CHAR_TWIPS = SIZE_BODY * 10          # one 3号 character, the unit of 左空二字 and 右空四字

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def run_props(east_asia: str, size: int, latin: str = FONT_LATIN, *, bold: bool = False,
              condensed: bool = False) -> str:
    return props("rPr", rFonts=fonts(east_asia, latin), b={} if bold else None, color={"val": "000000"},
                 spacing={"val": CONDENSE_TWENTIETHS if condensed else 0}, sz={"val": size}, szCs={"val": size})


# paragraph properties shared by the styles
INDENT_2 = {"firstLineChars": 200, "firstLine": 2 * CHAR_TWIPS}       # 左空二字
NO_INDENT = {"firstLineChars": 0, "firstLine": 0}
EXACT = {"before": 0, "after": 0, "line": LINE_TWIPS, "lineRule": "exact"}
SINGLE = {"before": 0, "after": 0, "line": 240, "lineRule": "auto"}
# tables and page furniture: single spacing, not snapped to the body's line grid
OFF_GRID = {"snapToGrid": {"val": 0}, "spacing": SINGLE, "ind": NO_INDENT}


def _style(kind: str, style_id: str, name: str, *, based_on: str | None = "Normal", ppr: dict | None = None,
           rpr: str = "", outline: int | None = None, default: bool = False, extra: dict | None = None) -> str:
    attrs = {"w:type": kind}
    if default:
        attrs["w:default"] = 1
    if style_id.startswith("GK"):
        attrs["w:customStyle"] = 1      # the others are Word's built-in styles
    attrs["w:styleId"] = style_id
    paragraph = kind == "paragraph"
    ppr = dict(ppr or {})
    if outline is not None:
        ppr["outlineLvl"] = {"val": outline}
    children = ordered("style", name={"val": name}, basedOn={"val": based_on} if based_on else None,
                       next={"val": "Normal"} if paragraph and not default else None,
                       qFormat={} if paragraph else None, pPr=props("pPr", **ppr) or None, rPr=rpr or None,
                       **(extra or {}))
    return element("style", attrs, children)


_LANG = {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"}


def styles_xml() -> str:
    body_rpr = run_props(FONT_BODY, SIZE_BODY, condensed=True)
    table = {"ppr": {**OFF_GRID, "jc": {"val": "center"}}, "rpr": run_props(FONT_BODY, SIZE_TABLE)}
    defaults = props("docDefaults",
                     rPrDefault=element("rPrDefault", content=props(
                         "rPr", rFonts=fonts(FONT_BODY, FONT_LATIN), kern={"val": 2}, sz={"val": SIZE_BODY},
                         szCs={"val": SIZE_BODY}, lang=_LANG)),
                     pPrDefault=element("pPrDefault", content=props(
                         "pPr", widowControl={"val": 0}, spacing=EXACT, jc={"val": "both"})))
    styles = [
        defaults,
        # overflowPunct: stated as Word's default (punctuation may overflow the line), because
        # LibreOffice 7 reads the value inverted and, left to hang, drops a line-final 「。」 or 「；」
        # from the PDF altogether; stated "1" it breaks the line before them instead (measured).
        _style("paragraph", "Normal", "Normal", based_on=None, default=True,
               ppr={"overflowPunct": {"val": 1}, "spacing": EXACT, "ind": INDENT_2, "jc": {"val": "both"}},
               rpr=body_rpr),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", based_on=None, default=True,
               extra={"uiPriority": {"val": 1}, "semiHidden": {}}),
        _style("table", "TableNormal", "Normal Table", based_on=None, default=True,
               extra={"semiHidden": {}, "tblPr": props(
                   "tblPr", tblInd={"w": 0, "type": "dxa"}, tblCellMar=props(
                       "tblCellMar", top={"w": 0, "type": "dxa"}, left={"w": 57, "type": "dxa"},
                       bottom={"w": 0, "type": "dxa"}, right={"w": 57, "type": "dxa"}))}),
        _style("numbering", "NoList", "No List", based_on=None, default=True, extra={"semiHidden": {}}),
        # the title's lines exactly 35 pt apart, off the body's line grid: Word and WPS let exact
        # spacing override the grid, LibreOffice gave each 2号 line two grid lines (58 pt) instead
        _style("paragraph", "Title", "Title",
               ppr={"snapToGrid": {"val": 0},
                    "spacing": {"before": 0, "after": LINE_TWIPS, "line": TITLE_LINE_TWIPS, "lineRule": "exact"},
                    "ind": NO_INDENT, "jc": {"val": "center"}},
               rpr=run_props(FONT_TITLE, SIZE_TITLE)),
        _style("paragraph", "Heading1", "heading 1", ppr={"keepNext": {}}, outline=0,
               rpr=run_props(FONT_HEADING1, SIZE_BODY, condensed=True)),
        _style("paragraph", "Heading2", "heading 2", ppr={"keepNext": {}}, outline=1,
               rpr=run_props(FONT_HEADING2, SIZE_BODY, condensed=True)),
        _style("paragraph", "GKTableText", "GK Table Text", **table),
        _style("paragraph", "GKTableLabel", "GK Table Label", based_on="GKTableText",
               ppr={**table["ppr"], "jc": {"val": "left"}}, rpr=table["rpr"]),
        _style("paragraph", "GKTableNote", "GK Table Note", based_on="GKTableText",
               ppr={**table["ppr"], "jc": {"val": "left"}}, rpr=run_props(FONT_BODY, SIZE_TABLE_SMALL)),
        _style("paragraph", "GKSignature", "GK Signature", ppr={"ind": NO_INDENT, "jc": {"val": "right"}},
               rpr=body_rpr),
        _style("paragraph", "GKDraftMark", "GK Draft Mark", based_on=None,
               ppr={**OFF_GRID, "jc": {"val": "center"}}, rpr=run_props(FONT_HEADING1, SIZE_PAGE_NUMBER, bold=True)),
        _style("paragraph", "Footer", "footer", based_on=None, ppr=OFF_GRID,
               rpr=run_props(FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER, latin=FONT_PAGE_NUMBER)),
        _style("paragraph", "Header", "header", based_on=None, ppr={**OFF_GRID, "jc": {"val": "center"}},
               rpr=run_props(FONT_BODY, SIZE_TABLE)),
    ]
    return f'<w:styles xmlns:w="{W}">{"".join(styles)}</w:styles>'


def font_table_xml() -> str:
    entries = [element("font", {"w:name": name}, ordered(
        "font", altName={"val": alt}, charset={"val": "86"}, family={"val": "modern"}, pitch={"val": "fixed"}))
        for name, alt in FALLBACKS.items()]
    entries.append(element("font", {"w:name": FONT_LATIN}, ordered(
        "font", charset={"val": "00"}, family={"val": "roman"}, pitch={"val": "variable"})))
    return f'<w:fonts xmlns:w="{W}">{"".join(entries)}</w:fonts>'


def settings_xml() -> str:
    children = ordered(
        "settings", zoom={"percent": 100}, defaultTabStop={"val": 420}, evenAndOddHeaders={},
        # full-width punctuation keeps its full width, as in the 28-character count
        characterSpacingControl={"val": "doNotCompress"},
        compat=element("compat", content=element("compatSetting", {
            "name": "compatibilityMode", "uri": "http://schemas.microsoft.com/office/word", "val": 15})),
        themeFontLang={"val": "en-US", "eastAsia": "zh-CN"},
        decimalSymbol={"val": "."}, listSeparator={"val": ","})
    return f'<w:settings xmlns:w="{W}">{children}</w:settings>'


def page_number_paragraph(odd: bool) -> str:
    """「— 7 —」: 4号宋体, odd pages right and even pages left, one character (4号) in from the edge."""
    side = "right" if odd else "left"
    dash = element("rPr", content=element("rFonts", {"hint": "eastAsia"}))   # 一字线, full width

    def text(t: str, rpr: str = "") -> str:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r>'

    def field(kind: str) -> str:
        return f'<w:r>{element("fldChar", {"fldCharType": kind})}</w:r>'
    ppr = props("pPr", pStyle={"val": "Footer"}, ind={side: SIZE_PAGE_NUMBER * 10}, jc={"val": side})
    return (f"<w:p>{ppr}{text('— ', dash)}{field('begin')}"
            f'<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f"{field('separate')}{text('1')}{field('end')}{text(' —', dash)}</w:p>")


def header_footer_xml(tag: str, paragraph: str) -> str:
    return f'<w:{tag} xmlns:w="{W}" xmlns:r="{R}">{paragraph}</w:{tag}>'


def section_properties() -> str:
    # header and footer references come first, in any order among themselves
    references = "".join(element(kind, {"w:type": which, "r:id": rid}) for kind, which, rid in (
        ("headerReference", "default", "rIdHeaderOdd"), ("headerReference", "even", "rIdHeaderEven"),
        ("footerReference", "default", "rIdFooterOdd"), ("footerReference", "even", "rIdFooterEven")))
    rest = ordered("sectPr",
                   pgSz={"w": twips(PAGE_MM[0]), "h": twips(PAGE_MM[1])},
                   pgMar={"top": twips(MARGINS_MM["top"]), "right": twips(MARGINS_MM["right"]),
                          "bottom": twips(MARGINS_MM["bottom"]), "left": twips(MARGINS_MM["left"]),
                          "header": twips(HEADER_MM), "footer": twips(FOOTER_MM), "gutter": 0},
                   cols={"space": 425},
                   docGrid={"type": "lines", "linePitch": LINE_TWIPS})
    return f"<w:sectPr>{references}{rest}</w:sectPr>"


def document_xml() -> str:
    return f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{section_properties()}</w:body></w:document>'


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def theme_xml() -> str:
    """A theme of our own (Word expects one): black and white, and theme fonts that are the
    report's — never python-docx's MS Mincho / ja-JP ones. Every run names its fonts anyway."""
    colours = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "000000", "lt2": "FFFFFF", "accent1": "000000",
               "accent2": "000000", "accent3": "000000", "accent4": "000000", "accent5": "000000",
               "accent6": "000000", "hlink": "0000FF", "folHlink": "800080"}
    scheme = "".join(f'<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>' for name, rgb in colours.items())

    def font(east_asia: str) -> str:
        return f'<a:latin typeface="{FONT_LATIN}"/><a:ea typeface="{east_asia}"/><a:cs typeface=""/>'
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{fill}</a:ln>'
    return (f'<a:theme xmlns:a="{_A}" name="GK"><a:themeElements>'
            f'<a:clrScheme name="GK">{scheme}</a:clrScheme>'
            f'<a:fontScheme name="GK"><a:majorFont>{font(FONT_HEADING1)}</a:majorFont>'
            f'<a:minorFont>{font(FONT_BODY)}</a:minorFont></a:fontScheme>'
            f'<a:fmtScheme name="GK"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
            f'<a:lnStyleLst>{line * 3}</a:lnStyleLst>'
            f'<a:effectStyleLst>{"<a:effectStyle><a:effectLst/></a:effectStyle>" * 3}</a:effectStyleLst>'
            f'<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>'
            f'</a:themeElements></a:theme>')


_CORE_NS = ('xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')


def core_xml(title: str | None = None, author: str | None = None, when: datetime | None = None) -> str:
    """The core properties: zh-CN, and for a written document its title, its author (also the
    last to modify it), revision 1, created and modified `when` (UTC). Word's limit for a
    property is 255 characters. `title` and `author` are printable text (the caller's door)."""
    items = []
    if title is not None:
        items.append(f"<dc:title>{escape(title[:255])}</dc:title>")
    if author is not None:
        author = escape(author[:255])
        items.append(f"<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>")
    if when is not None:
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        items.append(f'<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}'
                     f'</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>')
    return f'<cp:coreProperties {_CORE_NS}>{"".join(items)}<dc:language>zh-CN</dc:language></cp:coreProperties>'


_APP = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Application>政府信息公开年报助手</Application></Properties>')
# part name → (content type, relationship type from word/document.xml, relationship id)
_WORD_PARTS = {
    "word/styles.xml": (f"{_MAIN}.styles+xml", f"{_REL}/styles", "rIdStyles"),
    "word/settings.xml": (f"{_MAIN}.settings+xml", f"{_REL}/settings", "rIdSettings"),
    "word/fontTable.xml": (f"{_MAIN}.fontTable+xml", f"{_REL}/fontTable", "rIdFonts"),
    "word/theme/theme1.xml": ("application/vnd.openxmlformats-officedocument.theme+xml", f"{_REL}/theme",
                              "rIdTheme"),
    "word/header1.xml": (f"{_MAIN}.header+xml", f"{_REL}/header", "rIdHeaderOdd"),
    "word/header2.xml": (f"{_MAIN}.header+xml", f"{_REL}/header", "rIdHeaderEven"),
    "word/footer1.xml": (f"{_MAIN}.footer+xml", f"{_REL}/footer", "rIdFooterOdd"),
    "word/footer2.xml": (f"{_MAIN}.footer+xml", f"{_REL}/footer", "rIdFooterEven"),
}


def _relationships(rels: list[tuple[str, str, str]]) -> str:
    items = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in rels)
    return f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'


def base_parts() -> dict[str, str]:
    """Every part of templates/base.docx, by name."""
    header = f'<w:p>{props("pPr", pStyle={"val": "Header"})}</w:p>'
    parts = {
        "word/document.xml": document_xml(),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(),
        "word/theme/theme1.xml": theme_xml(),
        "word/header1.xml": header_footer_xml("hdr", header),
        "word/header2.xml": header_footer_xml("hdr", header),
        "word/footer1.xml": header_footer_xml("ftr", page_number_paragraph(odd=True)),
        "word/footer2.xml": header_footer_xml("ftr", page_number_paragraph(odd=False)),
        "docProps/core.xml": core_xml(),
        "docProps/app.xml": _APP,
    }
    overrides = {"word/document.xml": f"{_MAIN}.document.main+xml",
                 "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
                 "docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
                 **{name: spec[0] for name, spec in _WORD_PARTS.items()}}
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in overrides.items())
        + "</Types>")
    parts["_rels/.rels"] = _relationships([
        ("rIdDocument", f"{_REL}/officeDocument", "word/document.xml"),
        ("rIdCore", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
         "docProps/core.xml"),
        ("rIdApp", f"{_REL}/extended-properties", "docProps/app.xml")])
    parts["word/_rels/document.xml.rels"] = _relationships(
        [(rid, kind, name.removeprefix("word/")) for name, (_, kind, rid) in _WORD_PARTS.items()])
    return {name: XML_DECLARATION + xml for name, xml in parts.items()}


def write_base(path: Path = BASE_DOCX) -> None:
    parts = base_parts()
    write_zip(path, {name: parts[name].encode("utf-8") for name in sorted(parts)})


if __name__ == "__main__":
    write_base()
    print(f"wrote {BASE_DOCX}", file=sys.stderr)
