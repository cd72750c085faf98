"""The data package (`*.gkpkg`, data-file.md "The office above"): what a unit sends up.

A zip holding `report.json` (the data file with its 说明), `report.docx`, `report.pdf` where one
could be made, `check-sheet.docx` (审核说明表) and `manifest.json`, which names the unit, the year,
when and with which app the package was made, and the sha256 of every other file.

A package comes from outside, so reading it is defensive: the zip is checked for size and bombs
(`models.safety`) before anything is unpacked, every member is read into memory within a bound
(nothing is ever extracted by its own name), and a package whose files do not match the
manifest — a member changed, missing or added — is refused as a whole.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.atomic import write_atomically
from models.bounds import FILE_MAX_BYTES
from models.datafile import DataFileError, parse_report, report_to_data, write_report
from models.report import Report
from models.safety import MAX_FILE_BYTES, UnsafeFile, check_zip
from models.version import APP_NAME, APP_VERSION

SCHEMA = "gkpkg/1"
SUFFIX = ".gkpkg"
MANIFEST = "manifest.json"
REPORT_JSON = "report.json"
REPORT_DOCX = "report.docx"
REPORT_PDF = "report.pdf"
CHECK_SHEET = "check-sheet.docx"
REQUIRED = (REPORT_JSON, REPORT_DOCX, CHECK_SHEET)
MEMBERS = {REPORT_JSON: FILE_MAX_BYTES, REPORT_DOCX: MAX_FILE_BYTES, REPORT_PDF: MAX_FILE_BYTES,
           CHECK_SHEET: MAX_FILE_BYTES}           # member -> the most it may unpack to
MANIFEST_MAX_BYTES = 64 * 1024
KIND = "报送包"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class PackageError(ValueError):
    """The package is refused; the message says why, in Chinese, naming the file."""


@dataclass(frozen=True)
class Package:
    report: Report
    warnings: list[str]              # from reading report.json (ignored unknown fields)
    created: datetime                # when the unit made the package
    app: str
    members: tuple[str, ...]         # the files it holds besides the manifest


@dataclass(frozen=True)
class Written:
    path: Path
    members: tuple[str, ...]
    pdf_problem: str | None          # why there is no report.pdf (no LibreOffice…), or None


# --- writing ------------------------------------------------------------------------------


def write_package(report: Report, path: str | Path, *, previous: Report | None = None,
                  carried: Iterable[str] = (), pdf: bool = True, created: datetime | None = None,
                  cancel=None) -> Written:
    """Write the package for `report` at `path` (atomically). The report and its check sheet are
    made by the export, which refuses a report that may not be final (`ExportRefused`); a PDF is
    added when LibreOffice can make one, and its absence is said, not hidden (`cancel`, a
    threading.Event, stops LibreOffice). Raises `models.atomic.WriteError` when the package
    cannot be written."""
    from models.export import export_check_sheet, export_report
    from models.export.pdf import Cancelled, PdfError, find_soffice

    created = created or datetime.now().astimezone()
    pdf_problem = None if pdf else "未要求生成 PDF"
    with tempfile.TemporaryDirectory(prefix="gknb-pkg-") as work:
        work = Path(work)
        write_report(report, work / REPORT_JSON)
        want_pdf = pdf and find_soffice() is not None
        if pdf and not want_pdf:
            pdf_problem = "本机未安装 LibreOffice，报送包中没有 PDF（Word 文本已包含在内）"
        try:
            export_report(report, work / REPORT_DOCX, pdf=work / REPORT_PDF if want_pdf else None, previous=previous,
                          cancel=cancel)
        except Cancelled:
            raise                        # the clerk stopped it: no package at all
        except PdfError as exc:          # no PDF, said; the package goes without it
            pdf_problem = str(exc)
        export_check_sheet(report, work / CHECK_SHEET, previous=previous, carried=carried)
        members = tuple(name for name in MEMBERS if (work / name).is_file())
        contents = {name: (work / name).read_bytes() for name in members}
    manifest = {"schema": SCHEMA, "unit": report_to_data(report)["unit"], "year": report.year,
                "created": created.isoformat(timespec="seconds"), "app": f"{APP_NAME} {APP_VERSION}",
                "files": {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()}}

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for name, data in contents.items():
                archive.writestr(name, data)

    return Written(write_atomically(path, write), members, pdf_problem)


# --- reading ------------------------------------------------------------------------------


def read_package(path: str | Path) -> Package:
    """The report in the package at `path`, once every file has been checked against the manifest.
    Raises `PackageError` (with the reason, in Chinese) for anything else."""
    path = Path(path)
    try:
        check_zip(path, KIND, MANIFEST)
    except UnsafeFile as exc:
        raise PackageError(str(exc)) from None
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(archive, path.name)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:   # damaged in transit: bad CRC, bad data
        raise PackageError(f"“{path.name}”已损坏，无法读取（{exc}）。请让报送单位重新生成报送包。") from None
    except OSError as exc:
        raise PackageError(f"无法读取“{path.name}”：{exc.strerror or exc}") from None


def _refuse(name: str, why: str) -> PackageError:
    return PackageError(f"“{name}”不是有效的报送包：{why}。请让报送单位重新生成报送包。")


def _member(archive: zipfile.ZipFile, member: str, limit: int, name: str) -> bytes:
    info = archive.getinfo(member)
    if info.file_size > limit:
        raise _refuse(name, f"其中的 {member} 过大（{info.file_size / 1024 / 1024:.1f} MB）")
    return archive.read(info)


def _read(archive: zipfile.ZipFile, name: str) -> Package:
    names = [info.filename for info in archive.infolist()]
    if len(names) != len(set(names)):
        raise _refuse(name, "其中有重名的文件")
    manifest = _manifest(_member(archive, MANIFEST, MANIFEST_MAX_BYTES, name), name)
    listed = manifest["files"]
    unknown = sorted(set(names) - set(MEMBERS) - {MANIFEST})
    if unknown:
        raise _refuse(name, f"其中有不应出现的文件：{'、'.join(unknown[:5])}")
    unlisted = sorted(set(names) - set(listed) - {MANIFEST})
    if unlisted:
        raise _refuse(name, f"文件 {'、'.join(unlisted)} 没有登记在清单（manifest.json）中")
    missing = [m for m in listed if m not in names] + [m for m in REQUIRED if m not in listed]
    if missing:
        raise _refuse(name, f"缺少 {'、'.join(dict.fromkeys(missing))}")
    contents = {}
    for member, expected in listed.items():
        data = _member(archive, member, MEMBERS[member], name)
        if hashlib.sha256(data).hexdigest() != expected:
            raise PackageError(f"“{name}”中的 {member} 与清单记录的校验值不符：文件在生成后被改动或已损坏，"
                               f"未读取。请让报送单位重新生成报送包。")
        contents[member] = data
    try:
        report, warnings = parse_report(contents[REPORT_JSON], f"{name} 中的 {REPORT_JSON}")
    except DataFileError as exc:
        raise PackageError(str(exc)) from None
    unit, year = manifest["unit"], manifest["year"]
    if unit.get("name") != report.unit.name or year != report.year:
        raise _refuse(name, f"清单写的是“{unit.get('name')}”{year} 年度，报告数据却是“{report.unit.name}”"
                            f"{report.year} 年度")
    return Package(report, warnings, manifest["created_at"], manifest["app"], tuple(listed))


def _manifest(raw: bytes, name: str) -> dict:
    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key")
        return dict(pairs)

    try:
        data = json.loads(raw.decode("utf-8-sig"), object_pairs_hook=no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refuse(name, "清单 manifest.json 不是有效的 JSON") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise _refuse(name, f"清单 manifest.json 的 schema 应为 “{SCHEMA}”")
    files = data.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, str) and _SHA256.fullmatch(v) for v in files.values()):
        raise _refuse(name, "清单 manifest.json 的 files 应为 文件名 → sha256 校验值")
    unknown = sorted(set(files) - set(MEMBERS))
    if unknown:
        raise _refuse(name, f"清单中有不应出现的文件：{'、'.join(unknown[:5])}")
    unit, year = data.get("unit"), data.get("year")
    if not isinstance(unit, dict) or not isinstance(year, int) or isinstance(year, bool):
        raise _refuse(name, "清单 manifest.json 缺少单位（unit）或年度（year）")
    try:
        created = datetime.fromisoformat(data.get("created"))
    except (TypeError, ValueError):
        raise _refuse(name, "清单 manifest.json 的生成时间（created）不是 ISO 格式的时间") from None
    if created.tzinfo is None:
        created = created.astimezone()     # read as local time
    app = data.get("app")
    return {"files": files, "unit": unit, "year": year, "created_at": created,
            "app": app if isinstance(app, str) else ""}


__all__ = ["Package", "PackageError", "Written", "read_package", "write_package", "SUFFIX"]
