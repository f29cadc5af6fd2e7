"""The annotators' sets of one document side by side, and one disagreement's
versions with a button per version.

Each set is drawn by the main window's own ``SpanTextView`` (read-only), so
colours and layering are those the annotators saw. Selecting a disagreement
scrolls every column to it: a column's span for it is drawn selected, and
where an annotator marked nothing the range is shown as a text selection,
so a gap is as visible as a span.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement.adjudication import AnyDisagreement
from annotator.core.agreement.links import CategoryDisagreement
from annotator.core.agreement.matching import Disagreement
from annotator.core.scheme import Scheme
from annotator.core.types import Span

from ..plaintext import tip
from ..textview import SpanTextView
from .models import any_version_text, version_lines


class SetColumn(QFrame):
    """One annotator's set: a header (key, name, span count) over the text."""

    def __init__(self, number: int, name: str, scheme: Scheme, parent: Any = None):
        super().__init__(parent)
        self.name = name
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setObjectName("setHeader")
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.number = number
        self.view = SpanTextView(interactive=False)
        self.view.set_scheme(scheme)
        self.view.setObjectName(f"setView_{name}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)

    def set_content(self, text: str, spans: list[Span]) -> None:
        self.header.setText(f"[{self.number}] {self.name} · {len(spans)} spans")
        self.view.set_content(text, spans)

    def show_range(self, span: Span | None, start: int, end: int) -> None:
        """Draw ``span`` selected, or select [start, end) where there is none."""
        self.view.set_selected(span.id if span is not None else None)
        if span is None:
            self.view.select_range(start, end)
        else:
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(self.view.offsets.to_qt(span.start))
            self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()


class SideBySide(QWidget):
    """The columns of every annotator who finished the document."""

    spanClicked = Signal(str, int)  # annotator, span id (-1: outside spans)

    def __init__(self, scheme: Scheme, parent: Any = None):
        super().__init__(parent)
        self.scheme = scheme
        self.columns: dict[str, SetColumn] = {}
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(4)

    def set_document(self, text: str, sets: dict[str, list[Span]]) -> None:
        if list(sets) != list(self.columns):
            for column in self.columns.values():
                column.setParent(None)
                column.deleteLater()
            self.columns = {}
            for number, name in enumerate(sets, start=1):
                column = SetColumn(number, name, self.scheme)
                column.view.spanClicked.connect(lambda i, n=name: self.spanClicked.emit(n, i))
                self.columns[name] = column
                self.row.addWidget(column, 1)
        for name, spans in sets.items():
            self.columns[name].set_content(text, spans)

    def show_disagreement(self, dis: AnyDisagreement | None) -> None:
        """Scroll every column to the disagreement (a relation unit: its head
        spans); a category has no place in the text, so nothing is selected."""
        for name, column in self.columns.items():
            if dis is None or isinstance(dis, CategoryDisagreement):
                column.view.set_selected(None)
                continue
            column.show_range(dis.spans.get(name), dis.start, dis.end)


class VersionsPanel(QWidget):
    """The current disagreement's versions, one button each (keys 1, 2, 3…)."""

    takeRequested = Signal(int)  # annotator number, 1-based
    editRequested = Signal()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.title = QLabel("No disagreement selected")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        self.edit = QPushButton("Edit in gold (E)")
        self.edit.setToolTip("Select the disagreement's text in gold and edit it by hand")
        self.edit.clicked.connect(self.editRequested.emit)
        self.edit.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.rows)
        layout.addWidget(self.edit)
        self.buttons: list[QPushButton] = []

    def show_disagreement(self, dis: AnyDisagreement | None, text: str, chosen: str) -> None:
        for button in self.buttons:
            button.setParent(None)
            button.deleteLater()
        self.buttons = []
        self.edit.setEnabled(dis is not None)
        if dis is None:
            self.title.setText("No disagreement selected")
            return
        state = f"gold: {chosen}" if chosen else "gold: not decided"
        self.title.setText(f"{' + '.join(dis.aspects)} · {state}")
        for number, (name, span) in enumerate(dis.spans.items(), start=1):
            if isinstance(dis, Disagreement):
                lines = version_lines(span, text, dis.attributes)
            else:
                lines = any_version_text(dis, name, text)
            button = QPushButton(f"{number}  {name}: {lines}")
            button.setToolTip(tip(f"Take {name}'s version into gold (key {number})"))
            button.setStyleSheet("text-align: left; padding: 3px 8px;")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, n=number: self.takeRequested.emit(n))
            self.rows.addWidget(button)
            self.buttons.append(button)
