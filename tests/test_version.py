"""The version the app writes into packages is the project's version."""

import tomllib
from pathlib import Path

from models.version import APP_VERSION


def test_app_version_is_pyprojects():
    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert APP_VERSION == project["project"]["version"]
