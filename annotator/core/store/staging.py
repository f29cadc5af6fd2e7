"""Long writes committed in short chunks, and undone as a whole when they fail.

An import of 50,000 documents or a merge of 20,000 sets in one transaction
holds the write lock for many seconds, longer than a window on the same file
waits for it (the busy timeout, 5 s). A :class:`StagedRun` commits such a
write in chunks of at most ``CHUNK_ROWS`` rows or ``CHUNK_SECONDS`` seconds
and keeps, in each chunk's own transaction, a journal of what the chunk did:
the id ranges of the rows it added, the before-image of every set and
setting it changed, and the events it held back. A run that fails is undone
from that journal, newest chunk first, each chunk's undo a short transaction
of its own.

Events are append-only, so a run's events cannot be written before the run
is sure to stay: they wait in the journal (``Project.deferred_events`` until
their chunk commits). The run's commit point is one tiny transaction that
marks its journal *kept*; after it the run is never undone, and its events
are *published*: moved from the journal into the log in short transactions
(docs/adr/0012-staged-long-writes.md). Undoing, publishing and finishing
what a dead process left (``recover``) live in journal.py.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError

from .checkpointer import Checkpointer
from .journal import (
    ADDED,
    CATEGORY_IMAGE,
    CHUNK_ROWS,
    CHUNK_SECONDS,
    KEPT,
    PREFIX,
    RELATION_IMAGE,
    SET_IMAGE,
    SPAN_IMAGE,
    Breather,
    active_runs,
    patient_transaction,
    publish,
    recover,
    undo,
)
from .util import now_iso
from .waiting import WaitSignal

if TYPE_CHECKING:
    from .project import Project

RESERVE_BYTES = 256 * 1024  # free disk space always left for an undo
# The page cache a run's connection may use while it writes (KiB; SQLite's
# default is 2 MB). Each document's text hash goes to a random place in the
# hash index, and once the index outgrows the cache most of those inserts
# read a page back: at 100,000 documents the inserts took 60 us each with
# 2 MB against 40 us with room for the index. Given back when the run ends.
RUN_CACHE_KIB = 64 * 1024
# A batch ``room`` gives takes no longer than this (at the rate seen so far):
# between batches the run looks whether a window waits for the lock, so that
# is the longest a waiting window waits for a chunk to end.
BATCH_SECONDS = 0.015
_NOT_CHANGED = "; nothing was changed"


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
    the block, and :meth:`flush` before slow work that writes nothing (reading
    a whole file), so the lock is not held through it. :meth:`commit` makes
    the run stay and :meth:`publish` writes its events; :meth:`abort` undoes it.
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
        self.recovered: list[str] = []  # what earlier, dead runs were undone or completed
        self._header: dict[str, Any] = {}
        self._entries = 0  # journal entries written so far
        self._chunk: ExitStack | None = None
        self._rows = 0
        self._started = 0.0
        self._rate = 0.0  # rows per second the chunks took so far (0: not known yet)
        self._before: dict[str, int] = {}
        self._journal: dict[str, Any] = {}
        self._events: list[tuple] = []
        self._size = 0  # bytes of the file and its log when the chunk began
        self._growth = 0  # the most a chunk has grown them
        self._pages = 0  # the connection's wal_autocheckpoint before the run
        self._cache = 0  # and its cache_size
        self._signal = WaitSignal(project.path)  # a writer waiting for the lock
        self._checkpointer: Checkpointer | None = None  # while the run writes
        self._breather = Breather()

    # -- the run as a whole -----------------------------------------------
    def begin(self) -> None:
        """Finish the runs of dead processes, then record this one."""
        self.recovered = recover(self._project)
        self._header = {"kind": self.kind, "pid": os.getpid(), "host": socket.gethostname()}
        self._header["started"] = now_iso()
        with patient_transaction(self._project, self._signal):
            self._put(PREFIX + self.id, self._header)
        active_runs.add(self.id)
        self._project.deferred_events = self._events
        # the log is copied into the file beside the run, not in its commits
        self._pages = int(self._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        self._conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._cache = int(self._conn.execute("PRAGMA cache_size").fetchone()[0])
        self._conn.execute(f"PRAGMA cache_size = {-RUN_CACHE_KIB}")
        free = shutil.disk_usage(Path(self._project.path).resolve().parent).free
        page = int(self._conn.execute("PRAGMA page_size").fetchone()[0])
        self._checkpointer = Checkpointer(Path(self._project.path), free // page)

    def _end(self) -> None:
        """The run is over (published or undone): the checkpoints beside it
        stopped, what they left of its log copied into the file without
        waiting for anyone (so the TRUNCATE checkpoint on close, which holds
        the write lock while it copies, finds nothing left to copy), the
        connection's checkpoint threshold back, the run no longer this
        process's."""
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        with suppress(sqlite3.OperationalError):  # nothing is lost: the frames stay in the -wal
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self._conn.execute(f"PRAGMA wal_autocheckpoint = {self._pages}")
        self._conn.execute(f"PRAGMA cache_size = {self._cache}")
        active_runs.discard(self.id)

    def commit(self) -> None:
        """The commit point: the last chunk, then one small transaction with
        the events held back since it and the mark that the run is kept.
        From here on the run is never undone, only published."""
        self._close_chunk()
        self._project.deferred_events = None
        with patient_transaction(self._project, self._signal):
            for start in range(0, len(self._events), self.chunk_rows):
                self._put_entry({"events": self._events[start : start + self.chunk_rows]})
            self._put(PREFIX + self.id, {**self._header, "state": KEPT})
        self._events.clear()
        self.commits += 1

    def publish(self) -> int:
        """Write the kept run's events into the log, a chunk per transaction
        (:func:`publish`); returns how many. Whatever is left after a failure
        is written by the next :func:`recover`."""
        try:
            return publish(self._project, self.id, self.chunk_rows)
        finally:
            self._end()

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
            self._end()

    # -- chunks ------------------------------------------------------------
    @contextmanager
    def write(self, rows: int = 1) -> Iterator[None]:
        """A piece of the run's writing, inside the current chunk's
        transaction; the chunk commits once it holds enough rows or time,
        or at once when another writer waits for the lock (it then goes first:
        the next chunk's ``BEGIN`` gives way to it)."""
        if self._chunk is None:
            self._open_chunk()
        yield
        self._rows += rows
        elapsed = time.perf_counter() - self._started
        self._rate = self._rows / max(elapsed, 1e-6)
        full = self._rows >= self.chunk_rows or elapsed >= self.chunk_seconds
        if full or self._signal.noticed():
            self._close_chunk()

    def flush(self) -> None:
        """Commit the open chunk now: the caller is about to do slow work
        that writes nothing (reading a source file's sets, the next file),
        and the open chunk would hold the write lock through it."""
        self._close_chunk()

    def room(self) -> int:
        """Rows the current chunk still takes: the size of the next batch a
        caller writes, so no chunk grows past ``chunk_rows``, nor (at the
        rate rows were written so far) past ``chunk_seconds``: on a busy
        machine 1,000 documents take far longer than 50 ms. No batch takes
        longer than ``BATCH_SECONDS`` either, so a waiting window is seen
        soon. Until a rate is known, a tenth of ``chunk_rows``."""
        rows, seconds = self.chunk_rows, self.chunk_seconds
        if self._chunk is not None:
            rows -= self._rows
            seconds -= time.perf_counter() - self._started
        seconds = min(seconds, BATCH_SECONDS)
        by_time = int(self._rate * seconds) if self._rate else self.chunk_rows // 10
        return max(1, min(rows, by_time))

    def batches(self, items: list[Any]) -> Iterator[list[Any]]:
        """``items`` in slices that each fill the current chunk at most."""
        start = 0
        while start < len(items):
            size = self.room()
            yield items[start : start + size]
            start += size

    def keep_set(self, doc_id: int, annotator: str) -> None:
        """Keep the before-image of the annotator's set for a document (if
        there is one, made before this chunk) so an undo can restore it:
        its state, spans, relations and category answers, ids kept."""
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
        image: dict[str, Any] = {"id": row[0]}
        image["state"] = list(
            self._conn.execute(
                f"SELECT {', '.join(SET_IMAGE)} FROM annotation_sets WHERE id = ?", (row[0],)
            ).fetchone()
        )
        for part, columns, table, order in (
            ("spans", SPAN_IMAGE, "spans", "id"),
            ("relations", RELATION_IMAGE, "relations", "id"),
            ("categories", CATEGORY_IMAGE, "categories", "name, value"),
        ):
            rows = self._conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE set_id = ? ORDER BY {order}",
                (row[0],),
            )
            image[part] = [list(r) for r in rows]
        images.append(image)

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
        if self._checkpointer is not None and self._checkpointer.long_log():
            self._checkpointer.catch_up()  # so this BEGIN starts the log over
        self._check_room()
        self._size = self._disk_use()
        chunk = ExitStack()
        chunk.enter_context(patient_transaction(self._project, self._signal))
        self._chunk = chunk
        self._rows = 0
        self._started = time.perf_counter()
        self._before = {table: self._max(table, column) for table, column in ADDED}
        self._journal = {"added": {}, "sets": [], "settings": {}}

    def _close_chunk(self) -> None:
        if self._chunk is None:
            return
        for table, column in ADDED:
            last = self._max(table, column)
            if last > self._before[table]:
                self._journal["added"][table] = [self._before[table], last]
        self._journal["events"] = list(self._events)  # held back until the run is kept
        self._events.clear()
        self._put_entry(self._journal)
        chunk, self._chunk = self._chunk, None
        chunk.close()  # COMMIT
        self.commits += 1
        if self._checkpointer is not None:
            self._checkpointer.nudge()
        self._growth = max(self._growth, self._disk_use() - self._size)
        self._breather.between()

    def _max(self, table: str, column: str) -> int:
        return int(
            self._conn.execute(f"SELECT coalesce(max({column}), 0) FROM {table}").fetchone()[0]
        )

    def _put_entry(self, journal: dict[str, Any]) -> None:
        self._put(f"{PREFIX}{self.id}/{self._entries:06d}", journal)
        self._entries += 1

    def _put(self, key: str, value: Any) -> None:
        self._conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False, separators=(",", ":"))),
        )


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
    run) is left undone. A failure after the commit point (while the events
    are published) undoes nothing: the line says what is kept and what is
    still to be written, and by what. On a server project the run is one
    transaction (server_run.py)."""
    if project.engine == "postgresql":
        from .server_run import server_run

        with server_run(project, kind, undone) as whole:
            yield whole  # type: ignore[misc]  # the staged run's interface
        return
    run = StagedRun(project, kind, chunk_rows, chunk_seconds)
    run.begin()
    try:
        yield run
        if run.id in active_runs:
            run.commit()
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
    if run.id not in active_runs:
        return
    try:
        run.publish()
    except (AnnotatorError, OSError, sqlite3.Error, KeyboardInterrupt) as exc:
        raise AnnotatorError(
            f"{reason(exc)}; the {kind} is kept, but part of its history (the event log) is"
            f" not written yet; the next import or merge on {project.path} writes it"
        ) from None
