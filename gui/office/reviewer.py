"""Reviewing one unit's report: the wizard, read-only, and beside it the reviewer's comment box for
each finding (and one for the report as a whole); 退回 writes the data file back with the comments
and a 审核意见 .docx, 通过 marks the report accepted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QAbstractSpinBox, QCheckBox, QComboBox, QFileDialog, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QSplitter, QTextEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from gui.style import Banner, ask_yes_no, hint_label, primary, px, section_title, state_icon
from gui.text_input import CleanTextEdit
from models.checks import ERROR, INFO, RULES, SEVERITY_LABEL, WARNING
from models.errors import StorageError
from models.office.roster import GENERAL, STATUS_LABEL
from models.office.readonly import READ_ONLY
from models.signoff import sign_off

SEVERITY_STATE = {ERROR: "error", WARNING: "warning", INFO: "info"}
KEEP_ENABLED = ("预览", "对比")      # buttons that only look: print preview, comparison with last year


def make_read_only(wizard) -> None:
    """Nothing in the wizard's pages can change the report: views do not edit, text boxes are
    read-only, choices and buttons that act are off (the previews and 与上年对比 stay)."""
    pages = wizard.pages
    for view in pages.findChildren(QAbstractItemView):
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    for kind in (QPlainTextEdit, QTextEdit, QLineEdit):
        for box in pages.findChildren(kind):
            box.setReadOnly(True)
    for kind in (QComboBox, QAbstractSpinBox, QCheckBox):
        for widget in pages.findChildren(kind):
            widget.setEnabled(False)
    for button in pages.findChildren(QPushButton):
        if not any(word in button.text() for word in KEEP_ENABLED):
            button.setEnabled(False)
    wizard.undo_button.hide()
    wizard.redo_button.hide()
    wizard.back_home.setText("返回名单")
    wizard.notice.show_warning(READ_ONLY)


class CommentsPanel(QWidget):
    """The findings of the report under review, each with the unit's 说明 and the reviewer's comment."""

    jump = Signal(object)

    def __init__(self, office, received_id: int, editor, parent=None):
        super().__init__(parent)
        self.office, self.received_id, self.editor = office, received_id, editor
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["审核结果", "单位的说明", "审核意见"])
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.tree.setColumnWidth(1, 90)
        self.tree.setColumnWidth(2, 90)
        self.tree.currentItemChanged.connect(lambda item, _: self._select(item))
        self.tree.itemDoubleClicked.connect(lambda item, _: self._jump(item))
        self.box = QGroupBox("审核意见")
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.comment = CleanTextEdit()
        self.comment.setPlaceholderText("写给报送单位的意见，如：上年结转数与上年报告不一致，请核对后改正。")
        self.comment.textChanged.connect(self._save)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.comment.notice.connect(lambda text, _: self.note.setText(text))
        inner = QVBoxLayout(self.box)
        inner.addWidget(self.about)
        inner.addWidget(self.comment)
        inner.addWidget(self.note)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.box)
        splitter.setSizes([420, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section_title("审核意见"))
        layout.addWidget(hint_label("选择一条审核结果（或“总体意见”），在下面写意见；双击可在左边看到它所在的位置。"
                                    "意见随时保存，退回时随报告发回。"))
        layout.addWidget(splitter, 1)
        self._key: str | None = None
        self.reload()

    def reload(self) -> None:
        comments = self.office.comments(self.received_id)
        self.tree.blockSignals(True)
        self.tree.clear()
        general = QTreeWidgetItem(self.tree, ["总体意见（对整份报告）", "", _short(comments.get(GENERAL, ""))])
        general.setData(0, Qt.ItemDataRole.UserRole, GENERAL)
        live = set()
        for f in self.editor.findings:
            live.add(f.id)
            explained = "" if f.severity != WARNING else ("已说明" if f.explanation else "未说明")
            item = QTreeWidgetItem(self.tree, [f"［{SEVERITY_LABEL[f.severity]}］{f.rule}　{f.message}", explained,
                                               _short(comments.get(f.id, ""))])
            item.setIcon(0, state_icon(SEVERITY_STATE[f.severity]))
            item.setToolTip(0, f"{f.rule}：{RULES[f.rule].title}\n{f.message}")
            item.setToolTip(1, f.explanation or "")
            item.setData(0, Qt.ItemDataRole.UserRole, f.id)
            item.setData(1, Qt.ItemDataRole.UserRole, f)
        for key in sorted(k for k in comments if k != GENERAL and k not in live):
            item = QTreeWidgetItem(self.tree, [f"{key}（该审核结果已不存在：可能已经改正）", "", _short(comments[key])])
            item.setData(0, Qt.ItemDataRole.UserRole, key)
        self.tree.blockSignals(False)
        self.select(self._key or GENERAL)

    def select(self, key: str) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == key:
                self.tree.setCurrentItem(item)
                self._select(item)
                return True
        return False

    def _select(self, item) -> None:
        if item is None:
            return
        self._key = item.data(0, Qt.ItemDataRole.UserRole)
        finding = item.data(1, Qt.ItemDataRole.UserRole)
        self.about.setText("对整份报告的意见" if self._key == GENERAL else item.text(0)
                           + (f"\n单位的说明：{finding.explanation}" if finding is not None and finding.explanation else ""))
        self.comment.blockSignals(True)
        self.comment.setPlainText(self.office.comments(self.received_id).get(self._key, ""))
        self.comment.blockSignals(False)
        self.note.setText("")

    def _jump(self, item) -> None:
        finding = item.data(1, Qt.ItemDataRole.UserRole)
        if finding is not None:
            self.jump.emit(finding)

    def _save(self) -> None:
        if self._key is None:
            return
        text = self.comment.toPlainText()
        try:
            self.office.set_comment(self.received_id, self._key or None, text)
        except StorageError as exc:
            self.note.setText(str(exc))
            return
        item = self.tree.currentItem()
        if item is not None:
            item.setText(2, _short(text))

    def count(self) -> int:
        return len(self.office.comments(self.received_id))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 12 else text[:12] + "…"


class ReviewerView(QWidget):
    """One received report under review; `closed` when the reviewer goes back to the roster."""

    closed = Signal()

    def __init__(self, office, received_id: int, parent=None):
        super().__init__(parent)
        from gui.wizard import Wizard
        from models.editing import Editor
        from models.office.readonly import ReadOnlyStore

        self.office, self.received_id = office, received_id
        report = office.report(received_id)
        self.editor = Editor(ReadOnlyStore(report, office.previous(received_id)), 1)
        self.wizard = Wizard(self.editor)
        make_read_only(self.wizard)
        self.wizard.closed.connect(self.closed.emit)
        self.panel = CommentsPanel(office, received_id, self.editor)
        self.panel.setMinimumWidth(px(320))       # room for the findings and the comment box on a small screen
        self.panel.jump.connect(self.wizard.show_finding)
        self.heading = QLabel()
        self.return_button = primary(QPushButton("退回…"))
        self.return_button.setToolTip("把报告连同审核意见写成数据文件，并生成审核意见（Word），发回报送单位修改")
        self.accept_button = QPushButton("通过")
        self.return_button.clicked.connect(lambda: self.return_report())
        self.accept_button.clicked.connect(lambda: self.accept_report())
        self.banner = Banner(transient_info=False)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.return_button)
        top.addWidget(self.accept_button)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.panel, 1)
        splitter = QSplitter()
        splitter.addWidget(self.wizard)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self._update_heading()

    def _row(self):
        year = self.editor.report.year
        return next(r for r in self.office.roster(year) if r.received_id == self.received_id)

    def _update_heading(self) -> None:
        row = self._row()
        report = self.editor.report
        again = f"，曾退回 {row.times_returned} 次" if row.times_returned else ""
        self.heading.setText(f"<b>审核：{report.unit.name} {report.year} 年度</b>（{STATUS_LABEL[row.status]}{again}；"
                             f"收到 {row.file_name}）")

    def return_report(self, folder: str | None = None) -> None:
        if self.panel.count() == 0:
            self.banner.show_error("退回前请至少写一条审核意见（总体意见或针对某条审核结果），说明需要修改什么。")
            return
        if folder is None:
            documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            folder = QFileDialog.getExistingDirectory(self, "退回文件保存到", documents or str(Path.home()))
            if not folder:
                return
        try:
            data_path, opinion_path = self.office.return_report(self.received_id, folder)
        except (StorageError, OSError) as exc:
            self.banner.show_error(str(exc))
            return
        self._update_heading()
        self.banner.show_info(f"已退回。请把这两个文件发回“{self.editor.report.unit.name}”：\n{data_path}\n{opinion_path}\n"
                              "对方在年报助手首页“打开数据文件或报送包”打开数据文件，即可在“审核”一步看到逐条意见。")

    def accept_report(self, confirm: bool = True) -> None:
        state = sign_off(self.editor.findings)
        if confirm and not state.final and not ask_yes_no(
                self, "通过", f"这份报告{state.what_is_left()}。仍然审核通过吗？"):
            return
        try:
            self.office.accept(self.received_id)
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        self._update_heading()
        self.banner.show_info(f"已通过：“{self.editor.report.unit.name}”{self.editor.report.year} 年度报告。")
