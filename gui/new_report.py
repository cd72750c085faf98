"""新建报告: the unit (name, kind, level as in the data file) and the year."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox,
                               QVBoxLayout)

from gui.style import Banner, choice_combo, set_choice
from models.catalogue import UNIT_KINDS, UNIT_LEVELS, layout_for_year


class NewReportDialog(QDialog):
    def __init__(self, units, parent=None):
        super().__init__(parent)
        self.setWindowTitle("新建报告")
        self.units = {u.name: u for u in units}
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
        self.format_note = QLabel()
        self.year.valueChanged.connect(self._show_format)
        self._show_format()
        self.banner = Banner()

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
            self.banner.show_error("请填写单位名称。")
            return
        self.accept()

    def unit_name(self) -> str:
        return self.name.currentText().strip()

    def values(self) -> tuple[str, str, str, int]:
        return self.unit_name(), self.kind.currentData(), self.level.currentData(), self.year.value()
