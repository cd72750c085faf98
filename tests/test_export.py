"""The printed report, read back from the produced .docx: every label and figure, the
merges, the page setup, the fonts, page numbers; refusals and write failures; PDF."""

import errno
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.shared import Mm

import main
from models import atomic
from models.catalogue import SECTIONS
from models.export import ExportRefused, export_check_sheet, export_report
from models.export.base import BASE_DOCX, base_parts
from models.export.document import DRAFT_MARK
from models.export.pdf import PdfError, find_soffice
from models.datafile import write_report
from models.report import Fees
from models.signoff import sign_off_report
from tests.factory import SAMPLES, TEMPLATE, good_report, need_shared, sample, sample_names

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CLEAN = [n for n in sample_names() if n != "pingtan-2020"]


def _export(report, tmp_path, **kwargs):
    """The report as printed: a draft when it may not be signed yet (real reports keep their
    unexplained warnings), unless the test says which."""
    out = tmp_path / "报告.docx"
    kwargs.setdefault("draft", not sign_off_report(report).final)
    export_report(report, out, sign_date=date(2025, 1, 20), **kwargs)
    return docx.Document(str(out))


def _norm(text):
    return re.sub(r"\s+", "", text.replace("\u3000", ""))


def _matrix(table):
    return [[_norm(cell.text) for cell in row.cells] for row in table.rows]


def _expected_matrix(layout_table, report):
    rows = [[None] * layout_table.n_cols for _ in range(layout_table.n_grid_rows)]
    for g in layout_table.grid:
        value = g.text if not g.key else ("0" if report.cells.get(g.key) is None else str(report.cells[g.key]))
        for r in range(g.row, g.row + g.rowspan):
            for c in range(g.col, g.col + g.colspan):
                rows[r][c] = _norm(value)
    return rows


@pytest.mark.parametrize("name", sample_names() or ["(none)"])
def test_every_label_and_figure_reads_back(name, tmp_path):
    report = sample(name)
    document = _export(report, tmp_path)
    tables = document.tables
    assert len(tables) == 3
    for table, key in zip(tables, ("t2", "t3", "t4")):
        assert _matrix(table) == _expected_matrix(report.layout.table(key), report), key


@pytest.mark.parametrize("name", CLEAN[:1] or ["(none)"])
def test_labels_match_the_real_wps_template_independently(name, tmp_path):
    """Labels read back from our .docx against the WPS template's, without our catalogue."""
    wps = docx.Document(str(need_shared(TEMPLATE)))
    ours = _export(sample(name), tmp_path)
    for mine, theirs in zip(ours.tables, wps.tables):
        expected = _matrix(theirs)
        got = _matrix(mine)
        # data cells are blank in the template: compare only where the template has text
        assert [[g for g, e in zip(gr, er) if e] for gr, er in zip(got, expected)] == \
               [[e for e in er if e] for er in expected]


def _tcs_by_start(tbl):
    """{(row, first grid column): <w:tc>} read from the XML."""
    out = {}
    for r, tr in enumerate(tbl.findall(f"{W}tr")):
        col = 0
        for tc in tr.findall(f"{W}tc"):
            out[(r, col)] = tc
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            col += int(span.get(f"{W}val")) if span is not None else 1
    return out


def _merge(tc):
    v = tc.find(f"{W}tcPr/{W}vMerge")
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    return (int(span.get(f"{W}val")) if span is not None else 1,
            None if v is None else v.get(f"{W}val", "continue"))


def test_merges_are_real_merges(tmp_path):
    report = sample("pingtan-2023") if SAMPLES.exists() else good_report()
    document = _export(report, tmp_path)
    for table, key in zip(document.tables, ("t2", "t3", "t4")):
        layout_table = report.layout.table(key)
        tcs = _tcs_by_start(table._tbl)
        assert len(tcs) == sum(g.rowspan for g in layout_table.grid)   # one <w:tc> per row a cell spans
        for g in layout_table.grid:
            assert _merge(tcs[(g.row, g.col)]) == (g.colspan, "restart" if g.rowspan > 1 else None), (key, g)
            for r in range(g.row + 1, g.row + g.rowspan):
                assert _merge(tcs[(r, g.col)]) == (g.colspan, "continue"), (key, g, r)
        for i, tr in enumerate(table._tbl.findall(f"{W}tr")):
            assert tr.find(f"{W}trPr/{W}cantSplit") is not None
            assert (tr.find(f"{W}trPr/{W}tblHeader") is not None) == (i < layout_table.header_rows)
    corner = _tcs_by_start(document.tables[1]._tbl)[(0, 0)]
    assert _merge(corner) == (3, "restart")


def test_column_widths_are_written_for_word_and_wps(tmp_path):
    document = _export(good_report(), tmp_path)
    for table in document.tables:
        tbl = table._tbl
        grid = [int(c.get(f"{W}w")) for c in tbl.find(f"{W}tblGrid")]
        assert abs(sum(grid) / 1440 * 25.4 - 156) < 0.2                        # WPS: w:gridCol
        assert int(tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) == sum(grid)     # Word: w:tblW
        assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        for tr in tbl.findall(f"{W}tr"):
            col = 0
            for tc in tr.findall(f"{W}tc"):
                span_el = tc.find(f"{W}tcPr/{W}gridSpan")
                span = int(span_el.get(f"{W}val")) if span_el is not None else 1
                assert int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) == sum(grid[col:col + span])   # Word: w:tcW
                col += span
            assert col == len(grid)


def test_page_setup_follows_gb_t_9704(tmp_path):
    section = _export(good_report(), tmp_path).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert abs((section.page_width - section.left_margin - section.right_margin) - Mm(156)) < Mm(0.1)
    assert abs((section.page_height - section.top_margin - section.bottom_margin) - Mm(225)) < Mm(0.1)


def _style_fonts(document, name):
    rpr = document.styles[name].element.find(f"{W}rPr")
    fonts = rpr.find(f"{W}rFonts")
    return fonts.get(f"{W}eastAsia"), int(rpr.find(f"{W}sz").get(f"{W}val")) / 2


def test_fonts_are_set_for_east_asian_text(tmp_path):
    document = _export(good_report(), tmp_path)
    assert _style_fonts(document, "Normal") == ("仿宋_GB2312", 16)
    assert _style_fonts(document, "Title") == ("方正小标宋简体", 22)
    assert _style_fonts(document, "Heading 1") == ("黑体", 16)
    assert _style_fonts(document, "Heading 2") == ("楷体_GB2312", 16)
    assert _style_fonts(document, "Footer") == ("宋体", 14)
    styles = document.styles.element
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    for fonts in document.element.iter(f"{W}rFonts"):       # every run that names a font
        assert fonts.get(f"{W}eastAsia"), fonts.attrib
    for fonts in styles.iter(f"{W}rFonts"):
        assert fonts.get(f"{W}eastAsia") and not any("Theme" in k for k in fonts.attrib)


def test_body_grid_of_22_lines_of_28_characters(tmp_path):
    """The settings behind the measured page (tests/test_print_layout.py): 22 × the line pitch
    fits 225 mm, 28 characters of 3号 condensed by 0.25 pt fit 156 mm and 29 do not."""
    document = _export(good_report(), tmp_path)
    grid = document.sections[0]._sectPr.find(f"{W}docGrid")
    pitch = int(grid.get(f"{W}linePitch"))
    spacing = document.styles["Normal"].element.find(f"{W}pPr/{W}spacing")
    assert spacing.get(f"{W}lineRule") == "exact" and int(spacing.get(f"{W}line")) == pitch
    assert 22 * pitch / 20 <= 225 / 25.4 * 72 < 23 * pitch / 20
    condensed = int(document.styles["Normal"].element.find(f"{W}rPr/{W}spacing").get(f"{W}val")) / 20
    assert 28 * (16 + condensed) <= 156 / 25.4 * 72 < 29 * (16 + condensed)
    assert grid.get(f"{W}type") == "lines" and grid.get(f"{W}charSpace") is None   # no character grid (see base.py)


def test_page_numbers_odd_right_even_left(tmp_path):
    document = _export(good_report(), tmp_path)
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert p._p.find(f"{W}pPr/{W}jc").get(f"{W}val") == side
        assert "PAGE" in "".join(t.text for t in p._p.iter(f"{W}instrText"))
        texts = "".join(t.text for t in p._p.iter(f"{W}t"))
        assert texts.startswith("— ") and texts.endswith(" —")


def test_content_title_headings_text_fees_and_signature(tmp_path):
    report = good_report()
    report.fees = Fees(2, Decimal("300"), Decimal("120.5"))
    report.text["s6"] = "本年度无其他需要报告的事项。"
    document = _export(report, tmp_path)
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "某某镇人民政府\n2024年政府信息公开工作年度报告")
    headings = [t for s, t in paragraphs if s == "Heading 1"]
    assert headings == [s.heading for s in SECTIONS]
    assert ("Heading 2", "（一）主动公开") in paragraphs and ("Heading 2", "（五）监督保障") in paragraphs
    texts = [t for _, t in paragraphs]
    assert "本年度无其他需要报告的事项。" in texts
    assert any("收费通知2件" in t and "300元" in t and "120.5元" in t for t in texts)
    assert paragraphs[-2:] == [("GK Signature", "某某镇人民政府"), ("GK Signature", "2025年1月20日")]
    assert not any(DRAFT_MARK in p.text for p in document.sections[0].header.paragraphs)


def test_long_title_breaks_after_the_unit_name(tmp_path):
    report = good_report()
    report.unit.name = "平潭综合实验区（管委会，全区汇总）"
    document = _export(report, tmp_path)
    assert document.paragraphs[0].text == "平潭综合实验区（管委会，全区汇总）\n2024年政府信息公开工作年度报告"


def test_amounts_as_entered_and_empty_cells_print_zero(tmp_path):
    report = good_report()
    report.cells["t2.sf.amount"] = Decimal("0.090")
    report.cells["t4.zs.jz"] = None
    report.explanations["S-1|t4.zs.jz"] = "该栏原表未填。"
    document = _export(report, tmp_path, draft=False)
    t2, t4 = document.tables[0], document.tables[2]
    assert t2.rows[-1].cells[1].text == "0.090"
    assert t4.rows[3].cells[6].text == "0"


def test_errors_refuse_a_final_export_and_write_nothing(tmp_path):
    report = good_report()
    report.cells["t3.r1.zj"] += 1
    out = tmp_path / "报告.docx"
    with pytest.raises(ExportRefused) as refused:
        export_report(report, out)
    # what is left: the 强制 findings first, then the 核实 one (一 quotes 14 applications received)
    assert [(f.rule, f.cells[0]) for f in refused.value.findings] == [("H-2", "t3.r1.zj"), ("H-4", "t3.r1.zj"),
                                                                     ("S-9", "t3.r1.zj")]
    assert "2 项强制审核未通过、1 项核实未改正也未说明" in str(refused.value)
    assert list(tmp_path.iterdir()) == []
    document = _export(report, tmp_path, draft=True)
    assert document.sections[0].header.paragraphs[0].text == DRAFT_MARK
    assert document.sections[0].even_page_header.paragraphs[0].text == DRAFT_MARK


@pytest.mark.parametrize("error,message", [
    (PermissionError(errno.EACCES, "Permission denied"), "正被其他程序"),
    (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间已满"),
    (OSError(errno.EROFS, "Read-only file system"), "只读"),
])
def test_write_failures_explain_and_keep_the_old_file(tmp_path, monkeypatch, error, message):
    out = tmp_path / "报告.docx"
    out.write_bytes(b"the report printed yesterday")

    def fail(*args):
        raise error
    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(atomic.WriteError, match=message):
        export_report(good_report(), out)
    assert out.read_bytes() == b"the report printed yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_missing_folder_is_explained(tmp_path):
    with pytest.raises(atomic.WriteError, match="不存在"):
        export_report(good_report(), tmp_path / "没有这个文件夹" / "报告.docx")


def test_check_sheet_lists_warnings_with_their_explanations(tmp_path):
    last, this = sample("pingtan-2022"), sample("pingtan-2023")
    this.explanations["S-5"] = "2023年开展规范性文件集中清理，宣布失效173件。"
    out = export_check_sheet(this, tmp_path / "审核说明表.docx", previous=last, checked_on=date(2024, 3, 1))
    document = docx.Document(str(out))
    assert document.paragraphs[0].text.endswith("审核说明表")
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["序号", "规则", "类别", "审核内容", "说明"]
    (s5,) = [r for r in rows if r[1] == "S-5"]
    assert s5[2] == "核实" and "470" in s5[3] and s5[4] == "2023年开展规范性文件集中清理，宣布失效173件。"
    hints = [r for r in rows if r[2] == "提示"]
    assert hints and all(r[4] == "（提示，无需说明）" for r in hints)
    assert all(r[4] == "（未填写说明）" for r in rows if r[2] == "核实" and r[1] != "S-5")


def test_base_template_matches_its_builder():
    """templates/base.docx holds exactly the parts models/export/base.py writes, nothing else
    (nothing left from python-docx's default template)."""
    import zipfile
    with zipfile.ZipFile(BASE_DOCX) as committed:
        assert {name: committed.read(name).decode("utf-8") for name in committed.namelist()} == base_parts()
    assert base_parts()["word/styles.xml"].count("w:eastAsia=") >= 10


def test_cli_export_statuses(tmp_path, capsys):
    report = sample("pingtan-2023")
    # as published, its text says 现行有效行政规范性文件393件 against 470 in 表二 (S-9): explained here
    for f in sign_off_report(report).unanswered:
        report.explanations[f.id] = "393件为规范性文件库集中发布数，表二按现行有效全部文件统计。"
    write_report(report, tmp_path / "clean.json")
    clean = tmp_path / "clean.json"
    assert main.main(["export", str(clean), "--out", str(tmp_path / "a.docx")]) == 0
    assert (tmp_path / "a.docx").exists()
    broken = SAMPLES / "pingtan-2020.json"
    assert main.main(["export", str(broken), "--out", str(tmp_path / "b.docx")]) == 1
    assert not (tmp_path / "b.docx").exists() and "H-3" in capsys.readouterr().err
    assert main.main(["export", str(broken), "--out", str(tmp_path / "b.docx"), "--draft"]) == 0
    assert main.main(["export", str(clean), "--out", str(tmp_path / "nowhere" / "c.docx")]) == 2
    assert "不存在" in capsys.readouterr().err


def test_no_libreoffice_is_a_clear_message(tmp_path, monkeypatch):
    import models.export.pdf as pdf
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(PdfError, match="未找到 LibreOffice"):
        export_report(good_report(), tmp_path / "a.docx", pdf=tmp_path / "a.pdf")
    assert (tmp_path / "a.docx").exists() and not (tmp_path / "a.pdf").exists()


def _pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed here; CI installs it")
def test_pdf_through_libreoffice(tmp_path):
    if SAMPLES.exists():
        report, expected = sample("pingtan-2023"), range(5, 10)   # 7 pages with the Noto CJK fonts
    else:
        report, expected = good_report(), range(2, 6)             # 3 pages: short texts, three tables
    export_report(report, tmp_path / "a.docx", pdf=tmp_path / "a.pdf", draft=not sign_off_report(report).final)
    pages = _pdf_pages(tmp_path / "a.pdf")
    assert pages in expected, pages
    assert shutil.which("soffice")


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed here; CI installs it")
def test_a_pdf_asked_for_comes_for_the_check_sheet_too(tmp_path):
    from models.datafile import write_report
    write_report(good_report(), tmp_path / "r.json")
    assert main.main(["export", str(tmp_path / "r.json"), "--out", str(tmp_path / "r.docx"), "--pdf",
                      str(tmp_path / "r.pdf"), "--check-sheet", str(tmp_path / "c.docx")]) == 0
    assert _pdf_pages(tmp_path / "r.pdf") >= 2 and _pdf_pages(tmp_path / "c.pdf") >= 1
    assert main.main(["export", str(tmp_path / "r.json"), "--out", str(tmp_path / "s.docx"),
                      "--check-sheet", str(tmp_path / "d.docx")]) == 0
    assert not (tmp_path / "d.pdf").exists()          # no PDF asked for, none made


# --- run-in headings, title, 落款, package ----------------------------------------------------


def _runs(paragraph):
    """(text, East Asian font or None, bold) of each run, read from the XML."""
    out = []
    for r in paragraph._p.findall(f"{W}r"):
        fonts = r.find(f"{W}rPr/{W}rFonts")
        out.append(("".join(t.text for t in r.iter(f"{W}t")),
                    fonts.get(f"{W}eastAsia") if fonts is not None else None,
                    r.find(f"{W}rPr/{W}b") is not None))
    return out


def test_run_in_headings_are_set_in_their_fonts(tmp_path):
    report = good_report()
    report.text["s1"] = ("（一）主动公开情况。2024年，本镇主动公开政府信息35条。\n"
                         "（二）依申请公开：全年收到申请14件。\n"
                         "1.加强组织领导。成立政务公开领导小组。\n"
                         "（三）政府信息管理\n"
                         "2024年（一）季度，1.5万元。")
    paragraphs = _export(report, tmp_path).paragraphs
    by_text = {p.text: p for p in paragraphs}
    assert _runs(by_text["（一）主动公开情况。2024年，本镇主动公开政府信息35条。"]) == [
        ("（一）主动公开情况。", "楷体_GB2312", False), ("2024年，本镇主动公开政府信息35条。", None, False)]
    assert _runs(by_text["（二）依申请公开：全年收到申请14件。"])[0] == ("（二）依申请公开：", "楷体_GB2312", False)
    assert _runs(by_text["1.加强组织领导。成立政务公开领导小组。"]) == [
        ("1.加强组织领导。", None, True), ("成立政务公开领导小组。", None, False)]
    assert by_text["（三）政府信息管理"].style.name == "Heading 2"            # a heading line of its own
    assert _runs(by_text["2024年（一）季度，1.5万元。"]) == [("2024年（一）季度，1.5万元。", None, False)]
    assert _style_fonts(docx.Document(str(tmp_path / "报告.docx")), "Normal")[0] == "仿宋_GB2312"   # the rest


def test_quotes_and_dashes_carry_the_east_asian_hint(tmp_path):
    report = good_report()
    report.text["s5"] = "坚持“谁公开、谁审查”——不断改进…"
    document = _export(report, tmp_path)
    (paragraph,) = [p for p in document.paragraphs if p.text.startswith("坚持")]
    fonts = paragraph._p.find(f"{W}r/{W}rPr/{W}rFonts")
    assert fonts is not None and fonts.get(f"{W}hint") == "eastAsia"
    plain = [p for p in document.paragraphs if p.text == "本报告根据《中华人民共和国政府信息公开条例》编制。"][0]
    assert plain._p.find(f"{W}r/{W}rPr/{W}rFonts") is None
    labels = [r for r in document.tables[1]._tbl.iter(f"{W}r") if "“" in "".join(t.text for t in r.iter(f"{W}t"))]
    assert labels and all(r.find(f"{W}rPr/{W}rFonts").get(f"{W}hint") == "eastAsia" for r in labels)


@pytest.mark.parametrize("unit, lines", [
    ("淮安市人民政府（市政府办公室编制，全市汇总数据）",
     ["淮安市人民政府", "（市政府办公室编制，全市汇总数据）", "2024年政府信息公开工作年度报告"]),
    ("中共淮安市委全面深化改革委员会办公室", ["中共淮安市委全面深化改革委员会办公室", "2024年政府信息公开工作年度报告"]),
    ("某镇", ["某镇2024年政府信息公开工作年度报告"]),
])
def test_titles_break_between_words(tmp_path, unit, lines):
    report = good_report()
    report.unit.name = unit
    assert _export(report, tmp_path).paragraphs[0].text.split("\n") == lines


def _signature(document):
    out = []
    for p in document.paragraphs:
        if p.style.name == "GK Signature":
            ind = p._p.find(f"{W}pPr/{W}ind")
            out.append((p.text, int(ind.get(f"{W}rightChars")) / 100, p.paragraph_format.alignment))
    return out


def test_signature_with_and_without_a_seal(tmp_path):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from models.export.layout import text_width
    report = good_report()
    name, day = "某某镇人民政府", "2025年1月20日"
    width_name, width_day = text_width(name), text_width(day)      # 7 and 7.75 (digits half, 「2025 年」's gaps)
    [(n1, r1, _), (d1, r2, _)] = _signature(_export(report, tmp_path))
    assert (n1, d1) == (name, day)
    assert r2 == 4.0                                               # with a seal: the date 右空四字 …
    assert abs((r1 + width_name / 2) - (r2 + width_day / 2)) < 0.01   # … and the name centred over it
    out = tmp_path / "b.docx"
    export_report(report, out, sign_date=date(2025, 1, 20), seal=False)
    [(_, r1, _), (_, r2, _)] = _signature(docx.Document(str(out)))
    # without: the date's first character two right of the name's; the date here is the longer,
    # so it sits 右空二字 and the name moves left
    assert r2 == 2.0 and abs((28 - r1 - width_name) + 2 - (28 - r2 - width_day)) < 0.01
    report.unit.name = "某某县人民政府办公室政务公开科"              # longer than the date + 2: 右空二字
    export_report(report, out, sign_date=date(2025, 1, 20), seal=False)
    [(_, r1, _), (_, r2, _)] = _signature(docx.Document(str(out)))
    assert r1 == 2.0 and abs((28 - r1 - text_width(report.unit.name)) + 2 - (28 - r2 - width_day)) < 0.01
    style = docx.Document(str(out)).styles["GK Signature"]
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_the_date_is_the_publication_date_never_a_silent_today(tmp_path):
    from models.report import signature_date
    report = good_report(2024)
    report.published = date(2025, 1, 18)
    assert signature_date(report, date(2026, 5, 1)) == date(2025, 1, 18)
    report.published = None
    assert signature_date(report, date(2025, 1, 20)) == date(2025, 1, 20)     # being made now
    assert signature_date(report, date(2026, 5, 1)) is None                   # an old year: no date
    out = tmp_path / "old.docx"
    report.year = date.today().year - 3
    report.text = {}
    export_report(report, out, draft=True)
    assert _signature(docx.Document(str(out)))[-1][0] == "\u3000\u3000年\u3000\u3000月\u3000\u3000日"


def test_document_properties_are_our_own(tmp_path):
    import zipfile
    from datetime import datetime, timezone
    report = good_report()
    out = tmp_path / "r.docx"
    export_report(report, out)
    properties = docx.Document(str(out)).core_properties
    assert properties.title == "某某镇人民政府2024年政府信息公开工作年度报告"
    assert properties.author == "某某镇人民政府" and properties.language == "zh-CN"
    now = datetime.now(timezone.utc)
    assert abs((properties.created.replace(tzinfo=timezone.utc) - now).total_seconds()) < 120 and properties.modified == properties.created
    with zipfile.ZipFile(out) as package:
        everything = "".join(package.read(n).decode("utf-8") for n in package.namelist())
        fonts = re.findall(r'<w:font w:name="([^"]+)"', package.read("word/fontTable.xml").decode())
        app = package.read("docProps/app.xml").decode()
    for leftover in ("python-docx", "2013-12-23", "Macintosh", "Mincho", "ja-JP", "customXml", "webSettings"):
        assert leftover not in everything, leftover
    assert len(fonts) == len(set(fonts)) and "Times New Roman" in fonts
    assert "<Application>政府信息公开年报助手</Application>" in app


def test_every_table_label_breaks_between_words_only():
    """Each printed line of every label fits its cell (so nothing wraps where the cell happens
    to end); labels too long for one line break where LABEL_LINES says — between words."""
    from models.catalogue import LAYOUTS
    from models.export.base import SIZE_TABLE, SIZE_TABLE_SMALL
    from models.export.tables import COLUMN_MM, LABEL_LINES, fits, printed_label
    for layout in LAYOUTS.values():
        for table in layout.tables:
            widths = COLUMN_MM[(table.key, table.n_cols)]
            size = SIZE_TABLE_SMALL if table.n_cols > 10 else SIZE_TABLE
            for g in table.grid:
                if g.key:
                    assert fits("99999", widths[g.col], size), (table.key, g)   # five-digit figures
                    continue
                width = sum(widths[g.col:g.col + g.colspan])
                lines = printed_label(g.text, width, size).split("\n")
                assert "".join(lines) == g.text
                assert all(fits(line, width, size) for line in lines), (table.key, g.text, lines)
                if len(lines) > 1:
                    assert tuple(lines) == LABEL_LINES[g.text]
    assert printed_label("三、本年度办理结果", 12.5, SIZE_TABLE) == "三、\n本年度\n办理\n结果"
    assert printed_label("（六）其他处理", 66.2, SIZE_TABLE) == "（六）其他处理"      # the 2019 row: one line


def test_the_package_is_a_deterministic_zip_of_well_formed_parts(monkeypatch):
    """Written straight from the parts' text (models/export/package.py): the same report at the
    same time gives the same bytes; every part is well-formed XML, declared in the content types,
    [Content_Types].xml first; python-docx (as Word) reads it back."""
    import io
    import zipfile
    from datetime import datetime
    from lxml import etree
    from models import clock
    from models.export.check_sheet import build_check_sheet
    from models.export.document import build_document
    monkeypatch.setattr(clock, "now_utc", lambda: datetime(2025, 1, 20, 8, 30))
    report = sample("pingtan-2023") if SAMPLES.exists() else good_report()
    first = build_document(report, draft=True).to_bytes()
    assert build_document(report, draft=True).to_bytes() == first
    assert build_document(report).to_bytes() != first                        # the draft mark
    for data in (first, build_check_sheet(report, [], date(2025, 1, 20)).to_bytes()):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert package.testzip() is None
            infos = package.infolist()
            assert infos[0].filename == "[Content_Types].xml"
            assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
            parts = {i.filename: etree.fromstring(package.read(i.filename)) for i in infos}
        declared = {o.get("PartName").lstrip("/") for o in parts["[Content_Types].xml"]
                    if o.tag.endswith("Override")}
        assert declared == {n for n in parts if not n.endswith(".rels") and n != "[Content_Types].xml"}
    core = docx.Document(io.BytesIO(first)).core_properties
    stamps = {core.created.replace(tzinfo=None), core.modified.replace(tzinfo=None)}
    assert stamps == {datetime(2025, 1, 20, 8, 30)} and core.revision == 1
