"""Item models of the review window: the documents to review and one
document's disagreements.

Both hold plain records from ``core.agreement.adjudication`` and are told
what changed (``update_document``, ``set_resolution``); neither queries the
store while painting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.agreement.adjudication import AnyDisagreement, DocumentReview
from annotator.core.agreement.links import CategoryDisagreement, RelationDisagreement
from annotator.core.types import Relation

from ..plaintext import tip

Index = QModelIndex | QPersistentModelIndex
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
RESOLVED_ROLE = Qt.ItemDataRole.UserRole + 3

STATE_COLOR = {  # (light, dark) like the main window's status colours
    "agreed": ("#1c7c3a", "#6fd08c"),
    "resolved": ("#1c5fa8", "#8cb8f0"),
    "unresolved": ("#9a5b00", "#f0b35a"),
}
TYPE_TEXT = {
    "missing": "missing",
    "extra": "extra",
    "boundary": "boundary",
    "label": "label",
    "attribute": "attribute",
    "relation": "relation",
    "category": "category",
}


def review_text(item: DocumentReview) -> str:
    """The review status column: no disagreements / N unresolved / resolved."""
    if item.state == "agreed":
        text = "✓ no disagreements"
    elif item.state == "resolved":
        text = f"✓ resolved ({item.total})"
    else:
        text = f"● {item.unresolved} unresolved of {item.total}"
    if item.gold_status == "done":
        text += " · gold done"
    return text


class ReviewDocumentsModel(QAbstractTableModel):
    """Columns: document, annotators who finished it, review status."""

    HEADERS = ("Document", "Review")

    def __init__(self, items: list[DocumentReview], titles: dict[int, str], parent: Any = None):
        super().__init__(parent)
        self.items = list(items)
        self.titles = dict(titles)
        self.dark = False
        self._rows = {item.doc_id: row for row, item in enumerate(self.items)}

    def reset(self, items: list[DocumentReview], titles: dict[int, str]) -> None:
        self.beginResetModel()
        self.items, self.titles = list(items), dict(titles)
        self._rows = {item.doc_id: row for row, item in enumerate(self.items)}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                title = self.titles.get(item.doc_id) or ""
                return f"{item.doc_id}  {title}".rstrip()
            return review_text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            counts = ", ".join(f"{n} {t}" for t, n in item.counts.items() if n)
            gold = item.gold_status or "no gold set yet"
            title = self.titles.get(item.doc_id) or ""
            who = ", ".join(item.annotators)
            return tip(  # titles and names come from files: never markup
                f"document {item.doc_id}\n{title}\nfinished by {who}\n"
                f"{counts or 'no disagreements'}\ngold: {gold}"
            )
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            light, dark = STATE_COLOR[item.state]
            return QColor(dark if self.dark else light)
        if role == DOC_ID_ROLE:
            return item.doc_id
        if role == STATE_ROLE:
            return item.state
        return None

    def row_of(self, doc_id: int | None) -> int:
        return self._rows.get(doc_id, -1) if doc_id is not None else -1

    def item(self, doc_id: int) -> DocumentReview | None:
        row = self.row_of(doc_id)
        return self.items[row] if row >= 0 else None

    def update_document(self, doc_id: int, unresolved: int, gold_status: str | None) -> None:
        row = self.row_of(doc_id)
        if row < 0:
            return
        item = self.items[row]
        if (item.unresolved, item.gold_status) == (unresolved, gold_status):
            return
        item.unresolved, item.gold_status = unresolved, gold_status
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))


class DisagreementModel(QAbstractTableModel):
    """One document's disagreements: resolved mark, type, text, gold's choice."""

    HEADERS = ("", "Type", "Text", "Gold")

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.text = ""
        self.items: list[AnyDisagreement] = []
        self.resolved: list[bool] = []
        self.chosen: list[str] = []

    def set_items(
        self, text: str, items: list[AnyDisagreement], resolved: list[bool], chosen: list[str]
    ) -> None:
        self.beginResetModel()
        self.text, self.items = text, list(items)
        self.resolved, self.chosen = list(resolved), list(chosen)
        self.endResetModel()

    def set_resolution(self, resolved: list[bool], chosen: list[str]) -> None:
        self.resolved, self.chosen = list(resolved), list(chosen)
        if self.items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, 3))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def snippet(self, row: int, limit: int = 48) -> str:
        dis = self.items[row]
        if isinstance(dis, CategoryDisagreement):
            text = " / ".join(", ".join(v) or "no answer" for v in dis.values.values())
        else:
            text = " ".join(self.text[dis.start : dis.end].split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def kind(self, row: int) -> str:
        """The Type column: 'boundary · ACTOR', 'relation child · HOLDER',
        'category value · genre'."""
        dis = self.items[row]
        if isinstance(dis, CategoryDisagreement):
            return f"category {' '.join(dis.aspects)} · {dis.name}"
        if isinstance(dis, RelationDisagreement):
            return f"relation {' '.join(dis.aspects)} · {dis.label}"
        label = next(s.label for s in dis.spans.values() if s is not None)
        attrs = f" {', '.join(dis.attributes)}" if dis.type == "attribute" else ""
        return f"{TYPE_TEXT[dis.type]} · {label}{attrs}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        row, column = index.row(), index.column()
        dis = self.items[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return "✓" if self.resolved[row] else "●"
            if column == 1:
                return self.kind(row)
            if column == 2:
                return self.snippet(row)
            return self.chosen[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{dis.type} ({', '.join(dis.aspects)}) {dis.start}–{dis.end}"]
            for name in dis.spans:
                lines.append(f"{name}: {any_version_text(dis, name, self.text)}")
            return tip("\n".join(lines))  # the article's words, shown literally
        if role == RESOLVED_ROLE:
            return self.resolved[row]
        return None


def quote(span, text: str, limit: int = 70) -> str:
    """The span's text on one line, shortened to ``limit`` characters."""
    quoted = " ".join(text[span.start : span.end].split())
    return quoted if len(quoted) <= limit else quoted[: limit - 1] + "…"


def version_text(span, text: str, limit: int = 70) -> str:
    """One annotator's version in words: label, quoted text, attributes."""
    if span is None:
        return "no span"
    attrs = ", ".join(f"{k}={v}" for k, v in span.attrs.items() if v not in (None, "", []))
    return f"{span.label} “{quote(span, text, limit)}”" + (f"  [{attrs}]" if attrs else "")


def version_lines(span, text: str, attributes: tuple[str, ...], limit: int = 44) -> str:
    """A version on two short lines for a button: label and the attributes
    that differ, then the quoted text."""
    if span is None:
        return "no span here\n"
    shown = [f"{k}={span.attrs.get(k, '')}" for k in attributes]
    head = " · ".join([span.label, *shown])
    return f"{head}\n“{quote(span, text, limit)}”"


def relation_text(relation: Relation, text: str, limit: int = 30) -> str:
    """A relation in words: 'HOLDER “said …” → ACTOR “Iraq”'."""

    def end(key: tuple[int, int, str]) -> str:
        quoted = " ".join(text[key[0] : key[1]].split())
        quoted = quoted if len(quoted) <= limit else quoted[: limit - 1] + "…"
        return f"{key[2]} “{quoted}”"

    return f"{relation.label} {end(relation.head)} → {end(relation.child)}"


def any_version_text(dis: AnyDisagreement, name: str, text: str) -> str:
    """One annotator's version of any kind of disagreement, on one line."""
    if isinstance(dis, CategoryDisagreement):
        return f"{dis.name}: {', '.join(dis.values[name]) or 'no answer'}"
    if isinstance(dis, RelationDisagreement):
        rels = dis.relations[name]
        return "; ".join(relation_text(r, text) for r in rels) or f"no {dis.label}"
    return version_text(dis.spans[name], text)
