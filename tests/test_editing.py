"""The Editor: every change of a report persisted, totals recomputed, checks re-run, undo/redo,
listeners; pasting from Excel/WPS; findings by cell and by wizard step."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.catalogue import LAYOUTS, T3_COLUMNS
from models.clipboard import parse_clipboard, positions
from models.editing import STEPS, Change, Editor, step_of
from models.report import Fees
from models.storage import StorageError, Store
from models.values import InputError
from tests.factory import good_report, next_year, sample

L21 = LAYOUTS["2021"]


@pytest.fixture
def db(tmp_path):
    return tmp_path / "reports.sqlite3"


@pytest.fixture
def store(db):
    with Store.open(db) as s:
        yield s


@pytest.fixture
def empty_id(store) -> int:
    unit = store.create_unit("某某镇人民政府", "gov", "township")
    return store.create_report(unit, 2024)


@pytest.fixture
def good_id(store) -> int:
    return store.save_report(good_report(2024), origin="typed")


def reopen(db, report_id) -> Editor:
    """A fresh Editor on a fresh connection to the same file."""
    return Editor(Store.open(db), report_id)


def stored(store, report_id) -> dict:
    """The cells as stored, read without the Editor (which would recompute totals)."""
    return store.load_report(report_id).cells


class Spy:
    def __init__(self, editor):
        self.changes: list[Change] = []
        editor.add_listener(self.changes.append)


# ---------------------------------------------------------------------------
# Cells and totals
# ---------------------------------------------------------------------------


def test_set_cell_recomputes_and_persists_totals(db, store, empty_id):
    ed = Editor(store, empty_id)
    ed.set_cell("t3.r3_1.zrr", 5)
    ed.set_cell("t3.r3_1.syqy", 2)
    for key, value in {"t3.r3_1.zj": 7, "t3.r3_7.zrr": 5, "t3.r3_7.syqy": 2, "t3.r3_7.zj": 7}.items():
        assert ed.report.cells[key] == value
        assert stored(store, empty_id)[key] == value   # persisted, not only in memory
    assert ed.origins["t3.r3_1.zrr"] == "typed"
    again = reopen(db, empty_id)
    assert again.report.cells == ed.report.cells
    assert again.recomputed == []


def test_new_report_gets_every_total_on_open_but_none_is_reported(store, empty_id):
    ed = Editor(store, empty_id)
    totals = {i.total for i in L21.identities}
    assert {k for k in stored(store, empty_id)} == totals
    assert all(ed.report.cells[t] == 0 and ed.origins[t] == "computed" for t in totals)
    assert ed.recomputed == []


def test_input_cell_parses_what_the_clerk_types(store, empty_id):
    ed = Editor(store, empty_id)
    ed.input_cell("t3.r1.zrr", " １,２３４ ")
    ed.input_cell("t2.sf.amount", "0.0920")
    assert ed.report.cells["t3.r1.zrr"] == 1234 and ed.report.cells["t3.r1.zj"] == 1234
    assert str(stored(store, empty_id)["t2.sf.amount"]) == "0.0920"
    ed.input_cell("t3.r1.zrr", "/")
    assert ed.report.cells["t3.r1.zrr"] is None and ed.report.cells["t3.r1.zj"] == 0


def test_bad_input_changes_nothing(store, empty_id):
    ed = Editor(store, empty_id)
    ed.set_cell("t3.r1.zrr", 3)
    spy = Spy(ed)
    before = dict(ed.report.cells)
    for text in ("3a", "-1", "1.5"):
        with pytest.raises(InputError, match="“"):
            ed.input_cell("t3.r1.zrr", text)
    with pytest.raises(InputError):
        ed.set_cell("t3.r1.zrr", Decimal("2"))   # not an integer: refused before the store
    assert ed.report.cells == before and stored(store, empty_id)["t3.r1.zrr"] == 3
    assert ed.undo_description == "修改 一、本年新收政府信息公开申请数量·自然人"
    assert spy.changes == []


def test_clear_cells(store, good_id):
    ed = Editor(store, good_id)
    ed.clear_cells(["t3.r1.zrr", "t3.r1.syqy"])
    assert ed.report.cells["t3.r1.zrr"] is None and ed.report.cells["t3.r1.syqy"] is None
    assert ed.report.cells["t3.r1.zj"] == 2 == stored(store, good_id)["t3.r1.zj"]
    assert stored(store, good_id)["t3.r1.zrr"] is None
    assert ed.undo_description == "清除 2 个单元格"
    ed.undo()
    assert ed.report.cells["t3.r1.zrr"] == 10 and ed.report.cells["t3.r1.zj"] == 14


@pytest.mark.parametrize("edit", [
    lambda ed: ed.set_cell("t3.r1.zj", 3),
    lambda ed: ed.input_cell("t3.r3_7.zrr", "3"),
    lambda ed: ed.clear_cells(["t3.r1.zrr", "t4.fy.zj"]),
    lambda ed: ed.set_cells({"t3.r1.zrr": 1, "t3.r4.zj": 3}),
], ids=["set_cell", "input_cell", "clear_cells", "set_cells"])
def test_a_total_is_never_typed(store, good_id, edit):
    ed = Editor(store, good_id)
    before = dict(ed.report.cells)
    with pytest.raises(ValueError, match="合计由程序自动计算，不能直接填写"):
        edit(ed)
    assert ed.report.cells == before == stored(store, good_id)
    assert not ed.can_undo


def test_unknown_cell_is_a_bug(store, empty_id):
    with pytest.raises(ValueError, match="没有单元格"):
        Editor(store, empty_id).set_cell("t3.r3_6.zrr", 1)   # a 2019 key


def test_set_cells_is_one_step_and_one_transaction(store, empty_id, monkeypatch):
    ed = Editor(store, empty_id)
    calls = []
    real = store.set_cells
    monkeypatch.setattr(store, "set_cells", lambda *a, **k: (calls.append(a), real(*a, **k))[1])
    change = ed.set_cells({"t3.r1.zrr": 1, "t3.r1.syqy": 2, "t4.fy.wc": 3}, "沿用上年")
    assert len(calls) == 1 and set(calls[0][1]) == change.cells
    assert change.cells == {"t3.r1.zrr", "t3.r1.syqy", "t3.r1.zj", "t4.fy.wc", "t4.fy.zj"}
    assert ed.undo_description == "沿用上年"
    ed.undo()
    assert not ed.can_undo and ed.report.cells["t4.fy.zj"] == 0


def test_an_edit_does_not_reload_the_report(store, good_id, monkeypatch):
    ed = Editor(store, good_id)
    monkeypatch.setattr(store, "load_report", lambda *a: pytest.fail("reloaded"))
    monkeypatch.setattr(store, "cell_origins", lambda *a: pytest.fail("reloaded"))
    ed.set_cell("t3.r1.zrr", 11)
    ed.set_text("s5", "x" * 40)
    ed.undo()
    ed.redo()


# ---------------------------------------------------------------------------
# Recomputed on open; previous year
# ---------------------------------------------------------------------------


def test_totals_recomputed_on_open_of_the_real_pingtan_2020(db, store):
    report = sample("pingtan-2020")
    assert report.cells["t3.r3_7.zrr"] == 20
    report_id = store.save_report(report)
    ed = Editor(store, report_id)
    assert ("t3.r3_7.zrr", 20, 26) in ed.recomputed
    assert ("t3.r3_7.zj", 21, 27) in ed.recomputed
    assert ed.report.cells["t3.r3_7.zrr"] == 26 == stored(store, report_id)["t3.r3_7.zrr"]
    assert ed.origins["t3.r3_7.zrr"] == "computed" == store.cell_origins(report_id)["t3.r3_7.zrr"]
    assert ed.origins["t3.r1.zrr"] == "imported"
    assert not [f for f in ed.findings if f.rule == "H-3"]
    assert reopen(db, report_id).recomputed == []


def test_previous_year_is_found_in_the_store(store):
    last = good_report(2023)
    this = next_year(last)
    last_id = store.save_report(last)
    this_id = store.save_report(this)
    other = good_report(2023)
    other.unit.name = "另一个镇人民政府"
    store.save_report(other)
    ed = Editor(store, this_id)
    assert ed.previous is not None and ed.previous.year == 2023
    assert ed.previous.unit.name == "某某镇人民政府"
    assert not [f for f in ed.findings if f.rule == "S-3"]
    ed.set_cell("t3.r2.zrr", ed.report.cells["t3.r2.zrr"] + 1)
    assert "S-3" in {f.rule for f in ed.findings_for("t3.r2.zrr")}   # the cross-year rule runs
    assert Editor(store, last_id).previous is None


# ---------------------------------------------------------------------------
# Paste
# ---------------------------------------------------------------------------


def test_parse_clipboard():
    assert parse_clipboard("7") == [["7"]]
    assert parse_clipboard("7\r\n") == [["7"]]
    assert parse_clipboard("\r\n") == [[""]]           # one empty cell copied
    assert parse_clipboard("") == []
    assert parse_clipboard("1\t2\n3\t4\n") == [["1", "2"], ["3", "4"]]
    assert parse_clipboard("1\t2\r\n3\t4") == [["1", "2"], ["3", "4"]]
    assert parse_clipboard("1\t\t\r\n") == [["1", "", ""]]
    assert parse_clipboard('"a\tb"\t"say ""hi"""\t"x\r\ny"\r\n2\t3\t4\r\n') == [
        ["a\tb", 'say "hi"', "x\r\ny"], ["2", "3", "4"]]
    assert parse_clipboard('5"\t"open') == [['5"', '"open']]   # only an opening quote quotes


def test_positions_are_the_grid_the_clerk_sees():
    t3 = positions(L21, "t3")
    assert t3[0] == [f"t3.r1.{c.key}" for c in T3_COLUMNS]
    assert [row[0].split(".")[1] for row in t3][:4] == ["r1", "r2", "r3_1", "r3_2"]
    assert t3[-1][-1] == "t3.r4.zj"
    assert positions(L21, "t2") == [
        ["t2.gz.made", "t2.gz.repealed", "t2.gz.valid"],
        ["t2.gfxwj.made", "t2.gfxwj.repealed", "t2.gfxwj.valid"],
        ["t2.xzxk.count"], ["t2.xzcf.count"], ["t2.xzqz.count"], ["t2.sf.amount"]]
    t4 = positions(L21, "t4")
    assert len(t4) == 1 and t4[0][:5] == ["t4.fy.wc", "t4.fy.jz", "t4.fy.qt", "t4.fy.wj", "t4.fy.zj"]
    assert t4[0][5] == "t4.zs.wc" and t4[0][10] == "t4.fyhs.wc" and t4[0][14] == "t4.fyhs.zj"
    assert positions("2019", "t2")[2] == ["t2.xzxk.prev_items", "t2.xzxk.delta", "t2.xzxk.decisions"]
    for layout in LAYOUTS.values():   # every cell exactly once
        keys = [k for t in ("t2", "t3", "t4") for row in positions(layout, t) for k in row]
        assert sorted(keys) == sorted(layout.cells)


# Three rows × seven columns as Excel puts them on the clipboard: "\r\n", a trailing line end,
# a quoted cell, full-width digits, thousands separators; the 总计 column holds stale figures,
# one of them a quoted text with a line break inside.
EXCEL_BLOCK = (
    "1,234\t２\t0\t\"3\"\t0\t/\t9999\r\n"
    "1\t0\t0\t0\t0\t0\t\"合\n计\"\r\n"
    "５\t1\t\t0\t0\t0\t8\r\n"
)


def test_paste_a_block_from_excel(db, store, empty_id, monkeypatch):
    ed = Editor(store, empty_id)
    spy = Spy(ed)
    calls = []
    real = store.set_cells
    monkeypatch.setattr(store, "set_cells", lambda *a, **k: (calls.append(a), real(*a, **k))[1])
    change = ed.paste("t3.r1.zrr", EXCEL_BLOCK)
    assert len(calls) == 1
    c = ed.report.cells
    assert [c[f"t3.r1.{col.key}"] for col in T3_COLUMNS] == [1234, 2, 0, 3, 0, None, 1239]
    assert [c[f"t3.r2.{col.key}"] for col in T3_COLUMNS] == [1, 0, 0, 0, 0, 0, 1]
    assert [c[f"t3.r3_1.{col.key}"] for col in T3_COLUMNS] == [5, 1, None, 0, 0, 0, 6]
    assert c["t3.r3_7.zrr"] == 5 and c["t3.r3_7.zj"] == 6
    assert ed.undo_description == "粘贴 18 个单元格" == change.description
    assert spy.changes == [change] and {"t3.r1.zj", "t3.r3_7.zj"} <= change.cells
    assert all(ed.origins[f"t3.r1.{col.key}"] == "typed" for col in T3_COLUMNS)
    assert reopen(db, empty_id).report.cells == c
    ed.undo()
    assert c["t3.r1.zrr"] is None and c["t3.r1.zj"] == 0 and stored(store, empty_id)["t3.r1.zj"] == 0


def test_paste_into_table_four_and_table_two(store, empty_id):
    ed = Editor(store, empty_id)
    ed.paste("t4.fy.qt", "1\t2\t99\t3\t4\r\n")    # 其他结果, 尚未审结, [总计], 直接起诉 结果维持, 结果纠正
    c = ed.report.cells
    assert (c["t4.fy.qt"], c["t4.fy.wj"], c["t4.fy.zj"], c["t4.zs.wc"], c["t4.zs.jz"]) == (1, 2, 3, 3, 4)
    ed.paste("t2.xzcf.count", "5\n6\n0.50\n")
    assert (c["t2.xzcf.count"], c["t2.xzqz.count"], str(c["t2.sf.amount"])) == (5, 6, "0.50")
    ed.paste("t3.r1.zj", "7")                        # only a total: nothing to do
    assert c["t3.r1.zj"] == 0 and ed.undo_description == "粘贴 3 个单元格"


def test_paste_with_a_bad_value_is_refused_as_a_whole(store, good_id):
    ed = Editor(store, good_id)
    spy = Spy(ed)
    before = dict(ed.report.cells)
    block = "1\t2\t3\r\n4\t5\t12a\r\n"
    with pytest.raises(InputError) as caught:
        ed.paste("t3.r2.zrr", block)
    message = str(caught.value)
    assert "粘贴的第 2 行第 3 列“12a”（（一）予以公开·科研机构）不是数字" in message
    assert ed.report.cells == before == stored(store, good_id)
    assert not ed.can_undo and spy.changes == []
    with pytest.raises(InputError, match="第 1 行第 2 列“-3”（二、上年结转政府信息公开申请数量·商业企业）：件数不能为负数"):
        ed.paste("t3.r2.zrr", "1\t-3")
    with pytest.raises(InputError, match="小数"):
        ed.paste("t2.sf.amount", "0.1234567")


@pytest.mark.parametrize("start, block", [
    ("t3.r4.zrr", "1\r\n2\r\n"),            # below the last row
    ("t3.r1.flfw", "1\t2\t3\t4\r\n"),      # right of 总计
    ("t2.gfxwj.made", "1\t2\r\n3\t4\r\n"),  # 行政许可 has one column only
    ("t4.fyhs.wj", "1\t2\t3"),
], ids=["bottom", "right", "t2-ragged", "t4"])
def test_paste_past_the_edge_is_refused(store, good_id, start, block):
    ed = Editor(store, good_id)
    before = dict(ed.report.cells)
    with pytest.raises(InputError, match="超出了表格范围"):
        ed.paste(start, block)
    assert ed.report.cells == before == stored(store, good_id)
    assert not ed.can_undo


# ---------------------------------------------------------------------------
# Undo / redo
# ---------------------------------------------------------------------------


def test_undo_redo_cells(store, good_id):
    ed = Editor(store, good_id)
    assert not ed.can_undo and ed.undo() is None and ed.redo() is None
    ed.set_cell("t3.r1.zrr", 11)
    ed.set_cell("t3.r1.syqy", 3)
    assert ed.report.cells["t3.r1.zj"] == 16
    change = ed.undo()
    assert change.cells == {"t3.r1.syqy", "t3.r1.zj"}
    assert ed.report.cells["t3.r1.syqy"] == 2 and ed.report.cells["t3.r1.zj"] == 15
    assert stored(store, good_id)["t3.r1.zj"] == 15
    assert ed.can_redo and ed.redo_description == "修改 一、本年新收政府信息公开申请数量·商业企业"
    ed.undo()
    assert ed.report.cells["t3.r1.zrr"] == 10 and stored(store, good_id)["t3.r1.zj"] == 14
    assert not ed.can_undo and ed.undo_description == ""
    ed.redo()
    ed.redo()
    assert ed.report.cells["t3.r1.zj"] == 16 == stored(store, good_id)["t3.r1.zj"]
    assert not ed.can_redo


def test_undo_restores_empty_and_origin(store, empty_id):
    store.set_cells(empty_id, {"t3.r2.zrr": 4}, origin="carried")
    ed = Editor(store, empty_id)
    ed.paste("t3.r1.zrr", "1\r\n2\r\n")
    assert ed.origins["t3.r2.zrr"] == "typed"
    ed.undo()
    assert ed.report.cells["t3.r1.zrr"] is None      # absent before: now empty
    assert ed.report.cells["t3.r2.zrr"] == 4
    ed.set_cell("t3.r2.zrr", 5)
    ed.undo()
    assert ed.origins["t3.r2.zrr"] == "carried" == store.cell_origins(empty_id)["t3.r2.zrr"]


def test_a_new_edit_clears_redo(store, good_id):
    ed = Editor(store, good_id)
    ed.set_cell("t3.r1.zrr", 11)
    ed.undo()
    assert ed.can_redo
    ed.set_published(date(2025, 1, 20))
    assert not ed.can_redo and ed.redo() is None


def test_undo_redo_text_explanation_fees_unit_published(db, store, good_id):
    ed = Editor(store, good_id)
    original = store.load_report(good_id)
    edits = [
        (lambda: ed.set_text("s5", "新的问题和改进措施"), lambda r: r.text.get("s5")),
        (lambda: ed.set_text("preamble", ""), lambda r: r.text.get("preamble")),
        (lambda: ed.set_explanation("S-3", "机构改革"), lambda r: r.explanations.get("S-3")),
        (lambda: ed.set_fees(Fees(2, Decimal("25.00"), Decimal("25.00"))), lambda r: r.fees),
        (lambda: ed.set_fees(None), lambda r: r.fees),
        (lambda: ed.set_unit(name="某某街道办事处", level="county"), lambda r: (r.unit.name, r.unit.level)),
        (lambda: ed.set_published(date(2025, 1, 20)), lambda r: r.published),
    ]
    seen = []
    for edit, read in edits:
        before = read(ed.report)
        change = edit()
        after = read(ed.report)
        assert after != before and read(store.load_report(good_id)) == after
        assert change.meta or change.texts
        seen.append((read, before, after))
    for read, before, after in reversed(seen):
        ed.undo()
        assert read(ed.report) == before == read(store.load_report(good_id))
    assert store.load_report(good_id) == original
    for read, before, after in seen:
        ed.redo()
        assert read(ed.report) == after == read(store.load_report(good_id))
    assert reopen(db, good_id).report.unit.name == "某某街道办事处"


def test_typing_merges_into_one_undo_step(store, good_id):
    ed = Editor(store, good_id)
    original = ed.report.text["s5"]
    for i in range(1, 6):
        ed.set_text("s5", "问题" * i)
    assert store.load_report(good_id).text["s5"] == "问题" * 5
    assert ed.undo_description == "编辑 五、存在的主要问题及改进情况"
    ed.set_text("s1", "甲")          # another section: its own step
    ed.set_text("s1", "甲乙")
    ed.set_cell("t3.r1.zrr", 11)    # something else in between ends the typing
    ed.set_text("s1", "甲乙丙")
    ed.set_text("s1", "甲乙丙丁", merge=False)
    ed.undo()
    assert ed.report.text["s1"] == "甲乙丙"
    ed.undo()
    assert ed.report.text["s1"] == "甲乙"
    ed.undo()
    ed.undo()
    assert ed.report.text["s1"] == GOOD_S1
    ed.undo()
    assert ed.report.text["s5"] == original == store.load_report(good_id).text["s5"]
    assert not ed.can_undo
    ed.redo()
    assert ed.report.text["s5"] == "问题" * 5
    ed.set_text("s5", "另写")        # typing after a redo is a new step, not merged into it
    ed.undo()
    assert ed.report.text["s5"] == "问题" * 5


GOOD_S1 = good_report().text["s1"]


def test_taken_over_paragraphs_stay_marked_until_edited_or_confirmed(store, good_id):
    store.set_text(good_id, "s6", "去年的第一段。\n去年的第二段。", needs_review=True)
    ed = Editor(store, good_id)
    assert ed.needs_review.get("s6") is True
    assert ed.carried_paragraphs("s6") == ["去年的第一段。", "去年的第二段。"]
    assert not ed.set_text("s6", "去年的第一段。\n去年的第二段。")      # the same words: nothing changes
    ed.set_text("s6", "本年改写的第一段。\n去年的第二段。")               # editing a paragraph clears its mark
    assert ed.carried_paragraphs("s6") == ["去年的第二段。"]
    assert ed.confirm_carried("s6", ["去年的第二段。"]).description == "确认已核对（六、其他需要报告的事项）"
    assert ed.carried_paragraphs("s6") == [] and not ed.needs_review.get("s6")
    assert store.text_needs_review(good_id)["s6"] is False and store.load_report(good_id).marks == ()
    ed.undo()                                                          # one undo step
    assert ed.carried_paragraphs("s6") == ["去年的第二段。"] and store.text_needs_review(good_id)["s6"] is True
    ed.undo()
    assert ed.carried_paragraphs("s6") == ["去年的第一段。", "去年的第二段。"]
    assert not ed.confirm_carried("s5")                                 # nothing to confirm: no step


def test_reference_text_is_known_and_rewritten_when_the_tables_change(store, good_id):
    from models.sentences import disclosure_sentence

    ed = Editor(store, good_id)
    text = disclosure_sentence(ed.report)
    ed.set_text("s1", "（一）主动公开")
    ed.insert_reference("s1", "（一）主动公开\n" + text, "disclosure", text)
    assert ed.undo_description == "插入参考文本（一、总体情况）"
    assert [m.source for m in ed.report.marks] == ["disclosure", "disclosure"]        # two sentences
    assert not [f for f in ed.findings if f.rule == "S-9"]
    ed.set_cell("t2.gfxwj.made", 4)                                     # the table changes under it
    ed.set_cell("t2.gfxwj.valid", 21)
    found = [f for f in ed.findings if f.rule == "S-9" and f.rewrite]
    assert [f.cells for f in found] == [("t2.gfxwj.made",), ("t2.gfxwj.valid",)]   # one per wrong figure
    stale = found[0]
    assert "制发行政规范性文件3件" in stale.quote and "制发行政规范性文件4件" in stale.rewrite
    assert "按表格更新此句" in stale.message
    ed.rewrite_sentence(stale)
    assert ed.undo_description == "按表格更新此句（一、总体情况）"
    assert "制发行政规范性文件4件" in ed.report.text["s1"] and not [f for f in ed.findings if f.rule == "S-9"]
    assert store.load_report(good_id).text["s1"] == ed.report.text["s1"]
    ed.undo()
    assert "制发行政规范性文件3件" in ed.report.text["s1"]
    # a sentence the clerk edits is the clerk's own: its figures are still read, nothing is offered
    ed.set_text("s1", ed.report.text["s1"].replace("人民政府制发", "人民政府本年制发"))
    found = [f for f in ed.findings if f.rule == "S-9"]
    assert found and not any(f.rewrite for f in found)


def test_storage_error_changes_nothing(store, good_id, monkeypatch):
    ed = Editor(store, good_id)
    ed.set_cell("t3.r1.zrr", 11)
    spy = Spy(ed)
    cells, findings = dict(ed.report.cells), list(ed.findings)

    def fail(*args, **kwargs):
        raise StorageError("磁盘已满")

    for method in ("set_cells", "set_text", "set_fees", "set_published", "update_unit", "set_explanation"):
        monkeypatch.setattr(store, method, fail)
    for edit in (lambda: ed.set_cell("t3.r1.zrr", 12), lambda: ed.paste("t3.r1.zrr", "1\t2"),
                 lambda: ed.set_text("s1", "x"), lambda: ed.set_fees(None), lambda: ed.set_unit(name="乙"),
                 lambda: ed.set_published(None if ed.report.published else date(2025, 1, 1)),
                 lambda: ed.set_explanation("S-3", "y"), ed.undo):
        with pytest.raises(StorageError, match="磁盘已满"):
            edit()
    assert ed.report.cells == cells and ed.findings == findings and ed.origins["t3.r1.zrr"] == "typed"
    assert ed.report.text == good_report().text and ed.report.unit.name == "某某镇人民政府"
    assert ed.undo_description == "修改 一、本年新收政府信息公开申请数量·自然人" and not ed.can_redo
    assert spy.changes == []
    monkeypatch.undo()
    ed.undo()
    ed.redo()
    monkeypatch.setattr(store, "set_cells", fail)
    with pytest.raises(StorageError):
        ed.undo()
    assert ed.can_undo and not ed.can_redo and ed.report.cells["t3.r1.zrr"] == 11


# ---------------------------------------------------------------------------
# Listeners
# ---------------------------------------------------------------------------


def test_listeners_get_the_change(store, good_id):
    ed = Editor(store, good_id)
    spy, other = Spy(ed), Spy(ed)
    ed.set_cell("t3.r3_1.zrr", 5)
    ed.set_text("s1", "……")
    ed.set_published(date(2025, 1, 20))
    ed.set_cell("t3.r3_1.zrr", 5)            # no change: nobody is told
    ed.undo()
    assert spy.changes == other.changes == [
        Change(cells=frozenset({"t3.r3_1.zrr", "t3.r3_1.zj", "t3.r3_7.zrr", "t3.r3_7.zj"}),
               description="修改 （一）予以公开·自然人"),
        Change(texts=frozenset({"s1"}), description="编辑 一、总体情况"),
        Change(meta=True, description="修改 发布日期"),
        Change(meta=True, description="修改 发布日期"),
    ]


# ---------------------------------------------------------------------------
# Findings by cell and by step; last step
# ---------------------------------------------------------------------------


def test_findings_for_and_step_state(store, good_id):
    ed = Editor(store, good_id)
    assert {f.severity for f in ed.findings} == {"info"}       # S-2 only: info never counts
    assert all(ed.step_state(step) == "ok" for step in STEPS)
    ed.set_cell("t3.r1.zrr", 11)                                # H-4: 一+二 ≠ 三+四
    h4 = [f for f in ed.findings_for("t3.r1.zrr") if f.rule == "H-4"]
    assert h4 and h4[0] in ed.findings and h4[0] in ed.findings_for("t3.r4.zrr")
    assert ed.step_state("t3") == "error" and ed.step_state("review") == "error"
    assert ed.step_state("t2") == ed.step_state("t4") == ed.step_state("s5") == "ok"
    assert ed.step_state("s1") == "warning"                     # S-9: 一 quotes the old 14
    ed.undo()
    assert ed.findings_for("t3.r1.zrr") == [] and ed.step_state("t3") == ed.step_state("s1") == "ok"
    ed.set_text("s5", "太短")                                    # S-16 on 五
    assert ed.step_state("s5") == "warning" and ed.step_state("s1") == "ok"
    ed.undo()
    ed.set_text("s1", "")                                       # S-16 on 一
    assert ed.step_state("s1") == "warning" and ed.step_state("s5") == "ok"
    ed.set_published(date(2025, 6, 1))                          # S-14: late
    assert ed.step_state("unit") == "warning" and ed.step_state("export") == "warning"
    ed.set_text("s1", "本年新收政府信息公开申请99件。工作考核、社会评议、责任追究。")   # S-9 → s1 and t3
    assert ed.step_state("s1") == "warning" and ed.step_state("t3") == "warning"
    with pytest.raises(ValueError):
        ed.step_state("s3")


def test_findings_without_cells_go_to_their_step(store, good_id):
    ed = Editor(store, good_id)
    ed.set_fees(None)
    ed.set_text("s6", "本年度无其他需要报告的事项。")            # S-11: no cells → 六
    assert ed.step_state("s6") == "warning" and ed.step_state("s1") == ed.step_state("t3") == "ok"
    ed.set_text("s5", "")                                       # S-16 on 五 only
    assert ed.step_state("s5") == "warning" and ed.step_state("s1") == "ok"


def test_step_of_a_finding_is_where_it_is_fixed(store, good_id):
    ed = Editor(store, good_id)
    ed.set_cell("t3.r1.zrr", 11)       # H-4 in 表三, and S-9: 一 quotes the old figure
    ed.set_fees(None)
    ed.set_text("s6", "无。")           # S-11 without cells
    ed.set_published(date(2025, 6, 1))  # S-14
    steps = {f.rule: step_of(f) for f in ed.findings}
    assert steps["H-4"] == "t3" and steps["S-9"] == "s1" and steps["S-11"] == "s6" and steps["S-14"] == "unit"
    assert all(step_of(f) in STEPS for f in ed.findings)


def test_last_step(store, good_id):
    ed = Editor(store, good_id)
    assert ed.last_step is None
    ed.set_last_step("t4")
    assert ed.last_step == "t4" == store.get_last_step(good_id) and not ed.can_undo


def test_marks_kept_while_the_database_fails_are_stored_by_the_retry(store, good_id, monkeypatch):
    from models.sentences import disclosure_sentence
    from tests.test_save_failures import Broken

    store.set_text(good_id, "s5", "去年的一段，尚未核对。", needs_review=True)
    ed = Editor(store, good_id)
    broken = Broken(store, monkeypatch)
    text = disclosure_sentence(ed.report)
    ed.insert_reference("s1", ed.report.text["s1"] + "\n" + text, "disclosure", text)
    ed.confirm_carried("s5")
    assert not ed.saved and [m.kind for m in ed.report.marks] == ["generated", "generated"]
    broken.heal()
    assert ed.retry_save() and ed.saved
    stored = store.load_report(good_id)
    assert stored.marks == ed.report.marks and stored.text["s1"].endswith(text)
    assert store.text_needs_review(good_id)["s5"] is False
