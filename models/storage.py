"""The app's own storage: every unit and report in one SQLite file (see `models/paths.py`).

Each single edit is its own committed transaction with `synchronous=FULL`, so an edit the
clerk has seen accepted survives a crash or a power cut. Cell values are stored as TEXT
(str of the int, or the Decimal exactly as entered); NULL is a cell left empty, a missing
row a cell not provided. SQLite failures the clerk can act on (disk full, read-only, locked,
damaged) become `StorageError` with a Chinese message naming the file; anything else is a
bug and is raised as is."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, delete, literal_column, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.dialects.sqlite import insert

from models import migrations, paths
from models.bounds import SECTION_MAX_CHARS, text_problem, unit_name_problem
from models.database import StorageError, open_engine, translated_errors
from models.datafile import write_report
from models.catalogue import LAYOUTS, TEXT_KEYS, UNIT_KINDS, UNIT_LEVELS, Layout, ValueKind, layout_for_year
from models.marks import CARRIED, carried as carried_marks
from models.report import Fees, Report, Review, ReviewComment, TextMark, Unit
from models.schema import (ORIGINS, cells, explanations, fees, report_review_comments, report_reviews, reports, text_marks, texts,
                           units)
from models.values import Value, fees_problem, problem

cells_ = cells   # write_unsaved has a parameter of that name


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def _upsert(conn: Connection, table: Table, rows: list[dict]) -> None:
    if not rows:
        return
    keys = [c.name for c in table.primary_key.columns]
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=keys, set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys})
    conn.execute(stmt, rows)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


def _check_cell(layout: Layout, key: str, value: Value) -> None:
    cell = layout.cells.get(key)
    if cell is None:
        raise StorageError(f"{layout.name} 版报告格式中没有单元格“{key}”。")
    why = problem(cell.kind, value)
    if why:
        raise StorageError(f"“{cell.name}”填写有误：{why}（{value!r}）。")


def _decode(layout: Layout, key: str, text: str | None) -> Value:
    if text is None:
        return None
    cell = layout.cells.get(key)
    if cell is None:   # cannot be written through this module; keep it rather than lose it
        return int(text) if re.fullmatch(r"-?\d+", text) else Decimal(text)
    return Decimal(text) if cell.kind is ValueKind.AMOUNT else int(text)


def _decode_stored(layout: Layout, key: str, text, head) -> Value:
    """A stored cell as a value; a damaged one (not a number, out of bounds) is a StorageError
    naming the report and the cell, so that the other reports still open."""
    where = f"“{head.name}”{head.year} 年度报告的单元格“{key}”"
    try:
        value = _decode(layout, key, text if text is None or isinstance(text, str) else str(text))
    except (ValueError, ArithmeticError):
        raise StorageError(f"{where}中存的是“{str(text)[:20]}”，不是数字：数据库中这份报告已损坏。"
                           f"可从备份文件夹中的自动备份恢复，或删除后重新导入。") from None
    cell = layout.cells.get(key)
    why = cell and problem(cell.kind, value)
    if why:
        raise StorageError(f"{where}的值{why}：数据库中这份报告已损坏。可从备份文件夹中的自动备份恢复。")
    return value


def _check_fees(value: Fees) -> None:
    why = fees_problem(value)
    if why:
        raise StorageError(f"{why}，未保存。")


def _check_text_key(key: str) -> None:
    if key not in TEXT_KEYS:
        raise StorageError(f"报告中没有名为“{key}”的文字部分。")


def _check_text(what: str, body: str | None) -> None:
    """The last door before the database: only printable text within its bound is stored."""
    if body is None:
        return
    if len(body) > SECTION_MAX_CHARS:
        raise StorageError(f"{what}有 {len(body):,} 个字，超过 {SECTION_MAX_CHARS:,} 个字的上限，未保存。")
    why = text_problem(body)
    if why:
        raise StorageError(f"{what}中{why}，未保存。")


def _check_origin(origin: str) -> None:
    if origin not in ORIGINS:
        raise ValueError(f"origin must be one of {ORIGINS}, not {origin!r}")


# ---------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    kind: str | None
    level: str | None


@dataclass(frozen=True)
class ReportRow:
    id: int
    unit_id: int
    unit_name: str
    year: int
    format: str
    updated_at: datetime | None     # None: the stored time is damaged


_UNCHANGED = object()


# How long a single edit waits for a database another program holds, before it is reported
# as not saved (the Editor then keeps it and retries off the keystroke path): short, so that
# a locked database never freezes the window for seconds on every keystroke.
EDIT_BUSY_TIMEOUT = 0.2


class Store:
    def __init__(self, engine: Engine, path: Path, busy_timeout: float = 5.0, read_only: bool = False):
        self._engine = engine
        self.path = path
        self.busy_timeout = busy_timeout
        self.edit_timeout = min(EDIT_BUSY_TIMEOUT, busy_timeout)
        self.read_only = read_only

    # --- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None, *, busy_timeout: float = 5.0,
             read_only: bool = False) -> Store:
        """Open (creating it silently on first use) and upgrade the database.

        A file written by a newer version of the app is refused and left untouched; an older
        one is first copied into the backup folder, then upgraded. `read_only` opens without
        ever writing (an older file is then refused instead of upgraded)."""
        try:
            path = Path(path) if path is not None else paths.database_path()
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"无法创建数据文件夹（{exc.strerror}）。\n文件夹：{exc.filename}") from exc
        target = migrations.current_version()
        with translated_errors("打开数据库", path):
            version = _probe_version(path, busy_timeout) if path.exists() else 0
            if version > target:
                raise StorageError(
                    f"数据库由较新版本的年报助手创建（数据库版本 {version}），本程序只支持到版本 {target}。"
                    f"请安装新版本后再打开，数据未作任何修改。\n数据库文件：{path}")
            if version < target and read_only:
                raise StorageError(f"数据库需要升级（版本 {version} → {target}），只读方式无法打开。"
                                   f"\n数据库文件：{path}")
            if version > 0 and version < target:
                try:
                    migrations.backup_before_upgrade(path, version)
                except OSError as exc:
                    raise StorageError(f"升级数据库前备份失败（{exc.strerror}），数据库未作修改。\n"
                                       f"数据库文件：{path}") from exc
        engine = open_engine(path, busy_timeout, read_only)
        try:
            with translated_errors("升级数据库", path):
                if version < target:
                    try:
                        migrations.upgrade(engine)
                    except (StorageError, sqlite3.Error, DBAPIError):
                        raise
                    except Exception as exc:   # a damaged file the steps trip on: each step is
                        # its own transaction, so the file is left at a consistent older version
                        raise StorageError(f"升级数据库失败（{type(exc).__name__}），数据库文件可能已损坏；"
                                           f"升级前已自动备份。\n数据库文件：{path}") from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, path, busy_timeout, read_only)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @contextmanager
    def _write(self, action: str = "保存", edit: bool = False) -> Iterator[Connection]:
        """One write transaction. `edit`: a single edit of the clerk's, which waits only
        `edit_timeout` for a lock (see EDIT_BUSY_TIMEOUT)."""
        if self.read_only:
            raise StorageError(f"{action}失败：数据库以只读方式打开，不能修改。\n数据库文件：{self.path}")
        with translated_errors(action, self.path), self._engine.connect() as conn:
            timeout = self.edit_timeout if edit else self.busy_timeout
            conn.connection.driver_connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execution_options(write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with translated_errors("读取数据", self.path), self._engine.connect() as conn, conn.begin():
            yield conn

    # --- units -----------------------------------------------------------------

    def create_unit(self, name: str, kind: str | None = None, level: str | None = None) -> int:
        _check_unit(name, kind, level)
        now = _now()
        with self._write() as conn:
            _refuse_duplicate_name(conn, name)
            return conn.execute(insert(units).values(
                name=name, kind=kind, level=level, created_at=now, updated_at=now)).inserted_primary_key[0]

    def update_unit(self, unit_id: int, *, name=_UNCHANGED, kind=_UNCHANGED, level=_UNCHANGED) -> None:
        changes = {k: v for k, v in (("name", name), ("kind", kind), ("level", level)) if v is not _UNCHANGED}
        with self._write(edit=True) as conn:
            row = conn.execute(select(units).where(units.c.id == unit_id)).one_or_none()
            if row is None:
                raise StorageError(f"找不到该单位（编号 {unit_id}），可能已被删除。")
            merged = {"name": row.name, "kind": row.kind, "level": row.level} | changes
            _check_unit(**merged)
            if merged["name"] != row.name:
                _refuse_duplicate_name(conn, merged["name"])
            conn.execute(update(units).where(units.c.id == unit_id).values(**changes, updated_at=_now()))

    def list_units(self) -> list[UnitRow]:
        with self._read() as conn:
            rows = conn.execute(select(units.c.id, units.c.name, units.c.kind, units.c.level)
                                .order_by(units.c.name))
            return [UnitRow(*row) for row in rows]

    # --- reports ---------------------------------------------------------------

    def create_report(self, unit_id: int, year: int, format: str | None = None) -> int:
        """A new, empty report. `format` defaults to the official layout of that year."""
        format = format or layout_for_year(year).name
        if format not in LAYOUTS:
            raise StorageError(f"没有“{format}”版的报告格式。")
        now = _now()
        with self._write() as conn:
            unit_name = conn.execute(select(units.c.name).where(units.c.id == unit_id)).scalar_one_or_none()
            if unit_name is None:
                raise StorageError(f"找不到该单位（编号 {unit_id}），可能已被删除。")
            if _report_id_for(conn, unit_id, year) is not None:
                raise StorageError(f"“{unit_name}”已有 {year} 年度的报告，不能重复创建。请在列表中打开已有的报告。")
            return conn.execute(insert(reports).values(
                unit_id=unit_id, year=year, format=format, created_at=now, updated_at=now)).inserted_primary_key[0]

    def list_reports(self, unit_id: int | None = None) -> list[ReportRow]:
        query = (select(reports.c.id, reports.c.unit_id, units.c.name, reports.c.year, reports.c.format,
                        reports.c.updated_at)
                 .join(units, units.c.id == reports.c.unit_id)
                 .order_by(units.c.name, reports.c.year.desc()))
        if unit_id is not None:
            query = query.where(reports.c.unit_id == unit_id)
        with self._read() as conn:
            return [ReportRow(*row[:5], _timestamp(row[5])) for row in conn.execute(query)]

    def find_report(self, unit_name: str, year: int) -> ReportRow | None:
        """The unit's report of that year, if the database has one."""
        return next((r for r in self.list_reports() if r.unit_name == unit_name and r.year == year), None)

    def backup_report(self, report_id: int, why: str) -> Path:
        """Write the stored report as a data file into the backup folder ("<unit>-<year>年-<why>");
        returns that file. Raises StorageError, saying what and where, when it cannot be written."""
        report = self.load_report(report_id)
        name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", report.unit.name).strip(" .")[:60] or "报告"
        try:
            backup = paths.timestamped_file(paths.backup_dir(), f"{name}-{report.year}年-{why}", ".json")
            write_report(report, backup)
        except OSError as exc:   # WriteError from write_report says what and where
            raise StorageError(f"备份报告失败，报告未作改动。\n{exc}") from exc
        return backup

    def delete_report(self, report_id: int) -> Path:
        """Delete the report after writing it as a data file into the backup folder; returns that file."""
        backup = self.backup_report(report_id, "删除前备份")
        with self._write("删除报告") as conn:
            conn.execute(delete(reports).where(reports.c.id == report_id))
        return backup

    def replace_report(self, report: Report, why: str, origin: str = "imported") -> int:
        """Save `report`; the same unit's report of that year, if there is one, is first copied to
        the backup folder ("<unit>-<year>年-<why>") and then replaced in `save_report`'s one
        transaction — never deleted first, so a failed save leaves it as it was."""
        existing = self.find_report(report.unit.name, report.year)
        if existing is not None:
            self.backup_report(existing.id, why)
        return self.save_report(report, origin=origin)

    def load_report(self, report_id: int) -> Report:
        with self._read() as conn:
            head = _report_head(conn, report_id)
            layout = LAYOUTS.get(head.format)
            if layout is None:
                raise StorageError(f"“{head.name}”{head.year} 年度报告在数据库中已损坏（报告格式“{str(head.format)[:20]}”"
                                   f"无法识别）。可从备份文件夹中的自动备份恢复。")
            cell_rows = conn.execute(select(cells.c.key, cells.c.value).where(cells.c.report_id == report_id))
            report_cells = {key: _decode_stored(layout, key, value, head) for key, value in cell_rows}
            text = dict(conn.execute(select(texts.c.key, texts.c.body).where(texts.c.report_id == report_id)).all())
            fee = conn.execute(select(fees).where(fees.c.report_id == report_id)).one_or_none()
            notes = dict(conn.execute(select(explanations.c.finding, explanations.c.body)
                                      .where(explanations.c.report_id == report_id)).all())
            review = _load_review(conn, report_id)
            marks = tuple(TextMark(*row) for row in conn.execute(
                select(text_marks.c.key, text_marks.c.kind, text_marks.c.body, text_marks.c.source)
                .where(text_marks.c.report_id == report_id).order_by(literal_column("text_marks.rowid"))))
        try:
            return Report(
                year=head.year, unit=Unit(head.name, head.kind, head.level), format=head.format,
                cells=report_cells, text={k: text[k] for k in TEXT_KEYS if k in text},
                fees=None if fee is None else Fees(int(fee.notices), Decimal(fee.notice_amount_yuan),
                                                   Decimal(fee.collected_yuan)),
                explanations=notes,
                published=date.fromisoformat(head.published) if head.published else None,
                source=head.source, review=review, marks=marks)
        except (ValueError, ArithmeticError, TypeError) as exc:
            raise StorageError(f"“{head.name}”{head.year} 年度报告在数据库中已损坏（信息处理费或发布日期无法识别："
                               f"{type(exc).__name__}）。可从备份文件夹中的自动备份恢复。") from None

    def cell_origins(self, report_id: int) -> dict[str, str]:
        with self._read() as conn:
            _report_head(conn, report_id)
            return dict(conn.execute(select(cells.c.key, cells.c.origin).where(cells.c.report_id == report_id)).all())

    def text_needs_review(self, report_id: int) -> dict[str, bool]:
        with self._read() as conn:
            _report_head(conn, report_id)
            rows = conn.execute(select(texts.c.key, texts.c.needs_review).where(texts.c.report_id == report_id))
            return {key: bool(flag) for key, flag in rows}

    def save_report(self, report: Report, unit_id: int | None = None, origin: str = "imported",
                    needs_review: bool = False) -> int:
        """Insert the whole report, or replace the unit's report of that year (keeping its id
        and wizard step), in one transaction. Without `unit_id` the unit is found by name,
        created if new. `needs_review` marks every paragraph of every text as taken over, for
        the clerk to go over (models/marks.py); otherwise the report's own marks are kept."""
        _check_origin(origin)
        layout = LAYOUTS.get(report.format)
        if layout is None:
            raise StorageError(f"没有“{report.format}”版的报告格式。")
        for key, value in report.cells.items():
            _check_cell(layout, key, value)
        for key, body in report.text.items():
            _check_text_key(key)
            _check_text(f"正文“{key}”", body)
        for rule, body in report.explanations.items():
            _check_text(f"{rule} 的说明", body)
        if report.fees is not None:
            _check_fees(report.fees)
        if unit_id is None:
            _check_unit(report.unit.name, report.unit.kind, report.unit.level)
        now = _now()
        with self._write() as conn:
            if unit_id is None:
                unit_id = _unit_for(conn, report.unit, now)
            elif conn.execute(select(units.c.id).where(units.c.id == unit_id)).scalar_one_or_none() is None:
                raise StorageError(f"找不到该单位（编号 {unit_id}），可能已被删除。")
            head = dict(format=report.format, published=report.published and report.published.isoformat(),
                        source=report.source, updated_at=now)
            report_id = _report_id_for(conn, unit_id, report.year)
            if report_id is None:
                report_id = conn.execute(insert(reports).values(
                    unit_id=unit_id, year=report.year, created_at=now, **head)).inserted_primary_key[0]
            else:
                conn.execute(update(reports).where(reports.c.id == report_id).values(**head))
                for table in (cells, texts, fees, explanations, report_reviews, text_marks):
                    conn.execute(delete(table).where(table.c.report_id == report_id))
            _upsert(conn, cells, [_cell_row(report_id, k, v, origin, now) for k, v in report.cells.items()])
            marks = ([m for k, v in report.text.items() for m in carried_marks(k, v)] if needs_review
                     else report.marks)
            flagged = {m.key for m in marks if m.kind == CARRIED}
            _upsert(conn, texts, [dict(report_id=report_id, key=k, body=v, needs_review=int(k in flagged),
                                       updated_at=now) for k, v in report.text.items()])
            _upsert(conn, text_marks, [_mark_row(report_id, m) for m in marks if m.key in report.text])
            if report.fees is not None:
                _upsert(conn, fees, [_fees_row(report_id, report.fees, now)])
            _upsert(conn, explanations, [dict(report_id=report_id, finding=k, body=v, updated_at=now)
                                         for k, v in report.explanations.items() if v.strip()])
            _save_review(conn, report_id, report.review, now)
        return report_id

    # --- single edits: each one its own committed transaction -------------------

    def set_cell(self, report_id: int, key: str, value: Value, origin: str = "typed") -> None:
        self.set_cells(report_id, {key: value}, origin)

    def set_cells(self, report_id: int, values: Mapping[str, Value], origin: str = "typed") -> dict[str, Value]:
        """Several cells at once (a paste): all are written, or none. The totals are computed
        in the same transaction from what is then stored — never from a copy in memory that
        another writer may have made stale — and stored where they differ (with `origin`).
        Returns every total of the report as stored."""
        _check_origin(origin)
        now = _now()
        with self._write(edit=True) as conn:
            layout = LAYOUTS[_touch(conn, report_id, now)]
            for key, value in values.items():
                _check_cell(layout, key, value)
            _upsert(conn, cells, [_cell_row(report_id, k, v, origin, now) for k, v in values.items()])
            return _store_totals(conn, report_id, layout, origin, now, set(values))

    def delete_cell(self, report_id: int, key: str) -> None:
        """Make the cell 'not provided' (as opposed to set_cell(…, None): left empty)."""
        with self._write(edit=True) as conn:
            _touch(conn, report_id, _now())
            conn.execute(delete(cells).where(cells.c.report_id == report_id, cells.c.key == key))

    def set_text(self, report_id: int, key: str, body: str | None, needs_review: bool = False,
                 marks: Iterable[TextMark] | None = None) -> None:
        """Set one narrative section; None removes it (and its marks). `marks`, when given,
        replace the section's marks (models/marks.py); `needs_review` without them marks every
        paragraph as taken over from last year."""
        _check_text_key(key)
        _check_text(f"正文“{key}”", body)
        if marks is None and needs_review and body is not None:
            marks = carried_marks(key, body)
        now = _now()
        with self._write(edit=True) as conn:
            _touch(conn, report_id, now)
            _write_text(conn, report_id, key, body, None if marks is None else list(marks), now)

    def set_fees(self, report_id: int, value: Fees | None) -> None:
        if value is not None:
            _check_fees(value)
        now = _now()
        with self._write(edit=True) as conn:
            _touch(conn, report_id, now)
            _write_fees(conn, report_id, value, now)

    def set_explanation(self, report_id: int, finding: str, body: str | None) -> None:
        """The 说明 answering one finding, by its id ("S-3|t3.r2.zrr"; a bare rule ID "S-3"
        answers every finding of the rule); an empty body removes it."""
        _check_text(f"{finding.split('|', 1)[0]} 的说明", body)
        now = _now()
        with self._write(edit=True) as conn:
            _touch(conn, report_id, now)
            _write_explanation(conn, report_id, finding, body, now)

    def set_review(self, report_id: int, review: Review | None) -> None:
        """The office above's review that came back with the report (None: no review)."""
        now = _now()
        with self._write() as conn:
            _touch(conn, report_id, now)
            conn.execute(delete(report_reviews).where(report_reviews.c.report_id == report_id))
            _save_review(conn, report_id, review, now)

    def set_published(self, report_id: int, published: date | None) -> None:
        now = _now()
        with self._write(edit=True) as conn:
            _touch(conn, report_id, now)
            _write_published(conn, report_id, published)

    def write_unsaved(self, report_id: int, *, cells: Mapping[str, tuple[Value, str]] = {},
                      texts: Mapping[str, str | None] = {},
                      explanations: Mapping[str, str | None] = {}, fees=_UNCHANGED,
                      published=_UNCHANGED, marks: Mapping[str, Iterable[TextMark]] = {}) -> dict[str, Value]:
        """What an Editor kept in memory while the database could not be written, all in ONE
        transaction: cells with their origins (totals recomputed from what is stored, as in
        set_cells), texts with their marks when given (None removes), 说明 (None removes),
        fees and the publication date when given. Returns every total as stored."""
        for key, body in texts.items():
            _check_text_key(key)
            _check_text(f"正文“{key}”", body)
        for rule, body in explanations.items():
            _check_text(f"{rule} 的说明", body)
        if fees is not _UNCHANGED and fees is not None:
            _check_fees(fees)
        now = _now()
        with self._write(edit=True) as conn:
            layout = LAYOUTS[_touch(conn, report_id, now)]
            for key, (value, origin) in cells.items():
                _check_origin(origin)
                _check_cell(layout, key, value)
            _upsert(conn, cells_, [_cell_row(report_id, k, v, o, now) for k, (v, o) in cells.items()])
            for key, body in texts.items():
                _write_text(conn, report_id, key, body, list(marks[key]) if key in marks else None, now)
            for finding, body in explanations.items():
                _write_explanation(conn, report_id, finding, body, now)
            if fees is not _UNCHANGED:
                _write_fees(conn, report_id, fees, now)
            if published is not _UNCHANGED:
                _write_published(conn, report_id, published)
            origins = {o for _, o in cells.values()}
            return _store_totals(conn, report_id, layout, origins.pop() if len(origins) == 1 else "typed", now,
                                 set(cells))

    def set_last_step(self, report_id: int, step: str | None) -> None:
        """Remember the wizard step to reopen at. Not an edit of the report: `updated_at` stays."""
        with self._write(edit=True) as conn:
            _report_head(conn, report_id)
            conn.execute(update(reports).where(reports.c.id == report_id).values(last_step=step))

    def get_last_step(self, report_id: int) -> str | None:
        with self._read() as conn:
            return _report_head(conn, report_id).last_step


# --- helpers that run inside a transaction --------------------------------------


def _timestamp(text: object) -> datetime | None:
    """A stored time; None when it is damaged (the report is still listed and opens)."""
    try:
        return datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _probe_version(path: Path, busy_timeout: float) -> int:
    """user_version of an existing file, read without changing it."""
    conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True, timeout=busy_timeout)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < 0:
            raise StorageError(f"数据库的版本号无效（{version}），文件可能已损坏，未作任何修改。"
                               f"可从备份文件夹中的自动备份恢复。\n数据库文件：{path}")
        if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StorageError("该文件不是年报助手的数据库（其中已有其他程序的数据），未作任何修改。"
                               f"\n数据库文件：{path}")
        return version
    finally:
        conn.close()


def _check_unit(name: str, kind: str | None, level: str | None) -> None:
    why = unit_name_problem(name)
    if why:
        raise StorageError(f"{why}。")
    why = text_problem(name)
    if why:
        raise StorageError(f"单位名称中{why}。")
    if kind is not None and kind not in UNIT_KINDS:
        raise StorageError(f"单位类型“{kind}”无效。")
    if level is not None and level not in UNIT_LEVELS:
        raise StorageError(f"单位层级“{level}”无效。")


def _refuse_duplicate_name(conn: Connection, name: str) -> None:
    if conn.execute(select(units.c.id).where(units.c.name == name)).first() is not None:
        raise StorageError(f"已有名为“{name}”的单位，不能重复添加。")


def _unit_for(conn: Connection, unit: Unit, now: str) -> int:
    """The id of the unit with this name (taking over a kind and level the report gives), or a new unit."""
    row = conn.execute(select(units).where(units.c.name == unit.name)).one_or_none()
    if row is None:
        return conn.execute(insert(units).values(
            name=unit.name, kind=unit.kind, level=unit.level, created_at=now, updated_at=now)).inserted_primary_key[0]
    changes = {k: v for k, v in (("kind", unit.kind), ("level", unit.level)) if v and v != getattr(row, k)}
    if changes:
        conn.execute(update(units).where(units.c.id == row.id).values(**changes, updated_at=now))
    return row.id


def _report_id_for(conn: Connection, unit_id: int, year: int) -> int | None:
    return conn.execute(select(reports.c.id).where(reports.c.unit_id == unit_id, reports.c.year == year)
                        ).scalar_one_or_none()


def _report_head(conn: Connection, report_id: int):
    row = conn.execute(
        select(reports, units.c.name, units.c.kind, units.c.level)
        .join(units, units.c.id == reports.c.unit_id).where(reports.c.id == report_id)).one_or_none()
    if row is None:
        raise StorageError(f"找不到该报告（编号 {report_id}），可能已被删除。")
    return row


def _touch(conn: Connection, report_id: int, now: str) -> str:
    """Mark the report as changed now; returns its format."""
    fmt = conn.execute(select(reports.c.format).where(reports.c.id == report_id)).scalar_one_or_none()
    if fmt is None:
        raise StorageError(f"找不到该报告（编号 {report_id}），可能已被删除。")
    conn.execute(update(reports).where(reports.c.id == report_id).values(updated_at=now))
    return fmt


def _store_totals(conn: Connection, report_id: int, layout: Layout, origin: str, now: str,
                  written: set[str]) -> dict[str, Value]:
    """The totals that depend on the `written` cells (through other totals too), computed from
    the cells as stored now; the ones that differ from what is stored are written. Returns
    those totals."""
    touched, affected = set(written), []
    grown = True
    while grown:
        grown = False
        for identity in layout.identities:
            if identity.total not in affected and touched.intersection(identity.addends):
                affected.append(identity.total)
                touched.add(identity.total)
                grown = True
    if not affected:
        return {}
    stored = {key: text for key, text in conn.execute(
        select(cells.c.key, cells.c.value).where(cells.c.report_id == report_id))}
    scratch = Report(0, Unit(""), layout.name,
                     cells={k: _decode(layout, k, v) for k, v in stored.items() if k in layout.cells})
    scratch.fill_totals()
    totals = {key: scratch.cells[key] for key in affected}
    changed = {k: v for k, v in totals.items() if stored.get(k, "") != str(v)}
    _upsert(conn, cells, [_cell_row(report_id, k, v, origin, now) for k, v in changed.items()])
    return totals


def _mark_row(report_id: int, mark: TextMark) -> dict:
    return dict(report_id=report_id, key=mark.key, kind=mark.kind, body=mark.body, source=mark.source)


def _write_text(conn: Connection, report_id: int, key: str, body: str | None, marks: list[TextMark] | None,
                now: str) -> None:
    """One section and, when `marks` is given, its marks in place of the old ones. The
    needs_review column says whether any paragraph is still marked as taken over."""
    if body is None:
        conn.execute(delete(texts).where(texts.c.report_id == report_id, texts.c.key == key))
        conn.execute(delete(text_marks).where(text_marks.c.report_id == report_id, text_marks.c.key == key))
        return
    if marks is None:
        flagged = bool(conn.execute(select(text_marks.c.body).where(
            text_marks.c.report_id == report_id, text_marks.c.key == key, text_marks.c.kind == CARRIED)).first())
    else:
        flagged = any(m.kind == CARRIED for m in marks)
        conn.execute(delete(text_marks).where(text_marks.c.report_id == report_id, text_marks.c.key == key))
        _upsert(conn, text_marks, [_mark_row(report_id, m) for m in dict.fromkeys(marks) if m.key == key])
    _upsert(conn, texts, [dict(report_id=report_id, key=key, body=body, needs_review=int(flagged), updated_at=now)])


def _cell_row(report_id: int, key: str, value: Value, origin: str, now: str) -> dict:
    return dict(report_id=report_id, key=key, value=None if value is None else str(value),
                origin=origin, updated_at=now)


def _write_explanation(conn: Connection, report_id: int, finding: str, body: str | None, now: str) -> None:
    """One 说明 stored, or removed when `body` is empty."""
    if body and body.strip():
        _upsert(conn, explanations, [dict(report_id=report_id, finding=finding, body=body, updated_at=now)])
    else:
        conn.execute(delete(explanations).where(explanations.c.report_id == report_id,
                                                explanations.c.finding == finding))


def _write_fees(conn: Connection, report_id: int, value: Fees | None, now: str) -> None:
    if value is None:
        conn.execute(delete(fees).where(fees.c.report_id == report_id))
    else:
        _upsert(conn, fees, [_fees_row(report_id, value, now)])


def _write_published(conn: Connection, report_id: int, published: date | None) -> None:
    conn.execute(update(reports).where(reports.c.id == report_id)
                 .values(published=published and published.isoformat()))


def _save_review(conn: Connection, report_id: int, review: Review | None, now: str) -> None:
    """Insert the review (the caller has removed any earlier one)."""
    if review is None:
        return
    conn.execute(insert(report_reviews).values(report_id=report_id, status=review.status, reviewer=review.reviewer,
                                               date=review.date.isoformat(), updated_at=now))
    _upsert(conn, report_review_comments, [dict(report_id=report_id, position=i, finding=c.finding, body=c.text)
                                           for i, c in enumerate(review.comments)])


def _load_review(conn: Connection, report_id: int) -> Review | None:
    head = conn.execute(select(report_reviews).where(report_reviews.c.report_id == report_id)).one_or_none()
    if head is None:
        return None
    rows = conn.execute(select(report_review_comments.c.finding, report_review_comments.c.body)
                        .where(report_review_comments.c.report_id == report_id)
                        .order_by(report_review_comments.c.position))
    return Review(head.status, head.reviewer, date.fromisoformat(head.date),
                  [ReviewComment(finding, body) for finding, body in rows])


def _fees_row(report_id: int, value: Fees, now: str) -> dict:
    return dict(report_id=report_id, notices=value.notices, notice_amount_yuan=str(value.notice_amount_yuan),
                collected_yuan=str(value.collected_yuan), updated_at=now)
