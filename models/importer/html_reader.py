"""A web page (saved from a browser, or a Word/WPS 「另存为网页」 file with its mso markup) →
Document. Block elements make paragraphs, <br> makes a line break, tables are expanded from
rowspan/colspan; a table holding other tables (or a single column) is a layout frame whose
content is read as blocks of their own. Scripts, styles, forms and hidden elements are dropped.

Decoded by BOM, else by the declared charset (<meta charset>, http-equiv, <?xml encoding?>),
else utf-8, else gb18030. The size is checked (models.safety) before anything is read, and
lxml parses without network access or huge-tree support."""

from __future__ import annotations

import codecs
import re
from itertools import count
from pathlib import Path

from lxml import etree, html

from models.importer.document import Block, Document, Paragraph, TableBuilder
from models.importer.result import NotAReport
from models.safety import MAX_HTML_BYTES, UnsafeFile, check_paragraphs, check_size

MAX_DEPTH = 200
MAX_ELEMENTS = 100_000   # a report page has a few thousand; Word's 「另存为网页」 some ten thousand
_SKIP = {"script", "style", "noscript", "template", "head", "title", "select", "option", "button", "iframe",
         "object", "embed", "svg", "canvas", "map", "input", "textarea", "meta", "link", "xml", "frameset"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
          "article", "header", "footer", "main", "aside", "nav", "blockquote", "pre", "form", "center",
          "hr", "address", "figure", "figcaption", "td", "th", "tr", "caption", "body", "fieldset", "legend"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)"""
                      rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "x-euc-cn", "euc-cn", "csgb2312", "gb18030"}
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")


# The encodings real Chinese pages use (decoding each is linear in the page's size). A page that
# declares anything else is refused — some codecs (punycode, idna…) take minutes on one page —
# except the labels that mean "probably mislabelled" (Latin-1, ASCII), for which UTF-8 and
# GB18030 are tried as for a page that declares nothing.
_BIG5 = {"big5", "big5-hkscs", "big5hkscs", "cp950", "x-x-big5", "csbig5"}
_UTF8 = {"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"}
_MISLABELS = {"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252", "iso8859-1",
              "iso_8859-1", "l1", "x-user-defined"}


def decode(data: bytes, name: str = "网页") -> str:
    """The page's text: by its BOM (UTF-8, UTF-16), else by its declared charset when that is
    one real pages use (UTF-8, GB18030/GBK/GB2312, Big5), else UTF-8 or GB18030 as they fit.
    Raises UnsafeFile for any other declared encoding."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    candidates = []
    match = _CHARSET.search(data[:16384])
    if match:
        declared = (match.group(1) or match.group(2)).decode("ascii").lower()
        if declared in _GB:
            candidates.append("gb18030")
        elif declared in _BIG5:
            candidates.append("big5hkscs")
        elif declared in _UTF8:
            candidates.append("utf-8")
        elif declared not in _MISLABELS:
            raise UnsafeFile(f"“{name}”声明的字符编码“{declared[:40]}”不是网页常用的编码（UTF-8、GB18030/GBK/GB2312、"
                             f"Big5，或带 BOM 的 UTF-16），未读取。请在浏览器中另存为 UTF-8 网页或 .docx 后再导入。")
    for encoding in candidates + ["utf-8", "gb18030"]:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("gb18030", "replace")


def clean_lines(text: str) -> str:
    """Collapsed text → its non-empty lines, without the spaces that line-wrapped HTML puts
    between Chinese characters."""
    lines = (_SPACE_BY_CJK.sub("", line).strip(" \u3000") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _hidden(element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or element.get("hidden") is not None


def _span(value: str | None) -> int:
    try:
        return max(1, int(str(value).strip().rstrip(";")))
    except (TypeError, ValueError):
        return 1


class _Walker:
    def __init__(self, ids=None):
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.stack: list[int] = []
        self.ids = ids or count()

    def flush(self) -> None:
        text = clean_lines("".join(self.buffer))
        self.buffer = []
        if text:
            self.blocks.append(Paragraph(text, tuple(self.stack)))

    def text(self, value: str | None) -> None:
        if value:
            self.buffer.append(_SPACES.sub(" ", value))

    def walk(self, element, depth: int = 0) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if tag is None or depth > MAX_DEPTH or tag in _SKIP or _hidden(element):
            return
        if tag == "br":
            self.buffer.append("\n")
            return
        if tag == "table":
            self.flush()
            self.table(element, depth)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.stack.append(next(self.ids))
        self.text(element.text)
        for child in element:
            self.walk(child, depth + 1)
            self.text(child.tail)
        if block:
            self.flush()
        self.stack.pop()

    def table(self, table, depth: int) -> None:
        rows = _rows(table)
        frame = table.find(".//table") is not None or all(len(_cells(tr)) <= 1 for tr in rows)
        self.stack.append(next(self.ids))
        if frame:
            for tr in rows:
                for td in _cells(tr):
                    self.walk(td, depth + 1)
        else:
            builder = TableBuilder()
            for tr in rows:
                builder.new_row()
                for td in _cells(tr):
                    builder.add(self.cell_text(td, depth), _span(td.get("colspan")), _span(td.get("rowspan")))
                if builder.full:
                    break
            self.blocks.append(builder.build(tuple(self.stack)))
        self.stack.pop()

    def cell_text(self, td, depth: int) -> str:
        inner = _Walker(self.ids)
        inner.walk(td, depth + 1)
        return "\n".join(b.text for b in inner.blocks if isinstance(b, Paragraph))


def _rows(table) -> list:
    rows = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr" and not _hidden(child):
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows += [tr for tr in child if isinstance(tr.tag, str) and tr.tag.lower() == "tr" and not _hidden(tr)]
    return rows


def _cells(tr) -> list:
    return [td for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th") and not _hidden(td)]


def read_html(path: Path) -> Document:
    check_size(path, MAX_HTML_BYTES)
    data = path.read_bytes()
    head = data[:2048].lstrip()
    if head[:12].lower().startswith(b"mime-version") or b"multipart/related" in head.lower():
        raise NotAReport(f"“{path.name}”是 MHT 单文件网页，无法直接读取；请在浏览器或 Word 中另存为“网页（.html）”或 .docx 后再导入。")
    text = decode(data, path.name)
    parser = html.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False, remove_comments=True,
                             remove_pis=True, recover=True)
    try:
        root = html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise NotAReport(f"“{path.name}”不是可读取的网页（内容为空或无法解析）。") from None
    if sum(1 for _ in root.iter()) > MAX_ELEMENTS:
        raise UnsafeFile(f"“{path.name}”的网页元素超过 {MAX_ELEMENTS} 个，不像是一份年度报告，未读取。")
    check_paragraphs(sum(1 for _ in root.iter("p", "div", "li", "tr", "td", "th", "br", "h1", "h2", "h3", "h4",
                                               "h5", "h6")), path.name, "段落或单元格")
    title = " ".join((root.findtext(".//title") or "").split())
    body = root.find("body")
    walker = _Walker()
    walker.walk(body if body is not None else root)
    walker.flush()
    return Document(walker.blocks, title)
