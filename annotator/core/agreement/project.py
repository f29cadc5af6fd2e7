"""Agreement over a project file: the thin layer between the store and the
pure functions of ``report`` and ``matching``.

What the CLI's ``agreement`` command, the agreement dashboard and the review
mode call. A document counts for an annotator once their set is ``done``;
the reserved annotator ``gold`` is compared only when named explicitly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.types import GOLD, STATUSES, Relation, Span

from .linkstats import CategorySpec
from .matching import DISAGREEMENT_TYPES, Alignment, align
from .report import DEFAULT_ATTRIBUTES, AgreementReport, DocumentSets, compute_agreement

if TYPE_CHECKING:
    from annotator.core.store import Project


def choose_annotators(p: Project, annotators: Sequence[str] | None = None) -> list[str]:
    """The annotators to compare: those named (checked to exist), else
    everyone but ``gold`` (and ``gold@FILE``, a merged reviewer's conflicting
    version), in name order."""
    known = p.sets.annotators()
    if annotators is None:
        return [n for n in known if n != GOLD and not n.startswith(f"{GOLD}@")]
    names = list(dict.fromkeys(n.strip() for n in annotators if n.strip()))
    unknown = [n for n in names if n not in known]
    if unknown:
        listed = ", ".join(known) or "none yet"
        raise AnnotatorError(f"unknown annotator {unknown[0]!r} (known: {listed})")
    return names


def _alpha_attributes(p: Project) -> dict[str, tuple[str, ...]]:
    """DEFAULT_ATTRIBUTES restricted to what the project's scheme has; for a
    scheme without any of them, its choice attributes."""
    scheme = p.scheme()
    chosen: dict[str, tuple[str, ...]] = {}
    for label, attrs in DEFAULT_ATTRIBUTES.items():
        lab = scheme.label(label)
        if lab is not None:
            present = tuple(a for a in attrs if lab.attribute(a) is not None)
            if present:
                chosen[label] = present
    if not chosen:
        for lab in scheme.labels:
            choice = tuple(a.name for a in lab.attributes if a.type == "choice")
            if choice:
                chosen[lab.name] = choice
    return chosen


def load_documents(p: Project, annotators: Sequence[str]) -> list[DocumentSets]:
    """Documents that two or more of ``annotators`` finished, with the
    finished sets (spans, relations, category answers) and the text (for tokens)."""
    by_doc = p.sets.done_spans(annotators)
    ids = sorted(d for d, sets in by_doc.items() if len(sets) >= 2)
    relations, categories = _done_links(p, annotators, set(ids))
    return [
        DocumentSets(
            doc.id,
            by_doc[doc.id],
            text=doc.text,
            relations=relations.get(doc.id, {}),
            categories=categories.get(doc.id, {}),
        )
        for doc in p.documents.stream(ids)
        if doc.id is not None
    ]


def _done_links(
    p: Project, annotators: Sequence[str], doc_ids: set[int]
) -> tuple[dict[int, dict[str, list[Relation]]], dict[int, dict[str, dict[str, list[str]]]]]:
    """Relations and category answers of the done sets of ``annotators`` in
    ``doc_ids``: document id -> annotator -> them (two queries per chunk of sets)."""
    wanted = set(annotators)
    done = [
        s
        for s in p.sets.select(status="done")
        if s.annotator in wanted and s.document_id in doc_ids
    ]
    links = p.relations.by_set(s.id for s in done)
    answers = p.categories.by_set(s.id for s in done)
    relations: dict[int, dict[str, list[Relation]]] = {}
    categories: dict[int, dict[str, dict[str, list[str]]]] = {}
    for s in done:
        relations.setdefault(s.document_id, {})[s.annotator] = links[s.id]
        categories.setdefault(s.document_id, {})[s.annotator] = answers[s.id]
    return relations, categories


def annotator_progress(p: Project, annotators: Sequence[str] | None = None) -> dict[str, dict]:
    """Per annotator: sets per status and the project's document count.

    ``todo`` counts documents never opened as well as sets still marked todo
    (the ``stats`` convention); ``gold`` is listed when it exists.
    """
    stats = p.stats()
    total = int(stats["documents"])
    out: dict[str, dict] = {}
    for name, counts in stats["annotators"].items():
        if annotators is not None and name not in annotators and name != GOLD:
            continue
        row = {s: int(counts.get(s, 0)) for s in STATUSES}
        row["documents"] = total
        out[name] = row
    return out


def project_agreement(
    p: Project,
    annotators: Sequence[str] | None = None,
    attributes: Mapping[str, Sequence[str]] | None = None,
    timings: dict[str, float] | None = None,
) -> AgreementReport:
    """Every agreement figure of a project (see ``compute_agreement``), with
    each compared annotator's progress."""
    names = choose_annotators(p, annotators)
    scheme = p.scheme()
    docs = load_documents(p, names)
    report = compute_agreement(
        docs,
        annotators=names,
        labels=scheme.names,
        entity_labels=scheme.entity_labels(),
        attributes=_alpha_attributes(p) if attributes is None else attributes,
        timings=timings,
        relation_labels=scheme.relation_names,
        categories=[
            CategorySpec(c.name, c.exclusive, tuple(c.value_names)) for c in scheme.categories
        ],
    )
    report.progress = annotator_progress(p, names)
    return report


def document_alignment(
    p: Project,
    doc_id: int,
    annotators: Sequence[str] | None = None,
    statuses: Sequence[str] | None = ("done",),
) -> Alignment:
    """One document's sets lined up, for the review mode.

    ``annotators`` in the order given (the first is the reference for
    missing/extra); default: every non-gold annotator with a set in one of
    ``statuses`` (None = any status). ``.disagreements`` lists the typed
    differences, ``.agreed`` the spans everyone marked identically.
    """
    names = choose_annotators(p, annotators)
    sets: dict[str, list[Span]] = {}
    for name in names:
        found = p.sets.find(doc_id, name)
        if found is None or (statuses is not None and found.status not in statuses):
            if annotators is not None:
                sets[name] = []  # named explicitly: compared, even if empty
            continue
        sets[name] = found.spans
    return align(sets, set(p.scheme().entity_labels()))


@dataclass(slots=True)
class ReviewItem:
    """A document the reviewer can adjudicate: who finished it, how many
    disagreements of each type, and the state of its gold set."""

    doc_id: int
    annotators: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    gold_status: str | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def review_queue(p: Project, annotators: Sequence[str] | None = None) -> list[ReviewItem]:
    """Documents finished by two or more of ``annotators``, in id order,
    with their disagreement counts (what the review mode steps through)."""
    names = choose_annotators(p, annotators)
    docs = load_documents(p, names)
    gold = {s.document_id: s.status for s in p.sets.select(annotator=GOLD)}
    exclusive = set(p.scheme().entity_labels())
    items = []
    for d in docs:
        ordered = {n: d.sets[n] for n in names if n in d.sets}
        counts = dict.fromkeys(DISAGREEMENT_TYPES, 0)
        for dis in align(ordered, exclusive).disagreements:
            counts[dis.type] += 1
        items.append(ReviewItem(d.doc_id, list(ordered), counts, gold.get(d.doc_id)))
    return items
