"""The document's span list: every span in text order, suggestions in italics.

A list model over the session's sorted spans: resetting it is cheap even
with thousands of spans, because rows are only formatted when painted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from annotator.core.scheme import Scheme
from annotator.core.types import Span

from . import colors
from .plaintext import tip

SPAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SpanListModel(QAbstractListModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.spans: list[Span] = []
        self.text = ""
        self.scheme: Scheme | None = None
        self.palette = QPalette()
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_spans(self, spans: list[Span], text: str, scheme: Scheme) -> None:
        self.beginResetModel()
        self.spans, self.text, self.scheme = list(spans), text, scheme
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spans)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.spans):
            return None
        span = self.spans[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            snippet = " ".join(self.text[span.start : span.end].split())
            if len(snippet) > 60:
                snippet = snippet[:57] + "…"
            return f"{span.label:<7} {snippet}"
        if role == Qt.ItemDataRole.DecorationRole and self.scheme is not None:
            label = self.scheme.label(span.label)
            return colors.line_color(label.color if label else "#888888", self.palette)
        if role == Qt.ItemDataRole.FontRole and span.origin == "model":
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            origin = "model suggestion" if span.origin == "model" else "confirmed"
            attrs = ", ".join(f"{k}={v}" for k, v in span.attrs.items())
            return tip(
                f"{span.label} ({origin}) {span.start}–{span.end}" + (f"\n{attrs}" if attrs else "")
            )
        if role == Qt.ItemDataRole.ForegroundRole and span.origin == "model":
            return QColor(self.palette.color(QPalette.ColorRole.PlaceholderText))
        if role == SPAN_ID_ROLE:
            return span.id
        return None

    def row_of(self, span_id: int | None) -> int:
        for row, span in enumerate(self.spans):
            if span.id == span_id:
                return row
        return -1


class SpanListView(QListView):
    spanActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list_model = SpanListModel(self)
        self.setModel(self.list_model)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._quiet = False
        self.selectionModel().currentRowChanged.connect(self._changed)

    def _changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet and current.isValid():
            self.spanActivated.emit(int(current.data(SPAN_ID_ROLE)))

    def set_spans(self, spans: list[Span], text: str, scheme: Scheme) -> None:
        self._quiet = True
        try:
            self.list_model.palette = self.palette()
            self.list_model.set_spans(spans, text, scheme)
        finally:
            self._quiet = False

    def show_selected(self, span_id: int | None) -> None:
        row = self.list_model.row_of(span_id)
        self._quiet = True
        try:
            if row < 0:
                self.selectionModel().clear()
            else:
                index = self.list_model.index(row)
                self.selectionModel().setCurrentIndex(
                    index, self.selectionModel().SelectionFlag.ClearAndSelect
                )
                self.scrollTo(index)
        finally:
            self._quiet = False
