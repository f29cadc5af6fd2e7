"""One ``QUndoCommand`` per edit; each one hands its write to the session.

A command remembers the (set, document) it belongs to, so undoing it after
the annotator has moved on first brings that document back on screen and
then changes the right set. The span, status and accept commands describe
their write (a ``pending.SpanEdit`` or a status) and the session writes it
at once or, when the store cannot take it now, keeps it pending and shows
it marked as not saved (``Session.edit``). Deleting a span and undoing
re-adds it under a new id, provisional until written; the session's alias
table maps the old id to the new one, so older commands that refer to the
span keep working.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from annotator.core.errors import AnnotatorError
from annotator.core.types import Span

from . import span_plan
from .pending import SpanEdit

if TYPE_CHECKING:
    from .session import Session

_MERGE_ATTR = 1001
_MERGE_NOTE = 1002


class SessionCommand(QUndoCommand):
    """Base of every edit: the store call, its error handling, and the document.

    A command with ``queues`` true goes through ``Session.edit`` (or
    ``save_note``): a busy or full store keeps it pending, and it is refused
    only on a read-only project or a set changed elsewhere. Any other
    command (the review's adjudications) calls the store itself; it runs
    after the pending writes, with the set's version check, in one
    transaction, and is refused while writes wait. A refused edit is kept
    in ``error``, said on the session's ``message``, and, when it is the
    first run, leaves no undo entry; the screen never changed. Undoing or
    redoing later first brings the command's document back on screen,
    unless the command spans many documents (``follows_document`` false)
    and says itself what changed.
    """

    follows_document = True
    queues = False

    def __init__(self, session: Session, text: str):
        super().__init__(text)
        self.session = session
        self.set_id = session.set_id
        self.doc_id = session.doc_id
        self._first = True
        self.error: AnnotatorError | None = None
        # what the step's follow-ups did (a STANCE's holder following its
        # link: Session.sync_holder), undone first when the step is undone
        self.also_undo: list[Callable[[], None]] = []

    def redo(self) -> None:
        self._run(self._with_follow_ups(self._redo, undoing=False))

    def undo(self) -> None:
        self._run(self._with_follow_ups(self._undo, undoing=True))

    def _with_follow_ups(self, step: Callable[[], None], undoing: bool) -> Callable[[], None]:
        """The step as the running command (``Session.running``), so what
        it sets off joins this undo step; undoing undoes those first."""

        def run() -> None:
            self.session.holders.ensure()  # what the links give, read before the step
            outer, self.session.running = self.session.running, self
            try:
                if undoing:
                    for undo in reversed(self.also_undo):
                        undo()
                else:
                    self.also_undo = []
                step()
            finally:
                self.session.running = outer

        return run

    def _run(self, step: Callable[[], None]) -> None:
        first, self._first = self._first, False
        try:
            away = not first and self.follows_document and self.session.doc_id != self.doc_id
            if away and not self.session.open_document(self.doc_id):
                raise AnnotatorError(f"document {self.doc_id} could not be opened")
            if self.queues:
                step()
            else:
                self.session.before_edit()  # the pending writes go first
                with self.session.project.transaction():  # the version check and the write as one
                    self.session.check_version(self.set_id)
                    step()
            if self.follows_document and not self.queues:
                self.session.versions.wrote(self.set_id)
            elif not self.follows_document:  # it wrote sets of many documents
                self.session.versions.wrote_many()
        except AnnotatorError as exc:
            self.error = exc
            if first:
                self.setObsolete(True)  # QUndoStack drops it instead of stacking it
            self.session.message.emit(f"Not done: {exc}")
            self.session.editRefused.emit()

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class AddSpan(SessionCommand):
    """Add a span, replacing the entity spans it would overlap (one undo
    step), and say what it replaced (``links``: the relations that went with
    them, put back by the ``KeepLinks`` before it in the same undo macro)."""

    queues = True

    def __init__(self, session: Session, span: Span, replaced: list[Span], links: int = 0):
        super().__init__(session, f"Add {span.label}")
        self.span = replace(span, id=None)
        self.replaced = list(replaced)
        self.span_id: int | None = None
        self.said = (
            span_plan.replaced_message(session, span, self.replaced, links) if replaced else ""
        )

    def _redo(self) -> None:
        s = self.session
        new = replace(self.span, id=s.provisional_id())
        if self.span_id is not None:  # a redo after an undo: older commands follow it
            s.alias(s.resolve(self.span_id), new.id)
        self.span_id = new.id
        removed = tuple(s.resolve(old.id) for old in self.replaced)
        held = [i for old in removed for i in s.holders.stances_held_by(old)]
        s.edit(self, "spans", SpanEdit(removed=removed, added=(new,)), select=new.id)
        for stance_id in held:  # their holder came from a replaced mention: it goes too
            s.sync_holder(stance_id)
        if self.said:
            s.message.emit(self.said)

    def _undo(self) -> None:
        s = self.session
        restored = []
        for old in self.replaced:
            back = replace(old, id=s.provisional_id())
            s.alias(s.resolve(old.id), back.id)
            restored.append(back)
        s.edit(self, "spans", SpanEdit(removed=(s.resolve(self.span_id),), added=tuple(restored)))
        if restored:
            back = ", ".join(span_plan.named(s, x) for x in restored)
            s.message.emit(f"{back} back; {span_plan.named(s, self.span)} undone")


class DeleteSpan(SessionCommand):
    queues = True

    def __init__(self, session: Session, span: Span):
        super().__init__(session, f"Delete {span.label}")
        self.span = span

    def _redo(self) -> None:
        s = self.session
        span_id = s.resolve(self.span.id)
        held = s.holders.stances_held_by(span_id)  # read before the span goes
        s.edit(self, "spans", SpanEdit(removed=(span_id,)))
        for stance_id in held:  # their holder came from this mention: it goes too
            s.sync_holder(stance_id)

    def _undo(self) -> None:
        s = self.session
        back = replace(self.span, id=s.provisional_id())
        s.alias(s.resolve(self.span.id), back.id)
        s.edit(self, "spans", SpanEdit(added=(back,)), select=back.id)


class UpdateSpan(SessionCommand):
    """Change a span's label, boundaries or attributes (and confirm it: origin human).

    Typing in an attribute field saves every keystroke; consecutive keystrokes
    in the same field merge into one undo step.
    """

    queues = True

    def __init__(
        self,
        session: Session,
        span: Span,
        new: dict[str, Any],
        text: str,
        merge_key: str | None = None,
    ):
        super().__init__(session, text)
        self.span_id = span.id
        self.new = dict(new)
        self.old = {k: getattr(span, k) for k in new}
        self.merge_key = merge_key

    def _apply(self, fields: dict[str, Any]) -> None:
        s = self.session
        span_id = s.resolve(self.span_id)
        s.edit(self, "spans", SpanEdit(updated=((span_id, dict(fields)),)))
        if "start" in fields and span_id in s.spans:  # the status bar names the words now
            s.message.emit(f"{span_plan.named(s, s.spans[span_id])} now")

    def _redo(self) -> None:
        self._apply(self.new)
        self.session.holders.follow_mention(self.session.resolve(self.span_id))

    def _undo(self) -> None:
        self._apply(self.old)

    def id(self) -> int:
        return _MERGE_ATTR if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, UpdateSpan) or other.merge_key != self.merge_key:
            return False
        if self.session.resolve(other.span_id) != self.session.resolve(self.span_id):
            return False
        self.new.update(other.new)
        for key, value in other.old.items():
            self.old.setdefault(key, value)
        self.also_undo.extend(other.also_undo)
        return True


class AcceptDocument(SessionCommand):
    """Status done; the set's model suggestions become confirmed spans.
    What an undo restores is read off the set as the window shows it."""

    queues = True

    def __init__(self, session: Session):
        super().__init__(session, "Accept document")
        self.before: tuple[str, str, list[int]] | None = None

    def _redo(self) -> None:
        s = self.session
        model = [i for i, span in s.spans.items() if span.origin == "model"]
        self.before = (s.state["status"], s.state["skip_reason"] or "", model)
        s.edit(self, "accept", None)

    def _undo(self) -> None:
        status, reason, ids = self.before
        self.session.edit(self, "unaccept", (status, reason, ids))


class SetStatus(SessionCommand):
    """Skip (with a reason) or put a document back to work."""

    queues = True

    def __init__(self, session: Session, status: str, reason: str | None):
        super().__init__(session, "Skip document" if status == "skipped" else f"Mark {status}")
        self.old = (session.state["status"], session.state["skip_reason"] or None)
        self.new = (status, reason)

    def _redo(self) -> None:
        self.session.edit(self, "status", self.new)

    def _undo(self) -> None:
        self.session.edit(self, "status", self.old)


class SetNote(SessionCommand):
    """The document's note; saved as typed, keystrokes merge into one step.
    A note the store cannot take now waits as pending (``Session.save_note``)."""

    queues = True

    def __init__(self, session: Session, old: str, new: str):
        super().__init__(session, "Edit note")
        self.old, self.new = old, new

    def _redo(self) -> None:
        self.session.save_note(self.set_id, self.doc_id, self.new)

    def _undo(self) -> None:
        self.session.save_note(self.set_id, self.doc_id, self.old)

    def id(self) -> int:
        return _MERGE_NOTE

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetNote) or other.set_id != self.set_id:
            return False
        self.new = other.new
        return True
