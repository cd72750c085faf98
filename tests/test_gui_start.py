"""The start window, driven offscreen: it opens the local database and lists its reports."""

from models.storage import Store
from tests.factory import good_report


def test_start_window_lists_the_reports_in_the_database(qtbot, tmp_path):
    from gui.app import StartWindow

    store = Store.open(tmp_path / "reports.sqlite3")
    store.save_report(good_report(2024))
    store.save_report(good_report(2025))
    window = StartWindow(store)
    qtbot.addWidget(window)
    window.show()
    reports = window.reports
    assert reports.count() == 2
    assert "某某镇人民政府" in reports.item(0).text() and "2025年度" in reports.item(0).text()
    store.close()
