"""`main.py review` and `main.py aggregate` (data-file.md): a folder mixing packages, data files,
published documents and a broken file is reviewed with 雷同 across units; tables are added up
exactly and mixed years or layouts refused."""

import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import main
from models.catalogue import LAYOUTS
from models.datafile import read_report, write_report
from models.export import export_report
from models.export.html import report_html
from models.office.package import write_package
from tests.factory import next_year
from tests.office_data import copy_of, unit_report


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    """What a county office receives: packages, data files, a .docx and a web page as published,
    one broken file, and one unit that copied another's narrative."""
    folder = tmp_path_factory.mktemp("收到的报告")
    reports = [unit_report(n, factor=n) for n in range(1, 7)]
    write_package(reports[0], folder / "第1镇.gkpkg", pdf=False)
    write_package(reports[1], folder / "第2镇.gkpkg", pdf=False)
    write_report(reports[2], folder / "第3镇.json")
    (folder / "县直").mkdir()
    write_report(reports[3], folder / "县直" / "第4镇.json")
    export_report(reports[4], folder / "第5镇（已发布）.docx")
    (folder / "第6镇（网页）.html").write_text(
        f"<html><head><meta charset='utf-8'><title>{reports[5].unit.name}2024年政府信息公开工作年度报告</title></head>"
        f"<body>{report_html(reports[5])}</body></html>", encoding="utf-8")
    write_report(copy_of(reports[2], 7), folder / "第7镇.json")          # copied from 第3镇
    (folder / "坏文件.json").write_text('{"schema": "gkreport/1", "year": ', encoding="utf-8")
    (folder / "说明.txt").write_text("不是报告", encoding="utf-8")       # ignored inside a folder
    return folder, reports


def test_review_of_a_mixed_folder(submissions, tmp_path, capsys):
    folder, reports = submissions
    out = tmp_path / "审核.xlsx"
    assert main.main(["review", str(folder), "--out", str(out), "--json"]) == 1      # one file unreadable
    result = json.loads(capsys.readouterr().out)
    by_unit = {r["unit"]: r for r in result["reports"]}
    assert set(by_unit) == {f"第{n}镇人民政府" for n in range(1, 8)}
    assert all(r["year"] == 2024 for r in result["reports"])
    assert [u["file"] for u in result["unreadable"]] == [str(folder / "坏文件.json")]
    assert "JSON 格式错误" in result["unreadable"][0]["message"]
    # 雷同 across units: the copy and nothing else
    [pair] = result["similar"]
    assert {Path(pair["a"]).name, Path(pair["b"]).name} == {"第3镇.json", "第7镇.json"} and pair["share"] >= 0.9
    assert [Path(f).name for f in by_unit["第7镇人民政府"]["similar_to"]] == ["第3镇.json"]
    assert by_unit["第1镇人民政府"]["similar_to"] == []
    for r in result["reports"]:
        assert r["errors"] == 0 and r["unexplained"] >= 0

    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["汇总", "问题清单", "雷同", "无法读取"]
    summary = list(book["汇总"].values)
    assert len(summary) == 1 + 7
    kinds = {row[2]: row[5] for row in summary[1:]}
    assert kinds["第1镇人民政府"] == "报送包" and kinds["第3镇人民政府"] == "数据文件"
    assert kinds["第5镇人民政府"] == kinds["第6镇人民政府"] == "已发布的报告"
    similar = list(book["雷同"].values)
    assert len(similar) == 2 and {similar[1][0], similar[1][2]} == {"第3镇人民政府", "第7镇人民政府"}
    assert "并" in similar[1][5]                                      # the shared sentences are quoted
    findings = list(book["问题清单"].values)[1:]
    assert {row[1] for row in findings} <= set(by_unit) and all("|" in row[5] or row[5] for row in findings)
    assert list(book["无法读取"].values)[1][0].endswith("坏文件.json")


def test_review_runs_the_cross_year_rules_with_last_years_reports(tmp_path, capsys):
    this_year, last_year = tmp_path / "2025", tmp_path / "2024"
    this_year.mkdir(), last_year.mkdir()
    last = unit_report(1)
    current = next_year(last)
    current.unit = replace(last.unit, name=last.unit.name.replace("镇", "镇 "))   # this year typed with a space
    current.cells["t3.r2.zrr"] += 1                 # 上年结转 no longer what last year carried over (S-3)
    current.fill_totals()
    write_report(current, this_year / "a.json")
    write_report(last, last_year / "a.json")
    out = tmp_path / "r.xlsx"
    assert main.main(["review", str(this_year), "--out", str(out), "--json"]) == 0
    without = json.loads(capsys.readouterr().out)["reports"][0]
    assert main.main(["review", str(this_year), "--previous-dir", str(last_year), "--out", str(out), "--json"]) == 0
    with_previous = json.loads(capsys.readouterr().out)["reports"][0]
    assert with_previous["warnings"] > without["warnings"]
    rules = {row[3] for row in list(openpyxl.load_workbook(out, read_only=True)["问题清单"].values)[1:]}
    assert "S-3" in rules


def test_review_marks_late_packages_against_the_deadline(tmp_path, capsys):
    from datetime import datetime, timezone
    write_package(unit_report(1), tmp_path / "早.gkpkg", pdf=False, created=datetime(2025, 1, 20, tzinfo=timezone.utc))
    write_package(unit_report(2), tmp_path / "晚.gkpkg", pdf=False, created=datetime(2025, 2, 3, tzinfo=timezone.utc))
    out = tmp_path / "r.xlsx"
    assert main.main(["review", str(tmp_path), "--deadline", "01-31", "--out", str(out)]) == 0
    late = {row[2]: row[7] for row in list(openpyxl.load_workbook(out, read_only=True)["汇总"].values)[1:]}
    assert late == {"第1镇人民政府": "否", "第2镇人民政府": "是"}


@pytest.mark.parametrize("argv,message", [
    (["review", "{empty}", "--out", "{out}"], "没有报告文件"),
    (["review", "{empty}", "--deadline", "31-01", "--out", "{out}"], "--deadline"),
    (["review", "{empty}", "--previous-dir", "{missing}", "--out", "{out}"], "不是文件夹"),
    (["review", "{empty}"], "--out"),
])
def test_review_bad_arguments_exit_2(tmp_path, capsys, argv, message):
    (tmp_path / "empty").mkdir()
    argv = [a.format(empty=tmp_path / "empty", out=tmp_path / "r.xlsx", missing=tmp_path / "nope") for a in argv]
    try:
        code = main.main(argv)
    except SystemExit as exit_:       # argparse's own refusals
        code = exit_.code
    assert code == 2 and message in capsys.readouterr().err


def test_a_missing_path_is_listed_and_the_rest_reviewed(submissions, tmp_path, capsys):
    folder, _ = submissions
    code = main.main(["review", str(folder / "第3镇.json"), str(tmp_path / "没有这个文件.json"),
                      "--out", str(tmp_path / "r.xlsx"), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 1 and len(result["reports"]) == 1 and "找不到" in result["unreadable"][0]["message"]


def test_a_pipe_named_like_a_report_is_listed_not_read(submissions, tmp_path, capsys):
    """A FIFO would block the reader for ever: named or found in a folder, it is said and skipped."""
    import os
    folder, _ = submissions
    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(folder / "第3镇.json", inbox / "第3镇.json")
    os.mkfifo(inbox / "管道.json")
    (inbox / "断链.json").symlink_to(tmp_path / "不存在.json")
    code = main.main(["review", str(inbox), str(inbox / "管道.json"), "--out", str(tmp_path / "r.xlsx"), "--json"])
    result = json.loads(capsys.readouterr().out)
    messages = [u["message"] for u in result["unreadable"]]
    assert code == 1 and len(result["reports"]) == 1 and len(messages) == 3
    assert all("不是普通文件" in m for m in messages)


# --- aggregate ------------------------------------------------------------------------------


def _independent_sums(paths):
    """The sums computed straight from the JSON, without the app's reader."""
    sums = {}
    for path in paths:
        for key, value in json.loads(Path(path).read_text(encoding="utf-8"))["cells"].items():
            if value is None:
                sums.setdefault(key, None)
                continue
            number = Decimal(value) if isinstance(value, str) else value
            sums[key] = number if sums.get(key) is None else sums[key] + number
    return sums


def test_aggregate_adds_every_cell(tmp_path, capsys):
    paths = []
    for n in range(1, 6):
        report = unit_report(n, factor=n)
        report.cells["t3.r1.qt"] = None if n % 2 else report.cells["t3.r1.qt"]   # some left empty
        report.fill_totals()
        paths.append(tmp_path / f"{n}.json")
        write_report(report, paths[-1])
    out, side = tmp_path / "汇总.json", tmp_path / "并列.xlsx"
    assert main.main(["aggregate", *map(str, paths), "--out", str(out), "--xlsx", str(side),
                      "--unit-name", "某某县人民政府"]) == 0
    printed = capsys.readouterr().out
    assert "第1镇人民政府、第2镇人民政府、第3镇人民政府、第4镇人民政府、第5镇人民政府" in printed
    total, _ = read_report(out)
    expected = _independent_sums(paths)
    assert {k: v for k, v in total.cells.items()} == expected
    assert total.cells["t2.sf.amount"] == Decimal("0.092") * 15 and total.unit.name == "某某县人民政府"
    assert total.fees is not None
    # the side-by-side workbook: the 合计 column is the sum of the units' columns
    rows = list(openpyxl.load_workbook(side, read_only=True)["汇总表"].values)
    assert rows[0][:4] == ("表", "项目", "合计", "第1镇人民政府") and len(rows[0]) == 3 + 5
    assert len(rows) == 1 + len(LAYOUTS["2021"].cells)
    for row in rows[1:]:
        units = [v for v in row[3:] if v is not None]
        assert (row[2] or 0) == pytest.approx(sum(units))


def test_aggregate_rechecks_the_sums(tmp_path, capsys):
    good, bad = unit_report(1), unit_report(2)
    bad.cells["t3.r1.zj"] += 1                      # this unit's own total does not add up
    write_report(good, tmp_path / "1.json")
    write_report(bad, tmp_path / "2.json")
    assert main.main(["aggregate", str(tmp_path / "1.json"), str(tmp_path / "2.json"),
                      "--out", str(tmp_path / "t.json")]) == 0
    assert "[强制] H-2" in capsys.readouterr().err


@pytest.mark.parametrize("second,message", [
    (lambda: unit_report(2, year=2023), "年度不同"),
    (lambda: _as_2019(unit_report(2)), "表格格式不同"),
    (lambda: unit_report(2, name="第1镇人民政府"), "出现了两次"),
    (lambda: unit_report(2, name="第1镇 人民政府"), "出现了两次"),      # the same unit, spaced otherwise
])
def test_aggregate_refuses_what_cannot_be_added(tmp_path, capsys, second, message):
    write_report(unit_report(1), tmp_path / "1.json")
    write_report(second(), tmp_path / "2.json")
    out = tmp_path / "t.json"
    assert main.main(["aggregate", str(tmp_path / "1.json"), str(tmp_path / "2.json"), "--out", str(out)]) == 2
    assert message in capsys.readouterr().err and not out.exists()


def _as_2019(report):
    report.format = "2019"
    report.year = 2024
    report.cells = {k: 0 for k in LAYOUTS["2019"].cells}
    return report


def test_aggregate_refuses_an_unreadable_file(tmp_path, capsys):
    write_report(unit_report(1), tmp_path / "1.json")
    (tmp_path / "2.json").write_text("{}", encoding="utf-8")
    assert main.main(["aggregate", str(tmp_path / "1.json"), str(tmp_path / "2.json"),
                      "--out", str(tmp_path / "t.json")]) == 2
    err = capsys.readouterr().err
    assert "缺少必填字段 schema" in err and "汇总不能缺少单位" in err


# --- the real reports --------------------------------------------------------------------------


def test_the_real_reports_are_reviewed_and_those_of_one_year_aggregated(tmp_path, capsys):
    from tests.factory import SHARED, SAMPLES, need_shared

    pdf = need_shared(SHARED / "samples" / "real" / "huaian-city-2024" / "淮安市人民政府2024年政府信息公开工作年度报告.pdf")
    folder = tmp_path / "收到"
    folder.mkdir()
    for path in need_shared(SAMPLES).glob("*.json"):
        shutil.copy(path, folder / path.name)
    shutil.copy(pdf, folder / pdf.name)
    assert main.main(["review", str(folder), "--out", str(tmp_path / "r.xlsx"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["reports"]) == 10 and result["unreadable"] == []
    # different units write differently (平潭's years are one unit, never paired); the one pair listed
    # is the 淮安 PDF and our transcription of it — named differently, the same text
    [pair] = result["similar"]
    assert {Path(pair["a"]).name, Path(pair["b"]).name} == {"huaian-city-2024.json", pdf.name}
    assert pair["share"] > 0.95
    by_file = {Path(r["file"]).name: r for r in result["reports"]}
    assert by_file["pingtan-2020.json"]["errors"] >= 1            # H-3 as published
    assert by_file[pdf.name]["unit"].startswith("淮安市人民政府")
    # 2023: 平潭 and 沭阳县发改局, added cell by cell
    paths = [SAMPLES / "pingtan-2023.json", SAMPLES / "shuyang-fgj-2023.json"]
    out = tmp_path / "2023.json"
    assert main.main(["aggregate", *map(str, paths), "--out", str(out)]) == 0
    assert read_report(out)[0].cells == _independent_sums(paths)


def test_worker_processes_review_exactly_as_one_process(submissions, monkeypatch):
    from models.office import review

    folder, _ = submissions
    alone = review.review_paths([folder], jobs=1)
    monkeypatch.setattr(review, "PARALLEL_FROM", 1)
    monkeypatch.setattr(review, "CHUNK", 3)
    shared = review.review_paths([folder], jobs=2)
    assert shared.as_json() == alone.as_json() and len(alone.reports) == 7 and len(alone.unreadable) == 1
