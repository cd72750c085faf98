"""Test setup: Qt without a display, and never the clerk's real data directory."""

import os
import tempfile

# Must happen before anything imports Qt: without a display Qt would abort the run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Storage tests point this at their own folders; anything else lands in a throwaway one.
os.environ.setdefault("GKNB_DATA_DIR", tempfile.mkdtemp(prefix="gknb-test-"))


import datetime  # noqa: E402

import pytest  # noqa: E402

from tests.gui_helpers import store, window  # noqa: E402,F401  (fixtures for the GUI tests)

# The day reports are signed on (models/clock.py): fixed, so that rule S-14, which checks the date a
# report without a publication date would print, says the same every day. A 2025 report is then
# signed in time; a test about another day sets its own.
SIGNING_DAY = datetime.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def _signing_day(monkeypatch):
    from models import clock
    monkeypatch.setattr(clock, "today", lambda: SIGNING_DAY)
