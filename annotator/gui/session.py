"""A session: one owner's set of the open document, and the undo stack.

Every change goes through here as a ``QUndoCommand`` (commands.py) that calls
the store, so each edit is on disk, in its own transaction, before the
screen shows it. Widgets listen to the session's signals and never talk to
the store themselves; that keeps the window, the list and the inspector in
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
from annotator.core.types import GOLD, Document, Span

from . import commands
from .pending import PendingWrite, PendingWrites

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
        self.pending = PendingWrites(self._write_pending, self)
        # set id -> the version (sets.version) this window last read or wrote
        self.versions: dict[int, int] = {}
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
            note = self.pending.note(aset.id)  # typed here earlier, not written yet
            self.state = {
                "status": aset.status,
                "note": aset.note if note is None else note,
                "skip_reason": aset.skip_reason,
            }
            self.spans = {s.id: s for s in aset.spans}
            self._note_version(aset.id)
        self._sorted = None
        self._tokens = None
        self.selected = None
        self._opened_at = time.monotonic()
        self.documentOpened.emit(doc_id)
        return True

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

    def _write_pending(self, item: PendingWrite) -> None:
        if item.kind == "note":
            before = self.project.sets.version(item.set_id)
            self.project.sets.set_note(item.set_id, str(item.value))
            if self.versions.get(item.set_id) == before:  # else the set changed elsewhere
                self.wrote(item.set_id)
        else:
            self.project.sets.add_time(item.set_id, float(item.value))

    def before_edit(self, set_id: int | None) -> None:
        """Edits are written in the order they were made: a span edit waits
        for the pending writes before it, and is refused while they wait.
        An edit of a set another window or program changed since this one
        read it is refused too (it would act on what is no longer there):
        the document is reloaded from the file and the undo history, which
        refers to the old state, is cleared."""
        if self.read_only:
            raise AnnotatorError(str(self.project.write_refusal))
        if not self.pending.flush():
            raise AnnotatorError(
                f"{self.pending.reason}; {len(self.pending)} earlier edit(s) still waiting"
            )
        known = self.versions.get(set_id) if set_id is not None else None
        if known is not None and self.project.sets.version(set_id) != known:
            QTimer.singleShot(0, self.reload_changed)  # not inside the undo stack's call
            raise AnnotatorError(
                "this document was changed in another window or program since it was"
                " shown; reloaded from the file, your edit was not made"
            )

    def wrote(self, set_id: int | None) -> None:
        """This window's own write went through: it knows the set's new version."""
        if set_id is not None:
            self.versions[set_id] = self.project.sets.version(set_id)

    def wrote_many(self) -> None:
        """A step over many documents went through: every set this window
        knows may have a new version, written by this window."""
        for set_id in list(self.versions):
            self.wrote(set_id)

    def _note_version(self, set_id: int) -> None:
        """Remember the version read; a set changed elsewhere while this
        window was away makes the undo history refer to the past."""
        current = self.project.sets.version(set_id)
        known = self.versions.get(set_id)
        self.versions[set_id] = current
        if known is not None and known != current and self.undo_stack.count():
            QTimer.singleShot(0, self._clear_history)

    def _clear_history(self) -> None:
        self.undo_stack.clear()
        self.message.emit(
            "A document was changed in another window or program: undo history cleared"
        )

    def reload_changed(self) -> None:
        """Show the open document as the file holds it now (another window or
        program wrote it); the undo history is cleared with a message."""
        current, self.doc_id = self.doc_id, None
        if current is not None:
            self.open_document(current)
        self.undo_stack.clear()
        self.message.emit(
            "This document was changed in another window or program: reloaded from the file;"
            " undo history cleared"
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

    def model_name(self) -> str | None:
        if self.doc_id is None:
            return None
        found = self.project.documents.prediction_model(self.doc_id)
        return f"{found[0]} {found[1]}".strip() if found else None

    # -- ids across undo -------------------------------------------------
    def alias(self, old_id: int, new_id: int) -> None:
        if old_id != new_id:
            self._aliases[old_id] = new_id

    def resolve(self, span_id: int | None) -> int:
        seen = 0
        while span_id in self._aliases and seen < 10000:
            span_id = self._aliases[span_id]
            seen += 1
        return int(span_id)

    # -- called by the commands after the store call ---------------------
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

    def span_updated(self, set_id: int, span_id: int, fields: dict[str, Any]) -> None:
        if set_id != self.set_id or span_id not in self.spans:
            return
        self.spans[span_id] = replace(self.spans[span_id], **fields)
        self._sorted = None
        was = self.state["status"]
        self.state["status"] = self.project.sets.state(set_id)["status"]
        self.spanUpdated.emit(span_id)
        if was != self.state["status"]:
            self.setChanged.emit(self.doc_id)

    def set_changed(self, set_id: int, origins_to: str | None = None, ids: list[int] = ()) -> None:
        if set_id != self.set_id:
            return
        if origins_to:
            for span_id in ids:
                if span_id in self.spans:
                    self.spans[span_id] = replace(self.spans[span_id], origin=origins_to)
            self._sorted = None
            self.spansReset.emit()
        self.state.update(self.project.sets.state(set_id))
        self.setChanged.emit(self.doc_id)

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

    def create_span(self, start: int, end: int, label: str) -> int | None:
        """A span over [start, end) snapped out to whole tokens; entity spans
        it overlaps are replaced (GUIDELINES: entities never overlap)."""
        if self.doc_id is None or self.scheme.label(label) is None:
            return None
        start, end = self.tokens.snap(start, end)
        if end <= start:
            self.message.emit("select some words first")
            return None
        for span in self.spans.values():
            if (span.start, span.end, span.label) == (start, end, label):
                self.select(span.id)
                return span.id
        replaced = []
        if self.scheme.label(label).span_key is None:
            entity = set(self.scheme.entity_labels())
            replaced = [
                s
                for s in self.sorted_spans()
                if s.label in entity and s.start < end and start < s.end
            ]
        if not self._ensure_set_or_say():
            return None
        command = commands.AddSpan(self, Span(start, end, label, {}, origin="human"), replaced)
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
