"""Review mode: adjudicating disagreements into gold, and the agreement dashboard.

``ReviewWindow``/``open_review`` and ``DashboardWindow``/``open_dashboard``
work from a project path alone (tests, scripts); ``install_review_menu``
adds both to the main window's menu bar.
"""

from .dashboard import DashboardWindow, open_dashboard
from .menu import install_review_menu
from .window import ReviewWindow, open_review

__all__ = [
    "DashboardWindow",
    "ReviewWindow",
    "install_review_menu",
    "open_dashboard",
    "open_review",
]
