"""How long writing the .docx of one report takes, next to the floor measured in the same run.

    uv run python bench/bench_export.py

Floor (issue 3's): python-docx opening the bare base template and saving it. Goal: export
within 3× of the floor, judged on CPU time (`time.process_time`): on a shared machine the wall
clock measures the neighbours, and the atomic write's fsync measures the disk. Wall-clock
figures are printed beside it. The export writes the package straight from its parts' text
(models/export/package.py); the least that costs is zipping the template's parts, shown too.
The PDF step (LibreOffice) is timed separately when LibreOffice is installed; it is a separate
program's start-up and not part of the goal.
"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

from common import SAMPLES, best_ms  # noqa: E402  (puts the project on sys.path)

import docx  # noqa: E402

from models.datafile import read_report  # noqa: E402
from models.export import export_report  # noqa: E402
from models.export.base import BASE_DOCX  # noqa: E402
from models.export.package import template_parts, write_zip  # noqa: E402
from models.export.pdf import find_soffice  # noqa: E402


def main() -> None:
    report, _ = read_report(SAMPLES / "pingtan-2023.json")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        steps = {
            "floor: python-docx opens and saves the template": lambda: docx.Document(str(BASE_DOCX)).save(
                str(work / "floor.docx")),
            "zip the template's parts (no python-docx)": lambda: write_zip(io.BytesIO(), template_parts(BASE_DOCX)),
            # a draft: the sample's warnings are not all answered (models/signoff.py); the work is the same
            "export .docx (checks, build, atomic write)": lambda: export_report(report, work / "r.docx", draft=True),
        }
        cpu = {name: best_ms(fn, 30, time.process_time) for name, fn in steps.items()}
        wall = {name: best_ms(fn, 30) for name, fn in steps.items()}
        floor_cpu, floor_wall = cpu[next(iter(steps))], wall[next(iter(steps))]
        print(f"report: {report.unit.name} {report.year} (3 tables, "
              f"{sum(len(t) for t in report.text.values())} characters of text)")
        print(f"{'what':50} {'CPU ms':>7} {'× floor':>8} {'wall ms':>8} {'× floor':>8}")
        for name in steps:
            print(f"{name:50} {cpu[name]:7.1f} {cpu[name] / floor_cpu:8.1f} {wall[name]:8.1f} {wall[name] / floor_wall:8.1f}")
        if find_soffice():
            pdf = best_ms(lambda: export_report(report, work / "p.docx", pdf=work / "p.pdf", draft=True), rounds=2)
            print(f"{'export .docx and PDF (LibreOffice), wall':50} {'':7} {'':8} {pdf:8.1f} {pdf / floor_wall:8.1f}")
        export = cpu["export .docx (checks, build, atomic write)"]
        print(f"goal: export within 3× of the floor (CPU) — {'met' if export <= 3 * floor_cpu else 'NOT met'}")


if __name__ == "__main__":
    main()
