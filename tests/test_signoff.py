"""What the head of the unit signs: one 说明 answers one finding (by its id; a bare rule ID in
older files answers every finding of its rule), a 说明 whose finding is gone is kept apart and
never re-attached, a final report needs no 强制 and every 核实 fixed or explained — in the export,
on the command line and in the 审核说明表's wording."""

import json
from datetime import date

import docx
import pytest

import main
from models.checks import WARNING, check_report
from models.datafile import DataFileError, parse_report, read_report, write_report
from models.export import ExportRefused, export_check_sheet, export_report
from models.export.document import DRAFT_MARK
from models.signoff import (check_sheet_statement, orphaned_explanations, sign_off, sign_off_report,
                            unanswered_count)
from tests.factory import good_report, next_year, sample, sample_names

S3_EXPLANATION = "因机构改革，承接原县政务服务中心结转申请。"


def two_carry_over_warnings():
    """This year's 上年结转 differs from last year's 结转下年度 in two columns: two S-3 findings."""
    last = good_report(2023)
    this = next_year(last)
    received = f"申请{this.number('t3.r1.zj')}件"
    this.cells["t3.r2.zrr"] += 1
    this.cells["t3.r1.zrr"] -= 1
    this.cells["t3.r2.syqy"] += 1
    this.cells["t3.r1.syqy"] -= 1
    this.fill_totals()
    this.text["s1"] = this.text["s1"].replace(received, f"申请{this.number('t3.r1.zj')}件")
    return this, last


def s3(findings, key):
    (f,) = [f for f in findings if f.rule == "S-3" and f.cells == (key,)]
    return f


# --- ids ---------------------------------------------------------------------------------------

def test_findings_of_one_report_have_distinct_ids():
    this = good_report()
    this.text = {"s5": "无"}          # 一 and 五 empty: two S-16 findings, told apart by subject
    this.fees = None
    ids = [f.id for f in check_report(this)]
    assert len(ids) == len(set(ids))
    assert {"S-16|s1", "S-16|s5", "S-11|s6"} <= set(ids)
    for name in sample_names():
        findings = check_report(sample(name))
        assert len({f.id for f in findings}) == len(findings), name


def test_the_id_does_not_change_while_the_finding_stays_the_same():
    this, last = two_carry_over_warnings()
    before = s3(check_report(this, last), "t3.r2.zrr").id
    this.text["s1"] = "新的一段。\n" + this.text["s1"]
    this.cells["t3.r3_1.zrr"] += 0
    assert s3(check_report(this, last), "t3.r2.zrr").id == before == "S-3|t3.r2.zrr"


# --- one 说明, one finding ---------------------------------------------------------------------

def test_two_findings_of_one_rule_one_explained():
    this, last = two_carry_over_warnings()
    this.explanations["S-3|t3.r2.zrr"] = S3_EXPLANATION
    findings = check_report(this, last)
    assert s3(findings, "t3.r2.zrr").explanation == S3_EXPLANATION
    assert s3(findings, "t3.r2.syqy").explanation is None
    state = sign_off(findings)
    assert [f.id for f in state.unanswered] == ["S-3|t3.r2.syqy", "S-3|t3.r2.zj"]
    assert not state.final and unanswered_count(this, last) == 2


def test_an_old_file_with_a_rule_id_explains_every_finding_of_that_rule(tmp_path):
    this, last = two_carry_over_warnings()
    this.explanations["S-3"] = S3_EXPLANATION
    write_report(this, tmp_path / "old.json")
    again, _ = read_report(tmp_path / "old.json")
    findings = check_report(again, last)
    assert all(f.explanation == S3_EXPLANATION for f in findings if f.rule == "S-3")
    # a 说明 of its own wins for that one finding; the rule's 说明 still answers the others
    again.explanations["S-3|t3.r2.syqy"] = "商业企业一栏另有原因。"
    findings = check_report(again, last)
    assert s3(findings, "t3.r2.syqy").explanation == "商业企业一栏另有原因。"
    assert s3(findings, "t3.r2.zrr").explanation == S3_EXPLANATION
    assert not orphaned_explanations(again.explanations, findings)


def test_a_explanation_whose_finding_is_gone_is_kept_apart_never_reattached():
    this, last = two_carry_over_warnings()
    this.explanations["S-3|t3.r2.zrr"] = S3_EXPLANATION
    this.explanations["S-15"] = "旧的说明"              # no S-15 finding at all
    # the clerk fixes 自然人; the same rule now fires on 商业企业 only
    this.cells["t3.r2.zrr"] -= 1
    this.cells["t3.r1.zrr"] += 1
    this.fill_totals()
    findings = check_report(this, last)
    assert all(f.explanation is None for f in findings if f.rule == "S-3")
    assert orphaned_explanations(this.explanations, findings) == {"S-3|t3.r2.zrr": S3_EXPLANATION,
                                                                  "S-15": "旧的说明"}
    assert this.explanations["S-3|t3.r2.zrr"] == S3_EXPLANATION       # kept in the report


def test_data_file_keeps_explanations_by_finding_id(tmp_path):
    this, _ = two_carry_over_warnings()
    this.explanations = {"S-3|t3.r2.zrr": S3_EXPLANATION, "S-16": "旧文件的说明"}
    write_report(this, tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["explanations"] == this.explanations
    assert read_report(tmp_path / "r.json")[0].explanations == this.explanations


@pytest.mark.parametrize("key,named", [("S-99|t3.r2.zrr", "S-99"), ("X|a", "X"), ("S-3|", "S-3|"), ("S-99", "S-99")])
def test_data_file_refuses_explanation_keys_of_no_rule(key, named):
    data = {"schema": "gkreport/1", "format": "2021", "year": 2024, "unit": {"name": "某某镇人民政府"},
            "cells": {}, "explanations": {key: "x"}}
    with pytest.raises(DataFileError, match="explanations") as refused:
        parse_report(json.dumps(data, ensure_ascii=False).encode())
    assert named in str(refused.value)


# --- a final report needs every warning answered -----------------------------------------------

def unanswered_report():
    """A good report with one 核实 finding: an empty cell of 表四 (S-1)."""
    report = good_report()
    report.cells["t4.zs.jz"] = None
    (left,) = sign_off_report(report).left
    assert left.id == "S-1|t4.zs.jz"
    return report


def test_final_export_refused_for_one_unanswered_warning_allowed_once_answered(tmp_path):
    report = unanswered_report()
    out = tmp_path / "报告.docx"
    with pytest.raises(ExportRefused) as refused:
        export_report(report, out)
    assert [f.id for f in refused.value.findings] == ["S-1|t4.zs.jz"]
    assert "1 项核实未改正也未说明" in str(refused.value)
    assert not out.exists()
    export_report(report, out, draft=True)
    assert docx.Document(str(out)).sections[0].header.paragraphs[0].text == DRAFT_MARK
    report.explanations["S-1|t4.zs.jz"] = "本单位本年无未经复议直接起诉的案件，原表留空。"
    result = export_report(report, out)
    assert not result.draft and DRAFT_MARK not in docx.Document(str(out)).sections[0].header.paragraphs[0].text


def test_cli_export_exits_1_listing_the_unanswered_then_0(tmp_path, capsys):
    report = unanswered_report()
    write_report(report, tmp_path / "r.json")
    args = ["export", str(tmp_path / "r.json"), "--out", str(tmp_path / "r.docx")]
    assert main.main(args) == 1
    err = capsys.readouterr().err
    assert "[核实] S-1 表四" in err and "“S-1|t4.zs.jz”为键填写说明" in err
    assert not (tmp_path / "r.docx").exists()
    assert main.main(args + ["--draft"]) == 0
    report.explanations["S-1|t4.zs.jz"] = "原表留空。"
    write_report(report, tmp_path / "r.json")
    assert main.main(args) == 0 and "已生成" in capsys.readouterr().out


# --- the 审核说明表 says what is true --------------------------------------------------------------

def sheet_texts(report, tmp_path, previous=None):
    out = export_check_sheet(report, tmp_path / "审核说明表.docx", previous=previous, checked_on=date(2025, 1, 20))
    document = docx.Document(str(out))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    return "\n".join(p.text for p in document.paragraphs), rows


def test_check_sheet_says_checked_only_when_every_warning_has_its_explanation(tmp_path):
    this, last = two_carry_over_warnings()
    this.explanations["S-3|t3.r2.zrr"] = S3_EXPLANATION
    text, rows = sheet_texts(this, tmp_path, last)
    assert "核实项已逐项核对" not in text and "1 项已填写说明" in text and "尚未改正也未说明" in text
    assert "只能作为草稿" in text
    assert [r[4] for r in rows if r[1] == "S-3"] == [S3_EXPLANATION, "（未填写说明）", "（未填写说明）"]
    this.explanations["S-3"] = "其余各栏同因机构改革。"
    text, rows = sheet_texts(this, tmp_path, last)
    assert "核实项已逐项核对，说明如下。" in text and "只能作为草稿" not in text
    assert [r[4] for r in rows if r[1] == "S-3"] == [S3_EXPLANATION, "其余各栏同因机构改革。", "其余各栏同因机构改革。"]


def test_check_sheet_lists_hints_and_never_says_as_follows_over_nothing(tmp_path):
    report = good_report()                      # only the S-2 hint
    text, rows = sheet_texts(report, tmp_path)
    assert "说明如下" not in text and "核实项已逐项核对" not in text
    assert "提示项 1 项一并列出" in text
    assert [r[1:3] + r[4:] for r in rows[1:]] == [["S-2", "提示", "（提示，无需说明）"]]
    report.cells["t3.r3_2.zrr"] = report.cells["t3.r3_2.shgy"] = 0
    report.cells["t3.r3_1.zrr"] += 2
    report.cells["t3.r3_1.shgy"] += 1
    report.fill_totals()
    assert not check_report(report)
    assert check_sheet_statement(sign_off([])) == ["本报告未发现需要核实的事项。"]
    text, rows = sheet_texts(report, tmp_path)
    assert "本报告未发现需要核实的事项。" in text and "说明如下" not in text and rows == []


def test_check_sheet_with_unanswered_warnings_only_does_not_claim_they_were_checked():
    state = sign_off([f for f in check_report(unanswered_report()) if f.severity == WARNING])
    (sentence,) = check_sheet_statement(state)
    assert sentence == "核实项 1 项均尚未改正也未说明。"


# --- the 落款 date -------------------------------------------------------------------------------

def test_the_signature_prints_the_publication_date_or_a_blank_for_an_earlier_year(tmp_path, monkeypatch):
    from models import clock
    from models.export.document import UNDATED

    monkeypatch.setattr(clock, "today", lambda: date(2026, 5, 1))
    report = good_report(2024)                       # no publication date, printed two years on
    export_report(report, tmp_path / "a.docx")
    assert docx.Document(str(tmp_path / "a.docx")).paragraphs[-1].text == UNDATED
    report.published = date(2025, 1, 25)
    export_report(report, tmp_path / "b.docx")
    assert docx.Document(str(tmp_path / "b.docx")).paragraphs[-1].text == "2025年1月25日"
    monkeypatch.setattr(clock, "today", lambda: date(2025, 2, 3))
    report = good_report(2024, kind="dept", level="county")    # signed today, after 1月31日: S-14
    with pytest.raises(ExportRefused) as refused:
        export_report(report, tmp_path / "c.docx")
    assert [f.rule for f in refused.value.findings] == ["S-14"]
