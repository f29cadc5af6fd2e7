"""Writes the window could not commit yet, kept in order and retried.

The window's connection waits only tens of milliseconds for the write lock
(another program's import or merge may hold it for seconds, or the disk may
be full), so a write can fail. A note or the time spent on a document is
then not thrown away: it is kept here, shown as not saved, and written by a
timer on the GUI thread as soon as the store takes it. Span edits are not
queued: they are refused before the screen changes (see ``Session``), so
what the window shows is on disk, or marked here as not yet.

Writes stay in the order they were made; a later note for the same set
replaces the earlier one in its place, and time spent on a set adds up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.core.errors import AnnotatorError

RETRY_MS = 500


@dataclass
class PendingWrite:
    """One write waiting for the store: a ``note`` (value: the text) or
    ``time`` spent (value: seconds) on one set of one document."""

    kind: str
    set_id: int
    doc_id: int
    value: str | float

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.set_id)


class PendingWrites(QObject):
    """The queue, its retry timer and the last reason a write failed."""

    changed = Signal(int)  # how many writes are pending

    def __init__(self, write: Callable[[PendingWrite], None], parent: QObject | None = None):
        """``write`` commits one pending write or raises ``AnnotatorError``."""
        super().__init__(parent)
        self._write = write
        self._queue: dict[tuple[str, int], PendingWrite] = {}
        self.reason = ""
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.flush)

    def __len__(self) -> int:
        return len(self._queue)

    def items(self) -> list[PendingWrite]:
        return list(self._queue.values())

    def note(self, set_id: int | None) -> str | None:
        """The note waiting to be written for a set, if one is."""
        item = self._queue.get(("note", set_id)) if set_id is not None else None
        return str(item.value) if item is not None else None

    def put(self, item: PendingWrite) -> bool:
        """Write now when nothing waits before it, else (or when the store
        refuses) keep it; True when it is on disk."""
        if not self._queue:
            try:
                self._write(item)
                return True
            except AnnotatorError as exc:
                self.reason = str(exc)
        queued = self._queue.get(item.key)
        if queued is not None and item.kind == "time":
            queued.value = float(queued.value) + float(item.value)
        elif queued is not None:
            queued.value = item.value
        else:
            self._queue[item.key] = item
        self.timer.start()
        self.changed.emit(len(self._queue))
        return False

    def flush(self) -> bool:
        """Write what waits, oldest first, until the store refuses one; True
        when nothing is left."""
        before = len(self._queue)
        while self._queue:
            key, item = next(iter(self._queue.items()))
            try:
                self._write(item)
            except AnnotatorError as exc:
                self.reason = str(exc)
                break
            del self._queue[key]
        if not self._queue:
            self.timer.stop()
            self.reason = ""
        if len(self._queue) != before:
            self.changed.emit(len(self._queue))
        return not self._queue

    def discard(self) -> None:
        """Forget every pending write (the user chose to, on closing)."""
        self._queue.clear()
        self.timer.stop()
        self.changed.emit(0)
