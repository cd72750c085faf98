"""雷同 across units: narrative copied from one unit's report into another's.

`share` (data-file.md): the part of the shorter narrative — 一、五、六 together, figures ignored —
that also stands in the other, from 0 to 1; a pair at 0.6 or more is listed.

How "stands in the other" is measured. The narrative is cut into clauses at the punctuation marks
(。；，、：！？ and line ends), as rule S-13 does for 雷同 with last year, so that a report copied
from a neighbour and one copied from last year are measured alike. In each clause spacing is
dropped, every figure becomes "#" (figures ignored: a copy with new numbers is still a copy) and
the unit's own name becomes "※" (a copy with the name swapped is still a copy). The official
sub-headings ((一)主动公开 …) are left out: every report has them. The share is the number of
characters of the shorter narrative's clauses that also occur among the other's clauses, divided
by all its characters. Narratives under 30 characters are not compared (rule S-16 deals with them).

How pairs are found without comparing every pair. An inverted index maps each clause to the
reports that contain it. For each report only its rarest clauses are looked up — just enough of
them that a report sharing 60% of it must share one of those (prefix filtering, see
`similar_pairs`) — so the sentences every unit writes (「本年度未收取信息处理费」) are rarely looked
up at all, and the work grows with the number of reports, not with the number of pairs. Each pair
so proposed is then measured exactly: every listed share is the exact one, and no pair that
reaches the threshold is missed. Why this and not MinHash/LSH: see README ("雷同 across units").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from models.catalogue import SECTIONS
from models.report import Report

THRESHOLD = 0.6
NARRATIVE_KEYS = ("s1", "s5", "s6")          # 一、五、六
MIN_CHARS = 30                               # as rule S-13: shorter texts are not compared

_SEPARATORS = "。；！？!?;，,：:、\n"
_CLAUSE = re.compile(f"[^{_SEPARATORS}]+")
_SPACE = re.compile(r"[^\S\n]+")                # spacing; line ends separate clauses
_FIGURE = re.compile(r"\d+")                     # \d: full-width digits too
_NAME_SUFFIXES = ("人民政府办公室", "人民政府办公厅", "人民政府", "街道办事处", "办事处")
_PARENTHESES = re.compile(r"[（(][^（）()]*[）)]")
MASK = "※"


def _bare(text: str) -> str:
    """Spacing dropped, every figure "#" (line ends kept: they separate clauses)."""
    return _FIGURE.sub("#", _SPACE.sub("", text))


_SUBHEADINGS = frozenset(_bare(h) for s in SECTIONS for h in s.subheadings)


def name_forms(name: str) -> tuple[str, ...]:
    """The ways a unit names itself in its text: 「某某镇人民政府」 and 「某某镇」, longest first
    (forms holding a punctuation mark that separates clauses are left out)."""
    full = _bare(name)
    plain = _bare(_PARENTHESES.sub("", name))
    forms = {full, plain}
    for suffix in _NAME_SUFFIXES:
        if plain.endswith(suffix) and len(plain) - len(suffix) >= 2:
            forms.add(plain[:-len(suffix)])
    forms = {f for f in forms if len(f) >= 2 and not any(c in _SEPARATORS for c in f)}
    return tuple(sorted(forms, key=len, reverse=True))


def _normal(text: str, names: tuple[str, ...]) -> str:
    """Figures ignored, spacing dropped, the unit's own name masked: a text or one clause of it
    (both give the same clauses, since neither figures, spacing nor names span a separator)."""
    text = _bare(text)
    for name in names:
        if name in text:
            text = text.replace(name, MASK)
    return text


def narrative_text(report: Report) -> str:
    return joined(report.text)


def joined(text: dict[str, str]) -> str:
    """一、五、六 of a report's `text` (as in a data file) as one text, a line between them."""
    return "\n".join(text.get(key) or "" for key in NARRATIVE_KEYS)


@dataclass(frozen=True)
class Narrative:
    """A report's 一、五、六 as normalised clauses, in order (a clause may occur more than once)."""
    clauses: tuple[str, ...]
    chars: int

    @classmethod
    def of(cls, report: Report) -> Narrative:
        return cls.from_text(narrative_text(report), report.unit.name)

    @classmethod
    def from_text(cls, text: str, unit_name: str = "") -> Narrative:
        names = name_forms(unit_name) if unit_name else ()
        clauses = tuple(c for c in _CLAUSE.findall(_normal(text, names)) if c not in _SUBHEADINGS)
        chars = sum(map(len, clauses))
        return cls(clauses, chars) if chars >= MIN_CHARS else cls((), 0)


def _contained(part: Narrative, whole: Narrative, present: frozenset[str] | None = None) -> float:
    present = present if present is not None else frozenset(whole.clauses)
    return sum(len(c) for c in part.clauses if c in present) / part.chars


def share(a: Narrative, b: Narrative) -> float:
    """The part of the shorter narrative that also stands in the other (on equal lengths, the
    larger of the two ways round); 0 when either is too short to compare."""
    if not a.chars or not b.chars:
        return 0.0
    if a.chars < b.chars:
        return _contained(a, b)
    if b.chars < a.chars:
        return _contained(b, a)
    return max(_contained(a, b), _contained(b, a))


@dataclass(frozen=True)
class Pair:
    a: int              # indices into the narratives given, a < b
    b: int
    share: float


@dataclass(frozen=True)
class Search:
    pairs: list[Pair]                 # share ≥ threshold, highest first
    candidates: int                   # pairs measured exactly
    probes: int                       # postings visited: the work done


def similar_pairs(narratives: Sequence[Narrative], groups: Sequence[Hashable] | None = None,
                  threshold: float = THRESHOLD) -> Search:
    """Every pair of narratives whose share reaches `threshold`, exactly. Pairs within one group
    (the same unit in two years) are skipped.

    Prefix filtering (the "all pairs" similarity join): order the clauses from the rarest to the
    most common; for a narrative A, take the shortest prefix of its clauses in that order such that
    the clauses left out weigh less than `threshold` of A. If A is the shorter of a pair and shares
    at least `threshold` of itself with B, the shared clauses cannot all lie outside that prefix —
    so looking up only the prefix clauses in the index finds every such B. The common clauses come
    last and are looked up only for narratives made mostly of them."""
    n = len(narratives)
    groups = groups if groups is not None else range(n)
    weights: list[dict[str, int]] = []           # per narrative: clause -> its characters there
    postings: dict[str, list[int]] = defaultdict(list)
    for i, narrative in enumerate(narratives):
        own: dict[str, int] = defaultdict(int)
        for clause in narrative.clauses:
            own[clause] += len(clause)
        weights.append(own)
        for clause in own:
            postings[clause].append(i)

    candidates: set[tuple[int, int]] = set()
    probes = 0
    for i, own in enumerate(weights):
        size = narratives[i].chars
        if not size:
            continue
        ordered = sorted(own.items(), key=lambda item: (len(postings[item[0]]), item[0]))
        rest = size                                   # weight of the clauses not yet in the prefix
        found: dict[int, int] = defaultdict(int)      # other narrative -> weight of i's prefix it shares
        for clause, weight in ordered:
            if rest < threshold * size:
                break
            rest -= weight
            docs = postings[clause]
            probes += len(docs)
            if len(docs) == 1:
                continue
            for j in docs:
                if j != i and narratives[j].chars >= size and groups[j] != groups[i]:
                    found[j] += weight
        for j, overlap in found.items():
            if overlap + rest >= threshold * size:    # what it could share at most still reaches it
                candidates.add((i, j) if i < j else (j, i))

    pairs = []
    for i, j in candidates:
        value = share(narratives[i], narratives[j])
        if value >= threshold:
            pairs.append(Pair(i, j, value))
    pairs.sort(key=lambda p: (-p.share, p.a, p.b))
    return Search(pairs, len(candidates), probes)


# --- the shared passages, for showing side by side ------------------------------------------


def shared_spans(text: str, unit_name: str, other: Narrative) -> list[tuple[int, int]]:
    """(start, end) of the clauses of `text` (a report's 一、五、六 as `narrative_text` joins them)
    that also stand in `other`."""
    names = name_forms(unit_name) if unit_name else ()
    present = frozenset(other.clauses)
    return [m.span() for m in _CLAUSE.finditer(text)
            if (c := _normal(m.group(), names)) and c not in _SUBHEADINGS and c in present]


def shared_clauses(a: Narrative, b: Narrative) -> list[str]:
    """The clauses of the shorter narrative that stand in the other (normalised: figures "#", the
    unit's own name "※"), in order, each once."""
    shorter, other = (a, b) if a.chars <= b.chars else (b, a)
    present = frozenset(other.clauses)
    return list(dict.fromkeys(c for c in shorter.clauses if c in present))
