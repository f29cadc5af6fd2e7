"""A long run's checkpoints, made beside it instead of inside its commits.

Every chunk a staged run commits (staging.py) appends its pages to the
``-wal``. SQLite's automatic checkpoint copies them into the file inside
the next commit that finds the log long, and syncs the file twice: a plain
import of 30,000 documents spent 0.9 s of its 3 s there, its one thread
waiting on the disk. A :class:`Checkpointer` makes that copy on a
connection of its own, in a thread, after each commit the run tells it of,
while the run goes on writing: SQLite copies and syncs without holding
Python's lock, so the copy runs on the other core.

Its checkpoints are PASSIVE: they never wait for, or block, a reader or a
writer, so a window on the file notices nothing. What one cannot copy yet
(a reader still needs the frames) the next pass copies, or the run's own
checkpoint at its end.

SQLite starts the log over from its beginning only when a writer begins
while every frame in it is copied, and a run that begins its next chunk
while the last is being copied never finds that: its log grew for the
whole run (hundreds of MB), and the TRUNCATE checkpoint when it closed
held the write lock 380 ms. So once a pass finds more than ``LOG_PAGES``
in the log, the run waits for a pass that copies everything it committed
(``catch_up``, the last chunk's copy) before its next ``BEGIN``: the log
stays a few MB, and on a full disk an undo can reuse its space.
A checkpoint that fails (a full disk, an I/O error) loses nothing: the
frames stay in the log, which SQLite replays; the next pass tries again.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

LOG_PAGES = 4000  # 16 MB of 4 KB pages: more, and the run lets the log start over
LOG_SHARE = 16  # and never more than 1/16 of the disk's free space
CATCH_UP_SECONDS = 5.0  # the most a run waits for that (a reader may hold frames)


class Checkpointer:
    """A thread that checkpoints one project file when told a commit landed."""

    def __init__(self, path: Path, free_pages: int | None = None):
        """``free_pages``: the disk's free space in pages, when known; on a
        nearly full disk the log starts over sooner (``LOG_SHARE``)."""
        self._path = path
        limit = LOG_PAGES if free_pages is None else min(LOG_PAGES, free_pages // LOG_SHARE)
        self._limit = max(0, limit)
        self._wanted = threading.Event()
        self._stopping = False
        self.passes = 0  # checkpoints made (for tests and benchmarks)
        self.frames = 0  # pages in the log at the last pass (SQLite's count)
        self._done = threading.Condition()
        self._begun = 0  # passes begun and ended, to wait for a later one
        self._ended = 0
        self._thread = threading.Thread(target=self._run, name="annotator-checkpoint", daemon=True)
        self._thread.start()

    def nudge(self) -> None:
        """A commit landed: checkpoint once the current pass (if any) ends."""
        self._wanted.set()

    def long_log(self) -> bool:
        """Whether the last pass found the log longer than ``LOG_PAGES``
        (or the share of a nearly full disk)."""
        return self.frames > self._limit

    def catch_up(self) -> None:
        """Wait until a pass that begins after this call has ended: it copies
        every commit made so far, so the next ``BEGIN`` starts the log over
        (unless a reader still needs it; then the wait ends after
        ``CATCH_UP_SECONDS`` and the log stays long a little longer)."""
        if not self._thread.is_alive():
            return  # it could not open the file: nothing to wait for
        with self._done:
            wanted = self._begun + 1
            self._wanted.set()
            self._done.wait_for(lambda: self._ended >= wanted, CATCH_UP_SECONDS)

    def stop(self) -> None:
        """Finish the pass under way, if any, and end the thread."""
        self._stopping = True
        self._wanted.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self._path)
        except sqlite3.Error:
            return  # no checkpoints beside the run: its own at the end still copies all
        try:
            conn.execute("PRAGMA busy_timeout = 0")  # PASSIVE waits for nobody anyway
            while True:
                self._wanted.wait()
                self._wanted.clear()
                if self._stopping:
                    return
                with self._done:
                    self._begun += 1
                try:
                    _busy, frames, _copied = conn.execute(
                        "PRAGMA wal_checkpoint(PASSIVE)"
                    ).fetchone()
                    self.passes += 1
                    self.frames = frames
                except sqlite3.Error:
                    pass  # the frames stay in the log; the next pass tries again
                with self._done:
                    self._ended = self._begun
                    self._done.notify_all()
        finally:
            conn.close()
