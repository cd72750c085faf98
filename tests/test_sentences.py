"""Sentences from the figures (models/sentences.py + templates/text/*.j2): exact wording for
hand-checked figures, the zero and edge cases, and the rules that read the sentences back
(S-9, S-10, S-11, S-12)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.catalogue import SECTIONS
from models.checks import check_report
from models.report import Fees, Report, Unit
from models.sentences import (
    applications_sentence, default_preamble, disclosure_sentence, fee_sentence, reference_texts, review_sentence,
)
from tests.factory import good_report, next_year, sample, sample_names

UNIT = "某某镇人民政府"


def rules(report: Report, *ids: str) -> list[str]:
    return [f"{f.rule}: {f.message}" for f in check_report(report) if f.rule in ids]


def with_cells(report: Report, **cells) -> Report:
    """`report` with some cells replaced; keys spelt with "__" for "." (t3__r1__zj)."""
    report.cells.update({key.replace("__", "."): value for key, value in cells.items()})
    return report


def no_t3(report: Report) -> Report:
    report.cells.update({key: 0 for key in report.layout.cells if key.startswith("t3.")})
    return report


def report_2019(**cells) -> Report:
    """A hand-made 2019-layout (试行) report: every cell 0 except those given."""
    report = Report(year=2020, unit=Unit(UNIT, "gov", "township"), format="2019")
    report.cells = {key: 0 for key in report.layout.cells}
    return with_cells(report, **cells)


# --- 前言 ---------------------------------------------------------------------------------


def test_preamble_2021_verbatim():
    assert default_preamble(good_report()) == (
        "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
        "（国办公开办函〔2021〕30号）要求，由某某镇人民政府编制。全文包括总体情况、主动公开政府信息情况、"
        "收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、"
        "其他需要报告的事项，共六个部分。本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。")


def test_preamble_2019_cites_the_trial_format():
    text = default_preamble(report_2019())
    assert "《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）" in text
    assert "30号" not in text
    assert "自2020年1月1日起至2020年12月31日止" in text


# --- 依申请公开 ----------------------------------------------------------------------------

GOOD_APPLICATIONS = (
    "2024年，某某镇人民政府新收政府信息公开申请14件（其中自然人申请10件，法人或其他组织申请4件），上年结转1件。"
    "办结13件，其中予以公开5件，部分公开3件，不予公开1件，无法提供2件，不予处理1件，其他处理1件；"
    "结转下年度继续办理2件。")


def test_applications_verbatim():
    assert applications_sentence(good_report()) == GOOD_APPLICATIONS


def test_applications_decrease_against_last_year():
    last = good_report(2024)
    text = applications_sentence(next_year(last), last)
    # 13 against 14: 1/14 = 7.14 %
    assert text == (
        "2025年，某某镇人民政府新收政府信息公开申请13件（其中自然人申请10件，法人或其他组织申请3件），上年结转2件。"
        "与上年相比，新收申请减少1件（下降7.1%）。"
        "办结13件，其中予以公开5件，部分公开3件，不予公开1件，无法提供2件，不予处理1件，其他处理1件；"
        "结转下年度继续办理2件。")


@pytest.mark.parametrize("last_received, phrase", [
    (11, "与上年相比，新收申请增加3件（增长27.3%）。"),   # 3/11 = 27.27 %
    (14, "与上年相比，新收申请持平。"),
    (0, "与上年相比，新收申请增加14件。"),              # no percentage against nothing
    (16, "与上年相比，新收申请减少2件（下降12.5%）。"),
])
def test_applications_change(last_received, phrase):
    last = with_cells(good_report(2023), t3__r1__zj=last_received)
    text = applications_sentence(good_report(), last)
    assert phrase in text
    assert text.replace(phrase, "") == GOOD_APPLICATIONS


def test_applications_change_from_a_2019_layout_year():
    last, this = sample("pingtan-2020"), sample("pingtan-2021")   # 21 -> 70
    assert "与上年相比，新收申请增加49件（增长233.3%）。" in applications_sentence(this, last)


def test_no_applications_at_all():
    report = no_t3(good_report())
    assert applications_sentence(report) == "2024年，某某镇人民政府未收到政府信息公开申请。"
    last = good_report(2023)
    assert applications_sentence(report, last) == (
        "2024年，某某镇人民政府未收到政府信息公开申请。与上年相比，新收申请减少14件（下降100.0%）。")


def test_only_carried_in_and_nothing_carried_out():
    report = with_cells(no_t3(good_report()), t3__r2__zrr=2, t3__r2__zj=2, t3__r3_1__zrr=2, t3__r3_1__zj=2,
                        t3__r3_7__zrr=2, t3__r3_7__zj=2)
    assert applications_sentence(report) == (
        "2024年，某某镇人民政府未收到新的政府信息公开申请，上年结转2件。"
        "办结2件，其中予以公开2件；无结转下年度继续办理的申请。")


def test_applications_2019_layout_states_the_tables_own_figures():
    # pingtan-2020's own table does not add up (H-3: 7+6+7+3+4 = 27 against （七）总计 21):
    # the sentence still says what each cell says. （四） = 4 + 0 + 3; （六） is the single 2019 row.
    assert applications_sentence(sample("pingtan-2020")) == (
        "2020年，平潭综合实验区（管委会，全区汇总）新收政府信息公开申请21件（其中自然人申请20件，法人或其他组织申请1件）。"
        "办结21件，其中予以公开7件，部分公开6件，无法提供7件，不予处理3件，其他处理4件；无结转下年度继续办理的申请。")


def hand_made_reports() -> list[tuple[str, Report, Report | None]]:
    last = good_report(2024)
    return [
        ("good", good_report(), None),
        ("next_year", next_year(last), last),
        ("department", good_report(kind="dept", level="county"), None),
        ("no applications", no_t3(good_report()), good_report(2023)),
        ("2019 layout", report_2019(t3__r1__zj=5, t3__r2__zj=3, t3__r3_7__zj=6, t3__r4__zj=2, t3__r3_6__zj=6),
         None),
    ]


@pytest.mark.parametrize("name", [name for name, _, _ in hand_made_reports()])
def test_s9_passes_on_generated_overview_hand_made(name):
    report, previous = next((r, p) for n, r, p in hand_made_reports() if n == name)
    report.text["s1"] = reference_texts(report, previous)["s1"]
    assert not rules(report, "S-9")


@pytest.mark.parametrize("name", sample_names())
def test_s9_passes_on_generated_overview_samples(name):
    report = sample(name)
    for previous in (None, good_report(report.year - 1)):
        report.text["s1"] = reference_texts(report, previous)["s1"]
        assert not rules(report, "S-9"), report.text["s1"]
        report.text["s1"] = applications_sentence(report, previous)
        assert not rules(report, "S-9")


def test_s9_would_catch_a_sentence_that_disagrees_with_the_table():
    report = good_report()
    report.text["s1"] = applications_sentence(report)
    for key, value in {"t3.r1.zj": 15, "t3.r2.zj": 2, "t3.r3_7.zj": 12, "t3.r4.zj": 3}.items():
        changed = good_report()
        changed.text["s1"] = report.text["s1"]
        changed.cells[key] = value
        assert rules(changed, "S-9"), key


# --- 主动公开 ------------------------------------------------------------------------------


def test_disclosure_verbatim_without_regulations():
    assert disclosure_sentence(good_report()) == (
        "2024年，某某镇人民政府制发行政规范性文件3件，废止1件，现行有效20件。"
        "全年作出行政许可决定12件，行政处罚决定5件，行政强制决定1件；行政事业性收费金额0.092万元。")


def test_disclosure_with_regulations_and_amount_as_written():
    report = with_cells(good_report(), t2__gz__made=0, t2__gz__repealed=2, t2__gz__valid=11,
                        t2__sf__amount=Decimal("5949.088667"))
    assert disclosure_sentence(report) == (
        "2024年，某某镇人民政府制发规章0件，废止2件，现行有效11件；制发行政规范性文件3件，废止1件，现行有效20件。"
        "全年作出行政许可决定12件，行政处罚决定5件，行政强制决定1件；行政事业性收费金额5949.09万元。")


@pytest.mark.parametrize("amount, shown", [
    (Decimal("0.092"), "0.092万元"), (Decimal("12.50"), "12.50万元"), (Decimal("0.000001"), "0.000001万元"),
    (Decimal("1E+2"), "100万元"), (Decimal("0"), "0万元"), (None, "0万元"),
    (Decimal("24252.311082"), "24252.31万元"), (Decimal("4166.245"), "4166.25万元"), (Decimal("0.0925"), "0.093万元"),
    (Decimal("96171.6"), "96171.6万元"),
])
def test_disclosure_amount_as_written(amount, shown):
    text = disclosure_sentence(with_cells(good_report(), t2__sf__amount=amount))
    assert text.endswith(f"行政事业性收费金额{shown}。")


def test_disclosure_2019_layout():
    assert disclosure_sentence(sample("pingtan-2020")) == (
        "2020年，平潭综合实验区（管委会，全区汇总）新制作规章0件，新公开0件，对外公开规章总数7件；"
        "新制作规范性文件77件，新公开77件，对外公开规范性文件总数166件。"
        "全年作出行政许可处理决定0件，其他对外管理服务事项处理决定0件，行政处罚处理决定0件，行政强制处理决定0件。"
        "行政事业性收费项目上一年35项，本年减少15项。")
    report = report_2019(t2__gfxwj__new_made=2, t2__gfxwj__new_public=2, t2__gfxwj__total_public=9,
                         t2__xzxk__decisions=4, t2__qtdwgl__decisions=1, t2__xzcf__decisions=3,
                         t2__sf__prev_items=5, t2__sf__delta=2, t2__zfcg__items=6, t2__zfcg__amount=Decimal("30.5"))
    assert disclosure_sentence(report) == (
        "2020年，某某镇人民政府新制作规范性文件2件，新公开2件，对外公开规范性文件总数9件。"
        "全年作出行政许可处理决定4件，其他对外管理服务事项处理决定1件，行政处罚处理决定3件，行政强制处理决定0件。"
        "行政事业性收费项目上一年5项，本年增加2项；政府集中采购项目6项。")
    assert disclosure_sentence(report_2019(t2__sf__prev_items=5)).endswith("行政事业性收费项目上一年5项，本年无增减。")


# --- 行政复议、行政诉讼 ----------------------------------------------------------------------


def test_review_verbatim():
    # fy: 维持1 纠正1 未结1; zs: 维持1; fyhs: 其他1
    assert review_sentence(good_report()) == (
        "本年度因政府信息公开工作被申请行政复议3件，其中结果维持1件、结果纠正1件、尚未审结1件；"
        "被提起行政诉讼2件（未经复议直接起诉1件，复议后起诉1件），其中结果维持1件、其他结果1件。")


def t4_only(**cells) -> Report:
    report = good_report()
    report.cells.update({key: 0 for key in report.layout.cells if key.startswith("t4.")})
    return with_cells(report, **cells)


def test_review_all_zero():
    assert review_sentence(t4_only()) == "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"


def test_review_without_lawsuits_and_lawsuits_without_review():
    assert review_sentence(t4_only(t4__fy__jz=2, t4__fy__zj=2)) == (
        "本年度因政府信息公开工作被申请行政复议2件，其中结果纠正2件；未被提起行政诉讼。")
    assert review_sentence(t4_only(t4__fyhs__wj=4, t4__fyhs__zj=4)) == (
        "本年度因政府信息公开工作未被申请行政复议；被提起行政诉讼4件（复议后起诉4件），其中尚未审结4件。")


# --- 信息处理费 ----------------------------------------------------------------------------


def test_fee_sentence_zero_and_charged():
    assert fee_sentence(Fees()) == "本年度未发出信息处理费收费通知，未收取信息处理费。"
    assert fee_sentence(Fees(2, Decimal("150.50"), Decimal("100"))) == (
        "本年度依据《政府信息公开信息处理费管理办法》发出收费通知2件，总金额150.50元，实际收取信息处理费100元。")
    # collected on notices of an earlier year: not "all zero", so the figures are stated
    assert fee_sentence(Fees(0, Decimal("0"), Decimal("0.5"))) == (
        "本年度依据《政府信息公开信息处理费管理办法》发出收费通知0件，总金额0元，实际收取信息处理费0.5元。")


def test_s10_and_s11_read_the_fee_sentence():
    report = with_cells(good_report(), t3__r3_6_2__zrr=1, t3__r3_6_2__zj=1)
    report.fees = None
    report.text["s6"] = ""
    assert rules(report, "S-10") and rules(report, "S-11")     # the test can fail
    report.text["s6"] = fee_sentence(Fees(1, Decimal("100"), Decimal("0")))
    assert not rules(report, "S-10") and not rules(report, "S-11")
    report.text["s6"] = fee_sentence(Fees())
    assert not rules(report, "S-11")
    assert rules(report, "S-10")                                  # 逾期未缴费 yet no notice: still flagged


# --- 参考文本 ------------------------------------------------------------------------------


def test_reference_texts_overview_skeleton():
    report = good_report()
    texts = reference_texts(report)
    assert set(texts) == {"preamble", "s1", "s4", "s6"}
    assert texts["preamble"] == default_preamble(report)
    assert texts["s4"] == review_sentence(report)
    assert texts["s6"] == fee_sentence(report.fees)
    lines = texts["s1"].split("\n")
    headings = SECTIONS[0].subheadings
    assert lines[0::2] == list(headings)
    assert lines[1] == disclosure_sentence(report)
    assert lines[3] == GOOD_APPLICATIONS
    assert lines[5] == "（请简述本年政府信息管理工作。）"
    assert lines[7] == "（请简述本年政府信息公开平台建设情况。）"
    assert lines[9] == "（请简述本年监督保障工作，并报告工作考核、社会评议和责任追究结果情况。）"


def test_s12_satisfied_for_a_government_and_department_gets_a_plain_prompt():
    report = good_report()
    report.text["s1"] = "（五）监督保障\n（请简述本年监督保障工作。）"
    assert rules(report, "S-12")                                  # the test can fail
    report.text["s1"] = reference_texts(report)["s1"]
    assert not rules(report, "S-12")
    department = good_report(kind="dept", level="county")
    assert reference_texts(department)["s1"].endswith("（五）监督保障\n（请简述本年监督保障工作。）")


def test_no_fee_text_without_fees():
    report = good_report()
    report.fees = None
    assert "s6" not in reference_texts(report)


def all_outputs():
    last = good_report(2023)
    for name, report, previous in hand_made_reports() + [("no t4", t4_only(), last)]:
        yield name, report, previous
    for name in sample_names():
        yield name, sample(name), None


def test_no_template_leftovers_anywhere():
    for name, report, previous in all_outputs():
        texts = reference_texts(report, previous)
        texts["fees"] = fee_sentence(Fees(3, Decimal("0.50"), Decimal("0")))
        for key, text in texts.items():
            assert text and text == text.strip(), (name, key)
            for leftover in ("{{", "}}", "{%", "%}", "{#", "None", "Undefined", "\n\n", " "):
                assert leftover not in text, (name, key, leftover, text)
            assert all(p for p in text.split("\n")), (name, key)
