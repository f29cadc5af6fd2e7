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
checkpoint at its end. The log stays about a chunk long, so on a full
disk an undo can reuse its space, as the automatic checkpoint kept it.
A checkpoint that fails (a full disk, an I/O error) loses nothing: the
frames stay in the log, which SQLite replays; the next pass tries again.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class Checkpointer:
    """A thread that checkpoints one project file when told a commit landed."""

    def __init__(self, path: Path):
        self._path = path
        self._wanted = threading.Event()
        self._stopping = False
        self.passes = 0  # checkpoints made (for tests and benchmarks)
        self._thread = threading.Thread(target=self._run, name="annotator-checkpoint", daemon=True)
        self._thread.start()

    def nudge(self) -> None:
        """A commit landed: checkpoint once the current pass (if any) ends."""
        self._wanted.set()

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
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error:
                    continue  # the frames stay in the log; the next pass tries again
                self.passes += 1
        finally:
            conn.close()
