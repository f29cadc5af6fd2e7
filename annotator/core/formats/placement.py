"""Putting an annotated character range onto spaCy's tokens.

The DocBin and CoNLL writers both need token spans, and both must widen,
trim and count in the same way so their summaries agree on the same data.
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from .records import ExportSummary


def place_span(
    doc: Doc, start: int, end: int, label: str, summary: ExportSummary
) -> SpacySpan | None:
    """The token span for [start, end): widened to whole tokens, trimmed of
    whitespace tokens at its edges, each change counted in ``summary``.

    None (counted as unplaceable) when the range covers no token but
    whitespace: spaCy cannot hold an empty span.
    """
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        summary.unplaceable += 1
        return None
    first, last = span.start, span.end
    while first < last and doc[first].is_space:
        first += 1
    while last > first and doc[last - 1].is_space:
        last -= 1
    if first == last:
        summary.unplaceable += 1
        return None
    if (first, last) != (span.start, span.end):
        summary.trimmed += 1
        span = SpacySpan(doc, first, last, label=label)
    elif (span.start_char, span.end_char) != (start, end):
        summary.expanded += 1
    return span
