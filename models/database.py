"""SQLite connections for the store, and the SQLite failures a clerk can act on (disk full,
read-only, locked, damaged) turned into `StorageError` with a Chinese message naming the file."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from models.errors import StorageError, WriteFailed  # noqa: F401  (re-exported for callers)




# ---------------------------------------------------------------------------
# SQLite failures -> what to tell the clerk
# ---------------------------------------------------------------------------

_LOCKED = "数据库文件正被另一个程序占用（可能同时打开了两个年报助手）。请关闭其他程序后重试"
_READONLY = "数据库文件或所在文件夹是只读的，无法保存。请检查文件属性和文件夹的写入权限"
_DAMAGED = "该文件不是年报助手的数据库，或已经损坏。可从备份文件夹中的自动备份恢复"
_REASONS = {   # SQLite primary result codes, https://sqlite.org/rescode.html
    3: _READONLY,    # SQLITE_PERM
    5: _LOCKED,      # SQLITE_BUSY
    6: _LOCKED,      # SQLITE_LOCKED
    8: _READONLY,    # SQLITE_READONLY
    10: "读写磁盘时出错（磁盘故障或网络中断）。请检查磁盘或网络连接后重试",   # SQLITE_IOERR
    11: _DAMAGED,    # SQLITE_CORRUPT
    13: "磁盘空间已满，无法写入。请清理磁盘空间后重试",                      # SQLITE_FULL
    14: "无法打开数据库文件。请检查文件夹是否存在、是否有读写权限",            # SQLITE_CANTOPEN
    26: _DAMAGED,    # SQLITE_NOTADB
}
_BY_MESSAGE = (   # for an error that carries no result code
    ("database or disk is full", 13), ("readonly database", 8), ("unable to open database file", 14),
    ("database is locked", 5), ("file is not a database", 26), ("malformed", 11), ("disk i/o error", 10),
)


def _reason(exc: BaseException) -> str | None:
    if isinstance(exc, DBAPIError):
        exc = exc.orig
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _REASONS:
        return _REASONS[code & 0xFF]
    text = str(exc).lower()
    return next((_REASONS[c] for fragment, c in _BY_MESSAGE if fragment in text), None)


@contextmanager
def translated_errors(action: str, path: Path) -> Iterator[None]:
    """Turn the SQLite failures a clerk can act on into StorageError; re-raise the rest."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        reason = _reason(exc)
        if reason is None:
            raise
        raise WriteFailed(f"{action}失败：{reason}。\n数据库文件：{path}") from exc


# ---------------------------------------------------------------------------
# Connections
# ---------------------------------------------------------------------------


def is_network_path(path: Path | str) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":   # a drive letter mapped to a file server
        import ctypes
        drive = os.path.splitdrive(os.path.abspath(text))[0]
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4   # DRIVE_REMOTE
    return False


def open_engine(path: Path, busy_timeout: float = 5.0, read_only: bool = False) -> Engine:
    # WAL needs shared memory between processes, which network file systems do not provide.
    journal = "DELETE" if is_network_path(path) else "WAL"

    def connect() -> sqlite3.Connection:
        # isolation_level=None: the driver issues no BEGIN of its own; we do (see below), so
        # that schema changes are transactional too.
        if read_only:
            conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True, timeout=busy_timeout,
                                   isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA journal_mode = {journal}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # A write takes the write lock up front, so it waits for (or reports) a lock at once
        # instead of failing half-way when a read turns into a write.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine
