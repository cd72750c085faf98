"""The narrative steps: 一 (with its five sub-headings and the preamble), 五, 六 (with the
信息处理费 figures). Every keystroke is saved; 参考文本 written from the figures can be inserted
(its sentences are known: models/marks.py); paragraphs taken over from last year are shaded
until edited or confirmed; a finding's sentence can be shown and selected (`focus_quote`).
Tab moves to the next box (it never types a tab into the text); the standard 前言 comes back
with one click; messages sit under the text, so they never move it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QScrollArea, QSpinBox, QTextEdit, QVBoxLayout, QWidget)

from gui.style import Banner, hint_label, page_title, px, section_title, state_background
from gui.text_input import CleanTextEdit
from models.errors import StorageError
from models import sentences
from models.catalogue import SECTION_BY_KEY, ValueKind
from models.narrative import Overview, join_overview, split_overview
from models.report import Fees
from models.values import InputError, parse_input


class TextBox(CleanTextEdit):
    """A plain text editor whose changes go to a callback (not while the program fills it).
    A change the Editor refuses (a bound, a character) is said through `notice`; the text stays
    in the box. A change the database could not take is kept by the Editor (SaveStatus)."""

    def __init__(self, on_change, placeholder: str = "", lines: int = 4, parent=None):
        super().__init__(parent)
        self._filling = False
        self._on_change = on_change
        self._lines = lines
        self.on_focus = None         # called when the clerk comes into the box (the page's 确认本段)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)       # a stray Tab moves on; it never lands in the report
        self._fit_height()
        self.textChanged.connect(self._changed)

    def _fit_height(self) -> None:
        self.setFixedHeight(self.fontMetrics().lineSpacing() * self._lines + px(16))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:     # the zoom changed
            self._fit_height()

    def _changed(self) -> None:
        if self._filling:
            return
        try:
            self._on_change()
        except (InputError, StorageError) as exc:
            self.notice.emit(str(exc), True)

    def fill(self, text: str) -> None:
        if text != self.toPlainText():
            self._filling = True
            self.setPlainText(text)
            self._filling = False

    def insert(self, text: str, commit=None) -> None:
        """`text` at the cursor, on a line of its own. With `commit`, the change is handed to it
        (not to the box's own callback): 参考文本 is saved as one edit that knows its sentences."""
        cursor = self.textCursor()
        if cursor.positionInBlock() > 0:
            text = "\n" + text
        self._filling = commit is not None
        cursor.insertText(text)
        self._filling = False
        self.setTextCursor(cursor)
        self.setFocus()
        if commit is not None:
            try:
                commit()
            except (InputError, StorageError) as exc:
                self.notice.emit(str(exc), True)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        if self.on_focus is not None:
            self.on_focus(self)

    def mark_paragraphs(self, carried: set[str]) -> None:
        """Shade the lines that are paragraphs taken over from last year, not yet edited or confirmed."""
        shade = QTextCharFormat()
        shade.setBackground(state_background("carried"))
        shade.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selections = []
        block = self.document().firstBlock()
        while block.isValid():
            if block.text().strip() in carried:
                selection = QTextEdit.ExtraSelection()
                selection.cursor = QTextCursor(block)
                selection.format = shade
                selections.append(selection)
            block = block.next()
        self.setExtraSelections(selections)

    def current_paragraph(self) -> str:
        return self.textCursor().block().text().strip()

    def select_text(self, text: str) -> bool:
        """Select `text` (a sentence or paragraph) and bring it into view; False when not here."""
        at = self.toPlainText().find(text)
        if at < 0 or not text:
            return False
        cursor = self.textCursor()
        cursor.setPosition(at)
        cursor.setPosition(at + len(text), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus()
        return True


def _with_reference(box: TextBox, make_text, commit, label: str = "插入参考文本") -> QWidget:
    """The 参考文本 button under `box`: inserts `make_text()` and hands it to `commit(text)`."""
    button = QPushButton(label)
    button.setToolTip("按本报告的数字生成的标准表述，插入后可以修改；表格改动后，审核会指出并可按表格更新")

    def insert() -> None:
        text = make_text()
        box.insert(text, lambda: commit(text))
    button.clicked.connect(insert)
    row = QHBoxLayout()
    row.addStretch()
    row.addWidget(button)
    holder = QWidget()
    holder.setLayout(row)
    return holder


class NarrativePage(QWidget):
    def __init__(self, editor, key: str, parent=None):
        super().__init__(parent)
        self.editor, self.key = editor, key
        self.section = SECTION_BY_KEY[key]
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(0, px(8), px(12), px(8))
        self.layout_.addWidget(page_title(self.section.heading))
        if self.section.hint:
            self.layout_.addWidget(hint_label(self.section.hint))
        self.banner = Banner()
        self.review_note = Banner(transient_info=False)
        self.confirm_here = QPushButton("确认光标所在段已核对")
        self.confirm_here.setToolTip("这一段从上年报告带入，核对无误、不需修改时点此；可撤销")
        self.confirm_here.clicked.connect(self._confirm_here)
        self.confirm_all = QPushButton("本部分带入的段落全部确认已核对")
        self.confirm_all.clicked.connect(self._confirm_all)
        confirm_row = QHBoxLayout()
        confirm_row.addStretch()
        confirm_row.addWidget(self.confirm_here)
        confirm_row.addWidget(self.confirm_all)
        self.confirm_box = QWidget()
        self.confirm_box.setLayout(confirm_row)
        self.keyed: list[tuple[str, TextBox]] = []   # every box with the narrative key it edits
        self._last_box: TextBox | None = None
        self.boxes: list[TextBox] = []
        self.parts: list[TextBox] = []
        self.whole: TextBox | None = None
        {"s1": self._build_overview, "s5": self._build_single, "s6": self._build_other}[key]()
        self.layout_.addStretch()
        self.scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll, 1)
        outer.addWidget(self.review_note)     # under the text: showing or going, nothing moves
        outer.addWidget(self.confirm_box)
        outer.addWidget(self.banner)
        for box in body.findChildren(TextBox):
            box.notice.connect(self._notice)
            box.on_focus = self._focused
        editor.add_listener(self._changed)
        self.reload()

    # --- 一、总体情况 ----------------------------------------------------------------------
    def _heading(self, text: str) -> None:
        label = section_title(text)
        label.setContentsMargins(0, 8, 0, 0)
        self.layout_.addWidget(label)

    def _build_overview(self) -> None:
        heading = section_title("前言（可留空：留空时使用下面灰色的标准前言）")
        self.restore_preamble = QPushButton("恢复标准前言")
        self.restore_preamble.setToolTip("清除这里写的前言，报告中印标准前言（可撤销）")
        self.restore_preamble.clicked.connect(lambda: self.use_standard_preamble())
        row = QHBoxLayout()
        row.setContentsMargins(0, px(8), 0, 0)
        row.addWidget(heading, 1)
        row.addWidget(self.restore_preamble)
        self.layout_.addLayout(row)
        self.preamble = TextBox(lambda: self.editor.set_text("preamble", self.preamble.toPlainText()),
                                sentences.default_preamble(self.editor.report), lines=4)
        self.layout_.addWidget(self.preamble)
        self.keyed.append(("preamble", self.preamble))
        self.overview = split_overview(self.editor.report.section_text("s1"))
        if self.overview is None:      # a text that does not follow the sub-headings: edit it whole
            self._heading("正文")
            self._build_single()
            return
        self._heading("概述（可留空）")
        self.intro = TextBox(self._save_overview, "对全年工作的总体概述，放在各小标题之前。", lines=3)
        self.layout_.addWidget(self.intro)
        self.keyed.append(("s1", self.intro))
        references = {0: ("disclosure", lambda: sentences.disclosure_sentence(self.editor.report)),
                      1: ("applications", lambda: sentences.applications_sentence(self.editor.report,
                                                                                  self.editor.previous))}
        for i, heading in enumerate(self.overview.headings):
            self._heading(heading)
            box = TextBox(self._save_overview, lines=6)
            self.layout_.addWidget(box)
            if i in references:
                source, make = references[i]
                self.layout_.addWidget(_with_reference(
                    box, make, lambda text, source=source: self.editor.insert_reference(
                        "s1", self._overview_text(), source, text)))
            self.parts.append(box)
            self.keyed.append(("s1", box))

    def _overview_text(self) -> str:
        return join_overview(Overview(self.intro.toPlainText(), self.overview.headings,
                                      [b.toPlainText() for b in self.parts]))

    def use_standard_preamble(self) -> None:
        """Back to the standard 前言: the clerk's own is removed (one undo step)."""
        try:
            self.editor.set_text("preamble", "", merge=False)
        except (InputError, StorageError) as exc:
            self.banner.show_error(str(exc))
            return
        self.banner.show_info("已恢复标准前言（可撤销）。")

    def _save_overview(self) -> None:
        self.editor.set_text("s1", self._overview_text())

    # --- 五, or any text edited whole ------------------------------------------------------
    def _build_single(self) -> None:
        self.whole = TextBox(lambda: self.editor.set_text(self.key, self.whole.toPlainText()), lines=14)
        self.keyed.append((self.key, self.whole))
        if self.key == "s5":
            self.whole.setPlaceholderText("如实写明本年存在的主要问题、改进措施，以及上年所列问题的整改情况（不少于 30 字）。")
        self.layout_.addWidget(self.whole, 1)

    # --- 六 and the 信息处理费 -----------------------------------------------------------------
    def _build_other(self) -> None:
        self._build_single()
        fees = QGroupBox("信息处理费（《政府信息公开信息处理费管理办法》）")
        self.notices = QSpinBox()
        self.notices.setRange(0, 100000)
        self.notices.setSuffix(" 件")
        self.notice_amount = QLineEdit()
        self.collected = QLineEdit()
        for field in (self.notice_amount, self.collected):
            field.setPlaceholderText("0")
        self.fee_sentence = QLabel()
        self.fee_sentence.setWordWrap(True)
        form = QFormLayout(fees)
        form.addRow("发出收费通知", self.notices)
        form.addRow("收费通知总金额（元）", self.notice_amount)
        form.addRow("实际收取金额（元）", self.collected)
        form.addRow("报告中写作", self.fee_sentence)
        none_button = QPushButton("本年度未收取信息处理费")
        none_button.clicked.connect(lambda: self._set_fees(Fees()))
        form.addRow("", none_button)
        self.notices.valueChanged.connect(self._save_fees)
        self.notice_amount.editingFinished.connect(self._save_fees)
        self.collected.editingFinished.connect(self._save_fees)
        self.layout_.addWidget(fees)

    def _save_fees(self) -> None:
        try:
            amounts = [parse_input(ValueKind.AMOUNT, f.text()) or Decimal("0")
                       for f in (self.notice_amount, self.collected)]
        except InputError as exc:
            self.banner.show_error(f"信息处理费：{exc}")
            return
        fees = Fees(self.notices.value(), *amounts)
        if fees != self.editor.report.fees:
            self._set_fees(fees)
        else:
            self.banner.hide()

    def _set_fees(self, fees: Fees) -> None:
        try:
            self.editor.set_fees(fees)
        except (InputError, StorageError) as exc:
            self.banner.show_error(f"信息处理费未保存：{exc}")
            return
        self.banner.hide()

    def _notice(self, text: str, is_error: bool) -> None:
        (self.banner.show_error if is_error else self.banner.show_warning)(text)

    # --- keeping the boxes in step with the report (undo, redo) -------------------------
    def _changed(self, change) -> None:
        if change.texts or change.meta:
            self.reload()

    def _show_review_note(self) -> None:
        carried = sum(len(self.editor.carried_paragraphs(k)) for k in dict.fromkeys(k for k, _ in self.keyed))
        if carried:
            self.review_note.show_warning(
                f"有 {carried} 段文字从上年报告带入（底色标出），已把“{self.editor.report.year - 1}年”改为"
                f"“{self.editor.report.year}年”。请逐段核对、按本年实际修改；修改过的段落，或核对无误后点"
                f"“确认光标所在段已核对”的段落，底色消失。")
        else:
            self.review_note.hide()
        self.confirm_box.setVisible(bool(carried))
        for key, box in self.keyed:
            box.mark_paragraphs(set(self.editor.carried_paragraphs(key)))

    def _focused(self, box: TextBox) -> None:
        self._last_box = box

    def _confirm_here(self) -> None:
        box = self._last_box
        key = next((k for k, b in self.keyed if b is box), None)
        if key is None or box.current_paragraph() not in self.editor.carried_paragraphs(key):
            self.banner.show_warning("请先把光标放在要确认的那一段（带底色的段落）中，再点“确认光标所在段已核对”。")
            return
        self._run(lambda: self.editor.confirm_carried(key, [box.current_paragraph()]))

    def _confirm_all(self) -> None:
        for key in dict.fromkeys(k for k, _ in self.keyed):
            self._run(lambda key=key: self.editor.confirm_carried(key))

    def _run(self, action) -> None:
        try:
            action()
        except (InputError, StorageError) as exc:
            self.banner.show_error(str(exc))

    def reload(self) -> None:
        report = self.editor.report
        if self.key == "s1":
            self.preamble.fill(report.section_text("preamble"))
            self.restore_preamble.setEnabled(bool(report.section_text("preamble")))
            if self.parts:
                overview = split_overview(report.section_text("s1"))
                if overview is not None:
                    self.intro.fill(overview.intro)
                    for box, body in zip(self.parts, overview.bodies):
                        box.fill(body)
        if self.whole is not None:
            self.whole.fill(report.section_text(self.key))
        if self.key == "s6":
            fees = report.fees or Fees()
            self.notices.blockSignals(True)
            self.notices.setValue(fees.notices)
            self.notices.blockSignals(False)
            self.notice_amount.setText(str(fees.notice_amount_yuan) if report.fees else "")
            self.collected.setText(str(fees.collected_yuan) if report.fees else "")
            self.fee_sentence.setText(sentences.fee_sentence(fees) if report.fees else
                                      "（尚未填写；没有收费时请点“本年度未收取信息处理费”，报告中会写明）")
        self._show_review_note()     # after the boxes are filled: the shading follows their lines

    def focus_first(self) -> None:
        (self.parts[0] if self.parts else self.whole or self.preamble).setFocus()

    def focus_quote(self, quote: str, key: str | None = None) -> bool:
        """Show and select a sentence or paragraph a finding quotes (in `key`'s boxes when given)."""
        for box_key, box in self.keyed:
            if (key is None or box_key == key) and box.select_text(quote):
                self.scroll.ensureWidgetVisible(box)
                return True
        self.focus_first()
        return False
