"""The `review` field of a data file (data-file.md, "Review comments"): read with the same
strictness as the rest, written back exactly, kept by the local database."""

import json
from datetime import date

import pytest

from models.datafile import DataFileError, parse_report, read_report, report_to_data, write_report
from models.report import Review, ReviewComment
from models.storage import Store
from tests.factory import good_report

REVIEW = {"status": "returned", "reviewer": "某某县政务公开办 张三", "date": "2025-02-10",
          "comments": [{"finding": None, "text": "请按本年实际情况重写五。"},
                       {"finding": "S-3|t3.r2.zrr", "text": "上年结转与上年报告不一致，请核对。"}]}


def _data(**changes):
    data = report_to_data(good_report())
    data.update(changes)
    return data


def _parse(data):
    return parse_report(json.dumps(data, ensure_ascii=False).encode(), "退回.json")


def test_review_is_read_and_written_back_exactly(tmp_path):
    report, warnings = _parse(_data(review=REVIEW))
    assert warnings == []
    assert report.review == Review("returned", "某某县政务公开办 张三", date(2025, 2, 10), [
        ReviewComment(None, "请按本年实际情况重写五。"),
        ReviewComment("S-3|t3.r2.zrr", "上年结转与上年报告不一致，请核对。")])
    assert report.review.comments_on("S-3|t3.r2.zrr") == ["上年结转与上年报告不一致，请核对。"]
    write_report(report, tmp_path / "out.json")
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["review"] == REVIEW
    assert read_report(tmp_path / "out.json")[0] == report


def test_a_file_without_review_has_none_and_writes_none():
    report, _ = _parse(_data())
    assert report.review is None and "review" not in report_to_data(report)


def test_the_reviewer_may_be_left_blank():
    report, _ = _parse(_with(reviewer=None))
    assert report.review.reviewer == ""
    assert _parse(_with(reviewer="  "))[0].review.reviewer == ""


def test_an_accepted_review_may_have_no_comments():
    report, _ = _parse(_data(review={"status": "accepted", "reviewer": "县政务公开办", "date": "2025-02-01"}))
    assert report.review.status == "accepted" and report.review.comments == []


def _with(**changes):
    return _data(review={**REVIEW, **changes})


@pytest.mark.parametrize("data,named", [
    (_data(review="退回"), "review"),
    (_with(status="rejected"), "review.status"),
    (_with(status=None), "review.status"),
    (_with(reviewer=3), "review.reviewer"),
    (_with(reviewer="张" * 101), "review.reviewer"),
    (_with(reviewer="张三\x07"), "review.reviewer"),
    (_with(date="2025-2-10"), "review.date"),
    (_with(date=None), "review.date"),
    (_with(comments={"S-3": "…"}), "review.comments"),
    (_with(comments=["请改"]), "第 1 条"),
    (_with(comments=[{"finding": None}]), "text"),
    (_with(comments=[{"finding": None, "text": 5}]), "第 1 条的 text"),
    (_with(comments=[{"finding": None, "text": "请改\u202e"}]), "第 1 条的 text"),
    (_with(comments=[{"finding": None, "text": "长" * 100_001}]), "第 1 条的 text"),
    (_with(comments=[{"finding": "X-99|t3.r1.zrr", "text": "请改"}]), "X-99"),
    (_with(comments=[{"finding": 3, "text": "请改"}]), "finding"),
    (_with(comments=[{"finding": None, "text": "请改"}] * 1001), "上限"),
])
def test_a_bad_review_is_refused_naming_the_field(data, named):
    with pytest.raises(DataFileError, match=named) as caught:
        _parse(data)
    assert "退回.json" in str(caught.value)


def test_unknown_keys_in_a_review_are_warned_about_not_lost_silently():
    data = _with(comments=[{"finding": None, "text": "请改", "by": "张三"}], extra=1)
    report, warnings = _parse(data)
    assert report.review.comments == [ReviewComment(None, "请改")]
    assert any("extra" in w for w in warnings) and any("by" in w for w in warnings)


def test_the_database_keeps_the_review_of_a_report(tmp_path):
    report, _ = _parse(_data(review=REVIEW))
    with Store.open(tmp_path / "db.sqlite3") as store:
        report_id = store.save_report(report)
        assert store.load_report(report_id).review == report.review
        store.set_review(report_id, None)
        assert store.load_report(report_id).review is None
        report.review.comments.reverse()
        store.set_review(report_id, report.review)
        assert store.load_report(report_id).review.comments == report.review.comments   # order kept
