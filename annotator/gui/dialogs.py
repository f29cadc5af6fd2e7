"""Small dialogs: the annotator's name, a skip reason, guidelines, shortcuts."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.core.resources import resource
from annotator.core.scheme import Scheme

from .shortcuts import shortcuts

SKIP_REASONS = [
    "not about the topic",
    "duplicate or near-duplicate",
    "text is broken or truncated",
    "not in English",
    "unsure: needs a second look",
]


def ask_annotator(parent: QWidget | None, current: str, known: list[str]) -> str | None:
    """Who is annotating. Known names are offered; a new name can be typed."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Who is annotating?")
    combo = QComboBox()
    combo.setEditable(True)
    names = list(dict.fromkeys([current, *[k for k in known if k != "gold"]]))
    combo.addItems(names)
    combo.setCurrentText(current)
    text = QLabel(
        "Each annotator keeps their own version of every document.\n"
        "Your name (you can switch later from the Annotator menu):"
    )
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(combo)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    name = combo.currentText().strip()
    return name or None


def ask_skip_reason(parent: QWidget | None) -> str | None:
    reason, ok = QInputDialog.getItem(
        parent, "Skip document", "Why skip this document?", SKIP_REASONS, 0, True
    )
    reason = reason.strip()
    return reason if ok and reason else None


class GuidelinesDialog(QDialog):
    """The guidelines shipped in resources/, rendered from our own Markdown file."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setWindowTitle("Annotation guidelines")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        try:
            self.browser.setMarkdown(resource("GUIDELINES.md").read_text(encoding="utf-8"))
        except OSError as exc:
            self.browser.setPlainText(f"The guidelines could not be read: {exc}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)


class ShortcutsDialog(QDialog):
    """The keys of the annotation window, its label keys from ``scheme``."""

    def __init__(self, scheme: Scheme, parent: Any = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcuts(scheme)
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels(["Keys", "What it does"])
        for row, (keys, what) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(what))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(720, 560)
