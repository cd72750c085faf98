"""Test setup: Qt without a display, and never the clerk's real data directory."""

import os
import tempfile

# Must happen before anything imports Qt: without a display Qt would abort the run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Storage tests point this at their own folders; anything else lands in a throwaway one.
os.environ.setdefault("GKNB_DATA_DIR", tempfile.mkdtemp(prefix="gknb-test-"))
