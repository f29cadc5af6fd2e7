"""Where the reviewer stands: which disagreements gold has already settled.

The agreement core lists a document's disagreements (``matching.align``);
this module compares them with the document's ``gold`` set. A disagreement
is *resolved* when gold holds a span that belongs to it (overlapping its
range with one of its labels, or with another exclusive label where the
group's labels are exclusive too: the same test ``align`` uses to pair
spans), or when the reviewer decided that no span belongs there (a
rejected range, see ``Project.gold``). Taking an annotator's version
replaces exactly the gold spans that belong to the disagreement.

Relations and categories (``links``) follow the same rules: a relation
unit is resolved when gold holds a relation of its label from a span in
its head range, a category when gold answers it, or either when the
reviewer rejected it (decided nothing belongs there).

Qt-free, so the review window and its tests share one definition.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.types import GOLD, Relation, Span
from annotator.core.words import count

from .links import CategoryDisagreement, RelationDisagreement, align_links
from .matching import DISAGREEMENT_TYPES, Disagreement, align, differing_attributes
from .project import choose_annotators, load_documents

#: Every kind of review item, in the order the review list counts them.
REVIEW_TYPES: tuple[str, ...] = (*DISAGREEMENT_TYPES, "relation", "category")

AnyDisagreement = Disagreement | RelationDisagreement | CategoryDisagreement

if TYPE_CHECKING:
    from annotator.core.store import Project


def belongs(span: Span, dis: Disagreement, exclusive: Collection[str]) -> bool:
    """True when a gold span stands for this disagreement's "thing"."""
    if not (span.start < dis.end and dis.start < span.end):
        return False
    labels = {s.label for s in dis.spans.values() if s is not None}
    if span.label in labels:
        return True
    return span.label in exclusive and bool(labels & set(exclusive))


def members(gold: Sequence[Span], dis: Disagreement, exclusive: Collection[str]) -> list[Span]:
    """The gold spans that belong to a disagreement (what taking a version replaces)."""
    return [s for s in gold if belongs(s, dis, exclusive)]


def is_resolved(
    dis: Disagreement,
    gold: Sequence[Span] | None,
    rejected: Collection[tuple[int, int]],
    exclusive: Collection[str],
) -> bool:
    """Gold has settled this disagreement (``gold`` None: no gold set yet)."""
    if (dis.start, dis.end) in rejected:
        return True
    return gold is not None and bool(members(gold, dis, exclusive))


def same_version(a: Span | None, b: Span | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.key() == b.key() and not differing_attributes([a, b])


def chosen_versions(
    dis: Disagreement, gold: Sequence[Span] | None, exclusive: Collection[str]
) -> list[str]:
    """The annotators whose version of the disagreement gold now equals."""
    if gold is None:
        return []
    found = members(gold, dis, exclusive)
    if len(found) > 1:
        return []
    mine = found[0] if found else None
    return [name for name, span in dis.spans.items() if same_version(span, mine)]


def missing_agreed(agreed: Sequence[Span], gold: Sequence[Span] | None) -> list[Span]:
    """Agreed spans gold does not have yet (same boundaries, label, attributes)."""
    have = list(gold or [])
    return [s for s in agreed if not any(same_version(s, g) for g in have)]


@dataclass(slots=True)
class GoldLinks:
    """Gold's relations and category answers of one document."""

    relations: list[Relation] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)


def gold_links(p: Project, doc_id: int) -> GoldLinks:
    return GoldLinks(*p.gold.links(doc_id))


def link_members(dis: RelationDisagreement, gold: GoldLinks) -> list[Relation]:
    """The gold relations that answer a relation unit (what taking a version replaces)."""
    return [r for r in gold.relations if dis.owns(r)]


def link_resolved(
    dis: RelationDisagreement | CategoryDisagreement, gold: GoldLinks, rejected: Collection
) -> bool:
    if dis.decision in rejected:
        return True
    if isinstance(dis, CategoryDisagreement):
        return bool(gold.categories.get(dis.name))
    return bool(link_members(dis, gold))


def link_chosen(
    dis: RelationDisagreement | CategoryDisagreement, gold: GoldLinks, rejected: Collection
) -> list[str]:
    """The annotators whose version gold now equals (an empty version counts
    only when the reviewer decided so)."""
    if isinstance(dis, CategoryDisagreement):
        mine = tuple(sorted(gold.categories.get(dis.name, ())))
        versions = dict(dis.values)
    else:
        mine = tuple(sorted(r.key() for r in link_members(dis, gold)))
        versions = {n: dis.version(n) for n in dis.relations}
    if not mine and dis.decision not in rejected:
        return []
    return [n for n, v in versions.items() if v == mine]


@dataclass(slots=True)
class AgreedToGold:
    """What "agreed to gold" adds to one document's gold: spans, relations
    whose ends gold has or gets, category answers gold lacks; and the agreed
    relations held back because an end is still disputed."""

    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)
    waiting: list[Relation] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.spans or self.relations or self.categories)

    def summary(self) -> str:
        """'3 agreed spans, 1 relation, 1 category' (and what waits, said)."""
        parts = [f"{len(self.spans)} agreed span{'s' * (len(self.spans) != 1)}"]
        if self.relations:
            parts.append(f"{len(self.relations)} relation{'s' * (len(self.relations) != 1)}")
        if self.categories:
            parts.append(
                f"{len(self.categories)} categor{'ies' if len(self.categories) != 1 else 'y'}"
            )
        text = ", ".join(parts)
        if self.waiting:
            text += (
                f"; {count(len(self.waiting), 'agreed relation')}"
                f" {'waits' if len(self.waiting) == 1 else 'wait'} for an end span"
                " that is still a disagreement"
            )
        return text


@dataclass(slots=True)
class DocumentReview:
    """One document of the review queue as the list shows it."""

    doc_id: int
    annotators: list[str]
    total: int  # disagreements
    unresolved: int
    counts: dict[str, int] = field(default_factory=dict)  # by type (REVIEW_TYPES)
    gold_status: str | None = None  # None: no gold set yet

    @property
    def state(self) -> str:
        """'agreed' (no disagreements), 'unresolved' or 'resolved'."""
        if self.total == 0:
            return "agreed"
        return "unresolved" if self.unresolved else "resolved"


def review_documents(p: Project, annotators: Sequence[str] | None = None) -> list[DocumentReview]:
    """Every document two or more annotators finished, with how many of its
    disagreements gold has not settled yet, in document id order."""
    names = choose_annotators(p, annotators)
    docs = load_documents(p, names)
    scheme = p.scheme()
    exclusive = set(scheme.entity_labels())
    gold_sets = {s.document_id: s for s in p.sets.select(annotator=GOLD, with_spans=True)}
    gold_relations = p.relations.by_set(s.id for s in gold_sets.values())
    gold_answers = p.categories.by_set(s.id for s in gold_sets.values())
    rejected = p.gold.rejected()
    out: list[DocumentReview] = []
    for d in docs:
        ordered = {n: d.sets[n] for n in names if n in d.sets}
        gold_set = gold_sets.get(d.doc_id)
        gold = gold_set.spans if gold_set else None
        links = (
            GoldLinks(gold_relations[gold_set.id], gold_answers[gold_set.id])
            if gold_set
            else GoldLinks()
        )
        here = rejected.get(d.doc_id, set())
        alignment = align(ordered, exclusive)
        found = alignment.disagreements
        linked = align_links(alignment, d.relations, d.categories, scheme.category_names)
        counts = dict.fromkeys(REVIEW_TYPES, 0)
        for dis in found:
            counts[dis.type] += 1
        counts["relation"] = len(linked.relations)
        counts["category"] = len(linked.categories)
        open_ = sum(not is_resolved(dis, gold, here, exclusive) for dis in found)
        open_ += sum(
            not link_resolved(dis, links, here) for dis in [*linked.relations, *linked.categories]
        )
        found = [*found, *linked.relations, *linked.categories]
        out.append(
            DocumentReview(
                d.doc_id,
                list(ordered),
                len(found),
                open_,
                counts,
                gold_set.status if gold_set else None,
            )
        )
    return out


@dataclass(slots=True)
class DocumentState:
    """One document opened for review: its disagreements (spans and relation
    units by position, then categories), what everyone agreed, and gold's
    relations and answers as last read (``gold``: refresh after a change)."""

    doc_id: int
    annotators: list[str]
    disagreements: list[AnyDisagreement]
    agreed: list[Span]
    sets: dict[str, list[Span]]
    exclusive: set[str]
    agreed_relations: list[Relation] = field(default_factory=list)
    agreed_categories: dict[str, list[str]] = field(default_factory=dict)
    gold: GoldLinks = field(default_factory=GoldLinks)

    def resolved(self, gold: Sequence[Span] | None, rejected: Collection[tuple]) -> list[bool]:
        return [
            is_resolved(d, gold, rejected, self.exclusive)
            if isinstance(d, Disagreement)
            else link_resolved(d, self.gold, rejected)
            for d in self.disagreements
        ]

    def chosen(self, dis: AnyDisagreement, gold: Sequence[Span], rejected: Collection) -> list[str]:
        """The annotators whose version of ``dis`` gold now equals."""
        if isinstance(dis, Disagreement):
            return chosen_versions(dis, gold, self.exclusive)
        return link_chosen(dis, self.gold, rejected)

    def missing_agreed(self, gold: Sequence[Span] | None) -> AgreedToGold:
        """Everything agreed that gold lacks: spans, relations (held back
        while an end is neither in gold nor agreed), unanswered categories."""
        spans = missing_agreed(self.agreed, gold)
        ends = {s.key() for s in gold or ()} | {s.key() for s in spans}
        have = {r.key() for r in self.gold.relations}
        out = AgreedToGold(spans=spans)
        for rel in self.agreed_relations:
            if rel.key() in have:
                continue
            ready = rel.head in ends and rel.child in ends
            (out.relations if ready else out.waiting).append(rel)
        out.categories = {
            name: values
            for name, values in self.agreed_categories.items()
            if not self.gold.categories.get(name)
        }
        return out


def _position(dis: AnyDisagreement) -> tuple:
    return (dis.start, dis.end, isinstance(dis, RelationDisagreement))


def document_state(p: Project, doc_id: int, annotators: Sequence[str]) -> DocumentState:
    """Align one document's finished sets of ``annotators`` (in that order;
    an annotator without a finished set is compared as empty)."""
    names = list(annotators)
    found = {n: p.sets.find(doc_id, n) for n in names}
    done = {n: s for n, s in found.items() if s is not None and s.status == "done"}
    scheme = p.scheme()
    exclusive = set(scheme.entity_labels())
    alignment = align({n: done[n].spans if n in done else [] for n in names}, exclusive)
    linked = align_links(
        alignment,
        {n: s.relations for n, s in done.items()},
        {n: s.categories for n, s in done.items()},
        scheme.category_names,
    )
    sets: dict[str, list[Span]] = {n: [] for n in names}
    for group in alignment.groups:
        for name, span in group.spans.items():
            sets[name].append(span)
    for spans in sets.values():
        spans.sort(key=lambda s: (s.start, s.end, s.label))
    items: list[AnyDisagreement] = [*alignment.disagreements, *linked.relations]
    items.sort(key=_position)
    return DocumentState(
        doc_id,
        names,
        [*items, *linked.categories],
        alignment.agreed,
        sets,
        exclusive,
        linked.agreed_relations,
        linked.agreed_categories,
        gold_links(p, doc_id),
    )
