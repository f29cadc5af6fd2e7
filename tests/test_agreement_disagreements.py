"""Typed disagreement lists and span alignment (what the review mode lists)."""

from __future__ import annotations

import random

from annotator.core.agreement import align, disagreements, overlap_matching
from annotator.core.types import Span

ENTS = {"ACTOR", "FIGURE", "DATE"}


def test_each_type_once_sorted_by_position() -> None:
    a = [
        Span(0, 5, "ACTOR", {"canonical": "Japan"}),  # b: same -> agreed
        Span(10, 14, "ACTOR"),  # b: 10-18 -> boundary
        Span(22, 27, "ACTOR"),  # b: DATE -> label
        Span(31, 37, "DATE", {"kind": "date"}),  # b: kind duration -> attribute
        Span(41, 48, "FIGURE"),  # b: none -> missing
    ]
    b = [
        Span(0, 5, "ACTOR", {"canonical": "Japan"}),
        Span(10, 18, "ACTOR"),
        Span(22, 27, "DATE"),
        Span(31, 37, "DATE", {"kind": "duration"}),
        Span(49, 52, "FIGURE"),  # a: none -> extra
    ]
    found = disagreements({"a": a, "b": b}, ENTS)
    assert [d.type for d in found] == ["boundary", "label", "attribute", "missing", "extra"]
    assert [d.start for d in found] == sorted(d.start for d in found)
    boundary = found[0]
    assert boundary.a == a[1] and boundary.b == b[1]
    assert (boundary.start, boundary.end) == (10, 18)
    assert found[2].attributes == ("kind",)
    assert found[3].a == a[4] and found[3].b is None
    assert found[4].a is None and found[4].b == b[4]
    agreed = align({"a": a, "b": b}, ENTS).agreed
    assert agreed == [a[0]]


def test_stance_over_an_actor_is_not_a_label_disagreement() -> None:
    # a marked a STANCE, b marked an ACTOR inside it: two different things.
    a = [Span(0, 40, "STANCE", {"polarity": "support"})]
    b = [Span(0, 5, "ACTOR")]
    found = disagreements({"a": a, "b": b}, ENTS)
    assert sorted(d.type for d in found) == ["extra", "missing"]
    # whereas two exclusive labels on overlapping ranges are one thing, relabelled
    found = disagreements({"a": [Span(0, 10, "ACTOR")], "b": [Span(0, 5, "DATE")]}, ENTS)
    assert [(d.type, d.aspects) for d in found] == [("boundary", ("boundary", "label"))]


def test_same_range_other_label_is_a_label_disagreement_even_for_stance() -> None:
    found = disagreements({"a": [Span(0, 5, "STANCE")], "b": [Span(0, 5, "ACTOR")]}, ENTS)
    assert [d.type for d in found] == ["label"]


def test_empty_attribute_values_equal_missing_ones() -> None:
    a = [Span(0, 5, "ACTOR", {"canonical": "", "kind": None})]
    b = [Span(0, 5, "ACTOR", {})]
    assert disagreements({"a": a, "b": b}) == []


def test_exact_twin_wins_over_a_larger_overlap() -> None:
    a = [Span(0, 10, "ACTOR"), Span(12, 20, "ACTOR")]
    b = [Span(0, 20, "ACTOR"), Span(12, 20, "ACTOR")]
    found = disagreements({"a": a, "b": b}, ENTS)
    assert [(d.type, d.a, d.b) for d in found] == [("boundary", a[0], b[0])]


def test_three_annotators() -> None:
    sets = {
        "a": [Span(0, 5, "ACTOR"), Span(10, 14, "ACTOR")],
        "b": [Span(0, 5, "ACTOR"), Span(10, 14, "ACTOR"), Span(31, 37, "DATE")],
        "c": [Span(0, 5, "ACTOR"), Span(10, 18, "ACTOR")],
    }
    alignment = align(sets, ENTS)
    assert alignment.agreed == [Span(0, 5, "ACTOR")]
    found = alignment.disagreements
    assert [d.type for d in found] == ["boundary", "extra"]
    assert found[0].spans == {"a": sets["a"][1], "b": sets["b"][1], "c": sets["c"][1]}
    assert found[1].spans == {"a": None, "b": sets["b"][2], "c": None}
    # the reference has the span, one other lacks it -> missing
    found = disagreements({"b": sets["b"], "a": sets["a"], "c": sets["c"]}, ENTS)
    assert [d.type for d in found] == ["boundary", "missing"]


def test_to_dict_is_json_ready() -> None:
    d = disagreements({"a": [Span(0, 5, "ACTOR", {"kind": "state"})], "b": []})[0]
    assert d.to_dict() == {
        "type": "missing",
        "start": 0,
        "end": 5,
        "aspects": ["missing"],
        "attributes": [],
        "spans": {
            "a": {"start": 0, "end": 5, "label": "ACTOR", "attrs": {"kind": "state"}},
            "b": None,
        },
    }


def _brute_force_max(a: list[Span], b: list[Span]) -> int:
    """Largest matching by trying every assignment (small inputs only)."""
    best = 0

    def go(i: int, used: frozenset[int], size: int) -> None:
        nonlocal best
        if i == len(a):
            best = max(best, size)
            return
        go(i + 1, used, size)
        for j, y in enumerate(b):
            if j not in used and a[i].start < y.end and y.start < a[i].end:
                go(i + 1, used | {j}, size + 1)

    go(0, frozenset(), 0)
    return best


def test_overlap_matching_is_maximum_where_greedy_is_not() -> None:
    # Greedy by overlap pairs A1-B1 (8 chars) and strands A2 and B2;
    # the maximum pairs A1-B2 and A2-B1.
    a = [Span(0, 10, "X"), Span(10, 12, "X")]
    b = [Span(2, 11, "X"), Span(0, 2, "X")]
    pairs = overlap_matching(a, b)
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_overlap_matching_against_brute_force() -> None:
    rng = random.Random(5)
    for _ in range(300):

        def spans(n: int) -> list[Span]:
            out = []
            for _ in range(n):
                s = rng.randrange(0, 30)
                out.append(Span(s, s + rng.randint(1, 8), "X"))
            return out

        a, b = spans(rng.randint(0, 5)), spans(rng.randint(0, 5))
        pairs = overlap_matching(a, b)
        assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
        assert all(a[i].start < b[j].end and b[j].start < a[i].end for i, j in pairs)
        assert len(pairs) == _brute_force_max(a, b)


def test_every_span_lands_in_exactly_one_group() -> None:
    rng = random.Random(11)
    for _ in range(100):
        sets = {}
        for name in ("a", "b", "c"):
            spans = []
            for _ in range(rng.randint(0, 6)):
                s = rng.randrange(0, 40)
                spans.append(
                    Span(s, s + rng.randint(1, 6), rng.choice(["ACTOR", "DATE", "STANCE"]))
                )
            sets[name] = spans
        alignment = align(sets, ENTS)
        for name, spans in sets.items():
            placed = [g.spans[name] for g in alignment.groups if name in g.spans]
            assert sorted(map(id, placed)) == sorted(map(id, spans))


def test_same_spans_with_other_attributes_align_one_to_one() -> None:
    base = [Span(0, 5, "ACTOR", {"canonical": "Japan"}), Span(0, 40, "STANCE"), Span(0, 5, "ACTOR")]
    other = [Span(s.start, s.end, s.label, dict(s.attrs)) for s in base]
    other[0].attrs["canonical"] = "Tokyo"
    alignment = align({"a": base, "b": list(reversed(other))}, ENTS)
    assert len(alignment.groups) == 3
    assert all(len(g.spans) == 2 for g in alignment.groups)
    found = alignment.disagreements
    assert [(d.type, d.attributes) for d in found] == [("attribute", ("canonical",))]
    assert sorted(s.key() for s in alignment.agreed) == [(0, 5, "ACTOR"), (0, 40, "STANCE")]
