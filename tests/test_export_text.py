"""The export's one text door (`models.export.ooxml.printable`): a control character, a lone
surrogate or an invisible format character that reached a report some other way than through
the readers (which refuse them) — an old data file, a damaged database — never makes the
export raise or hang. It is left out of the .docx, the 审核说明表, the preview's HTML, the
.xlsx, the 审核意见 and the PDF; Word's soft line break (U+000B) prints as a line break."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from datetime import date

import docx
import pytest
from lxml import etree

from models.bounds import text_problem
from models.checks import Finding
from models.export import export_report
from models.export.check_sheet import build_check_sheet
from models.export.document import build_document
from models.export.html import check_sheet_html, report_html
from models.export.pdf import find_soffice
from models.office.opinion import write_opinion
from models.report import Review, ReviewComment
from models.xlsx import export_tables_xlsx
from tests.factory import good_report
from tests.rendered import HAVE_POPPLER
from tests.test_bounds import UNPRINTABLE

SECONDS = 20       # far more than the ~0.1 s all of it takes: only a hang gets near it


def hostile_report(chars: str):
    """A report with `chars` in every kind of text the export prints."""
    report = good_report()
    report.unit.name = f"某某{chars}镇人民政府"
    report.text["preamble"] = f"本报告{chars}依据《中华人民共和国政府信息公开条例》编制。"
    report.text["s1"] = f"（一）主动{chars}公开情况。全年{chars}主动公开政府信息1200条。\n1.加强{chars}领导。成立专班。"
    report.text["s6"] = f"无{chars}其他需要报告的事项。"
    report.cells["t2.gfxwj.made"] = f"3（其中修订{chars}1件）"          # a figure kept as printed
    return report


def findings(chars: str) -> list[Finding]:
    return [Finding("S-5", "warning", ("t2.gfxwj.valid",), f"审核{chars}内容", explanation=f"说明{chars}文字")]


def within(seconds: float, work) -> None:
    """Run `work` and fail (rather than hang the suite) if it takes more than `seconds`."""
    failure: list[BaseException] = []

    def run():
        try:
            work()
        except BaseException as exc:       # noqa: BLE001 — shown by the assertion below
            failure.append(exc)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if failure:
        raise failure[0]


def assert_clean_package(data: bytes) -> str:
    """Every part of a .docx is well-formed XML with nothing unprintable; returns the body text."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            text = package.read(name).decode("utf-8")
            etree.fromstring(text.encode("utf-8"))
            assert text_problem(text) is None, name
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for row in t.rows for c in row.cells)


@pytest.mark.parametrize("char", UNPRINTABLE, ids=[f"U+{ord(c):04X}" for c in UNPRINTABLE])
def test_every_file_the_export_writes_leaves_unprintable_text_out(char, tmp_path):
    chars = char * 3
    report = hostile_report(chars)

    def everything():
        body = assert_clean_package(build_document(report, draft=True).to_bytes())
        flat = body.replace("\n", "")
        assert "某某镇人民政府" in flat and "主动公开情况。全年主动公开" in flat and "3（其中修订1件）" in flat
        sheet = assert_clean_package(build_check_sheet(report, findings(chars), date(2025, 1, 20)).to_bytes())
        assert "审核内容" in sheet.replace("\n", "") and "说明文字" in sheet.replace("\n", "")
        for html in (report_html(report, draft=True), check_sheet_html(report, findings(chars))):
            assert text_problem(html) is None and "某某" in html
        book = export_tables_xlsx(report, tmp_path / "t.xlsx")
        with zipfile.ZipFile(book) as package:
            assert all(text_problem(package.read(n).decode("utf-8")) is None for n in package.namelist())
        report.review = Review("returned", f"张{chars}三", date(2025, 2, 3), [ReviewComment(None, f"请{chars}改正。")])
        opinion = write_opinion(report, findings(chars), tmp_path / "o.docx")
        assert "请改正。" in assert_clean_package(opinion.read_bytes()).replace("\n", "")

    within(SECONDS, everything)


def test_word_s_soft_line_break_prints_as_a_line_break():
    report = hostile_report("\x0b")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(build_document(report).to_bytes())).paragraphs)
    assert "（一）主动\n公开情况。全年\n主动公开" in text


@pytest.mark.skipif(find_soffice() is None or not HAVE_POPPLER, reason="LibreOffice and poppler-utils are needed")
def test_the_pdf_is_made_with_every_unprintable_character_at_once(tmp_path):
    import subprocess
    report = hostile_report("".join(UNPRINTABLE))
    within(120, lambda: export_report(report, tmp_path / "r.docx", pdf=tmp_path / "r.pdf", draft=True))
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "某某" in text and re.search(r"依据《中华人民共和国政府信息公开条例》编制", re.sub(r"\s", "", text))


@pytest.mark.parametrize("name", ["县甲" * 50, "甲，" * 50, "（" * 100, "甲" * 240])
def test_a_unit_name_of_many_words_is_titled_in_bounded_time(name):
    """Breaking a title tries every way for a real name (14 words at most), but a 100-character
    name of 50 words has millions: it is filled line by line instead of taking hours."""
    from models.export.layout import TITLE_LINE_CHARS, text_width, title_lines
    report = good_report()
    report.unit.name = name
    within(SECONDS, lambda: build_document(report, draft=True).to_bytes())
    lines = title_lines(name, 2024)
    assert "".join(lines) == name + "2024年政府信息公开工作年度报告"
    assert all(text_width(line) <= TITLE_LINE_CHARS for line in lines)
