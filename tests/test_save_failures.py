"""Item 1 and 2 of the reliability work, below the window: an edit the database cannot take
just now (disk full, locked) is kept, marked unsaved and written by retry_save; totals are
computed from what is stored, in the same transaction, even with two writers."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from models.catalogue import T3_COLUMNS
from models.editing import Editor
from models.errors import StorageError, WriteFailed
from models.report import Fees
from models.storage import Store
from tests.factory import good_report


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "reports.sqlite3") as s:
        yield s


@pytest.fixture
def good_id(store) -> int:
    return store.save_report(good_report())


class Broken:
    """Makes every single-edit write of `store` fail as a full disk does, until `heal()`."""

    METHODS = ("set_cells", "set_text", "set_fees", "set_published", "update_unit", "set_explanation",
               "write_unsaved")

    def __init__(self, store, monkeypatch):
        self.calls = 0
        self.monkeypatch = monkeypatch
        for name in self.METHODS:
            monkeypatch.setattr(store, name, self._fail)

    def _fail(self, *args, **kwargs):
        self.calls += 1
        raise WriteFailed("保存失败：磁盘空间已满，无法写入。请清理磁盘空间后重试。")

    def heal(self):
        self.monkeypatch.undo()


def test_a_failed_write_keeps_every_edit_and_retry_stores_them(store, good_id, monkeypatch):
    ed = Editor(store, good_id)
    errors, changes = [], []
    ed.add_save_listener(errors.append)
    ed.add_listener(changes.append)
    broken = Broken(store, monkeypatch)

    ed.set_text("s5", "甲" * 347)
    assert not ed.saved and errors == [ed.save_error] and "磁盘空间已满" in ed.save_error
    typed = "甲" * 347
    for n in range(300):                       # the clerk goes on typing: kept, not stored
        typed += "乙"
        ed.set_text("s5", typed)
    ed.set_cell("t3.r1.zrr", 11)
    ed.paste("t3.r1.syqy", "2\t3")
    ed.clear_cells(["t3.r3_1.zrr"])
    ed.set_fees(Fees(1, Decimal("25"), Decimal("25")))
    ed.set_explanation("S-3", "因机构调整")
    ed.set_published(date(2025, 1, 20))
    ed.set_unit(name="某某镇政府")
    # after the first failure the database is not waited on at every keystroke
    assert broken.calls == 2                    # the first text, and the unit (tried at once)
    assert ed.report.text["s5"] == typed and len(changes) >= 307
    assert ed.report.cells["t3.r1.zrr"] == 11 and ed.report.cells["t3.r1.syqy"] == 2
    assert ed.report.cells["t3.r1.zj"] == sum(ed.report.number(f"t3.r1.{c.key}") for c in T3_COLUMNS[:-1])

    assert not ed.retry_save() and not ed.saved          # still full
    broken.heal()
    assert ed.retry_save() and ed.saved and ed.save_error is None and errors[-1] is None
    stored = store.load_report(good_id)
    assert stored.text["s5"] == typed and len(stored.text["s5"]) == 647
    assert stored.cells == ed.report.cells
    assert stored.fees == ed.report.fees and stored.explanations["S-3"] == "因机构调整"
    assert stored.published == date(2025, 1, 20) and stored.unit.name == "某某镇政府"
    assert store.cell_origins(good_id)["t3.r1.zrr"] == "typed"


def test_undo_while_unsaved_is_kept_too(store, good_id, monkeypatch):
    ed = Editor(store, good_id)
    before = ed.report.cells["t3.r1.zrr"]
    broken = Broken(store, monkeypatch)
    ed.set_cell("t3.r1.zrr", before + 5)
    ed.undo()
    assert ed.report.cells["t3.r1.zrr"] == before and not ed.saved
    broken.heal()
    assert ed.retry_save()
    assert store.load_report(good_id).cells["t3.r1.zrr"] == before


def test_a_refusal_changes_nothing_and_is_not_kept(store, good_id):
    other = store.create_unit("乙镇人民政府")
    assert other
    ed = Editor(store, good_id)
    with pytest.raises(StorageError, match="已有名为"):
        ed.set_unit(name="乙镇人民政府")
    assert ed.saved and ed.report.unit.name == "某某镇人民政府" and not ed.can_undo


def test_a_locked_database_is_reported_at_once_and_retried(store, good_id):
    ed = Editor(store, good_id)
    holder = sqlite3.connect(str(store.path), timeout=0.1, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        ed.set_text("s5", "锁住时输入的文字")
        ed.set_text("s5", "锁住时输入的文字，继续")
        assert not ed.saved and "占用" in ed.save_error and not ed.retry_save()
    finally:
        holder.rollback()
        holder.close()
    assert ed.retry_save() and store.load_report(good_id).text["s5"] == "锁住时输入的文字，继续"


def test_edits_wait_only_briefly_for_a_lock(store):
    # the store's busy timeout for single edits is short; opening and imports wait longer
    assert store.edit_timeout <= 0.25 < store.busy_timeout


def test_two_writers_never_store_a_stale_total(tmp_path):
    path = tmp_path / "reports.sqlite3"
    with Store.open(path) as first, Store.open(path) as second:
        rid = first.create_report(first.create_unit("甲"), 2024)
        one, two = Editor(first, rid), Editor(second, rid)    # both read the report before either edits
        one.set_cell("t3.r1.zrr", 1000)
        two.set_cell("t3.r1.syqy", 1000)                         # its memory still has zrr empty
        assert first.load_report(rid).cells["t3.r1.zj"] == 2000
        assert two.report.cells["t3.r1.zj"] == 2000              # the total as stored, not as it guessed


def test_two_stores_on_one_file_add_up(tmp_path):
    path = tmp_path / "reports.sqlite3"
    with Store.open(path) as first, Store.open(path) as second:
        rid = first.create_report(first.create_unit("甲"), 2024)
        first.set_cells(rid, {"t4.fy.wc": 1001})
        totals = second.set_cells(rid, {"t4.fy.jz": 999})
        assert totals["t4.fy.zj"] == 2000 == first.load_report(rid).cells["t4.fy.zj"]


def test_a_read_only_store_refuses_every_write(tmp_path, good_report_path=None):
    path = tmp_path / "reports.sqlite3"
    with Store.open(path) as s:
        rid = s.save_report(good_report())
    with Store.open(path, read_only=True) as s:
        assert s.load_report(rid).unit.name == "某某镇人民政府"
        with pytest.raises(StorageError, match="只读"):
            s.set_text(rid, "s5", "x")
