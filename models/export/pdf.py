"""PDF through LibreOffice (`soffice --headless`), when it is installed — the one runner every
LibreOffice use goes through (export, check sheet, .doc/.wps conversion).

Each run gets a private profile in a `gknb-pdf-*` temporary folder, a timeout, and is killed
with everything it started (soffice starts soffice.bin) on timeout or when `cancel` is set.
Folders left by a run that was itself killed (the app crashed mid-export) are removed by the
next run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from models.atomic import write_atomically
from models.paths import shipped

TIMEOUT_S = 180
WORK_PREFIX = "gknb-pdf-"
STALE_AFTER_S = 2 * TIMEOUT_S         # no live run is older than this
FONT_MAP = shipped("resources", "fonts.conf")


class PdfError(Exception):
    """The PDF could not be made; the message is for the clerk."""


class Cancelled(PdfError):
    """The clerk cancelled the conversion; LibreOffice was stopped."""


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found or sys.platform != "win32":
        return found
    for root in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
        candidate = Path(root or "") / "LibreOffice" / "program" / "soffice.exe"
        if root and candidate.exists():
            return str(candidate)
    return None


def remove_stale_work_folders(now: float | None = None) -> int:
    """Remove `gknb-pdf-*` folders that no live run can own; returns how many went."""
    now = time.time() if now is None else now
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(WORK_PREFIX + "*"):
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > STALE_AFTER_S:
                shutil.rmtree(folder, ignore_errors=True)
                removed += not folder.exists()
        except OSError:
            continue
    return removed


def _kill(process: subprocess.Popen) -> None:
    """Stop the process and whatever it started."""
    if process.poll() is not None:
        return
    try:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, timeout=30)
        else:
            os.killpg(process.pid, signal.SIGKILL)   # its own session: soffice.bin with it
    except (OSError, subprocess.SubprocessError):
        process.kill()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def run_soffice(arguments: list[str], work: Path, *, timeout: float = TIMEOUT_S,
                cancel: threading.Event | None = None) -> subprocess.CompletedProcess:
    """Run LibreOffice headless with a private profile in `work`; PdfError when it is missing
    or cannot start, when it runs past `timeout` (killed) or when `cancel` is set (killed)."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError("未找到 LibreOffice，无法生成 PDF。Word 文档已经生成，可以用 WPS 或 Word 打开后"
                       "“另存为 PDF”；或者安装 LibreOffice 后重试。")
    # A private profile: soffice fails silently when another LibreOffice uses the default one.
    command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
               "--norestore", *arguments]
    env = dict(os.environ)
    if sys.platform.startswith("linux") and FONT_MAP.exists():
        env["FONTCONFIG_FILE"] = str(FONT_MAP)   # stand-ins for the GB/T 9704 typefaces
    options = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32"
               else {"start_new_session": True})
    with open(work / "stdout", "wb") as out, open(work / "stderr", "wb") as err:
        try:
            process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                       env=env, **options)
        except OSError as exc:
            raise PdfError(f"无法启动 LibreOffice（{exc.strerror or exc}），未生成 PDF。Word 文档已经生成。") from None
        deadline = time.monotonic() + timeout
        try:
            while process.poll() is None:
                if cancel is not None and cancel.is_set():
                    raise Cancelled("已取消生成 PDF，LibreOffice 已停止。Word 文档已经生成。")
                if time.monotonic() > deadline:
                    raise PdfError(f"LibreOffice 转换 PDF 超过 {timeout:g} 秒仍未完成，已停止。Word 文档已经生成。")
                try:
                    process.wait(timeout=0.1)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            _kill(process)
    return subprocess.CompletedProcess(command, process.returncode, (work / "stdout").read_bytes(),
                                       (work / "stderr").read_bytes())


def convert_to_pdf(source: Path, target: Path, *, timeout: float = TIMEOUT_S,
                   cancel: threading.Event | None = None) -> Path:
    """Convert `source` (.docx) into `target` (.pdf), written atomically."""
    remove_stale_work_folders()
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX) as work:
        work = Path(work)
        result = run_soffice(["--convert-to", "pdf", "--outdir", str(work), str(source)], work,
                             timeout=timeout, cancel=cancel)
        produced = work / (source.stem + ".pdf")
        if not produced.exists():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[-300:]
            raise PdfError(f"LibreOffice 未能生成 PDF（退出码 {result.returncode}）。Word 文档已经生成。"
                           + (f"\n{detail}" if detail else ""))
        return write_atomically(target, lambda tmp: shutil.copyfile(produced, tmp))
