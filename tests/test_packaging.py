"""The frozen-app concerns and what the packaging scripts read from pyproject.toml (issue 13).

The builds themselves are tested by packaging/test-linux.sh and packaging/test-windows.sh, which
run the built apps against this clone's main.py; these tests keep their inputs right."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest

from models import paths

ROOT = Path(__file__).resolve().parents[1]


def _packaging_project():
    spec = importlib.util.spec_from_file_location("packaging_project", ROOT / "packaging" / "project.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


project = _packaging_project()


def test_app_root_is_the_clone_when_run_from_source():
    assert paths.app_root() == ROOT
    assert paths.shipped("templates", "base.docx").is_file()


def test_app_root_is_the_bundle_folder_when_frozen(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.app_root() == tmp_path
    assert paths.shipped("resources", "demo-report.json") == tmp_path / "resources" / "demo-report.json"


def test_frozen_without_a_bundle_folder_falls_back_to_the_modules_folder(monkeypatch):
    # a freezer that sets sys.frozen but keeps files beside the modules (like pynsist's pkgs/)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert paths.app_root() == ROOT


_SHIPPED_CALL = re.compile(r"shipped\(((?:\s*\"[^\"]+\"\s*,?)+)\)")


def _app_sources():
    yield ROOT / "main.py"
    for package in project.PACKAGES:
        yield from (ROOT / package).rglob("*.py")


def test_every_shipped_file_named_in_the_code_exists_in_a_shipped_folder():
    named = []
    for source in _app_sources():
        for match in _SHIPPED_CALL.finditer(source.read_text(encoding="utf-8")):
            parts = re.findall(r"\"([^\"]+)\"", match.group(1))
            named.append(parts)
            assert parts[0] in project.SHIPPED_DIRS, f"{source.name}: {parts} is outside {project.SHIPPED_DIRS}"
            assert ROOT.joinpath(*parts).exists(), f"{source.name}: {parts} does not exist"
    assert len(named) >= 4   # the templates, the text templates, the font map, the demo report


def test_no_module_finds_shipped_files_from_its_own_location():
    # one place decides where templates/ and resources/ are (models.paths.app_root)
    offenders = []
    for source in _app_sources():
        if source == ROOT / "models" / "paths.py":
            continue
        text = source.read_text(encoding="utf-8")
        if re.search(r"__file__.*\n?.*(templates|resources)", text):
            offenders.append(source.relative_to(ROOT))
    assert offenders == []


def test_requirements_are_pyprojects_runtime_dependencies_without_the_dev_group():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project.requirements() == pyproject["project"]["dependencies"]
    dev = {re.split("[=<>]", r)[0].lower() for r in pyproject["dependency-groups"]["dev"]}
    assert dev and not dev & {re.split("[=<>]", r)[0].lower() for r in project.requirements()}
    assert project.version() == pyproject["project"]["version"]


def test_an_unpinned_runtime_dependency_is_refused(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\nversion = "1.2.3"\n'
                         'dependencies = ["Jinja2==3.1.6", "lxml>=5"]\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="lxml>=5"):
        project.requirements(pyproject)
    pyproject.write_text('[project]\nname = "x"\nversion = "1.2.3"\n'
                         'dependencies = ["Jinja2==3.1.6", "pdfplumber==0.11.4"]\n', encoding="utf-8")
    assert project.requirements(pyproject) == ["Jinja2==3.1.6", "pdfplumber==0.11.4"]


def test_the_windows_installer_configuration_ships_the_app_and_its_folders_where_app_root_looks():
    import configparser

    cfg = configparser.ConfigParser()
    cfg.read_string(project.pynsist_cfg("/w", "3.11.9", "/b/gk-nianbao-cli.exe"))
    assert cfg["Application"]["name"] == project.APP_TITLE
    assert cfg["Application"]["entry_point"] == "main:main"          # no arguments: the window
    assert cfg["Python"]["version"] == "3.11.9" and cfg["Python"]["bitness"] == "64"
    assert cfg["Include"]["local_wheels"] == "/w/*.whl"
    assert cfg["Include"]["packages"].split() == list(project.PACKAGES)
    files = [line.strip() for line in cfg["Include"]["files"].strip().splitlines()]
    # pkgs\ holds models\ and main.py, so app_root() (models' parent) finds these folders there
    assert {f"{ROOT / d}/ > $INSTDIR\\pkgs" for d in project.SHIPPED_DIRS} <= set(files)
    assert "/b/gk-nianbao-cli.exe > $INSTDIR" in files
    assert cfg["Build"]["installer_name"] == f"gk-nianbao-{project.version()}-setup.exe"
