"""A printed table cell → a value, through the same tolerant parsing as typing in the app
(models.values.parse_input: full-width digits, thousands separators, 「/」 or empty → None),
plus what only printed reports do: a trailing 件 or 万元, and a note after the figure such as
「22（其中修订16件）」. Anything else is unreadable — never a silent zero."""

from __future__ import annotations

import re
import unicodedata

from models.catalogue import ValueKind
from models.values import InputError, Value, parse_input

SHOWN_MAX = 30
_UNITS = {ValueKind.COUNT: ("件", "个", "项", "条", "次"), ValueKind.SIGNED: ("件", "个", "项", "条", "次"),
          ValueKind.AMOUNT: ("万元",)}
_FIGURE_THEN_REST = re.compile(r"([+-]?[\d,]+(?:\.\d+)?)\s*(万元|元|件|个|项|条|次)?\s*(.*)", re.S)
_NOTE = re.compile(r"[(\[【〔](.*)[)\]】〕]", re.S)


class Unreadable(ValueError):
    """The cell's text is not a value of its kind; the message says why, in Chinese."""


def shown(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX] + "…"


def _reason(exc: InputError) -> str:
    return re.sub(r"^“[^”]*”[：:]?", "", str(exc))


def read_value(kind: ValueKind, text: str) -> tuple[Value, str | None]:
    """The value of a cell printed as `text`, and a remark when something beside the figure
    was dropped (a unit, a note). Raises Unreadable."""
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip(" \t\u3000\xa0")]
    if len([line for line in lines if re.search(r"\d", unicodedata.normalize("NFKC", line))]) > 1:
        raise Unreadable(f"单元格内容“{shown(text)}”有不止一个数字")
    raw = "".join(lines)
    try:
        return parse_input(kind, raw), None
    except InputError as exc:
        first_error = exc
    flat = unicodedata.normalize("NFKC", raw).strip()
    match = _FIGURE_THEN_REST.fullmatch(flat)
    if not re.search(r"\d", flat) or match is None:
        raise Unreadable(f"单元格内容“{shown(raw)}”不是数字")
    figure, unit, rest = match.groups()
    if unit and unit not in _UNITS[kind]:
        if kind is ValueKind.AMOUNT and unit == "元":
            raise Unreadable(f"单元格内容“{shown(raw)}”的单位是元，表中应以万元填写")
        raise Unreadable(f"单元格内容“{shown(raw)}”的单位“{unit}”与本栏不符")
    if rest and not _NOTE.fullmatch(rest.strip()):
        raise Unreadable(f"单元格内容“{shown(raw)}”：{_reason(first_error)}")
    try:
        value = parse_input(kind, figure)
    except InputError as exc:
        raise Unreadable(f"单元格内容“{shown(raw)}”：{_reason(exc)}") from None
    if rest:
        return value, f"印为“{shown(raw)}”，按 {value} 读取（括号中的说明未读入表格）"
    return value, None
