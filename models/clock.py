"""Today's date (and the time now), asked in one place: the day a report would be signed (its 落款 when it has no
publication date, rule S-14) is today's, and tests fix it here to stay the same every day."""

from __future__ import annotations

from datetime import date, datetime, timezone


def today() -> date:
    return date.today()


def now_utc() -> datetime:
    """The time now in UTC, to the second, without tzinfo (a document's created/modified)."""
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
