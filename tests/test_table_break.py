"""表三 kept on one page without leaving more than half a page empty before it (issue 10, item 8):
measured on the pages LibreOffice renders, for every real sample and for narratives of every
length, and the estimate (models/export/pagination.py) that decides it checked against them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models.catalogue import LAYOUTS
from models.export import export_report
from models.export.base import LINE_TWIPS, MARGINS_MM, TEXT_HEIGHT_MM, TWIPS_PER_MM
from models.export.document import body_blocks
from models.export.pagination import (TABLE_BREAK_LINES, break_points, paragraph_lines, table_start,
                                      table_three_break)
from models.export.pdf import find_soffice, run_soffice
from models.signoff import sign_off_report
from tests.factory import good_report, sample, sample_names
from tests.rendered import HAVE_POPPLER, page_count, page_lines, page_raster

SIGNED = date(2025, 1, 20)
TOP, BOTTOM = MARGINS_MM["top"], MARGINS_MM["top"] + TEXT_HEIGHT_MM       # the 版心: 37 … 262 mm
LINE_MM = LINE_TWIPS / TWIPS_PER_MM                                        # 10.21 mm
HALF_PAGE_MM = TEXT_HEIGHT_MM / 2
SMALL_BLANK_MM = TEXT_HEIGHT_MM / 3      # a blank this small before 表三 is no reason to split it
HEADING = "三、收到和处理政府信息公开申请情况"
LAST_ROW = "四、结转下年度继续办理"
PLAIN = "政府信息公开工作坚持以人民为中心的发展思想全面推进决策执行管理服务结果公开"   # 38 characters: 2 lines


# --- the estimate, without rendering -------------------------------------------------------------


def test_lines_of_a_paragraph():
    assert paragraph_lines("政" * 26) == 1 and paragraph_lines("政" * 27) == 2       # 左空二字, then 28
    assert paragraph_lines("政" * 26 + "。") == 2           # 「。」 never starts a line: 「政。」 go down together
    assert paragraph_lines("政" * 25 + "2024年") == 2       # a figure is never cut
    assert paragraph_lines("政" * 54) == 2 and paragraph_lines("政" * 55) == 3


def test_break_points_keep_groups_and_repeat_labels():
    for layout in LAYOUTS.values():
        table = layout.table("t3")
        points = break_points(table)
        assert points[0] == table.header_rows + 2 and points[-1] <= table.n_grid_rows - 3
        labels = {g.row: g.text for g in table.grid if g.col == 1 and not g.key}
        # never inside 「（四）无法提供」's three rows nor after a single row of a group
        four = next(r for r, t in labels.items() if t.startswith("（四）"))
        assert four + 1 not in points and four + 2 not in points and four in points


def _report_with_lines(extra_lines: int):
    report = good_report()
    report.text["s1"] = "\n".join([PLAIN] * (extra_lines // 2) + (["政府信息公开"] if extra_lines % 2 else []))
    return report


def test_the_threshold_lies_between_a_small_blank_and_half_a_page():
    """Split when more than TABLE_BREAK_LINES lines would be left empty: more than a small blank,
    and under half a page by two lines, the estimate's margin."""
    assert SMALL_BLANK_MM < TABLE_BREAK_LINES * LINE_MM <= HALF_PAGE_MM - 2 * LINE_MM


def test_the_decision_follows_the_estimated_blank():
    decisions = []
    for n in range(0, 46):
        report = _report_with_lines(n)
        blocks = body_blocks(report, sign_date=SIGNED)
        start, row = table_start(blocks, report), table_three_break(blocks, report)
        if start.fits:
            assert row is None
        elif start.blank_if_kept <= TABLE_BREAK_LINES * LINE_TWIPS:
            assert row is None
        else:
            assert row in break_points(report.layout.table("t3"))
        decisions.append(row)
    assert None in decisions and any(decisions)      # a page's worth of lengths meets both


# --- rendered --------------------------------------------------------------------------------------

needs_renderer = pytest.mark.skipif(find_soffice() is None or not HAVE_POPPLER,
                                    reason="LibreOffice and poppler-utils are needed to render and measure")


def _variants() -> dict:
    """Every real sample as it would print; three of them with 一 cut to a third and to two thirds
    and doubled; and a made-up report whose 一 grows two lines at a time through a whole page."""
    reports = {name: sample(name) for name in sample_names()}
    for name in [n for n in ("huaian-city-2024", "pingtan-2019", "pingtan-2023") if n in reports]:
        paragraphs = [p for p in reports[name].text.get("s1", "").split("\n") if p.strip()]
        for label, chosen in (("short", paragraphs[:max(1, len(paragraphs) // 3)]),
                              ("medium", paragraphs[:max(1, 2 * len(paragraphs) // 3)]),
                              ("long", paragraphs * 2)):
            report = sample(name)
            report.text["s1"] = "\n".join(chosen)
            reports[f"{name}-{label}"] = report
    for n in range(0, 23, 2):
        reports[f"made-up-{n:02}"] = _report_with_lines(n)
    return reports


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each variant exported and rendered once, all in one LibreOffice run."""
    reports = _variants()
    folder = tmp_path_factory.mktemp("table-break")
    for name, report in reports.items():
        export_report(report, folder / f"{name}.docx", draft=not sign_off_report(report).final, sign_date=SIGNED)
    run_soffice(["--convert-to", "pdf", "--outdir", str(folder), *(str(folder / f"{n}.docx") for n in reports)],
                folder, timeout=600)
    return {name: (report, folder / f"{name}.pdf") for name, report in reports.items()}


def _ink_bottom(pdf: Path, page: int, below: float = BOTTOM + 0.5) -> float:
    """The lowest ink of the 版心 (text or a table's rule) above `below`, in mm from the top of the
    page; the 版心's top when there is none."""
    ink = page_raster(pdf, page, dpi=50).dark(20, TOP - 1, 190, below)
    return max((y for _, y in ink), default=TOP)


@needs_renderer
def test_no_more_than_half_a_page_empty_before_table_three(rendered):
    split_seen = kept_seen = False
    for name, (report, pdf) in rendered.items():
        pages = {p: page_lines(pdf, p) for p in range(1, page_count(pdf) + 1)}
        (page, heading), = [(p, line) for p, lines in pages.items() for line in lines if line.text == HEADING]
        at_top = heading.top < TOP + 3
        blank = BOTTOM - _ink_bottom(pdf, page - 1) if at_top else 0.0
        assert blank <= HALF_PAGE_MM, (name, blank)
        whole = any(line.text == LAST_ROW for line in pages[page])
        estimate = table_start(body_blocks(report, sign_date=SIGNED), report)
        if whole:
            kept_seen |= at_top
            if at_top:               # moved whole to this page: as much was left empty as estimated
                assert abs(blank - estimate.blank_if_kept / TWIPS_PER_MM) < 2.0, (name, blank)
        else:
            split_seen = True
            # split only when keeping it whole would have left more than a few lines empty …
            left = BOTTOM - _ink_bottom(pdf, page, below=heading.top - 0.5)
            assert left > SMALL_BLANK_MM, (name, left)
            assert abs(left - estimate.blank_if_kept / TWIPS_PER_MM) < 2.0, (name, left)
            # … and it goes on on the next page under its header rows, the split label printed again
            following = [line.text for line in pages[page + 1]]
            assert "申请人情况" in following and LAST_ROW in following, name
            assert "本年度" in "".join(following), name
            # what was split off fills its page
            assert BOTTOM - _ink_bottom(pdf, page) < HALF_PAGE_MM / 2, name
    assert split_seen and kept_seen      # both ways were met


@needs_renderer
def test_table_three_is_whole_when_it_fits_after_a_small_blank(rendered):
    """Never split when it fits where it starts, or on the next page after a small blank (up to a
    third of a page: the export allows TABLE_BREAK_LINES lines)."""
    small_seen = False
    for name, (report, pdf) in rendered.items():
        start = table_start(body_blocks(report, sign_date=SIGNED), report)
        if start.fits or start.blank_if_kept / TWIPS_PER_MM <= SMALL_BLANK_MM:
            small_seen |= not start.fits
            pages = [page_lines(pdf, p) for p in range(1, page_count(pdf) + 1)]
            (lines,) = [lines for lines in pages if any(line.text == HEADING for line in lines)]
            assert LAST_ROW in [line.text for line in lines], name
    assert small_seen
