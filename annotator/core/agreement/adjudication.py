"""Where the reviewer stands: which disagreements gold has already settled.

The agreement core lists a document's disagreements (``matching.align``);
this module compares them with the document's ``gold`` set. A disagreement
is *resolved* when gold holds a span that belongs to it (overlapping its
range with one of its labels, or with another exclusive label where the
group's labels are exclusive too: the same test ``align`` uses to pair
spans), or when the reviewer decided that no span belongs there (a
rejected range, see ``Project.gold``). Taking an annotator's version
replaces exactly the gold spans that belong to the disagreement.

Qt-free, so the review window and its tests share one definition.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.types import GOLD, Span

from .matching import DISAGREEMENT_TYPES, Disagreement, align, differing_attributes
from .project import choose_annotators, document_alignment, load_documents

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
class DocumentReview:
    """One document of the review queue as the list shows it."""

    doc_id: int
    annotators: list[str]
    total: int  # disagreements
    unresolved: int
    counts: dict[str, int] = field(default_factory=dict)  # by type
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
    exclusive = set(p.scheme().entity_labels())
    gold_sets = {s.document_id: s for s in p.sets.select(annotator=GOLD, with_spans=True)}
    rejected = p.gold.rejected()
    out: list[DocumentReview] = []
    for d in docs:
        ordered = {n: d.sets[n] for n in names if n in d.sets}
        gold_set = gold_sets.get(d.doc_id)
        gold = gold_set.spans if gold_set else None
        found = align(ordered, exclusive).disagreements
        counts = dict.fromkeys(DISAGREEMENT_TYPES, 0)
        for dis in found:
            counts[dis.type] += 1
        open_ = sum(
            not is_resolved(dis, gold, rejected.get(d.doc_id, set()), exclusive) for dis in found
        )
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
    """One document opened for review: its disagreements and gold's standing."""

    doc_id: int
    annotators: list[str]
    disagreements: list[Disagreement]
    agreed: list[Span]
    sets: dict[str, list[Span]]
    exclusive: set[str]

    def resolved(self, gold: Sequence[Span] | None, rejected: Collection[tuple[int, int]]):
        return [is_resolved(d, gold, rejected, self.exclusive) for d in self.disagreements]


def document_state(p: Project, doc_id: int, annotators: Sequence[str]) -> DocumentState:
    """Align one document's finished sets of ``annotators`` (in that order)."""
    names = list(annotators)
    alignment = document_alignment(p, doc_id, names)
    sets: dict[str, list[Span]] = {n: [] for n in names}
    for group in alignment.groups:
        for name, span in group.spans.items():
            sets[name].append(span)
    for spans in sets.values():
        spans.sort(key=lambda s: (s.start, s.end, s.label))
    return DocumentState(
        doc_id,
        names,
        alignment.disagreements,
        alignment.agreed,
        sets,
        set(p.scheme().entity_labels()),
    )
