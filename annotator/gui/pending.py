"""Writes the window could not commit yet, kept in order and retried.

The window's connection waits only tens of milliseconds for the write lock
(another program's import or merge may hold it for seconds, or the disk may
be full), so a write can fail. No edit is thrown away for that: a note, a
span added, deleted or changed, a relation or category edit, a status and
the time spent on a document are kept here, shown on screen as not saved (the span drawn marked, the
status bar counting them), and written by a timer on the GUI thread as soon
as the store takes them.

Writes stay in the order they were made, so a span added and then deleted
is written as added and then deleted. A span not written yet has a
provisional (negative) id; writing it gives it its real id, and the session
maps one to the other (``resolve``), so later edits that name it still
find it; a queued write itself maps only the ids its own writes made real
(``stored_id``). While the lock is refused the window says it waits
(``WaitSignal``), so a long run on the file lets it go soon. A later note
for the same set replaces the earlier one in its place, and time spent on
a set adds up.

A write the store will never take (the set was changed in another window
since this one read it) raises ``Dropped``: it is taken out of the queue,
with the writes of that set after it, and the session says so.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.store.waiting import WaitSignal
from annotator.core.types import Relation, Span

RETRY_MS = 500
# While another program holds the lock, the first retries come quickly: the
# window said it waits (waiting.py), so a staged run lets the lock go within
# one of its batches; a lock held longer than FAST_SECONDS is not a run's
# chunk, and retrying slowly keeps the GUI thread free.
FAST_RETRY_MS = 20
FAST_SECONDS = 2.0
# After the lock was refused, every write for this long says first that it
# waits: the run then lets go while the write waits its busy timeout, so
# most writes go through at the first try instead of after a refusal.
CONTENDED_SECONDS = 5.0
# How long a window's writes wait for another program's lock: a frame or
# two, so the GUI thread never stalls; what is refused waits as pending.
WINDOW_BUSY_TIMEOUT_MS = 30


class Dropped(Exception):
    """A write that can never be made as it is (the set changed elsewhere)."""


@dataclass(frozen=True)
class SpanEdit:
    """One span edit of one set: spans removed, added (each with its
    provisional id) and changed, written in one transaction."""

    removed: tuple[int, ...] = ()
    added: tuple[Span, ...] = ()
    updated: tuple[tuple[int, dict[str, Any]], ...] = ()


@dataclass(frozen=True)
class RelationEdit:
    """One relation edit of one set, each relation named by its two span
    ids (provisional ones too, resolved when written) and its label, never
    by its own id: a set holds no two relations with the same ends and
    label, and undo re-adds relations under new ids. ``added`` and
    ``relabelled`` carry the origin the relation gets (an undone
    confirmation makes a suggestion again)."""

    added: tuple[tuple[int, int, str, str], ...] = ()  # head, child, label, origin
    removed: tuple[tuple[int, int, str], ...] = ()  # head, child, label
    relabelled: tuple[tuple[int, int, str, str, str], ...] = ()  # head, child, old, new, origin


@dataclass(frozen=True)
class CategoryEdit:
    """One category's whole answer for one set, and which of its values
    stay the model's suggestions (an undo brings a suggestion back)."""

    name: str
    values: tuple[str, ...]
    suggested: tuple[str, ...] = ()


@dataclass
class PendingWrite:
    """One write waiting for the store, for one set of one document:

    ``note`` (value: the text), ``time`` (seconds), ``spans`` (a ``SpanEdit``),
    ``status`` (``(status, skip reason)``), ``accept`` (value unused),
    ``unaccept`` (``(status, reason, span ids)``, the undo of an accept),
    ``relations`` (a ``RelationEdit``) or ``category`` (a ``CategoryEdit``)."""

    kind: str
    set_id: int
    doc_id: int
    value: Any
    serial: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, int]:
        """Notes and time merge per set; every other write is its own."""
        merged = self.kind in ("note", "time")
        return (self.kind, self.set_id) if merged else (self.kind, -self.serial)

    @property
    def shown(self) -> bool:
        """Whether the screen shows it (time spent is not shown anywhere)."""
        return self.kind != "time"


def apply_write(
    item: PendingWrite, spans: dict[int, Span], state: dict[str, str], resolve: Callable[[int], int]
) -> tuple[list[int], list[int], list[int]]:
    """Apply a write to a set as shown (``spans`` by id, ``state``), in place;
    returns the span ids added, removed and updated. The one place that
    says what a pending write looks like on screen, for the open document
    and for one opened again while its writes still wait."""
    added: list[int] = []
    removed: list[int] = []
    updated: list[int] = []
    if item.kind == "note":
        state["note"] = str(item.value)
    elif item.kind == "status":
        state["status"], reason = item.value
        state["skip_reason"] = (reason or "") if state["status"] == "skipped" else ""
    elif item.kind in ("accept", "unaccept"):
        if item.kind == "accept":
            state["status"], state["skip_reason"], ids, origin = "done", "", list(spans), "human"
        else:
            state["status"], state["skip_reason"], ids = item.value
            ids, origin = [resolve(i) for i in ids], "model"
        for span_id in ids:
            span = spans.get(span_id)
            if span is not None and (item.kind == "unaccept" or span.origin == "model"):
                spans[span_id] = replace(span, origin=origin)
                updated.append(span_id)
    elif item.kind in ("relations", "category") and state.get("status") == "todo":
        state["status"] = "in_progress"  # what the store does on every edit of a set
    elif item.kind == "spans":
        edit: SpanEdit = item.value
        for span_id in edit.removed:
            if spans.pop(resolve(span_id), None) is not None:
                removed.append(resolve(span_id))
        for span in edit.added:
            span_id = resolve(span.id)
            spans[span_id] = replace(span, id=span_id)
            added.append(span_id)
        for span_id, fields in edit.updated:
            span_id = resolve(span_id)
            if span_id in spans:
                spans[span_id] = replace(spans[span_id], **fields)
                updated.append(span_id)
        if state.get("status") == "todo":
            state["status"] = "in_progress"  # what the store does on every span edit
    return added, removed, updated


def shown_links_and_answers(
    project: Project, set_id: int, pending: PendingWrites, spans: list[Span]
) -> tuple[list[Relation], dict[str, list[str]]]:
    """A set's relations and category answers as the window shows them: the
    file's, with its pending relation and category writes applied, oldest
    first, relations by the span keys of ``spans`` (the set as shown).
    What a recovery file must hold."""
    resolve = pending.stored_id
    shown: dict[tuple[int, int, str], str] = {}  # (head id, child id, label) -> origin
    for relation in project.relations.of_set(set_id):
        head, child = project.relations.ends(int(relation.id or 0))
        shown[(head, child, relation.label)] = relation.origin
    answers = project.categories.of_set(set_id)
    for item in pending.for_set(set_id):
        if item.kind == "category":
            answers[item.value.name] = list(item.value.values)
        elif item.kind == "relations":
            edit: RelationEdit = item.value
            for head, child, label in edit.removed:
                shown.pop((resolve(head), resolve(child), label), None)
            for head, child, label, origin in edit.added:
                shown[(resolve(head), resolve(child), label)] = origin
            for head, child, old, new, origin in edit.relabelled:
                ends = (resolve(head), resolve(child))
                if shown.pop((*ends, old), None) is not None:
                    shown[(*ends, new)] = origin
    by_id = {span.id: span for span in spans}
    relations = [
        Relation(by_id[head].key(), by_id[child].key(), label, origin)
        for (head, child, label), origin in shown.items()
        if head in by_id and child in by_id  # a deleted span took its relations along
    ]
    return relations, {name: values for name, values in answers.items() if values}


def write_to_store(
    project: Project, item: PendingWrite, resolve: Callable[[int], int]
) -> dict[int, int]:
    """The store calls of a span, status or accept write (inside the
    caller's transaction); returns the store ids of the spans it added, by
    provisional id. Ids are resolved now: the writes before it are written."""
    sets, made = project.sets, {}
    if item.kind == "relations":
        _write_relations(project, item.set_id, item.value, resolve)
    elif item.kind == "category":
        edit: CategoryEdit = item.value
        project.categories.set(item.set_id, edit.name, list(edit.values), origin="human")
        if edit.suggested:
            answers = [(edit.name, value) for value in edit.suggested]
            project.categories.restore_origins(item.set_id, answers, "model")
    elif item.kind == "status":
        sets.set_status(item.set_id, *item.value)
    elif item.kind == "accept":
        sets.accept(item.set_id)
    elif item.kind == "unaccept":
        status, reason, ids = item.value
        sets.undo_accept(item.set_id, status, reason, [resolve(i) for i in ids])
    else:
        spans: SpanEdit = item.value
        for span_id in spans.removed:
            sets.delete_span(resolve(span_id))
        for span in spans.added:
            made[span.id] = sets.add_span(item.set_id, replace(span, id=None))
        for span_id, fields in spans.updated:
            sets.update_span(resolve(span_id), **fields)
    return made


def stored_relation(project: Project, head: int, child: int, label: str) -> int | None:
    """The store id of a set's relation between two stored spans, if it is there."""
    relations = project.relations
    for relation in relations.of_span(head) if head > 0 else ():
        if relation.label == label and relations.ends(int(relation.id or 0)) == (head, child):
            return int(relation.id or 0)
    return None


def _write_relations(
    project: Project, set_id: int, edit: RelationEdit, resolve: Callable[[int], int]
) -> None:
    """A relation edit's store calls, its ends resolved now. A relation it
    names that is not there can never be found again: ``Dropped``."""
    relations = project.relations

    def find(head: int, child: int, label: str) -> int:
        found = stored_relation(project, resolve(head), resolve(child), label)
        if found is None:
            raise Dropped(f"the {label} relation is no longer there")
        return found

    for head, child, label in edit.removed:
        relations.delete(find(head, child, label))
    for head, child, label, origin in edit.added:
        relations.add(set_id, resolve(head), resolve(child), label, origin)
    for head, child, old, new, origin in edit.relabelled:
        relation_id = find(head, child, old)
        relations.relabel(relation_id, new)
        if origin != "human":
            relations.restore_origins([relation_id], origin)


class PendingWrites(QObject):
    """The queue, its retry timer and the last reason a write failed."""

    changed = Signal(int)  # how many writes are pending

    def __init__(
        self,
        write: Callable[[PendingWrite], None],
        dropped: Callable[[PendingWrite, Dropped], None],
        parent: QObject | None = None,
        signal: WaitSignal | None = None,
    ):
        """``write`` commits one pending write or raises ``AnnotatorError``
        (kept, retried) or ``Dropped`` (given to ``dropped``, not retried).
        ``signal``: the project's wait signal, made fresh while a write waits
        for the lock, so long runs on the file let it go (waiting.py)."""
        super().__init__(parent)
        self._write = write
        self._dropped = dropped
        self._signal = signal
        self._queue: dict[tuple[str, int], PendingWrite] = {}
        self._serials = itertools.count(1)
        self._waiting_since: float | None = None  # the first refusal of this wait
        self._contended_until = 0.0  # a long run held the lock lately: say we wait first
        self._announced = False  # the wait signal is ours and up
        self._stored: dict[int, int] = {}  # provisional span id -> the store's, once written
        self.reason = ""
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.flush)

    def stored_id(self, span_id: int) -> int:
        """A span id of a queued write as the store knows that span now.
        Ids are resolved when a write is made, so only a provisional id
        whose own write gave it a store id changes; the session's alias
        table would also follow a later undo that re-added the span under
        a new id, which an earlier write (its deletion) must not follow."""
        return self._stored.get(span_id, span_id)

    def wrote_spans(self, made: dict[int, int]) -> None:
        """A write gave provisional span ids their store ids."""
        self._stored.update(made)

    def __len__(self) -> int:
        return len(self._queue)

    def items(self) -> list[PendingWrite]:
        return list(self._queue.values())

    def shown_count(self) -> int:
        """Pending writes the screen shows (all but time spent)."""
        return sum(1 for item in self._queue.values() if item.shown)

    def note(self, set_id: int | None) -> str | None:
        """The note waiting to be written for a set, if one is."""
        item = self._queue.get(("note", set_id)) if set_id is not None else None
        return str(item.value) if item is not None else None

    def for_set(self, set_id: int | None) -> list[PendingWrite]:
        """The shown writes waiting for one set, oldest first."""
        return [i for i in self._queue.values() if i.set_id == set_id and i.shown]

    def unsaved(self, set_id: int | None, resolve: Callable[[int], int]) -> set[int]:
        """A set's spans to draw as not saved: added or changed by a span
        write still pending (it may not be on screen yet: a view marks it
        when it draws it). An accept or status waiting is said by the
        status bar's count."""
        ids: set[int] = set()
        for item in self.for_set(set_id):
            if item.kind == "spans":
                ids.update(resolve(span.id) for span in item.value.added)
                ids.update(resolve(span_id) for span_id, _ in item.value.updated)
        return ids

    def put(self, item: PendingWrite) -> bool:
        """Write now when nothing waits before it, else (or when the store
        refuses) keep it; True when it is on disk. ``Dropped`` from a write
        made now goes to the caller: nothing is kept then."""
        item.serial = next(self._serials)
        if not self._queue:
            if time.monotonic() < self._contended_until:
                self._signal_waiting()  # a run writes: it lets go while we wait in SQLite
            try:
                self._write(item)
                self._withdraw()
                return True
            except AnnotatorError as exc:
                self._refused(exc)
        queued = self._queue.get(item.key)
        if queued is not None and item.kind == "time":
            queued.value = float(queued.value) + float(item.value)
        elif queued is not None:
            queued.value = item.value
        else:
            self._queue[item.key] = item
        if not self.timer.isActive():  # restarting it on every edit would never let it fire
            self._pace()
        self.changed.emit(len(self._queue))
        return False

    def flush(self) -> bool:
        """Write what waits, oldest first, until the store refuses one; True
        when nothing is left."""
        before = len(self._queue)
        if self._queue and self._locked:
            self._signal_waiting()  # before trying: a run lets go while we wait in SQLite
        while self._queue:
            key, item = next(iter(self._queue.items()))
            try:
                self._write(item)
            except AnnotatorError as exc:
                self._refused(exc)
                break
            except Dropped as exc:
                self._queue.pop(key, None)
                self._dropped(item, exc)
                continue
            self._queue.pop(key, None)
        if not self._queue:
            self._calm()
        else:
            self._pace()
        if len(self._queue) != before:
            self.changed.emit(len(self._queue))
        return not self._queue

    def drop_set(self, set_id: int) -> int:
        """Take out the span and status writes of a set (it changed
        elsewhere, they cannot be made); returns how many."""
        keys = [
            k
            for k, i in self._queue.items()
            if i.set_id == set_id and i.kind not in ("note", "time")
        ]
        for key in keys:
            del self._queue[key]
        if keys:
            self.changed.emit(len(self._queue))
        return len(keys)

    def discard(self) -> None:
        """Forget every pending write (the user chose to, on closing)."""
        self._queue.clear()
        self._calm()
        self.changed.emit(0)

    @property
    def _locked(self) -> bool:
        """Whether the last refusal was the lock (not a full disk)."""
        return "locked" in self.reason

    def _refused(self, exc: AnnotatorError) -> None:
        self.reason = str(exc)
        if self._waiting_since is None:
            self._waiting_since = time.monotonic()
        if self._locked:
            self._contended_until = time.monotonic() + CONTENDED_SECONDS
            self._signal_waiting()

    def _signal_waiting(self) -> None:
        if self._signal is not None:
            self._signal.announce()
            self._announced = True

    def _withdraw(self) -> None:
        if self._announced and self._signal is not None:
            self._signal.withdraw()
        self._announced = False

    def _pace(self) -> None:
        """Retry soon at first (a run's chunk ends within milliseconds once it
        sees the signal), then every ``RETRY_MS``."""
        since = self._waiting_since
        fast = since is not None and time.monotonic() - since < FAST_SECONDS
        self.timer.start(FAST_RETRY_MS if fast else RETRY_MS)

    def _calm(self) -> None:
        """Nothing waits any more: no timer, no reason, no signal."""
        self.timer.stop()
        self.reason = ""
        self._withdraw()
        self._waiting_since = None
