"""WordprocessingML properties written in the order the ECMA-376 schema requires.

Word repairs, or silently drops, a property that comes out of order (`<w:ind>` before
`<w:spacing>`, `<w:keepNext>` after `<w:pStyle>`…); LibreOffice does not mind, so nothing on
Linux shows it. Every property element the export writes is therefore built here, from a name
and its attributes, and placed by the schema's own sequence — never by string concatenation in
the order the code happens to be written:

    props("pPr", jc={"val": "both"}, pStyle={"val": "Heading1"}, keepNext={})
    → '<w:pPr><w:pStyle w:val="Heading1"/><w:keepNext/><w:jc w:val="both"/></w:pPr>'

A child is an attribute dict (an empty element with those `w:` attributes), a string (the
child element already built, e.g. a nested `props(...)`), or None (left out). A name the
sequence does not know raises KeyError: a typo never writes an invalid file.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from models.bounds import clean_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# The sequences of ECMA-376 Part 1 (transitional), §17 — CT_PPrBase + CT_PPr, CT_RPr, CT_TblPr,
# CT_TcPr, CT_SectPr, CT_Style, CT_Settings, CT_Font, CT_DocDefaults. Only order matters here.
ORDER: dict[str, tuple[str, ...]] = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
            "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
              "tblLook", "tblCaption", "tblDescription"),
    "tblBorders": ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV"),
    "tblCellMar": ("top", "left", "start", "bottom", "right", "end"),
    # CT_TrPr is a choice, in any order; one fixed order keeps the output stable
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
             "tblHeader", "tblCellSpacing", "jc", "hidden"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"),
    "sectPr": ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings"),
    "style": ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
              "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid",
              "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"),
    "docDefaults": ("rPrDefault", "pPrDefault"),
    "font": ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig", "embedRegular",
             "embedBold", "embedItalic", "embedBoldItalic"),
    "settings": ("writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                 "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                 "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
                 "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
                 "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
                 "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
                 "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
                 "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
                 "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
                 "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
                 "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
                 "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
                 "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
                 "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
                 "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData",
                 "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
                 "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema",
                 "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
                 "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
                 "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
                 "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                 "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                 "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"),
}
_RANK = {kind: {name: i for i, name in enumerate(names)} for kind, names in ORDER.items()}


def element(name: str, attrs: Mapping[str, object] | None = None, content: str = "") -> str:
    """`<w:name w:a="v"…/>`, or with `content` inside. Attribute values are escaped."""
    attributes = "".join(f" {a if ':' in a else 'w:' + a}={quoteattr(str(v))}" for a, v in (attrs or {}).items())
    return f"<w:{name}{attributes}>{content}</w:{name}>" if content else f"<w:{name}{attributes}/>"


def ordered(kind: str, **children: Mapping[str, object] | str | None) -> str:
    """The children of a `<w:kind>` element, in schema order, as XML text."""
    rank = _RANK[kind]
    unknown = [name for name in children if name not in rank]
    if unknown:
        raise KeyError(f"<w:{kind}> has no child {unknown} in ECMA-376")
    inner = []
    for name in sorted(children, key=rank.__getitem__):
        child = children[name]
        if child is None:
            continue
        if isinstance(child, str):
            if not child.startswith(f"<w:{name}"):
                raise ValueError(f"child {name!r} of <w:{kind}> is {child[:40]!r}")
            inner.append(child)
        else:
            inner.append(element(name, child))
    return "".join(inner)


def props(kind: str, **children: Mapping[str, object] | str | None) -> str:
    """The `<w:kind>` element with its children in schema order ("" when none is given)."""
    inner = ordered(kind, **children)
    return f"<w:{kind}>{inner}</w:{kind}>" if inner else ""


@cache
def fonts(east_asia: str, latin: str, hint: bool = False) -> str:
    """`<w:rFonts>` naming the East Asian font as well as the Latin one (python-docx's `font.name`
    sets only ascii/hAnsi, and Chinese text then falls back to the theme's font). `hint` tells
    Word and WPS that characters both scripts share (“ ” ‘ ’ — …) are Chinese, so they print
    full-width in the Chinese font."""
    attrs = {"ascii": latin, "hAnsi": latin, "eastAsia": east_asia, "cs": latin}
    if hint:
        attrs["hint"] = "eastAsia"
    return element("rFonts", attrs)


# Characters Chinese and Latin text share, which Word and WPS set in the Latin font (half-width)
# unless the run says it is East Asian: quotes, dashes, ellipsis, middle dot.
_SHARED_PUNCTUATION = frozenset("‘’“”—–…·")


def needs_east_asian_hint(text: str) -> bool:
    return not _SHARED_PUNCTUATION.isdisjoint(text)


# --- the one door through which text enters the XML ------------------------------------------


def printable(text: str) -> str:
    """`text` without what cannot be printed (models.bounds.clean_text: Word's soft line break
    U+000B and a form feed become line breaks; other control characters, lone surrogates,
    invisible format characters go). The readers refuse such text, but the export must not
    fail on what reached it another way (an old data file, a damaged database): lxml and Word
    refuse a control character in XML, and a lone surrogate cannot even be encoded."""
    return clean_text(text)[0]


def xml_text(text: str) -> str:
    """Printable text escaped for XML content."""
    return escape(printable(text))


def text_xml(text: str) -> str:
    """The `<w:t>` elements of a run's text, each line break a `<w:br/>`."""
    return "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in printable(text).split("\n"))
