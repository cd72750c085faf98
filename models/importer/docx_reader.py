"""A .docx (Word or WPS) → Document, straight from word/document.xml with lxml: paragraphs
and tables in body order, merged cells expanded from w:gridSpan / w:vMerge (and the old
w:hMerge), w:gridBefore respected. A table holding other tables is a layout frame: its content
is read as blocks of their own.

The file is checked by models.safety first (not a zip, a zip bomb, too big); the XML is read
with a size cap, refused if it declares a DTD or entities, and parsed without entity
resolution, network access or huge-tree support."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

from models.importer.document import Block, Document, Paragraph, Table, TableBuilder
from models.safety import MAX_UNPACKED_BYTES, UnsafeFile, check_paragraphs, check_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
DOCUMENT_XML = "word/document.xml"
MAX_XML_BYTES = 20 * 1024 * 1024   # a report's document.xml is well under 1 MB
MAX_ELEMENTS = 1_000_000
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins", W + "moveTo"}
_SKIP = {W + "del", W + "moveFrom", MC_FALLBACK, W + "instrText", W + "delText"}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


def _member(archive: zipfile.ZipFile, name: str, path: Path, limit: int = MAX_XML_BYTES) -> bytes:
    """A member's bytes, read in chunks so that a lying size in the zip cannot blow memory."""
    chunks, size = [], 0
    with archive.open(name) as stream:
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            if size > limit or size > MAX_UNPACKED_BYTES:
                raise UnsafeFile(f"“{path.name}”中的 {name} 解压后过大，未读取。")
            chunks.append(chunk)
    return b"".join(chunks)


def _xml(data: bytes, path: Path, name: str) -> etree._Element:
    head = data.decode("utf-16", "replace") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data
    markers = ("<!DOCTYPE", "<!ENTITY") if isinstance(head, str) else (b"<!DOCTYPE", b"<!ENTITY")
    if any(m in head for m in markers):
        raise UnsafeFile(f"“{path.name}”的 {name} 含有 DTD/实体声明（Word 和 WPS 从不写这些，可能是恶意构造的文件），未读取。")
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeFile(f"“{path.name}”已损坏：{name} 不是有效的 XML（{exc.msg}）。") from None


def read_docx(path: Path) -> Document:
    check_zip(path, "Word", DOCUMENT_XML)
    try:
        with zipfile.ZipFile(path) as archive:
            root = _xml(_member(archive, DOCUMENT_XML, path), path, DOCUMENT_XML)
            title = ""
            if "docProps/core.xml" in archive.namelist():
                try:
                    core = _xml(_member(archive, "docProps/core.xml", path, 1 << 20), path, "docProps/core.xml")
                    title = "".join(core.findtext(DC_TITLE) or "").strip()
                except UnsafeFile:
                    title = ""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError,
            NotImplementedError) as exc:
        if isinstance(exc, UnsafeFile):
            raise
        raise UnsafeFile(f"“{path.name}”已损坏，无法解压（{exc}）。") from None
    body = root.find(W + "body")
    if sum(1 for _ in root.iter()) > MAX_ELEMENTS:
        raise UnsafeFile(f"“{path.name}”的正文元素超过 {MAX_ELEMENTS} 个，不像是一份年度报告，未读取。")
    if body is None:
        raise UnsafeFile(f"“{path.name}”不是有效的 Word 文档（没有正文）。")
    check_paragraphs(sum(1 for _ in body.iter(W + "p")), path.name)
    blocks: list[Block] = []
    simple = root.find(f".//{MC_FALLBACK}") is None and root.find(f".//{W}moveFrom") is None
    _blocks(body, blocks, simple)
    return Document(blocks, title)


def _children(element) -> list:
    """Child elements, looking through content controls and similar wrappers."""
    out = []
    for child in element:
        if child.tag in _WRAPPERS:
            out += _children(child)
        elif isinstance(child.tag, str):
            out.append(child)
    return out


def _blocks(container, out: list[Block], simple: bool, depth: int = 0) -> None:
    if depth > 20:
        return
    for child in _children(container):
        if child.tag == W + "p":
            out.append(Paragraph(_paragraph_text(child, simple)))
        elif child.tag == W + "tbl":
            if child.find(f".//{W}tc//{W}tbl") is not None:   # a frame around other tables
                for tc in child.iter(W + "tc"):
                    if tc.getparent() is not None and _owner_table(tc) is child:
                        _blocks(tc, out, simple, depth + 1)
            else:
                out.append(_table(child, simple))


def _owner_table(tc):
    node = tc.getparent()
    while node is not None and node.tag != W + "tbl":
        node = node.getparent()
    return node


_TEXT_TAGS = (W + "t", W + "br", W + "cr", W + "tab", W + "noBreakHyphen", W + "p")
_TEXT_OF = {W + "br": "\n", W + "cr": "\n", W + "tab": "\t", W + "noBreakHyphen": "-", W + "p": "\n"}


def _paragraph_text(p, simple: bool) -> str:
    """The paragraph's text; `simple` when the document has nothing to skip (no moved-from text,
    no mc:Fallback copies) — then a plain walk over the text elements does."""
    if not simple:
        parts: list[str] = []
        _runs(p, parts)
        return "".join(parts)
    return "".join((el.text or "") if el.tag == W + "t" else _TEXT_OF[el.tag]
                   for el in p.iter(*_TEXT_TAGS) if el is not p)


def _runs(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "p":            # a text box's paragraph inside this one
            parts.append("\n")
            _runs(child, parts)
        else:
            _runs(child, parts)


def _props(element, name: str) -> dict[str, str]:
    """The w:val of each child of `element`'s property element (w:tcPr, w:trPr), by tag."""
    pr = element.find(W + name)
    return {} if pr is None else {child.tag: child.get(W + "val", "") for child in pr}


def _int(value: str | None, default: int = 1) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _cell_text(tc, simple: bool) -> str:
    lines = [_paragraph_text(p, simple) for p in _children(tc) if p.tag == W + "p"]
    return "\n".join(lines)


def _table(tbl, simple: bool) -> Table:
    builder = TableBuilder()
    for tr in _children(tbl):
        if tr.tag != W + "tr":
            continue
        builder.new_row()
        builder.skip(_int(_props(tr, "trPr").get(W + "gridBefore"), 0))
        for tc in _children(tr):
            if tc.tag != W + "tc":
                continue
            props = _props(tc, "tcPr")
            span = _int(props.get(W + "gridSpan"))
            v_merge, h_merge = props.get(W + "vMerge"), props.get(W + "hMerge")
            text = _cell_text(tc, simple)
            if h_merge is not None and h_merge != "restart" and builder.cells and builder.col > 0:
                left = builder.cells[-1]
                if left.row == builder.row:
                    left.colspan += span
                    builder.skip(span)
                    continue
            if v_merge is not None and v_merge != "restart":
                builder.merge_up(text, span)
            else:
                builder.add(text, span)
        if builder.full:
            break
    return builder.build()
