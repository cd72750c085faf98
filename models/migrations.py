"""Database schema versions and the ordered steps that upgrade one version to the next.

The version lives in `PRAGMA user_version` (0 for a new, empty file). `STEPS[n - 1]` upgrades
version n-1 to n, so step 1 creates the schema from nothing. A released step is never edited:
a change to the schema is a new step appended here, plus the matching change to
`models/schema.py`, plus an entry in the tests' dict of tested steps.

Opening policy (refuse newer files, back up before upgrading) is in `models/storage.py`;
this module only knows how to run the steps."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine

from models import paths

Step = Callable[[Connection], None]


def _execute_all(conn: Connection, statements: tuple[str, ...]) -> None:
    # One statement at a time: sqlite3's executescript() would COMMIT the step's transaction.
    for statement in statements:
        conn.exec_driver_sql(statement)


# Version 1. Written out literally (not generated from schema.py or the catalogue) so that
# what a version-1 file contains never changes after release. Amounts are TEXT: SQLite's
# NUMERIC affinity would turn "0.50" into the float 0.5.
_V1 = (
    """CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT,
        level TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        year INTEGER NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('2021', '2019')),
        published TEXT,
        source TEXT,
        last_step TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (unit_id, year)
    )""",
    """CREATE TABLE cells (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT,
        origin TEXT NOT NULL CHECK (origin IN ('typed', 'carried', 'imported', 'computed')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (report_id, key)
    )""",
    """CREATE TABLE texts (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        key TEXT NOT NULL CHECK (key IN ('preamble', 's1', 's2', 's3', 's4', 's5', 's6')),
        body TEXT NOT NULL,
        needs_review INTEGER NOT NULL DEFAULT 0 CHECK (needs_review IN (0, 1)),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (report_id, key)
    )""",
    """CREATE TABLE fees (
        report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
        notices INTEGER NOT NULL,
        notice_amount_yuan TEXT NOT NULL,
        collected_yuan TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE explanations (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (report_id, rule)
    )""",
    "CREATE INDEX reports_by_unit ON reports(unit_id)",
)


def _create_v1(conn: Connection) -> None:
    _execute_all(conn, _V1)


# Version 2: the office above (issue 12). A unit keeps the review that came back with its report;
# the office keeps its roster of units that must file, a deadline per year, the reports received
# (each as its gkreport/1 data file, with the figures the roster shows) and its comments on them.
_V2 = (
    """CREATE TABLE report_reviews (
        report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('returned', 'accepted')),
        reviewer TEXT NOT NULL,
        date TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE report_review_comments (
        report_id INTEGER NOT NULL REFERENCES report_reviews(report_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        finding TEXT,
        body TEXT NOT NULL,
        PRIMARY KEY (report_id, position)
    )""",
    """CREATE TABLE roster_units (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT,
        level TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE office_years (
        year INTEGER PRIMARY KEY,
        deadline TEXT,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE office_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE received (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES roster_units(id) ON DELETE CASCADE,
        year INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('package', 'datafile', 'document')),
        filed_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        data TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        unanswered INTEGER NOT NULL,
        copied_last_year INTEGER NOT NULL CHECK (copied_last_year IN (0, 1)),
        status TEXT NOT NULL CHECK (status IN ('received', 'returned', 'accepted')),
        times_returned INTEGER NOT NULL DEFAULT 0,
        decided_at TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (unit_id, year)
    )""",
    """CREATE TABLE received_comments (
        received_id INTEGER NOT NULL REFERENCES received(id) ON DELETE CASCADE,
        finding TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (received_id, finding)
    )""",
    "CREATE INDEX received_by_year ON received(year)",
)


def _office_v2(conn: Connection) -> None:
    _execute_all(conn, _V2)


# Version 3: a 说明 answers one finding (data-file.md): explanations are keyed by finding id
# ("S-3|t3.r2.zrr"); the keys already stored, bare rule IDs, keep explaining every finding of
# their rule, so the rows stay as they are and only the column gets its right name.
_V3 = ("ALTER TABLE explanations RENAME COLUMN rule TO finding",)


def _explanations_by_finding(conn: Connection) -> None:
    _execute_all(conn, _V3)


# Version 4: where the narrative came from (models/marks.py): paragraphs taken over from last
# year, marked one by one until edited or confirmed, and sentences 参考文本 wrote. A text that
# version 3 flagged as a whole (needs_review) gets a mark for each of its paragraphs. The
# paragraph rule is written out here, as it was when this step was released.
_V4 = (
    """CREATE TABLE text_marks (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        key TEXT NOT NULL CHECK (key IN ('preamble', 's1', 's2', 's3', 's4', 's5', 's6')),
        kind TEXT NOT NULL CHECK (kind IN ('carried', 'generated')),
        body TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (report_id, key, kind, body)
    )""",
)
_V4_SUBHEADING = re.compile(r"（[一二三四五]）[^。；]{0,28}")


def _text_marks(conn: Connection) -> None:
    _execute_all(conn, _V4)
    flagged = conn.exec_driver_sql("SELECT report_id, key, body FROM texts WHERE needs_review = 1").fetchall()
    for report_id, key, body in flagged:
        lines = dict.fromkeys(line.strip() for line in body.split("\n"))
        for line in lines:
            if line and not _V4_SUBHEADING.fullmatch(line):
                conn.exec_driver_sql("INSERT INTO text_marks (report_id, key, kind, body) VALUES (?, ?, 'carried', ?)",
                                     (report_id, key, line))


STEPS: list[Step] = [_create_v1, _office_v2, _explanations_by_finding, _text_marks]
SCHEMA_VERSION = len(STEPS)


def current_version() -> int:
    """The version this program writes. Read at call time so tests can append a step."""
    return len(STEPS)


def read_version(conn: Connection) -> int:
    return conn.exec_driver_sql("PRAGMA user_version").scalar_one()


def upgrade(engine: Engine, steps: list[Step] | None = None) -> int:
    """Run the steps the file has not had yet, each in its own transaction that also sets
    user_version, so an interrupted upgrade leaves a consistent older version. Returns the
    version reached."""
    steps = STEPS if steps is None else steps
    with engine.connect() as conn:
        # BEGIN IMMEDIATE (see storage.open_engine): a second copy of the app upgrading the
        # same file at the same moment waits, then sees the new version and skips the step.
        conn.execution_options(write=True)
        # Foreign keys off while upgrading: rebuilding a table (create new, copy, drop old,
        # rename) with them on would cascade the DROP into every child row.
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            while True:
                with conn.begin():
                    version = read_version(conn)
                    if version >= len(steps):
                        return version
                    steps[version](conn)
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"upgrade step {version + 1} left dangling references: {broken[:5]}")
                    conn.exec_driver_sql(f"PRAGMA user_version = {version + 1}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def backup_before_upgrade(path: Path, version: int) -> Path:
    """Copy the database (consistently, even in WAL mode) into the backup folder."""
    target = paths.timestamped_file(paths.backup_dir(), f"{path.stem}-v{version}-before-upgrade", ".sqlite3")
    source = sqlite3.connect(str(path))
    try:
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target
