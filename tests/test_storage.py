"""Storage on SQLite: round trips, edits, schema upgrades, failures, durability."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError

from models import migrations, paths, storage
from models.report import TextMark, Fees, Report, Review, ReviewComment, Unit
from models.schema import metadata
from models.database import is_network_path, open_engine
from models.storage import Store, StorageError
from tests.factory import sample, sample_names

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    directory = tmp_path / "data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(directory))
    return directory


@pytest.fixture
def store(data_dir):
    with Store.open() as s:
        yield s


@pytest.fixture
def report_id(store) -> int:
    unit = store.create_unit("某某镇人民政府", "gov", "township")
    return store.create_report(unit, 2024)


def raw_query(path: Path, query: str, *params) -> list[tuple]:
    """Look at the file with a plain sqlite3 connection, independent of the code under test."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def user_version(path: Path) -> int:
    return raw_query(path, "PRAGMA user_version")[0][0]


def columns(path: Path, table: str) -> list[str]:
    return [row[1] for row in raw_query(path, f"PRAGMA table_info({table})")]


def full_report() -> Report:
    return Report(
        year=2024, unit=Unit("某某县发展和改革局", "dept", "county"), format="2021",
        cells={"t2.sf.amount": Decimal("0.50"), "t2.gfxwj.made": 3, "t3.r1.zrr": None, "t3.r1.syqy": 0},
        text={"preamble": "本报告根据……", "s1": "（一）主动公开\n……", "s2": ""},
        fees=Fees(2, Decimal("120.5"), Decimal("0")),
        explanations={"S-3": "因机构改革，……"},
        published=date(2025, 1, 20), source="https://example.gov.cn/2024.html")


# ---------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------


def test_data_dir_override_creates_folders_on_first_use(data_dir):
    assert not data_dir.exists()
    assert paths.database_path() == data_dir / "reports.sqlite3"
    assert paths.backup_dir() == data_dir / "backups"
    assert (data_dir / "backups").is_dir()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_DATA_HOME only decides the folder on Linux")
def test_default_data_dir_is_per_user(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.user_data_dir() == tmp_path / "xdg" / "gk-nianbao"
    assert paths.user_data_dir().is_dir()


# ---------------------------------------------------------------------------
# Connections
# ---------------------------------------------------------------------------


def test_every_connection_enforces_foreign_keys(store):
    with store._engine.connect() as first, store._engine.connect() as second:
        for conn in (first, second):
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2   # FULL
    with pytest.raises(IntegrityError), store._write() as conn:
        conn.exec_driver_sql("INSERT INTO cells VALUES (999, 't3.r1.zrr', '1', 'typed', 'x')")


def test_journal_mode_is_wal_locally(store):
    with store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


@pytest.mark.skipif(os.name != "posix", reason="on POSIX a leading // names the same local folder")
def test_network_share_uses_rollback_journal(tmp_path, data_dir):
    with Store.open("/" + str(tmp_path / "share.sqlite3")) as s:
        with s._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"


def test_network_path_detection():
    assert is_network_path(r"\\server\share\reports.sqlite3")
    assert is_network_path("//server/share/reports.sqlite3")
    assert not is_network_path("/home/clerk/reports.sqlite3")


# ---------------------------------------------------------------------------
# Values and round trips
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0.50", "5949.088667", "0.092", "0", "12"])
def test_amount_round_trips_exactly_and_is_stored_as_text(store, report_id, text):
    store.set_cell(report_id, "t2.sf.amount", Decimal(text))
    value = store.load_report(report_id).cells["t2.sf.amount"]
    assert isinstance(value, Decimal) and str(value) == text
    assert raw_query(store.path, "SELECT value, typeof(value) FROM cells") == [(text, "text")]


def test_empty_cell_is_not_a_missing_cell(store, report_id):
    store.set_cells(report_id, {"t3.r1.zrr": None, "t3.r1.syqy": 4})
    cells = store.load_report(report_id).cells
    assert cells == {"t3.r1.zrr": None, "t3.r1.syqy": 4, "t3.r1.zj": 4}   # and the total they make
    store.delete_cell(report_id, "t3.r1.zrr")
    assert store.load_report(report_id).cells == {"t3.r1.syqy": 4, "t3.r1.zj": 4}


def test_whole_report_round_trip(store):
    report = full_report()
    report_id = store.save_report(report)
    assert store.load_report(report_id) == report
    assert set(store.cell_origins(report_id).values()) == {"imported"}


@pytest.mark.parametrize("name", sample_names() or ["(none)"])
def test_real_samples_round_trip(store, name):
    report = sample(name)
    assert report.cells and report.text
    report_id = store.save_report(report)
    assert store.load_report(report_id) == report


def test_save_report_replaces_the_units_report_of_that_year(store):
    report = full_report()
    report_id = store.save_report(report)
    store.set_last_step(report_id, "t3")
    report.cells = {"t3.r1.zrr": 7}
    report.explanations = {}
    report.fees = None
    assert store.save_report(report, origin="carried") == report_id
    assert store.load_report(report_id) == report
    assert store.cell_origins(report_id) == {"t3.r1.zrr": "carried"}
    assert store.get_last_step(report_id) == "t3"
    assert [u.name for u in store.list_units()] == ["某某县发展和改革局"]


def test_edits_show_in_the_loaded_report(store, report_id):
    store.set_text(report_id, "s5", "问题……", needs_review=True)
    store.set_fees(report_id, Fees(1, Decimal("25.00"), Decimal("25.00")))
    store.set_explanation(report_id, "S-3", "说明")
    store.set_explanation(report_id, "H-4", "另一说明")
    store.set_explanation(report_id, "H-4", "  ")   # empty: removes
    store.set_published(report_id, date(2025, 1, 31))
    report = store.load_report(report_id)
    assert report.text == {"s5": "问题……"}
    assert store.text_needs_review(report_id) == {"s5": True}
    assert str(report.fees.notice_amount_yuan) == "25.00"
    assert report.explanations == {"S-3": "说明"}
    assert report.published == date(2025, 1, 31)
    assert report.unit == Unit("某某镇人民政府", "gov", "township")
    store.set_fees(report_id, None)
    store.set_published(report_id, None)
    assert store.load_report(report_id).fees is None and store.load_report(report_id).published is None


def test_text_marks_are_kept_with_their_text(store, report_id):
    carried = TextMark("s1", "carried", "去年的一段。")
    generated = TextMark("s1", "generated", "办结13件。", "applications")
    store.set_text(report_id, "s1", "去年的一段。\n办结13件。", marks=[carried, generated])
    assert store.load_report(report_id).marks == (carried, generated)
    assert store.text_needs_review(report_id)["s1"] is True
    store.set_text(report_id, "s1", "去年的一段。\n办结13件。", marks=[generated])     # confirmed
    assert store.load_report(report_id).marks == (generated,) and store.text_needs_review(report_id)["s1"] is False
    store.set_text(report_id, "s1", "改写了。")                                       # marks untouched
    assert store.load_report(report_id).marks == (generated,)
    store.set_text(report_id, "s1", None)
    assert store.load_report(report_id).marks == ()
    store.set_text(report_id, "s5", "甲。\n（一）存在的问题\n乙。", needs_review=True)   # taken over as a whole
    assert [m.body for m in store.load_report(report_id).marks] == ["甲。", "乙。"]
    report = store.load_report(report_id)
    again = store.load_report(store.save_report(report))
    assert again.marks == report.marks


def test_last_step(store, report_id):
    assert store.get_last_step(report_id) is None
    store.set_last_step(report_id, "t4")
    assert store.get_last_step(report_id) == "t4"


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("key, value", [
    ("t3.r1.nope", 1),                    # not in the layout
    ("t3.r3_6.zrr", 1),                   # a 2019 key in a 2021 report
    ("t3.r1.zrr", -1),
    ("t3.r1.zrr", Decimal("1")),
    ("t3.r1.zrr", True),
    ("t2.sf.amount", Decimal("0.1234567")),
    ("t2.sf.amount", 0.5),
])
def test_bad_cells_are_refused_and_nothing_is_written(store, report_id, key, value):
    with pytest.raises(StorageError):
        store.set_cells(report_id, {"t3.r1.syqy": 2, key: value})
    assert store.load_report(report_id).cells == {}


def test_unknown_origin_is_a_bug(store, report_id):
    with pytest.raises(ValueError):
        store.set_cell(report_id, "t3.r1.zrr", 1, origin="guessed")


def test_duplicate_report_for_unit_and_year_is_refused(store, report_id):
    unit_id = store.list_reports()[0].unit_id
    with pytest.raises(StorageError, match="已有 2024 年度的报告"):
        store.create_report(unit_id, 2024)
    other = store.create_report(unit_id, 2023)
    assert store.load_report(other).format == "2021"
    assert store.load_report(store.create_report(unit_id, 2020)).format == "2019"


def test_units(store):
    a = store.create_unit("甲局", "dept", "county")
    b = store.create_unit("乙镇")
    with pytest.raises(StorageError, match="已有名为"):
        store.create_unit("甲局")
    with pytest.raises(StorageError, match="已有名为"):
        store.update_unit(b, name="甲局")
    store.update_unit(a, kind=None, name="甲局（新）")
    assert store.list_units() == [storage.UnitRow(b, "乙镇", None, None),
                                  storage.UnitRow(a, "甲局（新）", None, "county")]


# ---------------------------------------------------------------------------
# updated_at
# ---------------------------------------------------------------------------

EDITS = {
    "set_cell": lambda s, r: s.set_cell(r, "t3.r1.zrr", 1),
    "set_cells": lambda s, r: s.set_cells(r, {"t3.r1.zrr": 1}, origin="carried"),
    "delete_cell": lambda s, r: s.delete_cell(r, "t3.r1.zrr"),
    "set_text": lambda s, r: s.set_text(r, "s1", "……"),
    "set_fees": lambda s, r: s.set_fees(r, Fees()),
    "set_explanation": lambda s, r: s.set_explanation(r, "S-3", "……"),
    "set_published": lambda s, r: s.set_published(r, date(2025, 1, 1)),
}


@pytest.fixture
def clock(monkeypatch):
    ticks = iter(f"2025-01-20T10:{i // 60:02d}:{i % 60:02d}.000+08:00" for i in range(3600))
    monkeypatch.setattr(storage, "_now", lambda: next(ticks))


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_every_edit_bumps_the_report(clock, store, report_id, edit):
    before = store.list_reports()[0].updated_at
    edit(store, report_id)
    after = store.list_reports()[0].updated_at
    assert after > before


def test_rows_record_their_change_and_last_step_is_not_an_edit(clock, store, report_id):
    store.set_cell(report_id, "t3.r1.zrr", 1)
    cell_time = raw_query(store.path, "SELECT updated_at FROM cells")[0][0]
    assert raw_query(store.path, "SELECT updated_at FROM reports") == [(cell_time,)]
    store.set_last_step(report_id, "s5")
    assert raw_query(store.path, "SELECT updated_at FROM reports") == [(cell_time,)]


# ---------------------------------------------------------------------------
# Deleting
# ---------------------------------------------------------------------------

CHILD_TABLES = ("cells", "texts", "fees", "explanations")


def test_delete_report_backs_it_up_then_cascades(store):
    report_id = store.save_report(full_report())
    backup = store.delete_report(report_id)
    assert backup.parent == paths.backup_dir()
    data = json.loads(backup.read_text(encoding="utf-8"))
    assert data["cells"] == {"t2.sf.amount": "0.50", "t2.gfxwj.made": 3, "t3.r1.zrr": None, "t3.r1.syqy": 0}
    assert data["year"] == 2024 and data["unit"]["name"] == "某某县发展和改革局"
    assert data["fees"]["notice_amount_yuan"] == "120.5" and data["explanations"] == {"S-3": "因机构改革，……"}
    assert store.list_reports() == []
    for table in CHILD_TABLES:
        assert raw_query(store.path, f"SELECT count(*) FROM {table}") == [(0,)]
    with pytest.raises(StorageError, match="找不到该报告"):
        store.load_report(report_id)


def test_replacing_a_report_backs_up_the_old_one_and_keeps_it_when_the_save_fails(store):
    first = full_report()
    report_id = store.save_report(first)
    newer = full_report()
    newer.cells["t2.gfxwj.made"] = 7
    assert store.replace_report(newer, "导入前备份") == report_id       # the same report, replaced
    assert store.load_report(report_id).cells["t2.gfxwj.made"] == 7
    (backup,) = paths.backup_dir().glob("*导入前备份*.json")
    assert json.loads(backup.read_text(encoding="utf-8"))["cells"]["t2.gfxwj.made"] == 3

    broken = full_report()
    broken.cells["t2.gfxwj.made"] = -1                              # refused by the store
    with pytest.raises(StorageError):
        store.replace_report(broken, "导入前备份")
    assert store.load_report(report_id).cells["t2.gfxwj.made"] == 7  # nothing deleted before the save


def test_replacing_needs_its_backup_first(store, monkeypatch):
    report_id = store.save_report(full_report())
    newer = full_report()
    newer.cells["t2.gfxwj.made"] = 7

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("models.storage.write_report", full_disk)
    with pytest.raises(StorageError, match="备份报告失败，报告未作改动"):
        store.replace_report(newer, "导入前备份")
    assert store.load_report(report_id).cells["t2.gfxwj.made"] == 3


def test_deleting_a_unit_cascades_to_its_reports(store):
    report_id = store.save_report(full_report())
    with store._write() as conn:
        conn.exec_driver_sql("DELETE FROM units")
    for table in ("reports",) + CHILD_TABLES:
        assert raw_query(store.path, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert report_id


# ---------------------------------------------------------------------------
# Schema versions
# ---------------------------------------------------------------------------


def _before_step_1(engine):
    pass   # version 0 is an empty file: nothing to put in


def _after_step_1(store):
    report_id = store.save_report(full_report())
    assert store.load_report(report_id) == full_report()


def _before_step_2(engine):
    report = full_report()
    report.explanations = {}     # the explanations table changes at step 3: written as version 1 had it
    with Store(engine, paths.database_path()) as s:
        report_id = s.save_report(report)
    with engine.begin() as conn:
        for key, body in full_report().explanations.items():
            conn.exec_driver_sql("INSERT INTO explanations VALUES (?, ?, ?, 't')", (report_id, key, body))


def _after_step_2(store):
    [row] = store.list_reports()
    assert store.load_report(row.id) == full_report()       # nothing lost, no review yet
    review = Review("returned", "县政务公开办", date(2025, 2, 10), [ReviewComment("S-3|t3.r2.zrr", "请核对")])
    store.set_review(row.id, review)
    assert store.load_report(row.id).review == review
    for table in ("roster_units", "office_years", "office_settings", "received", "received_comments"):
        assert raw_query(store.path, f"SELECT count(*) FROM {table}") == [(0,)], table


def _before_step_3(engine):
    """A version-2 report whose 说明 are keyed by bare rule ID."""
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO units VALUES (1, '某某镇人民政府', 'gov', 'township', 't', 't')")
        conn.exec_driver_sql("INSERT INTO reports (id, unit_id, year, format, created_at, updated_at) "
                             "VALUES (1, 1, 2024, '2021', 't', 't')")
        conn.exec_driver_sql("INSERT INTO explanations VALUES (1, 'S-3', '因机构改革，……', 't')")


def _after_step_3(store):
    """The old key still explains every finding of its rule; new keys are finding ids."""
    assert store.load_report(1).explanations == {"S-3": "因机构改革，……"}
    store.set_explanation(1, "S-3|t3.r2.zrr", "自然人一栏另有说明")
    assert store.load_report(1).explanations == {"S-3": "因机构改革，……", "S-3|t3.r2.zrr": "自然人一栏另有说明"}


def _before_step_4(engine):
    """A version-3 report whose 一 was taken over from last year, flagged as a whole."""
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO units VALUES (1, '某某镇人民政府', 'gov', 'township', 't', 't')")
        conn.exec_driver_sql("INSERT INTO reports (id, unit_id, year, format, created_at, updated_at) "
                             "VALUES (1, 1, 2025, '2021', 't', 't')")
        conn.exec_driver_sql("INSERT INTO texts VALUES (1, 's1', ?, 1, 't')",
                             ("（一）主动公开\n去年的第一段。\n去年的第二段。",))
        conn.exec_driver_sql("INSERT INTO texts VALUES (1, 's5', '本年自己写的。', 0, 't')")


def _after_step_4(store):
    """Each paragraph of the flagged text is marked; a sub-heading is not a paragraph."""
    marks = store.load_report(1).marks
    assert marks == (TextMark("s1", "carried", "去年的第一段。"), TextMark("s1", "carried", "去年的第二段。"))


# step number -> (put data into a database at version n-1, check it after upgrading to n)
TESTED_STEPS = {
    1: (_before_step_1, _after_step_1),
    2: (_before_step_2, _after_step_2),
    3: (_before_step_3, _after_step_3),
    4: (_before_step_4, _after_step_4),
}


def test_every_upgrade_step_has_a_test():
    assert set(TESTED_STEPS) == set(range(1, len(migrations.STEPS) + 1))


@pytest.mark.parametrize("number", range(1, len(migrations.STEPS) + 1))
def test_upgrade_step(data_dir, number):
    path = paths.database_path()
    engine = open_engine(path)
    assert migrations.upgrade(engine, migrations.STEPS[:number - 1]) == number - 1
    before, after = TESTED_STEPS[number]
    before(engine)
    engine.dispose()
    with Store.open() as s:
        after(s)
    assert user_version(path) == migrations.current_version()
    backups = list(paths.backup_dir().glob("*.sqlite3"))
    if number == 1:
        assert backups == []   # nothing to back up in a new file
    else:
        assert len(backups) == 1 and f"-v{number - 1}-" in backups[0].name
        assert user_version(backups[0]) == number - 1


def test_schema_module_matches_what_the_migrations_build(store):
    tables = {row[0] for row in raw_query(store.path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == set(metadata.tables)
    for name, table in metadata.tables.items():
        assert columns(store.path, name) == [c.name for c in table.columns], name


def _add_region(conn):
    conn.exec_driver_sql("ALTER TABLE units ADD COLUMN region TEXT")


def test_future_step_keeps_data_and_backs_up_first(data_dir, monkeypatch):
    with Store.open() as s:
        report_id = s.save_report(full_report())
    path = paths.database_path()
    released = len(migrations.STEPS)
    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, _add_region])
    with Store.open() as s:
        assert s.load_report(report_id) == full_report()
    assert user_version(path) == released + 1 and "region" in columns(path, "units")
    [backup] = paths.backup_dir().glob("*.sqlite3")
    assert f"-v{released}-" in backup.name
    assert user_version(backup) == released and "region" not in columns(backup, "units")
    assert raw_query(backup, "SELECT value FROM cells WHERE key = 't2.sf.amount'") == [("0.50",)]
    assert raw_query(backup, "PRAGMA integrity_check") == [("ok",)]


def test_failing_step_leaves_the_previous_version(data_dir, monkeypatch):
    with Store.open() as s:
        report_id = s.save_report(full_report())

    def broken(conn):
        _add_region(conn)
        raise RuntimeError("bug in an upgrade step")

    steps = list(migrations.STEPS)
    monkeypatch.setattr(migrations, "STEPS", [*steps, broken])
    with pytest.raises(StorageError, match="升级数据库失败") as error:   # said to the clerk, not a traceback
        Store.open()
    assert "bug in an upgrade step" in str(error.value.__cause__)
    path = paths.database_path()
    assert user_version(path) == len(steps) and "region" not in columns(path, "units")
    monkeypatch.setattr(migrations, "STEPS", steps)
    with Store.open() as s:
        assert s.load_report(report_id) == full_report()


def _make_foreign_db(path: Path, version: int) -> bytes:
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE things (x)")
    conn.execute("INSERT INTO things VALUES (1)")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_newer_database_is_refused_and_untouched(data_dir):
    newer = migrations.current_version() + 2
    path = paths.database_path()
    content = _make_foreign_db(path, newer)
    with pytest.raises(StorageError) as error:
        Store.open()
    message = str(error.value)
    assert f"数据库版本 {newer}" in message and f"只支持到版本 {migrations.current_version()}" in message
    assert "数据未作任何修改" in message and str(path) in message
    assert path.read_bytes() == content
    assert [p.name for p in data_dir.iterdir() if p.name != "backups"] == ["reports.sqlite3"]   # no -wal/-journal
    assert not list(paths.backup_dir().iterdir())


def test_other_programs_database_is_refused_and_untouched(data_dir):
    path = paths.database_path()
    content = _make_foreign_db(path, 0)
    with pytest.raises(StorageError, match="不是年报助手的数据库"):
        Store.open()
    assert path.read_bytes() == content


# ---------------------------------------------------------------------------
# Failures
# ---------------------------------------------------------------------------


def test_garbage_file_is_reported_with_its_path(data_dir):
    path = paths.database_path()
    path.write_bytes(b"this is not a database, just some text\n" * 200)
    with pytest.raises(StorageError) as error:
        Store.open()
    assert str(path) in str(error.value) and "损坏" in str(error.value)


def test_read_only_database(data_dir, report_id, store):
    store.close()
    with Store.open(read_only=True) as ro:
        assert ro.load_report(report_id).year == 2024
        with pytest.raises(StorageError) as error:
            ro.set_cell(report_id, "t3.r1.zrr", 3)
    assert "只读" in str(error.value) and str(store.path) in str(error.value)


def _chmod_stops_writes(folder: Path) -> bool:
    probe = folder / "probe"
    probe.write_text("")
    probe.chmod(0o444)
    try:
        probe.open("a").close()
        return False
    except PermissionError:
        return True
    finally:
        probe.chmod(0o644)
        probe.unlink()


def test_read_only_file_permissions(tmp_path, data_dir, report_id, store):
    if os.name != "posix" or not _chmod_stops_writes(tmp_path):
        pytest.skip("chmod does not stop writes here (running as root); test_read_only_database covers the message")
    store.close()
    store.path.chmod(0o444)
    data_dir.chmod(0o555)
    try:
        with pytest.raises(StorageError) as error:
            with Store.open() as s:
                s.set_cell(report_id, "t3.r1.zrr", 3)
        assert "只读" in str(error.value) and str(store.path) in str(error.value)
    finally:
        data_dir.chmod(0o755)
        store.path.chmod(0o644)


def test_data_folder_that_cannot_be_created(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(blocker / "data"))
    with pytest.raises(StorageError, match="无法创建数据文件夹"):
        Store.open()


def test_locked_database(data_dir):
    with Store.open(busy_timeout=0.1) as s:
        report_id = s.create_report(s.create_unit("甲局"), 2024)
        other = sqlite3.connect(str(s.path), timeout=0.1, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StorageError) as error:
                s.set_cell(report_id, "t3.r1.zrr", 3)
            assert "占用" in str(error.value) and str(s.path) in str(error.value)
        finally:
            other.rollback()
            other.close()
        s.set_cell(report_id, "t3.r1.zrr", 3)   # free again
        assert s.load_report(report_id).cells == {"t3.r1.zrr": 3, "t3.r1.zj": 3}


def test_disk_full(store, report_id):
    # max_page_count caps the file at its current size: SQLite then answers SQLITE_FULL.
    store.close()
    event.listen(store._engine, "connect", lambda conn, _: conn.execute("PRAGMA max_page_count = 1"))
    with pytest.raises(StorageError) as error:
        store.set_text(report_id, "s1", "很长的文字" * 19_000)
    assert "磁盘空间已满" in str(error.value) and str(store.path) in str(error.value)
    store.close()
    with Store.open() as s:
        assert s.load_report(report_id).text == {}


def test_programming_errors_are_not_swallowed(store):
    with pytest.raises(OperationalError, match="no such table"), store._write() as conn:
        conn.exec_driver_sql("SELECT * FROM no_such_table")


# ---------------------------------------------------------------------------
# Durability
# ---------------------------------------------------------------------------

_KILLED_SESSION = textwrap.dedent("""
    import os, signal
    from decimal import Decimal
    from models.report import Fees
    from models.storage import Store
    s = Store.open()
    r = s.create_report(s.create_unit("某某镇人民政府", "gov", "township"), 2024)
    s.set_cell(r, "t3.r1.zrr", 5)
    s.set_cell(r, "t2.sf.amount", Decimal("0.092"))
    s.set_cells(r, {"t3.r1.syqy": 1, "t3.r1.kyjg": None, "t3.r1.zj": 6}, origin="carried")
    s.set_text(r, "s5", "存在的主要问题……", needs_review=True)
    s.set_fees(r, Fees(1, Decimal("10.00"), Decimal("0")))
    print("ready", r, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    print("not reached", flush=True)
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_edits_survive_the_process_being_killed(data_dir):
    env = {**os.environ, paths.DATA_DIR_ENV: str(data_dir), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _KILLED_SESSION], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert proc.stdout.split() == ["ready", "1"]
    # killed mid-session: the write-ahead log was never checkpointed into the main file
    assert (data_dir / "reports.sqlite3-wal").stat().st_size > 0
    with Store.open() as s:
        report = s.load_report(1)
        assert report.cells == {"t3.r1.zrr": 5, "t2.sf.amount": Decimal("0.092"),
                                "t3.r1.syqy": 1, "t3.r1.kyjg": None, "t3.r1.zj": 6}
        assert str(report.cells["t2.sf.amount"]) == "0.092"
        assert report.text == {"s5": "存在的主要问题……"}
        assert s.text_needs_review(1) == {"s5": True}
        assert report.fees == Fees(1, Decimal("10.00"), Decimal("0"))
        assert s.cell_origins(1)["t3.r1.kyjg"] == "carried"
