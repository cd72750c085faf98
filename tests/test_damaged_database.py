"""Item 7: a damaged database is explained, never a traceback. Each damaged report says what is
wrong while the others open; nothing is changed before the backup; a database that cannot be
written opens for reading."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from gui.app import MainWindow
from models.editing import Editor
from models.errors import StorageError, WriteFailed
from models.storage import Store
from tests.factory import good_report


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "reports.sqlite3"
    with Store.open(path) as s:
        s.save_report(good_report())
        other = good_report()
        other.unit.name = "乙镇人民政府"
        s.save_report(other)
    return path


def damage(path, sql):
    conn = sqlite3.connect(str(path))
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_a_bad_updated_at_hides_nothing(path):
    damage(path, "UPDATE reports SET updated_at = 'yesterday-ish' WHERE id = 1")
    with Store.open(path) as s:
        rows = s.list_reports()
        assert len(rows) == 2 and {r.updated_at is None for r in rows} == {True, False}
        assert Editor(s, 1).report.unit.name == "某某镇人民政府"


@pytest.mark.parametrize("sql, why", [
    ("UPDATE cells SET value = 'abc' WHERE report_id = 1 AND key = 't3.r1.zrr'", "不是数字"),
    ("UPDATE cells SET value = '100000000000000000000' WHERE report_id = 1 AND key = 't3.r1.zrr'", "超出上限"),
    ("UPDATE fees SET notice_amount_yuan = 'x' WHERE report_id = 1", "信息处理费"),
    ("UPDATE reports SET published = '2025-13-45' WHERE id = 1", "发布日期"),
])
def test_a_damaged_report_is_explained_and_the_others_open(path, sql, why):
    damage(path, sql)
    with Store.open(path) as s:
        assert len(s.list_reports()) == 2
        with pytest.raises(StorageError, match=why) as error:
            Editor(s, 1)
        assert "某某镇人民政府" in str(error.value)
        assert Editor(s, 2).report.unit.name == "乙镇人民政府"


def test_a_negative_user_version_changes_nothing(path):
    damage(path, "PRAGMA user_version = -1")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for _ in range(2):                                   # refused, and refused the same way again
        with pytest.raises(StorageError, match="版本号无效"):
            Store.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_database_that_cannot_be_written_opens_for_reading(qtbot, path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    real_open = Store.open.__func__

    def open_(cls, p=None, **kwargs):
        if not kwargs.get("read_only"):
            raise WriteFailed("打开数据库失败：数据库文件或所在文件夹是只读的，无法保存。")
        return real_open(cls, path, **kwargs)
    monkeypatch.setattr(Store, "open", classmethod(open_))
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: told.append(a[2]))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.load_store() and window.store.read_only
    assert told and "只读方式打开" in told[0] and "只读" in window.windowTitle()
    window.open_report(1)
    assert window.wizard is not None and window.wizard.editor.report.unit.name == "某某镇人民政府"
    window.close_report()
    window.store.close()
