"""CoNLL BIO: one token a line (``token TAG``), a blank line between
sentences, ``-DOCSTART- O`` before each document.

Only entity labels (``span_key`` None: ACTOR, FIGURE, DATE) are tagged; BIO
cannot express overlap, so overlapping entity spans keep the longer one and
are counted, like spans that had to be widened to tokens. Sentences come from
spaCy's rule-based sentencizer over the same blank English tokenizer; a
sentence boundary inside an entity is not used, so no entity is cut.
Whitespace tokens (line breaks) are not written. ``spacy convert -c ner``
reads the file. Relations and document categories have no place in BIO: they
are counted in the summary as not written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import filter_spans

from annotator.core.scheme import Scheme

from .output import write_lines
from .placement import place_span
from .records import ExportRecord, ExportSummary

DOCSTART = "-DOCSTART- O"


@lru_cache(maxsize=1)
def _sentence_nlp() -> Language:
    """Blank English (the app's tokenizer) plus the rule-based sentencizer."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def record_to_conll(record: ExportRecord, scheme: Scheme, summary: ExportSummary) -> Iterator[str]:
    """The lines of one document, ``-DOCSTART-`` first, without newlines."""
    nlp = _sentence_nlp()
    doc = nlp(record.document.text)
    entity_labels = set(scheme.entity_labels())
    ents = []
    for span in sorted(record.spans, key=lambda s: (s.start, s.end, s.label)):
        if span.label not in entity_labels:
            continue
        placed = place_span(doc, span.start, span.end, span.label, summary)
        if placed is not None:
            summary.spans += 1
            ents.append(placed)
    kept = filter_spans(ents)
    summary.overlapping_ents += len(ents) - len(kept)
    tags = ["O"] * len(doc)
    inside: set[int] = set()
    for ent in kept:
        tags[ent.start] = f"B-{ent.label_}"
        for i in range(ent.start + 1, ent.end):
            tags[i] = f"I-{ent.label_}"
            inside.add(i)
    starts = {sent.start for sent in doc.sents} - inside
    yield DOCSTART
    yield ""
    open_sentence = False
    for token in doc:
        if token.i in starts and open_sentence:
            yield ""
            open_sentence = False
        if token.is_space:
            continue
        yield f"{token.text} {tags[token.i]}"
        open_sentence = True
    if open_sentence:
        yield ""


def write_conll(
    records: Iterable[ExportRecord],
    path: str | Path,
    scheme: Scheme,
    summary: ExportSummary | None = None,
) -> ExportSummary:
    """Write the CoNLL lines of every record to ``path`` (streamed)."""
    summary = summary if summary is not None else ExportSummary()

    def lines() -> Iterator[str]:
        for record in records:
            summary.documents += 1
            summary.lost_relations += len(record.relations)
            summary.lost_categories += bool(record.categories)
            yield from record_to_conll(record, scheme, summary)

    write_lines(path, lines())
    summary.files.append(str(path))
    return summary
