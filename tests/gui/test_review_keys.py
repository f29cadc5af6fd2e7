"""The review window's keys: what Help shows is what README lists."""

from __future__ import annotations

from pathlib import Path

from annotator.gui.review.actions import REVIEW_KEYS
from tests.helpers import readme_key_table

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_table() -> list[tuple[str, str]]:
    return readme_key_table("| Keys | In the review window |")


def test_readme_lists_the_keys_help_shows() -> None:
    assert readme_table() == REVIEW_KEYS


def test_help_shows_the_keys(qtbot, tmp_path: Path) -> None:
    from annotator.core.store import Project
    from annotator.gui.review import ReviewWindow

    path = tmp_path / "keys.db"
    Project.open(path).close()
    window = ReviewWindow(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.loaded, timeout=20000)
    window.actions["keys"].trigger()
    from PySide6.QtWidgets import QDialog, QTableWidget

    dialog = next(d for d in window.findChildren(QDialog) if d.windowTitle() == "Review keys")
    table = dialog.findChild(QTableWidget)
    shown = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert shown == REVIEW_KEYS
    dialog.close()
    window.close()
