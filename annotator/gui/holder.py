"""A STANCE's ``holder`` follows its HOLDER link: the linked ACTOR's ``canonical``.

The attribute stays (exports and files made before links read it), but
the link is what the annotator draws, so after every relation change, and
after a linked ACTOR's canonical changes, ``Session.sync_holder`` writes the
holder the link gives, as part of the undo step that made the change, and
says so in the status bar. Which relation and attribute follow each other
comes from the scheme: a relation whose head label has an ``actor``
attribute of the relation's name (HOLDER -> ``holder``).

A holder that was not the link's before the change (typed by hand, or from
an old file) is replaced too, since the guidelines make the link the truth,
but never silently: the message names what was replaced and that Ctrl+Z
brings it back. When the link goes, a holder that came from it goes with
it; one typed by hand stays. To tell the two apart the session remembers,
per STANCE, the holder its link gave when last read (``HolderLinks``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.core.scheme import Scheme
from annotator.core.types import Relation, Span, SpanKey

from .commands import SessionCommand
from .pending import SpanEdit

if TYPE_CHECKING:
    from .session import Session


def followed_relations(scheme: Scheme) -> dict[str, tuple[str, str]]:
    """Head label -> (relation, the attribute that follows it): ``STANCE`` ->
    (``HOLDER``, ``holder``)."""
    found: dict[str, tuple[str, str]] = {}
    for relation in scheme.relations:
        for head in relation.heads:
            label = scheme.label(head)
            attribute = label.attribute(relation.name.lower()) if label else None
            if attribute is not None and attribute.type == "actor" and head not in found:
                found[head] = (relation.name, attribute.name)
    return found


def actor_name(span: Span, text: str) -> str:
    """What a linked mention gives a holder: its canonical, else its text."""
    return str(span.attrs.get("canonical") or text).strip()


@dataclass
class HolderChange:
    """One holder written after a relation change, and what undoes it."""

    stance_id: int
    attribute: str
    old: Any  # None: the attribute was not set
    new: Any
    was_linked: str | None  # what the link gave before the change


class HolderLinks(QObject):
    """The holder each STANCE's link gave when last read, by span id; and
    ``linksChanged`` (a span's links changed: the inspector shows them anew)."""

    linksChanged = Signal(int)  # the span id whose links changed

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.session = session
        self.followed = followed_relations(session.scheme)
        self._linked: dict[int, str | None] | None = {}

    def reset(self) -> None:
        """A document was opened: its links are read once it is on screen
        (45 ms for 1,000 relations, kept out of the open), or before the
        first edit if that comes sooner (``ensure``)."""
        self._linked = None
        QTimer.singleShot(0, self, self.ensure)

    def ensure(self) -> None:
        """Read the open set's links unless they are read (every command
        calls this before its step: what the links gave is read before the
        step changes them)."""
        if self._linked is not None:
            return
        s = self.session
        self._linked = {}
        if not self.followed or s.set_id is None:
            return
        ids = s.span_ids_by_key()
        for relation in s.project.relations.of_set(s.set_id):
            head = relation.head[2]
            followed = self.followed.get(head)
            if followed and relation.label == followed[0] and relation.head in ids:
                stance = ids[relation.head]
                if stance not in self._linked:  # the first link counts
                    self._linked[stance] = self._name_of(relation.child, ids)

    def was(self, stance_id: int) -> str | None:
        self.ensure()
        resolve = self.session.resolve
        return next((v for k, v in self._linked.items() if resolve(k) == stance_id), None)

    def remember(self, stance_id: int, value: str | None) -> None:
        self.ensure()
        resolve = self.session.resolve
        for key in [k for k in self._linked if resolve(k) == stance_id]:
            del self._linked[key]
        self._linked[stance_id] = value

    def now(self, stance_id: int) -> tuple[str, str, list[str]] | None:
        """(relation, attribute, the names the span's links give now), or
        None when its label follows no relation."""
        s = self.session
        stance = s.spans.get(stance_id)
        if stance is None or s.set_id is None or stance_id < 0:
            return None
        if stance.label not in self.followed:
            return None
        relation, attribute = self.followed[stance.label]
        key = (stance.start, stance.end, stance.label)
        names: list[str] = []
        ids: dict[SpanKey, int] | None = None
        for link in s.project.relations.of_span(stance_id):
            if link.label == relation and link.head == key:
                ids = ids if ids is not None else s.span_ids_by_key()
                name = self._name_of(link.child, ids)
                if name:
                    names.append(name)
        return relation, attribute, names

    def stances_held_by(self, span_id: int) -> list[int]:
        """The spans whose followed attribute this mention gives (the STANCEs
        it is the HOLDER of), by id."""
        s = self.session
        span = s.spans.get(span_id)
        if not self.followed or span is None or span_id < 0 or s.set_id is None:
            return []
        key = (span.start, span.end, span.label)
        heads = [
            link.head
            for link in s.project.relations.of_span(span_id)
            if link.child == key and self.followed.get(link.head[2], ("",))[0] == link.label
        ]
        if not heads:
            return []
        ids = s.span_ids_by_key()
        return [ids[head] for head in heads if head in ids]

    def follow_mention(self, span_id: int) -> None:
        """A span changed (its canonical, its text): the holders of the
        STANCEs linked to it follow, in the running command's step."""
        for stance_id in self.stances_held_by(span_id):
            self.session.sync_holder(stance_id)

    def _name_of(self, key: SpanKey, ids: dict[SpanKey, int]) -> str | None:
        s = self.session
        span = s.spans.get(ids.get(key, 0))
        return actor_name(span, s.span_text(span)) if span is not None else None


def sync(session: Session, stance_id: int) -> HolderChange | None:
    """Write the holder a STANCE's link gives (see the module's docstring),
    say what changed; None when nothing did."""
    holders = session.holders
    found = holders.now(stance_id)
    if found is None:
        return None
    relation, attribute, names = found
    stance = session.spans[stance_id]
    old = stance.attrs.get(attribute)
    had = "" if old is None else str(old).strip()
    was = holders.was(stance_id)
    new: str | None = names[0] if names else None
    if new is None:
        if not had or had != was:
            holders.remember(stance_id, None)
            return None  # typed by hand, or never from a link: it stays
        text = f"{attribute} {had} cleared with its {relation} link (Ctrl+Z brings it back)"
    elif had == new:
        holders.remember(stance_id, new)
        return None
    elif not had:
        text = f"{attribute} set to {new} from the {relation} link"
    elif had == was:
        text = f"{attribute} set to {new} from the {relation} link (was {had})"
    else:
        text = (
            f"{attribute} set to {new} from the {relation} link, replacing {had!r}"
            " typed by hand (Ctrl+Z brings it back)"
        )
    if len(names) > 1:
        text += f"; {len(names)} {relation} links, the first one counts"
    change = HolderChange(stance_id, attribute, old, new, was)
    _write(session, stance_id, attribute, new)
    holders.remember(stance_id, new)
    session.message.emit(text)
    return change


def restore(session: Session, change: HolderChange) -> Callable[[], None]:
    """The undo of ``change``: the holder and what the link gave, as before."""

    def undo() -> None:
        stance_id = session.resolve(change.stance_id)
        if stance_id not in session.spans:
            return
        _write(session, stance_id, change.attribute, change.old)
        session.holders.remember(stance_id, change.was_linked)
        shown = "not set" if change.old is None else change.old
        session.message.emit(f"{change.attribute} back to {shown} (undone)")

    return undo


def _write(session: Session, stance_id: int, attribute: str, value: Any) -> None:
    """Write the attribute as the running command writes: through the
    session's pending writes for a command that queues, else inside its
    own transaction, straight to the store."""
    attrs = dict(session.spans[stance_id].attrs)
    if value is None or value == "":
        attrs.pop(attribute, None)
    else:
        attrs[attribute] = value
    command = session.running
    if command is not None and command.queues:
        session.edit(command, "spans", SpanEdit(updated=((stance_id, {"attrs": attrs}),)))
    else:
        session.project.sets.update_span(stance_id, attrs=attrs)
        session.show_updated(stance_id, {"attrs": attrs})


def links(session: Session, span_id: int) -> list[tuple[Relation, str, int]]:
    """A span's relations as (relation, "out" or "in", the other span's id),
    the other end found among the shown spans."""
    span = session.spans.get(span_id)
    if span is None or session.set_id is None or span_id < 0:
        return []
    key = (span.start, span.end, span.label)
    ids = session.span_ids_by_key()
    found = []
    for relation in session.project.relations.of_span(span_id):
        if relation.head == key and relation.child in ids:
            found.append((relation, "out", ids[relation.child]))
        elif relation.child == key and relation.head in ids:
            found.append((relation, "in", ids[relation.head]))
    return found


class FollowHolder(SessionCommand):
    """``Session.sync_holder`` called outside a command (the links changed
    by something that is not an undo step of this window): its own step."""

    queues = True

    def __init__(self, session: Session, stance_id: int) -> None:
        super().__init__(session, "Holder from its link")
        self.stance_id = stance_id

    def _redo(self) -> None:
        self.session.sync_holder(self.stance_id)
        if not self.also_undo:
            self.setObsolete(True)  # nothing changed: no undo entry

    def _undo(self) -> None:
        """Nothing but the follow-up, which the base class undoes."""
