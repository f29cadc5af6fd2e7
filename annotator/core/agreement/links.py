"""Where annotators' relations and category answers differ, for the review.

Relation disagreements are grouped by what a reviewer decides: "what does
this span's HOLDER (TARGET…) link to". A unit is a relation label and the
alignment group (``matching.align``) of the head span, so a STANCE whose
boundaries two annotators drew differently still has one HOLDER question.
Each annotator's version of a unit is the set of relation keys it holds
(usually one); the unit is agreed when every compared annotator's version
is the same and not empty, a disagreement otherwise, with aspects:
``missing``/``extra`` (someone has no such relation; judged against the
first annotator, as for spans), ``head`` and ``child`` (the versions' ends
differ).

A category disagreement is a category the annotators answered differently
(an unanswered category counts as the answer "none"). Categories come after
the span and relation disagreements of the document.

Both records carry ``start``/``end`` and ``spans`` like a span
``Disagreement`` (the head group's range and each annotator's head span;
for a category 0, 0 and no spans), so the review window shows and selects
them as it does spans. ``decision`` is the key under which "gold takes a
version with nothing here" is recorded as rejected (``Project.gold``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.core.types import Relation, Span, SpanKey

from .matching import Alignment

RelationKey = tuple[SpanKey, SpanKey, str]


@dataclass(frozen=True, slots=True)
class RelationDisagreement:
    """One relation unit whose versions differ."""

    label: str
    start: int
    end: int
    spans: dict[str, Span | None]  # each annotator's head span (None: no head there)
    relations: dict[str, tuple[Relation, ...]]  # each annotator's version
    aspects: tuple[str, ...]
    head_labels: frozenset[str] = frozenset()
    type: str = "relation"
    attributes: tuple[str, ...] = ()

    @property
    def decision(self) -> tuple:
        return ("relation", self.label, self.start, self.end)

    def version(self, name: str) -> tuple[RelationKey, ...]:
        return tuple(sorted(r.key() for r in self.relations.get(name, ())))

    def owns(self, relation: Relation) -> bool:
        """True when a (gold) relation answers this unit's question: same
        label, its head overlapping the unit's head range with one of its labels."""
        start, end, label = relation.head
        return (
            relation.label == self.label
            and start < self.end
            and self.start < end
            and label in self.head_labels
        )


@dataclass(frozen=True, slots=True)
class CategoryDisagreement:
    """One document category the annotators answered differently."""

    name: str
    values: dict[str, tuple[str, ...]]  # each annotator's answer (empty: none)
    aspects: tuple[str, ...]
    type: str = "category"
    start: int = 0
    end: int = 0
    attributes: tuple[str, ...] = ()

    @property
    def spans(self) -> dict[str, Span | None]:
        return dict.fromkeys(self.values)

    @property
    def decision(self) -> tuple:
        return ("category", self.name)


@dataclass(slots=True)
class LinkAlignment:
    """A document's relation and category disagreements, and what everyone agreed."""

    relations: list[RelationDisagreement]
    categories: list[CategoryDisagreement]
    agreed_relations: list[Relation]
    agreed_categories: dict[str, list[str]]


def _presence(versions: Sequence[tuple]) -> list[str]:
    """["missing"] when the reference has a version someone lacks, ["extra"]
    when the reference lacks it, [] when nobody does."""
    if all(versions):
        return []
    return ["missing" if versions[0] else "extra"]


def align_links(
    alignment: Alignment,
    relations: Mapping[str, Sequence[Relation]],
    categories: Mapping[str, Mapping[str, Sequence[str]]],
    category_order: Sequence[str] = (),
) -> LinkAlignment:
    """Relation units and category answers of the annotators of ``alignment``
    (its order: the first is the reference for missing/extra)."""
    names = alignment.annotators
    group_of: dict[str, dict[SpanKey, int]] = {n: {} for n in names}
    for g, group in enumerate(alignment.groups):
        for name, span in group.spans.items():
            group_of[name].setdefault(span.key(), g)
    units: dict[tuple[str, int], dict[str, list[Relation]]] = {}
    for name in names:
        for rel in relations.get(name, ()):
            g = group_of[name].get(rel.head)
            if g is not None:
                units.setdefault((rel.label, g), {}).setdefault(name, []).append(rel)
    found: list[RelationDisagreement] = []
    agreed: list[Relation] = []
    for (label, g), by_name in units.items():
        group = alignment.groups[g]
        versions = [tuple(sorted(r.key() for r in by_name.get(n, ()))) for n in names]
        if all(v == versions[0] for v in versions[1:]):
            agreed.extend(by_name[names[0]])
            continue
        present = [v for v in versions if v]
        aspects = _presence(versions)
        if len({tuple(k[0] for k in v) for v in present}) > 1:
            aspects.append("head")
        if len({tuple(k[1] for k in v) for v in present}) > 1:
            aspects.append("child")
        found.append(
            RelationDisagreement(
                label=label,
                start=group.start,
                end=group.end,
                spans={n: group.spans.get(n) for n in names},
                relations={n: tuple(by_name.get(n, ())) for n in names},
                aspects=tuple(aspects),
                head_labels=frozenset(s.label for s in group.spans.values()),
            )
        )
    found.sort(key=lambda d: (d.start, d.end, d.label))
    agreed.sort(key=lambda r: r.key())
    order = list(category_order)
    asked = {c for n in names for c in categories.get(n, {})}
    cats: list[CategoryDisagreement] = []
    agreed_cats: dict[str, list[str]] = {}
    for cat in order + sorted(asked - set(order)):
        answers = [tuple(sorted(categories.get(n, {}).get(cat, ()))) for n in names]
        if all(a == answers[0] for a in answers[1:]):
            if answers[0]:
                agreed_cats[cat] = list(answers[0])
            continue
        aspects = _presence(answers) or ["value"]
        cats.append(
            CategoryDisagreement(cat, dict(zip(names, answers, strict=True)), tuple(aspects))
        )
    return LinkAlignment(found, cats, agreed, agreed_cats)
