"""Counting span matches between two annotators, for span F1.

Exact matches are counted with arrays over all documents at once (per
distinct span, the smaller of the two annotators' counts); only the
(document, label) cells where some spans stay unmatched go through the
overlap matching in Python, and for labels whose spans never overlap each
other (entities) that matching is a linear sweep.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from annotator.core.types import Span

from .matching import overlap_matching

if TYPE_CHECKING:
    from .report import DocumentSets


class SpanKeys:
    """Every span's identity for exact matching: one id per distinct (label,
    start, end) in the grid (so per document), with its label and document."""

    def __init__(
        self,
        lab: np.ndarray,
        start: np.ndarray,
        end: np.ndarray,
        doc: np.ndarray,
        n_labels: int,
        n_docs: int,
    ):
        self.n_labels = n_labels
        self.n_cells = n_labels * n_docs  # one cell per (document, label)
        if lab.size:
            length = end - start
            span = int(length.max()) + 1
            if int(start.max()) * span * n_labels < 2**62:  # one int64 per key: fast
                packed = (start * span + length) * n_labels + lab
                _, ids = np.unique(packed, return_inverse=True)
            else:
                _, ids = np.unique(np.column_stack([lab, start, end]), axis=0, return_inverse=True)
            self.ids = ids.ravel()
            self.size = int(self.ids.max()) + 1
            self.label = np.zeros(self.size, dtype=np.int64)
            self.label[self.ids] = lab
            self.cell = np.zeros(self.size, dtype=np.int64)
            self.cell[self.ids] = doc * n_labels + lab
        else:
            self.ids = np.zeros(0, dtype=np.int64)
            self.size = 0
            self.label = self.cell = np.zeros(0, dtype=np.int64)


def overlap_in_cell(a: list[Span], b: list[Span]) -> int:
    """Maximum number of one-to-one overlapping pairs of one label's spans."""
    ka = sorted((s.start, s.end) for s in a)
    kb = sorted((s.start, s.end) for s in b)
    if disjoint(ka) and disjoint(kb):
        return overlap_count(ka, kb)
    return len(overlap_matching(a, b))


def pair_span_counts(
    work: list[DocumentSets],
    a: str,
    b: str,
    ia: int,
    ib: int,
    both_docs: np.ndarray,
    label_list: list[str],
    keys: SpanKeys,
    span_who: np.ndarray,
    span_doc: np.ndarray,
    span_lab: np.ndarray,
) -> dict[str, list[int]]:
    """Per label [spans of a, spans of b, exact matches, overlap matches] over
    the documents both finished.

    Exact matches are counted with arrays (per distinct span, the smaller of
    the two annotators' counts); only (document, label) cells where some
    spans stay unmatched go through the overlap matching in Python.
    """
    n_labels = keys.n_labels
    sel_a = (span_who == ia) & both_docs[span_doc]
    sel_b = (span_who == ib) & both_docs[span_doc]
    n_a = np.bincount(span_lab[sel_a], minlength=n_labels)
    n_b = np.bincount(span_lab[sel_b], minlength=n_labels)
    matched = np.minimum(
        np.bincount(keys.ids[sel_a], minlength=keys.size),
        np.bincount(keys.ids[sel_b], minlength=keys.size),
    )
    exact = np.bincount(keys.label, weights=matched, minlength=n_labels).round().astype(np.int64)
    overlap = exact.copy()
    exact_cell = np.bincount(keys.cell, weights=matched, minlength=keys.n_cells).round()
    cell_a = np.bincount((span_doc * n_labels + span_lab)[sel_a], minlength=keys.n_cells)
    cell_b = np.bincount((span_doc * n_labels + span_lab)[sel_b], minlength=keys.n_cells)
    for c in np.flatnonzero(exact_cell < np.minimum(cell_a, cell_b)).tolist():
        i, k = divmod(c, n_labels)
        label = label_list[k]
        sa = [s for s in work[i].sets[a] if s.label == label]
        sb = [s for s in work[i].sets[b] if s.label == label]
        overlap[k] += overlap_in_cell(sa, sb) - int(exact_cell[c])
    return {
        label: [int(n_a[k]), int(n_b[k]), int(exact[k]), int(overlap[k])]
        for k, label in enumerate(label_list)
    }


def disjoint(ranges: list[tuple[int, int]]) -> bool:
    """True when sorted ranges do not overlap each other (entity labels)."""
    return all(ranges[i][1] <= ranges[i + 1][0] for i in range(len(ranges) - 1))


def overlap_count(ka: list[tuple[int, int]], kb: list[tuple[int, int]]) -> int:
    """Size of a maximum matching of overlapping ranges when each side's
    ranges are disjoint and sorted: a sweep pairing the earliest-ending
    candidates (the exchange argument of interval scheduling makes it
    optimal; the tests check it against brute force)."""
    i = j = matched = 0
    while i < len(ka) and j < len(kb):
        (sa, ea), (sb, eb) = ka[i], kb[j]
        if ea <= sb:
            i += 1
        elif eb <= sa:
            j += 1
        else:
            matched += 1
            i += 1
            j += 1
    return matched
