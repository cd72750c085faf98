"""Tables 二/三/四 as a spreadsheet: the official grid with its labels and merges; the header
rows and the label columns stay in view while the figures scroll; totals computed and read-only
(Tab and Enter pass over them, typing into one says why not); Excel/WPS paste; a refused value
keeps the cursor on its cell and the message goes once a good value is typed; every state of a
cell shown by colour AND symbol (强制, 核实, 上年结转, 自动计算), with a legend.

与上年对比 is the same grid with this year, last year and the change in each cell."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QFrame, QHBoxLayout, QHeaderView,
                               QPushButton, QStackedWidget, QStyle, QStyledItemDelegate, QTableView, QToolTip,
                               QVBoxLayout, QWidget)

from gui import style
from gui.style import CARRIED_FG, ERROR_BG, HEADER_BG, TOTAL_BG, WARNING_BG, Banner, Legend, hint_label, page_title, px
from models.catalogue import GridCell
from models.checks import ERROR, WARNING
from models.errors import StorageError
from models.export.tables import COLUMN_MM
from models.values import InputError, format_value

ALIGN_NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_LABEL = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_HEADER = Qt.AlignmentFlag.AlignCenter
EMPTY_RULE = "S-1"
STATES_ROLE = Qt.ItemDataRole.UserRole + 10     # the cell's states, e.g. ("error", "carried")
SUSPECT_ROLE = Qt.ItemDataRole.UserRole + 11    # True: a typo most likely sits in this cell


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
        self.phrase = {i.total: i.addends_phrase for i in editor.report.layout.identities}
        self._states: dict[str, tuple[str, ...]] = {}      # per cell, until its marks change
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

    def is_total(self, index: QModelIndex) -> bool:
        key = self.key_at(index)
        return key is not None and self.cells[key].is_total

    def editable(self, index: QModelIndex) -> bool:
        key = self.key_at(index)
        return key is not None and not self.cells[key].is_total

    def total_refusal(self, key: str) -> str:
        cell = self.cells[key]
        phrase = self.phrase.get(key)
        how = f"等于{phrase}，" if phrase else ""
        return f"“{cell.name}”是合计，{how}由程序自动计算，不能直接填写。请填写它的分项。"

    # --- content ---------------------------------------------------------------------------
    def flags(self, index: QModelIndex):
        key = self.key_at(index)
        if key is None:
            return Qt.ItemFlag.NoItemFlags    # labels: not a stop for the keyboard
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags if self.cells[key].is_total else flags | Qt.ItemFlag.ItemIsEditable

    def states(self, key: str) -> tuple[str, ...]:
        """The cell's states, worst first: a finding (强制/核实), carried, computed."""
        cached = self._states.get(key)
        if cached is None:
            cached = self._states[key] = self._compute_states(key)
        return cached

    def _compute_states(self, key: str) -> tuple[str, ...]:
        out = []
        severities = {f.severity for f in self.editor.findings_for(key) if f.rule != EMPTY_RULE}
        if ERROR in severities:
            out.append("error")
        elif WARNING in severities:
            out.append("warning")
        if self.editor.origins.get(key) == "carried":
            out.append("carried")
        if self.cells[key].is_total:
            out.append("computed")
        return tuple(out)

    def suspect(self, key: str) -> bool:
        """A finding (H-2, H-3, H-4…) points at this cell as the likely typo."""
        findings = self.editor.findings
        if getattr(self, "_suspects_of", None) is not findings:
            self._suspects_of = findings
            self._suspects = {k for f in findings for k in f.suspects}
        return key in self._suspects

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
        if role == STATES_ROLE:
            return self.states(key)
        if role == SUSPECT_ROLE:
            return self.suspect(key)
        if role == Qt.ItemDataRole.BackgroundRole:
            # an empty cell is plain to see: S-1 is listed on the 审核 step, not painted
            states = self.states(key)
            if "error" in states:
                return ERROR_BG
            if "warning" in states:
                return WARNING_BG
            return TOTAL_BG if "computed" in states else None
        if role == Qt.ItemDataRole.FontRole and self.cells[key].is_total:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and self.editor.origins.get(key) == "carried":
            return CARRIED_FG
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(key)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return "、".join(style.state_word(s) for s in self.states(key))
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
            lines.append(f"<span style='color:{style.html_color('computed')}'>∑ 自动计算：{self.phrase.get(key, '合计')}。</span>")
        if self.editor.origins.get(key) == "carried":
            lines.append(f"<span style='color:{style.html_color('carried')}'>→ 上年结转：此数由上年报告"
                         f"“四、结转下年度继续办理”结转。</span>")
        if self.suspect(key):
            lines.append(f"<span style='color:{style.html_color('error')}'>这一格最可能有输入错误。</span>")
        lines.append(cell.guidance.replace("\n", "<br>"))
        for f in self.editor.findings_for(key):
            if f.rule == EMPTY_RULE:
                continue
            state = "error" if f.severity == ERROR else "warning" if f.severity == WARNING else "info"
            lines.append(f"<span style='color:{style.html_color(state)}'>【{style.state_word(state)} {f.rule}】"
                         f"{f.message}</span>")
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

    def _marks(self) -> dict[str, tuple]:
        """What the findings say of this table's cells: the worst severity and the suspect mark,
        from the findings themselves (a few), not cell by cell (two hundred)."""
        marks: dict[str, tuple] = {}
        for f in self.editor.findings:
            if f.rule == EMPTY_RULE or f.severity not in (ERROR, WARNING):
                continue
            for key in f.cells:
                if key in self.index_of_key and marks.get(key, (None,))[0] != ERROR:
                    marks[key] = (f.severity, False)
        for f in self.editor.findings:
            for key in f.suspects:
                if key in self.index_of_key:
                    marks[key] = (marks.get(key, (None,))[0], True)
        return marks

    def refresh(self, change=None) -> None:
        """Repaint what moved: the changed cells and those whose marks changed (all of them when
        the change is unknown, e.g. after undo of something elsewhere)."""
        marks = self._marks()
        if change is None:
            dirty = set(self.index_of_key)
        else:
            previous = getattr(self, "_last_marks", {})
            dirty = {k for k in change.cells if k in self.index_of_key}
            dirty |= {k for k in previous.keys() | marks.keys() if previous.get(k) != marks.get(k)}
        self._last_marks = marks
        for key in dirty:
            self._states.pop(key, None)
            index = self.index_for_key(key)
            self.dataChanged.emit(index, index)


class ComparisonModel(ReportTableModel):
    """The same grid, read-only: in each cell this year, last year and the change."""

    def __init__(self, editor, table_key: str, parent=None):
        self._rows: dict[str, object] = {}
        super().__init__(editor, table_key, parent)

    def reload(self) -> None:
        from models.carry import compare

        self.beginResetModel()
        self._states.clear()
        previous = self.editor.previous
        self._rows = {r.key: r for r in compare(self.editor.report, previous, self.table.key)} if previous else {}
        self.endResetModel()

    def flags(self, index: QModelIndex):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if self.key_at(index) else Qt.ItemFlag.NoItemFlags

    def comparison(self, key: str):
        return self._rows.get(key)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        key = self.key_at(index)
        if key is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                       Qt.ItemDataRole.AccessibleTextRole):
            return super().data(index, role)
        row = self._rows.get(key)
        if row is None:
            return super().data(index, role)
        last = "—" if row.last is None else str(row.last)
        change = "—" if row.change is None else ("持平" if row.change == 0 else f"{row.change:+}")
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.this}\n上年 {last}\n{change}"
        percent = "" if row.percent is None else f"（{row.percent:+}%）"
        return f"{row.name}\n本年 {row.this}，上年 {last}，增减 {change}{percent}"

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        return False

    def refresh(self, change=None) -> None:
        if self._rows:
            self.reload()


class CellDelegate(QStyledItemDelegate):
    """Paints the state symbols of a data cell in its left corner — ✕ 强制, ! 核实, → 上年结转,
    ∑ 自动计算 — and a red frame round a cell where a typo most likely sits."""

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)
        states = index.data(STATES_ROLE) or ()
        rect = option.rect
        if states:
            size = min(px(11), rect.height() - 4)
            x = rect.left() + px(3)
            for key in states[:2]:
                style.paint_symbol(painter, QRectF(x, rect.top() + px(3), size, size), key)
                x += size + px(2)
        if index.data(SUSPECT_ROLE):
            painter.save()
            painter.setPen(QPen(style.state_color("error"), 2, Qt.PenStyle.DashLine))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
            painter.restore()
        if option.state & QStyle.StateFlag.State_HasFocus and index.flags() & Qt.ItemFlag.ItemIsSelectable:
            painter.save()
            painter.setPen(QPen(style.ACCENT, 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
            painter.restore()


class ComparisonDelegate(CellDelegate):
    """This year in the cell's own type; last year and the change smaller, underneath."""

    def paint(self, painter: QPainter, option, index) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        model = index.model()
        if not isinstance(model, ComparisonModel) or model.key_at(index) is None or "\n" not in (text or ""):
            return super().paint(painter, option, index)
        this, last, change = text.split("\n")
        painter.save()
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if background is not None:
            painter.fillRect(option.rect, background)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, style.ACCENT_TINT)
        rect = option.rect.adjusted(px(4), px(2), -px(5), -px(2))
        line = rect.height() / 3
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(style.TEXT)
        painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), line), ALIGN_NUMBER, this)
        small = QFont(option.font)
        small.setPointSizeF(small.pointSizeF() * 0.85)
        painter.setFont(small)
        painter.setPen(style.MUTED)
        painter.drawText(QRectF(rect.left(), rect.top() + line, rect.width(), line), ALIGN_NUMBER, last)
        painter.setPen(style.TEXT if change not in ("—", "持平") else style.MUTED)
        painter.drawText(QRectF(rect.left(), rect.top() + 2 * line, rect.width(), line), ALIGN_NUMBER, change)
        painter.restore()


def _frozen_columns(table) -> int:
    """Leading columns that hold only labels, when no merge crosses out of them."""
    data_cols = {c for g in table.grid if g.key for c in range(g.col, g.col + g.colspan)}
    n = 0
    while n < table.n_cols and n not in data_cols:
        n += 1
    if any(g.col < n < g.col + g.colspan for g in table.grid):
        return 0
    return n


class _Overlay(QTableView):
    """Part of the grid held still over the scrolling view (header rows, label columns)."""

    def __init__(self, main: QTableView):
        super().__init__(main)
        self.setModel(main.model())
        self.setItemDelegate(type(main.itemDelegate())(self))   # its own: a delegate commits to one view
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QTableView { border: none; }")
        table = main.model().table
        for g in table.grid:
            if g.rowspan > 1 or g.colspan > 1:
                self.setSpan(g.row, g.col, g.rowspan, g.colspan)


class ReportTableView(QTableView):
    """Spreadsheet keys on the report grid, with the header rows and label columns frozen."""

    message = Signal(str, bool)   # text, is_error
    pasted_totals_disagree = Signal()

    def __init__(self, model: ReportTableModel, parent=None, delegate: CellDelegate | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(delegate or CellDelegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(True)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table = model.table
        for g in table.grid:
            if g.rowspan > 1 or g.colspan > 1:
                self.setSpan(g.row, g.col, g.rowspan, g.colspan)
        self.frozen_rows = table.header_rows
        self.frozen_cols = _frozen_columns(table)
        self.top = _Overlay(self) if self.frozen_rows else None
        self.left = _Overlay(self) if self.frozen_cols else None
        self.corner = _Overlay(self) if self.frozen_rows and self.frozen_cols else None
        for row in range(table.n_grid_rows):
            in_top = row < self.frozen_rows
            self.setRowHidden(row, in_top)
            if self.top:
                self.top.setRowHidden(row, not in_top)
            if self.left:
                self.left.setRowHidden(row, in_top)
            if self.corner:
                self.corner.setRowHidden(row, not in_top)
        for col in range(table.n_cols):
            in_left = col < self.frozen_cols
            self.setColumnHidden(col, in_left)
            if self.top:
                self.top.setColumnHidden(col, in_left)
            if self.left:
                self.left.setColumnHidden(col, not in_left)
            if self.corner:
                self.corner.setColumnHidden(col, not in_left)
        if self.top:
            self.horizontalScrollBar().valueChanged.connect(self.top.horizontalScrollBar().setValue)
        if self.left:
            self.verticalScrollBar().valueChanged.connect(self.left.verticalScrollBar().setValue)
        self._refused: QModelIndex | None = None

    def model(self) -> ReportTableModel:   # typed accessor
        return super().model()

    def overlays(self) -> list[QTableView]:
        return [v for v in (self.top, self.left, self.corner) if v is not None]

    # --- widths follow the printed proportions; frozen parts laid over the margins ------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.layout_grid()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:     # the zoom changed
            self.layout_grid()

    def layout_grid(self) -> None:
        scrollbar = self.verticalScrollBar().sizeHint().width() if self.verticalScrollBar().isVisible() else 0
        available = max(self.width() - 2 * self.frameWidth() - scrollbar - 2, 200)
        columns = self.column_widths(available)
        for view in [self] + self.overlays():
            for col, width in enumerate(columns):
                view.setColumnWidth(col, width)
        heights = self.fit_rows(columns)
        left = sum(columns[:self.frozen_cols])
        top = sum(heights[:self.frozen_rows])
        self.setViewportMargins(left, top, 0, 0)
        f = self.frameWidth()
        viewport = self.viewport().geometry()
        if self.top:
            self.top.setGeometry(f + left, f, viewport.width(), top)
        if self.left:
            self.left.setGeometry(f, f + top, left, viewport.height())
        if self.corner:
            self.corner.setGeometry(f, f, left, top)

    def column_widths(self, available: int) -> list[int]:
        """The printed proportions; where a figure would not fit, the data columns get room for
        five digits and a state symbol and the label columns share the rest (down to half their
        share; past that the figures scroll sideways under the frozen labels)."""
        table = self.model().table
        widths = COLUMN_MM[(table.key, table.n_cols)]
        columns = [int(available * mm / sum(widths)) for mm in widths]
        # five digits where labels can give up room (表三), three where every column is a figure (表四)
        minimum = self.fontMetrics().horizontalAdvance("00000" if self.frozen_cols else "000") + px(26)
        data = sorted({c for g in table.grid if g.key for c in range(g.col, g.col + g.colspan)})
        narrow = [c for c in data if columns[c] < minimum and not any(
            g.key and g.col == c and g.colspan > 1 for g in table.grid)]
        if not narrow:
            return columns
        for c in narrow:
            columns[c] = minimum
        others = [c for c in range(table.n_cols) if c not in narrow]
        room = available - minimum * len(narrow)
        share = sum(widths[c] for c in others)
        for c in others:
            columns[c] = max(int(room * widths[c] / share), int(available * widths[c] / sum(widths) / 2))
        return columns

    def fit_rows(self, columns: list[int]) -> list[int]:
        """Each row as tall as its own wrapped text (resizeRowsToContents would give the whole
        height of a merged label such as 三、本年度办理结果 to its first row)."""
        model, metrics = self.model(), self.fontMetrics()
        line = metrics.lineSpacing() + px(10)
        heights = [line] * model.rowCount()
        if isinstance(model, ComparisonModel):       # this year, last year, the change: three lines
            for g in model.table.grid:
                if g.key:
                    heights[g.row] = max(heights[g.row], metrics.lineSpacing() * 3 + px(10))
        for g in model.table.grid:
            if g.rowspan == 1 and g.text:
                width = sum(columns[g.col:g.col + g.colspan]) - px(10)
                box = metrics.boundingRect(0, 0, max(width, 10), 10000, Qt.TextFlag.TextWordWrap, g.text)
                heights[g.row] = max(heights[g.row], box.height() + px(10))
        for view in [self] + self.overlays():
            for row, height in enumerate(heights):
                view.setRowHeight(row, height)
        return heights

    # --- keys -------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        editing = self.state() == self.State.EditingState
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not editing:
            self.clear_selection()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            self.move_down()
        elif (not editing and event.text() and event.text().isprintable() and not event.modifiers()
              & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
              and self.model().is_total(self.currentIndex())):
            self.refuse_total(self.currentIndex())
        else:
            super().keyPressEvent(event)

    def edit(self, index, trigger=QAbstractItemView.EditTrigger.AllEditTriggers, event=None):
        if trigger == QAbstractItemView.EditTrigger.DoubleClicked and self.model().is_total(index):
            self.refuse_total(index)
            return False
        return super().edit(index, trigger, event)

    def refuse_total(self, index: QModelIndex) -> None:
        text = self.model().total_refusal(self.model().key_at(index))
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 4)), text, self)
        self.message.emit(text, True)

    def _next_editable(self, index: QModelIndex, forward: bool = True, down: bool = False) -> QModelIndex:
        """The next cell one can type into: to the right then the next rows (Tab), back (Shift+Tab),
        or below in the same column (Enter) — totals and labels passed over."""
        model = self.model()
        r, c = (index.row(), index.column()) if index.isValid() else (-1, -1)
        cells = sorted((g.row, g.col, g.colspan) for g in model.table.grid if g.key and model.editable(
            model.index(g.row, g.col)))
        if down:
            below = [(row, col) for row, col, span in cells if row > r and col <= c < col + span]
            return model.index(*below[0]) if below else QModelIndex()
        if forward:
            after = [(row, col) for row, col, _ in cells if (row, col) > (r, c)]
            return model.index(*after[0]) if after else QModelIndex()
        before = [(row, col) for row, col, _ in cells if (row, col) < (r, c)]
        return model.index(*before[-1]) if before else QModelIndex()

    def moveCursor(self, action, modifiers):
        if action == QAbstractItemView.CursorAction.MoveNext:
            target = self._next_editable(self.currentIndex(), forward=True)
            return target if target.isValid() else self.currentIndex()
        if action == QAbstractItemView.CursorAction.MovePrevious:
            target = self._next_editable(self.currentIndex(), forward=False)
            return target if target.isValid() else self.currentIndex()
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor, hint) -> None:
        refused, self._refused = self._refused, None
        if refused is not None and refused.isValid():
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.setCurrentIndex(refused)             # the cursor stays on the refused cell
            return
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:   # Enter in the editor
            self.move_down()

    def move_down(self) -> None:
        target = self._next_editable(self.currentIndex(), down=True)
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
        if self.model().editor.claimed_totals:
            self.pasted_totals_disagree.emit()
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
        self._refused = index
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 4)), text, self)
        self.message.emit(text, True)


class TablePage(QWidget):
    HINT = ("直接输入数字；回车、Tab 和方向键移动（Tab 和回车跳过合计）；Delete 清空；"
            "可从 Excel / WPS 复制多格后在起始格粘贴。鼠标停在格上可看填报说明。")
    COMPARE_HINT = "与上年对比：每格三行——本年（粗体）、上年、增减。点“返回填写”继续填写。"

    def __init__(self, editor, table_key: str, heading: str, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.model = ReportTableModel(editor, table_key, self)
        self.view = ReportTableView(self.model)
        self.comparison_model = ComparisonModel(editor, table_key, self)
        self.comparison = ReportTableView(self.comparison_model, delegate=ComparisonDelegate())
        self.comparison.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.banner = Banner()
        self.model.input_refused.connect(self.view.show_refusal)
        self.view.message.connect(self._message)
        self.view.pasted_totals_disagree.connect(self.show_claimed_totals)
        self.compare_button = QPushButton("与上年对比")
        self.compare_button.setCheckable(True)
        if editor.previous is None:
            self.compare_button.setEnabled(False)
            self.compare_button.setToolTip("数据库中没有本单位上一年度的报告")
        else:
            self.compare_button.setToolTip(f"每格显示本年、{editor.previous.year}年和增减")
        self.compare_button.toggled.connect(self._toggle_comparison)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.comparison)
        top = QHBoxLayout()
        top.addWidget(page_title(heading), 1)
        top.addWidget(self.compare_button)
        self.hint = hint_label(self.HINT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, px(8), 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.stack, 1)
        layout.addWidget(Legend())
        layout.addWidget(self.banner)     # under the table: it never pushes the rows down
        editor.add_listener(self._changed)

    def show_claimed_totals(self) -> None:
        """A pasted block's own totals disagree with its parts: say which, offer to take the sums."""
        claims = [f for f in self.editor.findings if f.subject == "粘贴"]
        if not claims:
            return
        lines = [f.message.split("。")[0] for f in claims[:3]] + (["……"] if len(claims) > 3 else [])
        self.banner.show_error("粘贴的内容中，合计与分项之和不一致（已列入“审核”，相关的格已标出）：\n"
                               + "\n".join(lines), cause="claims",
                               action=("以分项之和为准", self._accept_sums))

    def _accept_sums(self) -> None:
        self.editor.accept_computed_totals()

    def _changed(self, change) -> None:
        if change.cells and self.banner.cause == "refusal":
            self.banner.clear("refusal")    # a good value went in: the refusal is stale
        if self.banner.cause == "claims" and not self.editor.claimed_totals:
            self.banner.clear("claims")     # the parts agree now, or the sums were accepted
        if not self.isVisible():
            self._stale = True              # repainted when shown: no painting work for hidden pages
            self.model._states.clear()
            return
        self.model.refresh(change)
        if self.compare_button.isChecked():
            self.comparison_model.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self._stale = False
            self.model.refresh()
            if self.compare_button.isChecked():
                self.comparison_model.reload()

    def _toggle_comparison(self, on: bool) -> None:
        if on:
            self.comparison_model.reload()
            self.comparison.layout_grid()
        self.stack.setCurrentWidget(self.comparison if on else self.view)
        self.compare_button.setText("返回填写" if on else "与上年对比")
        self.hint.setText(self.COMPARE_HINT if on else self.HINT)

    def _message(self, text: str, is_error: bool) -> None:
        if is_error:
            self.banner.show_error(text, cause="refusal")
        else:
            self.banner.show_info(text)

    def focus_cell(self, key: str) -> None:
        self.compare_button.setChecked(False)
        if key in self.model.index_of_key:
            index = self.model.index_for_key(key)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            self.view.setFocus()
            # once more after the page is laid out (it may just have been shown)
            QTimer.singleShot(0, lambda: self.view.scrollTo(index))

    def focus_first(self) -> None:
        self.focus_cell(self.first_cell())

    def first_cell(self) -> str:
        return next(g.key for g in self.model.table.grid if g.key and not self.model.cells[g.key].is_total)
