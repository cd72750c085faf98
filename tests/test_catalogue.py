"""The catalogue against the spec (format.md, data-file.md) and the real WPS template."""

import re
from collections import Counter

import pytest

from models import catalogue as cat
from tests.factory import SAMPLES, SPEC, TEMPLATE, need_shared, sample_names


def _grid_matrix(table):
    matrix = [[None] * table.n_cols for _ in range(table.n_grid_rows)]
    for g in table.grid:
        for r in range(g.row, g.row + g.rowspan):
            for c in range(g.col, g.col + g.colspan):
                assert matrix[r][c] is None, f"{table.key}: grid cells overlap at {r},{c}"
                matrix[r][c] = g
    return matrix


@pytest.mark.parametrize("layout", cat.LAYOUTS.values(), ids=lambda l: l.name)
def test_every_grid_is_fully_covered_and_holds_every_key_once(layout):
    for table in layout.tables:
        matrix = _grid_matrix(table)
        assert all(all(cell is not None for cell in row) for row in matrix), f"{table.key} has holes"
        keys = [g.key for g in table.grid if g.key]
        assert len(keys) == len(set(keys))
        assert set(keys) == {k for k, c in layout.cells.items() if c.table == table.key}


def test_cell_counts_match_the_spec():
    # format.md §3: 2021 表三 25 rows × 7 = 175 cells; 2019 23 × 7 = 161; 表四 15 cells.
    def count(layout, table):
        return sum(1 for c in layout.cells.values() if c.table == table)
    assert (count(cat.LAYOUT_2021, "t2"), count(cat.LAYOUT_2021, "t3"), count(cat.LAYOUT_2021, "t4")) == (10, 175, 15)
    assert (count(cat.LAYOUT_2019, "t2"), count(cat.LAYOUT_2019, "t3"), count(cat.LAYOUT_2019, "t4")) == (22, 161, 15)


def test_cell_keys_follow_the_data_file_grammar():
    # data-file.md "Cell keys", restated independently of the catalogue
    t3_rows = (["r1", "r2", "r3_1", "r3_2"] + [f"r3_3_{i}" for i in range(1, 9)] + [f"r3_4_{i}" for i in range(1, 4)]
               + [f"r3_5_{i}" for i in range(1, 6)] + [f"r3_6_{i}" for i in range(1, 4)] + ["r3_7", "r4"])
    t3_cols = ["zrr", "syqy", "kyjg", "shgy", "flfw", "qt", "zj"]
    t4 = [f"t4.{b}.{c}" for b in ("fy", "zs", "fyhs") for c in ("wc", "jz", "qt", "wj", "zj")]
    keys_2021 = ([f"t2.{r}.{c}" for r in ("gz", "gfxwj") for c in ("made", "repealed", "valid")]
                 + ["t2.xzxk.count", "t2.xzcf.count", "t2.xzqz.count", "t2.sf.amount"]
                 + [f"t3.{r}.{c}" for r in t3_rows for c in t3_cols] + t4)
    assert list(cat.LAYOUT_2021.cells) == keys_2021
    rows_2019 = [r for r in t3_rows if not r.startswith("r3_6_")]
    rows_2019.insert(rows_2019.index("r3_7"), "r3_6")
    keys_2019 = ([f"t2.{r}.{c}" for r in ("gz", "gfxwj") for c in ("new_made", "new_public", "total_public")]
                 + [f"t2.{r}.{c}" for r in ("xzxk", "qtdwgl", "xzcf", "xzqz") for c in ("prev_items", "delta", "decisions")]
                 + ["t2.sf.prev_items", "t2.sf.delta", "t2.zfcg.items", "t2.zfcg.amount"]
                 + [f"t3.{r}.{c}" for r in rows_2019 for c in t3_cols] + t4)
    assert list(cat.LAYOUT_2019.cells) == keys_2019


def test_every_key_in_the_real_samples_is_known():
    need_shared(SAMPLES)
    import json
    for name in sample_names():
        data = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
        assert set(data["cells"]) <= set(cat.LAYOUTS[data["format"]].cells), name


def test_value_kinds_and_totals():
    cells = cat.LAYOUT_2021.cells
    assert [k for k, c in cells.items() if c.kind is cat.ValueKind.AMOUNT] == ["t2.sf.amount"]
    totals = {k for k, c in cells.items() if c.is_total}
    assert totals == ({f"t3.{r.key}.zj" for r in cat.LAYOUT_2021.table("t3").rows}
                      | {f"t3.r3_7.{c}" for c in cat.T3_PARTS} | {"t4.fy.zj", "t4.zs.zj", "t4.fyhs.zj"})
    signed = [k for k, c in cat.LAYOUT_2019.cells.items() if c.kind is cat.ValueKind.SIGNED]
    assert signed == ["t2.xzxk.delta", "t2.qtdwgl.delta", "t2.xzcf.delta", "t2.xzqz.delta", "t2.sf.delta"]


def test_every_row_has_guidance_of_at_most_80_characters():
    for layout in cat.LAYOUTS.values():
        for table in layout.tables:
            for row in table.rows:
                assert 0 < len(row.guidance) <= 80, (layout.name, row.key)


def test_cell_names_are_unique():
    for layout in cat.LAYOUTS.values():
        names = Counter(c.name for c in layout.cells.values())
        assert names.most_common(1)[0][1] == 1


def test_sections_and_headings():
    assert [s.heading for s in cat.SECTIONS] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert cat.SECTIONS[0].subheadings == ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理",
                                           "（四）政府信息公开平台建设", "（五）监督保障")


# --- labels character for character ------------------------------------------------------

_TD = re.compile(r"<td(?P<attrs>[^>]*)>(?P<text>[^<]*)</td>")


def _html_blocks():
    text = need_shared(SPEC / "format.md").read_text(encoding="utf-8")
    return re.findall(r"```html\n(.*?)```", text, re.S)


def _spans(attrs):
    rs = re.search(r'rowspan="(\d+)"', attrs)
    cs = re.search(r'colspan="(\d+)"', attrs)
    return int(rs.group(1)) if rs else 1, int(cs.group(1)) if cs else 1


@pytest.mark.parametrize("block,layout,table", [(0, "2021", "t2"), (1, "2019", "t2"), (2, "2021", "t3"),
                                                (3, "2021", "t4"), (3, "2019", "t4")])
def test_labels_and_merges_match_format_md(block, layout, table):
    html = _html_blocks()[block]
    ours = Counter((g.text.replace("\n", ""), g.rowspan, g.colspan)
                   for g in cat.LAYOUTS[layout].table(table).grid if g.text)
    for m in _TD.finditer(html):
        text = m.group("text").replace("<br/>", "")
        if not text or "…" in text or "数据" in text:
            continue
        assert (text, *_spans(m.group("attrs"))) in ours, text


def test_2019_table3_has_a_single_other_row():
    grid = cat.LAYOUT_2019.table("t3").grid
    assert any(g.text == "（六）其他处理" and g.colspan == 2 and g.rowspan == 1 for g in grid)
    assert any(g.text == "三、本年度办理结果" and g.rowspan == 20 for g in grid)
    assert any(g.text == "三、本年度办理结果" and g.rowspan == 22 for g in cat.LAYOUT_2021.table("t3").grid)


def _norm(text):
    return re.sub(r"\s+", "", text.replace("\u3000", ""))


def test_2021_tables_match_the_real_wps_template_cell_for_cell():
    docx = pytest.importorskip("docx")
    document = docx.Document(str(need_shared(TEMPLATE)))
    for table_key, wps in zip(("t2", "t3", "t4"), document.tables):
        table = cat.LAYOUT_2021.table(table_key)
        matrix = _grid_matrix(table)
        wps_rows = [[_norm(c.text) for c in row.cells] for row in wps.rows]
        ours = [[("" if g.key else _norm(g.text)) for g in row] for row in matrix]
        assert ours == wps_rows, table_key
