"""Step 审核: every finding, 强制 apart from 核实 and 提示; double-click jumps to the cell;
each 核实 rule takes a 说明 that is saved with the report and printed on the check sheet."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGroupBox, QHeaderView, QLabel, QPlainTextEdit, QSplitter, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from gui.style import page_title, state_icon
from gui.text_input import CleanTextEdit
from models.errors import StorageError
from models.values import InputError
from models.checks import ERROR, INFO, RULES, WARNING

GROUPS = ((ERROR, "强制（必须改正，否则只能生成草稿）", "error"),
          (WARNING, "核实（请改正，或填写说明）", "warning"),
          (INFO, "提示", "todo"))


class ReviewPage(QWidget):
    jump = Signal(object)   # the Finding to show

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.summary = QLabel()
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
        self.explain_hint = QLabel("选择一条“核实”结果，在此填写说明（如：因机构改革……）。说明保存在报告中，并打印在审核说明表上。")
        self.explain_hint.setWordWrap(True)
        self.explanation = CleanTextEdit()
        self.explanation_note = QLabel()
        self.explanation_note.setWordWrap(True)
        self.explanation_note.setStyleSheet("color: #b00020;")
        self.explanation.notice.connect(lambda text, _: self.explanation_note.setText(text))
        self.explanation.setEnabled(False)
        self.explanation.textChanged.connect(self._save_explanation)
        inner = QVBoxLayout(self.explain_box)
        inner.addWidget(self.explain_hint)
        inner.addWidget(self.explanation)
        inner.addWidget(self.explanation_note)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.explain_box)
        splitter.setSizes([420, 160])
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("审核"))
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self._rule: str | None = None
        editor.add_listener(lambda change: self.reload())
        self.reload()

    def reload(self) -> None:
        findings = self.editor.findings
        counts = {s: sum(f.severity == s for f in findings) for s, _, _ in GROUPS}
        self.summary.setText(f"强制 {counts[ERROR]} 项 · 核实 {counts[WARNING]} 项 · 提示 {counts[INFO]} 项。"
                             f"双击一条结果可跳到对应的表格或段落。")
        current_rule = self._rule
        self.tree.blockSignals(True)
        self.tree.clear()
        for severity, label, state in GROUPS:
            group = QTreeWidgetItem(self.tree, [f"{label}：{counts[severity]} 项"])
            group.setIcon(0, state_icon(state))
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for finding in (f for f in findings if f.severity == severity):
                explained = "" if severity != WARNING else (finding.explanation and "已说明" or "未说明")
                item = QTreeWidgetItem(group, [f"{finding.rule}　{finding.message}", explained])
                item.setToolTip(0, f"{finding.rule}：{RULES[finding.rule].title}\n{finding.message}")
                item.setData(0, Qt.ItemDataRole.UserRole, finding)
            group.setExpanded(True)
        self._rule = current_rule
        if current_rule:
            self.select_rule(current_rule)   # keep the finding being explained selected
        self.tree.blockSignals(False)

    def _finding(self, item):
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _jump(self, item, _column=0) -> None:
        finding = self._finding(item)
        if finding is not None:
            self.jump.emit(finding)

    def _select(self, item, _previous=None) -> None:
        finding = self._finding(item)
        self._rule = finding.rule if finding is not None and finding.severity == WARNING else None
        self.explanation.blockSignals(True)
        if self._rule:
            self.explain_box.setTitle(f"说明（{self._rule}：{RULES[self._rule].title}）")
            self.explanation.setPlainText(self.editor.report.explanations.get(self._rule, ""))
        else:
            self.explain_box.setTitle("说明")
            self.explanation.setPlainText("")
        self.explanation.setEnabled(bool(self._rule))
        self.explanation.blockSignals(False)

    def select_rule(self, rule: str) -> None:
        """Select the first finding of `rule` (tests and the jump from elsewhere use this)."""
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                if self._finding(group.child(j)).rule == rule:
                    self.tree.setCurrentItem(group.child(j))
                    return

    def _save_explanation(self) -> None:
        if self._rule:
            try:
                self.editor.set_explanation(self._rule, self.explanation.toPlainText())
                self.explanation_note.setText("")
            except (InputError, StorageError) as exc:   # a failed write is kept: SaveStatus says so
                self.explanation_note.setText(str(exc))
