"""A writer waiting for the write lock, said to the long runs on its file.

SQLite gives the lock to whichever connection asks at the right moment: a
staged run (staging.py) that commits a chunk and begins the next 15 ms later
wins most races against a window whose busy handler sleeps between polls,
and two runs (a merge beside an import) can take turns for a second or more
while the window waits. So the window says that it waits: it touches a file
beside the project (``PROJECT-wait``) while a write of its waits for the
lock, and removes it once the write is in. A run looks at that file (one
``stat``, microseconds) after each piece it writes and before it takes the
lock again: while the file is fresh it commits what it has and gives way.

The file is only a hint. One older than ``FRESH_SECONDS`` is ignored (a
window that stopped retrying, or died), a run gives way for at most
``GIVE_WAY_SECONDS`` before each chunk (a window that cannot write for
another reason must not stop the run), and a folder where the file cannot be
made simply has no signal (docs/adr/0012-staged-long-writes.md). A server
project has no file lock to wait for (the server locks rows), so its signal
is silent: it never says anyone waits, and announcing writes nothing.

Every writer of ours says so, not only the window: :func:`begin_immediate`
(every transaction's ``BEGIN``) touches the file while it waits, so a
command such as ``annotator assign`` run beside an import gets the lock
within a batch, and a run needs no pause after each chunk for it.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import suppress
from pathlib import Path

from .location import ServerLocation

SUFFIX = "-wait"
# A window retries every few tens of milliseconds while it waits and touches
# the file each time; older than this, nobody is waiting any more.
FRESH_SECONDS = 0.25
GIVE_WAY_SECONDS = 0.25  # the most a run gives way before one chunk
STEP_SECONDS = 0.003  # how often a run giving way looks again
LOOK_SECONDS = 0.003  # a run writing looks at the file at most this often
# A waiting writer's BEGIN is tried this long inside SQLite each time, and the
# file touched again between tries: well inside ``FRESH_SECONDS``.
ASK_MS = 20


class WaitSignal:
    """The ``PROJECT-wait`` file of one project, for both sides."""

    def __init__(self, project_path: str | Path | ServerLocation):
        self.path: Path | None = None  # a server project: no file, no signal
        if not isinstance(project_path, ServerLocation):
            path = Path(project_path)
            self.path = path.with_name(path.name + SUFFIX)
        self._looked = 0.0
        self._seen = False

    # -- the window's side -------------------------------------------------
    def announce(self) -> None:
        """A write of this window waits for the lock (again): make the file
        fresh. A folder that refuses it only loses the hint."""
        if self.path is not None:
            with suppress(OSError):
                self.path.touch()

    def withdraw(self) -> None:
        """Nothing of this window waits any more."""
        if self.path is not None:
            with suppress(OSError):
                self.path.unlink(missing_ok=True)

    # -- the runs' side ----------------------------------------------------
    def waiting(self) -> bool:
        """Whether a window waits now (the file is fresh)."""
        if self.path is None:
            return False
        try:
            touched = self.path.stat().st_mtime
        except OSError:
            return False
        return time.time() - touched < FRESH_SECONDS

    def noticed(self) -> bool:
        """``waiting``, looked at no more often than ``LOOK_SECONDS``: cheap
        enough to ask after every set a merge writes."""
        now = time.perf_counter()
        if now - self._looked >= LOOK_SECONDS:
            self._looked = now
            self._seen = self.waiting()
        return self._seen

    def give_way(self) -> float:
        """Before taking the lock: while a window waits, wait (up to
        ``GIVE_WAY_SECONDS``); returns the seconds given."""
        started = time.perf_counter()
        while self.waiting() and time.perf_counter() - started < GIVE_WAY_SECONDS:
            time.sleep(STEP_SECONDS)
        self._looked, self._seen = 0.0, False
        return time.perf_counter() - started


def begin_immediate(conn: sqlite3.Connection, signal: WaitSignal, wait_ms: int) -> None:
    """``BEGIN IMMEDIATE`` that says it waits: tried at once, and while
    another connection holds the lock, tried again every ``ASK_MS`` with the
    signal touched before each try, for up to ``wait_ms`` in all (the
    connection's busy timeout, which it is left at). A writer that got in
    withdraws the signal; one that gave up leaves it to go stale, since the
    caller may try again (the window keeps what it could not write).

    SQLite's own busy handler would wait the same time in silence, and a run
    that commits a chunk and begins the next at once wins nearly every race
    against it; said through the file, the run lets it in after its batch.
    """
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY or wait_ms <= 0:
                raise
        deadline = time.monotonic() + wait_ms / 1000
        while True:
            signal.announce()
            left = int((deadline - time.monotonic()) * 1000)
            conn.execute(f"PRAGMA busy_timeout = {max(1, min(ASK_MS, left))}")
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                    raise
                continue
            signal.withdraw()
            return
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
