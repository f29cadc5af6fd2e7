"""The "Review" menu of the main window.

``install_review_menu(window)`` is the one hook the main window calls: it
adds a menu (before Help) that opens the review window and the agreement
dashboard on the window's own project, and keeps them alive on the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:  # imported when first opened: they load spaCy via the agreement core
    from .dashboard import DashboardWindow
    from .window import ReviewWindow


def _raise(window: Any) -> None:
    window.show()
    window.raise_()
    window.activateWindow()


class _CloseWithMain(QObject):
    """Closes the review and dashboard windows when the main window closes,
    so their workers finish and the gold session records its time before
    the main window closes the project they share."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            for name in ("review_window", "dashboard_window"):
                child = getattr(self.window, name, None)
                if child is not None:
                    child.close()
        return False


def install_review_menu(window: Any) -> QMenu:
    """Add the Review menu to a ``MainWindow`` (needs ``project`` and ``add_menu``)."""
    menu = QMenu("&Review", window)
    menu.setObjectName("reviewMenu")
    window.review_window = None
    window.dashboard_window = None

    def review() -> ReviewWindow:
        from .window import open_review

        current = window.review_window
        if current is None or not current.isVisible():
            current = open_review(window.project, window)
            current.destroyed.connect(lambda *_: setattr(window, "review_window", None))
            window.review_window = current
        _raise(current)
        return current

    def dashboard() -> DashboardWindow:
        from .dashboard import open_dashboard

        current = window.dashboard_window
        if current is None or not current.isVisible():
            current = open_dashboard(window.project, window)
            current.destroyed.connect(lambda *_: setattr(window, "dashboard_window", None))
            window.dashboard_window = current
        else:
            current.refresh()
        _raise(current)
        return current

    open_action = QAction("&Review and adjudicate…", window)
    open_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
    open_action.setStatusTip("Annotators' sets side by side; resolve disagreements into gold")
    open_action.triggered.connect(lambda _checked=False: review())
    dash_action = QAction("Agreement &dashboard…", window)
    dash_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
    dash_action.setStatusTip("Per-label agreement, a chart per pair, each annotator's progress")
    dash_action.triggered.connect(lambda _checked=False: dashboard())
    for action in (open_action, dash_action):
        window.addAction(action)
        menu.addAction(action)
    window.add_menu(menu)
    window.installEventFilter(_CloseWithMain(window))
    window.open_review_window = review
    window.open_dashboard_window = dashboard
    return menu
