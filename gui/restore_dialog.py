"""恢复已删除的报告: the copies written into the backup folder before each deletion, newest
first; the chosen one goes back into the database (asking first if that unit already has a
report of that year, which is then backed up in its turn)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QVBoxLayout)

from gui.style import Banner, ask_yes_no, hint_label
from models import paths
from models.errors import StorageError

PATTERN = "*删除前备份*.json"


def deleted_backups() -> list[tuple[Path, object]]:
    """(file, report) for every readable deletion backup, newest first."""
    from models.datafile import DataFileError, read_report

    found = []
    for path in sorted(paths.backup_dir().glob(PATTERN), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            report, _ = read_report(path)
        except (DataFileError, OSError):
            continue
        found.append((path, report))
    return found


class RestoreDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.restored: int | None = None
        self.replaced: int | None = None      # the report the backup replaced, if any
        self.restored_name = ""
        self.setWindowTitle("恢复已删除的报告")
        self.resize(620, 380)
        self.list = QListWidget()
        for path, report in deleted_backups():
            when = datetime.fromtimestamp(path.stat().st_mtime)
            item = QListWidgetItem(f"{report.unit.name}　{report.year} 年度　（删除于 {when:%Y-%m-%d %H:%M}）")
            item.setData(Qt.ItemDataRole.UserRole, (path, report))
            item.setToolTip(str(path))
            self.list.addItem(item)
        self.banner = Banner(transient_info=False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("恢复", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._restore)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _: self._restore())
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(f"删除报告前，程序会把它完整备份到：{paths.backup_dir()}"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.banner.show_warning("备份文件夹中没有删除前的备份。")
            self.restore_button.setEnabled(False)

    def _restore(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        path, report = item.data(Qt.ItemDataRole.UserRole)
        existing = self.store.find_report(report.unit.name, report.year)
        if existing and not ask_yes_no(self, "恢复报告", f"“{report.unit.name}”现在已有 {report.year} 年度的报告。"
                                                       f"用备份替换它吗？\n（现在的报告会先备份。）"):
            return
        try:
            self.restored = self.store.replace_report(report, "恢复前备份")
        except StorageError as exc:
            self.banner.show_error(str(exc))
            return
        if existing:
            self.replaced = existing.id
        self.restored_name = f"“{report.unit.name}”{report.year} 年度报告"
        self.accept()
