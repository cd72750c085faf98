"""Matching printed labels to the catalogue's, tolerant of how real reports print them:
spaces and line breaks inside a label, full- or half-width punctuation and digits, ASCII or
curly quotes (or none), 「1、」 for 「1.」, and small typos — but never a guess between two
candidates."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

_QUOTES = dict.fromkeys(map(ord, "“”\"'‘’「」『』〝〞＂"), None)
_SPACE = re.compile(r"\s+")
_ENUM = re.compile(r"^(\d{1,2})[、.,:;]")                # 1、 1． 1， → 1.
_ENUM_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]{1,2}[、.,]|\([一二三四五六七八九十]{1,2}\)|\d{1,2}\.)")

FUZZY_MIN = 0.8      # similarity ratio for a typo to count as the label
FUZZY_MARGIN = 0.08  # the runner-up must be at least this much further away


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """A label reduced to what identifies it."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _SPACE.sub("", text).replace("<br>", "").replace("<br/>", "").replace("其它", "其他").lower()
    return _ENUM.sub(r"\1.", text)


def strip_enum(normed: str) -> str:
    """A normalised label without its leading 一、 / (一) / 1. numbering."""
    return _ENUM_PREFIX.sub("", normed, count=1)


class Ambiguous(Exception):
    def __init__(self, candidates: tuple[str, ...]):
        super().__init__(candidates)
        self.candidates = candidates


class Matcher:
    """Labels → values. `find(text)` is the value of the label `text` stands for: exact after
    normalisation, then without numbering, then by similarity; None if nothing is close;
    raises Ambiguous (naming the candidates by their first label) when two different values
    are about as close."""

    def __init__(self, entries: list[tuple[str, object]]):
        self.exact: dict[str, set] = {}
        self.bare: dict[str, set] = {}
        self.labels: list[tuple[str, object]] = []
        self.names: dict = {}
        self.ranked: dict[str, list] = {}   # similarity rankings already worked out
        for label, value in entries:
            self.names.setdefault(value, label)
            n = norm(label)
            self.exact.setdefault(n, set()).add(value)
            self.bare.setdefault(strip_enum(n), set()).add(value)
            self.labels.append((strip_enum(n), value))

    def _one(self, values: set) -> object:
        if len(values) == 1:
            return next(iter(values))
        raise Ambiguous(tuple(sorted(str(self.names[v]) for v in values)))

    def find(self, text: str, fuzzy: bool = True) -> object | None:
        n = norm(text)
        if not n:
            return None
        if n in self.exact:
            return self._one(self.exact[n])
        bare = strip_enum(n)
        if len(bare) >= 4 and bare in self.bare:   # 「总计」 alone is a header, not 「（七）总计」
            return self._one(self.bare[bare])
        if len(bare) < 4 or not fuzzy:
            return None
        if bare not in self.ranked:
            if len(self.ranked) > 4096:
                self.ranked.clear()
            self.ranked[bare] = self._rank(bare)
        ranked = self.ranked[bare]
        if not ranked or ranked[0][1] < FUZZY_MIN:
            return None
        if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - FUZZY_MARGIN:
            raise Ambiguous(tuple(str(self.names[v]) for v, _ in ranked[:2]))
        return ranked[0][0]

    def _rank(self, bare: str) -> list[tuple[object, float]]:
        best: dict[object, float] = {}
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(bare)
        floor = FUZZY_MIN - FUZZY_MARGIN
        for label, value in self.labels:
            if abs(len(label) - len(bare)) > max(len(label), len(bare)) * 0.4:
                continue
            matcher.set_seq1(label)
            if matcher.quick_ratio() < floor:
                continue
            ratio = matcher.ratio()
            if ratio > best.get(value, 0):
                best[value] = ratio
        return sorted(best.items(), key=lambda kv: -kv[1])

    def get(self, text: str, fuzzy: bool = True) -> object | None:
        """Like find(), but an ambiguous label is simply no match."""
        try:
            return self.find(text, fuzzy=fuzzy)
        except Ambiguous:
            return None
