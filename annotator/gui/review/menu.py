"""The "Review" menu of the main window.

``ReviewMenu(main)`` builds a menu (the main window puts it before Help)
that opens the review window and the agreement dashboard on the main
window's own project, and keeps them while they are open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow, QMenu

from ..actions import make_action

if TYPE_CHECKING:  # imported when first opened: they load spaCy via the agreement core
    from ..window import MainWindow
    from .dashboard import DashboardWindow
    from .window import ReviewWindow


def _raise(window: QMainWindow) -> None:
    window.show()
    window.raise_()
    window.activateWindow()


class ReviewMenu(QObject):
    """The main window's Review menu and the two windows it opened.

    The windows share the main window's project; closing the main window
    closes them first, so their workers finish and the gold session records
    its time before the main window closes the project.
    """

    def __init__(self, main: MainWindow) -> None:
        super().__init__(main)
        self.main = main
        self.review_window: ReviewWindow | None = None
        self.dashboard_window: DashboardWindow | None = None
        self.menu = QMenu("&Review", main)
        self.menu.setObjectName("reviewMenu")
        review = make_action(
            main,
            "&Review and adjudicate…",
            self.open_review,
            ["Ctrl+Shift+R"],
            "Annotators' sets side by side; resolve disagreements into gold",
        )
        dashboard = make_action(
            main,
            "Agreement &dashboard…",
            self.open_dashboard,
            ["Ctrl+Shift+D"],
            "Per-label agreement, a chart per pair, each annotator's progress",
        )
        self.menu.addAction(review)
        self.menu.addAction(dashboard)
        main.installEventFilter(self)

    def open_review(self) -> ReviewWindow:
        """The review window on the main window's project (raised if open)."""
        from .window import open_review

        current = self.review_window
        if current is None or not current.isVisible():
            current = open_review(self.main.project, self.main)
            current.destroyed.connect(self._review_closed)
            self.review_window = current
        _raise(current)
        return current

    def open_dashboard(self) -> DashboardWindow:
        """The agreement dashboard (raised and recomputed if open)."""
        from .dashboard import open_dashboard

        current = self.dashboard_window
        if current is None or not current.isVisible():
            current = open_dashboard(self.main.project, self.main)
            current.destroyed.connect(self._dashboard_closed)
            self.dashboard_window = current
        else:
            current.refresh()
        _raise(current)
        return current

    def _review_closed(self) -> None:
        self.review_window = None

    def _dashboard_closed(self) -> None:
        self.dashboard_window = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.main and event.type() == QEvent.Type.Close:
            for child in (self.review_window, self.dashboard_window):
                if child is not None:
                    child.close()
        return False
