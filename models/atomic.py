"""Writing output files so that they never end half-written, and saying in Chinese why a
write failed (the file is open in Word/WPS, read-only, the disk is full…)."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


class WriteError(OSError):
    """An output file could not be written; `str()` is the message for the clerk."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def explain(exc: OSError, path: Path) -> str:
    """What to tell the clerk about `exc`, raised while writing `path`."""
    code = exc.errno
    winerror = getattr(exc, "winerror", None)
    if winerror in (32, 33):   # ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION
        return f"文件“{path.name}”正被其他程序（如 Word、WPS）打开，请关闭该文件后重试。\n位置：{path.parent}"
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘空间已满，无法保存“{path.name}”。请清理磁盘空间或换一个位置保存。\n位置：{path.parent}"
    if code == errno.EROFS:
        return f"“{path.parent}”所在的磁盘是只读的，无法保存。请换一个位置保存。"
    if code in (errno.EACCES, errno.EPERM):
        if path.exists():
            return (f"无法覆盖“{path.name}”：文件可能正被其他程序（如 Word、WPS）打开，或是只读文件。"
                    f"请关闭该文件或取消只读属性后重试。\n位置：{path.parent}")
        return f"没有权限在“{path.parent}”中保存文件。请换一个位置保存。"
    if code == errno.ENOENT:
        return f"保存位置“{path.parent}”不存在。请先创建该文件夹或换一个位置保存。"
    if code == errno.EISDIR:
        return f"“{path}”是一个文件夹，请指定要保存的文件名。"
    if code == errno.ENAMETOOLONG:
        return f"文件名或路径过长，无法保存：{path}"
    return f"无法保存“{path.name}”：{exc.strerror or exc}。\n位置：{path.parent}"


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def clashing_paths(inputs: list[tuple[str, str]], outputs: list[tuple[str, str]]) -> str | None:
    """Why a command may not run because one of its outputs is one of its inputs or another of
    its outputs (each given as (argument, path)); None when all differ."""
    for i, (out_arg, out) in enumerate(outputs):
        for arg, other in inputs + outputs[:i]:
            if _same_file(Path(out), Path(other)):
                role = "读取" if (arg, other) in inputs else "写出"
                return (f"{out_arg} 指定的“{out}”就是要{role}的文件（{arg}），写出会覆盖它。"
                        f"请换一个文件名，未作任何修改。")
    return None


# The permissions a file the clerk creates gets (0644 typically): mkstemp makes 0600 files, which
# colleagues on a shared folder could not open. Read once, at import, while no thread runs.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
_TMP_NAME = re.compile(r"^\.(?P<stem>.*)\.[A-Za-z0-9_]{8}\.tmp$")
STALE_TMP_S = 3600   # a temporary file of another target this old belongs to no running write


def remove_stale_temporaries(path: Path, now: float | None = None) -> int:
    """Remove what a write killed half-way left beside `path`: its own hidden `.tmp` files, and
    any other target's older than STALE_TMP_S. Returns how many went."""
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return 0
    own = path.stem[:40]
    for entry in entries:
        match = _TMP_NAME.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        try:
            if match.group("stem") == own or now - entry.stat().st_mtime > STALE_TMP_S:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def write_atomically(path: str | os.PathLike, write: Callable[[Path], None]) -> Path:
    """Call `write(temporary_path)`, flush it to disk, then rename it over `path`.

    Either the complete new file is in place or the old one is untouched; no temporary file
    is left behind. Failures become `WriteError` with a message for the clerk."""
    path = Path(path)
    remove_stale_temporaries(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(explain(exc, path)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteError(explain(exc, path)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
