"""Review mode: adjudicating disagreements into gold, and the agreement dashboard.

``ReviewWindow``/``open_review`` and ``DashboardWindow``/``open_dashboard``
work from a project path alone (tests, scripts); ``ReviewMenu`` is the
main window's menu that opens both.
"""

from importlib import import_module
from typing import Any

from .menu import ReviewMenu

# The windows load spaCy (through the agreement core): import them on first
# use, so the main window starts without paying for it.
_LAZY = {
    "DashboardWindow": ".dashboard",
    "open_dashboard": ".dashboard",
    "ReviewWindow": ".window",
    "open_review": ".window",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DashboardWindow",
    "ReviewMenu",
    "ReviewWindow",
    "open_dashboard",
    "open_review",
]
