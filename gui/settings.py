"""What the window remembers between sessions — UI state only, never report content: the zoom,
the window's size and place, and per report the steps already gone through (the stepper's
states), the export folder and the last export.

Kept in `ui.ini` beside the database in the data folder (so `GKNB_DATA_DIR` keeps tests and a
USB-stick install apart from the clerk's own settings), through QSettings in INI format."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from models import paths

FILE_NAME = "ui.ini"


class UiSettings:
    def __init__(self, path: Path | None = None):
        self.path = path or paths.user_data_dir() / FILE_NAME
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._q.sync()

    # --- the window -----------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        try:
            return float(self._q.value("ui/zoom", 1.0))
        except (TypeError, ValueError):
            return 1.0

    @zoom.setter
    def zoom(self, value: float) -> None:
        self._q.setValue("ui/zoom", round(value, 2))

    @property
    def geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._q.setValue("window/geometry", value)

    # --- per report ----------------------------------------------------------------------
    def _key(self, report_id: int, name: str) -> str:
        return f"report-{int(report_id)}/{name}"

    def visited(self, report_id: int) -> set[str]:
        value = self._q.value(self._key(report_id, "visited"), "")
        items = value if isinstance(value, list) else str(value).split(",")
        return {v for v in items if v}

    def set_visited(self, report_id: int, steps: set[str]) -> None:
        self._q.setValue(self._key(report_id, "visited"), ",".join(sorted(steps)))

    def folder(self, report_id: int) -> str | None:
        value = self._q.value(self._key(report_id, "folder"))
        return str(value) if value else None

    def set_folder(self, report_id: int, folder: str) -> None:
        self._q.setValue(self._key(report_id, "folder"), folder)

    def exported(self, report_id: int) -> tuple[datetime, bool] | None:
        """When the report was last exported, and whether as a draft."""
        value = self._q.value(self._key(report_id, "exported"))
        if not value:
            return None
        try:
            stamp, _, kind = str(value).partition("|")
            return datetime.fromisoformat(stamp), kind == "draft"
        except ValueError:
            return None

    def set_exported(self, report_id: int, draft: bool, when: datetime | None = None) -> None:
        when = when or datetime.now()
        self._q.setValue(self._key(report_id, "exported"),
                         f"{when.isoformat(timespec='seconds')}|{'draft' if draft else 'final'}")

    def forget_report(self, report_id: int) -> None:
        """A deleted report's state goes with it (its id may be given to a new report)."""
        self._q.remove(f"report-{int(report_id)}")
