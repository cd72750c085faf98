"""One unit's report for one year, in memory: what the checks read, the storage loads and
saves, the data file carries and the export prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from models.catalogue import LAYOUTS, Layout
from models.values import Value


@dataclass
class Unit:
    name: str
    kind: str | None = None     # catalogue.UNIT_KINDS
    level: str | None = None    # catalogue.UNIT_LEVELS


@dataclass
class Fees:
    """信息处理费, reported in 六 (rules S-10, S-11). Yuan, not 万元."""
    notices: int = 0
    notice_amount_yuan: Decimal = Decimal("0")
    collected_yuan: Decimal = Decimal("0")


REVIEW_STATUSES = {"returned": "已退回", "accepted": "已通过"}


@dataclass
class ReviewComment:
    """One remark of the office above; `finding` is the id of the finding it is about (None: the
    report as a whole)."""
    finding: str | None
    text: str


@dataclass
class Review:
    """What the office above wrote when it returned or accepted the report (data-file.md, "Review
    comments")."""
    status: str                 # REVIEW_STATUSES
    reviewer: str
    date: date
    comments: list[ReviewComment] = field(default_factory=list)

    def comments_on(self, finding_id: str) -> list[str]:
        return [c.text for c in self.comments if c.finding == finding_id]


@dataclass(frozen=True)
class TextMark:
    """Where a piece of the narrative came from (models/marks.py): a paragraph taken over from
    last year's report ("carried", until the clerk edits or confirms it) or a sentence 参考文本
    wrote ("generated", from `source`: "disclosure", "applications", "review" or "fees"). `body`
    is the paragraph or sentence as it stood then; the mark holds while the text still has it.
    Kept by the app's storage; not part of the data file."""
    key: str            # the narrative key ("s1", "s6", "preamble"…)
    kind: str           # "carried" | "generated"
    body: str
    source: str = ""


@dataclass
class Report:
    year: int
    unit: Unit
    format: str = "2021"
    cells: dict[str, Value] = field(default_factory=dict)   # a missing key: not provided
    text: dict[str, str] = field(default_factory=dict)
    fees: Fees | None = None
    explanations: dict[str, str] = field(default_factory=dict)   # finding id (or bare rule ID) -> 说明
    published: date | None = None
    source: str | None = None
    review: Review | None = None    # written by the office above when it returns or accepts the report
    marks: tuple[TextMark, ...] = ()   # where the narrative came from (models/marks.py); storage only

    @property
    def layout(self) -> Layout:
        return LAYOUTS[self.format]

    def number(self, key: str) -> int | Decimal:
        """The cell as a number for arithmetic: empty, missing or malformed count as 0."""
        value = self.cells.get(key)
        # exact type tests: bool (an int subclass) and anything malformed count as 0
        return value if type(value) is int or type(value) is Decimal else 0

    def fill_totals(self) -> None:
        """Compute every total cell from its parts — the clerk never types a total."""
        for identity in self.layout.identities:
            self.cells[identity.total] = sum(self.number(k) for k in identity.addends)

    def section_text(self, key: str) -> str:
        return self.text.get(key) or ""


def signature_date(report: Report, today: date) -> date | None:
    """The date the 落款 prints, and the one rule S-14 checks: the publication date; without one,
    today for a report of a year that has ended by last year's end at the latest (it is being
    signed now); None — a blank for the hand to fill, never silently today's — for a report of an
    earlier year, which was published on a day the app does not know (say, a 2021 report
    printed again in 2026)."""
    if report.published is not None:
        return report.published
    return today if today.year <= report.year + 1 else None
