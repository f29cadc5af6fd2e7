"""What reading an annotated file gives: records, files and unknown labels.

Kept apart from the readers so each line shape (``prodigy_lines.py``,
``doccano_lines.py``, ``docbin_lines.py``) and the uniting of several lines
(``unite.py``) share one record type without importing each other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from annotator.core.types import Document, Relation, Span

# A line's shape: a full annotation (ner_manual, spans_manual, rel.manual, our
# own), one binary decision on suggestions (ner.teach), a choice task, a
# binary text classification decision (textcat.teach: ``label`` + ``answer``).
Kind = Literal["manual", "binary", "choice", "textcat"]


@dataclass
class AnnotatedRecord:
    """One annotator's version of one document, as read from a file (one
    line, or the lines of one text and annotator once united)."""

    document: Document
    spans: list[Span]
    annotator: str
    status: str = "done"
    skip_reason: str = ""
    line: int | None = None
    note: str | None = None  # our own ``_note`` (the window's recovery file); None keeps the set's
    relations: list[Relation] = field(default_factory=list)
    categories: dict[str, list[str]] | None = None  # None: the line says nothing of them
    kind: Kind = "manual"
    view: str | None = None  # the line's ``_view_id``: says whether it is a full annotation
    meta: dict[str, Any] | None = None  # kept, not shown (set meta); None: nothing kept
    lines: list[int] = field(default_factory=list)  # every line united into this record

    @property
    def choice(self) -> bool:
        """Category answers only: the line says nothing of spans."""
        return self.kind in ("choice", "textcat")


@dataclass
class Unknown:
    """Labels the scheme lacks, counted over a run, so one message names
    them all (``what`` is ``span`` or ``category``)."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    first: dict[tuple[str, str], tuple[Path, int | None]] = field(default_factory=dict)

    def add(self, what: str, label: str, path: Path, line: int | None) -> None:
        self.counts[(what, label)] += 1
        self.first.setdefault((what, label), (path, line))

    def __bool__(self) -> bool:
        return bool(self.counts)


@dataclass
class AnnotatedFile:
    path: Path
    format: str
    records: list[AnnotatedRecord]
    new_labels: list[str] = field(default_factory=list)
    mapped: int = 0  # spans whose label --label-map changed
    declined: int = 0  # choice lines answered reject/ignore: no category taken
    conflicts: list[AnnotatedRecord] = field(default_factory=list)  # full annotations that differ
    answer_missing: Counter[str] = field(default_factory=Counter)  # taken as -> lines
    kept_lines: int = 0  # lines with fields kept in meta, not shown
    rejected: int = 0  # binary suggestions rejected or ignored, kept as such
