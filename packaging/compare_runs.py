"""Run the built app and the source tree side by side on data files and require the same results.

    python packaging/compare_runs.py --app CMD... --work DIR [--wine] [--pdf N] FILE.json...

For each data file, with the built app (`--app`, e.g. the unpacked bundle's `gk-nianbao`, or
`wine …\\gk-nianbao-cli.exe`) and with this clone's `main.py` run by the current interpreter:
`check` (text and `--json`), `export --draft` with the 审核说明表 (with `--pdf N`, for the first
N files, also the PDF, then imported back), and `import` of the exported report; then `review`
and `aggregate` over the files. Each pair must agree in exit status, printed output and every
part of the written documents.

With `--wine` the app's paths are given as Windows paths (Z:\\…) and its output is read as a
Chinese Windows writes it to a pipe (GBK, CRLF): run Wine with LANG=zh_CN.UTF-8; the source tree's
output is compared as it would look in GBK (a character GBK lacks shows as 「?」 in both).
Exits 1 on the first difference, naming it. No timing here (see bench/).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# python-docx stamps neither date today, but a document's dates are not its content
_DATES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


class Differs(Exception):
    pass


def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: _DATES.sub(b"", z.read(n)) for n in sorted(z.namelist())}


def same_document(built: Path, reference: Path) -> None:
    a, b = zip_parts(built), zip_parts(reference)
    if a.keys() != b.keys():
        raise Differs(f"{built.name}: parts differ: {sorted(a.keys() ^ b.keys())}")
    for name in a:
        if a[name] != b[name]:
            raise Differs(f"{built.name}: part {name} differs from the source tree's")


class Runner:
    def __init__(self, prefix: list[str], wine: bool, env: dict | None = None):
        self.prefix, self.wine, self.env = prefix, wine, env
        self.encoding = "gbk" if wine else "utf-8"

    def path(self, p: Path) -> str:
        return "Z:" + str(p.resolve()).replace("/", "\\") if self.wine else str(p)

    def run(self, *args) -> tuple[int, str, str]:
        argv = [self.path(a) if isinstance(a, Path) else a for a in args]
        done = subprocess.run(self.prefix + argv, capture_output=True, env=self.env, timeout=600)
        out, err = (s.decode(self.encoding, "replace").replace("\r\n", "\n") for s in (done.stdout, done.stderr))
        return done.returncode, out, err

    def as_seen_by(self, other: "Runner", text: str) -> str:
        """`text` as it would have come through `other`'s pipe."""
        return text.encode(other.encoding, "replace").decode(other.encoding)


def _without_paths(text: str, *paths: Path) -> str:
    for p in paths:
        text = text.replace("Z:" + str(p.resolve()).replace("/", "\\"), "<P>").replace(str(p), "<P>")
    return text.replace("<P>\\", "<P>/")


def compare(built: Runner, ref: Runner, name: str, args_built: list, args_ref: list, paths=()) -> tuple:
    b, r = built.run(*args_built), ref.run(*args_ref)
    b = (b[0], _without_paths(b[1], *paths), _without_paths(b[2], *paths))
    r = (r[0], *(ref.as_seen_by(built, _without_paths(t, *paths)) for t in r[1:]))
    if b != r:
        raise Differs(f"{name}: built app gave exit {b[0]}\n{b[1]}{b[2]}\n— the source tree exit {r[0]}\n{r[1]}{r[2]}")
    return b


def compare_file(built: Runner, ref: Runner, data: Path, work: Path, pdf: bool) -> list[str]:
    done = []
    out_b, out_r = work / "built", work / "source"
    for d in (out_b, out_r):
        d.mkdir(parents=True, exist_ok=True)
    stem = data.stem
    for extra in ([], ["--json"]):
        rc, out, _ = compare(built, ref, f"check {' '.join(extra)} {data.name}",
                             ["check", data, *extra], ["check", data, *extra], [data])
        if extra and rc != 2:
            json.loads(out)   # the JSON is JSON (a refused file prints none)
    done.append(f"check → exit {rc}")

    def export_args(d: Path) -> list:
        return ["export", data, "--out", d / f"{stem}.docx", "--draft", "--check-sheet", d / f"{stem}-审核.docx"] \
            + (["--pdf", d / f"{stem}.pdf"] if pdf else [])
    rc, _, _ = compare(built, ref, f"export {data.name}", export_args(out_b), export_args(out_r), [out_b, out_r])
    if rc != 0:   # refused alike (an unreadable file): nothing written to compare
        return done + [f"export → exit {rc} alike"]
    for doc in (f"{stem}.docx", f"{stem}-审核.docx"):
        same_document(out_b / doc, out_r / doc)
    if pdf:
        pages = [_pdf_pages(d / f"{stem}.pdf") for d in (out_b, out_r)]
        if pages[0] != pages[1] or not pages[0]:
            raise Differs(f"{stem}.pdf: {pages[0]} pages from the built app, {pages[1]} from the source tree")
    done.append("export .docx + 审核说明表" + (" + PDF" if pdf else "") + ": identical")

    if pdf:   # the PDF importer (pypdfium2) inside the built app, on the PDF just made
        rc_pdf, _, _ = compare(built, ref, f"import {stem}.pdf",
                               ["import", out_r / f"{stem}.pdf", "--out", out_b / f"{stem}-from-pdf.json"],
                               ["import", out_r / f"{stem}.pdf", "--out", out_r / f"{stem}-from-pdf.json"],
                               [out_b, out_r])
        done.append(f"import of the PDF → exit {rc_pdf} alike")
    source_doc = out_r / f"{stem}.docx"
    rc, _, _ = compare(built, ref, f"import {stem}.docx",
                       ["import", source_doc, "--out", out_b / f"{stem}-imported.json"],
                       ["import", source_doc, "--out", out_r / f"{stem}-imported.json"], [out_b, out_r])
    a, b = (json.loads((d / f"{stem}-imported.json").read_text(encoding="utf-8")) for d in (out_b, out_r))
    if a != b:
        raise Differs(f"import {stem}.docx: the data files differ")
    done.append(f"import → exit {rc}, same data file")
    return done


def compare_office_above(built: Runner, ref: Runner, files: list[Path], work: Path) -> str:
    """`review` and `aggregate` (the office above) over all the data files at once."""
    out_b, out_r = work / "built", work / "source"
    for d in (out_b, out_r):
        d.mkdir(parents=True, exist_ok=True)
    rc_review, _, _ = compare(built, ref, "review", ["review", *files, "--out", out_b / "review.xlsx"],
                              ["review", *files, "--out", out_r / "review.xlsx"], [out_b, out_r, *files])
    if rc_review == 0 and not built.wine:   # the sheet names each file by its path, which Wine spells otherwise
        same_document(out_b / "review.xlsx", out_r / "review.xlsx")
    # aggregate adds up one year's reports: the year most files share
    years = {}
    for f in files:
        try:
            years.setdefault(json.loads(f.read_text(encoding="utf-8")).get("year"), []).append(f)
        except (ValueError, OSError, AttributeError):
            pass
    same_year = max(years.items(), key=lambda item: (isinstance(item[0], int), len(item[1])),
                    default=(None, files))[1]
    rc_agg, _, _ = compare(built, ref, "aggregate",
                           ["aggregate", *same_year, "--out", out_b / "total.json", "--xlsx", out_b / "units.xlsx"],
                           ["aggregate", *same_year, "--out", out_r / "total.json", "--xlsx", out_r / "units.xlsx"],
                           [out_b, out_r, *files])
    if rc_agg == 0:
        a, b = (json.loads((d / "total.json").read_text(encoding="utf-8")) for d in (out_b, out_r))
        if a != b:
            raise Differs("aggregate: the totals differ")
        same_document(out_b / "units.xlsx", out_r / "units.xlsx")
    return (f"review of {len(files)} files → exit {rc_review} alike; aggregate of {len(same_year)} → exit {rc_agg}"
            + (", same totals" if rc_agg == 0 else " alike"))


def _pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(match.group(1)) if match else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", nargs="+", required=True, help="the built app's command")
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--wine", action="store_true")
    parser.add_argument("--pdf", type=int, default=0, metavar="N",
                        help="also export a PDF for the first N files (needs LibreOffice; slow)")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    built = Runner(args.app, args.wine)
    ref = Runner([sys.executable, str(ROOT / "main.py")], False)
    for i, data in enumerate(args.files):
        try:
            steps = compare_file(built, ref, data.resolve(), args.work / data.stem, i < args.pdf)
        except Differs as exc:
            print(f"DIFFERS {data}: {exc}", file=sys.stderr)
            return 1
        print(f"same    {data.name}: " + "; ".join(steps))
    try:
        print("same    " + compare_office_above(built, ref, [f.resolve() for f in args.files], args.work / "office"))
    except Differs as exc:
        print(f"DIFFERS review/aggregate: {exc}", file=sys.stderr)
        return 1
    print(f"{len(args.files)} data files: the built app and the source tree agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
