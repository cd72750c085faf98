"""The printed page measured, not inferred: a report rendered by LibreOffice (through the app's
own PDF runner) and read back with poppler — 22 lines of 28 characters filling the 版心, the
page number's 一字线 7 mm below it, the title broken where the export says, the 落款 where
GB/T 9704 puts it, 表三's labels broken between words only."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from models.export import export_report
from models.export.base import MARGINS_MM, PAGE_MM, TEXT_HEIGHT_MM, TEXT_WIDTH_MM, TITLE_LINE_TWIPS
from models.export.layout import signature_lines, title_lines
from models.export.pdf import find_soffice
from models.values import format_date
from tests.factory import good_report
from tests.rendered import HAVE_POPPLER, page_count, page_lines, page_raster

pytestmark = pytest.mark.skipif(find_soffice() is None or not HAVE_POPPLER,
                                reason="LibreOffice and poppler-utils are needed to render and measure; CI installs them")

UNIT = "淮安市人民政府（市政府办公室编制，全市汇总数据）"
SIGNED = date(2025, 1, 20)
# text without punctuation or figures, so that every full line holds exactly its characters
PLAIN = "政府信息公开工作坚持以人民为中心的发展思想全面推进决策执行管理服务结果公开持续深化重点领域信息公开" * 9
TOP, LEFT = MARGINS_MM["top"], MARGINS_MM["left"]
BOTTOM, RIGHT = TOP + TEXT_HEIGHT_MM, LEFT + TEXT_WIDTH_MM      # 262 mm, 184 mm
CHAR_MM = 16 * 25.4 / 72                                       # one 3号 character


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    report = good_report()
    report.unit.name = UNIT
    report.text["s1"] = "\n".join(["（一）主动公开情况。" + PLAIN] + [PLAIN] * 3)
    folder = tmp_path_factory.mktemp("rendered")
    export_report(report, folder / "r.docx", pdf=folder / "r.pdf", sign_date=SIGNED)
    return folder / "r.pdf"


def _body(lines):
    return [line for line in lines if line.top > TOP - 3 and line.bottom < BOTTOM + 1]


def test_a_full_page_has_22_lines_of_28_characters(rendered):
    lines = _body(page_lines(rendered, 2))          # page 2: body text only
    assert len(lines) == 22, [line.text for line in lines]
    counts = Counter(len(line.text) for line in lines)
    assert max(counts) == 28 and counts[28] >= 18, counts      # full lines; a paragraph's first and last are shorter
    full = [line for line in lines if len(line.text) == 28]
    assert all(abs(line.left - LEFT) < 0.5 and abs(line.right - RIGHT) < 1.0 for line in full)   # 撑满版心
    pitch = (lines[-1].top - lines[0].top) / 21
    assert abs(pitch - TEXT_HEIGHT_MM / 22) < 0.05, pitch     # 22 lines fill the 225 mm 版心
    assert lines[0].top >= TOP - 2 and lines[-1].bottom <= BOTTOM


def test_the_page_numbers_dash_is_7_mm_below_the_text(rendered):
    for page in (1, 2):                              # odd: right; even: left
        raster = page_raster(rendered, page)
        ink = raster.dark(0, BOTTOM + 1, PAGE_MM[0], PAGE_MM[1] - 5)
        assert ink, page
        xs = sorted(x for x, _ in ink)
        side = xs[0] > PAGE_MM[0] / 2
        assert side == (page % 2 == 1)
        first_dash = [y for x, y in ink if x < xs[0] + 0.6 * CHAR_MM * 14 / 16]
        middle = (min(first_dash) + max(first_dash)) / 2
        assert abs(middle - BOTTOM - 7) < 0.3, (page, middle - BOTTOM)


def test_the_title_breaks_where_the_export_says(rendered):
    expected = title_lines(UNIT, 2024)
    assert len(expected) == 3
    lines = page_lines(rendered, 1)
    assert [line.text for line in lines[:3]] == expected
    for line in lines[:3]:                           # centred
        assert abs((line.left + line.right) / 2 - (LEFT + RIGHT) / 2) < 1.0
    # exactly 35 pt apart, as in Word and WPS (LibreOffice snapped them to two body lines, 58 pt)
    for above, below in zip(lines[:2], lines[1:3]):
        assert abs(below.top - above.top - TITLE_LINE_TWIPS / 1440 * 25.4) < 0.2


def test_the_signature_sits_where_gb_t_9704_puts_it(rendered):
    last = page_lines(rendered, page_count(rendered))
    date_text = format_date(SIGNED)
    (name,) = [line for line in last if line.text == UNIT]
    (day,) = [line for line in last if line.text == date_text]
    (_, name_space), (_, date_space) = signature_lines(UNIT, date_text, seal=True)
    assert abs(RIGHT - day.right - 4 * CHAR_MM) < 1.0           # 右空四字
    assert abs(RIGHT - name.right - name_space * CHAR_MM) < 1.0
    assert day.top > name.top


def test_run_in_heading_and_text_share_a_line(rendered):
    lines = page_lines(rendered, 1)
    (first,) = [line for line in lines if line.text.startswith("（一）主动公开情况。")]
    assert len(first.text) == 26                     # 左空二字: 26 characters after the indent
