"""Where the printed report's lines break and where things sit, in characters of the 3号 body
(GB/T 9704's unit 「字」): the title broken between words in a 梯形 or 菱形 (§7.3.1), the 落款
with and without a seal (§7.3.5), run-in headings (§7.3.3). Shared by the .docx and the HTML
preview, so the two cannot differ.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

LINE_CHARS = 28          # §5.2.3: 28 characters of 3号 a line
TITLE_LINE_CHARS = 20    # 2号 (22 pt) characters on the same 156 mm line


def text_width(text: str) -> float:
    """Width in characters of the font's size: Chinese (and the quotes and dashes Chinese text
    uses) one, digits and Latin letters half, and a quarter for the space Word, WPS and
    LibreOffice put between Chinese and a run of digits or Latin (「2023 年」)."""
    wide = [unicodedata.east_asian_width(c) in "WFA" for c in text]
    changes = sum(a != b for a, b in zip(wide, wide[1:]))
    return sum(1 if w else 0.5 for w in wide) + 0.25 * changes


# --- title --------------------------------------------------------------------------------------

# A break is allowed after these words of unit names, never inside them; after a one-character
# level (省, 市, 县, …) only when the next character does not continue a word (市场, 市委, 区域…).
_WORD_ENDS = ("人民政府", "管理委员会", "委员会", "管委会", "办公室", "办公厅", "办事处", "街道", "政府")
_LEVEL = "省市县区州盟旗镇乡"
_NOT_AFTER_LEVEL = "场政委直民属级域区管容监辖"
_REPORT_WORDS = ("年", "政府信息公开", "工作", "年度报告")


@dataclass(frozen=True)
class _Word:
    text: str
    cost: float      # of a line break after this word: 0 between the parts of the title, more inside them


# the cost of a break, by where it falls
_BETWEEN_PARTS, _AT_BRACKET, _BETWEEN_WORDS, _IN_BRACKETS_AFTER_COMMA, _IN_BRACKETS = 0.0, 0.25, 0.5, 1.0, 1.5


def _unit_words(name: str) -> list[_Word]:
    cuts = {0, len(name)}
    for match in re.finditer(r"[（(]", name):
        cuts.add(match.start())
    for match in re.finditer(r"[）)，,、]", name):
        cuts.add(match.end())
    for word in _WORD_ENDS:
        for match in re.finditer(word, name):
            cuts.add(match.end())
    for i, char in enumerate(name[:-1]):
        if char in _LEVEL and name[i + 1] not in _NOT_AFTER_LEVEL + _LEVEL + "）)":
            cuts.add(i + 1)
    # a cut inside a protected word is no cut (「人民政府」 holds 「民」, 「街道」 …)
    protected = [(m.start(), m.end()) for word in _WORD_ENDS for m in re.finditer(word, name)]
    cuts = sorted(c for c in cuts if not any(start < c < end for start, end in protected))
    words = []
    depth = 0
    for a, b in itertools.pairwise(cuts):
        text = name[a:b]
        depth += text.count("（") + text.count("(") - text.count("）") - text.count(")")
        following = name[b:b + 1]
        if depth > 0:
            cost = _IN_BRACKETS_AFTER_COMMA if text[-1] in "，,、" else _IN_BRACKETS
        elif following in "（(" or text[-1] in "）)":
            cost = _AT_BRACKET
        else:
            cost = _BETWEEN_WORDS
        words.append(_Word(text, cost))
    return words


def _words(unit: str, year: int, suffix: str) -> list[_Word]:
    words = _unit_words(unit)
    words[-1] = _Word(words[-1].text, _BETWEEN_PARTS)
    report = [f"{year}年", "政府信息公开", "工作", "年度报告"]
    words += [_Word(w, _BETWEEN_PARTS if i == len(report) - 1 else _BETWEEN_WORDS) for i, w in enumerate(report)]
    if suffix:
        words.append(_Word(suffix, _BETWEEN_PARTS))
    return words


def _badness(lines: list[list[_Word]]) -> tuple:
    widths = [text_width("".join(w.text for w in line)) for line in lines]
    hourglass = any(widths[i] < widths[i - 1] and widths[i] < widths[i + 1] for i in range(1, len(widths) - 1))
    return len(lines) + sum(line[-1].cost for line in lines[:-1]), hourglass, max(widths) - min(widths)


_MOST_TITLES_TRIED = 20_000     # ways of breaking a title tried at most (≈ 0.1 s)


@cache
def title_lines(unit: str, year: int, suffix: str = "") -> list[str]:
    """The title's lines, 20 characters of 2号 at most, broken between words: between the unit
    name and the report name where possible, inside a bracket only when nothing else fits — one
    line more is better than a name cut inside its brackets — and never in an hourglass
    (GB/T 9704 §7.3.1: 梯形或菱形). A single word longer than a line is cut where it must be."""
    words = []
    for word in _words(unit, year, suffix):
        while text_width(word.text) > TITLE_LINE_CHARS:   # cannot be helped: cut at the line's end
            head = word.text[:TITLE_LINE_CHARS]
            words.append(_Word(head, _IN_BRACKETS))
            word = _Word(word.text[len(head):], word.cost)
        words.append(word)
    widths = [text_width(w.text) for w in words]

    def fits(a: int, b: int) -> bool:
        return sum(widths[a:b]) <= TITLE_LINE_CHARS

    fewest, start, greedy = 1, 0, [0]         # the fewest lines: filling each line greedily
    for i in range(len(words)):
        if not fits(start, i + 1):
            fewest, start = fewest + 1, i
            greedy.append(i)
    if sum(math.comb(len(words) - 1, count - 1) for count in (fewest, fewest + 1)) > _MOST_TITLES_TRIED:
        # no real unit name has that many words (the longest seen: 14), but a name of 100
        # characters may (「县甲县甲…」): trying every way would take hours, so fill greedily
        return ["".join(w.text for w in words[a:b]) for a, b in itertools.pairwise(greedy + [len(words)])]
    best: tuple | None = None
    for count in (fewest, fewest + 1):
        for cuts in itertools.combinations(range(1, len(words)), count - 1):
            bounds = (0, *cuts, len(words))
            if all(fits(a, b) for a, b in itertools.pairwise(bounds)):
                lines = [words[a:b] for a, b in itertools.pairwise(bounds)]
                score = _badness(lines)
                if best is None or score < best[0]:
                    best = (score, ["".join(w.text for w in line) for line in lines])
    return best[1]


# --- 落款 -----------------------------------------------------------------------------------------


def signature_lines(unit: str, date_text: str, seal: bool) -> list[tuple[str, float]]:
    """The unit name over the date, each with its space from the right edge in characters.

    With a seal (§7.3.5.1): the date 右空四字 and the name centred over it (never nearer the
    edge than 二字). Without (§7.3.5.2): the name 右空二字, the date on the next line starting
    two characters right of the name's first character; when that would push the date past
    右空二字, the date sits 右空二字 and the name moves left to keep the two characters."""
    name, day = text_width(unit), text_width(date_text)
    if seal:
        return [(unit, max(2.0, 4 + (day - name) / 2)), (date_text, 4.0)]
    span = max(name, day + 2)                  # from the name's first character to the right end
    return [(unit, 2 + span - name), (date_text, span - day)]


# --- run-in headings ----------------------------------------------------------------------------

# 「（一）主动公开情况。2024年，……」: the heading up to and including its 。 or ：
_RUN_IN = (
    ("heading2", re.compile(r"（[一二三四五六七八九十]{1,2}）[^。：:；，\n]{1,30}?[。：:]")),
    ("heading3", re.compile(r"[1-9][0-9]?[.．](?![0-9])[^。：:；，\n]{1,30}?[。：:]")),
)
# a short line of its own: 「（一）主动公开」 (a heading paragraph), 「1.加强组织领导」 (bold)
STANDALONE_HEADING2 = re.compile(r"（[一二三四五六七八九十]{1,2}）[^。；]{0,28}")
_STANDALONE_HEADING3 = re.compile(r"[1-9][0-9]?[.．](?![0-9])[^。；，]{1,28}")


def text_runs(text: str) -> list[tuple[str, str | None]]:
    """A paragraph of body text as (segment, kind) runs: kind "heading2" (楷体) or "heading3"
    (仿宋 bold) for a run-in heading, None for the rest."""
    for kind, pattern in _RUN_IN:
        match = pattern.match(text)
        if match:
            rest = text[match.end():]
            return [(match.group(), kind)] + ([(rest, None)] if rest else [])
    if _STANDALONE_HEADING3.fullmatch(text):
        return [(text, "heading3")]
    return [(text, None)]
