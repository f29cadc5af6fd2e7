"""The relations of the open document's set, as the window holds them.

``Links`` follows the session: it reads the set's relations when a document
opens (or a step over the whole set, accepting, changed them), forgets those
of a deleted span (the store deleted them with it), and reads again the
relations of a span that comes back (undoing a deletion re-adds the span
and its relations). Each relation is held by its two span ids, so a span
that moves or is relabelled keeps its arcs. The relation commands tell it
what they wrote. Widgets listen to ``reset`` and ``changed``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

from annotator.core.types import Relation

from .pending import RelationEdit
from .session import Session


@dataclass(frozen=True, slots=True)
class Link:
    id: int
    head: int  # span ids
    child: int
    label: str
    origin: str = "human"


class Links(QObject):
    reset = Signal()  # every relation anew
    changed = Signal(list, list)  # relation ids added or changed, ids removed

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.items: dict[int, Link] = {}
        self._unsaved = -1  # the last id given to a relation not written yet
        session.links = self  # what a recovery file holds when the store cannot be read
        session.documentOpened.connect(lambda _doc_id: self.reload())
        session.spansReset.connect(self.reload)
        session.spansChanged.connect(self._spans_changed)

    # -- reading -------------------------------------------------------------
    def reload(self) -> None:
        """The open set's relations from the store."""
        s = self.session
        self.items = {}
        if s.set_id is not None:
            ids = self._span_ids()
            for relation in s.project.relations.of_set(s.set_id):
                self._take(relation, ids)
            for item in s.pending.for_set(s.set_id):  # made here earlier, not written yet
                if item.kind == "relations":
                    self._apply(item.value)
        self.reset.emit()

    def _apply(self, edit: RelationEdit) -> None:
        """Show a relation write still pending (its ends as the store knows them now)."""
        resolve = self.session.pending.stored_id
        for head, child, label in edit.removed:
            link = self.find(resolve(head), resolve(child), label)
            if link is not None:
                del self.items[link.id]
        for head, child, label, origin in edit.added:
            shown = self.unsaved_id()
            self.items[shown] = Link(shown, resolve(head), resolve(child), label, origin)
        for head, child, old, new, origin in edit.relabelled:
            link = self.find(resolve(head), resolve(child), old)
            if link is not None:
                self.items[link.id] = replace(link, label=new, origin=origin)

    def _take(self, relation: Relation, ids: dict[tuple[int, int, str], int]) -> Link:
        """Hold a stored relation by its spans' ids (looked up by span key)."""
        head, child = ids.get(relation.head), ids.get(relation.child)
        if head is None or child is None:  # two spans share a key: the store knows which
            head, child = self.session.project.relations.ends(relation.id)
        link = Link(relation.id, head, child, relation.label, relation.origin)
        self.items[link.id] = link
        return link

    def unsaved_id(self) -> int:
        """An id for a relation not written yet: negative, and below the
        arc preview's key (-1)."""
        self._unsaved -= 1
        return self._unsaved

    def _span_ids(self) -> dict[tuple[int, int, str], int]:
        return {span.key(): span.id for span in self.session.spans.values()}

    def of_span(self, span_id: int) -> list[Link]:
        """The relations that use a span, at either end."""
        return [x for x in self.items.values() if span_id in (x.head, x.child)]

    def find(self, head: int, child: int, label: str) -> Link | None:
        return next(
            (x for x in self.items.values() if (x.head, x.child, x.label) == (head, child, label)),
            None,
        )

    def _spans_changed(self, added: list[int], removed: list[int]) -> None:
        s = self.session
        # a span written under its store id (it was provisional): its links follow it
        renamed = {o: s.resolve(o) for o in removed if s.resolve(o) != o and s.resolve(o) in added}
        back = []
        for link in list(self.items.values()):
            if link.head in renamed or link.child in renamed:
                head, child = renamed.get(link.head, link.head), renamed.get(link.child, link.child)
                self.items[link.id] = replace(link, head=head, child=child)
                back.append(link.id)
        gone = [x.id for x in self.items.values() if x.head in removed or x.child in removed]
        for relation_id in gone:
            del self.items[relation_id]
        ids = self._span_ids() if added else {}
        for span_id in set(added) - set(renamed.values()):  # a span back brings its relations
            if span_id < 0:
                continue  # not written yet (provisional): the store has no relations of it
            for relation in s.project.relations.of_span(span_id):
                if relation.id not in self.items:
                    back.append(self._take(relation, ids).id)
        if gone or back:
            self.changed.emit(back, gone)

    # -- what the commands wrote ---------------------------------------------
    def added(self, set_id: int, relation_id: int, head: int, child: int, label: str, origin: str):
        if set_id == self.session.set_id:
            self.items[relation_id] = Link(relation_id, head, child, label, origin)
            self._wrote([relation_id], [])

    def removed(self, set_id: int, relation_id: int) -> None:
        if set_id == self.session.set_id:
            self.items.pop(relation_id, None)
            self._wrote([], [relation_id])

    def relabelled(self, set_id: int, relation_id: int, label: str, origin: str) -> None:
        if set_id == self.session.set_id and relation_id in self.items:
            self.items[relation_id] = replace(self.items[relation_id], label=label, origin=origin)
            self._wrote([relation_id], [])

    def _wrote(self, changed: list[int], removed: list[int]) -> None:
        """(The set's status and the list's row followed in ``Session.edit``.)"""
        self.changed.emit(changed, removed)

    # -- what the status bar says --------------------------------------------
    def describe(self, label: str, head: int, child: int) -> str:
        """``HOLDER: STANCE → Japan``: the head by its label, the child by its words."""
        s = self.session
        head_span, child_span = s.spans.get(head), s.spans.get(child)
        head_text = head_span.label if head_span else "?"
        child_text = _short(s.span_text(child_span)) if child_span else "?"
        return f"{label}: {head_text} → {child_text}"

    def say(self, label: str, head: int, child: int, *more: str) -> None:
        self.session.message.emit(" ".join([self.describe(label, head, child), *more]))


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
