"""Published text tidied the way it was typed: the spaces that PDF extraction and some web pages
leave between a figure and the Chinese around it (「2024 年」, 「共 12 件」, 「（国令第 711 号）」)
are removed. Chinese government writing puts no space there, so removing them never changes
what the text says.

One function, used wherever published text comes in (every importer goes through
`models.importer.assemble`) and wherever the app prints text (`models.export`), so a report
imported from a PDF prints as cleanly as one typed in the app.
"""

from __future__ import annotations

import re

# Ideographs, CJK punctuation (、。〈〉《》「」…), full-width forms (（），：；％０-９) and the
# quotes and dashes Chinese text uses (‘’“”—…).
_CJK = "\u2e80-\u2fff\u3001-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\u2018\u2019\u201c\u201d\u2014\u2026"
_FIGURE_END = "0-9\uff10-\uff19%\u2030"          # a figure ends in a digit, % or ‰
_FIGURE_START = "0-9\uff10-\uff19"
# horizontal spaces only (never a line break): ASCII, no-break, the typographic spaces, ideographic
_SPACE = "[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+"
_SPACE_AROUND_FIGURE = re.compile(
    f"(?<=[{_FIGURE_END}]){_SPACE}(?=[{_CJK}])|(?<=[{_CJK}]){_SPACE}(?=[{_FIGURE_START}])")


def tidy_published_text(text: str) -> str:
    """`text` without the spaces between a figure and the Chinese text beside it; every other
    character, line break included, is kept."""
    return _SPACE_AROUND_FIGURE.sub("", text)
