"""Entity spans that overlap, found before an annotated file is stored.

Labels without a ``span_key`` are entities: they go to spaCy's ``doc.ents``,
which cannot hold two overlapping spans, and the window and the agreement
figures assume they never do. Prodigy and doccano files can hold such
overlaps (doccano does not prevent them; Prodigy's ``ner.teach`` writes one
line per suggestion, and the accepted lines of one text are united), so an
import checks each line and each union of lines and refuses an overlap rather
than store it. Spans of labels with a ``span_key`` may overlap anything and
are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import InputError
from annotator.core.types import Span

if TYPE_CHECKING:
    from .annotations import AnnotatedRecord


def _show(span: Span) -> str:
    return f"[{span.start}, {span.end}) {span.label}"


def first_overlap(
    spans: Iterable[Span], entity_labels: Collection[str]
) -> tuple[Span, Span] | None:
    """Two entity spans that share a character, or None.

    Sorted by start, a span overlaps an earlier one exactly when it starts
    before the furthest end seen so far.
    """
    ordered = sorted((s for s in spans if s.label in entity_labels), key=lambda s: (s.start, s.end))
    furthest: Span | None = None
    for span in ordered:
        if furthest is not None and span.start < furthest.end:
            return furthest, span
        if furthest is None or span.end > furthest.end:
            furthest = span
    return None


def check_line(
    spans: Sequence[Span], entity_labels: Collection[str], path: Path, line: int | None
) -> None:
    """Refuse one line (or one DocBin document) whose entity spans overlap."""
    pair = first_overlap(spans, entity_labels)
    if pair is not None:
        first, second = pair
        raise InputError(
            f"entity spans {_show(first)} and {_show(second)} overlap"
            " (labels without a span_key never overlap)",
            str(path),
            line,
        )


def check_united_lines(
    path: Path,
    records: Sequence[AnnotatedRecord],
    entity_labels: Collection[str],
    unite: Callable[[list[AnnotatedRecord]], AnnotatedRecord],
) -> None:
    """Refuse lines of one text and annotator whose union, as ``unite`` (the
    store's own rule) forms it, holds overlapping entity spans; the error
    names the later of the two lines and both spans with their lines."""
    groups: dict[tuple[str, str], list[AnnotatedRecord]] = {}
    for record in records:
        groups.setdefault((record.document.text, record.annotator), []).append(record)
    for group in groups.values():
        if len(group) < 2:
            continue
        pair = first_overlap(unite(group).spans, entity_labels)
        if pair is None:
            continue
        line_of: dict[tuple[int, int, str], int | None] = {}
        for record in group:
            if record.status == "done":
                for span in record.spans:
                    line_of.setdefault(span.key(), record.line)
        (a, b) = pair
        line_a, line_b = line_of.get(a.key()), line_of.get(b.key())
        raise InputError(
            f"entity spans {_show(a)} (line {line_a}) and {_show(b)} (line {line_b}) overlap"
            " once the accepted lines of this text and annotator are united"
            " (labels without a span_key never overlap)",
            str(path),
            max((n for n in (line_a, line_b) if n is not None), default=None),
        )
