"""What a clerk may type or paste into a cell, and what is refused (with the reason)."""

from decimal import Decimal

import pytest

from models.catalogue import ValueKind
from models.values import InputError, format_date, format_value, parse_input, problem

COUNT, SIGNED, AMOUNT = ValueKind.COUNT, ValueKind.SIGNED, ValueKind.AMOUNT


@pytest.mark.parametrize("text,value", [
    ("12", 12), (" 12 ", 12), ("１２", 12), ("1,234", 1234), ("１，２３４", 1234), ("0", 0),
    ("", None), ("/", None), ("／", None), ("\u3000", None),
])
def test_counts_accept_what_excel_and_wps_paste(text, value):
    assert parse_input(COUNT, text) == value


@pytest.mark.parametrize("text,reason", [
    ("-1", "不能为负数"), ("2.5", "整数"), ("abc", "不是数字"), ("1e3", "不是数字"), ("3件", "不是数字"),
])
def test_counts_refuse_with_a_reason(text, reason):
    with pytest.raises(InputError, match=reason):
        parse_input(COUNT, text)


def test_signed_counts_take_negative_deltas():
    assert parse_input(SIGNED, "-15") == -15
    assert parse_input(SIGNED, "－15") == -15


@pytest.mark.parametrize("text,value", [("0.092", "0.092"), ("5949.088667", "5949.088667"), ("0.50", "0.50"),
                                        ("１２.５", "12.5"), ("96,171.6", "96171.6"), ("3", "3")])
def test_amounts_are_kept_exactly_as_entered(text, value):
    parsed = parse_input(AMOUNT, text)
    assert isinstance(parsed, Decimal) and str(parsed) == value


@pytest.mark.parametrize("text,reason", [("-0.1", "负数"), ("0.1234567", "6 位小数"), ("一万", "不是数字"),
                                         ("1e3", "不是数字"), ("0.5.1", "不是数字")])
def test_amounts_refuse_with_a_reason(text, reason):
    with pytest.raises(InputError, match=reason):
        parse_input(AMOUNT, text)


def test_problem_matches_the_kinds():
    assert problem(COUNT, 3) is None and problem(COUNT, None) is None
    assert problem(COUNT, -1) and problem(COUNT, True) and problem(COUNT, 2.0) and problem(COUNT, Decimal(2))
    assert problem(SIGNED, -1) is None
    assert problem(AMOUNT, Decimal("0.092")) is None and problem(AMOUNT, 7) is None
    assert problem(AMOUNT, 0.5) and problem(AMOUNT, Decimal("NaN")) and problem(AMOUNT, Decimal("-1"))


def test_formatting():
    assert format_value(None) == "" and format_value(Decimal("0.50")) == "0.50" and format_value(7) == "7"
    from datetime import date
    assert format_date(date(2026, 1, 5)) == "2026年1月5日"
