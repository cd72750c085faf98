"""Item 3 and 5 in the window: any exception in a background thread (export, imports) reaches
the window as a Chinese message and the busy state ends; a long import can be cancelled."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.factory import good_report


def test_an_unexpected_error_in_the_export_thread_reaches_the_window(qtbot, window, store, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something no one foresaw")
    monkeypatch.setattr("gui.export_page.export_report", broken)
    window.open_report(store.save_report(good_report()))
    page = window.wizard.page["export"]
    page.folder.setText(str(tmp_path))
    page.with_pdf.setChecked(False)
    qtbot.mouseClick(page.generate, Qt.MouseButton.LeftButton)
    page.wait()
    assert "程序内部错误" in page.banner.text() and "RuntimeError" in page.banner.text()
    assert page.generate.isEnabled() and not page.task.progress.isVisible()


def test_a_long_import_runs_off_the_window_and_can_be_cancelled(qtbot, window, monkeypatch, tmp_path):
    release = threading.Event()
    started = threading.Event()

    def slow(path):
        started.set()
        release.wait(10)
        raise AssertionError("its result must be dropped after 取消")
    monkeypatch.setattr("models.importer.import_document", slow)
    window.start.import_published(str(tmp_path / "大文件.html"))
    task = window.start.import_task
    assert started.wait(5)                                   # the window's thread is free meanwhile
    task.progress.show()
    cancel = next(b for b in task.progress.findChildren(QPushButton) if b.text() == "取消")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not task.running and "已取消" in window.start.banner.text()
    release.set()
    task.wait()
    assert "已取消" in window.start.banner.text() and window.wizard is None


def test_a_memory_error_in_an_import_is_said_too(qtbot, window, monkeypatch, tmp_path):
    def huge(path):
        raise MemoryError
    monkeypatch.setattr("models.importer.import_document", huge)
    window.start.import_published(str(tmp_path / "x.docx"))
    window.start.import_task.wait()
    assert "内存不足" in window.start.banner.text()
