"""The office above at a province's scale: `review` and `aggregate` of 1 000 → 20 000 unit
reports, next to the baseline of merely reading and parsing the same files, in the same run.

    uv run python bench/bench_office.py                      # 1 000, 2 000, 5 000, 10 000, 20 000
    uv run python bench/bench_office.py --sizes 1000,5000    # fewer
    uv run python bench/bench_office.py --keep /tmp/sets     # keep the generated sets for the next run

The sets are generated from the real samples at run time (bench/office_data.py: consistent
reports, names and figures of their own, a few planted copies) into a temporary folder and never
committed. Each measurement runs in a fresh process — the command as a clerk runs it, start-up
included — and reports wall time, CPU time and peak memory. `review` reads and checks the files
in one worker process per core; the parse baseline is one process. Goals (issue 12): review of 20 000
within 60 s and within 4× of the parse baseline, memory under 2 GB, time growing close to
linearly; aggregate within 2× of the baseline. The machine is shared: compare the ratios, and
note the load printed with them. A second baseline, reading and checking every file in one process
(no 雷同, no workbook), shows how much of review is the checks themselves.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT  # noqa: E402  (puts the project on sys.path)

SIZES = (1000, 2000, 5000, 10000, 20000)


def child(kind: str, folder: str, out: str) -> None:
    """One measurement, in this (fresh) process; prints a JSON line."""
    import contextlib
    import io

    start, cpu = time.perf_counter(), time.process_time()
    extra: dict = {}
    if kind in ("parse", "check"):
        from models.checks import check_report
        from models.datafile import read_report
        from models.office.sources import collect
        files, _ = collect([folder])
        for path in files:
            report, _ = read_report(path)
            if kind == "check":
                check_report(report)
        extra["files"] = len(files)
    else:
        import main
        argv = ([kind, folder, "--out", str(Path(out) / "review.xlsx"), "--json"] if kind == "review"
                else [kind, folder, "--out", str(Path(out) / "total.json")])
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            code = main.main(argv)
        extra["exit"] = code
        if kind == "review":
            result = json.loads(printed.getvalue())
            extra["pairs"] = [sorted(Path(p[k]).name[:5] for k in ("a", "b")) for p in result["similar"]]
            extra["reports"] = len(result["reports"])
    children = resource.getrusage(resource.RUSAGE_CHILDREN)      # the worker processes, if any
    print(json.dumps({"wall": time.perf_counter() - start,
                      "cpu": time.process_time() - cpu + children.ru_utime + children.ru_stime,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "worker_mb": children.ru_maxrss / 1024, **extra}))


def measure(kind: str, folder: Path, out: Path) -> dict:
    launched = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(folder), str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["launch"] = time.perf_counter() - launched      # with interpreter start-up and imports
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--keep", metavar="DIR", help="keep (and reuse) the generated sets here")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from office_data import expected_pairs, write_set

    sizes = [int(s) for s in args.sizes.split(",")]
    jobs = os.cpu_count() or 1
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gknb-office-bench-"))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores)")
    print(f"{'reports':>8} {'parse s':>8} {'review s':>9} {'×parse':>7} {'ms/report':>10} {'peak MB':>12} "
          f"{'aggregate s':>12} {'×parse':>7} {'copies found':>14} {'other pairs':>12}")
    rows = []
    for size in sizes:
        folder = base / f"set-{size}"
        marker = folder / ".planted.json"
        if marker.exists():
            planted = json.loads(marker.read_text())
        else:
            planted = write_set(folder, size)
            marker.write_text(json.dumps(planted))
        with tempfile.TemporaryDirectory() as out:
            parse = measure("parse", folder, Path(out))
            checked = measure("check", folder, Path(out))
            review = measure("review", folder, Path(out))
            total = measure("aggregate", folder, Path(out))
        found = {tuple(p) for p in review["pairs"]}
        wanted = expected_pairs(planted)
        rows.append((size, parse, checked, review, total))
        print(f"{size:>8} {parse['launch']:>8.1f} {review['launch']:>9.1f} {review['launch'] / parse['launch']:>7.1f} "
              f"{review['launch'] / size * 1000:>10.2f} {review['rss_mb']:>5.0f}+{review['worker_mb']:>3.0f}×{jobs} "
              f"{total['launch']:>12.1f} "
              f"{total['launch'] / parse['launch']:>7.1f} {len(found & wanted):>7}/{len(wanted):<6} "
              f"{len(found - wanted):>12}", flush=True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"peak MB: the main process + each of its {jobs} worker processes (reading and checking)")
    print("CPU seconds (user+sys of the measured process and its workers, less disturbed by other load):")
    for size, parse, checked, review, total in rows:
        print(f"  {size:>6}: parse {parse['cpu']:.1f}  parse+checks {checked['cpu']:.1f} "
              f"({checked['cpu'] / parse['cpu']:.1f}×)  review {review['cpu']:.1f} ({review['cpu'] / parse['cpu']:.1f}×)"
              f"  aggregate {total['cpu']:.1f} ({total['cpu'] / parse['cpu']:.1f}×)")
    print("parse+checks: the same files read and checked one by one in one process, no 雷同, no workbook —"
          " what review adds beyond the checks themselves is the difference")
    if not args.keep:
        import shutil
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
