"""Pairing spans of different annotators, and typing where they differ.

Two jobs share this module because they share the notion of "the same span":

* ``overlap_matching`` pairs one label's spans of two annotators one-to-one
  for the lenient span F1 (``f1_overlap``): the largest number of pairs that
  share at least one character. A maximum matching, not a greedy one, so the
  figure does not depend on span order and is never below ``f1_exact``.
* ``align`` lines up the spans of two or more annotators of one document into
  groups (one group = one "thing" the annotators marked, or failed to mark)
  and ``Alignment.disagreements`` types every group whose versions differ as
  missing, extra, boundary, label or attribute. The review mode lists these
  and the attribute alpha uses the groups as its units.

Everything here takes plain ``Span`` lists, so it is testable without SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from annotator.core.types import Span

#: Disagreement types, in the order a group is typed by (first that applies).
DISAGREEMENT_TYPES: tuple[str, ...] = ("missing", "extra", "boundary", "label", "attribute")


def overlaps(a: Span, b: Span) -> bool:
    """True when the two ranges share at least one character."""
    return a.start < b.end and b.start < a.end


def _overlap_len(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _max_matching(adj: list[list[int]], n_right: int) -> list[int | None]:
    """Maximum bipartite matching (Kuhn's augmenting paths, iterative).

    ``adj[i]`` lists the right-hand vertices left vertex ``i`` may pair with,
    most preferred first; the preference decides which maximum matching is
    returned. Returns, for each left vertex, its partner or None.
    """
    match_left: list[int | None] = [None] * len(adj)
    match_right: list[int | None] = [None] * n_right
    for root in range(len(adj)):
        if not adj[root]:
            continue
        # Fast path: a free preferred partner needs no search.
        free = next((v for v in adj[root] if match_right[v] is None), None)
        if free is not None:
            match_left[root] = free
            match_right[free] = root
            continue
        visited: set[int] = set()
        parent: dict[int, int] = {}
        stack = [(root, iter(adj[root]))]
        while stack:
            u, it = stack[-1]
            for v in it:
                if v in visited:
                    continue
                visited.add(v)
                parent[v] = u
                owner = match_right[v]
                if owner is None:
                    # Flip the augmenting path back to the root.
                    while True:
                        left = parent[v]
                        previous = match_left[left]
                        match_left[left] = v
                        match_right[v] = left
                        if left == root or previous is None:
                            break
                        v = previous
                    stack.clear()
                    break
                stack.append((owner, iter(adj[owner])))
                break
            else:
                stack.pop()
    return match_left


def overlap_matching(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[int, int]]:
    """Largest one-to-one pairing of ``a`` and ``b`` spans that overlap.

    Labels are not looked at: callers pass one label's spans. Among maximum
    matchings, exact twins and then larger overlaps are preferred.
    Returns (index in a, index in b) pairs.
    """
    if not a or not b:
        return []
    order_b = sorted(range(len(b)), key=lambda j: b[j].start)
    adj: list[list[int]] = []
    for span in a:
        cands = [j for j in order_b if overlaps(span, b[j])]
        cands.sort(
            key=lambda j: (
                (b[j].start, b[j].end) != (span.start, span.end),
                -_overlap_len(span, b[j]),
                b[j].start,
            )
        )
        adj.append(cands)
    matched = _max_matching(adj, len(b))
    return [(i, j) for i, j in enumerate(matched) if j is not None]


def _norm_attrs(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes with empty values dropped: unset and empty mean the same."""
    return {k: v for k, v in attrs.items() if v not in (None, "", [])}


def differing_attributes(spans: Sequence[Span]) -> tuple[str, ...]:
    """Names of the attributes whose (non-empty) values differ among ``spans``."""
    normed = [_norm_attrs(s.attrs) for s in spans]
    names = sorted({k for attrs in normed for k in attrs})
    return tuple(n for n in names if len({repr(a.get(n)) for a in normed}) > 1)


@dataclass(slots=True)
class Group:
    """One aligned unit: each annotator's span for it (absent = did not mark it)."""

    spans: dict[str, Span]
    start: int = 0
    end: int = 0

    def representative(self) -> Span:
        return next(iter(self.spans.values()))


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A place where the compared annotators' versions differ.

    ``spans`` maps every compared annotator, in the order given to ``align``,
    to its span there or None. ``type`` is the first of ``aspects`` (all the
    ways the versions differ, in ``DISAGREEMENT_TYPES`` order). Presence is
    judged against the first annotator (the reference): ``missing`` = the
    reference has the span and someone lacks it, ``extra`` = someone has a
    span the reference lacks. ``attributes`` names the differing attributes.
    """

    type: str
    start: int
    end: int
    spans: dict[str, Span | None]
    aspects: tuple[str, ...]
    attributes: tuple[str, ...] = ()

    @property
    def a(self) -> Span | None:
        """The reference (first annotator's) span."""
        return next(iter(self.spans.values()))

    @property
    def b(self) -> Span | None:
        """The second annotator's span (the pairwise case)."""
        values = list(self.spans.values())
        return values[1] if len(values) > 1 else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "aspects": list(self.aspects),
            "attributes": list(self.attributes),
            "spans": {
                name: None
                if s is None
                else {"start": s.start, "end": s.end, "label": s.label, "attrs": dict(s.attrs)}
                for name, s in self.spans.items()
            },
        }


@dataclass(slots=True)
class Alignment:
    """All groups of one document, split into agreed and disagreeing ones."""

    annotators: list[str]
    groups: list[Group] = field(default_factory=list)

    def classify(self, group: Group) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(aspects, differing attribute names) of one group; empty = agreed."""
        present = list(group.spans.values())
        first = present[0]
        complete = len(present) == len(self.annotators)
        same_range = same_label = same_attrs = True
        for s in present:
            if s.start != first.start or s.end != first.end:
                same_range = False
            if s.label != first.label:
                same_label = False
            if s.attrs != first.attrs:
                same_attrs = False
        if complete and same_range and same_label and same_attrs:
            return (), ()  # the common case: everyone agrees exactly
        aspects: list[str] = []
        if not complete:
            aspects.append("missing" if self.annotators[0] in group.spans else "extra")
        if not same_range:
            aspects.append("boundary")
        attrs: tuple[str, ...] = ()
        if not same_label:
            aspects.append("label")
        elif not same_attrs:
            attrs = differing_attributes(present)
            if attrs:
                aspects.append("attribute")
        return tuple(aspects), attrs

    @property
    def disagreements(self) -> list[Disagreement]:
        """Every group whose versions differ, typed, sorted by position."""
        out: list[Disagreement] = []
        for group in self.groups:
            aspects, attrs = self.classify(group)
            if aspects:
                out.append(
                    Disagreement(
                        type=aspects[0],
                        start=group.start,
                        end=group.end,
                        spans={n: group.spans.get(n) for n in self.annotators},
                        aspects=aspects,
                        attributes=attrs,
                    )
                )
        out.sort(key=lambda d: (d.start, d.end, DISAGREEMENT_TYPES.index(d.type)))
        return out

    @property
    def agreed(self) -> list[Span]:
        """Spans every annotator marked identically (boundaries, label and
        attributes): what the reviewer can take into gold in one step."""
        out = [group.representative() for group in self.groups if not self.classify(group)[0]]
        out.sort(key=lambda s: (s.start, s.end, s.label))
        return out


def _stage(
    cands: list[tuple[int, int, int]],
    reps: list[Span],
    spans: list[Span],
    compatible: Callable[[Span, Span], bool],
) -> list[tuple[int, int]]:
    """Max matching among overlapping (group, span) candidates that satisfy
    ``compatible(rep, span)``. ``cands`` holds (group, span, overlap length),
    the larger overlaps first; returns (group, span) pairs."""
    kept = [(g, j) for g, j, _ in cands if compatible(reps[g], spans[j])]
    if len(kept) <= 1:
        return kept  # nothing to choose between
    left = list(dict.fromkeys(g for g, _ in kept))
    right = list(dict.fromkeys(j for _, j in kept))
    li = {g: i for i, g in enumerate(left)}
    ri = {j: i for i, j in enumerate(right)}
    adj: list[list[int]] = [[] for _ in left]
    for g, j in kept:
        adj[li[g]].append(ri[j])
    matched = _max_matching(adj, len(right))
    return [(left[i], right[k]) for i, k in enumerate(matched) if k is not None]


_span_order = attrgetter("start", "end", "label")


def _in_order(spans: Sequence[Span]) -> list[Span]:
    """Spans by position; twins (same range and label, which the editor
    does not make but imports might) also by attributes, so that identical
    twins of two annotators pair with each other."""
    out = sorted(spans, key=_span_order)
    if len({(s.start, s.end, s.label) for s in out}) < len(out):
        out.sort(
            key=lambda s: (
                s.start,
                s.end,
                s.label,
                json.dumps(s.attrs, sort_keys=True, default=str),
            )
        )
    return out


def _same_label(r: Span, s: Span) -> bool:
    return r.label == s.label


def _same_range(r: Span, s: Span) -> bool:
    return r.start == s.start and r.end == s.end


def align(
    sets: Mapping[str, Sequence[Span]],
    exclusive_labels: Collection[str] | None = None,
) -> Alignment:
    """Line up the spans of several annotators of one document.

    Annotators are taken in the mapping's order; each one's spans are paired
    with the groups built so far in stages, so the closest counterpart wins:
    1. identical boundaries and label (a twin of any member of the group);
    2. same label, overlapping (the largest number of pairs, larger overlaps
       first) -> a boundary difference;
    3. identical boundaries, other label -> a label difference;
    4. overlapping, other label, both labels in ``exclusive_labels`` (labels
       that never overlap each other, e.g. ACTOR/FIGURE/DATE; None = all).
       A STANCE overlapping an ACTOR is two things, not one mislabelled one.
    A span left unpaired starts a new group.
    """
    names = list(sets)
    alignment = Alignment(annotators=names)
    groups = alignment.groups
    reps: list[Span] = []  # each group's first member: what later spans pair with

    def exclusive(a: Span, b: Span) -> bool:
        if exclusive_labels is None:
            return True
        return a.label in exclusive_labels and b.label in exclusive_labels

    # Fast path: everyone marked the same ranges with the same labels (only
    # attributes may differ), as in most documents of a well-agreed project.
    ordered = {n: _in_order(sets[n]) for n in names}
    keys = [[(s.start, s.end, s.label) for s in ordered[n]] for n in names]
    if names and all(k == keys[0] for k in keys[1:]):
        for i in range(len(keys[0])):
            group = Group(spans={n: ordered[n][i] for n in names})
            group.start, group.end = keys[0][i][0], keys[0][i][1]
            groups.append(group)
        return alignment

    stages = (_same_label, _same_range, exclusive)
    index: dict[tuple[int, int, str], list[int]] = {}  # span key -> groups with it
    for name in names:
        spans = ordered[name]
        placed: list[tuple[int, Span]] = []
        free_spans: list[int] = list(range(len(spans)))
        free_groups: set[int] = set(range(len(groups)))
        # Stage 1: exact twins, by dictionary look-up (the common case).
        if groups and spans:
            rest = []
            for j in free_spans:
                span = spans[j]
                for g in index.get((span.start, span.end, span.label), ()):
                    if g in free_groups:
                        free_groups.discard(g)
                        placed.append((g, span))
                        break
                else:
                    rest.append(j)
            free_spans = rest
        # Stages 2-4 on what is left, among overlapping pairs only.
        if free_spans and free_groups:
            cands = []
            for g in sorted(free_groups):
                r = reps[g]
                for j in free_spans:
                    s = spans[j]
                    if r.start < s.end and s.start < r.end:
                        overlap = min(r.end, s.end) - max(r.start, s.start)
                        cands.append((g, j, overlap))
            if len(cands) > 1:
                cands.sort(key=lambda c: (-c[2], spans[c[1]].start, c[0]))
            for compatible in stages:
                if not cands:
                    break
                pairs = _stage(cands, reps, spans, compatible)
                if pairs:
                    used_g = {g for g, _ in pairs}
                    used_s = {j for _, j in pairs}
                    placed.extend((g, spans[j]) for g, j in pairs)
                    cands = [c for c in cands if c[0] not in used_g and c[1] not in used_s]
                    free_spans = [j for j in free_spans if j not in used_s]
        for g, span in placed:
            groups[g].spans[name] = span
        for j in free_spans:
            placed.append((len(groups), spans[j]))
            groups.append(Group(spans={name: spans[j]}))
            reps.append(spans[j])
        # Index the keys just placed for the next annotators' stage 1.
        for g, span in placed:
            found = index.setdefault((span.start, span.end, span.label), [])
            if g not in found:
                found.append(g)
    for group in groups:
        start, end = None, None
        for member in group.spans.values():
            if start is None or member.start < start:
                start = member.start
            if end is None or member.end > end:
                end = member.end
        group.start, group.end = start or 0, end or 0
    groups.sort(key=lambda g: (g.start, g.end))
    return alignment


def disagreements(
    sets: Mapping[str, Sequence[Span]],
    exclusive_labels: Collection[str] | None = None,
) -> list[Disagreement]:
    """Typed disagreements of one document, sorted by position (see ``align``)."""
    return align(sets, exclusive_labels).disagreements
