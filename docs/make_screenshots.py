"""Regenerate the wizard screenshots in docs/ (run under Xvfb, with a CJK font installed):

    xvfb-run -a -s "-screen 0 1400x900x24" uv run python docs/make_screenshots.py

Uses a throwaway data folder and the demo report; nothing of yours is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["GKNB_DATA_DIR"] = tempfile.mkdtemp(prefix="gknb-shots-")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.app import MainWindow, install_chinese_translations  # noqa: E402
from gui.style import apply_style  # noqa: E402
from gui.wizard import STEP_KEYS  # noqa: E402
from models.storage import Store  # noqa: E402

OUT = ROOT / "docs"


def settle(app, rounds=5):
    for _ in range(rounds):
        app.processEvents()


def main() -> None:
    app = QApplication(sys.argv)
    install_chinese_translations(app)
    apply_style(app)
    window = MainWindow(Store.open())
    window.resize(1200, 800)
    window.show()
    report_id = window.add_demo()
    settle(app)
    window.grab().save(str(OUT / "wizard-start.png"))
    window.open_report(report_id)
    wizard = window.wizard
    for step in ("unit", "s1", "t2", "t4", "s6", "export"):
        wizard.go(STEP_KEYS.index(step))
        settle(app)
        window.grab().save(str(OUT / f"wizard-{step}.png"))
    # a typo in 表三 (an extra 0): the cell turns red, the 审核 step lists it
    editor = wizard.editor
    editor.input_cell("t3.r4.zrr", "10")
    wizard.go(STEP_KEYS.index("t3"))
    page = wizard.page["t3"]
    page.focus_cell("t3.r4.zrr")
    settle(app)
    page.view.scrollTo(page.model.index_for_key("t3.r4.zrr"))
    settle(app)
    window.grab().save(str(OUT / "wizard-t3-error.png"))
    wizard.go(STEP_KEYS.index("review"))
    settle(app)
    window.grab().save(str(OUT / "wizard-review.png"))
    editor.undo()
    # next year from this one: 上年结转 carried (blue) and the comparison with last year
    window.close_report()
    from models.carry import create_from_last_year
    window.open_report(create_from_last_year(window.store, report_id))
    following = window.wizard
    following.editor.input_cell("t3.r1.zrr", "16")
    following.go(STEP_KEYS.index("t3"))
    settle(app)
    window.grab().save(str(OUT / "wizard-next-year-t3.png"))
    following.page["t3"].compare_button.setChecked(True)
    settle(app)
    window.grab().save(str(OUT / "wizard-next-year-compare.png"))
    wizard = following
    dialog = wizard.page["export"].preview(sheet=False)
    dialog.resize(1000, 800)
    settle(app, 20)
    QTimer.singleShot(0, lambda: None)
    settle(app, 20)
    dialog.grab().save(str(OUT / "wizard-print-preview.png"))
    dialog.close()
    print("screenshots written to", OUT)


if __name__ == "__main__":
    main()
