"""一、总体情况 split into its five sub-headings for editing, and joined back losslessly."""

from models.narrative import SUBHEADINGS, Overview, join_overview, split_overview
from tests.factory import sample, sample_names


def test_split_and_join_the_official_subheadings():
    text = "总的来看，本年工作平稳。\n（一）主动公开\n公开信息120条。\n（二）依申请公开\n收到申请14件。\n（五）监督保障\n开展工作考核。"
    overview = split_overview(text)
    assert overview.intro == "总的来看，本年工作平稳。"
    assert overview.bodies == ["公开信息120条。", "收到申请14件。", "", "", "开展工作考核。"]
    assert join_overview(overview) == text


def test_the_clerks_own_heading_wording_is_kept():
    text = "（一）主动公开政府信息情况\n全年公开信息249条。\n（二）依申请公开政府信息情况\n收到26件。"
    overview = split_overview(text)
    assert overview.headings[:2] == ["（一）主动公开政府信息情况", "（二）依申请公开政府信息情况"]
    assert join_overview(overview) == text


def test_texts_that_do_not_split_cleanly_stay_whole():
    assert split_overview("（二）依申请公开\n甲。\n（一）主动公开\n乙。") is None      # out of order
    assert split_overview("（一）主动公开\n（二）依申请公开\n乙。") is None            # an empty heading
    assert split_overview("（一）主动公开\n甲。\n（一）主动公开\n乙。") is None        # twice


def test_a_new_report_starts_with_the_five_official_headings_and_no_text():
    overview = split_overview("")
    assert overview.headings == list(SUBHEADINGS) and join_overview(overview) == ""
    overview.bodies[1] = "收到申请3件。"
    assert join_overview(overview) == "（二）依申请公开\n收到申请3件。"
    assert join_overview(Overview()) == ""


def test_real_reports_never_lose_text():
    for name in sample_names():
        text = sample(name).section_text("s1")
        overview = split_overview(text)
        if overview is not None:
            assert join_overview(overview) == "\n".join(l.strip() for l in text.split("\n") if l.strip())
