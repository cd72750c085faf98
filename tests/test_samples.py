"""The real published reports, and the typos clerks make, injected into them."""

import pytest

from models.checks import ERROR, WARNING, check_report
from tests.factory import sample, sample_names

CLEAN = [n for n in sample_names() if n != "pingtan-2020"]   # pingtan-2020 breaks H-3 as published


def typos(value: int):
    """Typical slips of a clerk typing a figure: an extra 0, a dropped digit, swapped digits, one off."""
    text = str(value)
    out = {value * 10, value + 1}
    if value:
        out.add(value - 1)
    if len(text) > 1:
        out.add(int(text[:-1]))
        if text[0] != text[1]:
            out.add(int(text[1] + text[0] + text[2:]))
    out.discard(value)
    return sorted(out)


@pytest.mark.parametrize("name", CLEAN)
def test_every_typo_in_tables_three_and_four_is_caught(name):
    report = sample(name)
    keys = [k for k in report.layout.cells if k.startswith(("t3.", "t4."))]
    missed = []
    for key in keys:
        original = report.cells.get(key)
        for typo in typos(original or 0):
            report.cells[key] = typo
            if not any(f.severity == ERROR and key in f.cells for f in check_report(report)):
                missed.append((key, original, typo))
        report.cells[key] = original
    assert missed == []


@pytest.mark.parametrize("key", ["t2.gfxwj.valid", "t2.gfxwj.made", "t2.gfxwj.repealed"])
def test_typos_in_valid_documents_are_caught_with_last_year(key):
    last, this = sample("pingtan-2021"), sample("pingtan-2022")
    assert not [f for f in check_report(this, last) if f.rule == "S-5"]
    for typo in typos(this.cells[key]):
        this_typo = sample("pingtan-2022")
        this_typo.cells[key] = typo
        assert any(f.rule == "S-5" and f.severity == WARNING and key in f.cells
                   for f in check_report(this_typo, last)), typo


def test_the_pingtan_series_breaks_s5_three_times():
    years = [sample(f"pingtan-{y}") for y in range(2021, 2026)]
    s5 = [(this.year, f.cells[0]) for last, this in zip(years, years[1:])
          for f in check_report(this, last) if f.rule == "S-5"]
    assert s5 == [(2023, "t2.gfxwj.valid"), (2024, "t2.gfxwj.valid"), (2025, "t2.gfxwj.valid")]


def test_carry_over_across_the_real_series_including_the_layout_change():
    years = [sample(f"pingtan-{y}") for y in range(2019, 2026)]
    for last, this in zip(years, years[1:]):
        assert not [f for f in check_report(this, last) if f.rule in ("S-3", "S-13")], this.year


def test_a_2019_layout_filed_for_2023_is_refused():
    report = sample("pingtan-2020")
    report.year = 2023
    assert any(f.rule == "H-9" for f in check_report(report))
