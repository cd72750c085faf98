"""The roster as a Qt model: one row per unit, filtered and sorted in the model itself, so that
2 000 units scroll, sort and filter within a frame (the view asks only for the rows it shows)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from gui.style import state_background, state_color
from models.catalogue import UNIT_KINDS, UNIT_LEVELS
from models.office.roster import STATUS_LABEL, RosterRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("单位", "类型、层级", "状态", "报送时间", "按期", "强制", "未说明核实", "与上年雷同", "与其他单位雷同",
           "退回次数", "收到的文件")
UNIT, KIND, STATUS, FILED, LATE, ERRORS, UNANSWERED, LAST_YEAR, OTHERS, RETURNED, FILE = range(len(COLUMNS))
SOURCE_LABEL = {"package": "报送包", "datafile": "数据文件", "document": "已发布的报告"}
STATUS_STATE = {"missing": "todo", "received": "info", "returned": "warning", "accepted": "ok"}
# the filter choices: label -> test on a row
_N_COLUMNS = len(COLUMNS)
_STATUS_FG = {status: state_color(key) for status, key in STATUS_STATE.items()}
_STATUS_BG = {status: state_background(key) for status, key in STATUS_STATE.items()}
_ERROR_FG, _WARNING_FG = state_color("error"), state_color("warning")
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
FILTERS = {
    "全部单位": lambda r, s: True,
    "未报": lambda r, s: r.status == "missing",
    "已报（待审核）": lambda r, s: r.status == "received",
    "已退回": lambda r, s: r.status == "returned",
    "已通过": lambda r, s: r.status == "accepted",
    "逾期报送": lambda r, s: bool(r.late),
    "有强制审核项": lambda r, s: bool(r.errors),
    "有未说明的核实项": lambda r, s: bool(r.unanswered),
    "雷同（上年或其他单位）": lambda r, s: r.copied_last_year or bool(s),
}


class RosterModel(QAbstractTableModel):
    """All the roster's rows, of which those passing the filter are shown, in the sort order.
    Filtering and sorting are done here, in plain Python over the list (a proxy model would call
    back into Python for every row and every comparison), and each shown row's texts are made
    once, so that a repaint only looks them up."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[RosterRow] = []        # every unit, in the sort order
        self.shown: list[RosterRow] = []       # the rows passing the filter
        self.similar: dict[int, list[tuple[str, float]]] = {}   # received id -> [(other unit, share)]
        self.text = ""
        self.choice = "全部单位"
        self._sorted: tuple[int, Qt.SortOrder] | None = None
        self._texts: dict[int, tuple[str, ...]] = {}           # id(row) -> its column texts
        self._colours: dict[int, tuple] = {}                   # id(row) -> its column colours

    # --- content ----------------------------------------------------------------------------------
    def set_rows(self, rows: list[RosterRow], similar: dict[int, list[tuple[str, float]]] | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if similar is not None:
            self.similar = similar
        self._texts.clear()
        self._colours.clear()
        if self._sorted is not None:
            self._sort_rows(*self._sorted)
        self.shown = [r for r in self.rows if self._accepts(r)]
        self.endResetModel()

    def set_similar(self, similar: dict[int, list[tuple[str, float]]]) -> None:
        self.set_rows(self.rows, similar)

    def similar_of(self, row: RosterRow) -> list[tuple[str, float]]:
        return self.similar.get(row.received_id, []) if row.received_id is not None else []

    def row_at(self, index: QModelIndex) -> RosterRow:
        return self.shown[index.row()]

    # --- filter and sort --------------------------------------------------------------------------
    def set_filter(self, text: str | None = None, choice: str | None = None) -> None:
        """Show the units whose name holds `text` and that pass the FILTERS `choice`."""
        if text is not None:
            self.text = text.strip()
        if choice is not None:
            self.choice = choice
        self.beginResetModel()
        self.shown = [r for r in self.rows if self._accepts(r)]
        self.endResetModel()

    def _accepts(self, row: RosterRow) -> bool:
        if self.text and self.text not in row.name:
            return False
        return FILTERS[self.choice](row, self.similar_of(row))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        moved = [(index, self.shown[index.row()]) for index in before]
        self._sorted = (column, order)
        self._sort_rows(column, order)
        self.shown = [r for r in self.rows if self._accepts(r)]
        position = {id(row): n for n, row in enumerate(self.shown)}
        self.changePersistentIndexList(before, [self.index(position[id(row)], index.column()) for index, row in moved])
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order) -> None:
        self.rows.sort(key=lambda row: self._sort_key(row, column), reverse=order == Qt.SortOrder.DescendingOrder)

    # --- the Qt model -----------------------------------------------------------------------------
    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        # one call from Qt instead of the two (rowCount, columnCount) its own bounds check makes
        if 0 <= row < len(self.shown) and 0 <= column < _N_COLUMNS and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.shown[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(row)[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _STATUS_BG[row.status] if column == STATUS else None
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ERRORS, UNANSWERED, RETURNED):
            return _CENTRE
        return None

    def texts(self, row: RosterRow) -> tuple[str, ...]:
        """The row's column texts, made once."""
        texts = self._texts.get(id(row))
        if texts is None:
            texts = self._texts[id(row)] = tuple(self._text(row, c) for c in range(len(COLUMNS)))
        return texts

    def colours(self, row: RosterRow) -> tuple:
        """The row's text colour per column (None: the usual), made once."""
        colours = self._colours.get(id(row))
        if colours is None:
            colours = self._colours[id(row)] = tuple(self._colour(row, c) for c in range(len(COLUMNS)))
        return colours

    def _text(self, row: RosterRow, column: int) -> str:
        received = row.received_id is not None
        if column == UNIT:
            return row.name
        if column == KIND:
            return "、".join(x for x in (UNIT_KINDS.get(row.kind or "", ""), UNIT_LEVELS.get(row.level or "", "")) if x)
        if column == STATUS:
            again = "（重新报送）" if row.status == "received" and row.times_returned else ""
            return STATUS_LABEL[row.status] + again
        if column == FILED:
            return row.filed_at.strftime("%Y-%m-%d %H:%M") if row.filed_at else ""
        if column == LATE:
            return "" if row.late is None else ("逾期" if row.late else "按期")
        if column == ERRORS:
            return str(row.errors) if received else ""
        if column == UNANSWERED:
            return str(row.unanswered) if received else ""
        if column == LAST_YEAR:
            return "雷同" if row.copied_last_year else ""
        if column == OTHERS:
            return "；".join(f"{name}（{share:.0%}）" for name, share in self.similar_of(row))
        if column == RETURNED:
            return str(row.times_returned) if row.times_returned else ""
        if column == FILE:
            return f"{row.file_name}（{SOURCE_LABEL[row.source]}）" if received else ""
        return ""

    def _sort_key(self, row: RosterRow, column: int):
        if column in (ERRORS, UNANSWERED):
            value = row.errors if column == ERRORS else row.unanswered
            return -1 if value is None else value
        if column == FILED:
            return row.filed_at.isoformat() if row.filed_at else ""
        if column == STATUS:
            return list(STATUS_LABEL).index(row.status)
        if column == OTHERS:
            return max((share for _, share in self.similar_of(row)), default=0.0)
        if column == RETURNED:
            return row.times_returned
        if column == LATE:
            return -1 if row.late is None else int(row.late)
        return self._text(row, column)

    def _colour(self, row: RosterRow, column: int):
        if column == STATUS:
            return _STATUS_FG[row.status]
        if (column == ERRORS and row.errors) or (column == LATE and row.late):
            return _ERROR_FG
        if (column == UNANSWERED and row.unanswered) or column in (LAST_YEAR, OTHERS):
            return _WARNING_FG
        return None

    def _tooltip(self, row: RosterRow, column: int):
        if column == FILE and row.notes:
            return "读取时的说明：\n" + row.notes
        if column == OTHERS and self.similar_of(row):
            return "正文（一、五、六）与这些单位的相同比例不低于 60%。选中后点“查看雷同”并排比较。"
        if column == LAST_YEAR and row.copied_last_year:
            return "正文与该单位上年报告雷同（规则 S-13）"
        return None


class RosterDelegate(QStyledItemDelegate):
    """Paints a roster cell from the model's row in one call, instead of Qt asking the model for
    seven roles one by one (each a call into Python): a good part of a repaint while scrolling."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        model: RosterModel = index.model()
        row, column = model.shown[index.row()], index.column()
        option.index = index
        option.text = model.texts(row)[column]
        option.features |= _HAS_DISPLAY
        option.displayAlignment = _ALIGN[column]
        colour = model.colours(row)[column]
        if colour is not None:
            option.palette.setColor(_TEXT_ROLE, colour)
        if column == STATUS:
            option.backgroundBrush = _STATUS_BRUSH[row.status]


_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
_TEXT_ROLE = QPalette.ColorRole.Text
_ALIGN = [Qt.AlignmentFlag.AlignCenter if c in (ERRORS, UNANSWERED, RETURNED)
          else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter for c in range(len(COLUMNS))]
_STATUS_BRUSH = {status: QBrush(colour) for status, colour in _STATUS_BG.items()}
