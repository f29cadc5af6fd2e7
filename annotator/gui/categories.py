"""The document categories: one group per scheme category, one button per value.

A one-choice (``exclusive``) category is a column of radio buttons, a
many-choice one of check boxes; each value shows its key ("opinion  9").
The buttons never change an answer themselves: a click (or the value's key,
bound by ``category_actions`` on the window that hosts the panel) asks the
session, whose undoable step writes the store, and the panel then shows
what the session holds. So a refused edit leaves the buttons as the file
has them, and clicking the chosen radio button clears it, as its key does.

A model's suggestion is drawn apart (italic, "· suggested"), like a
suggested span, until the annotator confirms it (its key, a click, or
accepting the document).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QGroupBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.scheme import Category, Scheme

from .plaintext import tip

Origins = dict[tuple[str, str], str]  # (category, value) -> "model" | "human"


def value_text(value: str, key: str | None, suggested: bool) -> str:
    """A button's text: the value, its key, and whether the model suggested it.
    Ampersands are doubled so a value never turns into a mnemonic."""
    text = value.replace("&", "&&")
    if key:
        text += f"   {key}"
    if suggested:
        text += "   · suggested"
    return text


class CategoryPanel(QWidget):
    """The buttons of every category of a scheme; empty when it has none."""

    valueChosen = Signal(str, str)  # category name, value name (a click)

    def __init__(self, scheme: Scheme, parent: Any = None) -> None:
        super().__init__(parent)
        self.categories: list[Category] = list(scheme.categories)
        self.buttons: dict[tuple[str, str], QAbstractButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for category in self.categories:
            box = QGroupBox(category.name.replace("&", "&&"))
            box.setObjectName(f"category_{category.name}")
            box.setToolTip(tip(category.description))
            rows = QVBoxLayout(box)
            rows.setContentsMargins(6, 2, 6, 2)
            rows.setSpacing(0)
            for value in category.values:
                button: QAbstractButton = QRadioButton() if category.exclusive else QCheckBox()
                # the session decides; Qt must not uncheck a sibling on its own
                button.setAutoExclusive(False)
                button.setText(value_text(value.name, value.key, False))
                button.clicked.connect(self._chooser(category.name, value.name))
                rows.addWidget(button)
                self.buttons[(category.name, value.name)] = button
            layout.addWidget(box)
        self.setVisible(bool(self.categories))
        self.answers: dict[str, list[str]] = {}
        self.origins: Origins = {}

    def _chooser(self, name: str, value: str) -> Callable[..., None]:
        """The slot of one button: its click asks for its value."""
        return lambda _checked=False: self.valueChosen.emit(name, value)

    def show_answers(self, answers: dict[str, list[str]], origins: Origins) -> None:
        """Check what the set holds; suggestions in italic with "· suggested"."""
        self.answers = {name: list(values) for name, values in answers.items()}
        self.origins = dict(origins)
        keys = {(c.name, v.name): v.key for c in self.categories for v in c.values}
        for (name, value), button in self.buttons.items():
            chosen = value in answers.get(name, [])
            suggested = chosen and origins.get((name, value)) == "model"
            button.blockSignals(True)
            button.setChecked(chosen)
            button.blockSignals(False)
            button.setText(value_text(value, keys[(name, value)], suggested))
            font = button.font()
            font.setItalic(suggested)
            button.setFont(font)
            button.setProperty("suggested", suggested)
            button.setToolTip(
                tip("Suggested by the model: press its key or accept the document to confirm")
                if suggested
                else ""
            )

    def is_suggested(self, name: str, value: str) -> bool:
        return bool(self.buttons[(name, value)].property("suggested"))


def category_actions(
    host: QWidget,
    scheme: Scheme,
    choose: Callable[[str, str], None],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> list[QAction]:
    """One action per keyed value, on ``host``: its key calls ``choose(category, value)``.

    The main window binds them window-wide (a text field that is typed into
    takes a digit first, as Qt gives it priority over shortcuts); the review
    window on its gold pane only, where digits in the lists take versions.
    """
    actions = []
    for category in scheme.categories:
        for value in category.values:
            if not value.key:
                continue
            action = QAction(f"{category.name}: {value.name}", host)
            action.setShortcut(QKeySequence(value.key.upper()))
            action.setShortcutContext(context)
            action.triggered.connect(
                lambda _checked=False, c=category.name, v=value.name: choose(c, v)
            )
            host.addAction(action)
            actions.append(action)
    return actions
