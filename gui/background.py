"""Work off the window's thread (export, imports): a progress dialog with 取消, and every
outcome back in front of the clerk — the result, or any exception as a Chinese message. The busy
state always ends, whatever happens in the thread.

    task = BackgroundTask(self, "正在导入…", lambda cancel: import_document(path))
    task.succeeded.connect(self._imported)      # the work's return value
    task.failed.connect(self.banner.show_error) # a message for the clerk
    task.start()

`work(cancel)` gets a threading.Event set when the clerk presses 取消: work that can stop early
(LibreOffice) watches it; work that cannot is left to finish (its bounds keep it short) and its
result is dropped."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

_RUNNING: set[QThread] = set()   # a QThread must outlive its work even if its window goes


def describe(exc: BaseException) -> str:
    """What to tell the clerk about an exception from the work."""
    if isinstance(exc, MemoryError):
        return "内存不足，未完成。文件可能过大或已损坏。"
    if isinstance(exc, (ValueError, OSError)) and str(exc) and any("\u4e00" <= c <= "\u9fff" for c in str(exc)):
        return str(exc)   # our own errors carry their Chinese message (DataFileError, UnsafeFile, WriteError…)
    if isinstance(exc, OSError):
        return f"读写文件时出错：{exc.strerror or exc}（{exc.filename or ''}）"
    text = str(exc)[:200]
    return f"程序内部错误（{type(exc).__name__}{': ' + text if text else ''}），未完成。请把此信息告知维护人员。"


class _Worker(QObject):
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[threading.Event], object], cancel: threading.Event):
        super().__init__()
        self.work, self.cancel = work, cancel

    def run(self) -> None:
        try:
            result = self.work(self.cancel)
        except BaseException as exc:   # noqa: BLE001 — nothing may vanish in a thread
            self.failed.emit(describe(exc))
            return
        self.finished.emit(result)


class BackgroundTask(QObject):
    succeeded = Signal(object)
    failed = Signal(str)
    ended = Signal()           # always, once: after success, failure or cancel

    def __init__(self, parent: QWidget, label: str, work: Callable[[threading.Event], object],
                 cancellable: bool = True, title: str = "请稍候", progress: QProgressDialog | None = None):
        """`progress`: a dialog of the caller's own that shows more than a label (export's steps)."""
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.cancelled = False
        self._ended = False
        self._thread_finished = False
        self.progress = progress or QProgressDialog(label, "取消" if cancellable else None, 0, 0, parent)
        self.progress.setWindowTitle(title)
        if progress is None:
            self.progress.setMinimumDuration(300)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.thread = QThread()
        self.worker = _Worker(work, self.cancel_event)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self.thread.quit)
        self.worker.failed.connect(self.thread.quit)
        self.thread.finished.connect(self._thread_done)

    def start(self) -> None:
        _RUNNING.add(self.thread)
        self.thread.start()

    @property
    def running(self) -> bool:
        return not self._ended

    def cancel(self) -> None:
        """The clerk pressed 取消: the busy state ends now; the work is told to stop."""
        if self._ended:
            return
        self.cancelled = True
        self.cancel_event.set()
        self.failed.emit("已取消。")
        self._end()

    def wait(self, ms: int = 60000) -> bool:
        """Block until the thread is done and its result has been handled (for tests)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer
        deadline = QDeadlineTimer(ms)
        while not self._thread_finished and not deadline.hasExpired():
            self.thread.wait(50)
            QCoreApplication.processEvents()
        while (self.running or not self._thread_finished) and not deadline.hasExpired():
            QCoreApplication.processEvents()
        return not self.running


    def _finished(self, result) -> None:
        if not self._ended:
            self.succeeded.emit(result)
            self._end()

    def _failed(self, message: str) -> None:
        if not self._ended:
            self.failed.emit(message)
            self._end()

    def _end(self) -> None:
        self._ended = True
        self.progress.reset()
        self.progress.hide()
        self.ended.emit()

    def _thread_done(self) -> None:
        self._thread_finished = True
        _RUNNING.discard(self.thread)
        self.worker.deleteLater()
        self.thread.deleteLater()
