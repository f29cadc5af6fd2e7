"""``project.gold``: the reviewer's ``gold`` sets, changed in one transaction.

Adjudicating one disagreement removes whatever gold had there and puts one
annotator's version in its place; sending a document's agreed spans to gold
adds many spans at once. Each is one transaction, so an undo (which calls
``change`` again with the roles swapped) never finds gold half-changed.

A reviewer may also decide that *no* span belongs where one annotator marked
one (taking the version of the annotator who left it out). Gold then looks
exactly as before the decision, so the decision itself is kept: as a list of
rejected ranges per document in the ``review.rejected`` project setting
(a JSON object: document id -> [[start, end], ...]), written in the same
transaction as the spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.types import GOLD, Span

if TYPE_CHECKING:
    from .project import Project

REJECTED_KEY = "review.rejected"


@dataclass(slots=True)
class GoldChange:
    """What one ``Gold.change`` call did, enough to undo it exactly."""

    set_id: int
    removed: list[Span] = field(default_factory=list)  # with their old ids
    added: list[Span] = field(default_factory=list)  # with their new ids


class Gold:
    """Gold sets (ordinary sets of the reserved annotator ``gold``) and the
    ranges the reviewer rejected."""

    def __init__(self, project: Project):
        self._project = project

    def set_id(self, doc_id: int) -> int:
        """The document's gold set, created empty (never seeded from predictions)."""
        return self._project.sets.open(doc_id, GOLD, seed=False).id

    def rejected(self, doc_id: int | None = None) -> dict[int, set[tuple[int, int]]]:
        """Ranges the reviewer decided carry no span, per document (one if given)."""
        stored = self._project.setting(REJECTED_KEY, {}) or {}
        out: dict[int, set[tuple[int, int]]] = {}
        for key, ranges in stored.items():
            doc = int(key)
            if doc_id is None or doc == doc_id:
                out[doc] = {(int(s), int(e)) for s, e in ranges}
        return out

    def _set_rejected(self, doc_id: int, add: Iterable, drop: Iterable) -> None:
        stored = dict(self._project.setting(REJECTED_KEY, {}) or {})
        current = {(int(s), int(e)) for s, e in stored.get(str(doc_id), [])}
        new = (current | {tuple(r) for r in add}) - {tuple(r) for r in drop}
        if new == current:
            return
        if new:
            stored[str(doc_id)] = sorted([list(r) for r in new])
        else:
            stored.pop(str(doc_id), None)
        self._project.set_setting(REJECTED_KEY, stored)

    def change(
        self,
        doc_id: int,
        remove: Iterable[int] = (),
        add: Iterable[Span] = (),
        reject: Iterable[tuple[int, int]] = (),
        unreject: Iterable[tuple[int, int]] = (),
    ) -> GoldChange:
        """Delete gold spans ``remove``, add ``add`` (as human spans) and record or
        drop rejected ranges, all in one transaction (each edit is logged).

        A span id that is not in this document's gold set is refused before
        anything is written.
        """
        sets = self._project.sets
        set_id = self.set_id(doc_id)
        remove = list(remove)
        mine = {s.id for s in sets.spans(set_id)}
        foreign = [i for i in remove if i not in mine]
        if foreign:
            raise AnnotatorError(f"span {foreign[0]} is not in the gold set of document {doc_id}")
        change = GoldChange(set_id)
        with self._project.transaction():
            for span_id in remove:
                change.removed.append(replace(sets.delete_span(span_id), id=span_id))
            for span in add:
                new = replace(span, id=None, origin="human", attrs=dict(span.attrs))
                change.added.append(replace(new, id=sets.add_span(set_id, new)))
            self._set_rejected(doc_id, reject, unreject)
        return change

    def change_many(
        self, changes: Mapping[int, tuple[Iterable[int], Iterable[Span]]]
    ) -> dict[int, GoldChange]:
        """``change`` for several documents (doc id -> (remove, add)) in one
        transaction: all of them or, if one is refused, none."""
        out: dict[int, GoldChange] = {}
        with self._project.transaction():
            for doc_id, (remove, add) in changes.items():
                out[doc_id] = self.change(doc_id, remove=remove, add=add)
        return out

    def spans(self, doc_ids: Iterable[int] | None = None) -> dict[int, list[Span]]:
        """Gold spans per document (all gold sets, or those of ``doc_ids``)."""
        wanted = None if doc_ids is None else set(doc_ids)
        return {
            s.document_id: s.spans
            for s in self._project.sets.select(annotator=GOLD, with_spans=True)
            if wanted is None or s.document_id in wanted
        }
