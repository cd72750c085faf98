"""One app per data folder (item 2 of the reliability work).

Two copies of the app on one database each keep a copy of the report in memory and export
stale figures, so the first one takes a lock file in the data folder (`QLockFile`: it records
the process id and the computer's name, and a lock whose process is gone is taken over). A
second start asks the first, through a local socket named after the folder, to bring its window
forward, and ends; when the first cannot be reached (it is on another computer sharing the
folder, or hangs) the second says who holds the data folder and opens nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_NAME = "年报助手.lock"
RAISE = b"raise\n"


def server_name(folder: Path) -> str:
    """A name for the local socket, the same for every start on this folder."""
    digest = hashlib.sha1(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"gknb-{digest}"


class SingleInstance(QObject):
    def __init__(self, folder: Path, parent=None):
        super().__init__(parent)
        self.folder = folder
        self.lock = QLockFile(str(folder / LOCK_NAME))
        self.lock.setStaleLockTime(0)   # never stale by age: only when its process is gone
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the folder's lock; False when another running app holds it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.lock.tryLock(200)

    def holder(self) -> str:
        """Who holds the lock, as the clerk is told: 「本机上的进程 1234」 or 「计算机 PC-2 上的进程 1234」."""
        info = self.lock.getLockInfo()   # PySide6: (pid, hostname, appname); pid 0 when unreadable
        pid, host = (info[-3], info[-2]) if isinstance(info, tuple) and len(info) >= 3 else (0, "")
        if not pid:
            return "另一个年报助手"
        from PySide6.QtCore import QSysInfo
        where = "本机" if host == QSysInfo.machineHostName() else f"计算机“{host}”"
        return f"{where}上的年报助手（进程号 {pid}）"

    def listen(self, on_raise: Callable[[], None]) -> None:
        """Bring the window forward (`on_raise`) when a second start asks."""
        name = server_name(self.folder)
        QLocalServer.removeServer(name)   # left by a crashed run
        self.server = QLocalServer(self)
        self.server.listen(name)

        def connection():
            socket = self.server.nextPendingConnection()
            if socket is None:
                return
            socket.readyRead.connect(lambda: on_raise() if socket.readAll().data().startswith(RAISE) else None)
            socket.disconnected.connect(socket.deleteLater)
        self.server.newConnection.connect(connection)

    def ask_first_to_raise(self, timeout_ms: int = 2000) -> bool:
        """The second start: ask the running app to show its window. True when it heard."""
        socket = QLocalSocket()
        socket.connectToServer(server_name(self.folder))
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(RAISE)
        done = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return done

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self.lock.unlock()


def bring_forward(window) -> None:
    window.showNormal() if window.isMinimized() else window.show()
    window.raise_()
    window.activateWindow()
