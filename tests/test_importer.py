"""The importer: published reports (.docx and web pages) read back cell for cell — our own
export of every real sample, the same as a government web page (utf-8, and gb2312 with Word's
「另存为网页」 markup, and shaped like the real pingtan.gov.cn page), the real WPS template filled
in, the real 沭阳 tables and township page openings, hand-made variants (typos, 「/」, full-width
digits, notes in cells, 「？」, （六） as one row, 表三 split in two) — and refusals: not a zip, a
zip bomb, entity expansion, a 100 MB page, a Word file that is not a report; and the command
line's exit statuses. Every fixture is built here at run time; nothing binary is committed."""

from __future__ import annotations

import re
import struct
import time
import zlib
from decimal import Decimal
from pathlib import Path

import docx
import pytest

import main
from models.catalogue import LAYOUTS, T3_COLUMNS, T3_CORNER
from models.checks import check_report
from models.datafile import read_report
from models.export import export_report
from models.export.document import body_blocks, build_document, section_text
from models.export.html import report_html, table_html
from models.importer import Gap, ImportResult, NotAReport, UnsafeFile, import_document
from models.importer.narrative import guess_unit
from models.report import Report
from models.signoff import sign_off_report
from tests.factory import (
    SHARED,
    TEMPLATE,
    good_report,
    need_shared,
    sample,
    sample_names,
)

NAMES = sample_names() or ["(none)"]


# --- helpers ---------------------------------------------------------------------------------


def printed_cells(report: Report) -> dict:
    """What our export prints for every cell of the layout: an empty (None) or missing cell
    prints as 「0」 (models/export/tables.cell_text), so it reads back as 0, not None."""
    return {key: (0 if report.cells.get(key) is None else report.cells[key]) for key in report.layout.cells}


def printed_texts(report: Report) -> dict[str, str]:
    """The narrative as printed (tidied; the standard opening when there is none, 六 with the fee sentence)."""
    return {key: section_text(report, key) for key in ("preamble", "s1", "s2", "s3", "s4", "s5", "s6")}


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def assert_same_report(result: ImportResult, report: Report) -> None:
    assert result.gaps == []
    got = result.report
    assert (got.format, got.year, got.unit.name) == (report.format, report.year, report.unit.name)
    assert got.cells == printed_cells(report)
    for key, text in printed_texts(report).items():
        assert squash(got.text.get(key)) == squash(text), key


def export_docx(report: Report, path: Path) -> Path:
    export_report(report, path, draft=not sign_off_report(report).final)
    return path


def body_of(page: str) -> str:
    return re.search(r"<body[^>]*>(.*)</body>", page, re.S).group(1)


def gov_page(report_page: str, title: str, head: str = '<meta charset="utf-8">') -> str:
    """A report as a government site publishes it: menu, breadcrumb, sidebar with other years'
    reports, 发布时间 line under the title, print/close links, footer, a script."""
    body = body_of(report_page)
    body = body.replace("</p>", "</p>\n<div class=\"info\">发布时间：2024-03-08 15:34　来源：管委会办公室　"
                                 "【字体：大 中 小】　浏览次数：1024</div>", 1)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{head}<title>{title}_平潭综合实验区管委会</title>
<style>.nav li {{ float: left }}</style><script>var a = "一、总体情况";</script></head>
<body>
<div class="header"><img src="logo.png" alt="平潭综合实验区管委会"><ul class="nav">
 <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
 <li><a href="/hdjl/">互动交流</a></li><li><a href="/nb/">政府信息公开年报</a></li></ul>
 <form><input name="q" value="搜索"><button>搜索</button></form></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/nb/">政府信息公开年报</a></div>
<div class="main">
 <div class="sidebar"><h3>政府信息公开年报</h3><ul>
  <li><a href="/nb/2022.htm">平潭综合实验区2022年度政府信息公开工作年度报告</a></li>
  <li><a href="/nb/2021.htm">平潭综合实验区2021年度政府信息公开工作年度报告</a></li></ul></div>
 <div class="article">
{body}
  <div class="tools"><a href="javascript:print()">【打印本页】</a><a href="javascript:close()">【关闭窗口】</a></div>
 </div>
 <div class="related"><h4>相关链接</h4><ul><li><a href="#">中国政府网</a></li><li><a href="#">福建省人民政府</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：平潭综合实验区管委会办公室　承办单位：平潭综合实验区大数据中心</p>
 <p>闽ICP备12345678号　网站标识码：3501280001　闽公网安备 35012802000101号</p>
 <p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a></p></div>
<script>document.write("六、其他需要报告的事项");</script>
</body></html>
"""


def word_web_page(page: str) -> str:
    """The same as Word/WPS 「另存为网页」 writes it: gb2312, mso markup, conditional comments,
    <o:p>, and lines wrapped in the middle of Chinese text."""
    head = ('<meta http-equiv=Content-Type content="text/html; charset=gb2312">'
            '<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->')
    page = page.replace('<meta charset="utf-8">', head)
    page = page.replace("</p>", "<o:p></o:p></p>").replace("，", "，\n").replace("<p ", "<p class=MsoNormal ")
    return page.replace("<html", '<html xmlns:o="urn:schemas-microsoft-com:office:office"', 1)


def report_page(report: Report, tmp_path: Path, name: str = "page.html", html: str | None = None,
                encoding: str = "utf-8") -> Path:
    page = gov_page(html or report_html(report), f"{report.unit.name}{report.year}年政府信息公开工作年度报告")
    if encoding != "utf-8":
        page = word_web_page(page)
    path = tmp_path / name
    path.write_bytes(page.encode(encoding))
    return path


def gap_keys(result: ImportResult) -> set[str]:
    return {g.key for g in result.gaps if g.key}


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_our_export_of_every_sample_reads_back_cell_for_cell(name, tmp_path):
    report = sample(name)
    result = import_document(export_docx(report, tmp_path / "报告.docx"))
    assert_same_report(result, report)
    assert result.report.published == report.published   # the 落款 date, printed from `published`


@pytest.mark.parametrize("name", NAMES)
def test_every_sample_as_a_government_web_page_reads_back(name, tmp_path):
    report = sample(name)
    result = import_document(report_page(report, tmp_path))
    assert_same_report(result, report)
    text = "\n".join(result.report.text.values())
    for chrome in ("当前位置", "闽ICP备", "主办单位", "发布时间：", "浏览次数：", "打印本页", "相关链接", "网站地图",
                   "2022年度政府信息公开工作年度报告"):
        assert chrome not in text


def trs_page(report: Report) -> str:
    """Shaped like the real page of 平潭 2023 on pingtan.gov.cn (TRS CMS, crawled copy in GitHub
    changwu/pingtan-gov-zwgk-archive): the title in a <div> outside the article body, 来源/时间 and
    全真版/文字版 tabs between them, headings as <p><strong>&nbsp;一、…</strong>&nbsp;</p>, every cell
    text in its own <p>, 「商业</p><p>企业」 and 「结果<br/>纠正」, a trailing <p>&nbsp;</p>, then
    「扫一扫…」, a 关闭 button and a footer."""
    body: list[str] = []
    for kind, value in body_blocks(report, signature=False):
        if kind == "heading1":
            body.append(f'<p style="text-indent: 2em;"><strong>&nbsp;{value}</strong>&nbsp;</p>')
        elif kind in ("heading2", "text"):
            body.append(f'<p style="text-indent: 2em;">{value}</p>')
        elif kind == "table":
            table = table_html(report.layout.table(value), report)
            table = re.sub(r"(<td[^>]*>)(.*?)(</td>)", r'\1<p style="text-indent: 0em;">\2</p>\3', table)
            body.append(table.replace("商业企业", '商业</p><p style="text-indent: 0em;">企业')
                        .replace("结果纠正", "结果<br/>纠正"))
    title = f"{report.unit.name}{report.year}年度政府信息公开工作年度报告"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8" /><title>{title}_政府信息公开年报</title></head>
<body><div class="warp"><div class="header"><ul role="navigation"><li><a href="/">首页</a></li>
<li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li></ul>
<div class="submenu"><a href="/zwgk/zfxxgk/">政府信息公开</a> <a href="/zwgk/zfgzbg/">政府工作报告</a></div></div>
<div class="main"><div class="breadcrumb"><span>当前位置：</span><ul><li><a>首页</a></li><li><a>政务公开</a></li>
<li><a>政府信息公开年报</a></li></ul></div>
<div class="article_title text_align_center">
                          {title}
                        </div>
<div class="article_extend"><span class="article_source">来源：平潭综合实验区管委会办公室</span>
<span class="article_time">时间：2024-03-08 15:34</span></div>
<div class="tabs_hd"><ul><li><a href="javascript:;">全真版</a></li><li><a href="javascript:;">文字版</a></li></ul>
<a class="download">文件下载</a></div><div class="links_con"><span>相关链接：</span></div>
<div class="article_content"><div class=TRS_Editor>{"".join(body)}<p style="text-indent: 2em;">&nbsp;</p></div></div>
<div class="article_qrcode"><p>扫一扫在手机上查看当前页面</p></div>
<div class="article_btn_group"><button title="关闭">关闭</button></div></div>
<div class="footer"><p>网站标识码：3590000001 闽ICP备09032658号</p><p>版权所有：平潭综合实验区党工委管委会网站</p>
<p><span>主办单位：福建省平潭综合实验区管理委员会办公室</span></p></div></div>
<script>var SiteInfo = {{ itpMassage: '系统正在升级' }};</script></body></html>"""


@pytest.mark.parametrize("name", ["pingtan-2023", "pingtan-2019"])
def test_a_page_shaped_like_the_real_pingtan_page_reads_back(name, tmp_path):
    report = sample(name)
    path = tmp_path / "t20240308_87885.htm"
    path.write_text(trs_page(report), encoding="utf-8")
    result = import_document(path)
    assert result.gaps == []
    assert result.report.cells == printed_cells(report)
    assert (result.report.unit.name, result.report.year) == (report.unit.name, report.year)
    for key, text in printed_texts(report).items():
        assert squash(result.report.text.get(key)) == squash(text), key


@pytest.mark.parametrize("name", ["pingtan-2023", "pingtan-2019", "shuyang-fgj-2023"])
def test_a_word_web_page_in_gb2312_reads_back(name, tmp_path):
    report = sample(name)
    path = report_page(report, tmp_path, "报告.htm", encoding="gb18030")
    assert b"charset=gb2312" in path.read_bytes() and b"<o:p>" in path.read_bytes()
    result = import_document(path)
    assert_same_report(result, report)
    assert "，\n" not in result.report.text["s1"] and "， " not in result.report.text["s1"]


def test_a_web_page_downloaded_as_doc_is_read_as_a_web_page(tmp_path):
    # government sites often serve Word's 「另存为网页」 output under a .doc name
    report = sample("pingtan-2023")
    path = report_page(report, tmp_path, "报告.doc", encoding="gb18030")
    assert_same_report(import_document(path), report)


def test_the_real_wps_template_filled_in_with_python_docx_is_read(tmp_path):
    report = sample("pingtan-2023")
    document = docx.Document(str(need_shared(TEMPLATE)))
    for table, key in zip(document.tables, ("t2", "t3", "t4")):
        for g in report.layout.table(key).grid:
            if g.key:
                table.cell(g.row, g.col).text = str(report.cells[g.key])
    title = next(p for p in document.paragraphs if "年度报告格式模板" in p.text)
    title.text = f"{report.unit.name}{report.year}年政府信息公开工作年度报告"
    document.save(str(tmp_path / "filled.docx"))
    result = import_document(tmp_path / "filled.docx")
    assert result.gaps == []
    assert result.report.cells == report.cells
    assert (result.report.format, result.report.year, result.report.unit.name) == ("2021", 2023, report.unit.name)
    assert result.report.text["s6"] == "（文字描述，收取信息处理费情况在此处报告。）"


def test_the_wps_template_left_empty_reads_every_cell_as_empty(tmp_path):
    result = import_document(need_shared(TEMPLATE))
    # its data cells hold nothing or full-width spaces: every cell read, as empty (rule S-1 reports them)
    assert {g.where for g in result.gaps} == {"报告年度", "单位名称"}   # 「…年度报告格式模板」 names neither
    assert result.report.cells == dict.fromkeys(LAYOUTS["2021"].cells)


def test_the_real_shuyang_tables_read_as_published(tmp_path):
    """沭阳县发展和改革局 2023, from the TSV extract of its page: 「规范性文件」, 表三's header in
    one row, 「三、本年度办理结果 （一）予以公开」 in one cell, empty cells left empty."""
    source = need_shared(SHARED / "samples" / "real" / "shuyang" /
                         "沭阳县发展和改革局2023年政府信息公开年度报告.text-extract.txt")
    parts, rows = [], []
    for line in source.read_text(encoding="utf-8").splitlines() + [""]:
        if "\t" in line and not line.startswith("#"):
            rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in line.split("\t")) + "</tr>")
            continue
        if rows:
            parts.append("<table border=1>" + "".join(rows) + "</table>")
            rows = []
        if line.strip() and not line.startswith("#"):
            parts.append(f"<p>{line}</p>")
    path = tmp_path / "shuyang.html"
    path.write_text("<html><body>" + "\n".join(parts) + "</body></html>", encoding="utf-8")
    result = import_document(path)
    expected = sample("shuyang-fgj-2023")
    got = result.report
    assert (got.year, got.unit.name, got.unit.kind, got.unit.level) == (2023, "沭阳县发展和改革局", "dept", "county")
    for key, value in expected.cells.items():
        if not key.startswith("t4."):   # the extract flattens 表四 into three small blocks
            assert got.cells.get(key, "missing") == value, key
    assert sum(v is None for v in got.cells.values()) == 125
    assert got.text["s5"].startswith("（一）存在的主要问题。")   # heading 「五、存在的主要问题及整改措施」
    assert got.text["s6"] == "2023年度，县发展和改革局政府信息公开未发生收费情况。"   # 落款 left out
    assert got.published.isoformat() == "2024-01-17"


# --- hand-made variants ---------------------------------------------------------------------


def test_the_2019_layout_is_read_as_2019_and_kept_so_in_a_later_year(tmp_path):
    report = sample("pingtan-2019")
    report.year = 2023   # a township still using the 试行 tables in 2023 (see the 衡东 excerpt)
    result = import_document(export_docx(report, tmp_path / "r.docx"))
    got = result.report
    assert got.format == "2019" and got.year == 2023
    assert got.cells == printed_cells(report)
    assert "t3.r3_6.zrr" in got.cells and "t3.r3_6_1.zrr" not in got.cells
    assert got.cells["t2.zfcg.items"] == 0
    assert any("2019 年试行格式" in note and "未转换" in note for note in result.notes)
    assert any(f.rule == "H-9" for f in check_report(got))


def test_other_handling_printed_as_one_row_in_a_2021_report_is_a_gap_not_a_guess(tmp_path):
    report = good_report(2024)
    single = Report(year=2024, unit=report.unit, format="2019",
                    cells={k: v for k, v in report.cells.items() if k.startswith("t3.") and "r3_6" not in k})
    for col in T3_COLUMNS:
        single.cells[f"t3.r3_6.{col.key}"] = sum(report.number(f"t3.r3_6_{i}.{col.key}") for i in (1, 2, 3))
    page = report_html(report).replace(table_html(report.layout.table("t3"), report),
                                       table_html(LAYOUTS["2019"].table("t3"), single))
    result = import_document(report_page(report, tmp_path, html=page))
    split = {f"t3.r3_6_{i}.{c.key}" for i in (1, 2, 3) for c in T3_COLUMNS}
    # the layout stays 2021 (表二 says so); the three sub-rows cannot be told apart: 21 gaps
    assert result.report.format == "2021"
    assert gap_keys(result) == split and len(result.gaps) == 21
    assert not split & set(result.report.cells)
    assert all("只印了一行" in g.reason for g in result.gaps)
    assert {k: v for k, v in result.report.cells.items()} == {k: v for k, v in report.cells.items() if k not in split}
    assert any("（六）其他处理”印为一行（自然人 1" in note for note in result.notes)


def test_label_typos_and_variants_are_tolerated(tmp_path):
    report = good_report(2024)
    page = report_html(report)
    for printed, variant in (("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数"),
                             ("（三）<br/>不予公开", "（三） 不予公开"),   # printed on two lines (LABEL_LINES)
                             ("3.危及“三安全一稳定”", '3、危及"三安全一稳定"'),
                             ("4.保护第三方合法权益", "４．保护第三方合法权益"),
                             ("5.属于三类内部事务信息", "5.属于三类内部事物信息"),
                             ("行政规范性文件", "规范性文件"),
                             ("商业<br/>企业", "商业企业"),
                             ("尚未<br/>审结", "尚未审结"),
                             ("本年收费金额（单位：万元）", "本年收费金额(单位:万元)"),
                             ("（二）部分公开（区分处理的，<br/>只计这一情形，不计其他情形）", "（二）部分公开")):
        assert printed in page
        page = page.replace(printed, variant)
    result = import_document(report_page(report, tmp_path, html=page))
    assert result.gaps == []
    assert result.report.cells == report.cells
    quotes_dropped = report_html(report).replace("3.危及“三安全一稳定”", "3.危及三安全一稳定")
    assert import_document(report_page(report, tmp_path, html=quotes_dropped)).report.cells == report.cells


def test_a_label_between_two_rows_is_a_gap_never_a_guess(tmp_path):
    report = good_report(2024)
    page = report_html(report).replace("一、本年新收政府信息公开申请数量", "政府信息公开申请数量")
    result = import_document(report_page(report, tmp_path, html=page))
    row_gap = next(g for g in result.gaps if g.key is None)
    assert "本年新收" in row_gap.reason and "上年结转" in row_gap.reason and "未猜测" in row_gap.reason
    assert gap_keys(result) == {f"t3.r1.{c.key}" for c in T3_COLUMNS}
    assert result.report.cells["t3.r2.zrr"] == report.cells["t3.r2.zrr"]


def _odd_cells(report: Report) -> Report:
    report.cells.update({
        "t2.gfxwj.made": "22（其中修订16件）",
        "t2.xzxk.count": "1,234",
        "t2.xzcf.count": "5件",
        "t2.sf.amount": "0.092万元",
        "t3.r1.zrr": "１０",
        "t3.r1.kyjg": "？",
        "t3.r2.kyjg": "／",
        "t3.r2.shgy": "",
        "t4.fy.wc": " 1 ",
    })
    return report


@pytest.mark.parametrize("form", ["docx", "html"])
def test_cell_contents_as_real_reports_print_them(form, tmp_path):
    report = _odd_cells(good_report(2024))
    if form == "docx":
        path = tmp_path / "r.docx"
        build_document(report).save(str(path))
    else:
        path = report_page(report, tmp_path)
    result = import_document(path)
    cells = result.report.cells
    assert cells["t2.gfxwj.made"] == 22
    assert cells["t2.xzxk.count"] == 1234 and cells["t2.xzcf.count"] == 5
    assert cells["t2.sf.amount"] == Decimal("0.092")
    assert cells["t3.r1.zrr"] == 10 and cells["t4.fy.wc"] == 1
    assert cells["t3.r2.kyjg"] is None and cells["t3.r2.shgy"] is None    # printed empty: rule S-1 says so
    assert "t3.r1.kyjg" not in cells                                       # unreadable: not a silent zero
    assert result.gaps == [Gap("t3.r1.kyjg", "表三 一、本年新收政府信息公开申请数量·科研机构", "单元格内容“？”不是数字")]
    assert any(note.startswith("表二 行政规范性文件·本年制发件数 印为“22（其中修订16件）”，按 22 读取") for note in result.notes)
    assert any(f.rule == "S-1" for f in check_report(result.report))


def test_unreadable_figures_name_their_cell(tmp_path):
    report = good_report(2024)
    report.cells.update({"t2.gz.made": "3.5", "t2.sf.amount": "500元", "t3.r4.zj": "1\n2", "t4.zs.jz": "-1"})
    path = tmp_path / "r.docx"
    build_document(report).save(str(path))
    reasons = {g.key: (g.where, g.reason) for g in import_document(path).gaps}
    assert reasons == {
        "t2.gz.made": ("表二 规章·本年制发件数", "单元格内容“3.5”：件数应为整数，不能有小数"),
        "t2.sf.amount": ("表二 行政事业性收费·本年收费金额（单位：万元）", "单元格内容“500元”的单位是元，表中应以万元填写"),
        "t3.r4.zj": ("表三 四、结转下年度继续办理·总计", "单元格内容“1 2”有不止一个数字"),
        "t4.zs.jz": ("表四 行政诉讼（未经复议直接起诉）·结果纠正", "单元格内容“-1”：件数不能为负数"),
    }


def _flat_t3(report: Report, split_before: str, shift: bool) -> str:
    """表三 as some sites print it: the header in one row, group and row labels run together in
    one cell, and the table broken in two, the second part without a header (and, with
    `shift`, with an extra empty column in front)."""
    head = f"<tr><td>{T3_CORNER}</td>" + "".join(f"<td>{c.label}</td>" for c in T3_COLUMNS) + "</tr>"
    parts, rows = [], [head]
    for row in report.layout.table("t3").rows:
        if row.key == split_before:
            parts.append(rows)
            rows = []
        label = " ".join(row.path + (row.label,))
        pad = "<td></td>" if shift and parts else ""
        rows.append(f"<tr>{pad}<td>{label}</td>" + "".join(f"<td>{report.cells[f't3.{row.key}.{c.key}']}</td>"
                                                             for c in T3_COLUMNS) + "</tr>")
    parts.append(rows)
    return "<p>（续表）</p>".join(f'<table border="1">{"".join(p)}</table>' for p in parts)


@pytest.mark.parametrize("shift", [False, True])
def test_table_three_split_in_two_tables_is_read_as_one(shift, tmp_path):
    report = good_report(2024)
    flat = _flat_t3(report, "r3_4_1", shift)
    page = report_html(report).replace(table_html(report.layout.table("t3"), report), flat)
    assert page.count("<table") == 4
    result = import_document(report_page(report, tmp_path, html=page))
    assert result.gaps == []
    assert result.report.cells == report.cells
    assert result.report.text["s3"] == ""   # 「（续表）」 is not text of the report


def test_a_row_cut_from_both_parts_is_a_gap(tmp_path):
    report = good_report(2024)
    flat = _flat_t3(report, "r3_4_1", False)
    flat = re.sub(r"<tr><td>三、本年度办理结果 （四）无法提供 1\.本机关不掌握相关政府信息</td>.*?</tr>", "", flat)
    page = report_html(report).replace(table_html(report.layout.table("t3"), report), flat)
    result = import_document(report_page(report, tmp_path, html=page))
    assert gap_keys(result) == {f"t3.r3_4_1.{c.key}" for c in T3_COLUMNS}
    assert {g.reason for g in result.gaps} == {"表中未找到这一格"}


def test_extra_and_empty_rows_are_ignored_and_unknown_rows_reported(tmp_path):
    report = good_report(2024)
    t3 = table_html(report.layout.table("t3"), report)
    extra = ("<tr><td colspan=\"3\"></td>" + "<td></td>" * 7 + "</tr>"
             "<tr><td colspan=\"3\">五、其中：网上申请</td>" + "<td>3</td>" * 7 + "</tr></tbody></table>")
    page = report_html(report).replace(t3, t3.replace("</tbody></table>", extra))
    result = import_document(report_page(report, tmp_path, html=page))
    assert result.report.cells == report.cells
    assert [str(g) for g in result.gaps] == ["表三 第30行“五、其中：网上申请”：行标签对不上格式中的任何一项，该行未读取"]


# --- unit, year, narrative ------------------------------------------------------------------


@pytest.mark.parametrize("name, kind, level", [
    ("沭阳县发展和改革局", "dept", "county"),
    ("沭阳县市场监督管理局", "dept", "county"),
    ("衡阳市衡东县杨林镇", "gov", "township"),
    ("淮安市人民政府（市政府办公室编制，全市汇总数据）", "gov", "city"),
    ("广州市海珠区官洲街道办事处", "gov", "township"),
    ("福建省人民政府", "gov", "province"),
    ("平潭综合实验区", "gov", "county"),
    ("杭州市教育局", "dept", "city"),
])
def test_unit_kind_and_level_are_guessed_from_the_name(name, kind, level):
    assert guess_unit(name) == (kind, level)


def test_title_on_two_lines_longer_headings_and_stray_spaces(tmp_path):
    document = docx.Document()
    for text in ("淮安市人民政府", "2024 年政府信息公开工作年度报告", "本报告由淮安市人民政府办公室编制。",
                 "一、 总体情况", "2024年，我市……", "二、主动公开政府信息情况"):
        document.add_paragraph(text)
    good = good_report(2024)
    build_document(good).save(str(tmp_path / "g.docx"))
    tables = docx.Document(str(tmp_path / "g.docx")).tables
    body = document.element.body
    body.insert(len(body) - 1, tables[0]._tbl)
    for text in ("三、收到和处理政府信息公开申请情况",):
        document.add_paragraph(text)
    body.insert(len(body) - 1, tables[1]._tbl)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    body.insert(len(body) - 1, tables[2]._tbl)
    for text in ("五、政府信息公开工作存在的主要问题及改进情况", "一、加强组织领导。", "二、完善工作机制。",
                 "六 、其他需要报告的事项", "无。", "淮安市人民政府办公室", "2025年2月25日"):
        document.add_paragraph(text)
    document.save(str(tmp_path / "r.docx"))
    result = import_document(tmp_path / "r.docx")
    got = result.report
    assert (got.unit.name, got.year, got.unit.kind, got.unit.level) == ("淮安市人民政府", 2024, "gov", "city")
    assert got.text == {"preamble": "本报告由淮安市人民政府办公室编制。", "s1": "2024年，我市……", "s2": "", "s3": "",
                        "s4": "", "s5": "一、加强组织领导。\n二、完善工作机制。", "s6": "无。"}
    assert got.cells == good.cells and result.gaps == []
    assert any("推测" in n for n in result.notes)


@pytest.mark.parametrize("excerpt, unit, level, preamble", [
    ("昌图县七家子镇2023.excerpt.txt", "昌图县七家子镇", "township", ""),
    ("衡东县杨林镇2023.excerpt.txt", "衡阳市衡东县杨林镇", "township", "编制说明:本年度报告根据"),
])
def test_real_township_pages_title_unit_year_and_opening(excerpt, unit, level, preamble, tmp_path):
    """The beginnings of two real township pages: a breadcrumb, 来源/发布时间, a date under the
    title, and (昌图) a title with its words garbled 「政府信息公开 工作告年度报」."""
    source = need_shared(SHARED / "samples" / "real" / "townships-partial" / excerpt)
    lines = [line for line in source.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#") and "excerpt ends" not in line]
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>", encoding="utf-8")
    got = import_document(path).report
    assert (got.unit.name, got.year, got.unit.kind, got.unit.level) == (unit, 2023, "gov", level)
    assert got.text.get("preamble", "").startswith(preamble)
    assert got.text["s1"].startswith("2023年,")


def test_no_year_or_unit_is_a_gap(tmp_path):
    report = good_report(2024)
    page = report_html(report).replace(f"{report.unit.name}<br/>2024年政府信息公开工作年度报告", "政府信息公开工作年度报告")
    page = page.replace("2024", "二〇二四")
    path = tmp_path / "r.html"
    path.write_text(page, encoding="utf-8")
    result = import_document(path)
    assert {g.where for g in result.gaps} == {"报告年度", "单位名称"}
    assert result.report.cells == report.cells


# --- refusals ---------------------------------------------------------------------------------


def _zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip written by hand: (name, deflated bytes, crc32, uncompressed size) per member."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in members:
        offset, raw = len(out), name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(raw), 0)
        out += raw + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                               len(raw), 0, 0, 0, 0, 0, offset) + raw
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def _deflated(data: bytes) -> tuple[str, bytes, int, int]:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(), zlib.crc32(data), len(data)


def test_a_docx_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "报告.docx"
    path.write_bytes(b"\x00\x01 this is not a Word file " * 100)
    with pytest.raises(UnsafeFile, match="不是有效的Word文件"):
        import_document(path)


def test_a_zip_bomb_is_refused_quickly(tmp_path):
    # word/document.xml inflating to 1 GiB of zeros, deflated to about 1 MB: one 1 MiB block,
    # fully flushed so that it can be repeated, is written 1024 times (nothing is compressed twice)
    mib = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    stream = block * 1024 + c.flush()
    assert zlib.decompressobj(-15).decompress(stream[:len(block) * 3], 3 << 20) == bytes(3 << 20)
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(mib, crc)
    path = _zip(tmp_path / "bomb.docx", [("[Content_Types].xml", *_deflated(b"<Types/>")),
                                         ("word/document.xml", stream, crc, 1 << 30)])
    start = time.perf_counter()
    with pytest.raises(UnsafeFile, match="压缩炸弹"):
        import_document(path)
    assert time.perf_counter() - start < 1


def test_a_docx_with_an_entity_expansion_is_refused(tmp_path):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>").encode()
    path = _zip(tmp_path / "lol.docx", [("[Content_Types].xml", *_deflated(b"<Types/>")),
                                        ("word/document.xml", *_deflated(xml))])
    start = time.perf_counter()
    with pytest.raises(UnsafeFile, match="实体"):
        import_document(path)
    assert time.perf_counter() - start < 1


def test_a_lying_zip_header_cannot_inflate_past_its_declared_size(tmp_path):
    big = b"<w:document/>" + bytes(50 << 20)
    data, _, _ = _deflated(big)
    path = _zip(tmp_path / "lie.docx", [("word/document.xml", data, 0, 1000)])   # says 1000 bytes
    with pytest.raises(UnsafeFile, match="已损坏"):
        import_document(path)


def test_a_100_mb_page_is_refused_by_its_size_before_it_is_read(tmp_path):
    path = tmp_path / "big.html"
    with path.open("wb") as f:
        f.write(b"<html><body><table>")
        f.seek(100 * 1024 * 1024)
        f.write(b"</table></body></html>")
    start = time.perf_counter()
    with pytest.raises(UnsafeFile, match="MB"):
        import_document(path)
    assert time.perf_counter() - start < 0.5


def test_a_word_file_that_is_not_a_report_is_refused(tmp_path):
    document = docx.Document()
    document.add_paragraph("关于召开2024年度工作会议的通知")
    document.add_paragraph("各科室：定于下周一召开工作会议，请准时参加。")
    document.save(str(tmp_path / "通知.docx"))
    with pytest.raises(NotAReport, match="不是政府信息公开工作年度报告"):
        import_document(tmp_path / "通知.docx")


@pytest.mark.parametrize("name, content, error", [
    ("报告.pdf", b"%PDF-1.7", UnsafeFile),          # a PDF that PDFium cannot open: damaged
    ("报告.txt", b"hello", NotAReport),
    ("报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), NotAReport),
    ("报告.mht", b"MIME-Version: 1.0", NotAReport),
    ("报告.htm", b"MIME-Version: 1.0\r\nContent-Type: multipart/related;", NotAReport),
    ("空.docx", b"", UnsafeFile),
    ("missing.docx", None, UnsafeFile),
])
def test_other_files_are_refused_with_a_reason(name, content, error, tmp_path):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error) as raised:
        import_document(path)
    assert re.search(r"[\u4e00-\u9fff]", str(raised.value))


# --- command line ------------------------------------------------------------------------------


def test_cli_writes_the_data_file_exit_0_when_every_cell_is_read(tmp_path, capsys):
    report = sample("pingtan-2023")
    out = tmp_path / "导入.json"
    assert main.main(["import", str(export_docx(report, tmp_path / "r.docx")), "--out", str(out)]) == 0
    again, _ = read_report(out)
    assert again.cells == printed_cells(report) and again.year == 2023
    printed = capsys.readouterr().out
    assert "已写入" in printed and "读取 200 个单元格中的 200 个" in printed and "未读取" not in printed


def test_cli_lists_the_gaps_and_exits_1(tmp_path, capsys):
    report = _odd_cells(good_report(2024))
    build_document(report).save(str(tmp_path / "r.docx"))
    out = tmp_path / "r.json"
    assert main.main(["import", str(tmp_path / "r.docx"), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "未读取：表三 一、本年新收政府信息公开申请数量·科研机构：单元格内容“？”不是数字" in printed
    assert "注意：表二 行政规范性文件·本年制发件数 印为“22（其中修订16件）”" in printed
    again, _ = read_report(out)   # written all the same, without the unreadable cell
    assert "t3.r1.kyjg" not in again.cells and again.cells["t3.r2.kyjg"] is None


def test_cli_exit_2_for_a_file_that_is_not_a_report_and_nothing_written(tmp_path, capsys):
    document = docx.Document()
    document.add_paragraph("会议纪要")
    document.save(str(tmp_path / "纪要.docx"))
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    for doc in ("纪要.docx", "bad.docx", "nowhere.docx"):
        out = tmp_path / f"{doc}.json"
        assert main.main(["import", str(tmp_path / doc), "--out", str(out)]) == 2
        assert not out.exists()
        err = capsys.readouterr().err
        assert err.startswith("未导入：") and "Traceback" not in err
