"""Every agreement figure of a set of annotators, from plain data.

``compute_agreement`` takes per document the finished span sets of each
annotator (``DocumentSets``) and returns an ``AgreementReport``: per pair of
annotators span F1 (exact and overlap) and token-level Cohen's kappa per label
and overall, Fleiss' kappa when three or more annotators are compared,
Krippendorff's alpha on attribute values of matched spans, and per document
the number of disagreements of each type; relation F1 and category kappa and
alpha come from ``linkstats``. ``project.py`` loads the input
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
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from annotator.core.types import Relation, Span

from .linkstats import (
    CategoryAgreement,
    CategorySpec,
    RelationAgreement,
    category_figures,
    category_specs,
    ordered_relation_labels,
    relation_pair,
)
from .matching import (
    DISAGREEMENT_TYPES,
    align,
    differing_attributes,
)
from .spancount import SpanKeys, pair_span_counts
from .statistics import (
    cohen_kappa,
    cohen_kappa_binary,
    f1,
    fleiss_kappa_codes,
    nominal_alpha,
    pairable_values,
)
from .tokengrid import char_bases, token_grid

#: Attributes whose agreement is measured when none are named: the ones a
#: reviewer settles most often, STANCE polarity, ACTOR canonical name and FIGURE unit.
DEFAULT_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "STANCE": ("polarity",),
    "ACTOR": ("canonical",),
    "FIGURE": ("unit",),
}


@dataclass(slots=True)
class DocumentSets:
    """One document as agreement needs it: its finished sets by annotator
    (spans, and the relations and category answers of the same sets), and
    its text or (cheaper, if known) its token offsets."""

    doc_id: int
    sets: dict[str, list[Span]]
    text: str | None = None
    tokens: Sequence[tuple[int, int]] | None = None
    relations: dict[str, list[Relation]] = field(default_factory=dict)
    categories: dict[str, dict[str, list[str]]] = field(default_factory=dict)


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
    relations: dict[str, RelationAgreement] = field(default_factory=dict)
    relations_overall: RelationAgreement | None = None
    categories: dict[str, CategoryAgreement] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "documents": self.documents,
            "labels": {k: v.to_dict() for k, v in self.labels.items()},
            "overall": self.overall.to_dict(),
            "attributes": {k: v.to_dict() for k, v in self.attributes.items()},
            "disagreements": dict(self.disagreements),
            "relations": {
                "labels": {k: v.to_dict() for k, v in self.relations.items()},
                "overall": self.relations_overall.to_dict() if self.relations_overall else None,
            },
            "categories": {k: v.to_dict() for k, v in self.categories.items()},
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
    relation_labels: list[str] = field(default_factory=list)
    #: category -> Fleiss' kappa (three or more annotators) and alpha over all
    categories: dict[str, CategoryAgreement] = field(default_factory=dict)

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
            "relation_labels": list(self.relation_labels),
            "categories": {k: v.to_dict() for k, v in self.categories.items()},
        }


def _ordered_labels(docs: list[DocumentSets], labels: Sequence[str] | None) -> list[str]:
    seen = {s.label for d in docs for spans in d.sets.values() for s in spans}
    ordered = list(labels or [])
    return ordered + sorted(seen - set(ordered))


def _pair_type(sa: Span | None, sb: Span | None) -> str | None:
    """How two annotators' members of one alignment group differ (None: not),
    so the pair counts and the review list come from the same alignment."""
    if sa is None:
        return None if sb is None else "extra"
    if sb is None:
        return "missing"
    if sa.start != sb.start or sa.end != sb.end:
        return "boundary"
    if sa.label != sb.label:
        return "label"
    if sa.attrs != sb.attrs and differing_attributes([sa, sb]):
        return "attribute"
    return None


def compute_agreement(
    docs: Iterable[DocumentSets],
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    entity_labels: Collection[str] | None = None,
    attributes: Mapping[str, Sequence[str]] | None = None,
    timings: dict[str, float] | None = None,
    relation_labels: Sequence[str] | None = None,
    categories: Sequence[CategorySpec] | None = None,
) -> AgreementReport:
    """All figures for ``annotators`` (default: everyone in ``docs``, sorted).

    ``labels`` fixes the order of labels (the scheme's); labels found only in
    the data follow. ``entity_labels`` are the labels that never overlap each
    other (default: all); ``attributes`` maps a label to the attribute names
    whose alpha is wanted (default ``DEFAULT_ATTRIBUTES``). ``relation_labels``
    and ``categories`` fix the order (and, for categories, one choice or
    many) of the relation and category figures (see ``linkstats``).
    ``timings``, if given, receives the seconds spent in each phase (for
    bench/agreement.py).
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
            work.append(DocumentSets(d.doc_id, sets, d.text, d.tokens, d.relations, d.categories))
    label_list = _ordered_labels(work, labels)
    ents = [lab for lab in label_list if entity_labels is None or lab in entity_labels]
    attr_spec = dict(DEFAULT_ATTRIBUTES if attributes is None else attributes)

    lap("select")
    # --- token grid: all documents' tokens end to end --------------------
    bases = char_bases(work)
    tok_starts, tok_ends, tok_doc = token_grid(work, bases)
    lap("tokenize")
    n_tokens = int(tok_starts.size)
    name_index = {n: k for k, n in enumerate(names)}
    label_index = {lab: k for k, lab in enumerate(label_list)}
    done = {n: np.zeros(len(work), dtype=bool) for n in names}
    # one entry per span: annotator, label, document, start and end in the grid
    col_who: list[int] = []
    col_label: list[int] = []
    col_doc: list[int] = []
    col_start: list[int] = []
    col_end: list[int] = []
    for i, d in enumerate(work):
        base = bases[i]
        for name, spans in d.sets.items():
            done[name][i] = True
            col_who.extend([name_index[name]] * len(spans))
            col_doc.extend([i] * len(spans))
            col_label.extend([label_index[s.label] for s in spans])
            col_start.extend([base + s.start for s in spans])
            col_end.extend([base + s.end for s in spans])
    span_who = np.array(col_who, dtype=np.int64)
    span_lab = np.array(col_label, dtype=np.int64)
    span_doc = np.array(col_doc, dtype=np.int64)
    span_start = np.array(col_start, dtype=np.int64)
    span_end = np.array(col_end, dtype=np.int64)
    first = np.searchsorted(tok_ends, span_start, side="right")
    stop = np.searchsorted(tok_starts, span_end, side="left")
    keep = first < stop  # spans covering no token (whitespace) colour none
    who, lab_code, first, stop = span_who[keep], span_lab[keep], first[keep], stop[keep]

    def coverage(k: int, lab: int) -> np.ndarray:
        sel = (who == k) & (lab_code == lab)
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
    pair_names = list(itertools.combinations(names, 2))
    for d in work:
        alignment = align(d.sets, excl)
        here = [pair for pair in pair_names if pair[0] in d.sets and pair[1] in d.sets]
        counts: dict[str, int] = {}
        for group in alignment.groups:
            members = group.spans
            aspects, _ = alignment.classify(group)
            if aspects:
                counts[aspects[0]] = counts.get(aspects[0], 0) + 1
                for pair in here:  # an agreed group is agreed by every pair
                    kind = _pair_type(members.get(pair[0]), members.get(pair[1]))
                    if kind is not None:
                        pair_dis[pair][kind] += 1
            if len(members) < 2:
                continue
            rows_by_key: dict[tuple[str, str], list[float]] = {}
            for name, span in members.items():
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

    def alpha_for(rows: list[int], key: tuple[str, str]) -> AttributeAgreement:
        table = np.asarray(units[key], dtype=np.float64).reshape(-1, len(names))
        matrix = table[:, rows].T
        n_units, n_values = pairable_values(matrix)
        return AttributeAgreement(nominal_alpha(matrix), n_units, n_values)

    attr_names = [f"{lab}.{attr}" for lab, attr in alpha_keys]

    lap("alignment")
    # --- pairs ------------------------------------------------------------
    span_keys = SpanKeys(span_lab, span_start, span_end, span_doc, len(label_list), len(work))
    pairs: list[PairAgreement] = []
    for ia, ib in itertools.combinations(range(len(names)), 2):
        a, b = names[ia], names[ib]
        both_docs = done[a] & done[b]
        mask = both_docs[tok_doc]
        n_docs = int(both_docs.sum())
        counts_by_label = pair_span_counts(
            work, a, b, ia, ib, both_docs, label_list, span_keys, span_who, span_doc, span_lab
        )
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
    rel_labels = ordered_relation_labels(work, relation_labels)
    specs = category_specs(work, categories)
    cat_pairs, cat_all = category_figures(work, names, specs)
    for p in pairs:
        p.relations, p.relations_overall = relation_pair(work, p.a, p.b, rel_labels)
        p.categories = cat_pairs[(p.a, p.b)]
    lap("relations and categories")
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
        relation_labels=rel_labels,
        categories=cat_all,
    )
