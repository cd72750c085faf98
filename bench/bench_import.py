"""How long importing one report takes, next to a baseline measured in the same run.

    uv run python bench/bench_import.py

The report: our own export of 平潭 2023 (.docx) and its HTML rendition. Baseline: python-docx
merely opening the same .docx (no reading of tables or text at all). Goal: an import well
under 1 s; in practice within a small multiple of the baseline.

PDF: the real 淮安 2024 PDF (6 pages), and a 12-page PDF made of it twice over (the goal is
"well under 1 s for a 10-page report"); where LibreOffice is installed, also a government web
page printed to PDF without any table borders (平潭 2019: its tables cut into rows from the
text's positions alone); where qpdf is installed, the 淮安 PDF copy-protected as published reports
often are (no password to open it, AES-256: every stream decrypted before it is measured). Baseline: PDFium merely opening the file and pulling out each page's
plain text (no positions, no lines, no tables).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import SAMPLES, best_ms  # noqa: E402  (puts the project on sys.path)

import docx  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from models.datafile import read_report  # noqa: E402
from models.export import export_report  # noqa: E402
from models.export.html import report_html  # noqa: E402
from models.importer import import_document, labels, tables  # noqa: E402

def cold(path: Path) -> None:
    """An import with the label caches emptied, as the first report of a session sees them."""
    labels.norm.cache_clear()
    for matcher in vars(tables).values():
        if isinstance(matcher, labels.Matcher):
            matcher.ranked.clear()
    import_document(path)


HUAIAN = SAMPLES.parents[0] / "real" / "huaian-city-2024" / "淮安市人民政府2024年政府信息公开工作年度报告.pdf"


def plain_text(path: Path) -> None:
    document = pdfium.PdfDocument(str(path))
    for page in document:
        page.get_textpage().get_text_range()
    document.close()


def borderless_web_print(work: Path) -> tuple[str, Path] | None:
    """平潭 2019 as a government web page without table borders, printed to PDF by LibreOffice."""
    from models.export.pdf import find_soffice
    from models.importer.convert import converted

    if find_soffice() is None:
        return None
    report, _ = read_report(SAMPLES / "pingtan-2019.json")
    page = report_html(report).replace('border="1"', 'border="0"')
    page = page.replace("border-style: solid; border-color: #000000;", "")
    html = work / "borderless.html"
    html.write_text(page, encoding="utf-8")
    with converted([html], "pdf", timeout=300) as (pdf,):
        kept = work / "borderless.pdf"
        kept.write_bytes(pdf.read_bytes())
    return f"a web print without borders ({len(pdfium.PdfDocument(str(kept)))} pages)", kept


def copy_protected(work: Path) -> tuple[str, Path] | None:
    """The 淮安 PDF encrypted by qpdf with an empty password to open and an owner password
    (AES-256, revision 6), as a copy-protected report is published."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        return None
    kept = work / "protected.pdf"
    subprocess.run([qpdf, "--encrypt", "", "owner", "256", "--print=none", "--extract=n", "--", str(HUAIAN),
                    str(kept)], check=True, timeout=60)
    return "the 淮安 PDF copy-protected (AES-256)", kept


def bench_pdf() -> None:
    if not HUAIAN.exists():
        print("(PDF: ../shared/samples/real/huaian-city-2024 not found, skipped)")
        return
    with tempfile.TemporaryDirectory() as work:
        twelve = Path(work) / "twelve.pdf"
        doubled = pdfium.PdfDocument.new()
        for _ in range(2):
            doubled.import_pages(pdfium.PdfDocument(str(HUAIAN)))
        doubled.save(str(twelve))
        cases = [("the real 淮安 2024 PDF (6 pages)", HUAIAN), ("a 12-page PDF (淮安 twice)", twelve)]
        web = borderless_web_print(Path(work))
        cases += [web] if web else []
        protected = copy_protected(Path(work))
        cases += [protected] if protected else []
        slowest = 0.0
        for label, path in cases:
            baseline = best_ms(lambda: plain_text(path), rounds=5)
            ms = best_ms(lambda: cold(path), rounds=5)
            slowest = max(slowest, ms)
            print(f"{'baseline: PDFium, plain text of ' + label:50.50} {baseline:8.1f} {1:11.1f}")
            print(f"{'import ' + label:50} {ms:8.1f} {ms / baseline:11.1f}")
        if web is None:
            print("(no LibreOffice here: the web print without borders was not made)")
        if protected is None:
            print("(no qpdf here: the copy-protected PDF was not made)")
        print(f"goal: a 10-page PDF well under 1 s — {'met' if slowest < 1000 else 'NOT met'}")


def main() -> None:
    report, _ = read_report(SAMPLES / "pingtan-2023.json")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        docx_path = work / "report.docx"
        export_report(report, docx_path, draft=True)   # its 核实 findings are not explained: a draft
        html_path = work / "report.html"
        html_path.write_text(report_html(report), encoding="utf-8")
        first = time.perf_counter()
        result = import_document(docx_path)   # the first import also loads the importer's modules
        first = (time.perf_counter() - first) * 1000
        assert not result.gaps, result.gaps
        baseline = best_ms(lambda: docx.Document(str(docx_path)))
        from_docx = best_ms(lambda: cold(docx_path))
        from_html = best_ms(lambda: cold(html_path))
        print(f"report: {report.unit.name} {report.year} ({len(report.layout.cells)} cells, "
              f"{docx_path.stat().st_size // 1024} kB .docx, {html_path.stat().st_size // 1024} kB .html)")
        print(f"{'what':50} {'ms':>8} {'× baseline':>11}")
        print(f"{'baseline: python-docx opening the .docx':50} {baseline:8.1f} {1:11.1f}")
        print(f"{'import the .docx (every cell and the text)':50} {from_docx:8.1f} {from_docx / baseline:11.1f}")
        print(f"{'import the .html':50} {from_html:8.1f} {from_html / baseline:11.1f}")
        print(f"{'first import in a fresh process (modules loading)':50} {first:8.1f} {first / baseline:11.1f}")
        print(f"goal: an import well under 1 s — {'met' if max(from_docx, from_html, first) < 1000 else 'NOT met'}")
    bench_pdf()


if __name__ == "__main__":
    main()
