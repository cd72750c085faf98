"""How long a full re-check of one report takes, next to a trivial baseline in the same run.

    uv run python bench/bench_check.py

Baseline: one pass reading every cell of the report as a number — the least any full check
must do. Goal (issue 2): a full re-check under 1 ms, so the wizard can re-check on every
keystroke well inside a 16 ms frame. Prints microseconds per call (best of several rounds)
(CPU time of this process) and the ratio to the baseline; the ratio is what to compare between machines.
"""

from __future__ import annotations

import copy
import time
import timeit

from common import SAMPLES  # noqa: E402  (puts the project on sys.path)

from models.checks import check_report  # noqa: E402
from models.checks.narrative import _clauses, _line_clauses, similarity  # noqa: E402
from models.checks.statements import _read_line, _read_sentence, statements  # noqa: E402
from models.datafile import read_report  # noqa: E402

ROUNDS, NUMBER = 7, 200


def best_us(fn) -> float:
    # CPU time of this process: what the check costs, not inflated when other programs share
    # the cores (the best of several rounds, as before)
    return min(timeit.repeat(fn, repeat=ROUNDS, number=NUMBER, timer=time.process_time)) / NUMBER * 1e6


def main() -> None:
    this, _ = read_report(SAMPLES / "pingtan-2023.json")
    last, _ = read_report(SAMPLES / "pingtan-2022.json")
    keys = list(this.layout.cells)

    def baseline():
        return sum(this.number(k) for k in keys)

    def keystroke():
        # what the wizard does on an edit: change one cell, re-run every rule with last year
        this.cells["t3.r1.zrr"] += 1
        this.cells["t3.r1.zrr"] -= 1
        return check_report(this, last)

    def cold():
        for cached in (_clauses, _line_clauses, similarity, _read_sentence, _read_line, statements):   # as after editing
            cached.cache_clear()
        return check_report(this, last)

    typed = iter(range(10**9))

    def narrative_keystroke():
        # typing in 一、总体情况: that one text is new, last year's and the others stay cached
        this.text["s1"] = this.text["s1"][:-12] + f"{next(typed):012d}"
        return check_report(this, last)

    # the longest real 一 is ~8 000 characters; a section may hold up to 100 000 (data-file.md):
    # typing at the end of a long 一 (the sample's own text repeated to that length)
    def typing_in_long_text(length: int):
        report = copy.deepcopy(this)
        paragraph = report.text["s1"]
        report.text["s1"] = (paragraph * (length // len(paragraph) + 1))[:length]
        counter = iter(range(10**9))

        def keystroke():
            report.text["s1"] = report.text["s1"][:-12] + f"{next(counter):012d}"
            return check_report(report, last)
        return keystroke

    # 参考文本 inserted into 一: its sentences are known, and each check asks whether the tables
    # changed under them (models/marks.py)
    def with_reference_text():
        from models import marks
        from models.sentences import applications_sentence, disclosure_sentence

        report = copy.deepcopy(this)
        inserted = {"disclosure": disclosure_sentence(report), "applications": applications_sentence(report, last)}
        report.text["s1"] += "\n" + "\n".join(inserted.values())
        report.marks = tuple(m for source, text in inserted.items() for m in marks.generated("s1", text, source))

        def keystroke():
            report.cells["t3.r1.zrr"] += 1
            report.cells["t3.r1.zrr"] -= 1
            return check_report(report, last)
        return keystroke

    figures = {
        "baseline (read every cell)": best_us(baseline),
        "check, one year": best_us(lambda: check_report(this)),
        "check with last year (per keystroke)": best_us(keystroke),
        "check with last year, after typing in 一": best_us(narrative_keystroke),
        "check with last year, 参考文本 known in 一": best_us(with_reference_text()),
        "check with last year, all texts afresh": best_us(cold),
        "check, typing in an 8 000-character 一": best_us(typing_in_long_text(8_000)),
        "check, typing in a 20 000-character 一": best_us(typing_in_long_text(20_000)),
    }
    base = figures["baseline (read every cell)"]
    print(f"report: {this.unit.name} {this.year} ({len(this.cells)} cells, "
          f"{sum(len(t) for t in this.text.values())} characters of text), previous: {last.year}")
    print(f"{'what':44} {'µs/call':>9} {'× baseline':>11}")
    for name, us in figures.items():
        print(f"{name:44} {us:9.1f} {us / base:11.1f}")
    worst = max(figures["check with last year (per keystroke)"], figures["check with last year, after typing in 一"],
                figures["check with last year, 参考文本 known in 一"], figures["check, typing in an 8 000-character 一"])
    print(f"goal: full re-check under 1000 µs per keystroke for texts of real length (up to ~8 000 characters) — "
          f"{'met' if worst < 1000 else 'NOT met'}; at 20 000 characters: "
          f"{figures['check, typing in a 20 000-character 一']:.0f} µs")


if __name__ == "__main__":
    main()
