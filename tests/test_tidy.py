"""Published text tidied: spaces between a figure and the Chinese beside it go, on import and
on export; everything else stays."""

import docx
import pytest

from models.importer import import_document
from models.tidy import tidy_published_text
from tests.factory import good_report


@pytest.mark.parametrize("published, tidied", [
    ("2024 年，我市", "2024年，我市"),
    ("全年共收到申请 12 件，办结 11 件", "全年共收到申请12件，办结11件"),
    ("（国令第 711 号）", "（国令第711号）"),
    ("自 2024 年 1 月 1 日至 2024 年 12 月 31 日", "自2024年1月1日至2024年12月31日"),
    ("收费 5949.09 万元，增长 3.5% 以上", "收费5949.09万元，增长3.5%以上"),
    ("共 1000 余件", "共1000余件"),
    ("２０２４\u3000年", "２０２４年"),                  # full-width digits, ideographic space
    ("2024\u00a0年", "2024年"),                         # a web page's no-break space
])
def test_spaces_beside_figures_are_removed(published, tidied):
    assert tidy_published_text(published) == tidied


@pytest.mark.parametrize("text", [
    "本报告根据《条例》编制。",
    "联系电话：0591 - 12345678",                  # between figures and ASCII: not ours to touch
    "网址 http://www.example.gov.cn/ 公布",       # a space beside Latin text stays
    "草　稿",                                       # an ideographic space between characters stays
    "第一段。\n2024年，第二段。",                   # a line break is never removed
    "PDF 格式",
])
def test_everything_else_is_kept(text):
    assert tidy_published_text(text) == text


def test_import_tidies_the_text(tmp_path):
    document = docx.Document()
    for text in ("某某镇人民政府2024 年政府信息公开工作年度报告", "一、总体情况",
                 "2024 年，本镇主动公开政府信息 35 条。", "二、主动公开政府信息情况",
                 "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"):
        document.add_paragraph(text)
    document.save(str(tmp_path / "r.docx"))
    report = import_document(tmp_path / "r.docx").report
    assert report.year == 2024
    assert report.text["s1"] == "2024年，本镇主动公开政府信息35条。"


def test_export_prints_the_text_tidied():
    from models.export.document import body_blocks

    report = good_report()
    report.text["s5"] = "2024 年，共收到意见 3 件。"
    texts = [value for kind, value in body_blocks(report) if kind == "text"]
    assert "2024年，共收到意见3件。" in texts
    assert not any("2024 年" in t for t in texts)


@pytest.mark.parametrize("preamble, printed", [
    ("淮安市人民政府2024 年政府信息公开工作年度报告本报告由市政府办公室编制。", "本报告由市政府办公室编制。"),
    ("某某镇人民政府\n2024年政府信息公开工作年度报告\n本报告根据《条例》编制。", "本报告根据《条例》编制。"),
    ("本报告根据《条例》编制，现公布某某镇2024年政府信息公开工作年度报告。", None),   # not a title
])
def test_an_opening_that_repeats_the_title_is_printed_once(preamble, printed):
    from models.export.document import body_blocks

    report = good_report()
    report.text["preamble"] = preamble
    blocks = body_blocks(report)
    assert blocks[0][0] == "title"
    assert blocks[1] == ("text", printed or preamble)
