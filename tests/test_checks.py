"""Every rule of rules.md: a hand-written failing case and a passing case."""

from datetime import date
from decimal import Decimal

import pytest

from models.checks import ERROR, INFO, RULES, WARNING, CheckOptions, check_report, has_errors
from models.report import Fees, Report, Unit, signature_date
from tests.factory import good_report, next_year


def found(report, rule, previous=None, options=CheckOptions()):
    return [f for f in check_report(report, previous, options) if f.rule == rule]


def test_the_good_report_passes_every_rule_but_the_partly_disclosed_hint():
    this = good_report()
    assert [f.rule for f in check_report(this)] == ["S-2"]
    assert [f.rule for f in check_report(next_year(this), this)] == ["S-2"]


def test_every_rule_of_the_spec_is_registered():
    ids = {f"H-{n}" for n in range(1, 10)} | {f"S-{n}" for n in range(1, 17)}
    assert set(RULES) == ids
    assert RULES["S-8"].check is None   # documented as deliberately unchecked


# --- H-1 -----------------------------------------------------------------------------------

@pytest.mark.parametrize("key,value", [
    ("t3.r1.zrr", -1), ("t3.r1.zrr", Decimal("1.5")), ("t2.gz.made", "3"), ("t4.fy.wc", True),
    ("t2.sf.amount", Decimal("-0.1")), ("t2.sf.amount", Decimal("0.1234567")), ("t2.sf.amount", 0.5),
])
def test_h1_rejects_a_value_of_the_wrong_kind(key, value):
    report = good_report()
    report.cells[key] = value
    findings = found(report, "H-1")
    assert len(findings) == 1 and findings[0].cells == (key,) and findings[0].severity == ERROR
    assert str(value) in findings[0].message


def test_h1_rejects_a_key_the_layout_does_not_have():
    report = good_report()
    report.cells["t3.r3_6.zrr"] = 1    # a 2019 key in a 2021 report
    assert found(report, "H-1")[0].cells == ("t3.r3_6.zrr",)


def test_h1_accepts_amounts_with_six_decimals_and_signed_2019_deltas():
    report = good_report()
    report.cells["t2.sf.amount"] = Decimal("5949.088667")
    assert not found(report, "H-1")
    old = Report(2020, Unit("某县人民政府", "gov", "county"), format="2019", cells={"t2.sf.delta": -15})
    assert not found(old, "H-1")


# --- S-1 -----------------------------------------------------------------------------------

def test_s1_warns_on_empty_and_missing_cells_per_table():
    report = good_report()
    report.cells["t3.r1.syqy"] = None
    del report.cells["t4.zs.wc"]
    findings = found(report, "S-1")
    assert [f.cells for f in findings] == [("t3.r1.syqy",), ("t4.zs.wc",)]
    assert "表三" in findings[0].message and "按 0 计算" in findings[0].message
    assert not found(good_report(), "S-1")


# --- H-2, H-3 ------------------------------------------------------------------------------

def test_h2_row_total_names_both_sides():
    report = good_report()
    report.cells["t3.r1.zj"] = 15          # parts add up to 14
    (f,) = found(report, "H-2")
    assert f.cells[0] == "t3.r1.zj" and "t3.r1.zrr" in f.cells
    assert "一、本年新收政府信息公开申请数量·总计 为 15" in f.message and "合计为 14" in f.message
    assert not found(good_report(), "H-2")


def test_h3_total_row_message_matches_the_issue_example():
    report = good_report()
    report.cells["t3.r3_1.zrr"] += 16      # the 自然人 outcomes were 10, now 26
    report.cells["t3.r3_7.zrr"] = 20
    report.cells["t3.r3_1.zj"] += 16       # keep the row total right: only H-3 should speak
    messages = [f.message for f in found(report, "H-3")]
    assert any(m.startswith("（七）总计·自然人 为 20，但（一）至（六）各项合计为 26，相差 6") for m in messages)
    assert not found(good_report(), "H-3")


def test_h3_in_the_2019_layout_uses_the_single_other_row():
    report = Report(2020, Unit("某县人民政府", "gov", "county"), format="2019",
                    cells={"t3.r3_6.zrr": 4, "t3.r3_7.zrr": 4, "t3.r3_6.zj": 4, "t3.r3_7.zj": 4,
                           "t3.r1.zrr": 4, "t3.r1.zj": 4})
    assert not found(report, "H-3")
    report.cells["t3.r3_6.zrr"] = 5
    assert [f.cells[0] for f in found(report, "H-3")] == ["t3.r3_7.zrr"]


# --- H-4, H-5 ------------------------------------------------------------------------------

def test_h4_balance_per_column():
    report = good_report()
    report.cells["t3.r4.zrr"] += 1
    report.fill_totals()
    (f,) = [f for f in found(report, "H-4") if f.cells[0] == "t3.r1.zrr"]
    assert f.cells == ("t3.r1.zrr", "t3.r2.zrr", "t3.r3_7.zrr", "t3.r4.zrr")
    assert "自然人列" in f.message and "为 11" in f.message and "为 12" in f.message and "相差 1" in f.message
    assert not found(good_report(), "H-4")


def test_h5_more_closed_or_carried_than_received():
    report = good_report()
    report.cells["t3.r4.syqy"] = 50        # a typo: 5 → 50
    report.fill_totals()
    findings = found(report, "H-5")
    assert any(f.cells[0] == "t3.r4.syqy" and "为 50" in f.message and "之和 2" in f.message for f in findings)
    assert not found(good_report(), "H-5")


# --- S-2 -----------------------------------------------------------------------------------

def test_s2_is_a_hint_only_when_partly_disclosed_is_used():
    (f,) = found(good_report(), "S-2")
    assert f.severity == INFO
    report = good_report()
    for col in ("zrr", "shgy"):
        report.cells[f"t3.r3_2.{col}"] = 0
        report.cells[f"t3.r3_1.{col}"] += 2 if col == "zrr" else 1
    report.fill_totals()
    assert not found(report, "S-2")


# --- S-3 -----------------------------------------------------------------------------------

def test_s3_carry_over_must_match_last_year():
    last = good_report(2023)
    this = next_year(last)
    assert not found(this, "S-3", last)
    this.cells["t3.r2.zrr"] = 3
    (f,) = [f for f in found(this, "S-3", last) if f.cells == ("t3.r2.zrr",)]
    assert f.severity == WARNING and "为 3" in f.message and "2023年报告" in f.message and "为 1" in f.message


def test_s3_works_against_a_2019_layout_last_year():
    last = Report(2020, Unit("某县人民政府", "gov", "county"), format="2019", cells={"t3.r4.zrr": 2, "t3.r4.zj": 2})
    this = good_report(2021)
    assert {f.cells for f in found(this, "S-3", last)} == {("t3.r2.zrr",), ("t3.r2.zj",)}
    this.cells["t3.r2.zrr"] = this.cells["t3.r2.zj"] = 2
    assert not found(this, "S-3", last)


def test_explanation_is_carried_on_the_warning_it_explains():
    last = good_report(2023)
    this = next_year(last)
    this.cells["t3.r2.zrr"] += 1
    this.explanations["S-3"] = "因机构改革，承接原县政务服务中心结转申请1件。"
    (f,) = [f for f in found(this, "S-3", last)]
    assert f.explanation == "因机构改革，承接原县政务服务中心结转申请1件。"
    assert f.as_json()["explanation"] == f.explanation


# --- H-6, H-7, H-8, S-4 --------------------------------------------------------------------

@pytest.mark.parametrize("rule,block,label", [("H-6", "fy", "行政复议·总计"),
                                              ("H-7", "zs", "行政诉讼（未经复议直接起诉）·总计"),
                                              ("H-8", "fyhs", "行政诉讼（复议后起诉）·总计")])
def test_table4_totals(rule, block, label):
    assert not found(good_report(), rule)
    report = good_report()
    report.cells[f"t4.{block}.zj"] += 1
    (f,) = found(report, rule)
    assert f.cells[0] == f"t4.{block}.zj" and label in f.message and "四项合计" in f.message


def test_s4_sued_after_review_without_any_review():
    report = good_report()
    for col in ("wc", "jz", "qt", "wj", "zj"):
        report.cells[f"t4.fy.{col}"] = 0
    assert found(report, "S-4")                       # no last year at hand: still worth a look
    last = good_report(report.year - 1)
    assert not found(report, "S-4", last)             # last year had a 复议 (fy.zj = 3)
    for col in ("wc", "jz", "qt", "wj", "zj"):
        last.cells[f"t4.fy.{col}"] = 0
    (f,) = found(report, "S-4", last)
    assert "复议后起诉 1 件" in f.message
    assert not found(good_report(), "S-4")


# --- S-5, S-6, S-7 -------------------------------------------------------------------------

def test_s5_valid_documents_across_years():
    last = good_report(2023)
    this = next_year(last)
    assert not found(this, "S-5", last)
    this.cells["t2.gfxwj.valid"] = 30
    (f,) = found(this, "S-5", last)
    assert "为 30" in f.message and "现行有效 20" in f.message and "为 22" in f.message
    old = Report(2020, Unit("某县人民政府", "gov", "county"), format="2019", cells={"t2.gfxwj.total_public": 5})
    assert not found(good_report(2021), "S-5", old)   # 对外公开总数量 is not 现行有效


def test_s6_valid_not_below_made_minus_repealed():
    report = good_report()
    assert not found(report, "S-6")
    report.cells.update({"t2.gfxwj.made": 10, "t2.gfxwj.repealed": 0, "t2.gfxwj.valid": 4})
    (f,) = found(report, "S-6")
    assert "为 4" in f.message and "之差 10" in f.message


@pytest.mark.parametrize("kind,level,warns", [("gov", "township", True), ("dept", "county", True),
                                              ("gov", "city", False), ("gov", "province", False),
                                              ("dept", "national", False), (None, None, False)])
def test_s7_rulemaking_power(kind, level, warns):
    report = good_report(kind=kind, level=level)
    assert not found(report, "S-7")
    report.cells["t2.gz.made"] = 1
    assert bool(found(report, "S-7")) is warns


# --- S-9 -----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence,ok", [
    ("本年共收到政府信息公开申请14件。", True),
    ("本年共收到政府信息公开申请15件（含上年结转1件）。", True),  # received incl. carried in
    ("本年度全区共收到14件申请，及时依法依规办结13件，2件结转下年度继续办理。", True),
    ("2025年，全区共收到政府信息公开申请14件，共办结13件，结转至2026年2件。", True),
    ("本年共收到政府信息公开申请41件。", False),
    ("上年结转3件。", False),
    ("办结12件。", False),
    ("结转下年度继续办理5件。", False),
])
def test_s9_figures_quoted_in_the_overview(sentence, ok):
    report = good_report()
    report.text["s1"] = "（一）主动公开\n" + sentence
    findings = found(report, "S-9")
    assert (not findings) is ok
    if not ok:
        assert sentence.rstrip("。").split("，")[0][-4:] in findings[0].message


# --- S-10, S-11 ----------------------------------------------------------------------------

def test_s10_unpaid_fee_applications_need_fee_notices():
    report = good_report()
    report.cells["t3.r3_6_2.zrr"] = 1
    report.cells["t3.r4.zrr"] -= 1
    report.fill_totals()
    (f,) = found(report, "S-10")
    assert f.severity == WARNING and "（六）2" in f.message
    report.fees = Fees(notices=1, notice_amount_yuan=Decimal("100"), collected_yuan=Decimal("0"))
    assert not found(report, "S-10")


def test_s10_notices_without_unpaid_cases_is_a_reminder():
    report = good_report()
    report.fees = Fees(notices=2, notice_amount_yuan=Decimal("200"), collected_yuan=Decimal("200"))
    (f,) = found(report, "S-10")
    assert f.severity == INFO and "2 件" in f.message
    report.fees = None
    report.text["s6"] = "本年度发出收费通知2件，总金额200元，实际收取200元。"
    assert found(report, "S-10")[0].severity == INFO


def test_s11_fee_sentence_in_section_six():
    report = good_report()
    assert not found(report, "S-11")
    report.fees = None
    report.text["s6"] = "无其他需要报告的事项"
    assert found(report, "S-11")
    report.text["s6"] = "本年度未收取信息处理费。"
    assert not found(report, "S-11")
    report.text["s6"] = "本年度未产生信息公开处理费。"      # in any wording (a real 2023 report)
    assert not found(report, "S-11")


# --- S-12, S-13 ----------------------------------------------------------------------------

def test_s12_government_supervision_hint():
    report = good_report()
    assert not found(report, "S-12")
    report.text["s1"] = "（一）主动公开\n……\n（五）监督保障\n开展工作考核。"
    (f,) = found(report, "S-12")
    assert f.severity == INFO and "社会评议、责任追究" in f.message
    department = good_report(kind="dept", level="county")
    department.text["s1"] = report.text["s1"]
    assert not found(department, "S-12")


def test_s13_copied_text_from_last_year():
    last = good_report(2023)
    this = next_year(last)
    assert not found(this, "S-13", last)
    this.text["s5"] = last.text["s5"].replace("2023", "2024")   # only the year changed
    (f,) = found(this, "S-13", last)
    assert "五、存在的主要问题及改进情况" in f.message and "2023年" in f.message and "100%" in f.message
    # one clause rewritten out of many: still mostly last year's text
    long_text = "。".join(f"第{i}项工作按计划推进并取得实效" for i in range(12)) + "。"
    last.text["s1"] = long_text
    this.text["s1"] = long_text.replace("第3项工作按计划推进并取得实效", "本年新建了政务公开专区")
    assert [f.message[:6] for f in found(this, "S-13", last)] == ["一、总体情况", "五、存在的主"]
    this.text["s1"] = "。".join(f"第{i}项任务已经全部完成验收" for i in range(6)) + long_text[:60]
    assert len(found(this, "S-13", last)) == 1


# --- S-14, S-15, S-16, H-9 -----------------------------------------------------------------

@pytest.mark.parametrize("kind,published,late", [("dept", date(2025, 1, 31), False), ("dept", date(2025, 2, 1), True),
                                                 ("gov", date(2025, 3, 31), False), ("gov", date(2025, 4, 1), True),
                                                 ("other", date(2025, 12, 1), False)])
def test_s14_publication_deadline(kind, published, late):
    report = good_report(2024, kind=kind, level="county")
    report.published = published
    findings = found(report, "S-14")
    assert bool(findings) is late
    if late:
        assert "2025年" in findings[0].message and "第四十九条" in findings[0].message


def test_s14_local_deadline_is_configurable():
    report = good_report(2024)
    report.published = date(2025, 2, 25)
    assert not found(report, "S-14")
    (f,) = found(report, "S-14", options=CheckOptions(local_deadline=(2, 20)))
    assert "2025年2月20日" in f.message and "本地" in f.message


@pytest.mark.parametrize("kind,signing_day,published,says", [
    ("gov", date(2025, 3, 10), None, None),                              # signed now, in time
    ("dept", date(2025, 2, 3), None, "落款日期（未填发布日期，按今天） 2025年2月3日 晚于 2025年1月31日"),
    ("gov", date(2024, 12, 20), None, "落款日期（未填发布日期，按今天） 2024年12月20日 不晚于 2024年12月31日"),
    ("gov", date(2026, 5, 1), None, None),                               # an earlier year's: no date to check
    ("gov", date(2026, 5, 1), date(2024, 1, 25), "发布日期 2024年1月25日 不晚于 2024年12月31日"),
])
def test_s14_checks_the_date_the_signature_prints(kind, signing_day, published, says):
    report = good_report(2024, kind=kind, level="county")
    report.published = published
    findings = found(report, "S-14", options=CheckOptions(today=signing_day))
    assert [f.message.split("（条例")[0].split("：报告年度")[0] for f in findings] == ([says] if says else [])


def test_signature_date_is_the_publication_date_never_silently_today_for_an_earlier_year():
    report = good_report(2024)
    assert signature_date(report, date(2025, 1, 20)) == date(2025, 1, 20)
    assert signature_date(report, date(2026, 5, 1)) is None
    report.published = date(2025, 1, 25)
    assert signature_date(report, date(2026, 5, 1)) == date(2025, 1, 25)


def test_s15_sudden_change_against_last_year():
    last = good_report(2023)
    this = next_year(last)
    assert not found(this, "S-15", last)
    last.cells["t2.xzxk.count"], this.cells["t2.xzxk.count"] = 12, 120     # an extra 0
    (f,) = found(this, "S-15", last)
    assert f.cells == ("t2.xzxk.count",) and "为 120" in f.message and "为 12" in f.message
    last.cells["t2.xzxk.count"], this.cells["t2.xzxk.count"] = 2, 20       # small numbers: no alarm
    assert not found(this, "S-15", last)


def test_s15_compares_with_the_2019_layout_where_the_meaning_is_the_same():
    old = Report(2020, Unit("某县人民政府", "gov", "county"), format="2019", cells={"t2.xzxk.decisions": 400})
    this = good_report(2021)
    this.cells["t2.xzxk.count"] = 40
    assert found(this, "S-15", old)[0].cells == ("t2.xzxk.count",)


def test_s16_empty_or_perfunctory_narrative():
    report = good_report()
    assert not found(report, "S-16")
    report.text["s5"] = "无"
    report.text["s1"] = "  "
    messages = [f.message for f in found(report, "S-16")]
    assert any("一、总体情况" in m for m in messages) and any("只有 1 个字" in m for m in messages)


def test_s16_section_six_empty_unless_the_fees_are_reported():
    report = good_report()
    report.text["s6"] = ""
    assert not found(report, "S-16")          # the 信息处理费 sentence is printed in 六
    report.fees = None
    (f,) = found(report, "S-16")
    assert f.id == "S-16|s6" and "六、其他需要报告的事项 还没有填写" in f.message
    report.text["s6"] = "无其他需要报告的事项。"
    assert not found(report, "S-16")


def test_s1_says_a_row_is_missing_from_a_published_table():
    report = good_report()
    report.source = "某局2023年报告.docx"
    for key in ("t2.gz.made", "t2.gz.repealed", "t2.gz.valid"):
        del report.cells[key]
    report.cells["t2.xzxk.count"] = None
    missing, empty = found(report, "S-1")
    assert missing.cells == ("t2.gz.made", "t2.gz.repealed", "t2.gz.valid")
    assert "表二中没有“规章”这一行" in missing.message and "为空" not in missing.message
    assert empty.cells == ("t2.xzxk.count",) and "为空" in empty.message
    report.source = None                    # made in the app: a cell never typed is just empty
    (f,) = found(report, "S-1")
    assert "为空" in f.message and len(f.cells) == 4


def test_h9_years_from_2021_use_the_2021_layout():
    assert not found(good_report(2021), "H-9")
    report = Report(2023, Unit("某镇人民政府", "gov", "township"), format="2019")
    (f,) = found(report, "H-9")
    assert f.severity == ERROR and "2023年度" in f.message
    assert not found(Report(2020, Unit("某镇人民政府", "gov", "township"), format="2019"), "H-9")


def test_has_errors_and_ordering():
    report = good_report()
    report.cells["t4.fy.zj"] = 99
    report.text["s5"] = ""
    findings = check_report(report)
    assert has_errors(findings) and findings[0].severity == ERROR
    assert [f.severity for f in findings] == sorted((f.severity for f in findings),
                                                    key=[ERROR, WARNING, INFO].index)
