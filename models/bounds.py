"""Bounds, and text that can be printed (shared/spec/data-file.md, "Bounds, and text that can
be printed") — the one place these limits are written down.

Every door applies them: the data-file reader, the wizard (typing and pasting), the importers,
the Excel reader. Two ways to apply the text rules, by who is at the door:

* a file (`gkreport/1`) is refused: `text_problem()` says why, naming the first bad character;
* a person pasting, or a page being imported, is helped: `clean_text()` removes what cannot be
  printed (and turns Windows and Word line breaks into "\\n"), and says how many characters went,
  so that the clerk can be told.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# --- numbers ---------------------------------------------------------------------------

COUNT_MAX = 99_999_999                      # a count: 0 … COUNT_MAX; a 2019 delta: ±COUNT_MAX
AMOUNT_LIMIT = Decimal("1000000000")        # an amount in 万元 is below this
YUAN_LIMIT = Decimal("10000000000")         # fees.notice_amount_yuan / collected_yuan are below this

# --- text ------------------------------------------------------------------------------

SECTION_MAX_CHARS = 100_000                 # one narrative section
FILE_MAX_BYTES = 20 * 1024 * 1024           # a whole data file
UNIT_NAME_MAX_CHARS = 100                   # a unit name: 1 … 100 characters

# Characters that are never printable text: C0 controls but "\t" and "\n", DEL and the C1
# controls, lone surrogates, zero-width characters, bidirectional marks and overrides, the
# Unicode line and paragraph separators, and the two noncharacters U+FFFE/U+FFFF.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\ud800-\udfff"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u061c\ufeff"
    "\ufffe\uffff]"
)
_CARRIAGE_RETURNS = re.compile("\r\n?")                     # Windows and old Mac line ends
_OTHER_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")       # Word's ↵ (U+000B), page break, NEL, LS, PS


def char_name(char: str) -> str:
    """A character as a clerk's message names it: 「U+000B（控制字符）」."""
    code = f"U+{ord(char):04X}"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"{code}（不成对的代理字符）"
    if unicodedata.category(char) == "Cf" or char in "\u2028\u2029":
        return f"{code}（不可见的格式字符）"
    return f"{code}（控制字符）"


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored as printable text (the first offending character and where it
    is), or None when it can."""
    match = _UNPRINTABLE.search(text)
    if match is None:
        return None
    return f"第 {match.start() + 1} 个字符是不可打印的 {char_name(match.group())}"


def clean_text(text: str) -> tuple[str, int]:
    """Text as a person meant it: line breaks of every kind made "\\n", every other character
    that cannot be printed removed. Returns the text and how many characters were replaced or
    removed (a Windows "\\r\\n" made "\\n" is not counted: nothing the clerk sees changed)."""
    text = _CARRIAGE_RETURNS.sub("\n", text)
    text, replaced = _OTHER_BREAKS.subn("\n", text)
    text, removed = _UNPRINTABLE.subn("", text)
    return text, replaced + removed


def clean_line(text: str) -> tuple[str, int]:
    """`clean_text` for a one-line field (a unit name): line breaks and tabs become one space,
    leading and trailing space goes."""
    text, changed = clean_text(text)
    return re.sub(r"[\t\n]+", " ", text).strip(), changed


def unit_name_problem(name: str) -> str | None:
    """Why a unit name typed or sent is not one (empty, or longer than the bound), or None."""
    if not name or not name.strip():
        return "单位名称不能为空"
    if len(name) > UNIT_NAME_MAX_CHARS:
        return f"单位名称有 {len(name)} 个字，超过 {UNIT_NAME_MAX_CHARS} 个字的上限"
    return None


def removed_notice(removed: int, where: str = "") -> str:
    """What the clerk is told after `clean_text` removed characters (empty when none were)."""
    if not removed:
        return ""
    place = f"{where}中" if where else ""
    return f"已删除或替换{place} {removed} 个无法打印的字符（如从 Word 复制带来的控制符）"


def count_problem(value: int, signed: bool = False) -> str | None:
    """Why an integer is outside the bounds of a count (or of a 2019 signed delta)."""
    low = -COUNT_MAX if signed else 0
    if value < low:
        return "不能为负数" if not signed else f"不能小于 {low:,}"
    if value > COUNT_MAX:
        return f"超出上限（不能大于 {COUNT_MAX:,}）"
    return None


def amount_problem(value: Decimal, limit: Decimal = AMOUNT_LIMIT) -> str | None:
    """Why an amount is outside its bounds (万元 by default; pass YUAN_LIMIT for 元)."""
    if value < 0:
        return "不能为负数"
    if value >= limit:
        return f"超出上限（应小于 {limit:,}）"
    return None
