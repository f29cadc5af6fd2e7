"""Undo steps for relations: add, delete, relabel (and confirm), each one store call.

A relation is found again by its two span ids (through the session's alias
table, since deleting and undoing re-adds a span under a new id) and its
label, never by its own id: undoing the deletion of a span re-adds the
relations it took along under new ids, and an older step must still find
them. ``Links`` keeps no two relations with the same ends and label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.types import Relation

from .commands import SessionCommand

if TYPE_CHECKING:
    from .links import Link, Links


class _RelationCommand(SessionCommand):
    def __init__(self, links: Links, head: int, child: int, label: str, text: str) -> None:
        super().__init__(links.session, text)
        self.links = links
        self.head, self.child, self.label = head, child, label

    def _say(self, text: str) -> None:
        """Let a STANCE's holder follow its HOLDER link, in this undo step
        (holder.py), and say what was done with what that changed."""
        said: list[str] = []
        self.session.message.connect(said.append)
        try:
            self.session.sync_holder(self._ends()[0])
        finally:
            self.session.message.disconnect(said.append)
        self.session.message.emit("; ".join([text, *said]))

    def _ends(self) -> tuple[int, int]:
        resolve = self.session.resolve
        return resolve(self.head), resolve(self.child)

    def _find(self, label: str) -> Link:
        head, child = self._ends()
        link = self.links.find(head, child, label)
        if link is None:
            raise AnnotatorError(f"the {label} relation is no longer there")
        return link

    def _add(self, label: str, origin: str) -> None:
        head, child = self._ends()
        project = self.session.project
        relation_id = project.relations.add(self.set_id, head, child, label, origin)
        self.links.added(self.set_id, relation_id, head, child, label, origin)

    def _delete(self, label: str) -> None:
        link = self._find(label)
        self.session.project.relations.delete(link.id)
        self.links.removed(self.set_id, link.id)

    def _relabel(self, old: str, new: str, origin: str) -> None:
        link = self._find(old)
        project = self.session.project
        with project.transaction():
            project.relations.relabel(link.id, new)
            if origin != "human":  # an undone confirmation: a suggestion again
                project.relations.restore_origins([link.id], origin)
        self.links.relabelled(self.set_id, link.id, new, origin)


class AddRelation(_RelationCommand):
    def __init__(self, links: Links, head: int, child: int, label: str) -> None:
        super().__init__(links, head, child, label, f"Add {label} relation")

    def _redo(self) -> None:
        self._add(self.label, "human")
        self._say(self.links.describe(self.label, *self._ends()))

    def _undo(self) -> None:
        self._delete(self.label)


class DeleteRelation(_RelationCommand):
    def __init__(self, links: Links, link: Link) -> None:
        super().__init__(links, link.head, link.child, link.label, f"Delete {link.label} relation")
        self.origin = link.origin

    def _redo(self) -> None:
        said = self.links.describe(self.label, *self._ends())
        self._delete(self.label)
        self._say(f"Relation deleted, {said} (Ctrl+Z brings it back)")

    def _undo(self) -> None:
        self._add(self.label, self.origin)


class RelabelRelation(_RelationCommand):
    """Another label for a relation, or the same one to confirm a suggestion."""

    def __init__(self, links: Links, link: Link, label: str) -> None:
        text = "Confirm relation" if label == link.label else f"Relabel {link.label} as {label}"
        super().__init__(links, link.head, link.child, link.label, text)
        self.new, self.origin = label, link.origin

    def _redo(self) -> None:
        self._relabel(self.label, self.new, "human")
        said = self.links.describe(self.new, *self._ends())
        if self.new == self.label:
            self._say(f"Relation confirmed, {said}")
        else:
            self._say(f"{said} (was {self.label})")

    def _undo(self) -> None:
        self._relabel(self.new, self.label, self.origin)


class KeepLinks(SessionCommand):
    """The relations a span's deletion takes along (the store deletes them
    with the span), put back when the deletion is undone.

    Pushed first in the deletion's undo macro, before the span's own
    command: undoing runs the macro backwards, so the span is back (under a
    new id) before its relations are added again by their span keys.
    """

    def __init__(self, links: Links, span_id: int) -> None:
        super().__init__(links.session, "Keep relations")
        self.links = links
        s = links.session
        self.relations = [
            Relation(s.spans[x.head].key(), s.spans[x.child].key(), x.label, x.origin)
            for x in links.of_span(span_id)
        ]
        span = s.spans[span_id]
        names = ", ".join(sorted({r.label for r in self.relations}))
        count = len(self.relations)
        self.said = (
            f"{span.label} deleted with its {count} relation{'s' if count != 1 else ''}"
            f" ({names}); Ctrl+Z brings {'them' if count != 1 else 'it'} back"
        )

    def _redo(self) -> None:
        self.session.message.emit(self.said)

    def _undo(self) -> None:
        s = self.session
        project = s.project
        ids = {span.key(): span.id for span in s.spans.values()}
        for relation in self.relations:
            relation_id = project.relations.add_by_key(self.set_id, relation)
            self.links.added(
                self.set_id,
                relation_id,
                ids[relation.head],
                ids[relation.child],
                relation.label,
                relation.origin,
            )
