"""Where the narrative came from, so that what is signed was read (issue 9, item 2).

* **Carried** paragraphs: the narrative of a report made from last year's comes over paragraph
  by paragraph, each marked; a mark holds while the paragraph is in the text word for word, so
  editing a paragraph clears its mark, and the clerk may confirm one unchanged (rule S-13 lists
  the paragraphs still marked).
* **Generated** sentences: what 参考文本 inserted, one mark per sentence with the sentence it
  wrote and which 参考文本 wrote it. While the sentence is in the text word for word it is the
  app's: when the tables change under it, 参考文本 now writes another sentence, and the old one
  is *stale* — rule S-9 says so and offers the new sentence (「按表格更新此句」). A sentence the
  clerk edits is the clerk's own, and S-9 reads its figures like any others.

Paragraphs are the text's lines (the data-file convention), sub-headings excepted; sentences end
at 。！？ or a line's end, as `models.checks.statements` reads them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from models.narrative import SENTENCE, SUBHEADING
from models.report import Report, TextMark

CARRIED, GENERATED = "carried", "generated"
_FIGURES = re.compile(r"\d+(?:\.\d+)?")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a narrative text that a clerk reads as such (not its sub-headings)."""
    return [line.strip() for line in text.split("\n") if line.strip() and not SUBHEADING.fullmatch(line.strip())]


def sentences_of(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if s.strip()]


def carried(key: str, text: str) -> tuple[TextMark, ...]:
    """Marks for every paragraph of a text taken over from last year."""
    return tuple(dict.fromkeys(TextMark(key, CARRIED, p) for p in paragraphs(text)))


def generated(key: str, inserted: str, source: str) -> tuple[TextMark, ...]:
    """Marks for every sentence 参考文本 (`source`) inserted."""
    return tuple(dict.fromkeys(TextMark(key, GENERATED, s, source) for s in sentences_of(inserted)))


def holds(mark: TextMark, text: str) -> bool:
    """The mark's paragraph or sentence is still in `text` word for word."""
    if mark.kind == CARRIED:
        return mark.body in (line.strip() for line in text.split("\n"))
    return mark.body in text


def live(marks: Iterable[TextMark], key: str, text: str | None) -> tuple[TextMark, ...]:
    """The marks of `key` that still hold in its `text`."""
    return tuple(m for m in marks if m.key == key and text and holds(m, text))


def of_key(report: Report, key: str, kind: str) -> list[TextMark]:
    """The report's marks of one kind that still hold in section `key`."""
    return [m for m in live(report.marks, key, report.text.get(key)) if m.kind == kind]


# --- 参考文本 that the tables changed under --------------------------------------------------

def _generate(source: str, report: Report, previous: Report | None) -> str:
    from models import sentences as reference      # jinja2: loaded when 参考文本 is first asked for

    if source == "disclosure":
        return reference.disclosure_sentence(report)
    if source == "applications":
        return reference.applications_sentence(report, previous)
    if source == "review":
        return reference.review_sentence(report)
    return reference.fee_sentence(report.fees) if report.fees is not None else ""


GENERATORS = ("disclosure", "applications", "review", "fees")   # the 参考文本 whose sentences are marked


_WRITTEN: dict[tuple, tuple[str, ...]] = {}
_WRITTEN_MAX = 64


def _fingerprint(report: Report, previous: Report | None) -> tuple:
    """Everything 参考文本 writes from (the figures, the unit, the year, last year's new applications)."""
    fees = report.fees and (report.fees.notices, str(report.fees.notice_amount_yuan), str(report.fees.collected_yuan))
    last = None if previous is None else (previous.format, previous.number("t3.r1.zj"))
    return (report.year, report.unit.name, report.format, tuple(report.cells.items()), fees, last)


def written_now(source: str, report: Report, previous: Report | None) -> tuple[str, ...]:
    """The sentences 参考文本 `source` writes for the report as it is now (remembered per figures:
    the checks ask on every keystroke)."""
    key = (source,) + _fingerprint(report, previous)
    found = _WRITTEN.get(key)
    if found is None:
        if len(_WRITTEN) >= _WRITTEN_MAX:
            _WRITTEN.clear()
        found = _WRITTEN[key] = tuple(sentences_of(_generate(source, report, previous)))
    return found


def _masked(sentence: str) -> str:
    return _FIGURES.sub("#", sentence)


def stale(report: Report, previous: Report | None) -> dict[tuple[str, str], str]:
    """(key, sentence) → the sentence 参考文本 writes in its place now, for every generated
    sentence still in the text that 参考文本 would no longer write."""
    out: dict[tuple[str, str], str] = {}
    marks = [m for m in report.marks if m.kind == GENERATED and m.source in GENERATORS]
    for m in marks:
        text = report.text.get(m.key)
        if not text or m.body not in text:
            continue
        now = written_now(m.source, report, previous)
        if m.body in now or not now:
            continue
        out[(m.key, m.body)] = max(now, key=lambda s: difflib.SequenceMatcher(None, _masked(m.body), _masked(s)).ratio())
    return out
