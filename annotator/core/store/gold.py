"""``project.gold``: the reviewer's ``gold`` sets, changed in one transaction.

Adjudicating one disagreement removes whatever gold had there and puts one
annotator's version in its place; sending a document's agreed spans to gold
adds many spans at once. Each is one transaction, so an undo (which calls
``change`` again with the roles swapped) never finds gold half-changed.

Gold relations are added by ``SpanKey`` and need both end spans in the
gold set (the caller adds missing ends in the same call); removing a gold
span removes the relations that use it, and ``GoldChange.unlinked`` lists
them so an undo puts them back. Category answers are set per category.

A reviewer may also decide that *nothing* belongs where one annotator put
something (taking the version of the annotator who left it out). Gold then
looks exactly as before the decision, so the decision itself is kept: as a
list of rejected decisions per document in the ``review.rejected`` project
setting (a JSON object: document id -> [[start, end], ...] for span ranges,
["relation", label, start, end] for a relation unit, ["category", name] for
a category), written in the same transaction as the spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.types import GOLD, Relation, Span

if TYPE_CHECKING:
    from .project import Project

REJECTED_KEY = "review.rejected"


@dataclass(slots=True)
class GoldChange:
    """What one ``Gold.change`` call did, enough to undo it exactly."""

    set_id: int
    removed: list[Span] = field(default_factory=list)  # with their old ids
    added: list[Span] = field(default_factory=list)  # with their new ids
    unlinked: list[Relation] = field(default_factory=list)  # asked for, or with a removed span
    linked: list[Relation] = field(default_factory=list)  # with their new ids
    categories: dict[str, list[str]] = field(default_factory=dict)  # answers before


class Gold:
    """Gold sets (ordinary sets of the reserved annotator ``gold``) and the
    ranges the reviewer rejected."""

    def __init__(self, project: Project):
        self._project = project

    def set_id(self, doc_id: int) -> int:
        """The document's gold set, created empty (never seeded from predictions)."""
        return self._project.sets.open(doc_id, GOLD, seed=False).id

    def rejected(self, doc_id: int | None = None) -> dict[int, set[tuple]]:
        """Decisions that nothing belongs there, per document (one if given):
        (start, end) span ranges, ("relation", label, start, end) relation
        units and ("category", name) categories."""
        stored = self._project.setting(REJECTED_KEY, {}) or {}
        out: dict[int, set[tuple]] = {}
        for key, entries in stored.items():
            doc = int(key)
            if doc_id is None or doc == doc_id:
                out[doc] = {_decision(entry) for entry in entries}
        return out

    def _set_rejected(self, doc_id: int, add: Iterable, drop: Iterable) -> None:
        stored = dict(self._project.setting(REJECTED_KEY, {}) or {})
        current = {_decision(r) for r in stored.get(str(doc_id), [])}
        new = (current | {_decision(r) for r in add}) - {_decision(r) for r in drop}
        if new == current:
            return
        if new:
            ranges = sorted(r for r in new if not isinstance(r[0], str))
            others = sorted(r for r in new if isinstance(r[0], str))
            stored[str(doc_id)] = [list(r) for r in ranges + others]
        else:
            stored.pop(str(doc_id), None)
        self._project.set_setting(REJECTED_KEY, stored)

    def change(
        self,
        doc_id: int,
        remove: Iterable[int] = (),
        add: Iterable[Span] = (),
        reject: Iterable[tuple] = (),
        unreject: Iterable[tuple] = (),
        unlink: Iterable[Relation] = (),
        link: Iterable[Relation] = (),
        categories: Mapping[str, list[str]] | None = None,
    ) -> GoldChange:
        """In one transaction (each edit logged): remove the gold relations
        ``unlink`` (by key) and the gold spans ``remove`` (by id, with the
        relations using them), add ``add`` (as human spans), then ``link``
        (by ``SpanKey``: both ends must be in gold by then; one gold already
        has is left as it is), set the ``categories`` answers given, and
        record or drop rejected decisions.

        A span id or relation that is not in this document's gold set is
        refused before anything is written; so is a relation whose ends
        gold lacks, or one the scheme does not allow (one line each).
        """
        sets, relations = self._project.sets, self._project.relations
        set_id = self.set_id(doc_id)
        remove = list(remove)
        mine = {s.id for s in sets.spans(set_id)}
        foreign = [i for i in remove if i not in mine]
        if foreign:
            raise AnnotatorError(f"span {foreign[0]} is not in the gold set of document {doc_id}")
        links = {r.key(): r for r in relations.of_set(set_id)}
        change = GoldChange(set_id)
        with self._project.transaction():
            for rel in unlink:
                found = links.pop(rel.key(), None)
                if found is None:
                    raise AnnotatorError(
                        f"{rel.label} {rel.head} -> {rel.child} is not in the gold set"
                        f" of document {doc_id}"
                    )
                change.unlinked.append(relations.delete(found.id))
            for span_id in remove:
                for rel in relations.of_span(span_id):
                    links.pop(rel.key(), None)
                    change.unlinked.append(rel)
                change.removed.append(replace(sets.delete_span(span_id), id=span_id))
            for span in add:
                new = replace(span, id=None, origin="human", attrs=dict(span.attrs))
                change.added.append(replace(new, id=sets.add_span(set_id, new)))
            for rel in link:
                if rel.key() in links:
                    continue
                new = replace(rel, id=None, origin="human")
                new.id = relations.add_by_key(set_id, new)
                links[new.key()] = new
                change.linked.append(new)
            before = self._project.categories.of_set(set_id) if categories else {}
            for name, values in (categories or {}).items():
                change.categories[name] = list(before.get(name, []))
                if sorted(values) != before.get(name, []):
                    self._project.categories.set(set_id, name, values)
            self._set_rejected(doc_id, reject, unreject)
        return change

    def change_many(self, changes: Mapping[int, tuple | Mapping]) -> dict[int, GoldChange]:
        """``change`` for several documents in one transaction: all of them
        or, if one is refused, none. Each document maps to (remove, add) or
        to the keyword arguments of ``change``."""
        out: dict[int, GoldChange] = {}
        with self._project.transaction():
            for doc_id, edit in changes.items():
                if isinstance(edit, Mapping):
                    out[doc_id] = self.change(doc_id, **edit)
                else:
                    remove, add = edit
                    out[doc_id] = self.change(doc_id, remove=remove, add=add)
        return out

    def links(self, doc_id: int) -> tuple[list[Relation], dict[str, list[str]]]:
        """The gold relations and category answers of a document (none yet: empty)."""
        found = self._project.sets.find(doc_id, GOLD)
        if found is None:
            return [], {}
        return found.relations, found.categories

    def spans(self, doc_ids: Iterable[int] | None = None) -> dict[int, list[Span]]:
        """Gold spans per document (all gold sets, or those of ``doc_ids``)."""
        wanted = None if doc_ids is None else set(doc_ids)
        return {
            s.document_id: s.spans
            for s in self._project.sets.select(annotator=GOLD, with_spans=True)
            if wanted is None or s.document_id in wanted
        }


def _decision(entry: Iterable) -> tuple:
    """A stored rejected decision as a hashable tuple: ints stay ints (a range,
    a unit's offsets), names stay strings."""
    return tuple(int(x) if isinstance(x, int | float) else str(x) for x in entry)
