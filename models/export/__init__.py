"""The printed report: `export_report()` writes the .docx (and, through LibreOffice, the PDF).

A report that may not be signed yet (a 强制 finding, or a 核实 finding neither fixed nor
explained: models/signoff.py) is refused unless exported as a draft marked 「草稿」. Output files
are written aside and then renamed into place, so they never end half-written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.atomic import write_atomically
from models.checks import Finding, check_report
from models.signoff import signing_options
from models.report import Report
from models.signoff import SignOff, sign_off


class ExportRefused(Exception):
    """A final (not draft) export was asked for, but the report may not be signed yet
    (models/signoff.py): `findings` is what is left, 强制 first, then 核实 without a 说明."""

    def __init__(self, state: SignOff):
        self.findings = list(state.left)
        super().__init__(f"报告{state.what_is_left()}，不能生成正式文本；请先改正或填写说明，或生成草稿。")


@dataclass(frozen=True)
class ExportResult:
    docx: Path
    pdf: Path | None
    draft: bool
    findings: list[Finding]


def export_report(report: Report, out_docx: str | Path, *, pdf: str | Path | None = None,
                  draft: bool = False, previous: Report | None = None, signature: bool = True,
                  sign_date: date | None = None, seal: bool = True, cancel=None) -> ExportResult:
    """Write the report as .docx (and PDF). `seal`: the 落款 laid out for the unit's seal
    (GB/T 9704 §7.3.5.1) or for a report without one (§7.3.5.2). Raises ExportRefused (nothing
    written), models.atomic.WriteError or models.export.pdf.PdfError, each with a message for
    the clerk."""
    from models.export.document import build_document

    findings = check_report(report, previous, signing_options())
    state = sign_off(findings)
    if not state.final and not draft:
        raise ExportRefused(state)
    document = build_document(report, draft=draft, signature=signature, sign_date=sign_date, seal=seal)
    out_docx, pdf_path = _save(document, out_docx, pdf, cancel)
    return ExportResult(out_docx, pdf_path, draft, findings)


def export_check_sheet(report: Report, out_docx: str | Path, *, pdf: str | Path | None = None,
                       previous: Report | None = None, checked_on: date | None = None,
                       carried: Iterable[str] = (), cancel=None) -> Path:
    """Write the 审核说明表 (findings with their 说明, and the figures carried from last year
    in blue) as .docx, and as PDF too when `pdf` is given; returns the .docx."""
    from models.export.check_sheet import build_check_sheet

    document = build_check_sheet(report, check_report(report, previous, signing_options()), checked_on, carried)
    return _save(document, out_docx, pdf, cancel)[0]


def _save(document, out_docx: str | Path, pdf: str | Path | None, cancel=None) -> tuple[Path, Path | None]:
    """The .docx written atomically, then the PDF made from it when asked (`cancel`, a
    threading.Event, stops LibreOffice)."""
    out_docx = write_atomically(out_docx, document.save)
    if pdf is None:
        return out_docx, None
    from models.export.pdf import convert_to_pdf
    return out_docx, convert_to_pdf(out_docx, Path(pdf), cancel=cancel)
