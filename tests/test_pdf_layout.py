"""How the PDF reader lays out what a page holds, on pages made of glyph boxes here (no PDF, no
LibreOffice): the rows of a table drawn without lines where labels wrap (centred on their
figures, or from the cell's top, a row cut by a page break), the 落款 at the end of the text
however many lines its name takes, and a line that ended short only because the next word
would not fit."""

from __future__ import annotations

import pytest

from models.importer.narrative import date_line
from models.importer.pdf_borderless import is_figure
from models.importer.pdf_page import Glyph
from models.importer.pdf_rows import Piece, assign_rows
from models.importer.pdf_text import Line, Run, paragraphs, signatures

SIZE = 10.0
PITCH = 14.0          # a cell's lines: 4 pt apart
ROW_GAP = 12.0        # between two rows: the cells' padding


def run(text: str, x: float, top: float, size: float = SIZE) -> Run:
    glyphs, at = [], x
    for char in text:
        width = size if char >= "\u2e80" else size / 2
        glyphs.append(Glyph(char, at, top, at + width, top + size, size))
        at += width
    return Run(glyphs)


def line(*runs: Run) -> Line:
    return Line(list(runs))


# --- rows of a table without lines ------------------------------------------------------------


def table(rows: list[tuple[list[str], int]], align: str, top: float = 0.0) -> list[Piece]:
    """Label column 0 (at x 0) and one figure column (column 1, at x 200): each row's label lines
    and its figure, placed as a browser places them for `align` (top / middle)."""
    pieces, y = [], top
    for label_lines, figure in rows:
        height = len(label_lines) * PITCH - (PITCH - SIZE)
        for k, text in enumerate(label_lines):
            pieces.append(Piece(run(text, 0, y + k * PITCH), 0, 0))
        figure_top = y if align == "top" else y + (height - SIZE) / 2
        pieces.append(Piece(run(str(figure), 200, figure_top), 1, 1))
        y += height + ROW_GAP
    return pieces


def rows_read(pieces: list[Piece]) -> list[tuple[str, str]]:
    out = []
    for row in assign_rows(pieces, is_figure, 1, SIZE):
        labels = "".join(p.run.text for p in sorted(row, key=lambda p: p.top) if p.c0 == 0)
        figures = "".join(p.run.text for p in row if p.c0 == 1)
        out.append((labels, figures))
    return out


ROWS = [(["1.属于国家秘密"], 1), (["2.其他法律行政", "法规禁止公开"], 2), (["3.危及“三安", "全一稳定”"], 3),
        (["5.属于三类内部", "事务信", "息"], 5), (["7.属于行政执法案卷"], 7)]


@pytest.mark.parametrize("align", ["middle", "top"])
def test_wrapped_labels_belong_to_the_row_of_their_figures(align):
    expected = [("".join(label), str(figure)) for label, figure in ROWS]
    assert rows_read(table(ROWS, align)) == expected


def test_the_end_of_a_row_cut_by_the_page_break_is_a_row_of_its_own():
    """The top of the next page: 「定”」 finishes the row the break cut (its figures were on the
    page before), then rows whose labels wrap — not 「定”4.保护第三方合法权」."""
    rest = [(["4.保护第三方合法权", "益"], 4), (["5.属于三类内部事务", "信息"], 5)]
    pieces = [Piece(run("定”", 0, 0), 0, 0)] + table(rest, "middle", top=SIZE + ROW_GAP)
    assert rows_read(pieces) == [("定”", ""), ("4.保护第三方合法权益", "4"), ("5.属于三类内部事务信息", "5")]


def test_without_a_wider_gap_the_first_lines_are_the_first_rows_label():
    pieces = table([(["一、本年新收政府信息公", "开申请数量"], 23), (["二、上年结转"], 0)], "middle")
    assert rows_read(pieces) == [("一、本年新收政府信息公开申请数量", "23"), ("二、上年结转", "0")]


# --- the 落款 ------------------------------------------------------------------------------------

LEFT, RIGHT = 80.0, 520.0


def body(text: str, top: float, indent: bool = True) -> Line:
    return line(run(text, LEFT + (2 * 16 if indent else 0), top, 16))


def right(text: str, top: float, edge: float = RIGHT - 64) -> Line:
    width = sum(16 if c >= "\u2e80" else 8 for c in text)
    return line(run(text, edge - width, top, 16))


def centred(text: str, top: float, middle: float = 400) -> Line:
    width = sum(16 if c >= "\u2e80" else 8 for c in text)
    return line(run(text, middle - width / 2, top, 16))


def text_lines() -> list[Line]:
    """六's text: a paragraph of three lines set 27 characters wide, the first indented two."""
    return [body("本年度本机关未收取信息处理费，也没有其他需要报告的", 0),
            body("事项。本机关将继续按照条例的要求做好政府信息公开工作，", 24, indent=False),
            body("特此说明。", 48, indent=False)]


@pytest.mark.parametrize("name_lines, date", [
    # right-aligned four characters in, the name wrapped from the left edge
    ([line(run("淮安市人民政府（市政府办公室编制，全市汇总数", LEFT + 26, 96, 16)), right("据）", 120)],
     right("2025 年 2 月 20 日", 144)),
    # centred in the right half, the name in two full lines, the date in Chinese numerals
    ([centred("江苏省宿迁市沭阳县发展和改", 96), centred("革局（县粮食和物资储备局）", 120)],
     centred("二〇二四年一月十七日", 144)),
    # joint units, one a line
    ([right("中共某某镇委员会", 96), right("某某镇人民政府", 120)], right("2024年1月15日", 144)),
])
def test_the_signature_is_its_name_and_its_date_whatever_the_lines(name_lines, date):
    lines = text_lines() + name_lines + [date]
    roles = signatures(lines, LEFT, RIGHT, 8.0)
    assert roles == {3: "name", 4: "more", 5: "date"}
    out = paragraphs(lines)
    assert out[-2:] == ["".join(line.text for line in name_lines), date.text]
    assert out[:-2] == ["本年度本机关未收取信息处理费，也没有其他需要报告的事项。本机关将继续按照条例的要求做好"
                         "政府信息公开工作，特此说明。"]


def test_a_signature_in_a_narrow_column_whose_name_takes_two_full_lines():
    """A column 18 characters wide: the 35-character name's second line starts one character
    in, flush right with the date — set apart by nothing but its alignment and its wording."""
    def at(text: str, x: float, top: float) -> Line:
        return line(run(text, x, top, 11))
    lines = [at("二〇二三年度，县发展和改革局政府", 112, 0), at("信息公开未发生收费情况，特此说明。", 90, 15),
             at("江苏省宿迁市沭阳县发展和改革局（县粮", 90, 45), at("食和物资储备局、县价格监督检查局）", 101, 60),
             at("2024年1月17日", 288 - 11 * 7, 85)]
    assert signatures(lines, 90, 288, 4.0) == {2: "name", 3: "more", 4: "date"}
    assert paragraphs(lines)[-2:] == ["江苏省宿迁市沭阳县发展和改革局（县粮食和物资储备局、县价格监督检查局）", "2024年1月17日"]


def test_a_line_of_text_above_a_date_is_no_signature():
    lines = text_lines() + [right("2024年1月15日", 72)]     # the line above it ends with 。
    assert signatures(lines, LEFT, RIGHT, 8.0) == {}
    flush_left = text_lines() + [body("2024年1月15日", 72, indent=False)]
    assert signatures(flush_left, LEFT, RIGHT, 8.0) == {}   # a date at the left edge is text


def test_dates_in_figures_and_in_chinese_numerals():
    assert date_line("2024 年 1 月 15 日") == (2024, 1, 15)
    assert date_line("二〇二四年十二月三十一日") == (2024, 12, 31)
    assert date_line("二○二五年一月二十日") == (2025, 1, 20)
    assert date_line("2024年1月15日前完成") is None


def test_a_title_line_that_ends_short_because_the_next_word_would_not_fit_goes_on():
    """「…全区汇」 ends 2.7 characters short of the column: 「总）2023」 could not follow it."""
    lines = [line(run("平潭综合实验区（管委会，全区汇", 90, 0, 11)),
             line(run("总）2023年政府信息公开工作年度报告", 90, 15, 11)),
             line(run("一、总体情况", 90, 60, 11)),
             line(run("这一行很长很长很长很长很长很长很长很", 90, 75, 11)),
             line(run("本段结束。", 90, 90, 11))]
    right_edge = lines[3].x1
    assert right_edge - lines[0].x1 > 2 * 11            # more than two characters short
    assert paragraphs(lines)[0] == "平潭综合实验区（管委会，全区汇总）2023年政府信息公开工作年度报告"
