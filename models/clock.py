"""Today's date, asked in one place: the day a report would be signed (its 落款 when it has no
publication date, rule S-14) is today's, and tests fix it here to stay the same every day."""

from __future__ import annotations

from datetime import date


def today() -> date:
    return date.today()
