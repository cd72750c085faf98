"""The print-preview HTML, read back with lxml and with Qt's own QTextDocument: title, headings,
every label, figure and merge of every real sample, draft mark, fees, 落款, escaping; the same
paragraphs and cells as the .docx; the 审核说明表."""

import io
import re
from datetime import date
from decimal import Decimal

import docx
import lxml.html
import pytest

from models.catalogue import SECTIONS
from models.checks import check_report
from models.export.check_sheet import build_check_sheet
from models.export.document import DRAFT_MARK, build_document
from models.export.html import check_sheet_html, report_html
from models.export.tables import COLUMN_MM
from models.report import Fees
from models.sentences import fee_sentence
from models.signoff import sign_off
from tests.factory import good_report, sample, sample_names

SIGNED = date(2025, 1, 20)
GENERIC = ("serif", "sans-serif")


def _text(element) -> str:
    """Text content with <br/> read as a line break."""
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return element.text_content()


def _parse(html: str):
    return lxml.html.document_fromstring(html)


def _paragraphs(root) -> list[tuple[str, str]]:
    """(class, text) of the paragraphs outside the tables, in order."""
    return [(p.get("class"), _text(p)) for p in root.xpath("/html/body/p")]


def _cells(table) -> list[tuple[int, int, int, int, str]]:
    """(row, col, rowspan, colspan, text) of every <td>, placed as a browser places them."""
    taken, cells = set(), []
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for td in tr.iter("td"):
            while (r, c) in taken:
                c += 1
            rowspan, colspan = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            cells.append((r, c, rowspan, colspan, _text(td)))
            taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
            c += colspan
    return cells


def _matrix(cells) -> list[list[str]]:
    """Every grid position with the text of the cell covering it (what python-docx reads)."""
    rows = max(r + rs for r, _, rs, _, _ in cells)
    cols = max(c + cs for _, c, _, cs, _ in cells)
    matrix = [[None] * cols for _ in range(rows)]
    for r, c, rs, cs, text in cells:
        for i in range(r, r + rs):
            for j in range(c, c + cs):
                matrix[i][j] = text
    return matrix


def _shown(report, g) -> str:
    """From the catalogue: a label as written, a figure as entered, an empty cell as 0."""
    if not g.key:
        return g.text
    return "0" if report.cells.get(g.key) is None else str(report.cells[g.key])


def _expected_cells(layout_table, report):
    return sorted((g.row, g.col, g.rowspan, g.colspan, _shown(report, g)) for g in layout_table.grid)


# --- the report, read back with lxml -------------------------------------------------------


@pytest.mark.parametrize("name", sample_names() or ["(none)"])
def test_every_label_figure_and_merge_of_every_sample(name):
    report = sample(name)
    tables = _parse(report_html(report, sign_date=SIGNED)).xpath("//table")
    assert len(tables) == 3
    for table, key in zip(tables, ("t2", "t3", "t4")):
        layout_table = report.layout.table(key)
        # (a label too long for its cell is broken between words: models/export/tables.LABEL_LINES)
        assert sorted((*c[:4], c[4].replace("\n", "")) for c in _cells(table)) == \
            _expected_cells(layout_table, report), key
        assert len(table.xpath("./thead/tr")) == layout_table.header_rows, key


def test_the_2019_layout_is_drawn_with_its_own_columns():
    report = sample("pingtan-2019")
    assert report.format == "2019"
    t2 = _parse(report_html(report)).xpath("//table")[0]
    cells = _cells(t2)
    assert max(c + cs for _, c, _, cs, _ in cells) == 5
    assert (1, 2, 1, 2, "本年新公开数量") in cells
    assert any(text == "其他对外管理服务事项" for *_, text in cells)


def test_title_headings_text_fees_and_signature():
    report = good_report()
    report.fees = Fees(2, Decimal("300"), Decimal("120.5"))
    report.text["s6"] = "本年度无其他需要报告的事项。"
    root = _parse(report_html(report, sign_date=SIGNED))
    paragraphs = _paragraphs(root)
    assert paragraphs[0] == ("title", "某某镇人民政府\n2024年政府信息公开工作年度报告")
    assert root.findtext(".//title") == "某某镇人民政府2024年政府信息公开工作年度报告"
    assert [t for c, t in paragraphs if c == "heading1"] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert ("heading2", "（一）主动公开") in paragraphs and ("heading2", "（五）监督保障") in paragraphs
    assert ("text", "本年度无其他需要报告的事项。") in paragraphs
    fees = [t for c, t in paragraphs if c == "text" and "收费通知2件" in t]
    assert fees and "300元" in fees[0] and "120.5元" in fees[0]
    assert all(("text", line) in paragraphs for line in fee_sentence(report.fees).split("\n"))
    assert paragraphs[-2:] == [("signature", "某某镇人民政府"), ("signature", "2025年1月20日")]
    # each table right under its section's heading
    assert [_text(t.getprevious()) for t in root.xpath("//table")] == [s.heading for s in SECTIONS if s.table]


def test_no_signature_when_asked():
    paragraphs = _paragraphs(_parse(report_html(good_report(), signature=False)))
    assert not [p for p in paragraphs if p[0] == "signature"]
    assert paragraphs[-1][0] != "signature" and paragraphs[-1][1]


def test_draft_mark_only_when_draft():
    report = good_report()
    draft = _paragraphs(_parse(report_html(report, draft=True)))
    assert draft[0] == ("draft", DRAFT_MARK) and draft[1][0] == "title"
    assert DRAFT_MARK not in report_html(report) and "草" not in report_html(report)


def test_text_is_escaped():
    report = good_report()
    report.unit.name = 'A<&>"B镇'
    report.text["s5"] = "<b>不是标签</b> & 5 < 6"
    html = report_html(report, sign_date=SIGNED)
    assert "<b>" not in html and 'A<&>"B' not in html and "A&lt;&amp;&gt;&quot;B镇" in html
    root = _parse(html)
    paragraphs = _paragraphs(root)
    assert paragraphs[0] == ("title", 'A<&>"B镇2024年政府信息公开工作年度报告')   # fits one line of 2号
    assert ("text", "<b>不是标签</b> & 5 < 6") in paragraphs
    assert paragraphs[-2] == ("signature", 'A<&>"B镇')
    assert root.findtext(".//title").startswith('A<&>"B镇') and not root.xpath("//b")


def test_font_families_end_with_a_generic_family():
    html = report_html(good_report(), draft=True)
    styles = _parse(html).xpath("//@style")
    families = [d.split(":", 1)[1] for s in styles for d in s.split(";") if d.strip().startswith("font-family")]
    names = [[n.strip().strip("'\"") for n in f.split(",")] for f in families]
    assert {n[0] for n in names} == {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"}
    assert all(n[-1] in GENERIC and len(n) >= 4 for n in names), names


# --- the same content as the .docx -----------------------------------------------------------


def _read_back(package):
    """A package the export built, as Word would read it (through python-docx)."""
    return docx.Document(io.BytesIO(package.to_bytes()))


def test_docx_and_html_say_the_same():
    report = sample("pingtan-2023")
    document = _read_back(build_document(report, sign_date=SIGNED))
    root = _parse(report_html(report, sign_date=SIGNED))
    docx_paragraphs = [p.text for p in document.paragraphs if p.text]
    assert len(docx_paragraphs) > 15
    assert [text for _, text in _paragraphs(root)] == docx_paragraphs
    for docx_table, table in zip(document.tables, root.xpath("//table"), strict=True):
        assert [[c.text for c in row.cells] for row in docx_table.rows] == _matrix(_cells(table))


S5_EXPLANATION = "2023年开展规范性文件集中清理，宣布失效173件。\n附：清理目录<见附件>"


def _check_sheet_cases():
    last, this = sample("pingtan-2022"), sample("pingtan-2023")
    this.explanations["S-5"] = S5_EXPLANATION
    broken = sample("pingtan-2020")
    return [(this, check_report(this, last)), (broken, check_report(broken)), (good_report(), [])]


def test_check_sheet_says_what_the_docx_says():
    for report, findings in _check_sheet_cases():
        document = _read_back(build_check_sheet(report, findings, date(2024, 3, 1)))
        root = _parse(check_sheet_html(report, findings, date(2024, 3, 1)))
        paragraphs = _paragraphs(root)
        assert [t for _, t in paragraphs] == [p.text for p in document.paragraphs if p.text]
        assert paragraphs[0][0] == "title" and paragraphs[0][1].endswith("审核说明表")
        # not yet signed off (强制, or 核实 without a 说明): 注意…只能作为草稿
        assert ("heading2" in [c for c, _ in paragraphs]) == (not sign_off(findings).final)
        tables = root.xpath("//table")
        assert len(tables) == len(document.tables) == (1 if findings else 0)
        if not findings:
            continue
        rows = _matrix(_cells(tables[0]))
        assert rows == [[c.text for c in row.cells] for row in document.tables[0].rows]
        header = tables[0].xpath("./thead/tr/td")
        assert [_text(td) for td in header] == ["序号", "规则", "类别", "审核内容", "说明"]
        assert {td.get("align") for td in header} == {"center"}
        for tr in tables[0].xpath("./tbody/tr"):   # 审核内容 and 说明 flush left, as in the .docx
            assert [td.get("align") for td in tr] == ["center"] * 3 + ["left"] * 2
        if report.year == 2023:
            (s5,) = [r for r in rows if r[1] == "S-5"]
            assert s5[2] == "核实" and s5[4] == S5_EXPLANATION


def test_check_sheet_without_findings_says_so():
    paragraphs = _paragraphs(_parse(check_sheet_html(good_report(), [])))
    assert ("text", "本报告未发现需要核实的事项。") in paragraphs
    assert paragraphs[-2][1].startswith("填报人") and paragraphs[-1][1].startswith("单位负责人")


# --- what Qt's QTextDocument makes of it -------------------------------------------------------


def _qt_cell_text(cell) -> str:
    from PySide6.QtGui import QTextCursor
    cursor = cell.firstCursorPosition()
    cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


@pytest.mark.parametrize("name", ["pingtan-2023", "pingtan-2019"])
def test_qtextdocument_reads_it(qapp, name):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextDocument, QTextTable

    report = sample(name)
    document = QTextDocument()
    document.setHtml(report_html(report, draft=True, sign_date=SIGNED))
    text = document.toPlainText()
    assert f"平潭综合实验区（管委会，全区汇总）\n{report.year}年政府信息公开工作年度报告" in text
    assert str(report.cells["t3.r1.zj"]) in text
    assert DRAFT_MARK.replace("\u3000", " ") in text          # toPlainText() writes U+3000 as a space
    tables = [frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)]
    assert len(tables) == 3
    for table, key in zip(tables, ("t2", "t3", "t4")):
        layout_table = report.layout.table(key)
        assert (table.rows(), table.columns()) == (layout_table.n_grid_rows, layout_table.n_cols)
        assert table.format().headerRowCount() == layout_table.header_rows
        widths = COLUMN_MM[(key, layout_table.n_cols)]
        assert [round(c.rawValue(), 1) for c in table.format().columnWidthConstraints()] == \
               [round(mm * 100 / sum(widths), 1) for mm in widths], key
        for g in layout_table.grid:
            cell = table.cellAt(g.row, g.col)
            spans = (cell.row(), cell.column(), cell.rowSpan(), cell.columnSpan())
            assert spans == (g.row, g.col, g.rowspan, g.colspan), (key, g)
            assert re.sub(r"\s", "", _qt_cell_text(cell)) == _shown(report, g)   # (long labels on lines)
            # labels and the corner note flush left, headings and figures centred, as in the .docx
            align = cell.firstCursorPosition().blockFormat().alignment()
            assert bool(align & Qt.AlignmentFlag.AlignLeft) == (g.role in ("label", "note")), g
            assert bool(align & Qt.AlignmentFlag.AlignHCenter) == (g.role not in ("label", "note")), g
        size = table.cellAt(layout_table.n_grid_rows - 1, layout_table.n_cols - 1).firstCursorPosition().charFormat()
        assert size.fontPointSize() == (9 if key == "t4" else 10.5), key
    t3 = tables[1]
    assert _qt_cell_text(t3.cellAt(3, 9)) == str(report.cells["t3.r1.zj"])


def test_qtextdocument_fonts_sizes_and_indent(qapp):
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(report_html(good_report(), sign_date=SIGNED))
    blocks = {}
    block = document.begin()
    while block.isValid():
        blocks.setdefault(block.text(), block)
        block = block.next()

    def look(text):
        b = blocks[text]
        fmt = b.begin().fragment().charFormat()
        # the size of the font Qt draws with (an <h1>…<h6> would override font-size: not the property)
        return fmt.fontFamilies()[0], fmt.fontFamilies()[-1], fmt.font().pointSizeF(), b.blockFormat()

    family, generic, size, _ = look("某某镇人民政府\u20282024年政府信息公开工作年度报告")
    assert (family, generic, size) == ("方正小标宋简体", "serif", 22)
    family, generic, size, fmt = look("一、总体情况")
    assert (family, generic, size) == ("黑体", "sans-serif", 16)
    assert abs(fmt.textIndent() - 2 * 16 * 96 / 72) < 0.1      # 左空二字 at 16 pt
    family, _, size, _ = look("（一）主动公开")
    assert (family, size) == ("楷体_GB2312", 16)
    body = next(t for t in blocks if t.startswith("本年主动公开"))
    family, generic, size, fmt = look(body)
    assert (family, generic, size) == ("仿宋_GB2312", "serif", 16) and fmt.textIndent() > 40
