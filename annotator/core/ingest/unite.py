"""One set from the lines of one document and annotator.

A file may hold several lines for one text and annotator: Prodigy's binary
recipes (``ner.teach``) write one line per suggested span, accepted or
rejected, and a document's categories come as ``choice`` lines of their own
(our Prodigy export writes one per category, after the document's line). The
import stores one set per document and annotator, formed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import InputError
from annotator.core.scheme import Scheme
from annotator.core.types import Relation, Span

if TYPE_CHECKING:
    from .annotations import AnnotatedRecord


def _spans_of(group: list[AnnotatedRecord]) -> AnnotatedRecord:
    """The union of the accepted lines' spans and relations, done; without
    an accepted line the last line stands."""
    if len(group) == 1:
        return group[0]
    accepted = [r for r in group if r.status == "done"]
    if not accepted:
        return group[-1]
    spans: dict[tuple[int, int, str], Span] = {}
    relations: dict[tuple, Relation] = {}
    for record in accepted:
        for span in record.spans:
            spans.setdefault(span.key(), span)
        for rel in record.relations:
            relations.setdefault(rel.key(), rel)
    return replace(
        accepted[0],
        spans=list(spans.values()),
        relations=list(relations.values()),
        status="done",
        skip_reason="",
        note=None,
    )


def merge_lines(group: list[AnnotatedRecord]) -> AnnotatedRecord:
    """One set from the lines of one document and annotator: the spans of
    the span lines (see :func:`_spans_of`), the categories every line that
    states them gives, united. A document with choice lines only (a text
    classification dataset) stays a choice record (it says nothing of spans),
    done when one of them was accepted."""
    if len(group) == 1:
        return group[0]
    lines = [r for r in group if not r.choice]
    if lines:
        base = _spans_of(lines)
    else:
        accepted = [r for r in group if r.status == "done"]
        base = accepted[0] if accepted else group[-1]  # still a choice record: no spans said
    stated = [r.categories for r in group if r.categories is not None]
    if not stated:
        return replace(base, categories=None)
    united: dict[str, list[str]] = {}
    for answers in stated:
        for name, values in answers.items():
            chosen = united.setdefault(name, [])
            chosen.extend(v for v in values if v not in chosen)
    return replace(base, categories={n: sorted(v) for n, v in sorted(united.items())})


def check_united_answers(path: Path, records: Sequence[AnnotatedRecord], scheme: Scheme) -> None:
    """Refuse the lines of one text and annotator whose united answers give
    a one-choice category two values, naming the last of those lines."""
    groups: dict[tuple[str, str], list[AnnotatedRecord]] = {}
    for record in records:
        groups.setdefault((record.document.text, record.annotator), []).append(record)
    for group in groups.values():
        if len(group) < 2:
            continue
        answers = merge_lines(group).categories or {}
        for name, values in answers.items():
            category = scheme.category(name)
            if category is not None and category.exclusive and len(values) > 1:
                lines = [r.line for r in group if r.categories and name in r.categories]
                raise InputError(
                    f"category {name!r} takes one value; the lines of this text and annotator"
                    f" give {', '.join(values)} (lines {', '.join(map(str, lines))})",
                    str(path),
                    max((n for n in lines if n is not None), default=None),
                )
