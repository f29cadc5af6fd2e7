"""The attribute inspector: the selected span's label, text and attributes.

The form is built from the scheme, so a project with its own labels gets
its own fields: a ``choice`` is a combo box, ``text`` a line edit with
completion (ACTOR canonical from the project's actors, STANCE target from
earlier targets), ``number`` a validated line edit, and ``actor`` a combo
of the actors in this document (STANCE holder). Every change is saved as
it is made; typing in one field is one undo step.

Above the form, the span's links: a STANCE shows the HOLDER mention and the
TARGET it is linked to (a button each: clicking selects that span), or how
to make the link when there is none; a linked ACTOR shows the STANCEs it
holds. The ``holder`` attribute follows the HOLDER link (holder.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.scheme import Attribute, Label
from annotator.core.types import Span

from .plaintext import label as plain_label
from .plaintext import tip

Completions = Callable[[str, str], list[str]]  # (label, attribute) -> values
# One row of links: (what, the linked span's text, its id or None for no link)
LinkRow = tuple[str, str, int | None]


def parse_number(text: str) -> float | int | None:
    """'1,700,000' -> 1700000, '11.5' -> 11.5; None when not a number."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


class SpanInspector(QWidget):
    attributeEdited = Signal(int, str, object, bool)  # span id, name, value, typing
    confirmRequested = Signal(int)
    deleteRequested = Signal(int)
    linkActivated = Signal(int)  # a linked span's button: select that span

    def __init__(self, completions: Completions, parent: Any = None):
        super().__init__(parent)
        self.completions = completions
        self.span: Span | None = None
        self._loading = False
        self.title = QLabel("No span selected")
        self.title.setObjectName("inspectorTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.quote = QLabel("Select text and press a label key, or click a span.")
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.quote.setForegroundRole(self.quote.foregroundRole())
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 4, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.confirm = QPushButton("Confirm suggestion")
        self.confirm.setToolTip("Keep the model's suggestion as it is (Enter)")
        self.confirm.clicked.connect(lambda: self.span and self.confirmRequested.emit(self.span.id))
        self.fields: dict[str, QWidget] = {}
        self.links_host = QWidget()
        self.links_host.setObjectName("links")
        self.links = QFormLayout(self.links_host)
        self.links.setContentsMargins(0, 4, 0, 0)
        self.link_buttons: dict[str, list[QPushButton]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.quote)
        layout.addWidget(self.links_host)
        layout.addWidget(self.form_host)
        layout.addWidget(self.confirm)
        self.confirm.hide()

    def show_span(
        self, span: Span | None, label: Label | None, text: str, actors: list[str]
    ) -> None:
        """Rebuild the form for a span (or clear it)."""
        self._loading = True
        try:
            self.span = span
            while self.form.rowCount():
                self.form.removeRow(0)
            self.fields.clear()
            if span is None or label is None:
                self.title.setText("No span selected")
                self.quote.setText("Select text and press a label key, or click a span.")
                self.confirm.hide()
                self.form_host.hide()  # an empty form would leave a gap
                self.show_links([])
                return
            origin = "model suggestion" if span.origin == "model" else "confirmed"
            self.title.setText(f"{label.name} · {origin}")
            self._quote(text)
            self.confirm.setVisible(span.origin == "model")
            for attribute in label.attributes:
                widget = self._field(label, attribute, span.attrs.get(attribute.name), actors)
                widget.setObjectName(f"attr_{attribute.name}")
                self.fields[attribute.name] = widget
                self.form.addRow(plain_label(attribute.name.capitalize()), widget)
            self.form_host.setVisible(bool(self.fields))
        finally:
            self._loading = False

    def show_links(self, rows: list[LinkRow]) -> None:
        """The span's links, one row each; a linked span is a flat button
        that selects it, a missing link a line saying how to make it."""
        while self.links.rowCount():
            self.links.removeRow(0)
        self.link_buttons = {}
        for what, text, span_id in rows:
            if span_id is None:
                field: QWidget = plain_label(text)
                field.setEnabled(False)
            else:
                button = QPushButton(text.replace("&", "&&"))
                button.setFlat(True)
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.setToolTip(tip(f"Select {text}"))
                button.setStyleSheet(
                    "QPushButton { text-align: left; text-decoration: underline; }"
                )
                button.clicked.connect(lambda _c=False, i=span_id: self.linkActivated.emit(i))
                self.link_buttons.setdefault(what, []).append(button)
                field = button
            self.links.addRow(plain_label(what), field)
        self.links_host.setVisible(bool(rows))

    def _field(self, label: Label, attribute: Attribute, value: Any, actors: list[str]) -> QWidget:
        name = attribute.name
        if attribute.type in ("choice", "actor"):
            combo = QComboBox()
            options = attribute.values if attribute.type == "choice" else actors
            combo.addItem("")
            combo.addItems([str(v) for v in options])
            if attribute.type == "actor":
                combo.setEditable(True)
                combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            current = "" if value is None else str(value)
            if combo.findText(current) < 0 and current:
                combo.addItem(current)
            combo.setCurrentText(current)
            combo.currentTextChanged.connect(lambda v, n=name: self._edited(n, v, False))
            return combo
        edit = QLineEdit("" if value is None else _number_text(value))
        edit.setClearButtonEnabled(True)
        if attribute.type == "number":
            edit.setPlaceholderText("a number, e.g. 1700000")
            edit.textEdited.connect(lambda v, n=name, e=edit: self._number_edited(n, v, e))
        else:
            values = list(attribute.values)
            for extra in self.completions(label.name, name):
                if extra not in values:
                    values.append(extra)
            completer = QCompleter(QStringListModel(values, edit), edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)
            completer.activated.connect(lambda v, n=name: self._edited(n, v, False))
            edit.textEdited.connect(lambda v, n=name: self._edited(n, v, True))
        return edit

    def _number_edited(self, name: str, text: str, edit: QLineEdit) -> None:
        value = parse_number(text)
        valid = value is not None or not text.strip()
        edit.setProperty("invalid", not valid)
        edit.setStyleSheet("" if valid else "QLineEdit { border: 2px solid #d0453a; }")
        edit.setToolTip("" if valid else tip(f"{text!r} is not a number"))
        if valid:
            self._edited(name, value, True)

    def _edited(self, name: str, value: Any, typing: bool) -> None:
        if self._loading or self.span is None:
            return
        if isinstance(value, str):
            value = value.strip()
        self.attributeEdited.emit(self.span.id, name, value, typing)

    def _quote(self, text: str) -> None:
        shown = text if len(text) <= 240 else text[:237] + "…"
        self.quote.setText(f"“{shown}”")

    def update_span(self, span: Span, text: str) -> None:
        """The span changed (a boundary moved, an undo): refresh its words and
        values without rebuilding the form, so a field being typed in keeps
        its focus."""
        if self.span is None or span.id != self.span.id:
            return
        self.span = span
        self._quote(text)
        self._loading = True
        try:
            for name, widget in self.fields.items():
                value = span.attrs.get(name)
                text = "" if value is None else _number_text(value)
                if isinstance(widget, QComboBox):
                    if widget.currentText() != text:
                        if widget.findText(text) < 0:
                            widget.addItem(text)
                        widget.setCurrentText(text)
                elif (
                    isinstance(widget, QLineEdit)
                    and parse_number(widget.text()) != value
                    and widget.text().strip() != text
                ):
                    widget.setText(text)
            self.confirm.setVisible(span.origin == "model")
            title = self.title.text().split(" · ")[0]
            origin = "model suggestion" if span.origin == "model" else "confirmed"
            self.title.setText(f"{title} · {origin}")
        finally:
            self._loading = False


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
