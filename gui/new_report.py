"""新建报告: the unit (name, kind, level as in the data file) and the year. A unit and year that
already have a report are not created twice: the dialog offers to open that report."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QMessageBox, QSpinBox,
                               QVBoxLayout)

from gui.style import Banner, choice_combo, hint_label, set_choice
from models.catalogue import UNIT_KINDS, UNIT_LEVELS, layout_for_year


class NewReportDialog(QDialog):
    def __init__(self, units, parent=None, existing=()):
        super().__init__(parent)
        self.setWindowTitle("新建报告")
        self.setMinimumWidth(460)
        self.units = {u.name: u for u in units}
        self.existing = {(r.unit_name, r.year): r.id for r in existing}
        self.open_existing: int | None = None    # the existing report the clerk chose to open instead
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(sorted(self.units))
        self.name.setCurrentText("")
        self.name.lineEdit().setPlaceholderText("如：某某镇人民政府、某某县教育局")
        self.name.currentTextChanged.connect(self._fill_known_unit)
        self.kind = choice_combo(UNIT_KINDS)
        self.level = choice_combo(UNIT_LEVELS)
        set_choice(self.level, "township")
        self.year = QSpinBox()
        self.year.setRange(2019, 2100)
        self.year.setValue(date.today().year - 1)      # the report is filed for last year
        self.year.setSuffix(" 年度")
        self.format_note = hint_label("")
        self.year.valueChanged.connect(self._show_format)
        self._show_format()
        self.banner = Banner(transient_info=False)

        form = QFormLayout()
        form.addRow("单位名称", self.name)
        form.addRow("单位类别", self.kind)
        form.addRow("行政层级", self.level)
        form.addRow("报告年度", self.year)
        form.addRow("", self.format_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addStretch()
        layout.addWidget(buttons)

    def _fill_known_unit(self, name: str) -> None:
        unit = self.units.get(name.strip())
        if unit is not None:
            set_choice(self.kind, unit.kind)
            set_choice(self.level, unit.level)

    def _show_format(self) -> None:
        layout = layout_for_year(self.year.value())
        self.format_note.setText(f"表格格式：{layout.title}")
        self.format_note.setWordWrap(True)

    def _accept(self) -> None:
        if not self.unit_name():
            self._refuse("请填写单位名称（如：某某镇人民政府）。")
            self.name.setFocus()
            return
        existing = self.existing.get((self.unit_name(), self.year.value()))
        if existing is not None:
            answer = QMessageBox.question(
                self, "新建报告", f"“{self.unit_name()}”已有 {self.year.value()} 年度的报告。要打开这份报告吗？",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Open)
            if answer == QMessageBox.StandardButton.Open:
                self.open_existing = existing
                self.accept()
            return
        self.accept()

    def _refuse(self, text: str) -> None:
        """Show why, in full: the dialog grows to fit the message (never a clipped line)."""
        self.banner.show_error(text)
        self.adjustSize()

    def unit_name(self) -> str:
        return self.name.currentText().strip()

    def values(self) -> tuple[str, str, str, int]:
        return self.unit_name(), self.kind.currentData(), self.level.currentData(), self.year.value()
