"""``compute_agreement`` on generated data, checked figure by figure against
independent computations (sklearn, statsmodels, krippendorff, scipy's
bipartite matching) and on the edge cases (no overlap, identical sets, one annotator without
spans, a label only one annotator used)."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import krippendorff
import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from annotator.core.agreement import DocumentSets, compute_agreement
from annotator.core.agreement.synthetic import generate
from annotator.core.tokens import TokenIndex
from annotator.core.types import Span

LABELS = ["ACTOR", "FIGURE", "DATE", "STANCE"]
ENTS = ["ACTOR", "FIGURE", "DATE"]


def _report(docs, **kw):
    return compute_agreement(docs, labels=LABELS, entity_labels=ENTS, **kw)


# -- independent references ---------------------------------------------------
def _token_sequences(docs, name, label=None, ids=None):
    """Per token, in or out of ``label`` (or the entity label / "O")."""
    out = []
    for d in docs:
        if ids is not None and d.doc_id not in ids:
            continue
        spans = d.sets[name]
        for s, e in TokenIndex(d.text).offsets:
            covering = [x.label for x in spans if x.start < e and s < x.end]
            if label is not None:
                out.append(label in covering)
            else:
                ents = [c for c in covering if c in ENTS]
                out.append(ents[0] if ents else "O")
    return out


def _max_overlap_pairs(a: list[Span], b: list[Span]) -> int:
    if not a or not b:
        return 0
    graph = np.array([[int(x.start < y.end and y.start < x.end) for y in b] for x in a])
    match = maximum_bipartite_matching(csr_matrix(graph), perm_type="column")
    return int((match >= 0).sum())


def _both(docs, a, b):
    return [d for d in docs if a in d.sets and b in d.sets]


@pytest.fixture(scope="module")
def docs() -> list[DocumentSets]:
    data = generate(150, spans_per_doc=10, noise=0.4, seed=7)
    # Not everyone finished everything: the pair and Fleiss figures must use
    # only the documents the compared annotators both (all) finished.
    rng = random.Random(3)
    for d in data:
        if rng.random() < 0.15:
            del d.sets[rng.choice(sorted(d.sets))]
    return data


@pytest.fixture(scope="module")
def report(docs):
    return _report(docs)


def test_pairs_documents_and_span_counts(docs, report) -> None:
    assert [(p.a, p.b) for p in report.pairs] == [
        ("ann1", "ann2"),
        ("ann1", "ann3"),
        ("ann2", "ann3"),
    ]
    for p in report.pairs:
        shared = _both(docs, p.a, p.b)
        assert p.documents == len(shared) < len(docs)
        for lab in LABELS:
            n_a = sum(1 for d in shared for s in d.sets[p.a] if s.label == lab)
            assert p.labels[lab].spans_a == n_a


def test_span_f1_equals_independent_count(docs, report) -> None:
    for p in report.pairs:
        shared = _both(docs, p.a, p.b)
        for lab in LABELS:
            exact = overlap = na = nb = 0
            for d in shared:
                sa = [s for s in d.sets[p.a] if s.label == lab]
                sb = [s for s in d.sets[p.b] if s.label == lab]
                na, nb = na + len(sa), nb + len(sb)
                exact += sum(
                    (
                        Counter((s.start, s.end) for s in sa)
                        & Counter((s.start, s.end) for s in sb)
                    ).values()
                )
                overlap += _max_overlap_pairs(sa, sb)
            fig = p.labels[lab]
            assert fig.f1_exact == pytest.approx(2 * exact / (na + nb))
            assert fig.f1_overlap == pytest.approx(2 * overlap / (na + nb))
            assert fig.f1_overlap >= fig.f1_exact
            assert 0.2 < fig.f1_exact < 1.0  # noisy data: neither trivial case


def test_token_kappa_equals_sklearn(docs, report) -> None:
    for p in report.pairs:
        ids = {d.doc_id for d in _both(docs, p.a, p.b)}
        for lab in LABELS:
            ya = _token_sequences(docs, p.a, lab, ids)
            yb = _token_sequences(docs, p.b, lab, ids)
            assert p.labels[lab].kappa == pytest.approx(cohen_kappa_score(ya, yb), abs=1e-10)
        ya = _token_sequences(docs, p.a, None, ids)
        yb = _token_sequences(docs, p.b, None, ids)
        assert p.overall.kappa == pytest.approx(cohen_kappa_score(ya, yb), abs=1e-10)


def test_fleiss_equals_statsmodels(docs, report) -> None:
    names = ["ann1", "ann2", "ann3"]
    ids = {d.doc_id for d in docs if all(n in d.sets for n in names)}
    assert report.fleiss is not None
    assert report.fleiss.documents == len(ids)
    for lab in [*LABELS, None]:
        columns = [_token_sequences(docs, n, lab, ids) for n in names]
        codes = np.unique(np.array(columns, dtype=str), return_inverse=True)[1].reshape(3, -1)
        table, _ = aggregate_raters(codes.T)
        expected = sm_fleiss_kappa(table, method="fleiss")
        got = report.fleiss.overall if lab is None else report.fleiss.labels[lab]
        assert got == pytest.approx(expected, abs=1e-10)


def test_overall_f1_is_micro_average(report) -> None:
    for p in report.pairs:
        ex = sum(f.matched_exact for f in p.labels.values())
        total = sum(f.spans_a + f.spans_b for f in p.labels.values())
        assert p.overall.f1_exact == pytest.approx(2 * ex / total)


def _attribute_docs(seed: int) -> list[DocumentSets]:
    """Annotators who agree on boundaries and labels (so "matched" needs no
    alignment to know) but not always on attributes or presence."""
    rng = random.Random(seed)
    docs = []
    for i in range(80):
        text = " ".join(["word"] * 60)
        truth = []
        for t in range(0, 55, 6):
            label = rng.choice(["ACTOR", "FIGURE", "STANCE"])
            truth.append((t * 5, t * 5 + 9, label))
        sets = {}
        for name in ("ann1", "ann2", "ann3"):
            spans = []
            for start, end, label in truth:
                if rng.random() < 0.15:
                    continue
                value = {
                    "ACTOR": ("canonical", ["Japan", "Iran", "United States"]),
                    "FIGURE": ("unit", ["bpd", "USD"]),
                    "STANCE": ("polarity", ["support", "oppose", "neutral"]),
                }[label]
                # each document has a "true" value the annotators mostly pick
                pick = value[1][(start // 30 + i) % len(value[1])]
                if rng.random() < 0.3:
                    pick = rng.choice(value[1])
                attrs = {value[0]: pick} if rng.random() > 0.05 else {}
                spans.append(Span(start, end, label, attrs))
            sets[name] = spans
        docs.append(DocumentSets(i + 1, sets, text=text))
    return docs


@pytest.mark.parametrize("seed", [1, 2])
def test_attribute_alpha_equals_krippendorff(seed: int) -> None:
    docs = _attribute_docs(seed)
    report = _report(docs)
    names = ["ann1", "ann2", "ann3"]
    for label, attr in (("ACTOR", "canonical"), ("FIGURE", "unit"), ("STANCE", "polarity")):
        units = sorted(
            {
                (d.doc_id, s.start, s.end)
                for d in docs
                for n in names
                for s in d.sets[n]
                if s.label == label
            }
        )
        codebook: dict[str, int] = {}
        data = np.full((3, len(units)), np.nan)
        for u, (doc_id, start, end) in enumerate(units):
            d = docs[doc_id - 1]
            for r, n in enumerate(names):
                for s in d.sets[n]:
                    if (s.start, s.end, s.label) == (start, end, label) and s.attrs.get(attr):
                        data[r, u] = codebook.setdefault(s.attrs[attr], len(codebook))
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        fig = report.attributes[f"{label}.{attr}"]
        assert fig.alpha == pytest.approx(expected, abs=1e-10)
        assert 0.1 < fig.alpha < 0.95
        pair = report.pair("ann1", "ann3")
        expected_pair = krippendorff.alpha(
            reliability_data=data[[0, 2]], level_of_measurement="nominal"
        )
        assert pair.attributes[f"{label}.{attr}"].alpha == pytest.approx(expected_pair, abs=1e-10)


# -- hand-worked and edge cases -------------------------------------------------
TEXT = "Japan and Iran met in Tokyo on Friday to discuss oil ."
# tokens: Japan 0-5, and 6-9, Iran 10-14, met 15-18, in 19-21, Tokyo 22-27,
# on 28-30, Friday 31-37, to 38-40, discuss 41-48, oil 49-52, . 53-54


def _doc(a: list[Span], b: list[Span], text: str = TEXT) -> DocumentSets:
    return DocumentSets(1, {"a": a, "b": b}, text=text)


def test_hand_worked_pair() -> None:
    # a: Japan ACTOR, Iran ACTOR, Tokyo ACTOR, Friday DATE
    # b: Japan ACTOR, Iran ACTOR (as "Iran met"), Friday DATE, oil FIGURE
    a = [Span(0, 5, "ACTOR"), Span(10, 14, "ACTOR"), Span(22, 27, "ACTOR"), Span(31, 37, "DATE")]
    b = [Span(0, 5, "ACTOR"), Span(10, 18, "ACTOR"), Span(31, 37, "DATE"), Span(49, 52, "FIGURE")]
    r = _report([_doc(a, b)])
    p = r.pairs[0]
    # ACTOR: exact 1 of 3+2 -> 2/5; overlap 2 -> 4/5
    assert p.labels["ACTOR"].f1_exact == pytest.approx(0.4)
    assert p.labels["ACTOR"].f1_overlap == pytest.approx(0.8)
    assert p.labels["DATE"].f1_exact == 1.0
    assert p.labels["FIGURE"].f1_exact == 0.0
    assert p.labels["STANCE"].f1_exact is None  # nobody used it
    # overall micro: exact 2 of 4+4 -> 0.5; overlap 3 -> 0.75
    assert p.overall.f1_exact == pytest.approx(0.5)
    assert p.overall.f1_overlap == pytest.approx(0.75)
    # 12 tokens. ACTOR tokens: a = {Japan, Iran, Tokyo}, b = {Japan, Iran, met}:
    # both 2, neither 8: po = 10/12, pe = (3*3 + 9*9)/144 = 90/144 -> kappa = 5/9
    assert p.labels["ACTOR"].kappa == pytest.approx((10 / 12 - 90 / 144) / (1 - 90 / 144))
    assert p.disagreements == {
        "missing": 1,  # Tokyo
        "extra": 1,  # oil
        "boundary": 1,  # Iran / Iran met
        "label": 0,
        "attribute": 0,
    }


def test_no_overlap_at_all() -> None:
    a = [Span(0, 5, "ACTOR"), Span(22, 27, "ACTOR")]
    b = [Span(10, 14, "ACTOR"), Span(49, 52, "FIGURE")]
    p = _report([_doc(a, b)]).pairs[0]
    assert p.overall.f1_exact == 0.0
    assert p.overall.f1_overlap == 0.0
    seq_a = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    seq_b = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert p.labels["ACTOR"].kappa == pytest.approx(cohen_kappa_score(seq_a, seq_b))
    assert p.labels["ACTOR"].kappa < 0


def test_identical_sets() -> None:
    spans = [
        Span(0, 5, "ACTOR", {"canonical": "Japan"}),
        Span(10, 14, "ACTOR", {"canonical": "Iran"}),
        Span(31, 37, "DATE"),
        Span(0, len(TEXT), "STANCE", {"polarity": "support"}),
    ]
    r = _report([_doc(spans, [Span(s.start, s.end, s.label, dict(s.attrs)) for s in spans])])
    p = r.pairs[0]
    for lab in ("ACTOR", "DATE", "STANCE"):
        assert p.labels[lab].f1_exact == p.labels[lab].f1_overlap == 1.0
    assert p.labels["ACTOR"].kappa == pytest.approx(1.0)
    assert p.labels["DATE"].kappa == pytest.approx(1.0)
    assert p.labels["STANCE"].kappa is None  # every token in STANCE for both: 0/0
    assert p.overall.kappa == pytest.approx(1.0)
    assert p.attributes["ACTOR.canonical"].alpha == pytest.approx(1.0)
    assert p.attributes["STANCE.polarity"].alpha is None  # one value only: 0/0
    assert sum(p.disagreements.values()) == 0
    assert r.per_document == {}


def test_one_annotator_without_spans() -> None:
    a = [Span(0, 5, "ACTOR"), Span(31, 37, "DATE")]
    p = _report([_doc(a, [])]).pairs[0]
    assert p.overall.f1_exact == 0.0 and p.overall.f1_overlap == 0.0
    assert p.labels["ACTOR"].kappa == pytest.approx(0.0)
    assert p.overall.kappa == pytest.approx(0.0)
    assert p.disagreements["missing"] == 2
    assert p.documents == 1


def test_label_only_one_annotator_used() -> None:
    a = [Span(0, 5, "ACTOR"), Span(49, 52, "FIGURE")]
    b = [Span(0, 5, "ACTOR")]
    p = _report([_doc(a, b)]).pairs[0]
    assert p.labels["ACTOR"].f1_exact == 1.0
    assert p.labels["FIGURE"].f1_exact == 0.0
    assert p.labels["FIGURE"].kappa == pytest.approx(0.0)
    assert p.labels["ACTOR"].kappa == pytest.approx(1.0)


def test_documents_finished_by_one_annotator_only_do_not_count() -> None:
    docs = [
        _doc([Span(0, 5, "ACTOR")], [Span(0, 5, "ACTOR")]),
        DocumentSets(2, {"a": [Span(0, 5, "ACTOR")]}, text=TEXT),
    ]
    r = _report(docs)
    assert r.documents == 1
    assert r.pairs[0].documents == 1
    assert r.fleiss is None  # two annotators


def test_labels_outside_the_scheme_are_reported_after_it() -> None:
    r = compute_agreement(
        [_doc([Span(0, 5, "ORG")], [Span(0, 5, "ORG")])], labels=["ACTOR"], entity_labels=None
    )
    assert r.labels == ["ACTOR", "ORG"]
    assert r.pairs[0].labels["ORG"].f1_exact == 1.0


def test_to_dict_has_the_documented_keys(report) -> None:
    data = report.to_dict()
    pair = data["pairs"][0]
    assert set(pair) >= {"a", "b", "documents", "labels", "overall"}
    assert set(pair["labels"]["ACTOR"]) >= {"f1_exact", "f1_overlap", "kappa"}
    assert set(data["fleiss"]["labels"]["ACTOR"]) == {"kappa"}
    assert set(data["attributes"]) == {"ACTOR.canonical", "FIGURE.unit", "STANCE.polarity"}
    assert list(itertools.chain(data["disagreements"])) == [
        "missing",
        "extra",
        "boundary",
        "label",
        "attribute",
    ]


def test_tokens_given_instead_of_text() -> None:
    a = [Span(0, 5, "ACTOR"), Span(10, 14, "ACTOR")]
    b = [Span(0, 5, "ACTOR")]
    with_text = _report([_doc(a, b)]).pairs[0]
    tokens = TokenIndex(TEXT).offsets
    with_tokens = _report([DocumentSets(1, {"a": a, "b": b}, tokens=tokens)]).pairs[0]
    assert with_tokens.labels["ACTOR"].kappa == pytest.approx(with_text.labels["ACTOR"].kappa)


def test_sweep_for_disjoint_ranges_equals_maximum_matching() -> None:
    from annotator.core.agreement.spancount import disjoint, overlap_count

    rng = random.Random(9)

    def ranges(n: int) -> list[tuple[int, int]]:
        cuts = sorted(rng.sample(range(0, 60), 2 * n))
        return [(cuts[2 * i], cuts[2 * i + 1]) for i in range(n)]

    for _ in range(500):
        ka, kb = ranges(rng.randint(0, 6)), ranges(rng.randint(0, 6))
        assert disjoint(ka) and disjoint(kb)
        a = [Span(s, e, "X") for s, e in ka]
        b = [Span(s, e, "X") for s, e in kb]
        assert overlap_count(ka, kb) == _max_overlap_pairs(a, b)
