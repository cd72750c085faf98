"""Regenerate the desktop screenshots in docs/ (run under Xvfb, with a CJK font installed):

    xvfb-run -a -s "-screen 0 1800x1200x24" uv run python docs/make_screenshots.py

Three sets, each of the start page and every step of the wizard: docs/wizard-*.png at
1024 × 700 (the smallest office screen), docs/screens/1600/ at 1600 × 1000 and docs/screens/zoom150/
at 1600 × 1000 with the UI zoomed to 150 % (Ctrl+=). Also the error, review, next-year,
comparison and print-preview pictures the README shows. Uses a throwaway data folder and the demo
report; nothing of yours is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["GKNB_DATA_DIR"] = tempfile.mkdtemp(prefix="gknb-shots-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.app import MainWindow, install_chinese_translations  # noqa: E402
from gui.style import apply_style  # noqa: E402
from gui.wizard import STEP_KEYS  # noqa: E402
from models.storage import Store  # noqa: E402

OUT = ROOT / "docs"
SETS = (("", (1024, 700), 1.0), ("screens/1600/", (1600, 1000), 1.0), ("screens/zoom150/", (1600, 1000), 1.5))


def settle(app, rounds=8):
    for _ in range(rounds):
        app.processEvents()


def shoot(widget, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path), "PNG", 9)


def one_set(app, store, prefix: str, size: tuple[int, int], zoom: float, extras: bool) -> None:
    from models.carry import create_from_last_year

    apply_style(app, zoom)
    window = MainWindow(store)
    window.setGeometry(40, 40, *size)
    window.show()
    for report in store.list_reports():     # a fresh start for each set
        store.delete_report(report.id)
    report_id = window.add_demo()
    settle(app)
    shoot(window, OUT / f"{prefix}wizard-start.png")
    window.open_report(report_id)
    wizard = window.wizard
    for step in STEP_KEYS:
        wizard.go(STEP_KEYS.index(step))
        settle(app)
        shoot(window, OUT / f"{prefix}wizard-{step}.png")
    if not extras:
        window.close_report()
        window.close()
        return
    # a typo in 表三 (an extra 0): the cell turns red, the likely typo is framed, 审核 lists it
    editor = wizard.editor
    editor.input_cell("t3.r3_1.zrr", str(editor.report.number("t3.r3_1.zrr") * 10))
    wizard.go(STEP_KEYS.index("t3"))
    page = wizard.page["t3"]
    page.focus_cell("t3.r3_1.zrr")
    settle(app)
    shoot(window, OUT / f"{prefix}wizard-t3-error.png")
    wizard.go(STEP_KEYS.index("review"))
    settle(app)
    shoot(window, OUT / f"{prefix}wizard-review.png")
    editor.undo()
    # next year from this one: 上年结转 carried (blue) and the comparison with last year
    window.close_report()
    window.open_report(create_from_last_year(window.store, report_id))
    following = window.wizard
    following.editor.input_cell("t3.r1.zrr", "16")
    following.go(STEP_KEYS.index("t3"))
    settle(app)
    shoot(window, OUT / f"{prefix}wizard-next-year-t3.png")
    following.page["t3"].compare_button.setChecked(True)
    settle(app)
    shoot(window, OUT / f"{prefix}wizard-next-year-compare.png")
    following.page["t3"].compare_button.setChecked(False)
    window.close_report()
    settle(app)
    shoot(window, OUT / f"{prefix}wizard-start-two-years.png")
    window.open_report(report_id)
    export = window.wizard.page["export"]
    export.preview(sheet=False)
    export.wait(120000)
    settle(app, 20)
    dialog = export.preview_dialog
    if dialog is not None:
        dialog.resize(1000, 800)
        settle(app, 20)
        shoot(dialog, OUT / "wizard-print-preview.png")
        dialog.close()
    window.close_report()
    window.close()


def main() -> None:
    app = QApplication(sys.argv)
    install_chinese_translations(app)
    store = Store.open()
    for prefix, size, zoom in SETS:
        one_set(app, store, prefix, size, zoom, extras=prefix == "")
    apply_style(app, 1.0)
    print("screenshots written to", OUT)


if __name__ == "__main__":
    main()
