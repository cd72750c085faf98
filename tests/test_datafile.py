"""gkreport/1 files: real samples round-trip, every bad input is refused naming the field,
and `main.py check` keeps its exit statuses and never shows a traceback."""

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import main
from models.datafile import DataFileError, parse_report, read_report, report_to_data, write_report
from tests.factory import SAMPLES, good_report, need_shared, sample_names

ROOT = Path(__file__).resolve().parents[1]


def _minimal(**changes):
    data = {"schema": "gkreport/1", "format": "2021", "year": 2024,
            "unit": {"name": "某某镇人民政府", "kind": "gov", "level": "township"},
            "cells": {"t3.r1.zrr": 5, "t2.sf.amount": "0.092"}}
    data.update(changes)
    return data


def _parse(data):
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    return parse_report(raw, "测试.json")


@pytest.mark.parametrize("name", sample_names() or ["(none)"])
def test_real_samples_round_trip_exactly(name, tmp_path):
    path = need_shared(SAMPLES / f"{name}.json")
    report, warnings = read_report(path)
    assert warnings == []
    write_report(report, tmp_path / "out.json")
    again, _ = read_report(tmp_path / "out.json")
    assert again == report
    original = json.loads(path.read_text(encoding="utf-8"))
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written["cells"] == original["cells"]          # amounts stay strings, exactly as entered
    assert written["text"] == original["text"]


def test_amounts_are_decimals_never_floats():
    report, _ = _parse(_minimal())
    assert report.cells["t2.sf.amount"] == Decimal("0.092") and isinstance(report.cells["t2.sf.amount"], Decimal)
    assert report_to_data(report)["cells"]["t2.sf.amount"] == "0.092"


def test_null_is_an_empty_cell_and_a_missing_key_is_not_provided():
    report, _ = _parse(_minimal(cells={"t3.r1.zrr": None}))
    assert report.cells == {"t3.r1.zrr": None}
    assert "t3.r1.zj" not in report.cells


@pytest.mark.parametrize("data,field", [
    (b"{not json", "第 1 行第 2 列"),
    (b"\xff\xfe garbage", "UTF-8"),
    ([1, 2], "最外层"),
    (_minimal(schema="gkreport/2"), "schema"),
    (_minimal(format="2020"), "format"),
    ({k: v for k, v in _minimal().items() if k != "year"}, "缺少必填字段 year"),
    (_minimal(year="2024"), "year"),
    (_minimal(year=24), "year"),
    (_minimal(unit={"name": " "}), "unit.name"),
    ({k: v for k, v in _minimal().items() if k != "unit"}, "缺少必填字段 unit"),
    (_minimal(unit={"name": "某镇", "kind": "town"}), "unit.kind"),
    (_minimal(unit={"name": "某镇", "level": "village"}), "unit.level"),
    ({k: v for k, v in _minimal().items() if k != "cells"}, "缺少必填字段 cells"),
    (_minimal(cells={"t3.r1.zrr": "3"}), "t3.r1.zrr"),
    (_minimal(cells={"t3.r1.zrr": -1}), "t3.r1.zrr"),
    (_minimal(cells={"t3.r1.zrr": True}), "t3.r1.zrr"),
    (_minimal(cells={"t3.r9.zrr": 1}), "t3.r9.zrr"),
    (_minimal(cells={"t3.r3_6.zrr": 1}), "2019年版"),
    (_minimal(cells={"t2.sf.amount": "-1"}), "t2.sf.amount"),
    (_minimal(cells={"t2.sf.amount": "0.1234567"}), "t2.sf.amount"),
    (_minimal(cells={"t2.sf.amount": "1e3"}), "t2.sf.amount"),
    (_minimal(cells=[1]), "cells"),
    (_minimal(text={"s1": 5}), "text.s1"),
    (_minimal(fees={"notices": -1}), "fees.notices"),
    (_minimal(fees={"notices": 1, "collected_yuan": "abc"}), "fees.collected_yuan"),
    (_minimal(explanations={"S-99": "x"}), "S-99"),
    (_minimal(published="2025/1/20"), "published"),
    (_minimal(source=3), "source"),
])
def test_bad_input_names_the_field(data, field):
    with pytest.raises(DataFileError) as err:
        _parse(data)
    assert field in str(err.value)


@pytest.mark.parametrize("raw,field", [
    (b'{"schema":"gkreport/1","format":"2021","year":2024,"unit":{"name":"x"},"cells":{"t3.r1.zrr":3.5}}', "小数 3.5"),
    (b'{"schema":"gkreport/1","format":"2021","year":2024,"unit":{"name":"x"},"cells":{"t3.r1.zrr":3.0}}', "t3.r1.zrr"),
    (b'{"schema":"gkreport/1","format":"2021","year":2024,"unit":{"name":"x"},"cells":{"t2.sf.amount":0.092}}', "字符串"),
    (b'{"schema":"gkreport/1","format":"2021","year":2024,"unit":{"name":"x"},"cells":{"t3.r1.zrr":NaN}}', "NaN"),
    (b'{"schema":"gkreport/1","format":"2021","year":2024.0,"unit":{"name":"x"},"cells":{}}', "year"),
    (b'{"schema":"gkreport/1","format":"2021","year":2024,"unit":{"name":"x"},"cells":{},"fees":{"collected_yuan":1.5}}', "fees.collected_yuan"),
])
def test_fractions_are_never_taken_for_counts_or_amounts(raw, field):
    with pytest.raises(DataFileError, match=field):
        _parse(raw)


def test_unknown_top_level_fields_are_ignored_with_a_warning_and_bom_is_accepted():
    raw = b"\xef\xbb\xbf" + json.dumps(_minimal(extra=1)).encode()
    report, warnings = _parse(raw)
    assert report.year == 2024 and any("extra" in w for w in warnings)


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "报告.json"
    target.write_text("old content", encoding="utf-8")
    import models.atomic as atomic

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(atomic.os, "fsync", explode)
    with pytest.raises(atomic.WriteError, match="磁盘空间已满"):
        write_report(good_report(), target)
    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.json"]


# --- main.py check ------------------------------------------------------------------------


def test_check_reports_h3_on_pingtan_2020(capsys):
    assert main.main(["check", str(need_shared(SAMPLES / "pingtan-2020.json"))]) == 1
    out = capsys.readouterr().out
    assert "[强制] H-3 （七）总计·自然人 为 20，但（一）至（六）各项合计为 26，相差 6" in out
    assert "[强制] H-3 （七）总计·总计 为 21，但（一）至（六）各项合计为 27，相差 6" in out


def test_check_json_output(capsys):
    assert main.main(["check", str(need_shared(SAMPLES / "pingtan-2020.json")), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    h3 = [f for f in findings if f["rule"] == "H-3"]
    assert {f["cells"][0] for f in h3} == {"t3.r3_7.zrr", "t3.r3_7.zj"}
    assert all(set(f) == {"rule", "severity", "cells", "message", "id"} for f in findings)   # data-file.md: id is the fifth key
    assert {f["severity"] for f in findings} <= {"error", "warning", "info"}


@pytest.mark.parametrize("name", [n for n in sample_names() if n != "pingtan-2020"] or ["(none)"])
def test_other_real_samples_have_no_error(name, capsys):
    assert main.main(["check", str(need_shared(SAMPLES / f"{name}.json"))]) == 0


def test_previous_year_brings_s5(capsys):
    this, last = need_shared(SAMPLES / "pingtan-2023.json"), SAMPLES / "pingtan-2022.json"
    assert main.main(["check", str(this), "--previous", str(last)]) == 0
    out = capsys.readouterr().out
    assert "[核实] S-5 行政规范性文件·现行有效件数 为 470" in out and "643" in out


def test_shuyang_reports_its_125_empty_cells(capsys):
    main.main(["check", str(need_shared(SAMPLES / "shuyang-fgj-2023.json")), "--json"])
    (s1,) = [f for f in json.loads(capsys.readouterr().out) if f["rule"] == "S-1"]
    assert len(s1["cells"]) == 125


def test_explanations_are_printed_with_their_warning(tmp_path, capsys):
    report = good_report()
    report.text["s6"] = "无"
    report.fees = None
    report.explanations = {"S-11": "本单位无依申请公开收费职能。"}
    write_report(report, tmp_path / "r.json")
    assert main.main(["check", str(tmp_path / "r.json")]) == 0
    assert "（说明：本单位无依申请公开收费职能。）" in capsys.readouterr().out


def _run(*args, stdin=None):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=60)


@pytest.mark.parametrize("content,expected", [
    ("{broken", "JSON 格式错误"),
    ('{"schema":"gkreport/1","format":"2021","year":2024,"unit":{"name":"x"},"cells":{"t3.r1.zrr":"3"}}',
     "t3.r1.zrr"),
])
def test_cli_bad_file_exits_2_in_chinese_without_traceback(tmp_path, content, expected):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = _run("check", str(bad))
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_cli_usage_errors_and_missing_files_exit_2(tmp_path):
    for args in (["check"], ["check", str(tmp_path / "nowhere.json")], ["nonsense"], ["check", str(tmp_path)]):
        result = _run(*args)
        assert result.returncode == 2, args
        assert "错误" in result.stderr and "Traceback" not in result.stderr


def test_cli_previous_must_be_valid_too(tmp_path):
    bad = tmp_path / "last.json"
    bad.write_text("[]", encoding="utf-8")
    result = _run("check", str(need_shared(SAMPLES / "pingtan-2023.json")), "--previous", str(bad))
    assert result.returncode == 2 and "last.json" in result.stderr
