"""The journal of staged runs, and what finishes a run from it.

A staged run (staging.py) keeps, in the ``settings`` table under
``run/<id>`` (a header: kind, pid, host, start, and ``state`` once kept) and
``run/<id>/<n>`` (one entry per chunk), what it did: the id ranges of the
rows it added, the before-image of every set and setting it changed, and the
events it held back. From that journal a run is either *undone* (it failed,
or died, before its commit point: newest entry first, one short transaction
each) or *published* (it was kept: its events moved into the log, oldest
first, a few entries per short transaction). :func:`recover` does whichever
a dead process's run needs; with nothing to do it is one read of the key
index, so a project opened for writing can always call it
(docs/adr/0012-staged-long-writes.md).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.words import count

from .waiting import GIVE_WAY_SECONDS, WaitSignal

if TYPE_CHECKING:
    from .project import Project

CHUNK_ROWS = 1000  # rows per chunk transaction: a few tens of milliseconds
CHUNK_SECONDS = 0.05  # and never much longer than this, whatever the rows are
# Our own writers say when they wait (waiting.py) and a run lets them in
# after its batch. A program that does not (sqlite3's shell, another tool)
# has only SQLite's busy handler, which polls every few ms at first and
# loses every race to a run's next BEGIN: for it the lock is let go for
# PAUSE_SECONDS once every PAUSE_EVERY_SECONDS of a run's writing. A pause
# after every chunk cost a plain import of 30,000 documents half a second.
PAUSE_SECONDS = 0.015
PAUSE_EVERY_SECONDS = 0.5
PATIENCE_SECONDS = 120.0  # how long a run waits for the lock before failing
RUN_BUSY_MS = 20  # one try of a run's BEGIN; between tries it looks for a waiting window
PREFIX = "run/"
AFTER = "run0"  # the first key past every ``run/...`` key ("0" follows "/")
KEPT = "kept"  # a header's state once the run passed its commit point

# Tables a run adds rows to, with the column their ids grow in. Spans need no
# range: a new set's spans go with the set (ON DELETE CASCADE), a changed
# set's spans are restored from its before-image.
ADDED = (
    ("prediction_categories", "rowid"),
    ("prediction_relations", "id"),
    ("prediction_runs", "rowid"),
    ("predictions", "id"),
    ("annotation_sets", "id"),
    ("documents", "id"),
    ("annotators", "id"),
)
# A changed set's before-image, column by column (a journal written before a
# column existed has fewer values; those columns are then left as they are).
SET_IMAGE = ("status", "note", "skip_reason", "seconds_spent", "created_at", "updated_at", "meta")
SPAN_IMAGE = (
    *("id", "start_char", "end_char", "label", "attrs", "origin", "created_at", "updated_at"),
    "meta",
)
RELATION_IMAGE = ("id", "head_span_id", "child_span_id", "label", "attrs", "origin", "created_at")
CATEGORY_IMAGE = ("name", "value", "origin", "created_at")
_INSERT_EVENT = (
    "INSERT INTO events (ts, annotator, document_id, set_id, kind, payload)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)

active_runs: set[str] = set()  # runs this process has open, never recovered from under it


class Breather:
    """The pause a run's series of transactions takes now and then
    (``PAUSE_EVERY_SECONDS``), for writers that do not say they wait."""

    def __init__(self) -> None:
        self._last = time.perf_counter()

    def between(self) -> None:
        """Called between two transactions: pause if it is time to."""
        if time.perf_counter() - self._last >= PAUSE_EVERY_SECONDS:
            time.sleep(PAUSE_SECONDS)
            self._last = time.perf_counter()


def _alive(pid: int) -> bool:
    """Whether a process of this machine still runs. Where that cannot be
    asked safely (Windows, where signal 0 is Ctrl+C) it is taken as alive, so
    a live run is never undone from under its writer."""
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def patient_transaction(project: Project, signal: WaitSignal | None = None) -> Iterator[None]:
    """``project.transaction()``, its ``BEGIN`` retried while another writer
    holds the lock, for up to ``PATIENCE_SECONDS``: a long run waits for
    another long run (an import beside a merge) instead of failing after
    one busy timeout. Only the ``BEGIN`` is retried; nothing was written yet.

    A window waiting for the lock goes first (waiting.py): the run gives way
    before each try, and lets the lock go again at once when a window began
    waiting while it asked. Each try waits ``RUN_BUSY_MS`` inside SQLite, not
    the connection's seconds, so the run looks for a waiting window between
    tries instead of taking the lock the moment the other run lets it go."""
    signal = signal or WaitSignal(project.path)
    conn = project.db.conn
    outer = not conn.in_transaction
    deadline = time.monotonic() + PATIENCE_SECONDS
    given = 0.0
    while True:
        if outer:
            given += signal.give_way()
        stack = ExitStack()
        try:
            with _busy_timeout(project, RUN_BUSY_MS if outer else None):
                stack.enter_context(project.transaction())
        except AnnotatorError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            continue
        if outer and given < GIVE_WAY_SECONDS and signal.waiting():
            stack.close()  # nothing written yet: an empty commit lets the window in
            continue
        break
    with stack:
        yield


@contextmanager
def _busy_timeout(project: Project, milliseconds: int | None) -> Iterator[None]:
    """The project's busy timeout set to ``milliseconds`` for a block
    (``None``: left as it is), then put back."""
    if milliseconds is None:
        yield
        return
    before = project.busy_timeout
    project.set_busy_timeout(milliseconds)
    try:
        yield
    finally:
        project.set_busy_timeout(before)


def _entry_keys(conn: sqlite3.Connection, run_id: str, newest_first: bool) -> list[str]:
    """A run's journal entries (``run/<id>/<n>``), read off the key index."""
    order = "DESC" if newest_first else "ASC"
    rows = conn.execute(
        f"SELECT key FROM settings WHERE key > ? AND key < ? ORDER BY key {order}",
        (f"{PREFIX}{run_id}/", f"{PREFIX}{run_id}0"),
    )
    return [r[0] for r in rows]


def undo(project: Project, run_id: str) -> int:
    """Undo a run's committed chunks, newest first, one transaction each, and
    drop its journal; returns how many chunks were undone."""
    conn = project.db.conn
    keys = _entry_keys(conn, run_id, newest_first=True)
    breather = Breather()
    undone = len(keys)

    def restore(journal: dict[str, Any]) -> int:
        _restore(conn, journal)
        return 1  # a chunk's undo is a transaction of its own

    while keys:
        _steps(project, keys, restore, breather)
    _steps(project, [PREFIX + run_id], lambda journal: 0, breather)
    project.forget_scheme()  # a restored scheme setting must be read again
    return undone


def publish(project: Project, run_id: str, rows: int | None = None) -> int:
    """Write a kept run's held-back events into the log, oldest chunk first:
    entries' events and the deletion of those entries in one short
    transaction (up to ``rows`` events, else ``CHUNK_ROWS``, or
    ``CHUNK_SECONDS``), so a kill in between neither loses nor repeats any.
    Returns how many events were written."""
    conn = project.db.conn
    keys = _entry_keys(conn, run_id, newest_first=False)
    breather = Breather()
    written = 0

    def insert(journal: dict[str, Any]) -> int:
        nonlocal written
        events = journal.get("events", [])
        conn.executemany(_INSERT_EVENT, events)
        written += len(events)
        return len(events)

    while keys:
        _steps(project, keys, insert, breather, rows or CHUNK_ROWS)
    _steps(project, [PREFIX + run_id], lambda journal: 0, breather)
    return written


def _steps(
    project: Project,
    keys: list[str],
    action: Callable[[dict[str, Any]], int],
    breather: Breather,
    rows: int = 1,
) -> None:
    """``action`` on journal entries from the front of ``keys`` and the
    entries' deletion, in one transaction that stops taking entries once
    they made ``rows`` rows (``action`` says how many each made) or took
    ``CHUNK_SECONDS``, or at once when a window waits for the lock; done
    keys leave the list. Then, now and then, a pause (``Breather``).
    An entry gone already (another process finished it) is skipped. On a
    full disk the write-ahead log holds the space this needs: it is
    checkpointed and truncated, and tried once more."""
    conn = project.db.conn
    signal = WaitSignal(project.path)
    for attempt in (1, 2):
        try:
            with patient_transaction(project, signal):
                started, made, done = time.perf_counter(), 0, 0
                while done < len(keys) and made < rows:
                    late = time.perf_counter() - started > CHUNK_SECONDS
                    if done and (late or signal.noticed()):
                        break
                    key = keys[done]
                    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,))
                    value = row.fetchone()
                    if value is not None:
                        made += action(json.loads(value[0]))
                        conn.execute("DELETE FROM settings WHERE key = ?", (key,))
                    done += 1
            del keys[:done]
            break
        except AnnotatorError:
            if attempt == 2:
                raise
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    breather.between()


def _insert_keeping_id(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...], row: list
) -> int:
    """Insert ``row`` (values of ``columns``, id first) with its old id, or
    with a new one when that id was taken since: the row, not its id,
    matters. Returns the id."""
    names = columns[: len(row)]

    def insert(names: tuple[str, ...], values: list) -> sqlite3.Cursor:
        marks = ", ".join("?" * len(values))
        return conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", values)

    try:
        insert(names, row)
        return int(row[0])
    except sqlite3.IntegrityError:
        return int(insert(names[1:], row[1:]).lastrowid or 0)


def _restore(conn: sqlite3.Connection, journal: dict[str, Any]) -> None:
    for image in journal.get("sets", []):
        set_id = image["id"]
        state = image["state"]
        assignments = ", ".join(f"{column} = ?" for column in SET_IMAGE[: len(state)])
        conn.execute(f"UPDATE annotation_sets SET {assignments} WHERE id = ?", [*state, set_id])
        for table in ("relations", "categories", "spans"):
            conn.execute(f"DELETE FROM {table} WHERE set_id = ?", (set_id,))
        span_columns = ("id", "set_id", *SPAN_IMAGE[1:])
        span_ids = {
            span[0]: _insert_keeping_id(conn, "spans", span_columns, [span[0], set_id, *span[1:]])
            for span in image["spans"]
        }
        relation_columns = ("id", "set_id", *RELATION_IMAGE[1:])
        for rel in image.get("relations", []):
            row = [rel[0], set_id, span_ids[rel[1]], span_ids[rel[2]], *rel[3:]]
            _insert_keeping_id(conn, "relations", relation_columns, row)
        conn.executemany(
            f"INSERT INTO categories (set_id, {', '.join(CATEGORY_IMAGE)}) VALUES (?, ?, ?, ?, ?)",
            [[set_id, *category] for category in image.get("categories", [])],
        )
    for key, value in journal.get("settings", {}).items():
        if value is None:
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))
        else:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
    added = journal.get("added", {})
    for table, column in ADDED:
        if table in added:
            first, last = added[table]
            conn.execute(f"DELETE FROM {table} WHERE {column} > ? AND {column} <= ?", (first, last))


def recover(project: Project) -> list[str]:
    """Finish every run on this file whose process (on this machine) is gone:
    one killed before its commit point is undone, one killed after it has its
    remaining events written. Returns one line per run, to be shown.

    Cheap when there is nothing to do (one read of the ``settings`` key
    index, no write, no lock), so a project opened for writing calls it
    first; a read-only project is left as it is."""
    if project.read_only:
        return []
    conn = project.db.conn
    headers = [
        r[0]
        for r in conn.execute(
            "SELECT key FROM settings WHERE key > ? AND key < ? AND instr(substr(key, ?), '/') = 0",
            (PREFIX, AFTER, len(PREFIX) + 1),
        )
    ]
    lines = []
    for key in headers:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        run_id = key[len(PREFIX) :]
        if row is None or run_id in active_runs:  # finished meanwhile, or our own
            continue
        header = json.loads(row[0])
        if header.get("host") != socket.gethostname():
            continue
        if header.get("pid") != os.getpid() and _alive(int(header.get("pid", 0))):
            continue
        what = (
            f"an unfinished {header.get('kind', 'write')} of {header.get('started', '?')}"
            f" (process {header.get('pid')})"
        )
        if header.get("state") == KEPT:
            events = publish(project, run_id)
            lines.append(f"{what} was completed ({count(events, 'event')} of its history written)")
        else:
            lines.append(f"{what} was undone ({count(undo(project, run_id), 'chunk')})")
    return lines
