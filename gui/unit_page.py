"""Step 单位与年度: the unit as it appears on the report, the year and the publication date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QFormLayout, QLabel, QVBoxLayout, QWidget

from gui.style import Banner, choice_combo, page_title, px, set_choice
from gui.text_input import CleanLineEdit
from models.catalogue import UNIT_KINDS, UNIT_LEVELS
from models.bounds import UNIT_NAME_MAX_CHARS, clean_line
from models.errors import StorageError
from models.values import InputError


class UnitPage(QWidget):
    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        report = editor.report
        self.name = CleanLineEdit()
        self.name.setMaxLength(UNIT_NAME_MAX_CHARS)
        self.kind = choice_combo(UNIT_KINDS)
        self.level = choice_combo(UNIT_LEVELS)
        self.year = QLabel(f"{report.year} 年度（{report.layout.title}）")
        self.year.setWordWrap(True)
        self.published_known = QCheckBox("已确定发布日期")
        self.published = QDateEdit()
        self.published.setCalendarPopup(True)
        self.published.setDisplayFormat("yyyy年M月d日")
        # the popup calendar (一月…十二月, 周一…周日 from the Chinese locale) with room for its six weeks
        self.published.calendarWidget().setMinimumSize(px(320), px(250))
        self.banner = Banner()
        form = QFormLayout()
        form.addRow("单位名称", self.name)
        form.addRow("单位类别", self.kind)
        form.addRow("行政层级", self.level)
        form.addRow("报告年度", self.year)
        form.addRow("发布日期", self.published_known)
        form.addRow("", self.published)
        note = QLabel("单位名称印在报告标题和落款中。政府部门须在次年1月31日前、人民政府须在次年3月31日前发布"
                      "（《政府信息公开条例》第四十九条）；乡镇、街道按县里规定的期限。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("单位与年度"))
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.banner)
        self.name.notice.connect(lambda text, error: (self.banner.show_error if error else self.banner.show_warning)(text))
        layout.addStretch()
        self.reload()
        self.name.editingFinished.connect(self._save_unit)
        self.kind.currentIndexChanged.connect(self._save_unit)
        self.level.currentIndexChanged.connect(self._save_unit)
        self.published_known.toggled.connect(self._save_published)
        self.published.dateChanged.connect(self._save_published)
        editor.add_listener(lambda change: self.reload() if change.meta else None)

    def reload(self) -> None:
        unit, report = self.editor.report.unit, self.editor.report
        for widget in (self.name, self.kind, self.level, self.published_known, self.published):
            widget.blockSignals(True)
        self.name.setText(unit.name)
        set_choice(self.kind, unit.kind)
        set_choice(self.level, unit.level)
        self.published_known.setChecked(report.published is not None)
        day = report.published or date(report.year + 1, 1, 20)
        self.published.setDate(QDate(day.year, day.month, day.day))
        self.published.setEnabled(report.published is not None)
        for widget in (self.name, self.kind, self.level, self.published_known, self.published):
            widget.blockSignals(False)

    def _save_unit(self) -> None:
        name, _ = clean_line(self.name.text())   # whatever reached the box by other ways than a paste
        if not name:
            self.banner.show_error("单位名称不能为空。")
            self.name.setText(self.editor.report.unit.name)
            return
        unit = self.editor.report.unit
        values = (name, self.kind.currentData(), self.level.currentData())
        if values == (unit.name, unit.kind, unit.level):
            return
        try:
            self.editor.set_unit(name=values[0], kind=values[1], level=values[2])
            self.banner.hide()
        except (InputError, StorageError) as exc:
            self.banner.show_error(str(exc))
            self.reload()

    def _save_published(self) -> None:
        self.published.setEnabled(self.published_known.isChecked())
        day = self.published.date().toPython() if self.published_known.isChecked() else None
        if day != self.editor.report.published:
            try:
                self.editor.set_published(day)
            except StorageError as exc:   # a refusal; a failed write is kept (SaveStatus)
                self.banner.show_error(str(exc))

    def focus_first(self) -> None:
        self.name.setFocus()
