"""Item 2: one app per data folder. A second start on the same folder brings the first window
forward and ends, opening nothing; the lock says who holds it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gui.single_instance import SingleInstance
from models import paths

ROOT = Path(__file__).resolve().parents[1]


def test_a_second_app_on_the_same_folder_brings_the_first_forward(qtbot, tmp_path):
    first = SingleInstance(tmp_path)
    assert first.acquire()
    raised = []
    first.listen(lambda: raised.append(True))
    env = {**os.environ, paths.DATA_DIR_ENV: str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    second = subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        qtbot.waitUntil(lambda: bool(raised), timeout=30000)   # the first heard it
        assert second.wait(30) == 0
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()
    assert not (tmp_path / paths.DATABASE_NAME).exists()    # the second opened nothing
    first.release()


def test_the_lock_says_who_holds_it_and_is_free_again_after(tmp_path):
    first, second = SingleInstance(tmp_path), SingleInstance(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    assert f"进程号 {os.getpid()}" in second.holder() and "本机" in second.holder()
    assert not second.ask_first_to_raise(200)                # nobody listening: the message instead
    first.release()
    assert second.acquire()
    second.release()
