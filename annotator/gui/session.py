"""A session: one owner's set of the open document, and the undo stack.

Every change goes through here as a ``QUndoCommand`` (commands.py). The
session writes it to the store, the set's version check and the write in
one transaction, before the screen shows it; when the store cannot take it
now (another program holds the lock, the disk is full) it is kept pending
(pending.py), shown marked as not saved and written in order as soon as it
can be. Widgets listen to the session's signals and never talk to the
store themselves; that keeps the window, the list and the inspector in
step.

The owner is an annotator or the reviewer's ``gold``, and the two differ in
one thing only: when a set comes into being. An annotator's set is created
the moment they open a document, seeded from the model's predictions, so
they correct rather than start from nothing. Gold is created by the
reviewer's first edit, empty: browsing the review must leave no empty gold
sets behind (a merge would see them as differing from another file's), and
gold holds only what the reviewer decided, never a model's guess.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.errors import AnnotatorError
from annotator.core.scheme import Label, Scheme
from annotator.core.store import Project
from annotator.core.store.waiting import WaitSignal
from annotator.core.types import GOLD, Document, Span
from annotator.core.words import count

from . import commands, holder, span_plan
from .category_commands import CategoryAnswers
from .pending import Dropped, PendingWrite, PendingWrites, apply_write, write_to_store
from .set_versions import SetVersions

if TYPE_CHECKING:
    from annotator.core.tokens import TokenIndex


class Session(QObject):
    documentOpened = Signal(int)  # document id
    spansChanged = Signal(list, list)  # ids added, ids removed
    spanUpdated = Signal(int)  # one span changed in place
    spansReset = Signal()  # many spans changed (accept)
    selectionChanged = Signal(int)  # span id, -1 for none
    setChanged = Signal(int)  # status or note of this document changed
    annotatorChanged = Signal(str)
    message = Signal(str)
    editRefused = Signal()  # an edit was not made: widgets show the session's state again

    def __init__(
        self,
        project: Project,
        annotator: str,
        parent: QObject | None = None,
        *,
        seeded: bool = True,
    ):
        """``seeded``: the set is created (from the predictions) on opening a
        document; else it is created empty by the first edit."""
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        # A read-only project is browsed: no set is created, no time recorded
        self.read_only = project.read_only
        self.seeded = seeded and not self.read_only
        self.scheme: Scheme = project.scheme()
        self.undo_stack = QUndoStack(self)
        self.doc: Document | None = None
        self.doc_id: int | None = None
        self.set_id: int | None = None
        self.state: dict[str, str] = {"status": "todo", "note": "", "skip_reason": ""}
        self.spans: dict[int, Span] = {}
        self.selected: int | None = None
        self._sorted: list[Span] | None = None
        self._tokens: TokenIndex | None = None
        self._aliases: dict[int, int] = {}
        self._opened_at = time.monotonic()
        self._total: int | None = None
        self.pending = PendingWrites(
            self._write_pending, self._dropped, self, WaitSignal(project.path)
        )
        self._provisional = 0  # the last provisional (negative) id given to a span
        self.running: commands.SessionCommand | None = None  # whose step runs now
        self.answers = CategoryAnswers(self)  # the document categories
        self.links: Any = None  # the open set's relations as shown (links.Links sets it)
        self.holders = holder.HolderLinks(self)  # what each STANCE's link gave
        self.versions = SetVersions(project)  # refuses writes to sets changed elsewhere
        if not self.read_only:
            project.sets.ensure_annotator(annotator)

    # -- documents -------------------------------------------------------
    def open_document(self, doc_id: int) -> bool:
        """Show a document with the owner's set of it (see the module's docstring
        for when that set is created). When the store cannot give it (creating
        the set needs the write lock another program holds), say so and stay
        on the open one; False then."""
        if doc_id == self.doc_id:
            return True
        try:
            doc = self.project.documents.get(doc_id)
            if self.seeded:
                aset = self.project.sets.open(doc_id, self.annotator)
            else:
                aset = self.project.sets.find(doc_id, self.annotator)
        except AnnotatorError as exc:
            self.message.emit(f"Could not open document {doc_id}, staying here: {exc}")
            return False
        self._leave()
        self.doc, self.doc_id = doc, doc_id
        if aset is None:  # shown with an empty set that does not exist yet
            self.set_id = None
            self.state = {"status": "todo", "note": "", "skip_reason": ""}
            self.spans = {}
        else:
            self.set_id = aset.id
            self.state = {"status": aset.status, "note": aset.note, "skip_reason": aset.skip_reason}
            self.spans = {s.id: s for s in aset.spans}
            for item in self.pending.for_set(aset.id):  # made here earlier, not written yet
                apply_write(item, self.spans, self.state, self.pending.stored_id)
            self._note_version(aset.id)
        self._sorted = None
        self._tokens = None
        self.selected = None
        self._opened_at = time.monotonic()
        self.answers.load(aset)
        self.holders.reset()
        self.documentOpened.emit(doc_id)
        return True

    def become_read_only(self) -> None:
        """The project turned read-only while open (found damaged): edits
        are refused from now on and no set is created by opening a document."""
        self.read_only = True
        self.seeded = False

    @property
    def has_set(self) -> bool:
        """Whether the open document's set exists (a gold set may not yet)."""
        return self.set_id is not None

    def ensure_set(self) -> int:
        """The open document's set, created empty if it does not exist yet."""
        if self.set_id is None:
            if self.doc_id is None:
                raise RuntimeError("no document open")
            self.set_id = self.project.sets.open(self.doc_id, self.annotator, seed=False).id
            self._opened_at = time.monotonic()
        return self.set_id

    def adopt_set(self, set_id: int) -> None:
        """The open document's set was created by a step over many documents."""
        if self.set_id is None:
            self.set_id = set_id
            self._opened_at = time.monotonic()

    def _leave(self) -> None:
        if self.set_id is not None and self.doc_id is not None and not self.read_only:
            seconds = time.monotonic() - self._opened_at
            self.pending.put(PendingWrite("time", self.set_id, self.doc_id, seconds))

    # -- writes that wait when the store is busy ----------------------------
    def save_note(self, set_id: int, doc_id: int, note: str) -> None:
        """Write a note, or keep it pending (shown as not saved) until the
        store takes it; the session shows it either way."""
        self.pending.put(PendingWrite("note", set_id, doc_id, note))
        self.note_changed(set_id, note)

    def edit(
        self, command: commands.SessionCommand, kind: str, value: Any, select: int | None = None
    ) -> None:
        """Write a command's edit of its set (a ``SpanEdit``, a status, an
        accept) or keep it pending, and show it either way; raises
        ``AnnotatorError`` when it is refused (read-only, changed elsewhere)."""
        if self.read_only:
            raise AnnotatorError(str(self.project.write_refusal))
        item = PendingWrite(kind, command.set_id, command.doc_id, value)
        try:
            self.pending.put(item)
        except Dropped as exc:
            QTimer.singleShot(0, self.reload_changed)  # not inside the undo stack's call
            raise AnnotatorError(str(exc)) from None
        if item.set_id != self.set_id:
            return
        added, removed, updated = apply_write(item, self.spans, self.state, self.pending.stored_id)
        self._sorted = None
        if self.selected in removed:
            self.selected = None
        if added or removed:
            self.spansChanged.emit(added, removed)
        for span_id in updated:
            self.spanUpdated.emit(span_id)
        if kind in ("accept", "unaccept"):
            self.answers.accepted(kind == "accept")
        self.setChanged.emit(self.doc_id)
        if select is not None:
            self.select(self.resolve(select))
        elif self.selected is None and (added or removed):
            self.selectionChanged.emit(-1)

    def provisional_id(self) -> int:
        """An id for a span not written yet: negative, never a store id."""
        self._provisional -= 1
        return self._provisional

    def unsaved_ids(self) -> set[int]:
        """The open document's spans to draw as not saved (``PendingWrites.unsaved``)."""
        return self.pending.unsaved(self.set_id, self.pending.stored_id)

    def shown_set(self, set_id: int) -> tuple[list[Span], dict[str, str]]:
        """A set as this window shows it: the file's, with the writes still
        pending for it applied (what a recovery file must hold)."""
        if set_id == self.set_id:
            return self.sorted_spans(), dict(self.state)
        aset = self.project.sets.get(set_id)
        spans = {s.id: s for s in aset.spans}
        state = {"status": aset.status, "note": aset.note, "skip_reason": aset.skip_reason}
        for item in self.pending.for_set(set_id):
            apply_write(item, spans, state, self.pending.stored_id)
        return sorted(spans.values(), key=lambda s: (s.start, s.end)), state

    def _write_pending(self, item: PendingWrite) -> None:
        """One pending write in one transaction with the set's version check
        (a note is written whatever the version: the last one typed wins)."""
        project = self.project
        if item.kind == "time":
            project.sets.add_time(item.set_id, float(item.value))
            return
        made: dict[int, int] = {}  # provisional id -> the store's
        with project.transaction():
            known = self.versions.get(item.set_id)
            fresh = known is None or project.sets.version(item.set_id) == known
            if item.kind == "note":
                project.sets.set_note(item.set_id, str(item.value))
            elif not fresh:
                raise Dropped(
                    "this document was changed in another window or program since it was"
                    " shown; reloaded from the file, your edit was not made"
                )
            else:
                made = write_to_store(project, item, self.pending.stored_id)
            version = project.sets.version(item.set_id)  # read before another can write
        if fresh:  # committed: this window knows the set as it now is
            self.versions[item.set_id] = version
        self.pending.wrote_spans(made)
        for provisional, real in made.items():
            self.alias(provisional, real)
        self._written(item.set_id, made)

    def _written(self, set_id: int, made: dict[int, int]) -> None:
        """Spans shown under provisional ids take their store ids."""
        moved = [(p, r) for p, r in made.items() if set_id == self.set_id and p in self.spans]
        if not moved:
            return
        for provisional, real in moved:
            self.spans[real] = replace(self.spans.pop(provisional), id=real)
        self._sorted = None
        selected = self.selected
        if selected in made:
            self.selected = None
        self.spansChanged.emit([r for _, r in moved], [p for p, _ in moved])
        if selected in made:
            self.select(made[selected])

    def _dropped(self, item: PendingWrite, reason: Dropped) -> None:
        """A pending write of a set changed elsewhere cannot be made: it and
        the set's later span and status writes go, the window says how many
        and shows the set as the file holds it."""
        lost = 1 + self.pending.drop_set(item.set_id)
        self.message.emit(f"{count(lost, 'unsaved edit')} not made: {reason}")
        if item.set_id == self.set_id:
            QTimer.singleShot(0, lambda: self.reload_changed(lost))

    def before_edit(self) -> None:
        """A command that calls the store itself (an adjudication) runs
        after the writes made before it, and is refused while they wait."""
        if self.read_only:
            raise AnnotatorError(str(self.project.write_refusal))
        if not self.pending.flush():
            raise AnnotatorError(
                f"{self.pending.reason}; {count(len(self.pending), 'earlier edit')} still waiting"
            )

    def check_version(self, set_id: int | None) -> None:
        """Refuse an edit of a set another window or program changed since
        this one read it (it would act on what is no longer there): the
        document is reloaded from the file and the undo history, which
        refers to the old state, is cleared. Called inside the edit's
        transaction, so nothing can come between the check and the write."""
        if self.versions.stale(set_id):
            QTimer.singleShot(0, self.reload_changed)  # not inside the undo stack's call
            raise AnnotatorError(
                "this document was changed in another window or program since it was"
                " shown; reloaded from the file, your edit was not made"
            )

    def _note_version(self, set_id: int) -> None:
        """Remember the version read; a set changed elsewhere while this
        window was away makes the undo history refer to the past."""
        if self.versions.read(set_id) and self.undo_stack.count():
            QTimer.singleShot(0, self._clear_history)

    def _clear_history(self) -> None:
        self.undo_stack.clear()
        self.message.emit(
            "A document was changed in another window or program: undo history cleared"
        )

    def reload_changed(self, lost: int = 0) -> None:
        """Show the open document as the file holds it now (another window or
        program wrote it); the undo history is cleared with a message, which
        counts the unsaved edits that could not be made (``lost``)."""
        current, self.doc_id = self.doc_id, None
        if current is not None:
            self.open_document(current)
        self.undo_stack.clear()
        gone = f"; {count(lost, 'unsaved edit')} not made" if lost else ""
        self.message.emit(
            "This document was changed in another window or program: reloaded from the file"
            f"{gone}; undo history cleared"
        )

    def _ensure_set_or_say(self) -> bool:
        try:
            self.ensure_set()
        except AnnotatorError as exc:
            self.message.emit(f"Not done: {exc}")
            self.editRefused.emit()
            return False
        return True

    def record_time(self) -> None:
        """Write (or keep pending) the time spent on the open document so far."""
        self._leave()
        self._opened_at = time.monotonic()

    def close(self) -> None:
        self._leave()
        self.set_id = None

    def switch_annotator(self, name: str) -> None:
        name = name.strip()
        if not name or name == self.annotator:
            return
        try:
            if not self.read_only:
                self.project.sets.ensure_annotator(name)
        except AnnotatorError as exc:
            self.message.emit(f"Still annotating as {self.annotator}: {exc}")
            return
        self.close()  # records the time once and forgets the set
        self.annotator = name
        self.undo_stack.clear()
        current, self.doc_id = self.doc_id, None
        self.annotatorChanged.emit(name)
        if current is not None:
            self.open_document(current)

    @property
    def tokens(self) -> TokenIndex:
        if self._tokens is None:
            from annotator.core.tokens import TokenIndex  # spaCy: imported on first use

            self._tokens = TokenIndex(self.doc.text if self.doc else "")
        return self._tokens

    def sorted_spans(self) -> list[Span]:
        if self._sorted is None:
            self._sorted = sorted(self.spans.values(), key=lambda s: (s.start, s.end, s.id))
        return self._sorted

    def label(self, name: str) -> Label | None:
        return self.scheme.label(name)

    def span_text(self, span: Span) -> str:
        return self.doc.text[span.start : span.end] if self.doc else ""

    def doc_actors(self) -> list[str]:
        """Canonical names of the actors in this document (STANCE holder choices)."""
        names: list[str] = []
        for span in self.sorted_spans():
            label = self.scheme.label(span.label)
            if label is not None and label.attribute("canonical") is not None:
                name = str(span.attrs.get("canonical") or self.span_text(span)).strip()
                if name and name not in names:
                    names.append(name)
        return names

    # -- links: a STANCE's holder follows its HOLDER link -------------------
    def sync_holder(self, stance_span_id: int) -> None:
        """Call after any relation change that involves a span (add, delete,
        relabel), in the command's redo after its store call: a STANCE's
        ``holder`` follows its HOLDER link (holder.py), undone with that
        command's step; called outside a command, it is a step of its own.
        ``holders.linksChanged`` then tells the inspector to show the links."""
        stance_span_id = self.resolve(stance_span_id)
        if self.running is None:
            self._push(holder.FollowHolder(self, stance_span_id))
        else:
            change = holder.sync(self, stance_span_id)
            if change is not None:
                self.running.also_undo.append(holder.restore(self, change))
        self.holders.linksChanged.emit(stance_span_id)

    def span_ids_by_key(self) -> dict[tuple[int, int, str], int]:
        """The shown spans by (start, end, label): how relations name their ends."""
        ids: dict[tuple[int, int, str], int] = {}
        for span in self.sorted_spans():
            ids.setdefault((span.start, span.end, span.label), span.id)
        return ids

    def show_updated(self, span_id: int, fields: dict[str, Any]) -> None:
        """A command that writes the store itself changed a span: show it."""
        if span_id in self.spans:
            self.spans[span_id] = replace(self.spans[span_id], **fields)
            self._sorted = None
            self.spanUpdated.emit(span_id)

    # -- ids across undo -------------------------------------------------
    def alias(self, old_id: int, new_id: int) -> None:
        """``old_id`` is now ``new_id``. SQLite gives a deleted span's id to
        the next span added, so ``new_id`` may have been aliased onward
        before: it names a live span again and leads nowhere else, else the
        chain would run in a circle."""
        if old_id != new_id:
            self._aliases.pop(new_id, None)
            self._aliases[old_id] = new_id

    def resolve(self, span_id: int | None) -> int:
        seen = 0
        while span_id in self._aliases and seen < 10000:
            span_id = self._aliases[span_id]
            seen += 1
        return int(span_id)

    # -- called by the commands that call the store themselves -----------
    def spans_edited(
        self,
        set_id: int,
        added: list[Span] = (),
        removed: list[int] = (),
        select: int | None = None,
    ) -> None:
        if set_id != self.set_id:
            return
        for span_id in removed:
            self.spans.pop(span_id, None)
        for span in added:
            self.spans[span.id] = span
        self._sorted = None
        self.state["status"] = self.project.sets.state(set_id)["status"]
        if self.selected in removed:
            self.selected = None
        self.spansChanged.emit([s.id for s in added], list(removed))
        self.setChanged.emit(self.doc_id)
        if select is not None:
            self.select(select)
        elif self.selected is None:
            self.selectionChanged.emit(-1)

    def note_changed(self, set_id: int, note: str) -> None:
        # No setChanged: the note field is where the change came from, and the
        # document list does not show notes (it would reload a row per keystroke).
        if set_id == self.set_id:
            self.state["note"] = note

    # -- selection -------------------------------------------------------
    def select(self, span_id: int | None) -> None:
        if span_id is not None and span_id not in self.spans:
            span_id = None
        self.selected = span_id
        self.selectionChanged.emit(-1 if span_id is None else span_id)

    # -- edits (each one undoable) ----------------------------------------
    def _push(self, command: commands.SessionCommand) -> bool:
        self.undo_stack.push(command)  # runs redo(): the store call
        return command.error is None

    def create_span(
        self, start: int, end: int, label: str, made: span_plan.Plan | None = None, links: int = 0
    ) -> int | None:
        """A span over [start, end) snapped out to whole tokens (``made``: as
        planned already); the entity spans it overlaps are replaced and said
        (GUIDELINES: entities never overlap; overlaps.py asks first in the
        window). ``links``: how many relations go with them (for the message)."""
        made = made or span_plan.plan(self, start, end, label)
        if made is None:
            return None
        if made.existing is not None:
            self.select(made.existing)
            return made.existing
        if not self._ensure_set_or_say():
            return None
        command = commands.AddSpan(self, made.span, list(made.replaced), links)
        return command.span_id if self._push(command) else None

    def relabel(self, span_id: int, label: str) -> None:
        span = self.spans.get(span_id)
        target = self.scheme.label(label)
        if span is None or target is None or (span.label == label and span.origin == "human"):
            return
        keep = {a.name for a in target.attributes}
        new: dict[str, Any] = {"label": label, "origin": "human"}
        attrs = {k: v for k, v in span.attrs.items() if k in keep}
        if attrs != span.attrs:
            new["attrs"] = attrs
        self._push(commands.UpdateSpan(self, span, new, f"Relabel {span.label} as {label}"))

    def confirm(self, span_id: int) -> None:
        """Confirm a model suggestion as it is."""
        span = self.spans.get(span_id)
        if span is not None and span.origin == "model":
            self._push(commands.UpdateSpan(self, span, {"origin": "human"}, "Confirm span"))

    def delete(self, span_id: int) -> None:
        span = self.spans.get(span_id)
        if span is not None:
            self._push(commands.DeleteSpan(self, span))

    def move_boundary(self, span_id: int, edge: str, step: int) -> None:
        """Move a span's start or end by one token (step -1 left, +1 right)."""
        span = self.spans.get(span_id)
        if span is None:
            return
        starts, ends = self.tokens.starts, self.tokens.ends
        start, end = span.start, span.end
        if edge == "start" and step < 0:
            i = bisect_left(starts, start)
            start = starts[i - 1] if i > 0 else start
        elif edge == "start":
            j = bisect_right(starts, start)
            start = starts[j] if j < len(starts) and starts[j] < end else start
        elif step > 0:
            k = bisect_right(ends, end)
            end = ends[k] if k < len(ends) else end
        else:
            k = bisect_left(ends, end)
            end = ends[k - 1] if k > 0 and ends[k - 1] > start else end
        if (start, end) == (span.start, span.end):
            return
        new = {"start": start, "end": end, "origin": "human"}
        self._push(commands.UpdateSpan(self, span, new, f"Resize {span.label}"))

    def set_attribute(self, span_id: int, name: str, value: Any, typing: bool = False) -> None:
        span = self.spans.get(span_id)
        if span is None:
            return
        attrs = dict(span.attrs)
        if value is None or value == "":
            attrs.pop(name, None)
        else:
            attrs[name] = value
        if attrs == span.attrs and span.origin == "human":
            return
        merge = f"{name}" if typing else None
        new = {"attrs": attrs, "origin": "human"}
        self._push(commands.UpdateSpan(self, span, new, f"Set {span.label} {name}", merge))

    def accept(self) -> bool:
        if self.doc_id is None or not self._ensure_set_or_say():
            return False
        return self._push(commands.AcceptDocument(self))

    def skip(self, reason: str) -> bool:
        if self.set_id is None:
            return False
        return self._push(commands.SetStatus(self, "skipped", reason))

    def reopen(self) -> None:
        if self.set_id is not None and self.state["status"] in ("done", "skipped"):
            self._push(commands.SetStatus(self, "in_progress", None))

    def set_note(self, text: str) -> None:
        if self.read_only:
            self.message.emit(f"Not saved: {self.project.write_refusal}")
            return
        if self.set_id is not None and text != self.state["note"]:
            self._push(commands.SetNote(self, self.state["note"], text))

    def progress(self) -> tuple[int, int]:
        """(done, total) for the status bar; the total is counted once (a COUNT
        over 100,000 documents costs tens of ms) until ``recount`` after an import."""
        if self._total is None:
            self._total = self.project.documents.count()
        return self.project.listing.done_count(self.annotator), self._total

    def recount(self) -> None:
        self._total = None


def gold_session(project: Project, parent: QObject | None = None) -> Session:
    """The reviewer's session: the gold set, created empty by the first edit."""
    return Session(project, GOLD, parent, seeded=False)
