"""Text from a project, a file or a model is shown as plain text, never markup.

Names, labels, titles, notes and messages that quote input can arrive
through an import or a merge from anyone, and Qt reads text that looks like
HTML as rich text (labels and message boxes by default, tooltips always):
a file could show a convincing fake message or a link. Labels and message
boxes get ``Qt.TextFormat.PlainText``; tooltips cannot, so ``tip`` escapes
the text and marks it as rich text itself, which Qt then shows literally.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def tip(text: str) -> str:
    """A tooltip that shows ``text`` literally, line breaks kept."""
    if not text:
        return ""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def label(text: str = "") -> QLabel:
    """A QLabel that never reads its text as markup."""
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def message(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> None:
    """A modal message box in plain text (QMessageBox's static helpers sniff)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
