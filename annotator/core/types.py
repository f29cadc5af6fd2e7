"""Plain records passed between the core's modules.

They are dataclasses, not ORM rows: the store turns SQL rows into them, and
nlp, formats and agreement consume them without knowing about SQLite.
Offsets are Python string (code point) offsets, end exclusive, like spaCy's
``start_char``/``end_char``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Origin = Literal["model", "human"]
Status = Literal["todo", "in_progress", "done", "skipped"]
STATUSES: tuple[str, ...] = ("todo", "in_progress", "done", "skipped")
GOLD = "gold"  # the reserved annotator whose set is the adjudicated version


@dataclass(slots=True)
class Span:
    """A labelled character range of a document, with its attributes."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    origin: Origin = "human"
    id: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # kept from an import, not shown

    def key(self) -> tuple[int, int, str]:
        """Identity for comparisons: boundaries and label, not attributes."""
        return (self.start, self.end, self.label)


SpanKey = tuple[int, int, str]
"""(start, end, label): how a relation names its ends outside the store,
where spans have no ids (predictions, files, another project's sets)."""


@dataclass(slots=True)
class Relation:
    """A directed, labelled link from one span (the head) to another (the
    child) of the same set: HOLDER from a STANCE to the ACTOR holding it."""

    head: SpanKey
    child: SpanKey
    label: str
    origin: Origin = "human"
    id: int | None = None

    def key(self) -> tuple[SpanKey, SpanKey, str]:
        """Identity for comparisons: both ends exactly, and the label."""
        return (self.head, self.child, self.label)


@dataclass(slots=True)
class Document:
    """An imported text; ``text`` is stored exactly as decoded, never altered."""

    text: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    hash: str | None = None


@dataclass(slots=True)
class AnnotationSet:
    """One annotator's version of one document."""

    id: int
    document_id: int
    annotator: str
    status: str = "todo"
    note: str = ""
    skip_reason: str = ""
    seconds_spent: float = 0.0
    created_at: str = ""
    updated_at: str = ""
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)  # kept from an import, not shown
