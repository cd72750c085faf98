"""审核 and 生成与打印 through their real widgets: a 说明 per finding, a 说明 whose finding is gone
listed apart and never re-attached, only a draft until every warning is answered, what is left
listed with a jump to its place."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.wizard import STEP_KEYS
from tests.factory import good_report, next_year
from tests.gui_helpers import double_click, type_chinese, type_into


def open_with_two_carry_over_warnings(window, store):
    last = good_report(2023)
    store.save_report(last)
    this = next_year(last)
    this.cells["t3.r2.zrr"] += 1
    this.cells["t3.r1.zrr"] -= 1
    this.cells["t3.r2.syqy"] += 1
    this.cells["t3.r1.syqy"] -= 1
    this.fill_totals()
    this.text["s1"] = this.text["s1"].replace("申请13件", f"申请{this.number('t3.r1.zj')}件")
    window.open_report(store.save_report(this))
    return window.wizard


def item_of(review, key):
    assert review.select_finding(key), key
    return review.tree.currentItem()


def test_one_explanation_answers_one_finding_and_a_stale_one_is_kept_apart(qtbot, window, store):
    wizard = open_with_two_carry_over_warnings(window, store)
    editor = wizard.editor
    qtbot.mouseClick(wizard.sidebar.viewport(), Qt.MouseButton.LeftButton,
                     pos=wizard.sidebar.visualItemRect(wizard.sidebar.item(STEP_KEYS.index("review"))).center())
    assert wizard.current_step() == "review"
    review = wizard.page["review"]
    assert "3 项未说明" in review.summary.text() and "审核已通过" not in review.summary.text()
    item = item_of(review, "S-3|t3.r2.zrr")
    assert item.text(1) == "未说明" and review.explanation.isEnabled()
    type_chinese(review.explanation, "因机构改革，承接结转申请。")
    assert editor.report.explanations == {"S-3|t3.r2.zrr": "因机构改革，承接结转申请。"}
    assert item_of(review, "S-3|t3.r2.zrr").text(1) == "已说明"
    assert item_of(review, "S-3|t3.r2.syqy").text(1) == "未说明"
    assert review.explanation.toPlainText() == ""          # the other finding's box is its own

    # the clerk corrects 自然人 instead: its 说明 answers nothing now and is shown apart
    wizard.go(STEP_KEYS.index("t3"))
    view = wizard.page["t3"].view
    type_into(qtbot, view, "t3.r2.zrr", str(editor.previous.number("t3.r4.zrr")))
    type_into(qtbot, view, "t3.r1.zrr", str(editor.report.number("t3.r1.zrr") + 1))
    wizard.go(STEP_KEYS.index("review"))
    assert "S-3|t3.r2.zrr" not in {f.id for f in editor.findings}
    assert not any(f.explanation for f in editor.findings)           # never re-attached
    orphan = item_of(review, "S-3|t3.r2.zrr")
    assert "已不再对应" in orphan.parent().text(0) and orphan.text(1) == "已不再对应"
    assert not review.explanation.isEnabled() and review.forget_button.isVisible()
    qtbot.mouseClick(review.forget_button, Qt.MouseButton.LeftButton)
    assert editor.report.explanations == {}
    editor.undo()
    assert editor.report.explanations == {"S-3|t3.r2.zrr": "因机构改革，承接结转申请。"}


def test_only_a_draft_until_every_warning_is_answered_and_the_list_jumps(qtbot, window, store):
    wizard = open_with_two_carry_over_warnings(window, store)
    wizard.go(STEP_KEYS.index("export"))
    page = wizard.page["export"]
    assert page.generate.text() == "生成草稿" and "审核已通过" not in page.state.text()
    assert [page.left.item(i).data(Qt.ItemDataRole.UserRole).id for i in range(page.left.count())] == \
           ["S-3|t3.r2.zrr", "S-3|t3.r2.syqy", "S-3|t3.r2.zj"]
    double_click(qtbot, page.left, page.left.visualItemRect(page.left.item(1)).center())
    assert wizard.current_step() == "t3"
    view = wizard.page["t3"].view
    assert view.model().key_at(view.currentIndex()) == "t3.r2.syqy"
    for finding in list(wizard.editor.sign_off.unanswered):
        wizard.editor.set_explanation(finding.id, "因机构改革。")
    wizard.go(STEP_KEYS.index("export"))
    assert page.generate.text() == "生成报告" and page.state.text().startswith("审核已通过")
    assert page.left.isHidden()


# --- next year, walked to a final export ------------------------------------------------------

def paste_table(qtbot, wizard, table, report):
    """A table's figures pasted from Excel into its first cell (Ctrl+V), as a clerk fills it."""
    from PySide6.QtGui import QGuiApplication

    from models.clipboard import positions

    wizard.go(STEP_KEYS.index(table))
    view = wizard.page[table].view
    grid = positions(report.layout, table)
    QGuiApplication.clipboard().setText("\r\n".join("\t".join(str(report.number(k)) for k in row) for row in grid))
    view.setCurrentIndex(view.model().index_for_key(grid[0][0]))
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def review_items(review):
    return {item.data(0, Qt.ItemDataRole.UserRole).id: item for item in review._items()
            if not isinstance(item.data(0, Qt.ItemDataRole.UserRole), str)}


def click(qtbot, button):
    assert button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_next_year_walked_to_a_final_export(qtbot, window, store, tmp_path):
    import datetime

    import docx

    from models.export.document import DRAFT_MARK
    from tests.factory import next_year

    last = good_report(2024)
    last.published = datetime.date(2025, 1, 20)
    store.save_report(last)
    window.start.refresh()
    window.start.reports.setCurrentItem(window.start.reports.topLevelItem(0).child(0))
    click(qtbot, window.start.next_year_button)
    wizard = window.wizard
    editor = wizard.editor
    assert editor.report.year == 2025
    figures = next_year(last)
    figures.cells["t2.gfxwj.valid"] = 25           # 3 more than 20 + 3 − 1: a 核实 to explain (S-5)
    for table in ("t2", "t3", "t4"):
        paste_table(qtbot, wizard, table, figures)
    assert not editor.sign_off.errors

    # carried text flagged: shaded paragraphs on 一, one finding per paragraph on 审核
    wizard.go(STEP_KEYS.index("s1"))
    s1 = wizard.page["s1"]
    assert s1.review_note.isVisible() and "3 段文字从上年报告带入" in s1.review_note.text()
    assert s1.confirm_box.isVisible() and s1.preamble.extraSelections()
    wizard.go(STEP_KEYS.index("review"))
    review = wizard.page["review"]
    items = review_items(review)
    assert len([i for i in items if i.startswith("S-13|") and i.count("|") == 2]) == 5    # 3 + 五 + 六
    assert "审核已通过" not in review.summary.text()

    # the figures of carried text are checked: last year's 14 and 1 are caught; a double-click
    # lands on the sentence itself, and the clerk types this year's over it
    stale_figure = items["S-9|t3.r2.zj|s1:上年结转1件"]
    double_click(qtbot, review.tree, review.tree.visualItemRect(stale_figure).center())
    assert wizard.current_step() == "s1"
    box = QApplication.focusWidget()
    assert box.textCursor().selectedText() == stale_figure.data(0, Qt.ItemDataRole.UserRole).quote
    type_chinese(box, "本年共收到政府信息公开申请13件，上年结转2件，办结13件，结转下年度继续办理2件。")
    assert not [f for f in editor.findings if f.rule == "S-9"]
    assert len(editor.carried_paragraphs("s1")) == 1                     # the edited paragraph is the clerk's

    # 参考文本 inserted, then the table changes under it: caught, and rewritten by the offer
    insert = [b for b in s1.findChildren(type(s1.confirm_all)) if b.text() == "插入参考文本"][1]   # （二）依申请公开
    click(qtbot, insert)
    assert "予以公开5件" in editor.report.text["s1"] and editor.undo_description.startswith("插入参考文本")
    wizard.go(STEP_KEYS.index("t3"))
    type_into(qtbot, wizard.page["t3"].view, "t3.r3_1.zrr", str(figures.number("t3.r3_1.zrr") + 1))
    type_into(qtbot, wizard.page["t3"].view, "t3.r3_5_2.zrr", "0")
    stale = [f for f in editor.findings if f.rewrite]
    assert stale and all(f.rule == "S-9" and "按表格更新此句" in f.message for f in stale)
    wizard.go(STEP_KEYS.index("review"))
    assert review.select_finding(stale[0].id)
    click(qtbot, review.rewrite_button)
    assert "予以公开6件" in editor.report.text["s1"] and not [f for f in editor.findings if f.rule == "S-9"]
    assert editor.undo_description.startswith("按表格更新此句")

    # the rest of the carried text: 一 confirmed as read, 五 rewritten, 六 confirmed paragraph by paragraph
    wizard.go(STEP_KEYS.index("s1"))
    click(qtbot, s1.confirm_all)
    wizard.go(STEP_KEYS.index("s5"))
    s5 = wizard.page["s5"].whole
    s5.selectAll()
    type_chinese(s5, "本年问题：答复文书的规范性仍需提升，基层公开目录更新不够及时。下一步将完善答复模板，并开展季度检查。")
    wizard.go(STEP_KEYS.index("s6"))
    s6 = wizard.page["s6"].whole
    qtbot.mouseClick(s6.viewport(), Qt.MouseButton.LeftButton)
    click(qtbot, wizard.page["s6"].confirm_here)
    assert not any(editor.carried_paragraphs(k) for k in ("preamble", "s1", "s5", "s6"))

    # what is left is explained one by one; 「审核已通过」 only once the last one has its 说明
    wizard.go(STEP_KEYS.index("export"))
    assert wizard.page["export"].generate.text() == "生成草稿"
    wizard.go(STEP_KEYS.index("review"))
    left = [f.id for f in editor.sign_off.unanswered]
    assert "S-5|t2.gfxwj.valid,t2.gfxwj.made,t2.gfxwj.repealed" in left
    for finding_id in left:
        assert "审核已通过" not in review.summary.text()
        rect = review.tree.visualItemRect(review_items(review)[finding_id])
        qtbot.mouseClick(review.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        type_chinese(review.explanation, "经核对属实：本年开展规范性文件清理，另有3件经评估继续有效。")
    assert editor.sign_off.final and "审核已通过" in review.summary.text()

    wizard.go(STEP_KEYS.index("export"))
    page = wizard.page["export"]
    assert page.generate.text() == "生成报告" and page.state.text().startswith("审核已通过")
    page.folder.setText(str(tmp_path))
    page.with_pdf.setChecked(False)
    click(qtbot, page.generate)
    qtbot.waitUntil(lambda: page.generate.isEnabled() and "已生成" in page.banner.text(), timeout=20000)
    name = "某某镇人民政府2025年政府信息公开工作年度报告"
    printed = docx.Document(str(tmp_path / f"{name}.docx"))
    assert DRAFT_MARK not in printed.sections[0].header.paragraphs[0].text
    assert "予以公开6件" in "\n".join(p.text for p in printed.paragraphs)
    sheet = "\n".join(p.text for p in docx.Document(str(tmp_path / f"{name}审核说明表.docx")).paragraphs)
    assert "核实项已逐项核对，说明如下。" in sheet and "只能作为草稿" not in sheet
