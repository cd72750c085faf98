"""The unit's side of the office above: 报送上级 (the data package, from 生成与打印), opening a data
file or a package that came back (打开数据文件 / 打开报送包, on the start page), and the office's
comments shown beside the findings they concern (on the 审核 step)."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from gui.background import BackgroundTask
from gui.style import Banner, ask_yes_no, hint_label, section_title, state_color, state_icon
from models.errors import StorageError
from models.report import REVIEW_STATUSES

OPEN_FILTER = "报送包或数据文件 (*.gkpkg *.json);;报送包 (*.gkpkg);;数据文件 (*.json);;所有文件 (*)"
COMMENT_PREFIX = "上级意见："


# --- 报送上级 ------------------------------------------------------------------------------------


class SendUpBox(QWidget):
    """生成与打印's 报送上级: one button that writes the data package (.gkpkg) for the office above."""

    def __init__(self, editor, export_page, parent=None):
        super().__init__(parent)
        self.editor, self.export_page = editor, export_page
        self.task: BackgroundTask | None = None
        self.button = QPushButton("生成报送包")
        self.button.setToolTip("把报告数据（含说明）、Word 文本、PDF（装有 LibreOffice 时）和审核说明表打成一个"
                               "报送包（.gkpkg），发给上级政务公开办")
        self.button.clicked.connect(self.send)
        self.banner = Banner()
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section_title("报送上级"))
        layout.addWidget(hint_label("审核通过后，在上面的保存位置生成一个报送包（.gkpkg），发给上级政务公开办；"
                                    "上级退回时，在首页“打开数据文件或报送包”即可看到逐条意见。"))
        layout.addLayout(row)
        layout.addWidget(self.banner)

    def send(self) -> None:
        """Write the package into the page's 保存位置, named after the report."""
        from models.export.document import title
        from models.office.package import SUFFIX, write_package

        state = self.editor.sign_off
        if not state.final:
            self.banner.show_error(f"报告{state.what_is_left()}，还不能报送上级：请先改正，或到“审核”一步逐条填写说明。")
            return
        folder = Path(self.export_page.folder.text().strip())
        if not folder.is_dir():
            self.banner.show_error(f"保存位置“{folder}”不存在，请在上面重新选择。")
            return
        path = folder / (_safe(title(self.editor.report)) + SUFFIX)
        report = copy.deepcopy(self.editor.report)     # the clerk may go on typing meanwhile
        previous, carried = self.editor.previous, self.export_page.carried()
        pdf = self.export_page.with_pdf.isChecked()
        self.button.setEnabled(False)
        self.task = BackgroundTask(self, "正在生成报送包，请稍候…",
                                   lambda cancel: write_package(report, path, previous=previous, carried=carried,
                                                                pdf=pdf, cancel=cancel))
        self.task.succeeded.connect(self._done)
        self.task.failed.connect(self.banner.show_error)
        self.task.ended.connect(lambda: self.button.setEnabled(True))
        self.task.start()

    def _done(self, written) -> None:
        note = f"\n注意：{written.pdf_problem}" if written.pdf_problem and "未要求" not in written.pdf_problem else ""
        self.banner.show_info(f"已生成报送包：{written.path}\n请把这个文件发给上级政务公开办。{note}")

    def wait(self, ms: int = 60000) -> None:
        """For tests: until the package is written."""
        if self.task is not None:
            self.task.wait(ms)


def _safe(text: str) -> str:
    from models.office.roster import safe_file_name
    return safe_file_name(text)


# --- 打开数据文件 / 打开报送包 -----------------------------------------------------------------------


def open_returned(parent, store, path: str | None = None) -> tuple[int, str] | None:
    """Read a data file or a package (a report returned by the office above, or from a colleague)
    into the store; the same unit and year already there → asked first, and backed up. Returns
    (report id, notice for the wizard), or None (cancelled or refused: said in a dialog)."""
    from models.office.sources import Unreadable, read_source

    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, "打开数据文件或报送包", "", OPEN_FILTER)
        if not path:
            return None
    if Path(path).suffix.lower() not in (".json", ".gkpkg"):
        QMessageBox.warning(parent, "打开数据文件", f"“{Path(path).name}”不是数据文件（.json）或报送包（.gkpkg）。"
                                                 "已发布的 Word、PDF 或网页请用“导入已发布的报告”。")
        return None
    try:
        source = read_source(path)
    except Unreadable as exc:
        QMessageBox.warning(parent, "打开数据文件", f"未打开：{exc}")
        return None
    report = source.report
    if store.find_report(report.unit.name, report.year) and not ask_yes_no(
            parent, "打开数据文件", f"本机已有“{report.unit.name}”{report.year} 年度的报告。用打开的文件替换它吗？\n"
                                    f"（本机的报告会先备份到备份文件夹。）"):
        return None
    try:
        report_id = store.replace_report(report, "打开文件前备份")
    except StorageError as exc:
        QMessageBox.warning(parent, "打开数据文件", str(exc))
        return None
    return report_id, review_notice(report) or f"已打开“{Path(path).name}”。"


def review_notice(report) -> str:
    """What the wizard says on opening a report that came back with a review."""
    review = report.review
    if review is None:
        return ""
    head = f"上级审核：{REVIEW_STATUSES[review.status]}（{_by(review)}）。"
    if review.status == "returned":
        head += f"共 {len(review.comments)} 条意见，逐条见“审核”一步；改正后重新生成报送包报送。"
    general = [c.text for c in review.comments if c.finding is None]
    return head + "".join(f"\n总体意见：{text}" for text in general)


# --- the comments beside the findings (the 审核 step) ----------------------------------------------


class ReviewComments(QLabel):
    """Above the 审核 step's list: the office's verdict, its remarks on the report as a whole, and
    remarks whose finding is no longer there (fixed since). Hidden when the report has no review."""

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        colour = state_color("warning").name()
        self.setStyleSheet(f"QLabel {{ border-left: 4px solid {colour}; padding: 6px 10px; }}")
        self.refresh()

    def refresh(self) -> None:
        review = self.editor.report.review
        if review is None:
            self.hide()
            return
        live = {f.id for f in self.editor.findings}
        lines = [f"<b>上级审核：{REVIEW_STATUSES[review.status]}</b>（{_html(_by(review))}）"]
        lines += [f"总体意见：{_html(c.text)}" for c in review.comments if c.finding is None]
        lines += [f"（原针对 {_gone(c.finding)}，该问题已不存在）{_html(c.text)}" for c in review.comments
                  if c.finding is not None and c.finding not in live]
        if any(c.finding in live for c in review.comments):
            lines.append("针对具体问题的意见列在下面对应的审核结果之下。")
        self.setText("<br>".join(lines))
        self.show()


def add_comment_items(tree, review) -> None:
    """Under each finding of the 审核 step's list, the office's remarks on it (a child item each)."""
    if review is None:
        return
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            item = group.child(j)
            finding = item.data(0, Qt.ItemDataRole.UserRole)
            if finding is None or isinstance(finding, str):      # an orphaned 说明, not a finding
                continue
            for text in review.comments_on(finding.id):
                child = QTreeWidgetItem(item, [COMMENT_PREFIX + text, ""])
                child.setIcon(0, state_icon("info"))
                child.setForeground(0, state_color("warning"))
                child.setFlags(Qt.ItemFlag.ItemIsEnabled)
                child.setToolTip(0, f"上级政务公开办对这条审核结果的意见：\n{text}")
            item.setExpanded(True)


def _by(review) -> str:
    """「审核人，日期」, or the date alone when the reviewer left no name."""
    return "，".join(x for x in (review.reviewer, f"{review.date:%Y-%m-%d}") if x)


def _gone(finding_id: str) -> str:
    """A finding no longer found, named by its rule (its id lists every cell: too long to read)."""
    from models.checks import RULES
    rule = finding_id.partition("|")[0]
    return _html(f"{rule}“{RULES[rule].title}”的一条审核结果" if rule in RULES else finding_id)


def _html(text: str) -> str:
    from html import escape
    return escape(text).replace("\n", "<br>")
