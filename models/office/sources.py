"""Any file that may hold a unit's report — a data package, a data file, a published .docx or web
page — read the same way by the `review` command, the reviewer's roster and the unit's
打开数据文件. Files come from outside: every reader applies its own refusals (sizes, zip bombs,
hashes, bounds), and whatever goes wrong becomes `Unreadable` with the reason in Chinese, so that
one bad file never stops the rest."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from models.report import Report

DATAFILE_SUFFIXES = (".json",)


def package_suffixes() -> tuple[str, ...]:
    from models.office.package import SUFFIX
    return (SUFFIX,)


def document_suffixes() -> tuple[str, ...]:
    from models.importer import SUFFIXES
    return tuple(SUFFIXES)


def suffixes() -> tuple[str, ...]:
    return DATAFILE_SUFFIXES + package_suffixes() + document_suffixes()


class Unreadable(ValueError):
    """The file holds no report that can be read; `str()` says why, in Chinese, naming the file."""


@dataclass
class Source:
    path: Path
    report: Report
    kind: str                           # "package" | "datafile" | "document"
    filed_at: datetime | None = None    # when the unit made the package
    notes: list[str] = field(default_factory=list)   # warnings, and what an import could not read


def read_source(path: str | os.PathLike) -> Source:
    """The report in `path`, by its kind. Raises `Unreadable`."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in DATAFILE_SUFFIXES:
            return _datafile(path)
        if suffix in package_suffixes():
            return _package(path)
        if suffix in document_suffixes():
            return _document(path)
    except Unreadable:
        raise
    except MemoryError:
        raise Unreadable(f"“{path.name}”过大，内存不足，未读取。") from None
    except Exception as exc:     # a file no reader foresaw: say so, never stop the others
        raise Unreadable(f"无法读取“{path.name}”（{type(exc).__name__}: {exc}）") from None
    raise Unreadable(f"“{path.name}”不是可读取的报告文件（{suffix or '无扩展名'}）：应为报送包（.gkpkg）、"
                     f"数据文件（.json）或已发布的报告（.docx、.html）。")


def _datafile(path: Path) -> Source:
    from models.datafile import DataFileError, read_report

    try:
        report, warnings = read_report(path)
    except DataFileError as exc:
        raise Unreadable(str(exc)) from None
    return Source(path, report, "datafile", notes=warnings)


def _package(path: Path) -> Source:
    from models.office.package import PackageError, read_package

    try:
        package = read_package(path)
    except PackageError as exc:
        raise Unreadable(str(exc)) from None
    return Source(path, package.report, "package", package.created, list(package.warnings))


def _document(path: Path) -> Source:
    from models.importer import NotAReport, UnsafeFile, import_document

    try:
        result = import_document(path)
    except (NotAReport, UnsafeFile) as exc:
        raise Unreadable(str(exc)) from None
    notes = [f"未读取：{gap}" for gap in result.gaps] + list(result.notes)
    return Source(path, result.report, "document", notes=notes)


def name_key(name: str) -> str:
    """A unit's name as the office matches it: 「示例镇 人民政府」 typed in the roster and
    「示例镇人民政府」 in the report, or full- and half-width brackets, are one unit."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


_NOT_REGULAR = "“{}”不是普通文件（管道、设备或失效的链接），未读取。"


def collect(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The report files under `paths` (folders searched recursively, in name order), and the
    paths that are not such files, each with the reason. A file named directly is kept whatever
    its suffix (reading it will say what is wrong); in a folder only report files are taken."""
    wanted = suffixes()
    found: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in wanted
                                and not p.name.startswith((".", "~$")) and not p.is_dir())
            except OSError as exc:
                problems.append((path, f"无法读取文件夹“{path}”：{exc.strerror or exc}"))
                continue
            for p in inside:     # a pipe or a device named like a report is said, not read (it could block)
                (found.append(p) if p.is_file() else problems.append((p, _NOT_REGULAR.format(p))))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            problems.append((path, _NOT_REGULAR.format(path)))
        else:
            problems.append((path, f"找不到文件或文件夹：{path}"))
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique, problems
