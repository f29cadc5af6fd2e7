"""The token grid: every compared document's tokens end to end.

Token-level kappa compares, token by token, whether each annotator put the
token in a label. Doing that per document in Python would cost more than
the rest of the agreement figures together, so all documents' tokens are
laid end to end in numpy arrays (character offsets shifted by a
per-document base) and spans are mapped onto them with one searchsorted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from annotator.core.tokens import blank_english

if TYPE_CHECKING:
    from .report import DocumentSets


def token_grid(
    docs: list[DocumentSets], bases: list[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All documents' tokens end to end: (starts, ends, doc index) per token,
    character offsets shifted by each document's base (``char_bases``) so
    documents never share a position.

    Texts are tokenized with the project's one tokenizer
    (``tokens.blank_english``), streamed, and read back as one array per
    document; everything else is done once on the concatenation.
    """
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    if not docs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    tokenizer = blank_english().tokenizer
    need = [d.text or "" for d in docs if d.tokens is None]
    parsed = iter(tokenizer.pipe(need, batch_size=1000))
    parts: list[np.ndarray] = []
    for d in docs:
        if d.tokens is None:
            parts.append(next(parsed).to_array([IDX, LENGTH, IS_SPACE]))
        else:
            arr = np.asarray(d.tokens, dtype=np.int64).reshape(-1, 2)
            parts.append(
                np.column_stack([arr[:, 0], arr[:, 1] - arr[:, 0], np.zeros_like(arr[:, 0])])
            )
    counts = np.fromiter((len(a) for a in parts), dtype=np.int64, count=len(parts))
    table = np.concatenate(parts).astype(np.int64)
    doc_index = np.repeat(np.arange(len(docs)), counts)
    keep = table[:, 2] == 0
    starts = table[:, 0] + np.asarray(bases, dtype=np.int64)[doc_index]
    ends = starts + table[:, 1]
    return starts[keep], ends[keep], doc_index[keep]


def char_bases(docs: list[DocumentSets]) -> list[int]:
    """Offset added to each document's character positions in the grid."""
    bases: list[int] = []
    base = 0
    for d in docs:
        bases.append(base)
        size = len(d.text) if d.text is not None else 0
        if d.tokens:
            size = max(size, max(e for _, e in d.tokens))
        spans_end = max((s.end for spans in d.sets.values() for s in spans), default=0)
        base += max(size, spans_end) + 1
    return bases
