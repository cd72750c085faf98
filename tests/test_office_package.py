"""The data package (.gkpkg): written from the export, read back only when every file matches the
manifest; damaged, altered and hostile packages are refused with a Chinese message."""

import hashlib
import json
import zipfile
from datetime import datetime, timezone

import docx
import pytest

from models.datafile import report_to_data
from models.export import ExportRefused
from models.office.package import PackageError, read_package, write_package
from tests.factory import good_report

CREATED = datetime(2025, 1, 20, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    report = good_report()
    report.explanations = {"S-3": "因机构调整，结转数与上年不同。"}
    written = write_package(report, tmp_path_factory.mktemp("pkg") / "某某镇.gkpkg", pdf=False, created=CREATED)
    return report, written.path


def _rewrite(source, target, change):
    """Copy the package, letting `change(name, data)` return new bytes (or None to drop the member)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def test_a_package_is_written_and_read_back(package, tmp_path):
    report, path = package
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        for name, digest in manifest["files"].items():
            assert hashlib.sha256(archive.read(name)).hexdigest() == digest
        (tmp_path / "r.docx").write_bytes(archive.read("report.docx"))
        (tmp_path / "s.docx").write_bytes(archive.read("check-sheet.docx"))
    assert names == {"manifest.json", "report.json", "report.docx", "check-sheet.docx"}
    assert manifest["schema"] == "gkpkg/1" and manifest["year"] == 2024
    assert manifest["unit"] == report_to_data(report)["unit"] and manifest["app"].startswith("gk-nianbao ")
    assert datetime.fromisoformat(manifest["created"]) == CREATED
    body = "\n".join(p.text for p in docx.Document(tmp_path / "r.docx").paragraphs)
    assert "某某镇人民政府" in body and "一、总体情况" in body
    sheet = docx.Document(tmp_path / "s.docx")
    assert any("审核说明表" in p.text for p in sheet.paragraphs)

    got = read_package(path)
    assert got.report == report                       # the 说明 travel with it
    assert got.created == CREATED and got.warnings == []
    assert set(got.members) == {"report.json", "report.docx", "check-sheet.docx"}


def test_without_libreoffice_the_package_says_there_is_no_pdf(tmp_path, monkeypatch):
    monkeypatch.setattr("models.export.pdf.find_soffice", lambda: None)
    written = write_package(good_report(), tmp_path / "p.gkpkg", pdf=True)
    assert "report.pdf" not in written.members and "LibreOffice" in written.pdf_problem
    assert read_package(written.path).report == good_report()


def test_a_report_with_errors_is_not_packaged(tmp_path):
    report = good_report()
    report.cells["t3.r1.zj"] += 1             # H-3: a total that is not the sum of its parts
    with pytest.raises(ExportRefused):
        write_package(report, tmp_path / "p.gkpkg", pdf=False)
    assert list(tmp_path.iterdir()) == []      # nothing half-written


def _changed_report(name, data):
    if name != "report.json":
        return data
    changed = json.loads(data)
    changed["cells"]["t3.r1.zrr"] += 100
    return json.dumps(changed, ensure_ascii=False).encode()


def test_a_file_that_does_not_match_its_hash_is_refused(package, tmp_path):
    _, path = package
    altered = _rewrite(path, tmp_path / "改过.gkpkg", _changed_report)
    with pytest.raises(PackageError, match="report.json 与清单记录的校验值不符"):
        read_package(altered)


def _with_manifest(change):
    def rewrite(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        change(manifest)
        return json.dumps(manifest, ensure_ascii=False).encode()
    return rewrite


@pytest.mark.parametrize("change,message", [
    (lambda n, d: None if n == "check-sheet.docx" else d, "缺少 check-sheet.docx"),
    (_with_manifest(lambda m: m["files"].pop("report.docx")), "没有登记在清单"),
    (_with_manifest(lambda m: m["files"].update({"report.pdf": "0" * 64})), "缺少 report.pdf"),
    (_with_manifest(lambda m: m["files"].update({"../evil.exe": "0" * 64})), "不应出现的文件"),
    (_with_manifest(lambda m: m.update(schema="gkpkg/9")), "schema"),
    (_with_manifest(lambda m: m.update(year=2023)), "清单写的是"),
    (_with_manifest(lambda m: m.update(unit={"name": "别的镇"})), "别的镇"),
    (_with_manifest(lambda m: m.update(created="昨天")), "created"),
    (_with_manifest(lambda m: m["files"].update({"report.json": "abc"})), "sha256"),
    (lambda n, d: b"{not json" if n == "manifest.json" else d, "不是有效的 JSON"),
    (lambda n, d: b'{"schema": "gkpkg/1", "schema": "x"}' if n == "manifest.json" else d, "不是有效的 JSON"),
    (lambda n, d: None if n == "manifest.json" else d, "缺少 manifest.json"),
])
def test_an_incomplete_or_inconsistent_package_is_refused(package, tmp_path, change, message):
    _, path = package
    with pytest.raises(PackageError, match=message):
        read_package(_rewrite(path, tmp_path / "坏.gkpkg", change))


def test_an_extra_file_in_the_zip_is_refused(package, tmp_path):
    _, path = package
    target = _rewrite(path, tmp_path / "多.gkpkg", lambda n, d: d)
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("autorun.inf", b"[autorun]")
    with pytest.raises(PackageError, match="autorun.inf"):
        read_package(target)


@pytest.mark.parametrize("content,message", [
    (b"", "空文件"),
    (b"this is not a zip at all", "不是有效的报送包文件"),
])
def test_what_is_not_a_package_is_refused(tmp_path, content, message):
    path = tmp_path / "x.gkpkg"
    path.write_bytes(content)
    with pytest.raises(PackageError, match=message):
        read_package(path)


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    path = tmp_path / "bomb.gkpkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("report.json", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(PackageError, match="压缩炸弹|解压后"):
        read_package(path)


def test_a_damaged_member_is_refused(package, tmp_path):
    _, path = package
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("report.json")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 5
    raw[start] ^= 0xFF                                  # flip a byte inside the compressed data
    damaged = tmp_path / "damaged.gkpkg"
    damaged.write_bytes(bytes(raw))
    with pytest.raises(PackageError):
        read_package(damaged)
