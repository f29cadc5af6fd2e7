"""Undo steps for relations: add, delete, relabel (and confirm), each one write.

A relation is found again by its two span ids (through the session's alias
table, since deleting and undoing re-adds a span under a new id) and its
label, never by its own id: undoing the deletion of a span re-adds the
relations it took along under new ids, and an older step must still find
them. ``Links`` keeps no two relations with the same ends and label.

Each step describes its write as a ``pending.RelationEdit`` and hands it to
``Session.edit``, like the span edits: written at once, or kept pending
(another program holds the lock, the disk is full) and written in order
with the set's version check; the screen shows it either way. A relation
the scheme refuses is refused here, before anything waits, with the
store's own words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.types import Relation

from .commands import SessionCommand
from .pending import RelationEdit, stored_relation

if TYPE_CHECKING:
    from .links import Link, Links
    from .session import Session


def check_relation(session: Session, label: str, head: int, child: int) -> None:
    """Refuse, in one line, a relation the scheme does not allow between
    these two spans (what ``project.relations.add`` would say)."""
    scheme = session.scheme
    kind = scheme.relation(label)
    if kind is None:
        known = ", ".join(scheme.relation_names) or "none"
        raise AnnotatorError(f"unknown relation {label!r} (the scheme has: {known})")
    for span_id in (head, child):
        if span_id not in session.spans:
            raise AnnotatorError(f"no span with id {span_id} in set {session.set_id}")
    head_label, child_label = session.spans[head].label, session.spans[child].label
    if not kind.allows(head_label, child_label):
        raise AnnotatorError(
            f"{label} goes from {'/'.join(kind.heads)} to {'/'.join(kind.children)},"
            f" not from {head_label} to {child_label}"
        )
    if head == child:
        raise AnnotatorError(f"a {label} relation needs two different spans")


def shown_id(links: Links, head: int, child: int, label: str) -> int:
    """A relation's id on screen: its store id once written, else one for
    the window only (``Links.unsaved_id``)."""
    found = stored_relation(links.session.project, head, child, label)
    return links.unsaved_id() if found is None else found


class _RelationCommand(SessionCommand):
    queues = True

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
        check_relation(self.session, label, head, child)
        self.session.edit(self, "relations", RelationEdit(added=((head, child, label, origin),)))
        shown = shown_id(self.links, head, child, label)
        self.links.added(self.set_id, shown, head, child, label, origin)

    def _delete(self, label: str) -> None:
        link = self._find(label)
        edit = RelationEdit(removed=((link.head, link.child, label),))
        self.session.edit(self, "relations", edit)
        self.links.removed(self.set_id, link.id)

    def _relabel(self, old: str, new: str, origin: str) -> None:
        link = self._find(old)
        check_relation(self.session, new, link.head, link.child)
        edit = RelationEdit(relabelled=((link.head, link.child, old, new, origin),))
        self.session.edit(self, "relations", edit)
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
    with the span), put back when the deletion is undone (one relation
    write, queued like the span's own re-adding before it).

    Pushed first in the deletion's undo macro, before the span's own
    command: undoing runs the macro backwards, so the span is back (under a
    new id) before its relations are added again by their span keys.
    """

    queues = True

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
        ids = {span.key(): span.id for span in s.spans.values()}
        added = tuple(
            (ids[relation.head], ids[relation.child], relation.label, relation.origin)
            for relation in self.relations
        )
        if not added:
            return
        s.edit(self, "relations", RelationEdit(added=added))
        for head, child, label, origin in added:
            shown = shown_id(self.links, head, child, label)
            self.links.added(self.set_id, shown, head, child, label, origin)
