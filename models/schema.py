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
    Column("rule", Text, primary_key=True),
    Column("body", Text, nullable=False),
    _updated_at(),
)
