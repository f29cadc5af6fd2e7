"""Every agreement figure of a set of annotators, from plain data.

``compute_agreement`` takes per document the finished span sets of each
annotator (``DocumentSets``) and returns an ``AgreementReport``: per pair of
annotators span F1 (exact and overlap) and token-level Cohen's kappa per label
and overall, Fleiss' kappa when three or more annotators are compared,
Krippendorff's alpha on attribute values of matched spans, and per document
the number of disagreements of each type. ``project.py`` loads the input
from a project file; this module never sees SQLite, so it is tested on
generated data against scikit-learn, statsmodels and krippendorff.

Conventions (README "Agreement, review and merging"):
* A pair is compared on the documents both annotators finished.
* Token kappa per label is binary: a token is in the label when a span of
  that label covers (overlaps) it. The overall kappa is multi-class over the
  exclusive (``doc.ents``) labels: each token gets the label of the entity
  span covering it or "O". Overlapping labels such as STANCE are only in the
  per-label figures, since a token may be in a STANCE and an ACTOR at once.
* The overall F1 is micro-averaged over all labels.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from annotator.core.tokens import blank_english
from annotator.core.types import Span

from .matching import (
    DISAGREEMENT_TYPES,
    Group,
    align,
    differing_attributes,
    overlap_matching,
)
from .statistics import (
    cohen_kappa,
    cohen_kappa_binary,
    f1,
    fleiss_kappa_codes,
    nominal_alpha,
    pairable_values,
)

#: Attributes whose agreement is measured when none are named: the issue's
#: STANCE polarity, ACTOR canonical name and FIGURE unit.
DEFAULT_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "STANCE": ("polarity",),
    "ACTOR": ("canonical",),
    "FIGURE": ("unit",),
}


@dataclass(slots=True)
class DocumentSets:
    """One document as agreement needs it: its finished sets by annotator,
    and its text or (cheaper, if known) its token offsets."""

    doc_id: int
    sets: dict[str, list[Span]]
    text: str | None = None
    tokens: Sequence[tuple[int, int]] | None = None


@dataclass(slots=True)
class LabelAgreement:
    """One pair's figures for one label (or overall)."""

    f1_exact: float | None
    f1_overlap: float | None
    kappa: float | None
    spans_a: int = 0
    spans_b: int = 0
    matched_exact: int = 0
    matched_overlap: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "f1_exact": self.f1_exact,
            "f1_overlap": self.f1_overlap,
            "kappa": self.kappa,
            "spans_a": self.spans_a,
            "spans_b": self.spans_b,
            "matched_exact": self.matched_exact,
            "matched_overlap": self.matched_overlap,
        }


@dataclass(slots=True)
class AttributeAgreement:
    """Krippendorff's alpha of one attribute, with what it rests on."""

    alpha: float | None
    units: int  # matched spans with a value from two or more annotators
    values: int  # the values in those units

    def to_dict(self) -> dict[str, Any]:
        return {"alpha": self.alpha, "units": self.units, "values": self.values}


@dataclass(slots=True)
class PairAgreement:
    a: str
    b: str
    documents: int
    labels: dict[str, LabelAgreement]
    overall: LabelAgreement
    attributes: dict[str, AttributeAgreement] = field(default_factory=dict)
    disagreements: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "documents": self.documents,
            "labels": {k: v.to_dict() for k, v in self.labels.items()},
            "overall": self.overall.to_dict(),
            "attributes": {k: v.to_dict() for k, v in self.attributes.items()},
            "disagreements": dict(self.disagreements),
        }


@dataclass(slots=True)
class MultiAgreement:
    """Fleiss' kappa over the documents all compared annotators finished."""

    annotators: list[str]
    documents: int
    labels: dict[str, float | None]
    overall: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "documents": self.documents,
            "labels": {k: {"kappa": v} for k, v in self.labels.items()},
            "overall": {"kappa": self.overall},
        }


@dataclass(slots=True)
class AgreementReport:
    annotators: list[str]
    labels: list[str]
    entity_labels: list[str]
    documents: int  # documents finished by two or more compared annotators
    pairs: list[PairAgreement]
    fleiss: MultiAgreement | None
    attributes: dict[str, AttributeAgreement]
    disagreements: dict[str, int]
    #: doc id -> {type: count} over all compared annotators (review navigation)
    per_document: dict[int, dict[str, int]] = field(default_factory=dict)
    #: annotator -> {status: count, "documents": total}; filled by project.py
    progress: dict[str, dict[str, int]] = field(default_factory=dict)

    def pair(self, a: str, b: str) -> PairAgreement | None:
        """The figures of one pair, in either order."""
        for p in self.pairs:
            if {p.a, p.b} == {a, b}:
                return p
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "labels": list(self.labels),
            "entity_labels": list(self.entity_labels),
            "documents": self.documents,
            "pairs": [p.to_dict() for p in self.pairs],
            "fleiss": self.fleiss.to_dict() if self.fleiss else None,
            "attributes": {k: v.to_dict() for k, v in self.attributes.items()},
            "disagreements": dict(self.disagreements),
            "progress": {k: dict(v) for k, v in self.progress.items()},
        }


def _token_grid(docs: list[DocumentSets]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All documents' tokens end to end: (starts, ends, doc index) per token,
    character offsets shifted by a per-document base so that documents never
    share a position (the bases of ``_char_bases``).

    Texts are tokenized with the project's one tokenizer
    (``tokens.blank_english``), streamed, and read back as arrays for speed.
    """
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    tokenizer = blank_english().tokenizer
    need = [d.text or "" for d in docs if d.tokens is None]
    parsed = iter(tokenizer.pipe(need, batch_size=1000))
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    counts: list[int] = []
    for d, base in zip(docs, _char_bases(docs), strict=True):
        if d.tokens is None:
            arr = next(parsed).to_array([IDX, LENGTH, IS_SPACE]).astype(np.int64)
            arr = arr[arr[:, 2] == 0]
            st, en = arr[:, 0], arr[:, 0] + arr[:, 1]
        else:
            arr = np.asarray(d.tokens, dtype=np.int64).reshape(-1, 2)
            st, en = arr[:, 0], arr[:, 1]
        starts.append(st + base)
        ends.append(en + base)
        counts.append(len(st))
    if not docs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    doc_index = np.repeat(np.arange(len(docs)), counts)
    return np.concatenate(starts), np.concatenate(ends), doc_index


def _char_bases(docs: list[DocumentSets]) -> list[int]:
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


def _ordered_labels(docs: list[DocumentSets], labels: Sequence[str] | None) -> list[str]:
    seen = {s.label for d in docs for spans in d.sets.values() for s in spans}
    ordered = list(labels or [])
    return ordered + sorted(seen - set(ordered))


def _span_counts(a: list[Span], b: list[Span]) -> tuple[int, int]:
    """(exact matches, overlap matches) of one label's spans in one document."""
    ka = sorted([(s.start, s.end) for s in a])
    kb = sorted([(s.start, s.end) for s in b])
    if ka == kb:
        return len(ka), len(ka)
    sa, sb = set(ka), set(kb)
    if len(sa) == len(ka) and len(sb) == len(kb):
        exact = len(sa & sb)
    else:  # duplicates (the same span twice): count as multisets
        exact = sum((Counter(ka) & Counter(kb)).values())
    if exact == min(len(a), len(b)):
        return exact, exact
    return exact, len(overlap_matching(a, b))


def _pair_types(groups: list[Group], a: str, b: str) -> Iterable[str]:
    """Disagreement types between ``a`` and ``b``, read off the groups of the
    all-annotator alignment (so pair counts and the review list agree)."""
    for group in groups:
        sa, sb = group.spans.get(a), group.spans.get(b)
        if sa is None and sb is None:
            continue
        if sb is None:
            yield "missing"
        elif sa is None:
            yield "extra"
        elif (sa.start, sa.end) != (sb.start, sb.end):
            yield "boundary"
        elif sa.label != sb.label:
            yield "label"
        elif sa.attrs != sb.attrs and differing_attributes([sa, sb]):
            yield "attribute"


def compute_agreement(
    docs: Iterable[DocumentSets],
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    entity_labels: Collection[str] | None = None,
    attributes: Mapping[str, Sequence[str]] | None = None,
    timings: dict[str, float] | None = None,
) -> AgreementReport:
    """All figures for ``annotators`` (default: everyone in ``docs``, sorted).

    ``labels`` fixes the order of labels (the scheme's); labels found only in
    the data follow. ``entity_labels`` are the labels that never overlap each
    other (default: all); ``attributes`` maps a label to the attribute names
    whose alpha is wanted (default ``DEFAULT_ATTRIBUTES``). ``timings``, if
    given, receives the seconds spent in each phase (for bench/agreement.py).
    """
    clock = time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        if timings is not None:
            timings[phase] = timings.get(phase, 0.0) + now - clock
        clock = now

    all_docs = list(docs)
    if annotators is None:
        annotators = sorted({n for d in all_docs for n in d.sets})
    names = list(dict.fromkeys(annotators))
    work: list[DocumentSets] = []
    for d in all_docs:
        sets = {n: list(d.sets[n]) for n in names if n in d.sets}
        if len(sets) >= 2:
            work.append(DocumentSets(d.doc_id, sets, d.text, d.tokens))
    label_list = _ordered_labels(work, labels)
    ents = [lab for lab in label_list if entity_labels is None or lab in entity_labels]
    attr_spec = dict(DEFAULT_ATTRIBUTES if attributes is None else attributes)

    lap("select")
    # --- token grid: all documents' tokens end to end --------------------
    tok_starts, tok_ends, tok_doc = _token_grid(work)
    lap("tokenize")
    n_tokens = int(tok_starts.size)
    bases = _char_bases(work)
    name_index = {n: k for k, n in enumerate(names)}
    label_index = {lab: k for k, lab in enumerate(label_list)}
    done = {n: np.zeros(len(work), dtype=bool) for n in names}
    span_rows: list[tuple[int, int, int, int]] = []  # annotator, label, start, end
    by_label: list[dict[str, dict[str, list[Span]]]] = []
    for i, d in enumerate(work):
        base = bases[i]
        grouped: dict[str, dict[str, list[Span]]] = {}
        for name, spans in d.sets.items():
            done[name][i] = True
            k = name_index[name]
            per: dict[str, list[Span]] = defaultdict(list)
            for s in spans:
                per[s.label].append(s)
                span_rows.append((k, label_index[s.label], base + s.start, base + s.end))
            grouped[name] = per
        by_label.append(grouped)
    rows = np.asarray(span_rows, dtype=np.int64).reshape(-1, 4)
    first = np.searchsorted(tok_ends, rows[:, 2], side="right")
    stop = np.searchsorted(tok_starts, rows[:, 3], side="left")
    keep = first < stop
    rows, first, stop = rows[keep], first[keep], stop[keep]

    def coverage(k: int, lab: int) -> np.ndarray:
        sel = (rows[:, 0] == k) & (rows[:, 1] == lab)
        diff = np.bincount(first[sel], minlength=n_tokens + 1) - np.bincount(
            stop[sel], minlength=n_tokens + 1
        )
        return np.cumsum(diff[:n_tokens]) > 0

    cover = {
        (n, lab): coverage(name_index[n], label_index[lab]) for n in names for lab in label_list
    }
    codes: dict[str, np.ndarray] = {}
    for n in names:
        code = np.zeros(n_tokens, dtype=np.int64)
        for k, lab in enumerate(ents, start=1):
            code[cover[(n, lab)]] = k  # overlapping entities (invalid): later label wins
        codes[n] = code

    lap("token labels")
    # --- alignment groups: alpha units and typed disagreements -------------
    alpha_keys = [
        (lab, attr) for lab in label_list for attr in attr_spec.get(lab, ()) if lab in attr_spec
    ]
    # per (label, attribute): one row per unit (a group of matched spans with
    # two or more values), the value code of each annotator (NaN = none)
    units: dict[tuple[str, str], list[list[float]]] = {key: [] for key in alpha_keys}
    codebooks: dict[tuple[str, str], dict[str, int]] = {key: {} for key in alpha_keys}
    wanted = {lab: attrs for lab, attrs in attr_spec.items() if lab in label_index}
    nan = float("nan")
    per_document: dict[int, dict[str, int]] = {}
    totals = dict.fromkeys(DISAGREEMENT_TYPES, 0)
    pair_dis = {p: dict.fromkeys(DISAGREEMENT_TYPES, 0) for p in itertools.combinations(names, 2)}
    excl = set(ents)
    for d in work:
        alignment = align(d.sets, excl)
        counts: dict[str, int] = {}
        for group in alignment.groups:
            aspects, _ = alignment.classify(group)
            if aspects:
                counts[aspects[0]] = counts.get(aspects[0], 0) + 1
            if len(group.spans) < 2:
                continue
            rows_by_key: dict[tuple[str, str], list[float]] = {}
            for name, span in group.spans.items():
                for attr in wanted.get(span.label, ()):
                    value = span.attrs.get(attr)
                    if value in (None, "", []):
                        continue
                    key = (span.label, attr)
                    row = rows_by_key.get(key)
                    if row is None:
                        row = rows_by_key[key] = [nan] * len(names)
                    book = codebooks[key]
                    row[name_index[name]] = book.setdefault(repr(value), len(book))
            for key, row in rows_by_key.items():
                if sum(v == v for v in row) >= 2:  # NaN != NaN
                    units[key].append(row)
        if counts:
            per_document[d.doc_id] = counts
            for t, c in counts.items():
                totals[t] += c
        for a, b in itertools.combinations(names, 2):
            if a in d.sets and b in d.sets:
                tally = pair_dis[(a, b)]
                for t in _pair_types(alignment.groups, a, b):
                    tally[t] += 1

    def alpha_for(rows: list[int], key: tuple[str, str]) -> AttributeAgreement:
        table = np.asarray(units[key], dtype=np.float64).reshape(-1, len(names))
        matrix = table[:, rows].T
        n_units, n_values = pairable_values(matrix)
        return AttributeAgreement(nominal_alpha(matrix), n_units, n_values)

    attr_names = [f"{lab}.{attr}" for lab, attr in alpha_keys]

    lap("alignment")
    # --- pairs ------------------------------------------------------------
    pairs: list[PairAgreement] = []
    for ia, ib in itertools.combinations(range(len(names)), 2):
        a, b = names[ia], names[ib]
        both_docs = done[a] & done[b]
        mask = both_docs[tok_doc]
        n_docs = int(both_docs.sum())
        counts_by_label: dict[str, list[int]] = {lab: [0, 0, 0, 0] for lab in label_list}
        for i in np.flatnonzero(both_docs).tolist():
            ga, gb = by_label[i][a], by_label[i][b]
            for lab in set(ga) | set(gb):
                sa, sb = ga.get(lab, []), gb.get(lab, [])
                c = counts_by_label[lab]
                c[0] += len(sa)
                c[1] += len(sb)
                if sa and sb:
                    ex, ov = _span_counts(sa, sb)
                    c[2] += ex
                    c[3] += ov
        label_figs: dict[str, LabelAgreement] = {}
        for lab in label_list:
            na, nb, ex, ov = counts_by_label[lab]
            kappa = cohen_kappa_binary(cover[(a, lab)][mask], cover[(b, lab)][mask])
            label_figs[lab] = LabelAgreement(f1(ex, na, nb), f1(ov, na, nb), kappa, na, nb, ex, ov)
        tot = [sum(c[k] for c in counts_by_label.values()) for k in range(4)]
        overall_kappa = cohen_kappa(codes[a][mask], codes[b][mask], len(ents) + 1) if ents else None
        overall = LabelAgreement(
            f1(tot[2], tot[0], tot[1]), f1(tot[3], tot[0], tot[1]), overall_kappa, *tot
        )
        pair_attrs = {
            name: alpha_for([ia, ib], key) for name, key in zip(attr_names, alpha_keys, strict=True)
        }
        dis = pair_dis[(a, b)]
        pairs.append(PairAgreement(a, b, n_docs, label_figs, overall, pair_attrs, dis))

    lap("pairs")
    # --- Fleiss -----------------------------------------------------------
    fleiss = None
    if len(names) >= 3:
        all_docs_mask = np.logical_and.reduce([done[n] for n in names])
        mask = all_docs_mask[tok_doc]
        per_label: dict[str, float | None] = {
            lab: fleiss_kappa_codes([cover[(n, lab)][mask] for n in names], 2) for lab in label_list
        }
        overall_f = (
            fleiss_kappa_codes([codes[n][mask] for n in names], len(ents) + 1) if ents else None
        )
        fleiss = MultiAgreement(list(names), int(all_docs_mask.sum()), per_label, overall_f)

    lap("fleiss")
    all_rows = list(range(len(names)))
    attr_figs = {
        name: alpha_for(all_rows, key) for name, key in zip(attr_names, alpha_keys, strict=True)
    }
    lap("alpha")
    return AgreementReport(
        annotators=list(names),
        labels=label_list,
        entity_labels=ents,
        documents=len(work),
        pairs=pairs,
        fleiss=fleiss,
        attributes=attr_figs,
        disagreements=totals,
        per_document=per_document,
    )
