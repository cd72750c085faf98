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
reports that contain it; reports that share clauses are counted against each other, rarest clauses
first, and only a pair whose shared characters could reach the threshold is measured exactly —
so every listed share is the exact one. Clauses that very many reports contain (the sentences
every unit writes: 「本年度未收取信息处理费」) would make the counting quadratic: the index uses the
clauses from the rarest up to a fixed amount of counting work (`WORK_BUDGET`), which at county
scale covers every clause (the search is then exhaustive); at province scale the most common
clauses still count in each share but do not propose pairs on their own. Identical narratives are
always paired. Why this and not MinHash/LSH: see README ("雷同 across units").
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
WORK_BUDGET = 10_000_000                     # pair counts the index may spend (a few seconds)

_SEPARATORS = "。；！？!?;，,：:、\n"
_CLAUSE = re.compile(f"[^{_SEPARATORS}]+")
_SPACE = re.compile(r"\s+")
_FIGURE = re.compile(r"\d+")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NAME_SUFFIXES = ("人民政府办公室", "人民政府办公厅", "人民政府", "街道办事处", "办事处")
_PARENTHESES = re.compile(r"[（(][^（）()]*[）)]")
MASK = "※"


def _bare(text: str) -> str:
    return _FIGURE.sub("#", _SPACE.sub("", text.translate(_FULLWIDTH_DIGITS)))


_SUBHEADINGS = frozenset(_bare(h) for s in SECTIONS for h in s.subheadings)


def name_forms(name: str) -> tuple[str, ...]:
    """The ways a unit names itself in its text: 「某某镇人民政府」 and 「某某镇」, longest first."""
    full = _bare(name)
    plain = _bare(_PARENTHESES.sub("", name))
    forms = {full, plain}
    for suffix in _NAME_SUFFIXES:
        if plain.endswith(suffix) and len(plain) - len(suffix) >= 2:
            forms.add(plain[:-len(suffix)])
    return tuple(sorted((f for f in forms if len(f) >= 2), key=len, reverse=True))


def _normal(clause: str, names: tuple[str, ...]) -> str:
    clause = _bare(clause)
    for name in names:
        if name in clause:
            clause = clause.replace(name, MASK)
    return clause


def narrative_text(report: Report) -> str:
    return "\n".join(report.section_text(key) for key in NARRATIVE_KEYS)


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
        clauses = tuple(c for c in (_normal(m.group(), names) for m in _CLAUSE.finditer(text))
                        if c and c not in _SUBHEADINGS)
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
    common_from: int | None           # clauses in this many reports or more did not propose pairs (None: all did)
    candidates: int                   # pairs measured exactly


def similar_pairs(narratives: Sequence[Narrative], groups: Sequence[Hashable] | None = None,
                  threshold: float = THRESHOLD, work_budget: int = WORK_BUDGET) -> Search:
    """Every pair of narratives whose share reaches `threshold`. Pairs within one group (the same
    unit in two years) are skipped."""
    n = len(narratives)
    groups = groups if groups is not None else range(n)
    # clause -> [(report, characters of that clause in the report)]
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, narrative in enumerate(narratives):
        weights: dict[str, int] = defaultdict(int)
        for clause in narrative.clauses:
            weights[clause] += len(clause)
        for clause, weight in weights.items():
            postings[clause].append((i, weight))

    # the rarest clauses first, as long as the counting work stays within the budget
    by_rarity = sorted((len(docs), clause) for clause, docs in postings.items() if len(docs) > 1)
    work, common_from, indexed = 0, None, set()
    for df, clause in by_rarity:
        work += df * (df - 1) // 2
        if work > work_budget:
            common_from = df
            break
        indexed.add(clause)
    if common_from is not None:   # all or none of a df: the cut does not depend on the clauses' order
        indexed = {c for c in indexed if len(postings[c]) < common_from}
    # characters of each report that the index does not count (unique or too common clauses)
    unindexed = [narrative.chars for narrative in narratives]
    for clause in indexed:
        for i, weight in postings[clause]:
            unindexed[i] -= weight
    indexed_of: list[list[tuple[str, int]]] = [[] for _ in range(n)]
    for clause in indexed:
        for i, weight in postings[clause]:
            indexed_of[i].append((clause, weight))

    candidates: set[tuple[int, int]] = set()
    for i in range(n):
        if not indexed_of[i]:
            continue
        own: dict[int, int] = defaultdict(int)      # characters of i found in j
        theirs: dict[int, int] = defaultdict(int)   # characters of j found in i
        for clause, mine in indexed_of[i]:
            for j, weight in postings[clause]:
                if j > i:
                    own[j] += mine
                    theirs[j] += weight
        ci = narratives[i].chars
        for j, found in own.items():
            cj = narratives[j].chars
            if groups[i] == groups[j]:
                continue
            if (ci <= cj and found + unindexed[i] >= threshold * ci) or \
               (cj <= ci and theirs[j] + unindexed[j] >= threshold * cj):
                candidates.add((i, j))
    # identical narratives, whatever the index could count
    same: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, narrative in enumerate(narratives):
        if narrative.chars:
            same[narrative.clauses].append(i)
    for members in same.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if groups[i] != groups[j]:
                    candidates.add((i, j))

    pairs = []
    for i, j in candidates:
        value = share(narratives[i], narratives[j])
        if value >= threshold:
            pairs.append(Pair(i, j, value))
    pairs.sort(key=lambda p: (-p.share, p.a, p.b))
    return Search(pairs, common_from, len(candidates))


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
