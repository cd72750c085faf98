"""审核 and 生成与打印 through their real widgets: a 说明 per finding, a 说明 whose finding is gone
listed apart and never re-attached, only a draft until every warning is answered, what is left
listed with a jump to its place."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from gui.wizard import STEP_KEYS
from tests.factory import good_report, next_year
from tests.test_gui import store, type_into, window  # noqa: F401  (fixtures)


def type_chinese(widget, text):
    """Chinese typed as an input method commits it (keyClicks cannot type it: craft.md)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


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


def double_click(qtbot, view, pos):
    """As a mouse does it: a press before the double-click (item views ignore a bare one)."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


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
