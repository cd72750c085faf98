"""The roster page with 2 000 units: scrolling, sorting and filtering, each next to the same
operation on a plain Qt table (QStandardItemModel behind the stock QSortFilterProxyModel, all in
C++) in the same run.

    uv run python bench/bench_roster.py

Goal (issue 12): each well inside a 16 ms frame. Runs offscreen; prints milliseconds (best of
several rounds) and the ratio to the plain table.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import datetime, timedelta

from common import best_ms  # noqa: E402  (puts the project on sys.path)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from gui.office.roster_model import COLUMNS, ERRORS, RosterDelegate, RosterModel, UNIT  # noqa: E402
from models.office.roster import RosterRow  # noqa: E402

UNITS = 2000


def rows(count: int) -> list[RosterRow]:
    rng = random.Random(1)
    start = datetime(2025, 1, 5, 9)
    out = []
    for n in range(count):
        status = rng.choice(("missing", "received", "received", "returned", "accepted"))
        sent = status != "missing"
        out.append(RosterRow(n, f"第{n}号{rng.choice('青石桥溪林山河湖')}镇人民政府", "gov", "township",
                             n if sent else None, status, start + timedelta(hours=rng.randrange(900)) if sent else None,
                             rng.random() < 0.1 if sent else None, rng.randrange(3) if sent else None,
                             rng.randrange(5) if sent else None, rng.randrange(3) if sent else None,
                             rng.random() < 0.05, rng.randrange(2), f"{n}.gkpkg" if sent else "",
                             "package" if sent else None, ""))
    return out


def view_of(model, delegate=None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    if delegate is not None:
        view.setItemDelegate(delegate(view))
    view.setSortingEnabled(True)
    view.resize(1300, 700)
    view.show()
    QApplication.processEvents()
    return view


def measure(view, model, filter_text) -> dict[str, float]:
    bar = view.verticalScrollBar()
    positions = iter(range(10**9))

    assert bar.maximum() > 0, "the view must be laid out to scroll"

    def scroll():
        bar.setValue((next(positions) * 37) % bar.maximum())
        view.viewport().repaint()

    return {
        "scroll one screen and repaint": best_ms(scroll, 30),
        "sort by name": best_ms(lambda: (model.sort(UNIT, Qt.SortOrder.AscendingOrder),
                                         model.sort(UNIT, Qt.SortOrder.DescendingOrder)), 10) / 2,
        "sort by a number (强制)": best_ms(lambda: (model.sort(ERRORS, Qt.SortOrder.AscendingOrder),
                                                   model.sort(ERRORS, Qt.SortOrder.DescendingOrder)), 10) / 2,
        "filter by part of a name": best_ms(lambda: (filter_text("青"), filter_text("")), 10) / 2,
    }


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    data = rows(UNITS)

    model = RosterModel()
    start = time.perf_counter()
    model.set_rows(data)
    load = (time.perf_counter() - start) * 1000
    ours = measure(view_of(model, RosterDelegate), model, lambda text: model.set_filter(text=text))

    plain = QStandardItemModel(len(data), len(COLUMNS))   # the same texts, in Qt's own C++ model
    for r, row in enumerate(data):
        for c in range(len(COLUMNS)):
            plain.setItem(r, c, QStandardItem(model.data(model.index(r, c)) or ""))
    stock = QSortFilterProxyModel()
    stock.setSourceModel(plain)
    stock.setFilterKeyColumn(UNIT)
    base = measure(view_of(stock), stock, stock.setFilterFixedString)
    app.processEvents()

    print(f"roster of {UNITS} units; filling the model: {load:.1f} ms")
    print(f"{'what':32} {'roster ms':>10} {'plain table ms':>15} {'×':>6}")
    for name, ms in ours.items():
        print(f"{name:32} {ms:10.2f} {base[name]:15.2f} {ms / base[name]:6.1f}")
    worst = max(ours.values())
    print(f"goal: each well inside a 16 ms frame — {'met' if worst < 16 else 'NOT met'} (worst {worst:.1f} ms)")


if __name__ == "__main__":
    main()
