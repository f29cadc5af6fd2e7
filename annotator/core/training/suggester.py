"""The span suggester a STANCE categorizer needs: whole sentences and clauses.

spaCy's ``spacy.ngram_suggester`` proposes spans of a few tokens; a STANCE is a
clause or a sentence (GUIDELINES.md), 10 to 60 tokens, so n-grams up to that
length would be thousands of candidates per sentence. This suggester proposes
each sentence, the sentence without its closing punctuation, and the parts
between commas, semicolons and dashes that are long enough to hold a
position. Boundaries come from the tokens alone (sentence-final punctuation,
line breaks), never from a parser, so training (where the frozen parser does
not run) and pre-annotation see the same candidates.

Registered in spaCy's ``misc`` registry as ``annotator.sentence_suggester.v1``;
a pipeline that names it loads once this module is imported (the app does;
outside it: ``spacy.load`` after ``import annotator.core.training.suggester``,
or ``--code annotator/core/training/suggester.py`` for spaCy's CLI).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Ops, get_current_ops
from thinc.types import Ragged

NAME = "annotator.sentence_suggester.v1"
SENTENCE_END = frozenset({".", "!", "?"})
CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–"})
CLOSERS = frozenset({'"', "'", "”", "’", ")"})
OPENERS = frozenset({'"', "'", "“", "‘", "("})


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges ending after sentence-final punctuation (and any closing
    quote after it) or at a blank line."""
    out: list[tuple[int, int]] = []
    start = 0
    i = 0
    while i < len(doc):
        tok = doc[i]
        end = None
        if tok.text in SENTENCE_END:
            end = i + 1
            while end < len(doc) and doc[end].text in CLOSERS and not doc[end - 1].whitespace_:
                end += 1
        elif tok.is_space and "\n" in tok.text:
            end = i + 1
        if end is not None:
            out.append((start, end))
            start, i = end, end
            continue
        i += 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (
        doc[start].is_space or (doc[start].is_punct and doc[start].text not in OPENERS)
    ):
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return start, end


def candidates(doc: Doc, min_clause: int = 4) -> list[tuple[int, int]]:
    """The (start, end) token ranges proposed for one Doc, without duplicates."""
    found: dict[tuple[int, int], None] = {}
    for s_start, s_end in _sentences(doc):
        start, end = _trim(doc, s_start, s_end)
        if start >= end:
            continue
        found[(start, end)] = None
        inner = end
        while inner > start and (doc[inner - 1].is_punct or doc[inner - 1].is_space):
            inner -= 1
        if start < inner < end:
            found[(start, inner)] = None
        piece = start
        for i in range(start, inner + 1):
            if i == inner or doc[i].text in CLAUSE_BREAKS:
                if i - piece >= min_clause and (piece, i) != (start, inner):
                    found[(piece, i)] = None
                piece = i + 1
    return list(found)


def sentence_suggester(docs: Iterable[Doc], *, ops: Ops | None = None) -> Ragged:
    """spaCy's suggester contract: a Ragged of (start, end) rows, one group per Doc."""
    ops = ops or get_current_ops()
    rows: list[tuple[int, int]] = []
    lengths: list[int] = []
    for doc in docs:
        spans = candidates(doc)
        rows.extend(spans)
        lengths.append(len(spans))
    data = ops.asarray2i(rows) if rows else ops.xp.zeros((0, 0), dtype="i")
    return Ragged(data, ops.asarray1i(lengths))


@registry.misc(NAME)
def build_sentence_suggester() -> Callable[..., Ragged]:
    """The factory spaCy's config calls: ``@misc = "annotator.sentence_suggester.v1"``."""
    return sentence_suggester
