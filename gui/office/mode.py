"""The 审核汇总 mode inside the main window: the roster page and the report under review, added to
the window's stack when first asked for (the unit's own mode stays as it is)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton

from models.errors import StorageError


class OfficeMode:
    """Adds to the start page 打开数据文件或报送包 (the unit's side) and the switch to 审核汇总."""

    def __init__(self, window):
        self.window = window
        self.page = None            # OfficePage, once opened
        self.reviewer = None        # ReviewerView of the report under review
        self.open_file_button = QPushButton("打开数据文件或报送包…")
        self.open_file_button.setToolTip("打开上级退回的报告（带审核意见），或同事发来的数据文件（.json）、报送包（.gkpkg）")
        self.open_file_button.clicked.connect(lambda: self.open_file())
        self.office_button = QPushButton("审核汇总（上级）…")
        self.office_button.setToolTip("切换到政务公开办的审核汇总：单位名单、收到的报送包、审核退回、单位间雷同、汇总")
        self.office_button.clicked.connect(self.show)
        window.start.add_action(self.open_file_button)
        window.start.add_action(self.office_button)

    def open_file(self, path: str | None = None) -> None:
        """A data file or package that came back from the office above (or from a colleague)."""
        from gui.office.unit_side import open_returned

        window = self.window
        if window.store is None:
            return
        opened = open_returned(window, window.store, path)
        if opened is not None:
            window.start.refresh()
            window.open_report(*opened)

    def show(self) -> None:
        from gui.office.office_page import OfficePage

        window = self.window
        if window.store is None:
            return
        if self.page is None:
            self.page = OfficePage(window.store)
            self.page.back.connect(self.leave)
            self.page.open_received.connect(self.review)
            self.page.open_report.connect(window.open_report)
            window.stack.addWidget(self.page)
        window.stack.setCurrentWidget(self.page)

    def leave(self) -> None:
        self.window.start.refresh()
        self.window.stack.setCurrentWidget(self.window.start)

    def review(self, received_id: int) -> None:
        from gui.office.reviewer import ReviewerView

        try:
            view = ReviewerView(self.page.office, received_id)
        except StorageError as exc:
            QMessageBox.critical(self.window, "审核", str(exc))
            return
        self.close_review()
        self.reviewer = view
        view.closed.connect(self.back_to_roster)
        self.window.stack.addWidget(view)
        self.window.stack.setCurrentWidget(view)

    def close_review(self) -> None:
        if self.reviewer is not None:
            self.window.stack.removeWidget(self.reviewer)
            self.reviewer.deleteLater()
            self.reviewer = None

    def back_to_roster(self) -> None:
        self.close_review()
        self.page.refresh()
        self.window.stack.setCurrentWidget(self.page)
