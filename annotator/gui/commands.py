"""One ``QUndoCommand`` per edit; each one calls the store and nothing else.

A command remembers the (set, document) it belongs to, so undoing it after
the annotator has moved on first brings that document back on screen and
then changes the right set. Deleting a span and undoing re-adds it under a
new id; the session's alias table maps the old id to the new one, so older
commands that refer to the span keep working.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from annotator.core.errors import AnnotatorError
from annotator.core.types import Span

if TYPE_CHECKING:
    from .session import Session

_MERGE_ATTR = 1001
_MERGE_NOTE = 1002


class SessionCommand(QUndoCommand):
    """Base of every edit: the store call, its error handling, and the document.

    A refused edit (the store raised an ``AnnotatorError``, or writes made
    before it are still pending) is kept in ``error``, said on the session's
    ``message``, and, when it is the first run, leaves no undo entry; the
    screen never changed, because the session is told only after the store
    call. Undoing or redoing later first brings the command's document back
    on screen, unless the command spans many documents (``follows_document``
    false) and says itself what changed. A command with ``queues`` true
    (the note) is never refused: the session keeps what it could not write
    as pending.
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

    def redo(self) -> None:
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Callable[[], None]) -> None:
        first, self._first = self._first, False
        try:
            away = not first and self.follows_document and self.session.doc_id != self.doc_id
            if away and not self.session.open_document(self.doc_id):
                raise AnnotatorError(f"document {self.doc_id} could not be opened")
            if not self.queues:
                self.session.before_edit(self.set_id)
            step()
            if self.follows_document and not self.queues:
                self.session.wrote(self.set_id)
            elif not self.follows_document:  # it wrote sets of many documents
                self.session.wrote_many()
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
    """Add a span, replacing the entity spans it would overlap (one undo step)."""

    def __init__(self, session: Session, span: Span, replaced: list[Span]):
        super().__init__(session, f"Add {span.label}")
        self.span = replace(span, id=None)
        self.replaced = list(replaced)
        self.span_id: int | None = None

    def _redo(self) -> None:
        project = self.session.project
        with project.transaction():
            for old in self.replaced:
                project.sets.delete_span(self.session.resolve(old.id))
            new_id = project.sets.add_span(self.set_id, self.span)
        if self.span_id is not None:
            self.session.alias(self.span_id, new_id)
        self.span_id = new_id
        self.session.spans_edited(
            self.set_id,
            added=[replace(self.span, id=new_id)],
            removed=[self.session.resolve(s.id) for s in self.replaced],
            select=new_id,
        )

    def _undo(self) -> None:
        project = self.session.project
        restored = []
        with project.transaction():
            project.sets.delete_span(self.session.resolve(self.span_id))
            for old in self.replaced:
                new_id = project.sets.add_span(self.set_id, old)
                self.session.alias(self.session.resolve(old.id), new_id)
                restored.append(replace(old, id=new_id))
        self.session.spans_edited(
            self.set_id, added=restored, removed=[self.session.resolve(self.span_id)]
        )


class DeleteSpan(SessionCommand):
    def __init__(self, session: Session, span: Span):
        super().__init__(session, f"Delete {span.label}")
        self.span = span

    def _redo(self) -> None:
        span_id = self.session.resolve(self.span.id)
        self.session.project.sets.delete_span(span_id)
        self.session.spans_edited(self.set_id, removed=[span_id])

    def _undo(self) -> None:
        old_id = self.session.resolve(self.span.id)
        new_id = self.session.project.sets.add_span(self.set_id, self.span)
        self.session.alias(old_id, new_id)
        self.session.spans_edited(self.set_id, added=[replace(self.span, id=new_id)], select=new_id)


class UpdateSpan(SessionCommand):
    """Change a span's label, boundaries or attributes (and confirm it: origin human).

    Typing in an attribute field saves every keystroke; consecutive keystrokes
    in the same field merge into one undo step.
    """

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
        span_id = self.session.resolve(self.span_id)
        self.session.project.sets.update_span(span_id, **fields)
        self.session.span_updated(self.set_id, span_id, fields)

    def _redo(self) -> None:
        self._apply(self.new)

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
        return True


class AcceptDocument(SessionCommand):
    """Status done; the set's model suggestions become confirmed spans."""

    def __init__(self, session: Session):
        super().__init__(session, "Accept document")
        self.before: tuple[str, str, list[int]] | None = None

    def _redo(self) -> None:
        self.before = self.session.project.sets.accept(self.set_id)
        self.session.set_changed(self.set_id, origins_to="human", ids=self.before[2])

    def _undo(self) -> None:
        status, reason, ids = self.before
        ids = [self.session.resolve(i) for i in ids]
        self.session.project.sets.undo_accept(self.set_id, status, reason, ids)
        self.session.set_changed(self.set_id, origins_to="model", ids=ids)


class SetStatus(SessionCommand):
    """Skip (with a reason) or put a document back to work."""

    def __init__(self, session: Session, status: str, reason: str | None):
        super().__init__(session, "Skip document" if status == "skipped" else f"Mark {status}")
        state = session.project.sets.state(self.set_id)
        self.old = (state["status"], state["skip_reason"] or None)
        self.new = (status, reason)

    def _redo(self) -> None:
        self.session.project.sets.set_status(self.set_id, *self.new)
        self.session.set_changed(self.set_id)

    def _undo(self) -> None:
        self.session.project.sets.set_status(self.set_id, *self.old)
        self.session.set_changed(self.set_id)


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
