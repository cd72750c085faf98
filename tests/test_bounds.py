"""The bounds and text rules of data-file.md, in their one module."""

from decimal import Decimal

import pytest

from models.bounds import (
    AMOUNT_LIMIT, COUNT_MAX, YUAN_LIMIT, amount_problem, clean_line, clean_text, count_problem,
    removed_notice, text_problem,
)
from models.checks import Finding


# one of each class that cannot be printed (also what tests/test_export_text.py sends to the export)
UNPRINTABLE = ["\x0b", "\x0c", "\x01", "\x00", "\x7f", "\x85", "\x9f", "\ud800", "\udfff",
               "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u2028", "\ufffe"]


@pytest.mark.parametrize("char", UNPRINTABLE)
def test_unprintable_characters_are_named_in_a_file(char):
    problem = text_problem(f"报告{char}正文")
    assert problem is not None and "第 3 个字符" in problem and f"U+{ord(char):04X}" in problem


@pytest.mark.parametrize("text", ["", "一、总体情况\n（一）主动公开\t2024年", "“引号”——破折号…", "𠀀 扩展B区汉字", "€ £ ©"])
def test_printable_text_passes(text):
    assert text_problem(text) is None


def test_pasted_text_is_cleaned_and_counted():
    assert clean_text("甲\r\n乙\r丙") == ("甲\n乙\n丙", 0)             # Windows line ends are not news
    assert clean_text("甲\x0b乙\x0c丙") == ("甲\n乙\n丙", 2)             # Word's soft break, page break
    assert clean_text("甲\x01乙\ud800丙\u200b丁\u202e") == ("甲乙丙丁", 4)
    cleaned, changed = clean_text("\x0b" * 1000 + "正文")
    assert text_problem(cleaned) is None and changed == 1000


def test_one_line_fields():
    assert clean_line(" 某某镇\n人民政府\x0b\t") == ("某某镇 人民政府", 1)


def test_notice_only_when_something_went():
    assert removed_notice(0) == ""
    assert "3 个" in removed_notice(3, "一、总体情况")


def test_count_bounds():
    assert count_problem(0) is None and count_problem(COUNT_MAX) is None
    assert count_problem(COUNT_MAX + 1) and count_problem(10**30) and count_problem(-1)
    assert count_problem(-COUNT_MAX, signed=True) is None and count_problem(-COUNT_MAX - 1, signed=True)


def test_amount_bounds():
    assert amount_problem(Decimal("999999999.999999")) is None
    assert amount_problem(AMOUNT_LIMIT) and amount_problem(Decimal("-0.1"))
    assert amount_problem(Decimal("9999999999"), YUAN_LIMIT) is None and amount_problem(YUAN_LIMIT, YUAN_LIMIT)


def test_finding_ids():
    assert Finding("S-3", "warning", ("t3.r2.zrr",), "…").id == "S-3|t3.r2.zrr"
    assert Finding("H-4", "error", ("t3.r1.zj", "t3.r4.zj"), "…").id == "H-4|t3.r1.zj,t3.r4.zj"
    assert Finding("S-16", "warning", (), "…", subject="s5").id == "S-16|s5"
    assert Finding("S-12", "info", (), "…").id == "S-12"
    assert Finding("S-3", "warning", ("t3.r2.zrr",), "…").as_json()["id"] == "S-3|t3.r2.zrr"
