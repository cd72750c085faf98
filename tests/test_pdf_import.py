"""PDF import: the real 淮安 2024 PDF cell for cell against its transcription; our own export of
every real sample printed to PDF by LibreOffice; a government web page printed to PDF with its
table borders and without any (the tables then found from the text's positions); a two-column
page under a site banner; pages turned on their side; old Word files through LibreOffice; and
hostile files (a PDF bomb, 10 000 pages, deeply nested objects) refused in bounded time and
memory, a scan refused with its reason. Every PDF but the real one is made here at run time;
LibreOffice runs once for all the printed ones."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
import textwrap
import zlib
from datetime import date
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

import main
from models.datafile import read_report
from models.export.html import report_html
from models.importer import NotAReport, UnsafeFile, import_document
from models.importer.pdf_page import read_page
from models.importer.pdf_reader import SCANNED
from models.importer.pdf_tables import ruled_tables
from models.importer.pdf_text import make_lines
from models.report import Report, Unit
from models.safety import Deadline
from models.export.pdf import find_soffice
from models.importer.convert import converted
from tests.factory import SHARED, need_shared, sample, sample_names
from tests.test_importer import assert_same_report, export_docx, gov_page, printed_cells, printed_texts, squash

ROOT = Path(__file__).resolve().parents[1]
HUAIAN = SHARED / "samples" / "real" / "huaian-city-2024" / "淮安市人民政府2024年政府信息公开工作年度报告.pdf"
WEB = ["pingtan-2023", "pingtan-2019"]   # the 2021 and the 2019 layout
BANNER = "平潭综合实验区管委会门户网站 www.pingtan.gov.cn"
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed here; CI installs it")


# --- the real PDF ----------------------------------------------------------------------------


def test_the_real_huaian_2024_pdf_reads_every_cell_as_transcribed():
    expected = read_report(need_shared(SHARED / "samples" / "reports" / "huaian-city-2024.json"))[0]
    result = import_document(need_shared(HUAIAN))
    got = result.report
    assert result.gaps == []
    assert got.cells == expected.cells                      # all 200, 表二 and 表三 joined over their page breaks
    assert (got.year, got.format, got.unit.name, got.unit.kind, got.unit.level) == \
        (2024, "2021", "淮安市人民政府", "gov", "city")  # the transcription adds a note to the name
    for key in ("s1", "s2", "s3", "s4", "s5", "s6"):
        assert squash(got.text[key]) == squash(expected.text.get(key)), key
    title = "淮安市人民政府2024年政府信息公开工作年度报告"
    assert squash(expected.text["preamble"]).startswith(title)   # the transcription keeps the title there
    assert squash(got.text["preamble"]) == squash(expected.text["preamble"])[len(title):]
    assert "2024年" in got.text["s1"] and "2024 年" not in got.text["s1"]   # tidied (models.tidy)
    assert all(not re.search(r"[-—]\s*\d\s*[-—]", text) for text in got.text.values())   # no 「-3-」 page numbers
    # no dated 落款 in this PDF: the date it was made, said so
    assert got.published == date(2025, 2, 25)
    assert any("PDF 文件的生成日期 2025年2月25日" in note for note in result.notes)


def test_the_real_pdf_turned_on_its_side_reads_the_same(tmp_path):
    """Every page drawn turned a quarter turn on a landscape page (inside a form XObject)."""
    source = pdfium.PdfDocument(str(need_shared(HUAIAN)))
    turned = pdfium.PdfDocument.new()
    for i in range(len(source)):
        width, height = source.get_page_size(i)
        xobject = source.page_as_xobject(i, turned)
        placed = xobject.as_pageobject()
        placed.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0))
        page = turned.new_page(height, width)
        page.insert_obj(placed)
        page.gen_content()
    turned.save(str(tmp_path / "turned.pdf"))
    result = import_document(tmp_path / "turned.pdf")
    expected = read_report(SHARED / "samples" / "reports" / "huaian-city-2024.json")[0]
    assert result.gaps == [] and result.report.cells == expected.cells
    assert squash(result.report.text["s5"]) == squash(expected.text["s5"])


def test_cli_imports_a_pdf(tmp_path, capsys):
    out = tmp_path / "淮安.json"
    assert main.main(["import", str(need_shared(HUAIAN)), "--out", str(out)]) == 0
    assert read_report(out)[0].cells["t2.xzcf.count"] == 3985758
    assert "读取 200 个单元格中的 200 个" in capsys.readouterr().out


# --- printed by LibreOffice --------------------------------------------------------------------


def borderless(page: str) -> str:
    """The same page with every table border taken away: nothing but text positions."""
    return page.replace('border="1"', 'border="0"').replace("border-style: solid; border-color: #000000;", "")


LONG_UNIT = "江苏省宿迁市沭阳县发展和改革局（县粮食和物资储备局、县价格监督检查局）"   # 35: wraps in a 落款


def long_named(name: str) -> Report:
    return dataclasses.replace(sample(name), unit=Unit(LONG_UNIT, "dept", "county"))


def chinese_date(day: date) -> str:
    """「二〇二四年一月十七日」, as older 公文 date them."""
    digits = "〇一二三四五六七八九"

    def small(n: int) -> str:
        return digits[n] if n < 10 else ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")
    return "".join(digits[int(c)] for c in str(day.year)) + f"年{small(day.month)}月{small(day.day)}日"


def centred_signature_docx(path: Path) -> Path:
    """Our export of 沭阳 2023 under a long unit name, with its 落款 centred in the right half
    of the page (left indent 8 cm) and dated in Chinese numerals: the name takes two lines."""
    report = long_named("shuyang-fgj-2023")
    export_docx(report, path)
    document = docx.Document(str(path))
    name, day = [p for p in document.paragraphs if p.style.name == "GK Signature"]
    for paragraph in (name, day):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.left_indent = Cm(8)
        paragraph.paragraph_format.right_indent = Cm(0)
    for run in day.runs[1:]:
        run.text = ""
    day.runs[0].text = chinese_date(report.published)
    document.save(str(path))
    return path


def two_column_docx(path: Path, report: Report, big_title: bool = False) -> Path:
    """A report's text set in two columns under a site banner, with 「第 N 页」 in the footer;
    the title at the body's size (or larger and bold), and with `big_title` a 落款 at the end."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = BANNER
    footer = section.footer.paragraphs[0]
    footer.text = "第 "
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        else:
            field = run._r.makeelement(qn("w:instrText"), {})
            field.text = text
        run._r.append(field)
    footer.add_run(" 页")
    cols = section._sectPr.makeelement(qn("w:cols"), {qn("w:num"): "2", qn("w:space"): "720"})
    section._sectPr.append(cols)
    title = document.add_paragraph().add_run(f"{report.unit.name}{report.year}年政府信息公开工作年度报告")
    if big_title:
        title.bold, title.font.size = True, Pt(15)
    headings = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    for heading, key in zip(headings, ("s1", "s2", "s3", "s4", "s5", "s6")):
        document.add_paragraph(heading)
        for line in (report.text.get(key) or "无。").split("\n"):
            document.add_paragraph(line).paragraph_format.first_line_indent = Pt(21)
    if big_title:
        document.add_paragraph()
        for line in (report.unit.name, f"{report.published.year}年{report.published.month}月{report.published.day}日"):
            document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(path))
    return path


def narrow(page: str, valign: str) -> str:
    """A borderless page whose tables take only part of the width: labels wrap over several
    lines, the tables run over page breaks, cells aligned to `valign`."""
    return borderless(page).replace('width="100%"', 'width="58%"').replace('valign="middle"', f'valign="{valign}"')


NARROW = {"huaian-city-2024": "top", "pingtan-2022": "middle"}   # 2021 layout, both


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every sample's export (.docx), three as a government web page with and without borders,
    narrow borderless pages, a 落款 set otherwise and two two-column pages — all printed to PDF
    in one run of LibreOffice."""
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed here; CI installs it")
    need_shared(SHARED / "samples" / "reports")
    work = tmp_path_factory.mktemp("printed")
    sources: dict[tuple[str, str], Path] = {}
    for name in sample_names():
        sources[("docx", name)] = export_docx(sample(name), work / f"{name}.docx")
    for name in WEB + list(NARROW):
        report = sample(name)
        page = gov_page(report_html(report), f"{report.unit.name}{report.year}年政府信息公开工作年度报告")
        for kind, text in (("web", page), ("borderless", borderless(page)), ("narrow", narrow(page, NARROW.get(name)))):
            if (kind == "narrow") == (name in NARROW):
                sources[(kind, name)] = work / f"{kind}-{name}.html"
                sources[(kind, name)].write_text(text, encoding="utf-8")
    sources[("signed", "shuyang-fgj-2023")] = export_docx(long_named("shuyang-fgj-2023"), work / "signed.docx")
    sources[("centred", "shuyang-fgj-2023")] = centred_signature_docx(work / "centred.docx")
    sources[("columns", "pingtan-2023")] = two_column_docx(work / "columns.docx", sample("pingtan-2023"))
    sources[("columns", "shuyang-fgj-2023")] = two_column_docx(work / "columns-long.docx",
                                                               long_named("shuyang-fgj-2023"), big_title=True)
    keys = list(sources)
    with converted([sources[k] for k in keys], "pdf", timeout=300) as pdfs:
        out = {}
        for key, pdf in zip(keys, pdfs):
            out[key] = work / f"{key[0]}-{key[1]}.pdf"
            shutil.copyfile(pdf, out[key])
    return out


def same_text(got: str | None, expected: str | None) -> bool:
    """Equal but for whitespace and the punctuation LibreOffice leaves out of its PDF where it
    falls at the end of a line (seen with 沭阳 2023, 平潭 2020 and 2024: 「，」「、」「。」 not drawn)."""
    def bare(text: str | None) -> str:
        return re.sub(r"[，、。]", "", squash(text))
    return bare(got) == bare(expected)


def page_lines(path: Path) -> list[list[str]]:
    """The text lines of each page, as the reader sees them."""
    document = pdfium.PdfDocument(str(path))
    return [[line.text for line in make_lines(read_page(document.raw, i, Deadline("t")).glyphs)]
            for i in range(len(document))]


@pytest.mark.parametrize("name", sample_names() or ["(none)"])
def test_our_export_of_every_sample_printed_to_pdf_reads_back_cell_for_cell(name, printed):
    report = sample(name)
    result = import_document(printed[("docx", name)])
    got = result.report
    assert result.gaps == []
    assert (got.format, got.year, got.unit.name) == (report.format, report.year, report.unit.name)
    assert got.cells == printed_cells(report)
    for key, text in printed_texts(report).items():
        assert same_text(got.text.get(key), text), key
    assert result.report.published == report.published   # the 落款 date, printed from `published`


@pytest.mark.parametrize("kind", ["signed", "centred"])
def test_a_signature_wrapped_onto_two_lines_stays_out_of_six(kind, printed):
    """沭阳 2023 under a 35-character unit name: our export's 落款 (flush right) takes two lines;
    set otherwise — centred in the right half of the page and dated in Chinese numerals — three.
    Neither line reaches 六, and the date is read."""
    report = long_named("shuyang-fgj-2023")
    lines = [line for page in page_lines(printed[(kind, "shuyang-fgj-2023")]) for line in page]
    assert LONG_UNIT not in lines and any(line and LONG_UNIT.startswith(line) for line in lines)   # it wrapped
    if kind == "centred":
        assert chinese_date(report.published) in lines
    result = import_document(printed[(kind, "shuyang-fgj-2023")])
    assert result.gaps == [] and result.report.cells == printed_cells(report)
    assert result.report.unit.name == LONG_UNIT
    for key, text in printed_texts(report).items():
        assert same_text(result.report.text.get(key), text), key
    assert result.report.published == report.published       # 二〇二四年一月十七日 too


@pytest.mark.parametrize("kind, name", [
    ("web", "pingtan-2023"), ("web", "pingtan-2019"), ("borderless", "pingtan-2023"), ("borderless", "pingtan-2019"),
    ("narrow", "huaian-city-2024"), ("narrow", "pingtan-2022"),
])
def test_a_web_page_printed_to_pdf_reads_back_with_and_without_ruling_lines(kind, name, printed):
    path = printed[(kind, name)]
    document = pdfium.PdfDocument(str(path))
    ruled = [t for i in range(len(document)) for t in ruled_tables(read_page(document.raw, i, Deadline("t")).segments, [], 0)[0]]
    assert (not ruled) == (kind != "web")      # no ruling lines to go by: the text's positions only
    if kind == "narrow":   # the labels wrap, and 表三 runs over two page breaks with its header repeated
        pages = page_lines(path)
        assert "一、本年新收政府信息公开申请数量" not in [squash(line) for page in pages for line in page]
        assert sum(any("申请人情况" in line for line in page) for page in pages) >= 3
    result = import_document(path)
    report = sample(name)
    assert result.gaps == []
    assert result.report.cells == printed_cells(report)
    text = "\n".join(result.report.text.values())
    for chrome in ("当前位置", "闽ICP备", "主办单位", "浏览次数：", "打印本页", "第二十条", "申请人情况", "结果维持",
                   "信息内容", "本年新收", "商业企业"):
        assert chrome not in text or chrome in "\n".join(report.text.values())   # nor any table text


@pytest.mark.parametrize("name", ["pingtan-2023", "shuyang-fgj-2023"])
def test_a_two_column_page_with_a_banner_reads_column_by_column(name, printed):
    """平潭 2023: the title wraps in the left column at the body's size. 沭阳 2023 under a long
    name: the title, larger, takes four lines of the left column, and a 落款 ends the right one."""
    report = sample(name) if name == "pingtan-2023" else long_named(name)
    result = import_document(printed[("columns", name)])
    got = result.report
    assert (got.unit.name, got.year) == (report.unit.name, report.year)
    for key in ("s1", "s5", "s6"):
        assert same_text(got.text[key], report.text.get(key) or "无。"), key
    everything = "\n".join(got.text.values())
    assert "pingtan.gov.cn" not in everything and not re.search(r"第\s*\d+\s*页", everything)
    assert {g.where for g in result.gaps} == {"表二", "表三", "表四"}    # no tables in it: said so
    if name != "pingtan-2023":
        assert got.published == report.published and LONG_UNIT not in got.text["s6"]


# --- old Word and WPS files ----------------------------------------------------------------------


@needs_soffice
def test_an_old_word_doc_is_converted_by_libreoffice_and_read(tmp_path):
    report = sample("pingtan-2023")
    with converted([export_docx(report, tmp_path / "r.docx")], "doc") as (doc,):
        shutil.copyfile(doc, tmp_path / "报告.doc")
    assert (tmp_path / "报告.doc").read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    assert_same_report(import_document(tmp_path / "报告.doc"), report)


def test_without_libreoffice_an_old_word_file_says_what_to_do(tmp_path, monkeypatch):
    import models.export.pdf

    monkeypatch.setattr(models.export.pdf, "find_soffice", lambda: None)
    for name in ("报告.doc", "报告.wps"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
        with pytest.raises(NotAReport, match="另存为.*docx.*LibreOffice"):
            import_document(tmp_path / name)


# --- hostile and unreadable PDFs -----------------------------------------------------------------


def pdf_file(path: Path, objects: list[bytes]) -> Path:
    """A PDF written by hand: `objects` are numbered from 1; the first is the catalogue."""
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R %s>>"


def bomb(path: Path) -> Path:
    """A page whose content stream inflates to 1 GiB of spaces, from about 1 MB."""
    mib = b" " * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(mib) + packer.flush(zlib.Z_FULL_FLUSH)
    data = b"\x78\xda" + block * 1024 + packer.flush() + b"\0\0\0\0"
    return pdf_file(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                           PAGE % b"", stream(data, b"/Filter /FlateDecode ")])


def many_pages(path: Path, n: int = 10_000) -> Path:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * n
    return pdf_file(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
                           *pages])


def nested(path: Path, depth: int = 100_000) -> Path:
    """A page whose resources nest arrays 100 000 deep, and a page tree nested 3 000 deep."""
    deep = b"[" * depth + b"]" * depth
    tree = [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (5 + i) for i in range(3000)]
    return pdf_file(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
                           PAGE % (b"/Resources << /X " + deep + b" >> "), stream(b"BT ET"), *tree[1:],
                           b"<< /Type /Page /MediaBox [0 0 595 842] >>"])


def scanned(path: Path) -> Path:
    """A page that is nothing but a picture of a page (no text layer)."""
    pixels = zlib.compress(bytes(range(64)) * 64)
    image = stream(pixels, b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                           b"/BitsPerComponent 8 /Filter /FlateDecode ")
    return pdf_file(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                           PAGE % b"/Resources << /XObject << /Im1 5 0 R >> >> ",
                           stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"), image])


HOSTILE_DRIVER = textwrap.dedent("""
    import json, resource, sys, time
    sys.path.insert(0, {root!r})
    from models.importer import NotAReport, UnsafeFile, import_document
    out = {{}}
    for path in sys.argv[1:]:
        start = time.perf_counter()
        try:
            import_document(path)
            message = None
        except (NotAReport, UnsafeFile) as exc:
            message = str(exc)
        out[path] = [time.perf_counter() - start, message]
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:   # Linux: this process's own high-water mark (ru_maxrss can carry the forking parent's)
        with open("/proc/self/status") as status:
            out["peak_mb"] = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        pass
    print(json.dumps(out, ensure_ascii=False))
""")


def test_hostile_pdfs_are_refused_in_bounded_time_and_memory(tmp_path):
    pytest.importorskip("resource")
    files = {"bomb": bomb(tmp_path / "bomb.pdf"), "pages": many_pages(tmp_path / "pages.pdf"),
             "nested": nested(tmp_path / "nested.pdf")}
    assert files["bomb"].stat().st_size < 2 * 1024 * 1024
    done = subprocess.run([sys.executable, "-c", HOSTILE_DRIVER.format(root=str(ROOT)), *map(str, files.values())],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["peak_mb"] < 500          # the whole process, Python and PDFium included
    reasons = {kind: out[str(path)] for kind, path in files.items()}
    for kind, (seconds, message) in reasons.items():
        assert seconds < 5, kind
        assert message and re.search(r"[\u4e00-\u9fff]", message), kind
    assert "压缩炸弹" in reasons["bomb"][1]
    assert "10000 页" in reasons["pages"][1]


def test_a_scanned_pdf_is_recognised(tmp_path):
    with pytest.raises(NotAReport, match=SCANNED):
        import_document(scanned(tmp_path / "扫描件.pdf"))


@pytest.mark.parametrize("content, error, reason", [
    (b"%PDF-1.7\n%%EOF", UnsafeFile, "不是有效的 PDF"),
    (b"PDF? not at all" * 10, UnsafeFile, "不是有效的 PDF"),
])
def test_a_damaged_pdf_is_refused(content, error, reason, tmp_path):
    (tmp_path / "坏.pdf").write_bytes(content)
    with pytest.raises(error, match=reason):
        import_document(tmp_path / "坏.pdf")
