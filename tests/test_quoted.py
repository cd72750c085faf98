"""S-9: every figure the narrative states against the tables — each statement kind of rules.md
agreeing (no finding) and disagreeing (a finding naming its cells and quoting the sentence), in
Arabic and Chinese numerals; last year's figures and changes; each wrong figure its own finding."""

from dataclasses import replace
from decimal import Decimal

import pytest

from models.checks import WARNING, check_report
from models.checks.statements import chinese_number, statements
from models.report import Fees, Report, Unit
from models.sentences import disclosure_sentence
from tests.factory import good_report

T3_3 = tuple(f"t3.r3_3_{i}.zj" for i in range(1, 9))
T3_4 = tuple(f"t3.r3_4_{i}.zj" for i in range(1, 4))
T3_5 = tuple(f"t3.r3_5_{i}.zj" for i in range(1, 6))
T3_6 = tuple(f"t3.r3_6_{i}.zj" for i in range(1, 4))

# (section, sentence with {n}, the cells the finding names, the figure the tables give)
KINDS = [
    ("s1", "本年制发规章{n}件。", ("t2.gz.made",), 2),
    ("s1", "废止规章{n}件。", ("t2.gz.repealed",), 1),
    ("s1", "现行有效规章{n}件。", ("t2.gz.valid",), 5),
    ("s1", "全年印发行政规范性文件{n}件。", ("t2.gfxwj.made",), 3),
    ("s1", "清理后废止规范性文件{n}件。", ("t2.gfxwj.repealed",), 1),
    ("s1", "现行有效的行政规范性文件共{n}件。", ("t2.gfxwj.valid",), 20),
    ("s1", "全年作出行政许可决定{n}件。", ("t2.xzxk.count",), 12),
    ("s1", "办理行政处罚{n}件。", ("t2.xzcf.count",), 5),
    ("s1", "实施行政强制决定{n}件。", ("t2.xzqz.count",), 1),
    ("s1", "本年共收到政府信息公开申请{n}件。", ("t3.r1.zj", "t3.r2.zj"), 14),
    ("s1", "全年共受理依申请公开事项{n}件。", ("t3.r1.zj", "t3.r2.zj"), 14),
    ("s1", "全年共收到依申请公开政府信息{n}件。", ("t3.r1.zj", "t3.r2.zj"), 14),
    ("s1", "上年结转{n}件。", ("t3.r2.zj",), 1),
    ("s1", "全年办结{n}件。", ("t3.r3_7.zj",), 13),
    ("s1", "结转下年度继续办理{n}件。", ("t3.r4.zj",), 2),
    ("s1", "其中予以公开{n}件。", ("t3.r3_1.zj",), 5),
    ("s1", "其中部分公开{n}件。", ("t3.r3_2.zj",), 3),
    ("s1", "予以公开及部分公开{n}件。", ("t3.r3_1.zj", "t3.r3_2.zj"), 8),
    ("s1", "不予公开{n}件。", T3_3, 1),
    ("s1", "无法提供{n}件。", T3_4, 2),
    ("s1", "不予处理{n}件。", T3_5, 1),
    ("s1", "对申请作其他处理{n}件。", T3_6, 1),
    ("s1", "被申请行政复议{n}件。", ("t4.fy.zj",), 3),
    ("s1", "行政复议结果维持{n}件。", ("t4.fy.wc",), 1),
    ("s1", "行政复议结果纠正{n}件。", ("t4.fy.jz",), 1),
    ("s1", "被提起行政诉讼{n}件。", ("t4.zs.zj", "t4.fyhs.zj"), 2),
    ("s1", "行政诉讼其他结果{n}件。", ("t4.zs.qt", "t4.fyhs.qt"), 1),
    ("s1", "因政府信息公开申请引发的行政复议{n}起。", ("t4.fy.zj",), 3),
    ("s1", "全年办理行政许可事项{n}件。", ("t2.xzxk.count",), 12),
    ("s1", "作出行政处罚决定书{n}份。", ("t2.xzcf.count",), 5),
    ("s1", "现有有效规范性文件{n}件。", ("t2.gfxwj.valid",), 20),
    ("s1", "结转2025年度继续办理{n}件。", ("t3.r4.zj",), 2),
    ("s6", "本年度发出收费通知{n}件。", (), 2),
    ("s6", "收费通知总金额{n}元。", (), 120),
    ("s6", "实际收取信息处理费{n}元。", (), 100),
]


def chinese(n: int, inner: bool = False) -> str:
    """12 「十二」, 120 「一百二十」, 105 「一百零五」 (up to 999)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 and not inner else digits[tens]) + "十" + (digits[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if not rest else ("零" + digits[rest]) if rest < 10 else chinese(rest, inner=True)
    return digits[hundreds] + "百" + tail


def report_with(key: str, sentence: str) -> Report:
    report = good_report()
    report.cells.update({"t2.gz.made": 2, "t2.gz.repealed": 1, "t2.gz.valid": 5})
    report.fees = Fees(2, Decimal("120"), Decimal("100"))
    report.text["s6"] = "无其他需要报告的事项。"
    report.text[key] = sentence
    if key != "s1":
        report.text["s1"] = "（一）主动公开\n本年主动公开政府信息。"
    return report


def s9(report, previous=None):
    return [f for f in check_report(report, previous) if f.rule == "S-9"]


@pytest.mark.parametrize("numerals", [str, chinese], ids=["arabic", "chinese"])
@pytest.mark.parametrize("key,sentence,cells,value", KINDS, ids=[k[1].format(n="N") for k in KINDS])
def test_every_statement_kind_agrees_or_names_its_cells(key, sentence, cells, value, numerals):
    assert not s9(report_with(key, sentence.format(n=numerals(value))))
    wrong = value + 2
    (f,) = s9(report_with(key, sentence.format(n=numerals(wrong))))
    assert f.severity == WARNING and f.cells == cells and f.subject == key
    assert f.quote == sentence.format(n=numerals(wrong))
    assert f"“{sentence.format(n=numerals(wrong))}”" in f.message       # the sentence, quoted
    assert f.id.startswith("S-9|") and f.id.endswith(f"{key}:" + f.anchor.split(":", 1)[1])


@pytest.mark.parametrize("written,ok", [("0.092万元", True), ("0.09万元", True), ("0.093万元", False),
                                        ("920元", True), ("900元", False)])
def test_fee_amount_in_wan_yuan_as_written(written, ok):
    (f,) = s9(report_with("s1", "行政事业性收费1万元。")) or [None]
    assert f is not None and f.cells == ("t2.sf.amount",)
    assert (not s9(report_with("s1", f"行政事业性收费金额{written}。"))) is ok


def test_the_issue_example_regulations_inserted_then_changed():
    report = report_with("s1", "")
    report.text["s1"] = "（一）主动公开\n" + disclosure_sentence(report)
    assert "制发规章2件" in report.text["s1"] and not s9(report)
    report.cells["t2.gz.made"] = 3
    report.cells["t2.gz.valid"] = 6
    found = s9(report)
    assert [f.cells for f in found] == [("t2.gz.made",), ("t2.gz.valid",)]
    assert "“制发规章2件”与表二 规章·本年制发件数 3件不一致" in found[0].message


def test_a_sentence_with_several_wrong_figures_and_a_cell_quoted_twice():
    report = report_with("s1", "（一）主动公开\n制发规章3件，废止2件，现行有效5件。\n（二）依申请公开\n本年制发规章3件。")
    found = s9(report)
    assert [(f.cells, f.anchor) for f in found] == [
        (("t2.gz.made",), "s1:制发规章3件"), (("t2.gz.repealed",), "s1:废止2件"),
        (("t2.gz.made",), "s1:制发规章3件#2")]
    assert len({f.id for f in found}) == 3
    # inserting text above leaves the ids as they were
    report.text["s1"] = "（一）主动公开\n新的一句：办结13件。\n" + report.text["s1"].split("\n", 1)[1]
    assert [f.id for f in s9(report)] == [f.id for f in found]


@pytest.mark.parametrize("sentence", [
    "收到政府信息公开申请100余件。",          # approximate
    "约20件申请已办结。",
    "全年受理网络问政182件。",              # not 政府信息公开申请
    "公开行政处罚信息350件。",              # a count of published items
    "发布规范性文件解读12件。",
    "其中自然人申请10件，法人或其他组织申请4件。",
    "主动公开政府信息2599条。",             # another unit
    "推进“高效办成一件事”。",
    "制发规章2件、政策性文件11件。",
    "收到申请材料3份。",                      # 份 counts decisions only
    "未发生因政府信息公开被行政复议纠错或行政诉讼败诉的情况。",     # none of an outcome: says no count
    "没有发生行政复议、行政诉讼被纠错的情况。",
    "未收到通过信函提交的政府信息公开申请。",  # none of one kind of application
    "未收到申请人的投诉。",
    "全年未发生政府信息公开方面责任追究结果情况。",
    "共受理依申请公开事项14件，其中：受理当面申请0件，信函申请2件。",   # one channel's share
    "全年受理网上政府信息公开申请3件。",
])
def test_figures_that_are_not_table_statements_are_left_alone(sentence):
    assert not s9(report_with("s1", sentence))


@pytest.mark.parametrize("sentence,cells", [
    ("全年未收到政府信息公开申请。", [("t3.r1.zj", "t3.r2.zj")]),
    ("全年没有受理依申请公开事项。", [("t3.r1.zj", "t3.r2.zj")]),
    ("本年度未发生因政府信息公开引起的行政复议、行政诉讼。", [("t4.fy.zj",), ("t4.zs.zj", "t4.fyhs.zj")]),
    ("无政府信息公开行政复议和行政诉讼案件。", [("t4.fy.zj",), ("t4.zs.zj", "t4.fyhs.zj")]),
    ("未收到行政复议申请。", [("t4.fy.zj",)]),
    ("本街道未接收到政府信息公开申请。", [("t3.r1.zj", "t3.r2.zj")]),
    ("2024年，我街未收到依申请公开的政府信息。", [("t3.r1.zj", "t3.r2.zj")]),
    ("全年没有发生因政府信息公开申请行政复议和提起行政诉讼的情况。", [("t4.fy.zj",), ("t4.zs.zj", "t4.fyhs.zj")]),
])
def test_saying_there_were_none_is_a_zero_against_the_tables(sentence, cells):
    report = report_with("s1", sentence)
    found = s9(report)
    assert [f.cells for f in found] == cells
    assert all(f"“{sentence}”" in f.message for f in found)
    for key in {key for keys in cells for key in keys}:
        report.cells[key] = 0
    assert not s9(report)


def test_an_outcome_of_one_clause_is_not_the_next_topics():
    """「维持」 ends the 复议 clause; the 诉讼 figure after it is the 诉讼 total."""
    report = report_with("s1", "被申请行政复议3件，结果维持；被提起行政诉讼2件。")
    assert not s9(report)
    report.text["s1"] = "被申请行政复议3件，结果维持；被提起行政诉讼5件。"
    (f,) = s9(report)
    assert f.cells == ("t4.zs.zj", "t4.fyhs.zj")


def test_a_none_about_last_year_is_last_years():
    report = report_with("s1", "2023年未收到政府信息公开申请，本年共收到政府信息公开申请14件。")
    assert not s9(report)
    previous = replace(good_report(), year=2023)
    (f,) = s9(report, previous)
    assert f.cells == ("t3.r1.zj", "t3.r2.zj") and "2023年报告" in f.message


def test_last_year_is_compared_with_last_years_report_only_when_at_hand():
    last = good_report(2023)
    last.cells["t3.r1.zrr"] += 6
    last.fill_totals()                    # 20 new last year
    this = report_with("s1", "与上年相比，新收申请减少6件。2023年共收到政府信息公开申请20件。")
    assert not s9(this)                   # last year not at hand: left alone
    assert not s9(this, last)
    this.text["s1"] = "与上年相比，新收申请增加6件。上年共收到政府信息公开申请25件。本年新收申请14件。"
    found = s9(this, last)
    assert [f.cells for f in found] == [("t3.r1.zj",), ("t3.r1.zj", "t3.r2.zj")]
    assert "相差 -6件" in found[0].message and "2023年报告" in found[1].message


def test_carried_in_from_last_year_is_this_years_figure():
    assert not s9(report_with("s1", "本年新收申请14件，上年度结转申请1件。"))
    assert [f.cells for f in s9(report_with("s1", "本年新收申请14件，上年度结转申请4件。"))] == [("t3.r2.zj",)]


def test_brackets_keep_their_topic_inside():
    ok = "被提起行政诉讼2件（未经复议直接起诉1件，复议后起诉1件），其中结果维持1件、其他结果1件。"
    assert not s9(report_with("s1", ok))
    wrong = "被提起行政诉讼2件（未经复议直接起诉1件，复议后起诉1件），其中结果维持2件。"
    assert [f.cells for f in s9(report_with("s1", wrong))] == [("t4.zs.wc", "t4.fyhs.wc")]


def test_fee_statements_are_read_only_when_the_fees_are_filled_in():
    report = report_with("s6", "本年度发出收费通知5件。")
    assert s9(report)
    report.fees = None
    assert not s9(report)


def test_the_2019_layout_reads_its_own_cells():
    report = Report(2020, Unit("某县人民政府", "gov", "county"), format="2019",
                    cells={"t2.gfxwj.new_made": 4, "t3.r1.zj": 9, "t3.r3_6.zj": 2},
                    text={"s1": "新制作规范性文件4件。收到申请9件，其他处理2件，废止规范性文件7件。"})
    assert not s9(report)
    report.cells["t3.r3_6.zj"] = 1
    assert [f.cells for f in s9(report)] == [("t3.r3_6.zj",)]


@pytest.mark.parametrize("text,number", [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105),
                                         ("两千三百", 2300), ("一万二千", 12000), ("二〇", 20), ("两", 2)])
def test_chinese_numerals(text, number):
    assert chinese_number(text) == number


def test_full_width_digits_and_spaces_from_a_pdf():
    (s,) = statements("全年新增公开市政府规章 １ 件。", 2024)
    assert (s.topic, s.kind, s.value, s.phrase) == ("gz", "made", 1, "新增公开市政府规章1件")


# --- the real published reports ----------------------------------------------------------------

from tests.factory import SAMPLES, need_shared, sample, sample_names  # noqa: E402
from models.sentences import applications_sentence  # noqa: E402


def test_real_reports_as_published_are_read_without_false_alarms():
    """Every figure the real samples' text states agrees with their tables but one: 平潭 2023
    says 现行有效行政规范性文件393件 against 470 in its 表二 (a real discrepancy)."""
    need_shared(SAMPLES)
    found = {(name, f.id) for name in sample_names() for f in s9(sample(name))}
    assert found == {("pingtan-2023", "S-9|t2.gfxwj.valid|s1:现行有效行政规范性文件393件")}


def _planted(text: str, phrase: str, wrong: str) -> str:
    """`text` with the figure of `phrase` (found whatever the spacing) written as `wrong`."""
    import re as _re
    pattern = r"\s*".join(_re.escape(c) for c in phrase)
    match = _re.search(pattern, text)
    assert match, phrase
    said = match.group(0)
    numbers = list(_re.finditer(r"\d+(?:\.\d+)?", said))
    figure = numbers[-1] if _re.search(r"(?:万元|元|件|起|宗)$", said) else numbers[0]   # 「结转至2026年6件」
    said = said[:figure.start()] + wrong + said[figure.end():]
    return text[:match.start()] + said + text[match.end():]


@pytest.mark.parametrize("name", sample_names() or ["(none)"])
def test_every_figure_planted_wrong_in_a_real_narrative_is_caught(name):
    """Each figure a real report's 一 states that S-9 compares — and those of the 参考文本 inserted
    into it — changed by one and by an extra 0: every change is caught, quoting the sentence."""
    from models.checks.quoted import _agrees, _expected

    report = sample(name)
    report.text["s1"] = (report.section_text("s1") + "\n" + disclosure_sentence(report) + "\n"
                         + applications_sentence(report))
    original = report.text["s1"]
    already = {f.id for f in s9(report)}
    read = [s for s in statements(original, report.year) if _expected(report, None, s)]
    assert len(read) >= 8
    missed = []
    for s in read:
        allowed = _expected(report, None, s)[0]
        for wrong in {s.value + 1, s.value * 10 or Decimal(10)}:
            if _agrees(replace(s, value=wrong), allowed):
                continue                    # another figure the table allows (新收 with 上年结转)
            report.text["s1"] = _planted(original, s.phrase, _plain(wrong))
            if not [f for f in s9(report) if f.id not in already and f.quote and _plain(wrong) in f.quote]:
                missed.append((s.phrase, _plain(wrong)))
        report.text["s1"] = original
    assert missed == []


def _plain(value: Decimal) -> str:
    return format(value, "f")
