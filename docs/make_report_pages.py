"""The printed report's page images in docs/ (README, "Printing the report"): 淮安 2024 and 平潭 2023
as published, each 核实 finding explained, exported final (dated as published) and rendered by
LibreOffice — 淮安's 表三 split across two pages, 平潭's whole; the 审核说明表 of 平潭 2023.

    uv run python docs/make_report_pages.py

Needs LibreOffice and poppler-utils (pdftoppm); pages at 70 dpi."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.export import export_check_sheet, export_report  # noqa: E402
from models.export.pdf import run_soffice  # noqa: E402
from models.signoff import sign_off_report  # noqa: E402
from tests.factory import sample  # noqa: E402
from tests.rendered import page_count, page_lines  # noqa: E402

CHECKED = date(2024, 3, 1)
EXPLANATION = "393件为管委会本级，表二470件含各部门。"   # 平潭 2023's S-9: its text and 表二 count differently


def _final(name: str):
    report = sample(name)
    for finding in sign_off_report(report).unanswered:
        report.explanations[finding.id] = EXPLANATION if name == "pingtan-2023" else "已核实，数字无误。"
    return report


def _page_with(pdf: Path, text: str) -> int:
    return next(p for p in range(1, page_count(pdf) + 1) if any(text in line.text for line in page_lines(pdf, p)))


def _png(pdf: Path, page: int, target: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(target.with_suffix(""))], check=True)


def main() -> None:
    docs = ROOT / "docs"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        huaian, pingtan = _final("huaian-city-2024"), _final("pingtan-2023")
        export_report(huaian, work / "huaian.docx")                   # dated as published
        export_report(pingtan, work / "pingtan.docx")
        export_check_sheet(pingtan, work / "sheet.docx", checked_on=CHECKED)
        run_soffice(["--convert-to", "pdf", "--outdir", str(work),
                     *(str(work / f"{n}.docx") for n in ("huaian", "pingtan", "sheet"))], work)
        _png(work / "huaian.pdf", 1, docs / "report-page-1.png")
        split = _page_with(work / "huaian.pdf", "三、收到和处理政府信息公开申请情况")     # 表三 split across two pages
        _png(work / "huaian.pdf", split, docs / "report-table-three-split-1.png")
        _png(work / "huaian.pdf", split + 1, docs / "report-table-three-split-2.png")
        pdf = work / "pingtan.pdf"
        _png(pdf, _page_with(pdf, "三、收到和处理政府信息公开申请情况"), docs / "report-page-5.png")
        _png(pdf, _page_with(pdf, "五、存在的主要问题"), docs / "report-page-6.png")
        _png(pdf, page_count(pdf), docs / "report-page-7.png")
        _png(work / "sheet.pdf", 1, docs / "check-sheet-1.png")
        print(f"平潭 2023: {page_count(pdf)} pages; 淮安 2024: 表三 on pages {split}–{split + 1}")


if __name__ == "__main__":
    main()
