"""Tables 二/三/四 as a spreadsheet: the official grid with its labels and merges, totals
computed and read-only, Enter/Tab/arrows to move, typing overwrites, Delete clears, Excel/WPS
paste, a refusal at the cell for a bad value, the row's 填报说明 and the findings on hover."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QStackedWidget, QTableView, QTableWidget, QTableWidgetItem, QToolTip,
                               QVBoxLayout, QWidget)

from gui.style import CARRIED_FG, ERROR_BG, HEADER_BG, TOTAL_BG, WARNING_BG, Banner, hint_label, page_title
from models.catalogue import GridCell
from models.checks import ERROR, WARNING
from models.export.tables import COLUMN_MM
from models.errors import StorageError
from models.values import InputError, format_value

ALIGN_NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_LABEL = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_HEADER = Qt.AlignmentFlag.AlignCenter
EMPTY_RULE = "S-1"


class ReportTableModel(QAbstractTableModel):
    """The printed grid of one table; data cells are bound to the report through the Editor."""

    input_refused = Signal(QModelIndex, str)

    def __init__(self, editor, table_key: str, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.table = editor.report.layout.table(table_key)
        self.cells = editor.report.layout.cells
        self.at: dict[tuple[int, int], GridCell] = {(g.row, g.col): g for g in self.table.grid}
        self.index_of_key = {g.key: (g.row, g.col) for g in self.table.grid if g.key}
        self._last_marks = self._marks()
        self._bold = QFont()
        self._bold.setBold(True)

    # --- shape -----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.table.n_grid_rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.table.n_cols

    def grid_cell(self, index: QModelIndex) -> GridCell | None:
        return self.at.get((index.row(), index.column()))

    def key_at(self, index: QModelIndex) -> str | None:
        g = self.grid_cell(index)
        return g.key if g else None

    def index_for_key(self, key: str) -> QModelIndex:
        row, col = self.index_of_key[key]
        return self.index(row, col)

    # --- content ---------------------------------------------------------------------------
    def flags(self, index: QModelIndex):
        key = self.key_at(index)
        if key is None:
            return Qt.ItemFlag.NoItemFlags    # labels: not a stop for the keyboard
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags if self.cells[key].is_total else flags | Qt.ItemFlag.ItemIsEditable

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        g = self.grid_cell(index)
        if g is None:
            return None
        if g.key is None:
            return self._label_data(g, role)
        key, report = g.key, self.editor.report
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_value(report.cells.get(key))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_NUMBER
        if role == Qt.ItemDataRole.BackgroundRole:
            # an empty cell is plain to see: S-1 is listed on the 审核 step, not painted
            severities = {f.severity for f in self.editor.findings_for(key) if f.rule != EMPTY_RULE}
            if ERROR in severities:
                return ERROR_BG
            if WARNING in severities:
                return WARNING_BG
            return TOTAL_BG if self.cells[key].is_total else None
        if role == Qt.ItemDataRole.FontRole and self.cells[key].is_total:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and self.editor.origins.get(key) == "carried":
            return CARRIED_FG
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(key)
        return None

    def _label_data(self, g: GridCell, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return g.text
        if role == Qt.ItemDataRole.ForegroundRole:
            return QGuiApplication.palette().text()       # labels are disabled items: keep them black
        if role == Qt.ItemDataRole.BackgroundRole and g.role in ("header", "item", "note"):
            return HEADER_BG
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_LABEL if g.role in ("label", "note") else ALIGN_HEADER
        if role == Qt.ItemDataRole.ToolTipRole and g.role == "label":
            row = next((r for r in self.table.rows if r.label == g.text), None)
            return row.guidance if row else None
        return None

    def _tooltip(self, key: str) -> str:
        cell = self.cells[key]
        lines = [f"<b>{cell.name}</b>"]
        if cell.is_total:
            lines.append("合计由程序自动计算。")
        if self.editor.origins.get(key) == "carried":
            lines.append("<span style='color:#1f5fbf'>此数由上年报告“四、结转下年度继续办理”结转。</span>")
        lines.append(cell.guidance.replace("\n", "<br>"))
        for f in self.editor.findings_for(key):
            lines.append(f"<span style='color:#b3261e'>【{f.rule}】{f.message}</span>")
        return "<br>".join(lines)

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key = self.key_at(index)
        if key is None or role != Qt.ItemDataRole.EditRole:
            return False
        if str(value).strip() == format_value(self.editor.report.cells.get(key)):
            return False   # unchanged: no edit, no undo step
        try:
            self.editor.input_cell(key, str(value))
        except (InputError, StorageError) as exc:
            self.input_refused.emit(index, f"{exc}（{self.cells[key].name}）")
            return False
        return True

    def _marks(self) -> dict[str, frozenset]:
        return {key: marks for key in self.index_of_key
                if (marks := frozenset(f.severity for f in self.editor.findings_for(key) if f.rule != EMPTY_RULE))}

    def refresh(self, change=None) -> None:
        """Repaint what moved: the changed cells and those whose finding mark changed (all of
        them when the change is unknown, e.g. after undo of something elsewhere)."""
        marks = self._marks()
        if change is None:
            dirty = set(self.index_of_key)
        else:
            previous = getattr(self, "_last_marks", {})
            dirty = {k for k in change.cells if k in self.index_of_key}
            dirty |= {k for k in previous.keys() | marks.keys() if previous.get(k) != marks.get(k)}
        self._last_marks = marks
        for key in dirty:
            index = self.index_for_key(key)
            self.dataChanged.emit(index, index)


class ReportTableView(QTableView):
    """Spreadsheet keys on the report grid."""

    message = Signal(str, bool)   # text, is_error

    def __init__(self, model: ReportTableModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for g in model.table.grid:
            if g.rowspan > 1 or g.colspan > 1:
                self.setSpan(g.row, g.col, g.rowspan, g.colspan)
        self._moving_down = False

    def model(self) -> ReportTableModel:   # typed accessor
        return super().model()

    # --- widths follow the printed proportions -----------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        table = self.model().table
        widths = COLUMN_MM[(table.key, table.n_cols)]
        available = self.viewport().width() - 2
        for col, mm in enumerate(widths):
            self.setColumnWidth(col, int(available * mm / sum(widths)))
        self.fit_rows()

    def fit_rows(self) -> None:
        """Each row as tall as its own wrapped text. (resizeRowsToContents would give the whole
        height of a merged label such as 三、本年度办理结果 to its first row.)"""
        model, metrics = self.model(), self.fontMetrics()
        line = metrics.lineSpacing() + 10
        heights = [line] * model.rowCount()
        for g in model.table.grid:
            if g.rowspan == 1 and g.text:
                width = sum(self.columnWidth(c) for c in range(g.col, g.col + g.colspan)) - 10
                box = metrics.boundingRect(0, 0, max(width, 10), 10000, Qt.TextFlag.TextWordWrap, g.text)
                heights[g.row] = max(heights[g.row], box.height() + 10)
        for row, height in enumerate(heights):
            self.setRowHeight(row, height)

    # --- keys -------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            self.clear_selection()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            self.move_down()
        else:
            super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:   # Enter in the editor
            self.move_down()

    def move_down(self) -> None:
        target = self.moveCursor(QAbstractItemView.CursorAction.MoveDown, Qt.KeyboardModifier.NoModifier)
        if target.isValid():
            self.setCurrentIndex(target)

    def selected_keys(self) -> list[str]:
        model = self.model()
        keys = [model.key_at(i) for i in self.selectedIndexes()]
        return [k for k in keys if k and not model.cells[k].is_total]

    def clear_selection(self) -> None:
        keys = self.selected_keys()
        if keys:
            try:
                self.model().editor.clear_cells(keys)
            except (InputError, StorageError) as exc:
                self.message.emit(f"未清除：{exc}", True)

    def paste(self) -> None:
        key = self.model().key_at(self.currentIndex())
        text = QGuiApplication.clipboard().text()
        if not key or not text:
            return
        try:
            change = self.model().editor.paste(key, text)
        except (InputError, ValueError, StorageError) as exc:
            self.message.emit(f"粘贴未执行：{exc}", True)
            return
        self.message.emit(f"已粘贴 {len(change.cells)} 个单元格（含自动计算的合计）。", False)

    def copy(self) -> None:
        indexes = sorted(self.selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        rows: dict[int, list[str]] = {}
        for index in indexes:
            if self.model().key_at(index):
                rows.setdefault(index.row(), []).append(self.model().data(index) or "")
        QGuiApplication.clipboard().setText("\n".join("\t".join(r) for r in rows.values()))

    def show_refusal(self, index: QModelIndex, text: str) -> None:
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 4)), text, self)
        self.message.emit(text, True)


class ComparisonTable(QTableWidget):
    """This year | last year | change | % for every data cell of the table."""

    HEADER = ("单元格", "本年", "上年", "增减", "增减幅度")

    def __init__(self, editor, table_key: str, parent=None):
        super().__init__(0, len(self.HEADER), parent)
        self.editor, self.table_key = editor, table_key
        self.setHorizontalHeaderLabels(self.HEADER)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def reload(self) -> None:
        from models.carry import compare

        rows = compare(self.editor.report, self.editor.previous, self.table_key)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            texts = (row.name, str(row.this), "—" if row.last is None else str(row.last),
                     "—" if row.change is None else f"{row.change:+}",
                     "—" if row.percent is None else f"{row.percent:+}%")
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(ALIGN_NUMBER)
                if self.editor.report.layout.cells[row.key].is_total:
                    item.setBackground(TOTAL_BG)
                self.setItem(r, c, item)


class TablePage(QWidget):
    def __init__(self, editor, table_key: str, heading: str, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.model = ReportTableModel(editor, table_key, self)
        self.view = ReportTableView(self.model)
        self.comparison = ComparisonTable(editor, table_key)
        self.banner = Banner()
        self.model.input_refused.connect(self.view.show_refusal)
        self.view.message.connect(self._message)
        title = page_title(heading)
        hint = hint_label("直接输入数字；回车、Tab 和方向键移动；Delete 清空；可从 Excel / WPS 复制多格后在起始格粘贴。"
                      "灰色格为自动计算的合计，蓝色数字由上年报告结转。鼠标停在格上可看填报说明。")
        hint.setWordWrap(True)
        self.compare_button = QPushButton("与上年对比")
        self.compare_button.setCheckable(True)
        if editor.previous is None:
            self.compare_button.setEnabled(False)
            self.compare_button.setToolTip("数据库中没有本单位上一年度的报告")
        else:
            self.compare_button.setToolTip(f"逐格比较本年与{editor.previous.year}年的数字")
        self.compare_button.toggled.connect(self._toggle_comparison)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.comparison)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.compare_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        editor.add_listener(self.model.refresh)
        editor.add_listener(lambda change: self.comparison.reload() if self.compare_button.isChecked() else None)

    def _toggle_comparison(self, on: bool) -> None:
        if on:
            self.comparison.reload()
        self.stack.setCurrentWidget(self.comparison if on else self.view)

    def _message(self, text: str, is_error: bool) -> None:
        (self.banner.show_error if is_error else self.banner.show_info)(text)

    def focus_cell(self, key: str) -> None:
        self.compare_button.setChecked(False)
        if key in self.model.index_of_key:
            index = self.model.index_for_key(key)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            self.view.setFocus()

    def first_cell(self) -> str:
        return next(g.key for g in self.model.table.grid if g.key and not self.model.cells[g.key].is_total)
