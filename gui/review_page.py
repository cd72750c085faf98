"""Step 审核: every finding, 强制 apart from 核实 and 提示; double-click jumps to the cell or the
sentence; each 核实 finding takes its own 说明 (saved with the report under the finding's id and
printed on the check sheet); 说明 whose finding is gone are listed apart, never re-attached."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from gui.office.unit_side import ReviewComments, add_comment_items
from gui.style import page_title, state_icon
from gui.text_input import CleanTextEdit
from models.errors import StorageError
from models.values import InputError
from models.checks import ERROR, INFO, RULES, WARNING
from models.signoff import PASSED

GROUPS = ((ERROR, "强制（必须改正，否则只能生成草稿）", "error"),
          (WARNING, "核实（请改正，或逐条填写说明）", "warning"),
          (INFO, "提示（供参考，无需说明）", "todo"))
ORPHANED = "已不再对应任何审核结果的说明（保留在报告中，不打印）"
HINT = "选择一条“核实”结果，在此填写说明（如：因机构改革……）。每条说明只回答这一条结果，保存在报告中，并打印在审核说明表上。"


class ReviewPage(QWidget):
    jump = Signal(object)   # the Finding to show

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["审核结果", "说明"])
        self.tree.setWordWrap(True)               # messages are long: wrap, never cut
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(self._jump)
        self.tree.currentItemChanged.connect(self._select)
        self.explain_box = QGroupBox("说明")
        self.explain_hint = QLabel(HINT)
        self.explain_hint.setWordWrap(True)
        self.explanation = CleanTextEdit()
        self.explanation_note = QLabel()
        self.explanation_note.setWordWrap(True)
        self.explanation_note.setStyleSheet("color: #b00020;")
        self.explanation.notice.connect(lambda text, _: self.explanation_note.setText(text))
        self.explanation.setEnabled(False)
        self.explanation.textChanged.connect(self._save_explanation)
        self.forget_button = QPushButton("删除这条说明")
        self.forget_button.setToolTip("这条说明所回答的审核结果已不存在；删除后可撤销")
        self.forget_button.clicked.connect(self._forget)
        self.forget_button.hide()
        self.rewrite_button = QPushButton("按表格更新此句")
        self.rewrite_button.setToolTip("这句话是参考文本按当时的表格写的；按现在的表格重写这一句（可撤销）")
        self.rewrite_button.clicked.connect(self._rewrite)
        self.confirm_button = QPushButton("确认此段已核对")
        self.confirm_button.setToolTip("这一段从上年报告带入；核对无误、不需修改时点此（可撤销）")
        self.confirm_button.clicked.connect(self._confirm)
        for button in (self.rewrite_button, self.confirm_button):
            button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.rewrite_button)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.forget_button)
        inner = QVBoxLayout(self.explain_box)
        inner.addWidget(self.explain_hint)
        inner.addWidget(self.explanation)
        inner.addWidget(self.explanation_note)
        inner.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.explain_box)
        splitter.setSizes([420, 160])
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("审核"))
        layout.addWidget(self.summary)
        self.review_comments = ReviewComments(editor)    # the office above's remarks, when it returned the report
        layout.addWidget(self.review_comments)
        layout.addWidget(splitter, 1)
        self._current: str | None = None       # id of the finding (or key of the orphaned 说明) selected
        self._orphan: str | None = None        # the key of the orphaned 说明 selected
        editor.add_listener(lambda change: self.reload())
        self.reload()

    # --- the list -------------------------------------------------------------------------------
    def reload(self) -> None:
        findings = self.editor.findings
        state = self.editor.sign_off
        counts = {s: sum(f.severity == s for f in findings) for s, _, _ in GROUPS}
        open_ = f"（{len(state.unanswered)} 项未说明）" if state.unanswered else ""
        verdict = (f"<b>{PASSED}</b>，可以生成正式文本。" if state.final
                   else f"{state.what_is_left()}，现在只能生成草稿。")
        self.summary.setText(f"强制 {counts[ERROR]} 项 · 核实 {counts[WARNING]} 项{open_} · 提示 {counts[INFO]} 项。"
                             f"{verdict}双击一条结果可跳到对应的表格或语句。")
        current = self._current
        self.tree.blockSignals(True)
        self.tree.clear()
        for severity, label, icon in GROUPS:
            group = QTreeWidgetItem(self.tree, [f"{label}：{counts[severity]} 项"])
            group.setIcon(0, state_icon(icon))
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for finding in (f for f in findings if f.severity == severity):
                explained = "" if severity != WARNING else ("已说明" if finding.explanation else "未说明")
                item = QTreeWidgetItem(group, [f"{finding.rule}　{finding.message}", explained])
                item.setToolTip(0, f"{finding.rule}：{RULES[finding.rule].title}\n{finding.message}")
                item.setData(0, Qt.ItemDataRole.UserRole, finding)
            group.setExpanded(True)
        orphaned = self.editor.orphaned_explanations
        if orphaned:
            group = QTreeWidgetItem(self.tree, [f"{ORPHANED}：{len(orphaned)} 条"])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for key, body in orphaned.items():
                item = QTreeWidgetItem(group, [f"{key}　{body}", "已不再对应"])
                item.setToolTip(0, f"这条说明原来回答的审核结果（{key}）已不存在：可能已经改正，或所在的语句已修改。"
                                   "它不会被用在别的审核结果上，也不会打印。")
                item.setData(0, Qt.ItemDataRole.UserRole, key)
            group.setExpanded(True)
        add_comment_items(self.tree, self.editor.report.review)
        self.review_comments.refresh()
        self._current = current
        if current and not self.select_finding(current):
            self._current = None
        self.tree.blockSignals(False)
        self._select(self.tree.currentItem())

    def _item_data(self, item):
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _items(self):
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                yield group.child(j)

    def _jump(self, item, _column=0) -> None:
        data = self._item_data(item)
        if data is not None and not isinstance(data, str):
            self.jump.emit(data)

    # --- the 说明 of the selected finding ------------------------------------------------------------
    def _select(self, item, _previous=None) -> None:
        data = self._item_data(item)
        self._orphan = data if isinstance(data, str) else None
        finding = None if isinstance(data, str) else data
        self._current = data if isinstance(data, str) else (finding.id if finding is not None else None)
        self.explanation.blockSignals(True)
        if self._orphan is not None:
            self.explain_box.setTitle(f"说明（已不再对应任何审核结果：{self._orphan}）")
            self._fill(self.editor.report.explanations.get(self._orphan, ""))
            self.explain_hint.setText("这条说明原来回答的审核结果已不存在。它保留在报告中，但不打印，也不会回答别的结果；"
                                      "不再需要时可以删除。")
        elif finding is not None and finding.severity == WARNING:
            self.explain_box.setTitle(f"说明（{finding.rule}：{RULES[finding.rule].title}）")
            self._fill(finding.explanation or "")
            shared = finding.explanation and finding.id not in self.editor.report.explanations
            self.explain_hint.setText(f"这段说明是按规则 {finding.rule} 保存的，回答该规则的每一条结果；在此修改后只用于这一条。"
                                      if shared else HINT)
        else:
            self.explain_box.setTitle("说明")
            self._fill("")
            self.explain_hint.setText(HINT if finding is None or finding.severity != ERROR
                                      else "强制审核结果不能用说明代替，必须改正。")
        self.explanation.setEnabled(self._orphan is None and finding is not None and finding.severity == WARNING)
        self.forget_button.setVisible(self._orphan is not None)
        self.rewrite_button.setVisible(bool(finding is not None and finding.rewrite))
        self.confirm_button.setVisible(bool(finding is not None and _is_carried_paragraph(finding)))
        self.explanation.blockSignals(False)

    def _fill(self, text: str) -> None:
        if self.explanation.toPlainText() != text:   # never under the cursor of the clerk typing it
            self.explanation.setPlainText(text)

    def selected_finding(self):
        data = self._item_data(self.tree.currentItem())
        return None if isinstance(data, str) else data

    def select_finding(self, key: str) -> bool:
        """Select the finding with this id (or the orphaned 说明 with this key)."""
        for item in self._items():
            data = self._item_data(item)
            if (data if isinstance(data, str) else data.id) == key:
                self.tree.setCurrentItem(item)
                return True
        return False

    def select_rule(self, rule: str) -> None:
        """Select the first finding of `rule`."""
        for item in self._items():
            data = self._item_data(item)
            if not isinstance(data, str) and data.rule == rule:
                self.tree.setCurrentItem(item)
                return

    def _save_explanation(self) -> None:
        finding = self.selected_finding()
        if finding is not None and finding.severity == WARNING:
            self._current = finding.id
            self._write(finding.id, self.explanation.toPlainText())

    def _rewrite(self) -> None:
        finding = self.selected_finding()
        if finding is not None and finding.rewrite:
            self._current = None
            self._act(lambda: self.editor.rewrite_sentence(finding))

    def _confirm(self) -> None:
        finding = self.selected_finding()
        if finding is not None and _is_carried_paragraph(finding):
            self._current = None
            self._act(lambda: self.editor.confirm_carried(finding.subject, [finding.quote]))

    def _act(self, action) -> None:
        try:
            action()
            self.explanation_note.setText("")
        except (InputError, StorageError) as exc:
            self.explanation_note.setText(str(exc))

    def _forget(self) -> None:
        if self._orphan is not None:
            key, self._current = self._orphan, None
            self._write(key, "")

    def _write(self, key: str, body: str) -> None:
        try:
            self.editor.set_explanation(key, body)
            self.explanation_note.setText("")
        except (InputError, StorageError) as exc:   # a failed write is kept: SaveStatus says so
            self.explanation_note.setText(str(exc))


def _is_carried_paragraph(finding) -> bool:
    """An S-13 finding about one paragraph taken over from last year (not the 90 % one)."""
    return finding.rule == "S-13" and bool(finding.quote and finding.anchor)
