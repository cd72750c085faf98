"""How long writing the .docx of one report takes, next to the floor measured in the same run.

    uv run python bench/bench_export.py

Floor: python-docx opening the bare base template and saving it — the least any export through
python-docx costs. Goal (issue 3): export within 3× of the floor. The PDF step (LibreOffice) is
timed separately when LibreOffice is installed; it is a separate program's start-up and not
part of the goal.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import SAMPLES, best_ms  # noqa: E402  (puts the project on sys.path)

import docx  # noqa: E402

from models.datafile import read_report  # noqa: E402
from models.export import export_report  # noqa: E402
from models.export.base import BASE_DOCX  # noqa: E402
from models.export.pdf import find_soffice  # noqa: E402

def main() -> None:
    report, _ = read_report(SAMPLES / "pingtan-2023.json")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        floor = best_ms(lambda: docx.Document(str(BASE_DOCX)).save(str(work / "floor.docx")))
        # a draft: the sample's warnings are not all answered (models/signoff.py); the work is the same
        export = best_ms(lambda: export_report(report, work / "report.docx", draft=True))
        print(f"report: {report.unit.name} {report.year} (3 tables, "
              f"{sum(len(t) for t in report.text.values())} characters of text)")
        print(f"{'what':44} {'ms':>8} {'× floor':>8}")
        print(f"{'floor: open and save the bare template':44} {floor:8.1f} {1:8.1f}")
        print(f"{'export .docx (checks, build, atomic write)':44} {export:8.1f} {export / floor:8.1f}")
        if find_soffice():
            pdf = best_ms(lambda: export_report(report, work / "r.docx", pdf=work / "r.pdf", draft=True), rounds=2)
            print(f"{'export .docx and PDF (LibreOffice)':44} {pdf:8.1f} {pdf / floor:8.1f}")
        print(f"goal: export within 3× of the floor — {'met' if export <= 3 * floor else 'NOT met'}")


if __name__ == "__main__":
    main()
