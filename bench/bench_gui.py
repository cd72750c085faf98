"""Start-up to the first window, and one edit's re-check and repaint, each next to a baseline
measured in the same run.

    uv run python bench/bench_gui.py

Start-up: a whole process, from launch until the window's content has been painted, for the
app's start window against a bare PySide6 window with a label (goal ≤ 1.5×); then until the
list of reports shows (the database opened right after that first paint). Edit: typing one figure into 表三 —
save, totals, every check, repaint of the table — against repainting the same table alone
(goal well inside a 16 ms frame). Runs offscreen; best of several rounds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 9

# Each script prints seconds since the parent launched it (wall clock, passed in LAUNCHED_AT),
# so interpreter start-up counts and interpreter shut-down does not. "Painted" is the first paint
# event of the window's content, inside the running event loop, as the clerk sees it.
BARE = """
import os, time; start = float(os.environ["LAUNCHED_AT"])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "at"):
            self.at = time.time() - start
            QTimer.singleShot(0, app.quit)
        return False
window = QMainWindow(); label = QLabel("政府信息公开年报助手"); window.setCentralWidget(label)
painted = Painted(); label.installEventFilter(painted)
window.resize(1180, 780); window.show(); app.exec()
print(painted.at)
"""
APP = f"""
import os, time; start = float(os.environ["LAUNCHED_AT"])
import sys; sys.path.insert(0, {str(ROOT)!r})
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gui.app import MainWindow, install_chinese_translations
from gui.settings import UiSettings
from gui.style import apply_style
install_chinese_translations(app)
settings = UiSettings(); apply_style(app, settings.zoom)
window = MainWindow(settings=settings, deferred=True)
times = []
def painted():                                    # what gui.app.run does on the first paint
    times.append(time.time() - start)
    window.build(); window.load_store(); app.processEvents()
    times.append(time.time() - start)
    app.quit()
window.first_paint.painted.connect(painted)
window.show(); app.exec()
print(*times)
"""


def process_ms(code: str, env: dict) -> list[float]:
    """The times (ms) from launching a process to the moments it reports."""
    env = dict(env, LAUNCHED_AT=repr(time.time()))
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return [float(x) * 1000 for x in out.stdout.split()]


def startup_ms(env: dict) -> tuple[float, float, float]:
    """Bare and app runs interleaved, so both see the same machine; best of each."""
    bare, app = [], []
    for _ in range(ROUNDS):
        bare.append(process_ms(BARE, env))
        app.append(process_ms(APP, env))
    return min(b[0] for b in bare), min(a[0] for a in app), min(a[1] for a in app)


def edit_ms() -> tuple[float, float, float]:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from gui.app import MainWindow, install_chinese_translations
    from gui.style import apply_style
    from gui.wizard import STEP_KEYS

    install_chinese_translations(app)
    apply_style(app)
    from models.storage import Store

    window = MainWindow(Store.open())
    window.resize(1180, 780)
    window.show()
    window.open_report(window.add_demo())
    wizard = window.wizard
    wizard.go(STEP_KEYS.index("t3"))
    app.processEvents()
    page = wizard.page["t3"]
    index = page.model.index_for_key("t3.r3_1.zrr")

    def best(fn, n=40) -> float:
        times = []
        for i in range(n):
            start = time.perf_counter()
            fn(i)
            times.append(time.perf_counter() - start)
        return min(times) * 1000

    # baseline: painting the whole visible table once; edit: typing a figure, then letting Qt
    # paint what the edit changed (the cell, its totals, the cells whose marks changed). Beside
    # it, the Editor alone (save, totals, checks; no window listening) and the window's share.
    repaint = best(lambda i: page.view.viewport().repaint())
    edit = best(lambda i: (page.model.setData(index, str(10 + i)), app.processEvents()))
    editor = wizard.editor
    listeners, editor._listeners = editor._listeners, []
    alone = best(lambda i: editor.input_cell("t3.r3_1.zrr", str(60 + i)))
    editor._listeners = listeners
    return edit, repaint, alone


def main() -> None:
    env = dict(os.environ, GKNB_DATA_DIR=tempfile.mkdtemp(prefix="gknb-bench-"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # as an installed app runs: with its compiled bytecode (the first round writes it, aside)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="gknb-bench-pyc-")      # under xvfb-run, set QT_QPA_PLATFORM=xcb for a real X server
    os.environ.update(env)
    bare, app, ready = startup_ms(env)
    edit, repaint, alone = edit_ms()
    print(f"{'what':52} {'ms':>8} {'ratio':>7}")
    print(f"{'start-up: bare PySide6 window painted (baseline)':52} {bare:8.0f} {1:7.2f}")
    label = "start-up: the app's start window painted"
    print(f"{label:52} {app:8.0f} {app / bare:7.2f}")
    print(f"{'  … and its list of reports (database open)':52} {ready:8.0f} {ready / bare:7.2f}")
    print(f"{'repaint of the whole of 表三 (baseline)':52} {repaint:8.2f} {1:7.2f}")
    print(f"{'one edit in 表三: save, totals, checks, repaint':52} {edit:8.2f} {edit / repaint:7.2f}")
    print(f"{'  of which the Editor alone (save, totals, checks)':52} {alone:8.2f} {alone / repaint:7.2f}")
    print(f"{'  and the window (listeners, repaint of the change)':52} {edit - alone:8.2f} {(edit - alone) / repaint:7.2f}")
    print(f"goals: start-up ≤ 1.5× — {'met' if app <= 1.5 * bare else 'NOT met'}; "
          f"edit under 16 ms — {'met' if edit < 16 else 'NOT met'}")


if __name__ == "__main__":
    main()
