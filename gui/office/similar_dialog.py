"""雷同 side by side: two units' narratives (一、五、六) next to each other, the passages they share
highlighted in both."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QSplitter, QTextBrowser, QVBoxLayout)

from gui.style import hint_label, state_background
from models.catalogue import SECTION_BY_KEY
from models.office.similarity import NARRATIVE_KEYS, Narrative, shared_spans


def highlighted_html(report, other) -> str:
    """The report's 一、五、六 as HTML, the clauses that stand in `other` highlighted."""
    against = Narrative.of(other)
    colour = state_background("warning").name()
    parts = [f"<h3>{escape(report.unit.name)}</h3>"]
    for key in NARRATIVE_KEYS:
        text = report.section_text(key)
        parts.append(f"<h4>{escape(SECTION_BY_KEY[key].heading)}</h4>")
        if not text.strip():
            parts.append("<p>（未填写）</p>")
            continue
        out, at = [], 0
        for start, end in shared_spans(text, report.unit.name, against):
            out.append(escape(text[at:start]))
            out.append(f"<span style='background:{colour}'>{escape(text[start:end])}</span>")
            at = end
        out.append(escape(text[at:]))
        parts.append("<p>" + "".join(out).replace("\n", "<br>") + "</p>")
    return "".join(parts)


class SimilarDialog(QDialog):
    def __init__(self, office, received_id: int, pairs, parent=None):
        super().__init__(parent)
        self.office, self.received_id = office, received_id
        self.setWindowTitle("正文雷同对比")
        self.pairs = sorted(pairs, key=lambda p: -p.share)
        self.report = office.report(received_id)
        self.partners = QListWidget()
        for pair in self.pairs:
            other = pair.b if pair.a == received_id else pair.a
            item = QListWidgetItem(f"{office.report(other).unit.name}　相同 {pair.share:.0%}")
            item.setData(256, other)
            self.partners.addItem(item)
        self.heading = QLabel()
        self.left, self.right = QTextBrowser(), QTextBrowser()
        splitter = QSplitter()
        splitter.addWidget(self.left)
        splitter.addWidget(self.right)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.partners, 1)
        top.addWidget(hint_label("相同比例：较短一份的正文（一、五、六，数字不计）中，原样出现在另一份里的部分。"
                                 "两边相同的语句以底色标出。"), 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.partners.setMaximumHeight(110)
        self.partners.currentRowChanged.connect(self.show_pair)
        self.resize(1100, 720)
        self.partners.setCurrentRow(0)

    def show_pair(self, row: int) -> None:
        if row < 0:
            return
        other = self.office.report(self.partners.item(row).data(256))
        self.heading.setText(f"<b>{escape(self.report.unit.name)}</b> 与 <b>{escape(other.unit.name)}</b>："
                             f"相同比例 {self.pairs[row].share:.0%}")
        self.left.setHtml(highlighted_html(self.report, other))
        self.right.setHtml(highlighted_html(other, self.report))
