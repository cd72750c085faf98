"""Where the app keeps its files: the per-user data folder, the database, the backups; and where
the files it ships with (`templates/`, `resources/`) are found, however it was installed.

Folders are created on first use, silently. `GKNB_DATA_DIR` overrides the data folder
(tests, portable installs)."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import platformdirs

APP_NAME = "gk-nianbao"
DATA_DIR_ENV = "GKNB_DATA_DIR"
DATABASE_NAME = "reports.sqlite3"


def app_root() -> Path:
    """The folder holding `templates/` and `resources/`: the clone when run from source; the
    Windows install's `pkgs` folder (beside `models/`, so the same rule); the `_internal` folder
    of a PyInstaller bundle, whose modules live in an archive rather than beside these files."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[1]


def shipped(*parts: str) -> Path:
    """A file or folder the app ships with, e.g. `shipped("templates", "base.docx")`."""
    return app_root().joinpath(*parts)


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return _ensure(Path(override).expanduser())
    # roaming: on a Windows domain the clerk's reports follow them to another office PC
    return _ensure(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True)))


def database_path() -> Path:
    return user_data_dir() / DATABASE_NAME


def backup_dir() -> Path:
    return _ensure(user_data_dir() / "backups")


def timestamped_file(directory: Path, stem: str, suffix: str) -> Path:
    """A new file name in `directory`: `stem-YYYYmmdd-HHMMSS[-n]suffix`, never an existing one."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = directory / f"{stem}-{stamp}{suffix}"
    n = 2
    while candidate.exists():
        candidate = directory / f"{stem}-{stamp}-{n}{suffix}"
        n += 1
    return candidate
