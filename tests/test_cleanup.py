"""Item 8: nothing is left behind after a crash — hidden .tmp files beside the output, the
LibreOffice runner's gknb-pdf-* folders, LibreOffice itself on timeout or cancel — and written
files get the umask's permissions. Item 6: the command line never overwrites what it reads."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from models import atomic
from models.atomic import remove_stale_temporaries, write_atomically
from models.export import pdf

ROOT = Path(__file__).resolve().parents[1]


def test_written_files_get_the_umasks_permissions(tmp_path):
    old = os.umask(0o022)
    os.umask(old)
    path = write_atomically(tmp_path / "报告.docx", lambda tmp: tmp.write_bytes(b"x"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~atomic._UMASK


def test_a_killed_writes_temporaries_are_removed_by_the_next_write(tmp_path):
    left = tmp_path / ".报告.abcd_123.tmp"            # what a kill mid-export leaves
    left.write_bytes(b"half")
    other_old = tmp_path / ".其他.zzzzzzzz.tmp"
    other_old.write_bytes(b"old")
    os.utime(other_old, (time.time() - 2 * atomic.STALE_TMP_S,) * 2)
    other_new = tmp_path / ".其他.yyyyyyyy.tmp"        # maybe another write running now: kept
    other_new.write_bytes(b"new")
    keep = tmp_path / ".hidden.tmp"                    # not one of ours
    keep.write_bytes(b"")
    write_atomically(tmp_path / "报告.docx", lambda tmp: tmp.write_bytes(b"x"))
    assert not left.exists() and not other_old.exists() and other_new.exists() and keep.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".hidden.tmp", ".其他.yyyyyyyy.tmp", "报告.docx"]
    assert remove_stale_temporaries(tmp_path / "x.docx") == 0


@pytest.fixture
def slow_soffice(tmp_path, monkeypatch):
    """A stand-in for soffice that starts a child (as soffice starts soffice.bin) and hangs."""
    script = tmp_path / "soffice"
    pids = tmp_path / "pids"
    script.write_text(f"#!/bin/sh\nsleep 300 &\necho $$ $! > {pids}\nwait\n")
    script.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    return pids


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie not yet reaped by init counts as gone
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" in status.read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_libreoffice_is_killed_with_its_children_on_timeout(tmp_path, slow_soffice):
    source = tmp_path / "r.docx"
    source.write_bytes(b"x")
    with pytest.raises(pdf.PdfError, match="超过"):
        pdf.convert_to_pdf(source, tmp_path / "r.pdf", timeout=1)
    parent, child = map(int, slow_soffice.read_text().split())
    deadline = time.monotonic() + 5
    while not (_gone(parent) and _gone(child)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(parent) and _gone(child)
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_cancel_stops_libreoffice(tmp_path, slow_soffice):
    source = tmp_path / "r.docx"
    source.write_bytes(b"x")
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    with pytest.raises(pdf.Cancelled):
        pdf.convert_to_pdf(source, tmp_path / "r.pdf", cancel=cancel)
    parent, child = map(int, slow_soffice.read_text().split())
    deadline = time.monotonic() + 5
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(parent) and _gone(child)


def test_stale_work_folders_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old = tmp_path / (pdf.WORK_PREFIX + "crashed")
    (old / "profile").mkdir(parents=True)
    os.utime(old, (time.time() - 2 * pdf.STALE_AFTER_S,) * 2)
    live = tmp_path / (pdf.WORK_PREFIX + "running")
    live.mkdir()
    assert pdf.remove_stale_work_folders() == 1
    assert not old.exists() and live.exists()


def _main(*args, cwd):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("command", [
    ["export", "{r}", "--out", "{r}", "--draft"],
    ["export", "{r}", "--out", "{d}", "--pdf", "{d}", "--draft"],
    ["export", "{r}", "--out", "{d}", "--check-sheet", "./{d}", "--draft"],
    ["export", "{r}", "--out", "{d}", "--previous", "{d}", "--draft"],
    ["import", "{r}", "--out", "{r}"],
])
def test_the_command_line_never_overwrites_what_it_reads(tmp_path, command):
    report = tmp_path / "r.json"
    report.write_bytes((ROOT / "resources" / "demo-report.json").read_bytes())
    docx = tmp_path / "d.docx"
    docx.write_bytes(b"existing")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    args = [a.format(r=report.name, d=docx.name) for a in command]
    result = _main(*args, cwd=tmp_path)
    assert result.returncode == 2 and "覆盖" in result.stderr and "Traceback" not in result.stderr
    # the clashing argument is named as the clerk typed it (--out) or in Chinese, never by its code name
    assert re.search(r"（(--[a-z-]+|输入的数据文件|要导入的文件)）", result.stderr), result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_check_and_import_refuse_what_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for args in (["check", fifo], ["check", "/dev/zero"], ["import", tmp_path / "pipe.html", "--out", "o.json"]):
        if args[0] == "import":
            os.mkfifo(args[1])
        result = _main(*args, cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr
