"""The office above's records: the roster (typed or pasted from Excel), reports received and
checked, the deadline, comments by finding id, 退回 (data file with `review` and 审核意见.docx) and
通过; a received report opened read-only in an Editor."""

from datetime import date, datetime, timedelta, timezone

import docx
import pytest

from models.checks import check_report
from models.datafile import read_report, write_report
from models.editing import Editor
from models.errors import StorageError
from models.office.readonly import READ_ONLY, ReadOnlyStore
from models.office.roster import Office, parse_roster
from models.office.sources import Source, read_source
from models.storage import Store
from tests.factory import next_year
from tests.office_data import copy_of, unit_report


@pytest.fixture
def office(tmp_path):
    with Store.open(tmp_path / "office.sqlite3") as store:
        yield Office(store)


def _source(report, tmp_path, name=None, filed_at=None):
    path = tmp_path / (name or f"{report.unit.name}-{report.year}.json")
    write_report(report, path)
    source = read_source(path)
    source.filed_at = filed_at
    return source


def test_a_roster_pasted_from_excel():
    text = "单位名称\t类型\t层级\r\n某某镇人民政府\t人民政府\t乡镇、街道\r\n某某县教育局\r\n某某街道办事处\t\t街道\r\n某某中心\t协会\r\n"
    rows, problems = parse_roster(text)
    assert rows == [("某某镇人民政府", "gov", "township"), ("某某县教育局", "dept", "county"),
                    ("某某街道办事处", "gov", "township")]   # kind guessed from the name
    assert problems == ["第 5 行：不认识的单位类型“协会”"]


def test_units_are_added_once(office):
    assert office.add_units([("甲镇人民政府", "gov", "township"), ("乙镇人民政府", None, None)]) == (2, [])
    assert office.add_units([("甲镇人民政府", None, None), (" 丙镇人民政府\u200b ", None, None)]) == (1, ["甲镇人民政府"])
    assert [u.name for u in office.units()] == ["甲镇人民政府", "乙镇人民政府", "丙镇人民政府"]
    with pytest.raises(StorageError, match="已有"):
        office.add_unit("乙镇人民政府")
    with pytest.raises(StorageError, match="不能为空"):
        office.add_unit("  ")
    with pytest.raises(StorageError, match="超过"):
        office.add_unit("长" * 101)


def test_a_name_written_with_other_spaces_or_brackets_is_the_same_unit(office, tmp_path):
    office.add_units([("第1镇 人民政府", "gov", "township"), ("县教育局(县体育局)", "dept", "county")])
    assert office.add_units([("县教育局（县体育局）", None, None)]) == (0, ["县教育局（县体育局）"])
    received = office.receive(_source(unit_report(1), tmp_path))     # sent as 「第1镇人民政府」
    assert not received.new_unit
    assert [u.name for u in office.units()] == ["第1镇 人民政府", "县教育局(县体育局)"]
    rows = office.roster(2024)
    assert rows[0].status == "received" and rows[1].status == "missing"
    unit_id = office.units()[1].id
    with pytest.raises(StorageError, match="已有"):
        office.update_unit(unit_id, "第1镇人民政府 ", None, None)
    office.update_unit(unit_id, "县教育局（县体育局）", "dept", "county")      # itself: allowed


def test_what_arrives_shows_on_the_roster(office, tmp_path):
    office.add_units([("第1镇人民政府", "gov", "township"), ("第2镇人民政府", "gov", "township")])
    office.set_deadline(2024, date(2025, 1, 31))
    early = datetime(2025, 1, 20, tzinfo=timezone.utc)
    first = office.receive(_source(unit_report(1), tmp_path, filed_at=early))
    bad = unit_report(3)
    bad.cells["t3.r1.zj"] += 1
    third = office.receive(_source(bad, tmp_path, filed_at=early + timedelta(days=20)))
    assert not first.new_unit and third.new_unit          # 第3镇 was not on the roster: added
    rows = {r.name: r for r in office.roster(2024)}
    assert [r.status for r in rows.values()] == ["received", "missing", "received"]
    assert rows["第1镇人民政府"].late is False and rows["第3镇人民政府"].late is True
    assert rows["第2镇人民政府"].late is None and rows["第2镇人民政府"].errors is None
    assert rows["第1镇人民政府"].errors == 0 and rows["第3镇人民政府"].errors >= 1
    assert office.report(first.received_id) == unit_report(1)
    assert office.roster(2023)[0].status == "missing"


def test_a_report_sent_again_replaces_the_earlier_one_but_never_by_an_older_one(office, tmp_path):
    day = datetime(2025, 1, 20, tzinfo=timezone.utc)
    office.receive(_source(unit_report(1), tmp_path, filed_at=day))
    newer = unit_report(1, factor=2)
    again = office.receive(_source(newer, tmp_path, "newer.json", filed_at=day + timedelta(days=3)))
    assert again.replaced and office.report(again.received_id) == newer
    older = office.receive(_source(unit_report(1, factor=3), tmp_path, "older.json", filed_at=day))
    assert older.kept_newer and office.report(older.received_id) == newer


def test_last_years_report_arriving_later_rechecks_this_years(office, tmp_path):
    last = unit_report(1)
    this = next_year(last)
    this.unit = last.unit
    this.cells["t3.r2.zrr"] += 1           # 上年结转 ≠ last year's 结转下年度 (S-3, needs last year)
    this.fill_totals()
    got = office.receive(_source(this, tmp_path))
    before = office.roster(2025)[0].warnings
    office.receive(_source(last, tmp_path))
    assert office.roster(2025)[0].warnings > before
    assert office.previous(got.received_id) == last


def test_return_writes_the_data_file_with_comments_and_the_opinion(office, tmp_path):
    report = unit_report(1)
    report.cells["t3.r1.zj"] += 1          # a 强制 finding to comment on
    got = office.receive(_source(report, tmp_path))
    finding = next(f for f in check_report(report) if f.severity == "error")
    with pytest.raises(StorageError, match="至少填写一条"):
        office.return_report(got.received_id, tmp_path)
    office.set_comment(got.received_id, finding.id, "总计与各项之和不符，请改正。")
    office.set_comment(got.received_id, None, "请于2月10日前重新报送。")
    office.set_comment(got.received_id, "S-3|t3.r2.zrr", "这条意见的问题已不存在。")
    office.set_comment(got.received_id, "S-3|t3.r2.zrr", "")            # an empty comment removes it
    assert office.comments(got.received_id) == {"": "请于2月10日前重新报送。", finding.id: "总计与各项之和不符，请改正。"}
    office.set_reviewer("县政务公开办 张三")
    out = tmp_path / "退回"
    out.mkdir()
    data_path, opinion_path = office.return_report(got.received_id, out, day=date(2025, 2, 3))
    back, _ = read_report(data_path)
    assert back.review.status == "returned" and back.review.reviewer == "县政务公开办 张三"
    assert back.review.date == date(2025, 2, 3)
    assert [(c.finding, c.text) for c in back.review.comments] == [
        (None, "请于2月10日前重新报送。"), (finding.id, "总计与各项之和不符，请改正。")]
    back.review = None
    assert back == report                                  # the report itself unchanged
    text = "\n".join(cell.text for table in docx.Document(opinion_path).tables for row in table.rows
                     for cell in row.cells)
    assert "总计与各项之和不符，请改正。" in text and finding.message in text and "对报告的总体意见" in text
    [row] = office.roster(2024)
    assert row.status == "returned" and row.times_returned == 1
    office.receive(_source(unit_report(1), tmp_path, "corrected.json"))     # sent again, corrected
    [row] = office.roster(2024)
    assert row.status == "received" and row.times_returned == 1 and row.errors == 0
    office.accept(row.received_id)
    assert office.roster(2024)[0].status == "accepted"


def test_comments_refuse_what_cannot_be_printed(office, tmp_path):
    got = office.receive(_source(unit_report(1), tmp_path))
    with pytest.raises(StorageError, match="不可打印"):
        office.set_comment(got.received_id, None, "请改\x07")


def test_similar_units_of_a_year(office, tmp_path):
    reports = [unit_report(n) for n in range(1, 6)] + [copy_of(unit_report(2), 9)]
    ids = [office.receive(_source(r, tmp_path)).received_id for r in reports]
    [pair] = office.similar(2024)
    assert {pair.a, pair.b} == {ids[1], ids[5]} and pair.share >= 0.9


def test_removing_a_unit_removes_what_it_sent(office, tmp_path):
    got = office.receive(_source(unit_report(1), tmp_path))
    office.set_comment(got.received_id, None, "意见")
    office.remove_unit(got.unit_id)
    assert office.roster(2024) == [] and office.received_ids(2024) == []


# --- read-only viewing ---------------------------------------------------------------------------


def test_a_received_report_opens_read_only_as_sent(tmp_path):
    last = unit_report(1)
    report = next_year(last)
    report.unit = last.unit
    report.cells["t3.r1.zj"] += 1          # a wrong total is shown as sent, not recomputed
    editor = Editor(ReadOnlyStore(report, last), 1)
    assert editor.read_only and editor.recomputed == []
    assert editor.report == report and editor.previous == last
    assert editor.findings == check_report(report, last)
    assert any(f.rule == "H-3" or f.rule == "H-2" for f in editor.findings)
    for edit in (lambda: editor.set_cell("t3.r1.zrr", 99), lambda: editor.set_text("s5", "改"),
                 lambda: editor.set_explanation("S-3", "说明")):
        with pytest.raises(StorageError, match="只能查看"):
            edit()
    assert editor.report == report and not editor.can_undo
    assert READ_ONLY.startswith("这是下级单位报送的报告")


def test_sources_keep_the_package_time(tmp_path):
    from models.office.package import write_package
    made = datetime(2025, 1, 5, 8, 0, tzinfo=timezone.utc)
    write_package(unit_report(1), tmp_path / "p.gkpkg", pdf=False, created=made)
    source = read_source(tmp_path / "p.gkpkg")
    assert isinstance(source, Source) and source.kind == "package" and source.filed_at == made
