"""Cell values: what each value kind accepts, how a typed or pasted text becomes a value,
and how a value is written back. No float ever: amounts are `Decimal`, kept as entered."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from models.bounds import AMOUNT_LIMIT, COUNT_MAX, YUAN_LIMIT, amount_problem, count_problem
from models.catalogue import AMOUNT_MAX_DECIMALS, ValueKind

Value = int | Decimal | None   # None: the cell was left empty (rule S-1)

KIND_DESCRIPTION = {
    ValueKind.COUNT: "不小于 0 的整数",
    ValueKind.SIGNED: "整数（可为负数）",
    ValueKind.AMOUNT: f"不小于 0 的金额（单位万元，最多 {AMOUNT_MAX_DECIMALS} 位小数）",
}

_AMOUNT_RE = re.compile(r"\d+(\.\d{1,%d})?" % AMOUNT_MAX_DECIMALS)
# More digits than any value within bounds can have: refused before int() or Decimal() sees them
# (Python refuses to convert more than 4 300 digits, and a huge Decimal is slow to compare).
_MAX_DIGITS = max(len(str(COUNT_MAX)), len(str(int(AMOUNT_LIMIT)))) + 1


def is_number(value: object) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def problem(kind: ValueKind, value: object) -> str | None:
    """Why `value` is not acceptable for a cell of `kind` (None when it is, or when empty)."""
    if value is None:
        return None
    if kind is ValueKind.AMOUNT:
        if not is_number(value):
            return "不是金额"
        if isinstance(value, Decimal):
            if not value.is_finite():
                return "不是有效金额"
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > AMOUNT_MAX_DECIMALS:
                return f"小数超过 {AMOUNT_MAX_DECIMALS} 位"
        return amount_problem(Decimal(value))
    if not isinstance(value, int) or isinstance(value, bool):
        return "不是整数"
    return count_problem(value, signed=kind is ValueKind.SIGNED)


def fees_problem(fees) -> str | None:
    """Why a `Fees` (信息处理费: notices, and two sums in 元) is out of bounds, naming the field."""
    for label, value, limit in (("告知收费金额", fees.notice_amount_yuan, YUAN_LIMIT),
                                ("实际收取金额", fees.collected_yuan, YUAN_LIMIT)):
        why = (problem(ValueKind.AMOUNT, value) if not is_number(value) or isinstance(value, Decimal) and
               not value.is_finite() else amount_problem(Decimal(value), limit))
        if why:
            return f"信息处理费{label}{why}"
    why = problem(ValueKind.COUNT, fees.notices)
    return f"信息处理费收费通知件数{why}" if why else None


def parse_amount_text(text: str) -> Decimal | None:
    """Strict: an amount string as written in a data file ("0.092"); None if malformed."""
    if not _AMOUNT_RE.fullmatch(text) or len(text.partition(".")[0].lstrip("0")) > _MAX_DIGITS:
        return None
    return Decimal(text)


# --- what a clerk types or pastes ------------------------------------------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋，", "0123456789.-+,")
EMPTY_MARKERS = {"", "/", "／", "—", "-", "－", "无"}


class InputError(ValueError):
    """A typed or pasted value that cannot go into the cell; the message is for the clerk."""


def parse_input(kind: ValueKind, text: str) -> Value:
    """Turn typed or pasted text into a cell value, or raise InputError with a Chinese message.

    Tolerates what comes out of Excel and WPS: full-width digits, thousands separators,
    surrounding spaces. An empty cell or 「/」 means empty (None)."""
    raw = text.strip().replace("\u3000", "")
    if raw in EMPTY_MARKERS:
        return None
    norm = raw.translate(_FULLWIDTH).replace(",", "").replace(" ", "")
    if kind is ValueKind.AMOUNT:
        if norm.startswith("-"):
            raise InputError(f"“{raw}”：金额不能为负数")
        if len(norm.lstrip("+").partition(".")[0].lstrip("0")) > _MAX_DIGITS:
            raise InputError(f"“{_shown(raw)}”：金额{amount_problem(AMOUNT_LIMIT)}")
        value = parse_amount_text(norm.lstrip("+"))
        if value is None:
            if re.fullmatch(r"\+?\d+\.\d+", norm):
                raise InputError(f"“{raw}”：金额最多保留 {AMOUNT_MAX_DECIMALS} 位小数")
            raise InputError(f"“{raw}”不是数字，请填写金额（单位万元），如 0.092")
        why = amount_problem(value)
        if why:
            raise InputError(f"“{_shown(raw)}”：金额{why}")
        return value
    if re.fullmatch(r"[+-]?\d+", norm):
        if kind is ValueKind.COUNT and norm.startswith("-"):
            raise InputError(f"“{_shown(raw)}”：件数不能为负数")
        digits = norm.lstrip("+-").lstrip("0")
        value = int(norm) if len(digits) <= _MAX_DIGITS else COUNT_MAX * 10 * (-1 if norm[0] == "-" else 1)
        why = count_problem(value, signed=kind is ValueKind.SIGNED)
        if why:
            raise InputError(f"“{_shown(raw)}”：件数{why}")
        return value
    if re.fullmatch(r"[+-]?\d+\.\d*", norm):
        raise InputError(f"“{raw}”：件数应为整数，不能有小数")
    raise InputError(f"“{raw}”不是数字，请填写{KIND_DESCRIPTION[kind]}")


def _shown(raw: str, limit: int = 20) -> str:
    """A typed value as a message quotes it: a 5 000-digit paste is not repeated in full."""
    return raw if len(raw) <= limit else raw[:limit] + "…"


def format_value(value: Value) -> str:
    """As printed and as shown in a cell: amounts exactly as entered; empty as ""."""
    if value is None:
        return ""
    return str(value)


def format_date(day: date) -> str:
    """成文日期 style (GB/T 9704): full year, no padded month or day — 2026年1月5日."""
    return f"{day.year}年{day.month}月{day.day}日"
