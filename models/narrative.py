"""一、总体情况 as the wizard edits it: an optional opening, then the five official
sub-headings each with its text. Splitting is lossless or not done at all."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.catalogue import SECTION_BY_KEY

SUBHEADINGS = SECTION_BY_KEY["s1"].subheadings
_ORDINALS = "一二三四五"
_HEADING = re.compile(r"（([一二三四五])）[^。；]{0,28}")
SUBHEADING = _HEADING   # a line that is one of 一's sub-headings (fullmatch), not a paragraph
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")   # a sentence: up to 。！？ or the line's end


@dataclass
class Overview:
    intro: str = ""
    headings: list[str] = field(default_factory=lambda: list(SUBHEADINGS))   # the clerk's wording kept
    bodies: list[str] = field(default_factory=lambda: [""] * len(SUBHEADINGS))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def join_overview(overview: Overview) -> str:
    lines = _lines(overview.intro)
    for heading, body in zip(overview.headings, overview.bodies):
        if _lines(body):
            lines += [heading] + _lines(body)
    return "\n".join(lines)


def split_overview(text: str) -> Overview | None:
    """The five parts of `text`, or None when it does not follow the sub-headings in order
    (then the wizard edits it as one text, so nothing is ever lost or reordered)."""
    overview, current, seen = Overview(), None, -1
    intro: list[str] = []
    bodies: list[list[str]] = [[] for _ in SUBHEADINGS]
    for line in _lines(text):
        match = _HEADING.fullmatch(line)
        if match:
            ordinal = _ORDINALS.index(match.group(1))
            if ordinal <= seen:
                return None
            seen = current = ordinal
            overview.headings[ordinal] = line
            continue
        (intro if current is None else bodies[current]).append(line)
    overview.intro = "\n".join(intro)
    overview.bodies = ["\n".join(b) for b in bodies]
    if join_overview(overview) != "\n".join(_lines(text)):
        return None   # e.g. a heading with nothing under it would be dropped: keep the text whole
    return overview
