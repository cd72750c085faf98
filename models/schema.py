"""The tables as they are at the current schema version, for building queries.

The tables themselves are created and changed only by `models/migrations.py`; a test checks
that these definitions match what the migrations produce. Every column is TEXT or INTEGER
with no SQLAlchemy type conversion: values are encoded and decoded in `models/storage.py`."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, Text

ORIGINS = ("typed", "carried", "imported", "computed")   # where a cell value came from

metadata = MetaData()


def _updated_at() -> Column:
    return Column("updated_at", Text, nullable=False)   # ISO timestamp of the row's last change


def _report_id(primary_key: bool = True) -> Column:
    return Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"),
                  primary_key=primary_key, nullable=False)


units = Table(
    "units", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("kind", Text),
    Column("level", Text),
    Column("created_at", Text, nullable=False),
    _updated_at(),
)

reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("format", Text, nullable=False),
    Column("published", Text),          # ISO date
    Column("source", Text),
    Column("last_step", Text),          # the wizard step to reopen at
    Column("created_at", Text, nullable=False),
    _updated_at(),
)

cells = Table(
    "cells", metadata,
    _report_id(),
    Column("key", Text, primary_key=True),
    Column("value", Text),              # NULL: left empty; str(int) or the Decimal as entered
    Column("origin", Text, nullable=False),
    _updated_at(),
)

texts = Table(
    "texts", metadata,
    _report_id(),
    Column("key", Text, primary_key=True),
    Column("body", Text, nullable=False),
    Column("needs_review", Integer, nullable=False),
    _updated_at(),
)

fees = Table(
    "fees", metadata,
    _report_id(),
    Column("notices", Integer, nullable=False),
    Column("notice_amount_yuan", Text, nullable=False),
    Column("collected_yuan", Text, nullable=False),
    _updated_at(),
)

explanations = Table(
    "explanations", metadata,
    _report_id(),
    Column("finding", Text, primary_key=True),   # a finding id, or a bare rule ID (older reports)
    Column("body", Text, nullable=False),
    _updated_at(),
)

# --- version 2: the office above (issue 12) -----------------------------------------------

report_reviews = Table(      # the review that came back with a unit's own report
    "report_reviews", metadata,
    _report_id(),
    Column("status", Text, nullable=False),       # "returned" | "accepted"
    Column("reviewer", Text, nullable=False),
    Column("date", Text, nullable=False),         # ISO date
    _updated_at(),
)

report_review_comments = Table(
    "report_review_comments", metadata,
    Column("report_id", Integer, ForeignKey("report_reviews.report_id", ondelete="CASCADE"),
           primary_key=True, nullable=False),
    Column("position", Integer, primary_key=True),   # the comments' order in the file
    Column("finding", Text),                         # finding id; NULL: about the whole report
    Column("body", Text, nullable=False),
)

roster_units = Table(       # the office above: units that must file with it
    "roster_units", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("kind", Text),
    Column("level", Text),
    Column("created_at", Text, nullable=False),
    _updated_at(),
)

office_years = Table(
    "office_years", metadata,
    Column("year", Integer, primary_key=True),    # the report year collected
    Column("deadline", Text),                     # ISO date by which units must file
    _updated_at(),
)

office_settings = Table(
    "office_settings", metadata,
    Column("key", Text, primary_key=True),        # e.g. "reviewer"
    Column("value", Text, nullable=False),
)

received = Table(           # one unit's report for one year, as received (the latest sending)
    "received", metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("roster_units.id", ondelete="CASCADE"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("source", Text, nullable=False),       # "package" | "datafile" | "document"
    Column("filed_at", Text, nullable=False),     # ISO time the unit sent it (a package's manifest), else received_at
    Column("received_at", Text, nullable=False),
    Column("data", Text, nullable=False),         # the gkreport/1 data file
    Column("notes", Text, nullable=False),        # what an import could not read, one per line
    Column("errors", Integer, nullable=False),    # 强制 findings
    Column("warnings", Integer, nullable=False),  # 核实 findings
    Column("unanswered", Integer, nullable=False),    # 核实 findings neither fixed nor explained
    Column("copied_last_year", Integer, nullable=False),   # 1: S-13 found 雷同 with last year
    Column("status", Text, nullable=False),       # "received" | "returned" | "accepted"
    Column("times_returned", Integer, nullable=False),
    Column("decided_at", Text),                   # ISO time of the last 退回 / 通过
    _updated_at(),
)

received_comments = Table(  # the reviewer's comments, one per finding id ("" for the report as a whole)
    "received_comments", metadata,
    Column("received_id", Integer, ForeignKey("received.id", ondelete="CASCADE"), primary_key=True,
           nullable=False),
    Column("finding", Text, primary_key=True),
    Column("body", Text, nullable=False),
    _updated_at(),
)

text_marks = Table(
    "text_marks", metadata,
    _report_id(primary_key=True),
    Column("key", Text, primary_key=True),
    Column("kind", Text, primary_key=True),   # "carried" | "generated" (models/marks.py)
    Column("body", Text, primary_key=True),   # the paragraph or sentence as it stood then
    Column("source", Text, nullable=False),   # generated: which 参考文本 wrote it
)
