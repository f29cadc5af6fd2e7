"""Long writes committed in short chunks, and undone as a whole when they fail.

An import of 50,000 documents or a merge of 20,000 sets in one transaction
holds the write lock for many seconds, longer than a window on the same file
waits for it (the busy timeout, 5 s). A :class:`StagedRun` commits such a
write in chunks of at most ``CHUNK_ROWS`` rows or ``CHUNK_SECONDS`` seconds
and keeps, in each chunk's own transaction, a journal of what the chunk did:
the id ranges of the rows it added and the before-image of every set and
setting it changed. A run that fails is undone from that journal, newest
chunk first, each chunk's undo a short transaction of its own; a run whose
process died is undone by the next staged run on the file.

Events are append-only, so a run's events cannot be written before the run
is sure to stay: they are held back (``Project.deferred_events``) and written
by the last, short transaction, which also deletes the journal. That
transaction is the run's commit point (docs/adr/0012-staged-long-writes.md).
The journal lives in the ``settings`` table under ``run/<id>`` keys, so it
needs no schema change and travels with the file.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError

from .util import now_iso

if TYPE_CHECKING:
    from .project import Project

CHUNK_ROWS = 1000  # rows per chunk transaction: a few tens of milliseconds
CHUNK_SECONDS = 0.08  # and never longer than this, whatever the rows are
# Between two chunks the lock is let go for this long: SQLite's busy handler
# polls (every few ms at first), so a window waiting for it gets its turn
# instead of losing every race to the next chunk's BEGIN.
PAUSE_SECONDS = 0.015
PATIENCE_SECONDS = 120.0  # how long a run waits for the lock before failing
RESERVE_BYTES = 256 * 1024  # free disk space always left for an undo
PREFIX = "run/"
_NOT_CHANGED = "; nothing was changed"

# Tables a run adds rows to, with the column their ids grow in. Spans need no
# range: a new set's spans go with the set (ON DELETE CASCADE), a changed
# set's spans are restored from its before-image.
_ADDED = (
    ("prediction_runs", "rowid"),
    ("predictions", "id"),
    ("annotation_sets", "id"),
    ("documents", "id"),
    ("annotators", "id"),
)
_SET_IMAGE = "status, note, skip_reason, seconds_spent, created_at, updated_at"
_SPAN_IMAGE = "id, start_char, end_char, label, attrs, origin, created_at, updated_at"

_active: set[str] = set()  # runs this process has open, never recovered from under it


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
def patient_transaction(project: Project) -> Iterator[None]:
    """``project.transaction()``, its ``BEGIN`` retried while another writer
    holds the lock, for up to ``PATIENCE_SECONDS``: a long run waits for
    another long run (an import beside a merge) instead of failing after
    one busy timeout. Only the ``BEGIN`` is retried; nothing was written yet."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while True:
        stack = ExitStack()
        try:
            stack.enter_context(project.transaction())
        except AnnotatorError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            continue
        break
    with stack:
        yield


def reason(exc: BaseException) -> str:
    """One line for what stopped a run, without the transaction's own
    "nothing was changed" (the run says what happened to all of it)."""
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    if isinstance(exc, AnnotatorError):
        text = str(exc)
        return text[: -len(_NOT_CHANGED)] if text.endswith(_NOT_CHANGED) else text
    if isinstance(exc, sqlite3.Error):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    return f"{type(exc).__name__}: {exc}"


class StagedRun:
    """One long write (``import``, ``merge``) as a series of short commits.

    Write inside :meth:`write` blocks; call :meth:`keep_set` or
    :meth:`keep_setting` before changing a set or setting that existed before
    the block. :meth:`finish` makes the run stay, :meth:`abort` undoes it.
    """

    def __init__(
        self,
        project: Project,
        kind: str,
        chunk_rows: int | None = None,
        chunk_seconds: float | None = None,
    ):
        self._project = project
        self._conn = project.db.conn
        self.kind = kind
        self.id = uuid.uuid4().hex[:12]
        self.chunk_rows = chunk_rows or CHUNK_ROWS
        self.chunk_seconds = chunk_seconds or CHUNK_SECONDS
        self.commits = 0  # chunk transactions committed so far
        self.recovered: list[str] = []  # what earlier, dead runs were undone
        self._chunk: ExitStack | None = None
        self._rows = 0
        self._started = 0.0
        self._before: dict[str, int] = {}
        self._journal: dict[str, Any] = {}
        self._events: list[tuple] = []
        self._size = 0  # bytes of the file and its log when the chunk began
        self._growth = 0  # the most a chunk has grown them

    # -- the run as a whole -----------------------------------------------
    def begin(self) -> None:
        """Undo the runs of dead processes, then record this one."""
        self.recovered = recover(self._project)
        header = {"kind": self.kind, "pid": os.getpid(), "host": socket.gethostname()}
        header["started"] = now_iso()
        with patient_transaction(self._project):
            self._put(PREFIX + self.id, header)
        _active.add(self.id)
        self._project.deferred_events = self._events

    def finish(self) -> None:
        """The commit point: the last chunk, then the held-back events and
        the end of the journal in one short transaction."""
        self._close_chunk()
        self._project.deferred_events = None
        with patient_transaction(self._project):
            self._conn.executemany(
                "INSERT INTO events (ts, annotator, document_id, set_id, kind, payload)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                self._events,
            )
            self._conn.execute(
                "DELETE FROM settings WHERE key = ? OR key LIKE ?",
                (PREFIX + self.id, PREFIX + self.id + "/%"),
            )
        self.commits += 1
        _active.discard(self.id)

    def abort(self) -> int:
        """Roll back the open chunk and undo the committed ones; returns how
        many chunks were undone. An undo that fails leaves its journal for
        the next staged run to finish (raises ``AnnotatorError``)."""
        self._project.deferred_events = None
        self._events.clear()
        if self._chunk is not None:
            chunk, self._chunk = self._chunk, None
            chunk.__exit__(AnnotatorError, AnnotatorError("rolled back"), None)
        try:
            return undo(self._project, self.id)
        finally:
            _active.discard(self.id)

    # -- chunks ------------------------------------------------------------
    @contextmanager
    def write(self, rows: int = 1) -> Iterator[None]:
        """A piece of the run's writing, inside the current chunk's
        transaction; the chunk commits once it holds enough rows or time."""
        if self._chunk is None:
            self._open_chunk()
        yield
        self._rows += rows
        elapsed = time.perf_counter() - self._started
        if self._rows >= self.chunk_rows or elapsed >= self.chunk_seconds:
            self._close_chunk()

    def room(self) -> int:
        """Rows the current chunk still takes: the size of the next batch a
        caller writes, so no chunk grows past ``chunk_rows``."""
        return max(1, self.chunk_rows - self._rows) if self._chunk is not None else self.chunk_rows

    def batches(self, items: list[Any]) -> Iterator[list[Any]]:
        """``items`` in slices that each fill the current chunk at most."""
        start = 0
        while start < len(items):
            size = self.room()
            yield items[start : start + size]
            start += size

    def keep_set(self, doc_id: int, annotator: str) -> None:
        """Keep the before-image of the annotator's set for a document (if
        there is one, made before this chunk) so an undo can restore it."""
        row = self._conn.execute(
            "SELECT s.id FROM annotation_sets s JOIN annotators a ON a.id = s.annotator_id"
            " WHERE s.document_id = ? AND a.name = ?",
            (doc_id, annotator),
        ).fetchone()
        if row is None or row[0] > self._before["annotation_sets"]:
            return
        images = self._journal["sets"]
        if any(image["id"] == row[0] for image in images):
            return
        state = self._conn.execute(
            f"SELECT {_SET_IMAGE} FROM annotation_sets WHERE id = ?", (row[0],)
        ).fetchone()
        spans = self._conn.execute(
            f"SELECT {_SPAN_IMAGE} FROM spans WHERE set_id = ? ORDER BY id", (row[0],)
        ).fetchall()
        images.append({"id": row[0], "state": list(state), "spans": [list(s) for s in spans]})

    def keep_setting(self, key: str) -> None:
        """Keep a setting's value (``None``: absent) before the run changes it."""
        if key in self._journal["settings"]:
            return
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        self._journal["settings"][key] = row[0] if row else None

    def _disk_use(self) -> int:
        path = Path(self._project.path)
        wal = path.with_name(path.name + "-wal")
        return sum(p.stat().st_size for p in (path, wal) if p.exists())

    def _check_room(self) -> None:
        """Stop while an undo still has room to run: a chunk may take about
        what the last one did, twice over (the log, then the file)."""
        free = shutil.disk_usage(Path(self._project.path).resolve().parent).free
        if free < RESERVE_BYTES + 2 * self._growth:
            raise AnnotatorError(
                f"{self._project.path}: the disk is nearly full ({free // 1024} KB free)"
            )

    def _open_chunk(self) -> None:
        self._check_room()
        self._size = self._disk_use()
        chunk = ExitStack()
        chunk.enter_context(patient_transaction(self._project))
        self._chunk = chunk
        self._rows = 0
        self._started = time.perf_counter()
        self._before = {table: self._max(table, column) for table, column in _ADDED}
        self._journal = {"added": {}, "sets": [], "settings": {}}

    def _close_chunk(self) -> None:
        if self._chunk is None:
            return
        for table, column in _ADDED:
            last = self._max(table, column)
            if last > self._before[table]:
                self._journal["added"][table] = [self._before[table], last]
        self._put(f"{PREFIX}{self.id}/{self.commits:06d}", self._journal)
        chunk, self._chunk = self._chunk, None
        chunk.close()  # COMMIT
        self.commits += 1
        # Keep the log short, so an undo on a full disk can reuse its space.
        self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self._growth = max(self._growth, self._disk_use() - self._size)
        time.sleep(PAUSE_SECONDS)

    def _max(self, table: str, column: str) -> int:
        return int(
            self._conn.execute(f"SELECT coalesce(max({column}), 0) FROM {table}").fetchone()[0]
        )

    def _put(self, key: str, value: Any) -> None:
        self._conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False, separators=(",", ":"))),
        )


def undo(project: Project, run_id: str) -> int:
    """Undo a run's committed chunks, newest first, one transaction each, and
    drop its journal; returns how many chunks were undone."""
    conn = project.db.conn
    keys = [
        r[0]
        for r in conn.execute(
            "SELECT key FROM settings WHERE key LIKE ? ORDER BY key DESC",
            (PREFIX + run_id + "/%",),
        )
    ]
    for key in keys:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        journal = json.loads(row[0])
        _retrying(project, lambda journal=journal: _restore(conn, journal), key)
    _retrying(project, lambda: None, PREFIX + run_id)
    project.forget_scheme()  # a restored scheme setting must be read again
    return len(keys)


def _retrying(project: Project, restore: Callable[[], None], key: str) -> None:
    """``restore`` and the deletion of journal ``key`` in one transaction.
    On a full disk the write-ahead log holds the space the undo needs: it is
    checkpointed and truncated, and the undo tried once more."""
    conn = project.db.conn
    for attempt in (1, 2):
        try:
            with patient_transaction(project):
                restore()
                conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            return
        except AnnotatorError:
            if attempt == 2:
                raise
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _restore(conn: sqlite3.Connection, journal: dict[str, Any]) -> None:
    for image in journal["sets"]:
        conn.execute(
            "UPDATE annotation_sets SET status = ?, note = ?, skip_reason = ?,"
            " seconds_spent = ?, created_at = ?, updated_at = ? WHERE id = ?",
            [*image["state"], image["id"]],
        )
        conn.execute("DELETE FROM spans WHERE set_id = ?", (image["id"],))
        for span in image["spans"]:
            try:
                conn.execute(
                    "INSERT INTO spans (id, set_id, start_char, end_char, label, attrs, origin,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [span[0], image["id"], *span[1:]],
                )
            except sqlite3.IntegrityError:  # its id was taken since: the span, not the id, matters
                conn.execute(
                    "INSERT INTO spans (set_id, start_char, end_char, label, attrs, origin,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [image["id"], *span[1:]],
                )
    for key, value in journal["settings"].items():
        if value is None:
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))
        else:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
    for table, column in _ADDED:
        if table in journal["added"]:
            first, last = journal["added"][table]
            conn.execute(f"DELETE FROM {table} WHERE {column} > ? AND {column} <= ?", (first, last))


def recover(project: Project) -> list[str]:
    """Undo every run on this file whose process (on this machine) is gone:
    an import or merge killed midway. Returns one line per run undone."""
    conn = project.db.conn
    rows = conn.execute(
        "SELECT key, value FROM settings WHERE key LIKE ? AND key NOT LIKE ?",
        (PREFIX + "%", PREFIX + "%/%"),
    ).fetchall()
    lines = []
    for key, value in rows:
        run_id = key[len(PREFIX) :]
        header = json.loads(value)
        if run_id in _active or header.get("host") != socket.gethostname():
            continue
        if header.get("pid") != os.getpid() and _alive(int(header.get("pid", 0))):
            continue
        chunks = undo(project, run_id)
        lines.append(
            f"an unfinished {header.get('kind', 'write')} of {header.get('started', '?')}"
            f" (process {header.get('pid')}) was undone ({chunks} chunk(s))"
        )
    return lines


@contextmanager
def staged_run(
    project: Project,
    kind: str,
    undone: str,
    chunk_rows: int | None = None,
    chunk_seconds: float | None = None,
) -> Iterator[StagedRun]:
    """A :class:`StagedRun` that stays when the block ends and is undone
    when it raises: the error then becomes one line ending in ``undone``
    ("nothing was imported"). A block that calls ``abort`` itself (a dry
    run) is left undone."""
    run = StagedRun(project, kind, chunk_rows, chunk_seconds)
    run.begin()
    try:
        yield run
        if run.id in _active:
            run.finish()
    except BaseException as exc:
        why = reason(exc)
        try:
            run.abort()
        except AnnotatorError as failed:
            raise AnnotatorError(
                f"{why}; what was written could not be removed now ({reason(failed)}); "
                f"the next import or merge on {project.path} removes it"
            ) from None
        if isinstance(exc, (AnnotatorError, OSError, sqlite3.Error, KeyboardInterrupt)):
            raise AnnotatorError(f"{why}; {undone}") from None
        raise
