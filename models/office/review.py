"""Many reports checked together — what the office above does with what its units send
(the `review` command, data-file.md): every report read and checked (with last year's report of
the same unit when one is at hand), every unit's narrative compared with every other's, the
unreadable files listed with the reason. One bad file never stops the rest.

Only what the results need is kept of each report (counts, findings, the narrative's clauses),
so that a province's 20 000 reports fit in memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from models.checks import CheckOptions, Finding, check_report
from models.office.similarity import Narrative, Pair, Search, similar_pairs
from models.office.sources import Source, Unreadable, collect, name_key, read_source
from models.report import Report
from models.signoff import sign_off


@dataclass(frozen=True)
class Counts:
    errors: int
    warnings: int
    unanswered: int
    infos: int
    copied_last_year: bool      # rule S-13 found 雷同 with last year's report

    @classmethod
    def of(cls, findings: list[Finding]) -> Counts:
        state = sign_off(findings)      # the one rule of what a final report needs (models/signoff.py)
        return cls(len(state.errors), len(state.warnings), len(state.unanswered), len(state.hints),
                   any(f.rule == "S-13" for f in findings))


def check(report: Report, previous: Report | None = None, deadline: tuple[int, int] | None = None) -> list[Finding]:
    return check_report(report, previous, CheckOptions(local_deadline=deadline))


@dataclass
class Reviewed:
    """One report as the review keeps it."""
    file: str                       # the path as given
    unit: str
    year: int
    format: str
    kind: str                       # "package" | "datafile" | "document"
    filed_at: datetime | None
    findings: list[Finding]
    counts: Counts
    narrative: Narrative
    notes: list[str] = field(default_factory=list)
    previous_file: str | None = None
    similar: list[tuple[int, float]] = field(default_factory=list)    # (index of the other report, share)

    def late(self, deadline: tuple[int, int] | None) -> bool | None:
        """Filed after the deadline (month, day of the following year)? None when unknown."""
        if deadline is None or self.filed_at is None:
            return None
        return self.filed_at.date() > date(self.year + 1, *deadline)


@dataclass
class Run:
    reports: list[Reviewed]
    pairs: list[Pair]
    unreadable: list[tuple[str, str]]
    search: Search | None = None
    deadline: tuple[int, int] | None = None

    def as_json(self) -> dict:
        """What `review --json` prints (data-file.md)."""
        return {
            "reports": [{"file": r.file, "unit": r.unit, "year": r.year, "errors": r.counts.errors,
                         "warnings": r.counts.warnings, "unexplained": r.counts.unanswered,
                         "similar_to": [self.reports[j].file for j, _ in r.similar]} for r in self.reports],
            "similar": [{"a": self.reports[p.a].file, "b": self.reports[p.b].file, "share": round(p.share, 4)}
                        for p in self.pairs],
            "unreadable": [{"file": f, "message": m} for f, m in self.unreadable],
        }


class PreviousYears:
    """Last year's reports in a folder, found by unit name and year; each is read when needed
    (only the index is kept, so that it travels cheaply to the worker processes)."""

    def __init__(self, folder: str | os.PathLike | None = None, jobs: int | None = None):
        self.index: dict[tuple[str, int], Path] = {}
        self.unreadable: list[tuple[str, str]] = []
        if folder is None:
            return
        files, problems = collect([folder])
        self.unreadable += [(str(p), m) for p, m in problems]
        for result in _map(_identify, files, jobs):
            if isinstance(result[0], str):
                self.unreadable.append(result)
            else:
                (name, year), path = result
                self.index[(name, year)] = path

    def of(self, report: Report) -> tuple[Report | None, str | None]:
        path = self.index.get((name_key(report.unit.name), report.year - 1))
        if path is None:
            return None, None
        try:
            return read_source(path).report, str(path)
        except Unreadable:
            return None, None       # listed when the folder was read


def review_one(source: Source, file: str, previous: PreviousYears,
               deadline: tuple[int, int] | None = None) -> Reviewed:
    report = source.report
    last, last_file = previous.of(report)
    findings = check(report, last, deadline)
    return Reviewed(file, report.unit.name, report.year, report.format, source.kind, source.filed_at, findings,
                    Counts.of(findings), Narrative.of(report), list(source.notes), last_file)


def review_paths(paths: Iterable[str | os.PathLike], previous_dir: str | os.PathLike | None = None,
                 deadline: tuple[int, int] | None = None,
                 progress: Callable[[int, int], None] | None = None, jobs: int | None = None,
                 on_report: Callable[[Reviewed], None] | None = None, keep_findings: bool = True) -> Run:
    """Read and check every report under `paths`, then find 雷同 across units. Thousands of files
    are read and checked by worker processes, one per core (`jobs`); the order stays the files'.
    `on_report(reviewed)` sees each report as it comes (the workbook writes its findings then);
    without `keep_findings` they are not kept after that (a province's findings need not all be
    held at once)."""
    files, problems = collect(paths)
    unreadable = [(str(p), m) for p, m in problems]
    previous = PreviousYears(previous_dir, jobs)
    unreadable += previous.unreadable
    reports: list[Reviewed] = []
    for n, result in enumerate(_map(_review_file, files, jobs, previous, deadline), 1):
        if isinstance(result, Reviewed):
            if on_report is not None:
                on_report(result)
            if not keep_findings:
                result.findings = []
            reports.append(result)
        else:
            unreadable.append(result)
        if progress is not None:
            progress(n, len(files))
    run = Run(reports, [], unreadable, deadline=deadline)
    find_similar(run)
    return run


def _review_file(path: Path, previous: PreviousYears, deadline) -> Reviewed | tuple[str, str]:
    """One file's review, or (file, why it could not be read): nothing stops the rest."""
    try:
        return review_one(read_source(path), str(path), previous, deadline)
    except Unreadable as exc:
        return str(path), str(exc)
    except Exception as exc:   # a report no rule foresaw: listed, never a traceback
        return str(path), f"审核“{path.name}”时出错（{type(exc).__name__}: {exc}），请把此文件告知维护人员。"


def _identify(path: Path):
    """((unit name, year), path) of a report file, or (file, why it could not be read)."""
    try:
        report = read_source(path).report
    except Unreadable as exc:
        return str(path), str(exc)
    return (name_key(report.unit.name), report.year), path


PARALLEL_FROM = 400        # files: fewer are read faster in this process than by starting workers
CHUNK = 200                # files per task sent to a worker


def _map(work, files: list[Path], jobs: int | None, *args) -> Iterable:
    """`work(file, *args)` for every file, in order; in worker processes when there are many."""
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs <= 1 or len(files) < PARALLEL_FROM:
        return (work(path, *args) for path in files)
    return _parallel(work, files, jobs, args)


def _parallel(work, files: list[Path], jobs: int, args: tuple) -> Iterable:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
    # spawn, as on Windows: a fresh interpreter, never a fork of a process holding threads or Qt
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        for results in pool.map(partial(_chunk, work, args=args), chunks):
            yield from results


def _chunk(work, paths: list[Path], args: tuple) -> list:
    return [work(path, *args) for path in paths]


def find_similar(run: Run) -> None:
    """雷同 across units: pairs of different units whose share reaches the threshold."""
    search = similar_pairs([r.narrative for r in run.reports], groups=[r.unit for r in run.reports])
    run.search, run.pairs = search, search.pairs
    for pair in search.pairs:
        run.reports[pair.a].similar.append((pair.b, pair.share))
        run.reports[pair.b].similar.append((pair.a, pair.share))
