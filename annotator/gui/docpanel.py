"""The document panel: title, source and status, the categories, the note,
accept and skip.

The categories' buttons are the span editor's (``add_categories``): they
belong to the session's set as the spans do, and the review window's gold
pane shows the same panel.

The note is saved as it is typed (each keystroke one transaction, all of a
burst one undo step), so nothing typed is ever lost to a crash. A note the
store could not take yet is marked here until it is written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.types import Document

from .doclist import STATUS_MARK, STATUS_TEXT


class DocumentPanel(QWidget):
    noteEdited = Signal(str)
    acceptRequested = Signal()
    skipRequested = Signal()
    reopenRequested = Signal()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._loading = False
        self.read_only = False  # a read-only project: nothing here is enabled
        self.heading = QLabel()
        self.heading.setObjectName("documentTitle")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel()
        self.status.setObjectName("documentStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("Note on this document (saved as you type)")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(self.fontMetrics().height() * 5)
        self.note_unsaved = QLabel("Note not saved yet — retrying")
        self.note_unsaved.setObjectName("noteUnsaved")
        self.note_unsaved.setStyleSheet("QLabel { color: #c0392b; }")
        self.note_unsaved.setTextFormat(Qt.TextFormat.PlainText)
        self.note_unsaved.hide()
        self.accept = QPushButton("Accept && next")
        self.accept.setToolTip("Mark done and open the next unfinished document (Ctrl+Enter)")
        self.accept.setDefault(False)
        self.skip = QPushButton("Skip…")
        self.skip.setToolTip("Skip this document with a reason (Ctrl+K)")
        self.reopen = QPushButton("Reopen")
        self.reopen.setToolTip("Put a done or skipped document back in progress")
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept, 2)
        buttons.addWidget(self.skip, 1)
        buttons.addWidget(self.reopen, 1)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.meta)
        layout.addWidget(self.status)
        layout.addWidget(self.note)
        layout.addWidget(self.note_unsaved)
        layout.addLayout(buttons)
        self.note.textChanged.connect(self._note_changed)
        self.accept.clicked.connect(self.acceptRequested)
        self.skip.clicked.connect(self.skipRequested)
        self.reopen.clicked.connect(self.reopenRequested)

    def add_categories(self, panel: QWidget) -> None:
        """Show the document categories' panel under the status, above the note."""
        self._layout.insertWidget(self._layout.indexOf(self.note), panel)

    def show_document(self, doc: Document, state: dict[str, str]) -> None:
        self.heading.setText(doc.title or f"Document {doc.id}")
        parts = [f"#{doc.id}"]
        if doc.source:
            parts.append(doc.source)
        if doc.published:
            parts.append(f"published {doc.published}")
        self.meta.setText(" · ".join(parts))
        self.show_state(state)

    def show_state(self, state: dict[str, str]) -> None:
        status = state.get("status", "todo")
        text = f"{STATUS_MARK.get(status, '')} {STATUS_TEXT.get(status, status)}"
        if status == "skipped" and state.get("skip_reason"):
            text += f": {state['skip_reason']}"
        self.status.setText(text)
        self.reopen.setEnabled(not self.read_only and status in ("done", "skipped"))
        if self.note.toPlainText() != state.get("note", ""):
            self._loading = True
            try:
                self.note.setPlainText(state.get("note", ""))
            finally:
                self._loading = False

    def show_note_pending(self, pending: bool) -> None:
        """Mark the note as typed but not on disk yet (the store was busy)."""
        self.note_unsaved.setVisible(pending)
        self.note.setProperty("unsaved", pending)
        self.note.setStyleSheet("QPlainTextEdit { border: 2px solid #c0392b; }" if pending else "")

    def _note_changed(self) -> None:
        if not self._loading:
            self.noteEdited.emit(self.note.toPlainText())
