"""A long write (import, merge) on a server project: one transaction.

On SQLite a long write is committed in short chunks with a journal
(staging.py), because one writer holds the whole file's lock and a window
waiting behind a 50,000-document import would wait for minutes. PostgreSQL
locks rows, not the database: an import's transaction blocks nobody
editing other sets, and readers never wait. So a server run keeps the
staged run's interface and is simply one transaction: a failure or a kill
of the client rolls back all of it, which is what the journal buys on
SQLite, without the journal.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .project import Project

BATCH = 2000  # rows per batch: executemany's round trips, not a lock's length


class ServerRun:
    """The staged run's interface over one server transaction."""

    def __init__(self, project: Project, kind: str) -> None:
        self._project = project
        self.kind = kind
        self.id = uuid.uuid4().hex[:12]
        self.commits = 0
        self.recovered: list[str] = []  # a server project has no dead runs to finish
        self._stack: ExitStack | None = None
        self._events: list[tuple] = []

    def begin(self) -> None:
        self._stack = ExitStack()
        self._stack.enter_context(self._project.transaction())
        self._project.deferred_events = self._events

    def commit(self) -> None:
        """Write the held-back events and commit everything at once."""
        self._project.deferred_events = None
        if self._events:
            self._project.db.conn.executemany(
                "INSERT INTO events (ts, annotator, document_id, set_id, kind, payload)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                self._events,
            )
        self._events.clear()
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.close()
            self.commits += 1

    def publish(self) -> int:
        return 0  # the events went in with the commit

    def abort(self) -> int:
        self._project.deferred_events = None
        self._events.clear()
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.__exit__(RuntimeError, RuntimeError("rolled back"), None)
        return 0

    @property
    def open(self) -> bool:
        return self._stack is not None

    @contextmanager
    def write(self, rows: int = 1) -> Iterator[None]:
        yield

    def flush(self) -> None:
        """Nothing to commit early: the transaction blocks nobody."""

    def room(self) -> int:
        return BATCH

    def batches(self, items: list[Any]) -> Iterator[list[Any]]:
        for start in range(0, len(items), BATCH):
            yield items[start : start + BATCH]

    def keep_set(self, doc_id: int, annotator: str) -> None:
        """Nothing to keep: a rollback restores the set."""

    def keep_setting(self, key: str) -> None:
        """Nothing to keep: a rollback restores the setting."""


@contextmanager
def server_run(project: Project, kind: str, undone: str) -> Iterator[ServerRun]:
    """``staged_run`` for a server project: stays when the block ends, is
    rolled back when it raises (the error then ends in ``undone``), and is
    left undone when the block aborted it itself (a dry run)."""
    from annotator.core.errors import AnnotatorError

    from .staging import reason

    run = ServerRun(project, kind)
    run.begin()
    try:
        yield run
        if run.open:
            run.commit()
    except BaseException as exc:
        why = reason(exc)
        run.abort()
        if isinstance(exc, (AnnotatorError, OSError, KeyboardInterrupt)):
            raise AnnotatorError(f"{why}; {undone}") from None
        raise
