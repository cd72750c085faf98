"""The office above through the real widgets: a unit sends its package from 生成与打印; the
reviewer adds a roster, brings in five packages, returns one with a comment and accepts the
others; the unit opens the returned file and sees the comment beside the finding."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from gui.app import MainWindow
from gui.office.reviewer import ReviewerView
from gui.office.unit_side import COMMENT_PREFIX
from gui.wizard import STEP_KEYS
from models.checks import check_report
from models.datafile import read_report
from models.office.package import write_package
from models.storage import Store
from tests.office_data import unit_report
from tests.gui_helpers import answer_next_dialog, double_click, type_chinese

COMMENT = "请在六中写明信息处理费的收取情况。"


def _unit_one():
    """第1镇's report: 六 says nothing about fees (S-11, 核实) and a 说明 answers it — final."""
    report = unit_report(1)
    report.fees = None
    report.text["s6"] = "本年度无其他需要报告的事项。"
    [finding] = [f for f in check_report(report) if f.rule == "S-11"]
    report.explanations = {finding.id: "本单位未发生收费事项。"}
    return report, finding


def _click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _drop(widget, *paths):
    """What the window system sends when files or folders are dropped on the widget."""
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where = widget.rect().center()
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)


def _open_unit(qtbot, page, name):
    for row, unit in enumerate(page.model.shown):
        if unit.name == name:
            index = page.model.index(row, 0)
            page.view.scrollTo(index)
            double_click(qtbot, page.view, page.view.visualRect(index).center())
            return
    raise AssertionError(name)


def test_send_review_return_accept_and_the_unit_sees_the_comment(qtbot, tmp_path, monkeypatch):
    outbox, returned = tmp_path / "收到的报送包", tmp_path / "退回"
    outbox.mkdir(), returned.mkdir()

    # --- 第1镇 sends its package from 生成与打印, through the real button
    report, finding = _unit_one()
    unit_store = Store.open(tmp_path / "unit.sqlite3")
    unit = MainWindow(unit_store)
    qtbot.addWidget(unit)
    unit.show()
    unit.open_report(unit_store.save_report(report))
    unit.wizard.go(STEP_KEYS.index("export"))
    export = unit.wizard.page["export"]
    export.folder.setText(str(outbox))
    export.with_pdf.setChecked(False)
    _click(qtbot, export.send_up.button)
    export.send_up.wait()
    assert "已生成报送包" in export.send_up.banner.text()
    [package] = outbox.glob("*.gkpkg")
    unit.close_report()
    for n in range(2, 6):                       # four more units sent theirs
        write_package(unit_report(n), outbox / f"第{n}镇.gkpkg", pdf=False)

    # --- the reviewer: a roster pasted from Excel, the packages brought in
    office_store = Store.open(tmp_path / "office.sqlite3")
    window = MainWindow(office_store)
    qtbot.addWidget(window)
    window.resize(1300, 820)
    window.show()
    _click(qtbot, window.office.office_button)
    page = window.office.page
    assert window.stack.currentWidget() is page
    QGuiApplication.clipboard().setText("单位名称\t类型\n" + "".join(f"第{n}镇人民政府\t人民政府\n" for n in range(1, 6)))
    _click(qtbot, page.paste_button)
    assert page.model.rowCount() == 5 and "已添加 5 个单位" in page.banner.text()

    def type_units(dialog):
        type_chinese(dialog.text, "第5镇人民政府\n第6镇人民政府")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    answer_next_dialog(type_units)
    _click(qtbot, page.add_button)
    assert page.model.rowCount() == 6 and "1 个已在名单中" in page.banner.text()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(outbox))
    _click(qtbot, page.folder_button)
    page.wait()
    statuses = {r.name: r.status for r in page.model.rows}
    assert statuses == {**{f"第{n}镇人民政府": "received" for n in range(1, 6)}, "第6镇人民政府": "missing"}
    assert "已收到 5 份报告" in page.banner.text()

    # --- 第1镇 is returned with a comment beside its S-11 finding
    _open_unit(qtbot, page, "第1镇人民政府")
    view = window.office.reviewer
    assert isinstance(view, ReviewerView) and window.stack.currentWidget() is view
    assert view.editor.read_only and not view.wizard.page["t3"].view.editTriggers()
    from PySide6.QtWidgets import QPlainTextEdit
    assert all(box.isReadOnly() for box in view.wizard.page["s5"].findChildren(QPlainTextEdit))
    tree = view.panel.tree
    [item] = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
              if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == finding.id]
    assert item.text(1) == "已说明"                       # the unit's 说明 is there to read
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    assert tree.currentItem() is item and finding.message in view.panel.about.text()
    type_chinese(view.panel.comment, COMMENT)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(returned))
    _click(qtbot, view.return_button)
    assert "已退回" in view.banner.text()
    _click(qtbot, view.wizard.back_home)                  # 返回名单
    assert window.stack.currentWidget() is page

    # --- the four others are accepted
    for n in range(2, 6):
        _open_unit(qtbot, page, f"第{n}镇人民政府")
        _click(qtbot, window.office.reviewer.accept_button)
        _click(qtbot, window.office.reviewer.wizard.back_home)
    statuses = {r.name: r.status for r in page.model.rows}
    assert statuses == {"第1镇人民政府": "returned", **{f"第{n}镇人民政府": "accepted" for n in range(2, 6)},
                        "第6镇人民政府": "missing"}

    # --- back at 第1镇: the returned file opens with the comment next to its finding
    [data_file] = returned.glob("*（退回）.json")
    assert read_report(data_file)[0].review.comments_on(finding.id) == [COMMENT]
    assert list(returned.glob("*审核意见.docx"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(data_file), ""))
    answer_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())   # replace, backed up
    _click(qtbot, unit.office.open_file_button)
    assert unit.wizard is not None and "已退回" in unit.wizard.notice.text()
    unit.wizard.go(STEP_KEYS.index("review"))
    review = unit.wizard.page["review"]
    assert review.select_finding(finding.id)
    comments = [review.tree.currentItem().child(i).text(0) for i in range(review.tree.currentItem().childCount())]
    assert comments == [COMMENT_PREFIX + COMMENT]
    assert review.review_comments.isVisible() and "已退回" in review.review_comments.text()
    unit_store.close()
    office_store.close()


def test_similar_side_by_side_and_aggregate_into_the_offices_own_report(qtbot, tmp_path, monkeypatch):
    import openpyxl
    from PySide6.QtWidgets import QInputDialog

    from tests.office_data import copy_of
    reports = [unit_report(n, factor=n) for n in range(1, 5)] + [copy_of(unit_report(2, factor=2), 5)]
    for report in reports:
        write_package(report, tmp_path / f"{report.unit.name}.gkpkg", pdf=False)
    store = Store.open(tmp_path / "office.sqlite3")
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    _click(qtbot, window.office.office_button)
    page = window.office.page
    _drop(page, tmp_path)                                 # the folder dropped on the page
    page.wait()
    assert {r.name: r.status for r in page.model.rows} == {r.unit.name: "received" for r in reports}
    # 雷同: the copy and its original, shown side by side
    page.filter_choice.setCurrentText("雷同（上年或其他单位）")
    assert len(page.model.shown) == 2
    page.select_unit("第5镇人民政府")
    assert page.similar_button.isEnabled()
    _click(qtbot, page.similar_button)
    dialog = page.similar_dialog
    assert "第2镇人民政府" in dialog.heading.text() and "background" in dialog.left.toHtml()
    dialog.close()
    page.filter_choice.setCurrentText("全部单位")
    page.filter_text.setText("第3")
    assert len(page.model.shown) == 1
    page.filter_text.setText("")

    # 汇总 of all units (selected), as the county's own report, with the side-by-side workbook
    page.view.selectAll()
    xlsx = tmp_path / "汇总表.xlsx"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("某某县人民政府", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    _click(qtbot, page.aggregate_button)
    assert window.wizard is not None
    total = window.wizard.editor.report
    assert total.unit.name == "某某县人民政府" and total.year == 2024
    assert total.cells["t3.r1.zrr"] == sum(r.cells["t3.r1.zrr"] for r in reports)
    assert "已汇总 5 个单位" in window.wizard.notice.text()
    rows = list(openpyxl.load_workbook(xlsx, read_only=True)["汇总表"].values)
    assert len(rows[0]) == 3 + 5
    store.close()
