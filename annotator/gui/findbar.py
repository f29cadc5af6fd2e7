"""Ctrl+F: a search field above the article that selects each match in turn."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from .textview import SpanTextView


class FindBar(QWidget):
    def __init__(self, view: SpanTextView, parent: Any = None):
        super().__init__(parent)
        self.view = view
        self.field = QLineEdit()
        self.field.setObjectName("findField")
        self.field.setPlaceholderText("Find in text (Enter: next, Shift+Enter: previous)")
        self.field.setClearButtonEnabled(True)
        self.result = QLabel()
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        previous = QToolButton(text="▲", toolTip="Previous match (Shift+Enter)")
        following = QToolButton(text="▼", toolTip="Next match (Enter)")
        close = QToolButton(text="✕", toolTip="Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.result)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self.field.returnPressed.connect(lambda: self.find(False))
        self.field.textEdited.connect(lambda _t: self.find(False, restart=True))
        back = QShortcut(QKeySequence("Shift+Return"), self.field)
        back.setContext(Qt.ShortcutContext.WidgetShortcut)
        back.activated.connect(lambda: self.find(True))
        escape = QShortcut(QKeySequence("Escape"), self.field)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.close_bar)
        previous.clicked.connect(lambda: self.find(True))
        following.clicked.connect(lambda: self.find(False))
        close.clicked.connect(self.close_bar)
        self.hide()

    def open(self) -> None:
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def find(self, backward: bool, restart: bool = False) -> bool:
        if restart:
            cursor = self.view.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.view.setTextCursor(cursor)
        found = self.view.find_text(self.field.text(), backward)
        self.result.setText("" if found or not self.field.text() else "not found")
        return found

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()
