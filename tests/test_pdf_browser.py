"""A government web page printed to PDF by a browser (Chromium headless, as 「打印 → 另存为 PDF」
makes it, with its header and footer: date and time, page title, address, 「1/6」), imported cell
for cell: with table borders, without, and without borders in a table narrower than the page
(labels wrapped, 表三 over page breaks).

Not part of the default run: a browser costs seconds per page and CI has none. Run with
`GKNB_BROWSER_TESTS=1 uv run pytest tests/test_pdf_browser.py` where Chromium is installed
(Debian: `apt-get install chromium`)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

from models.export.html import report_html
from models.importer import import_document
from tests.factory import sample
from tests.test_importer import gov_page, printed_cells, printed_texts
from tests.test_pdf_import import borderless, same_text

BROWSER = next((found for name in ("chromium", "chromium-browser", "google-chrome", "chrome")
                if (found := shutil.which(name))), None)
pytestmark = [
    pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed here (Debian: apt-get install chromium)"),
    pytest.mark.skipif(not os.environ.get("GKNB_BROWSER_TESTS"),
                       reason="a browser run costs seconds a page: set GKNB_BROWSER_TESTS=1 to run it"),
]
PAGES = {   # what is printed: (sample, how its tables are drawn, the browser's header and footer)
    "web": ("huaian-city-2024", "borders", True),
    "borderless": ("pingtan-2019", "none", True),
    "narrow": ("pingtan-2022", "narrow", False),
}


def chromium_pdf(html: Path, pdf: Path, header_footer: bool) -> subprocess.Popen:
    profile = tempfile.mkdtemp(prefix="gknb-chromium-")
    args = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.as_uri()]
    if not header_footer:
        args.insert(-1, "--no-pdf-header-footer")
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    process.profile = profile
    return process


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    """The three pages printed by Chromium, side by side."""
    work = tmp_path_factory.mktemp("browser")
    running = {}
    for kind, (name, tables, header_footer) in PAGES.items():
        report = sample(name)
        page = gov_page(report_html(report), f"{report.unit.name}{report.year}年政府信息公开工作年度报告")
        if tables != "borders":
            page = borderless(page)
        if tables == "narrow":
            page = page.replace('width="100%"', 'width="80%"')
        html = work / f"{kind}.html"
        html.write_text(page, encoding="utf-8")
        running[kind] = chromium_pdf(html, work / f"{kind}.pdf", header_footer)
    try:
        for kind, process in running.items():
            process.wait(timeout=180)
    finally:
        for process in running.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            shutil.rmtree(process.profile, ignore_errors=True)
    return {kind: work / f"{kind}.pdf" for kind in PAGES}


@pytest.mark.parametrize("kind", list(PAGES))
def test_a_government_page_printed_by_chromium_reads_back_cell_for_cell(kind, printed):
    name = PAGES[kind][0]
    report = sample(name)
    assert printed[kind].read_bytes()[:5] == b"%PDF-"
    result = import_document(printed[kind])
    got = result.report
    assert result.gaps == []
    assert got.cells == printed_cells(report)
    assert (got.unit.name, got.year, got.format, got.published) == \
        (report.unit.name, report.year, report.format, report.published)
    for key, text in printed_texts(report).items():
        assert same_text(got.text.get(key), text), key
    text = "\n".join(got.text.values())
    for chrome in ("当前位置", "闽ICP备", "主办单位", "浏览次数：", "打印本页", "file://", ".html", "申请人情况", "第二十条"):
        assert chrome not in text
