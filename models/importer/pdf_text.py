"""Glyphs → lines, runs and paragraphs: the text of a PDF page as a reader sees it.

A line is the glyphs at one height; a run is a piece of a line with no wide gap in it (a table
cell, or one column of a two-column page); a paragraph is lines joined where the text merely
wrapped. Page headers and footers (「— 3 —」, 「第 3 页 共 6 页」, a site's banner repeated on
every page) are recognised here so that they reach neither the text nor a table."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from models.importer.pdf_page import Glyph

LINE_OVERLAP = 0.45      # glyphs whose centres are closer than this many font sizes share a line
RUN_GAP = 1.5            # a gap wider than this many font sizes ends a run
SPACE_GAP = 0.2          # a gap this wide between two non-Chinese glyphs is a space
MARGIN_BAND = 0.12       # the top and bottom of a page where headers and footers live
_PAGE_NUMBER = re.compile(r"^[-—–―－~\s·•]*(第\s*)?\d{1,4}(\s*页)?(\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?[-—–―－~\s·•]*$"
                          r"|^\d{1,4}\s*[/／]\s*\d{1,4}$|^page\s*\d+(\s*of\s*\d+)?$", re.I)
_URL_OR_STAMP = re.compile(r"^(https?://|file://|www\.)\S*(\s+\d{1,4}\s*/\s*\d{1,4})?$"
                           r"|^\d{2,4}[/.-]\d{1,2}[/.-]\d{1,2}(\s+|日)?\s*\d{1,2}:\d{2}", re.I)


def is_cjk(char: str) -> bool:
    return char >= "\u2e80"


def join_glyphs(glyphs: list[Glyph]) -> str:
    """Glyphs of one run, left to right, with a space only where Latin text had one."""
    out: list[str] = []
    previous = None
    for g in glyphs:
        if previous is not None:
            gap = g.x0 - previous.x1
            if gap > SPACE_GAP * max(g.size, previous.size) and not (is_cjk(previous.char) and is_cjk(g.char)):
                out.append(" ")
        out.append(g.char)
        previous = g
    return "".join(out)


@dataclass
class Run:
    glyphs: list[Glyph]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    text: str = ""

    def __post_init__(self):
        self.x0 = min(g.x0 for g in self.glyphs)
        self.x1 = max(g.x1 for g in self.glyphs)
        self.top = min(g.top for g in self.glyphs)
        self.bottom = max(g.bottom for g in self.glyphs)
        sizes = sorted(g.size for g in self.glyphs)
        self.size = sizes[len(sizes) // 2]
        self.text = join_glyphs(self.glyphs)


@dataclass
class Line:
    runs: list[Run]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    margin: bool = False     # a page header or footer
    text: str = field(default="")

    def __post_init__(self):
        self.x0 = self.runs[0].x0
        self.x1 = self.runs[-1].x1
        self.top = min(r.top for r in self.runs)
        self.bottom = max(r.bottom for r in self.runs)
        self.size = max(r.size for r in self.runs)
        self.text = join_glyphs(self.glyphs)

    @property
    def glyphs(self) -> list[Glyph]:
        return [g for r in self.runs for g in r.glyphs]


def split_runs(glyphs: list[Glyph], gap: float = RUN_GAP) -> list[Run]:
    runs, current = [], [glyphs[0]]
    for g in glyphs[1:]:
        if g.x0 - current[-1].x1 > gap * max(g.size, current[-1].size):
            runs.append(Run(current))
            current = []
        current.append(g)
    runs.append(Run(current))
    return runs


def make_lines(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs grouped into lines, top to bottom, each left to right and split into runs."""
    lines: list[list[Glyph]] = []
    centre = size = 0.0
    for g in sorted(glyphs, key=lambda g: (g.yc, g.x0)):
        if lines and abs(g.yc - centre) <= LINE_OVERLAP * max(size, g.size):
            lines[-1].append(g)
            centre = (centre * (len(lines[-1]) - 1) + g.yc) / len(lines[-1])
            size = max(size, g.size)
        else:
            lines.append([g])
            centre, size = g.yc, g.size
    return [Line(split_runs(sorted(line, key=lambda g: g.x0))) for line in lines]


# --- headers and footers ---------------------------------------------------------------------


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def mark_margins(pages: list[tuple[float, list[Line]]]) -> None:
    """Mark the lines that are page headers or footers: in the top or bottom band of the page,
    a page number, a URL or print time stamp, or the same text (numbers aside) on several pages."""
    def in_band(line: Line, height: float) -> bool:
        return line.bottom < height * MARGIN_BAND or line.top > height * (1 - MARGIN_BAND)

    shapes: Counter = Counter()
    for height, lines in pages:
        shapes.update({_shape(line.text) for line in lines if in_band(line, height)})
    repeated = max(2, (len(pages) + 1) // 2)
    for height, lines in pages:
        for line in lines:
            if not in_band(line, height):
                continue
            text = line.text.strip()
            if _PAGE_NUMBER.match(text) or _URL_OR_STAMP.match(text) \
                    or (len(pages) >= 2 and shapes[_shape(text)] >= repeated):
                line.margin = True


# --- two columns -----------------------------------------------------------------------------


def gutter(lines: list[Line], width: float) -> float | None:
    """The x of the gap between two columns of text, when the lines form two columns: most
    lines are either wholly left or wholly right of it, and both sides hold text."""
    runs = [r for line in lines for r in line.runs]
    if len(runs) < 8:
        return None
    body = [r for r in runs if r.x1 - r.x0 > width * 0.15]
    for lo, hi in _free_bands(body, width * 0.3, width * 0.7):
        x = (lo + hi) / 2
        left = sum(1 for r in body if r.x1 <= lo)
        right = sum(1 for r in body if r.x0 >= hi)
        if left >= 3 and right >= 3 and left + right >= 0.8 * len(body):
            return x
    return None


def _free_bands(runs: list[Run], lo: float, hi: float) -> list[tuple[float, float]]:
    """Stretches of [lo, hi] that no run covers, widest first."""
    covered = sorted((max(r.x0, lo), min(r.x1, hi)) for r in runs if r.x1 > lo and r.x0 < hi)
    bands, at = [], lo
    for a, b in covered:
        if a > at:
            bands.append((at, a))
        at = max(at, b)
    if at < hi:
        bands.append((at, hi))
    return sorted((b for b in bands if b[1] - b[0] >= 6), key=lambda b: b[0] - b[1])


# --- paragraphs ------------------------------------------------------------------------------


def join_lines(first: str, second: str) -> str:
    if first and second and first[-1].isascii() and first[-1].isalnum() and second[0].isascii() \
            and second[0].isalnum():
        return f"{first} {second}"
    return first + second


_OPENING = set("（(《〈「『“‘【〔［[")
_CLOSING = set("）)》〉」』”’】〕］]，,。.、；;：:！!？?%％…—")
_SENTENCE_END = tuple("。！？!?；;：:")


def first_unbreakable(line: Line) -> float:
    """The width of what a line starts with that could not have been broken: opening brackets
    with the character after them, a Latin word or number, and the closing punctuation that
    must follow (「总）2023」 cannot be split from 「总」 on the line before)."""
    glyphs = line.glyphs
    i = 0
    while i < len(glyphs) - 1 and glyphs[i].char in _OPENING:
        i += 1
    if glyphs[i].char.isascii() and glyphs[i].char.isalnum():
        while i + 1 < len(glyphs) and glyphs[i + 1].char.isascii() and glyphs[i + 1].char.isalnum() \
                and glyphs[i + 1].x0 - glyphs[i].x1 < SPACE_GAP * glyphs[i].size:
            i += 1
    while i + 1 < len(glyphs) and (glyphs[i + 1].char in _CLOSING or (glyphs[i + 1].char.isascii() and
                                                                      glyphs[i + 1].char.isalnum())) \
            and glyphs[i + 1].x0 - glyphs[i].x1 < SPACE_GAP * glyphs[i].size:
        i += 1
    return glyphs[i].x1 - glyphs[0].x0


def signatures(lines: list[Line], left: float, right: float, usual_gap: float) -> dict[int, str]:
    """The 落款s among `lines`: a date line standing right or centred (not at the text's left
    edge), and above it up to three short lines of the unit's name set flush with it (right
    edges or centres together), close above one another — one name wrapped as its paragraph is
    set, or the names of joint units. A name line that starts at the text's left edge is the
    first line of a name too long for one line (it left no room for the next line's first word),
    or the last line of one, flush right with the date and ending as a unit's name ends.
    Returns, for each of their lines, "name" (the first line of the name), "more" (its following
    lines) or "date"."""
    from models.importer.narrative import dates_a_signature, ends_like_a_unit, heading_of, is_name_line

    out: dict[int, str] = {}
    for d, line in enumerate(lines):
        size = line.size
        if not dates_a_signature(line.text) or line.x0 - left <= 3 * size:
            continue
        roles: dict[int, str] = {d: "date"}
        below, name = line, ""
        for k in range(d - 1, max(d - 4, -1), -1):
            above = lines[k]
            right_flush = abs(above.x1 - below.x1) <= 1.5 * size
            flush = right_flush or abs((above.x0 + above.x1) / 2 - (below.x0 + below.x1) / 2) <= 1.5 * size
            room = above.x0 - left if right_flush else above.x0 - left + max(right - above.x1, 0)
            wrapped = below is not line and flush and room < first_unbreakable(below) + 0.5 * size \
                and below.top - above.bottom <= usual_gap + 0.6 * size
            placed = flush and below.top - above.bottom <= usual_gap + 1.6 * size and (
                above.x0 - left > 2 * size                                    # set apart from the text
                or (below is line and right_flush and ends_like_a_unit(above.text)))   # a name's long last line
            if k in out or not (wrapped or placed) or heading_of(above.text) is not None \
                    or above.text.rstrip().endswith(_SENTENCE_END) or not is_name_line(above.text + name):
                break
            name = above.text + name
            if below is not line:
                roles[k + 1] = "more"
            roles[k] = "name"
            below = above
            if wrapped:
                break              # a name that starts at the left edge starts there
        if len(roles) > 1:
            out.update(roles)
    return out


def paragraphs(lines: list[Line], page_starts: set[int] = frozenset()) -> list[str]:
    """Lines of running text (one column, top to bottom, perhaps over several pages: `page_starts`
    are the indexes of lines that begin a page) → paragraphs: a new one after a line that ended
    short (the next line's first word would have fitted), at an indented line, after a wider gap
    than the text's line spacing, or where the type size changes; a paragraph runs on over a page
    break. A 落款 (see `signatures`) is its name and its date, whatever the lines it took."""
    if not lines:
        return []
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = sorted(line.x1 for line in lines)[int(len(lines) * 0.9) if len(lines) > 1 else 0]
    gaps = [b.top - a.bottom for i, (a, b) in enumerate(zip(lines, lines[1:]))
            if b.top >= a.bottom - 1 and i + 1 not in page_starts]
    usual_gap = statistics.median(gaps) if gaps else 0.0
    middle = (left + right) / 2
    body_size = sorted(line.size for line in lines)[len(lines) // 2]
    signed = signatures(lines, left, right, usual_gap)

    def centred(line: Line) -> bool:   # a title's line: larger than the text, in the middle
        return line.size > 1.15 * body_size and abs((line.x0 + line.x1) / 2 - middle) < 1.5 * line.size

    def ended_short(previous: Line, line: Line) -> bool:
        room = right - previous.x1
        return room > 2 * line.size and (previous.text.rstrip().endswith(_SENTENCE_END)
                                         or room > first_unbreakable(line) + 0.5 * line.size)

    out: list[str] = []
    previous = None
    for i, line in enumerate(lines):
        size = line.size
        title_goes_on = (previous is not None and centred(previous) and centred(line)
                         and abs(line.size - previous.size) < 0.1 * size and line.top - previous.bottom < 2 * size)
        if i in signed or i - 1 in signed:
            starts = signed.get(i) != "more"
        else:
            starts = not title_goes_on and (previous is None
                      or line.x0 - left > 0.8 * size
                      or ended_short(previous, line)
                      or (i not in page_starts and not -size < line.top - previous.bottom <= usual_gap + 0.6 * size)
                      or abs(line.size - previous.size) > 0.2 * max(size, previous.size)
                      or line.x0 < left - 0.8 * size)
        if starts:
            out.append(line.text)
        else:
            out[-1] = join_lines(out[-1], line.text)
        previous = line
    return out
