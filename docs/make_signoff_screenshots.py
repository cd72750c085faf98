"""Pictures of signing off (README, "Signing off"): next year's report made from the demo report,
with its carried paragraphs shaded on 一, a 参考文本 sentence the tables changed under and the
offer to rewrite it on 审核, a 说明 whose finding is gone listed apart, and 生成与打印 offering
only the draft with what is left. Run under Xvfb with a CJK font installed:

    xvfb-run -a -s "-screen 0 1800x1200x24" uv run python docs/make_signoff_screenshots.py

Uses a throwaway data folder and the demo report; nothing of yours is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["GKNB_DATA_DIR"] = tempfile.mkdtemp(prefix="gknb-signoff-shots-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.app import MainWindow, install_chinese_translations  # noqa: E402
from gui.style import apply_style  # noqa: E402
from gui.wizard import STEP_KEYS  # noqa: E402
from models.catalogue import T3_PARTS  # noqa: E402
from models.sentences import applications_sentence  # noqa: E402
from models.storage import Store  # noqa: E402

OUT = ROOT / "docs"
SIZE = (1024, 700)


def settle(app, rounds=10):
    for _ in range(rounds):
        app.processEvents()


def shoot(widget, name: str) -> None:
    widget.grab().save(str(OUT / name), "PNG", 9)


def main() -> None:
    from models.carry import create_from_last_year

    app = QApplication(sys.argv)
    install_chinese_translations(app)
    apply_style(app, 1.0)
    store = Store.open()
    window = MainWindow(store)
    window.setGeometry(40, 40, *SIZE)
    window.show()
    last_id = window.add_demo()
    last = store.load_report(last_id)
    window.open_report(create_from_last_year(store, last_id))
    wizard, editor = window.wizard, window.wizard.editor
    # this year's figures: last year's, balanced against what was carried in
    totals = {i.total for i in editor.report.layout.identities}
    values = {k: v for k, v in last.cells.items() if k not in totals and not k.startswith("t3.r2.")}
    for col in T3_PARTS:
        values[f"t3.r1.{col}"] = (last.number(f"t3.r3_7.{col}") + last.number(f"t3.r4.{col}")
                                  - editor.report.number(f"t3.r2.{col}"))
    editor.set_cells(values, "填写表格")
    # 参考文本 in （二）依申请公开, then a figure of 表三 changes under it
    text = applications_sentence(editor.report, editor.previous)
    lines = editor.report.text["s1"].split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("（二）")) + 1
    editor.insert_reference("s1", "\n".join(lines[:at] + [text] + lines[at:]), "applications", text)
    editor.set_cell("t3.r3_1.zrr", editor.report.number("t3.r3_1.zrr") + 1)
    editor.set_cell("t3.r4.zrr", max(0, editor.report.number("t3.r4.zrr") - 1))
    editor.set_explanation("S-3|t3.r2.zrr", "因机构调整，承接原县政务服务中心结转的申请。")   # answers nothing now

    wizard.go(STEP_KEYS.index("s1"))
    settle(app)
    wizard.page["s1"].focus_quote(editor.carried_paragraphs("s1")[0], "s1")
    settle(app)
    shoot(window, "signoff-carried.png")

    wizard.go(STEP_KEYS.index("review"))
    review = wizard.page["review"]
    stale = next(f for f in editor.findings if f.rewrite)
    review.select_finding(stale.id)
    review.tree.scrollToItem(review.tree.currentItem())
    settle(app)
    shoot(window, "signoff-review.png")

    wizard.go(STEP_KEYS.index("export"))
    settle(app)
    shoot(window, "signoff-export.png")
    window.close_report()
    window.close()
    print("written: docs/signoff-carried.png, docs/signoff-review.png, docs/signoff-export.png")


if __name__ == "__main__":
    main()
