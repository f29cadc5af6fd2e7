"""``Project``: one project (a SQLite file or a server database), the only door to it.

Everything that reads or writes the file goes through this class and the
objects it holds, each named for the tables it holds (``documents``,
``sets``, ``listing``, ``gold``), so SQL lives in ``annotator/core/store``
alone and every write is a transaction. The project itself keeps the
connection, transactions, settings, the scheme and the event log. One
``Project`` belongs to one thread; a worker thread opens its own on the same
path (WAL lets them share).

A project on a PostgreSQL server (``postgresql://...``, server.py) is the
same class over the same objects: ``engine`` says which it is, and only
the few things SQLite does as pragmas (checkpoints, the busy timeout, the
change counter, the schema version) ask it.

A project that cannot be written (a read-only file or folder, a damaged
file, or ``read_only=True``) still opens for reading; ``read_only`` says so
and every transaction raises the reason, one line naming the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

from annotator.core.errors import AnnotatorError, SchemeError
from annotator.core.scheme import Scheme, default_scheme
from annotator.core.types import STATUSES

from .assignments import Assignments
from .categories import Categories
from .database import BUSY_TIMEOUT_MS, connect
from .documents import Documents
from .gold import Gold
from .journal import recover
from .listing import Listing
from .location import Location, ServerLocation, parse_location
from .models import Models
from .relations import Relations
from .sets import Sets
from .suggestions import Suggestions
from .util import dumps, loads, now_iso
from .vocabulary import Vocabulary
from .waiting import WaitSignal, begin_immediate


class Project:
    """An open project file."""

    def __init__(
        self,
        path: Location,
        db: Any,
        backup: Path | None = None,
        refusal: str | None = None,
    ):
        self.path = path  # a Path, or a ServerLocation (prints its URL, password masked)
        self.db = db  # sqlite_utils.Database, or server.ServerDatabase: both hold ``conn``
        self.engine: Literal["sqlite", "postgresql"] = (
            "postgresql" if isinstance(path, ServerLocation) else "sqlite"
        )
        self.backup = backup  # the copy made before a migration, if one ran
        self._refusal = refusal  # why writes are refused, when they are
        self._scheme: Scheme | None = None
        self._busy_ms = BUSY_TIMEOUT_MS  # how long a write waits for the lock
        self._signal = WaitSignal(path)  # says so to long runs while it waits
        # While a staged run (staging.py) writes, its events wait here for its
        # commit point: the log is append-only, so an undone run must leave none.
        self.deferred_events: list[tuple] | None = None
        # What opening the file did to runs a killed process left (undone or
        # completed), one line each: the caller shows them.
        self.recovered: list[str] = []
        self.documents = Documents(self)
        self.sets = Sets(self)
        self.relations = Relations(self)
        self.categories = Categories(self)
        self.models = Models(self)
        self.suggestions = Suggestions(self)
        self.vocabulary = Vocabulary(self)
        self.listing = Listing(self)
        self.gold = Gold(self)
        self.assignments = Assignments(self)

    @classmethod
    def open(
        cls,
        path: str | Path | ServerLocation,
        *,
        create: bool = True,
        migrations: Path | None = None,
        read_only: bool | None = None,
        verify: bool = True,
    ) -> Project:
        """Open a project file, creating it or applying pending migrations.

        ``read_only=None`` opens for writing when the file allows it and is
        sound, else for reading (``read_only`` is then true); ``True`` opens
        for reading; ``False`` raises the reason writing is impossible, for
        commands that only write. Another program's file is always refused.
        ``verify=False`` skips the page-by-page ``quick_check`` for a caller
        that runs ``damage_report`` itself and then ``refuse_writes``.
        """
        location = parse_location(path)
        if isinstance(location, ServerLocation):
            project = cls._open_server(location, migrations, create=create, read_only=read_only)
        else:
            opened = connect(
                location, migrations, create=create, read_only=read_only, verify=verify
            )
            db = sqlite_utils.Database(opened.conn)
            project = cls(location, db, opened.backup, opened.refusal)
        if project.setting("scheme") is None and not project.read_only:
            with project.transaction():
                project.set_setting("scheme", default_scheme().model_dump())
        if not project.read_only and project.engine == "sqlite":
            project.recovered = recover(project)
        return project

    @classmethod
    def _open_server(
        cls,
        location: ServerLocation,
        migrations: Path | None,
        *,
        create: bool,
        read_only: bool | None,
    ) -> Project:
        """A server project: a server has no read-only or damaged file, so
        only ``read_only=True`` refuses writes."""
        from .server import connect_server

        db = connect_server(location, migrations, create=create and not read_only)
        refusal = f"{location} was opened read-only; nothing was changed" if read_only else None
        return cls(location, db, None, refusal)

    @property
    def read_only(self) -> bool:
        """True when this project refuses writes (see ``write_refusal``)."""
        return self._refusal is not None

    @property
    def write_refusal(self) -> str | None:
        """The one line every write raises when the project is read-only: the
        file is read-only, damaged (naming ``annotator check`` and the
        backup), or was opened read-only."""
        return self._refusal

    def forget_scheme(self) -> None:
        """Read the scheme from the file again at its next use: something
        other than ``set_scheme`` (a staged run's undo) restored its setting."""
        self._scheme = None

    def refuse_writes(self, reason: str) -> None:
        """From now on every write raises ``reason`` (a check that ran after
        opening found the file damaged); reads go on as before."""
        self._refusal = reason

    def checkpoint(
        self, mode: Literal["PASSIVE", "FULL", "RESTART", "TRUNCATE"] = "PASSIVE"
    ) -> tuple[int, int, int]:
        """Copy committed WAL frames into the project file itself, so the file
        alone holds every edit (a copy of it lacks nothing the ``-wal`` has).

        PASSIVE never waits for other connections; TRUNCATE waits for them
        (the busy timeout) and empties the ``-wal``. Returns SQLite's
        (busy, frames in the WAL, frames checkpointed); (0, -1, -1) when the
        file is not in WAL mode or the project is read-only.
        """
        if self.read_only or self.engine != "sqlite":
            return (0, -1, -1)
        row = self.db.conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        return (int(row[0]), int(row[1]), int(row[2]))

    def set_busy_timeout(self, milliseconds: int) -> None:
        """How long a write on this connection waits for another connection's
        lock before it fails. The window sets tens of milliseconds, so its
        thread never stalls for seconds behind a long writer; it keeps what
        it could not write and tries again. On a server, the wait for a row
        another transaction holds (``lock_timeout``)."""
        self._busy_ms = int(milliseconds)
        if self.engine == "postgresql":
            self.db.conn.execute(f"SET lock_timeout = {int(milliseconds)}")
            return
        self.db.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    def checkpoint_on_timer(self) -> None:
        """This connection's commits no longer copy the ``-wal`` into the
        file (SQLite does it inside the commit that finds the log over 1,000
        pages): its owner checkpoints on a timer instead. A window does, so
        its edits never wait for that copy: while an import or merge writes
        beside it, the log runs long and the window's commits took up to
        80 ms copying what the run's own checkpoints had not yet. A server
        has no ``-wal``: nothing to change."""
        if self.engine == "sqlite" and not self.read_only:
            self.db.conn.execute("PRAGMA wal_autocheckpoint = 0")

    @property
    def busy_timeout(self) -> int:
        """The milliseconds a write waits for the lock (``set_busy_timeout``)."""
        return self._busy_ms

    def data_version(self) -> int:
        """SQLite's change counter as this connection sees it: it changes when
        another connection commits to the file, and costs no read of the file,
        so a window can poll it to notice other processes' writes. On a
        server: a number that moves when others' commits arrive, from one
        read of the change counter every commit bumps (``changes``)."""
        if self.engine == "postgresql":
            return self.db.conn.changes()
        return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        """Checkpoint and close. TRUNCATE is tried without waiting: when this
        is the last connection it copies everything and empties the ``-wal``;
        with another connection busy, SQLite carries it on as a PASSIVE
        checkpoint (as many frames as it can without blocking anyone). A
        TRUNCATE that gets the write lock holds it while it copies, so a
        PASSIVE one goes first and leaves it little: an import closing
        beside a window's edits held them up to 400 ms copying the log."""
        if not self.read_only and self.engine == "sqlite":
            try:
                self.db.conn.execute("PRAGMA busy_timeout = 0")
                self.checkpoint("PASSIVE")
                self.checkpoint("TRUNCATE")
            except sqlite3.DatabaseError:
                pass  # closing must not fail; SQLite checkpoints on the last close anyway
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (a savepoint when one is already open).

        ``BEGIN IMMEDIATE`` takes the write lock up front, so while another
        program writes (an import, a merge) we wait the busy timeout instead
        of failing at the first write after a read, and say that we wait
        (waiting.py), so a long run lets us in after the batch it writes. Database errors become an
        ``AnnotatorError`` naming the file, so the CLI prints one line and the
        GUI shows a message; nothing of the failed transaction is kept.
        Whatever is rolled back (a savepoint too) also drops the cached
        scheme, which a rolled-back ``set_scheme`` may have changed.
        """
        if self._refusal is not None:
            raise AnnotatorError(self._refusal)
        if self.engine == "postgresql":
            with self._server_transaction():
                yield
            return
        conn = self.db.conn
        if conn.in_transaction:
            try:
                with self.db.atomic():  # a savepoint; the outer transaction decides
                    yield
            except BaseException:
                self._scheme = None
                raise
            return
        try:
            begin_immediate(conn, self._signal, self._busy_ms)
        except sqlite3.OperationalError as exc:
            raise AnnotatorError(f"{self.path}: {exc}; nothing was changed") from None
        try:
            yield
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._scheme = None
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise AnnotatorError(f"{self.path}: {exc}; nothing was changed") from None
        except BaseException:
            self._scheme = None
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _server_transaction(self) -> Iterator[None]:
        """``transaction`` on a server: the server's errors (a lost
        connection, a lock wait past ``lock_timeout``) become one line naming
        the project by its masked URL, and every commit bumps the change
        counter the other connections' windows poll."""
        from .server import server_error, transaction

        try:
            with transaction(self.db.conn):
                yield
        except BaseException as exc:
            self._scheme = None
            error = server_error(exc)
            if error is None:
                raise
            raise AnnotatorError(f"{self.path}: {error}; nothing was changed") from None

    @property
    def schema_version(self) -> int:
        """The file's ``PRAGMA user_version`` (a server's ``schema_version``
        row): the last migration applied to it."""
        if self.engine == "postgresql":
            from .server import schema_version

            return schema_version(self.db.conn.raw)
        return int(self.db.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- the event log ---------------------------------------------------
    def log_event(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        set_id: int | None = None,
        document_id: int | None = None,
        annotator: str | None = None,
    ) -> None:
        """Append one event to the log (the log is never updated or deleted).
        Call it inside the transaction of the change it records, so the change
        and its history commit together; alone, it is a transaction of its own.
        Inside a staged run the event is held back until the run commits."""
        row = (now_iso(), annotator, document_id, set_id, kind, dumps(payload))
        if self.deferred_events is not None:
            self.deferred_events.append(row)
            return
        if self._refusal is None and self.db.conn.in_transaction:
            self._insert_event(row)  # one statement: no savepoint of its own needed
            return
        with self.transaction():
            self._insert_event(row)

    def _insert_event(self, row: tuple) -> None:
        self.db.conn.execute(
            "INSERT INTO events (ts, annotator, document_id, set_id, kind, payload)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            row,
        )

    def events(
        self, set_id: int | None = None, limit: int = 1000, kinds: Sequence[str] = ()
    ) -> list[dict[str, Any]]:
        """The newest events first, of one set or of the whole project (scheme
        changes and merges are logged without a set), of some ``kinds`` only
        when given (the window reads a set's pulls on every open)."""
        sql = "SELECT id, ts, annotator, document_id, set_id, kind, payload FROM events"
        where, args = [], []
        if set_id is not None:
            where.append("set_id = ?")
            args.append(set_id)
        if kinds:
            where.append(f"kind IN ({','.join('?' * len(kinds))})")
            args += list(kinds)
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.db.conn.execute(sql + " ORDER BY id DESC LIMIT ?", [*args, limit])
        return [
            {
                "id": r[0],
                "ts": r[1],
                "annotator": r[2],
                "document_id": r[3],
                "set_id": r[4],
                "kind": r[5],
                "payload": loads(r[6]),
            }
            for r in rows
        ]

    # -- settings --------------------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        row = self.db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():
            self.db.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, dumps(value)),
            )

    # -- scheme ----------------------------------------------------------
    def scheme(self) -> Scheme:
        if self._scheme is None:
            stored = self.setting("scheme")
            if stored is None:  # a read-only project never had one written
                self._scheme = default_scheme()
            else:
                self._scheme = Scheme.from_dict(stored, source=f"{self.path} scheme")
        return self._scheme

    def label_counts(self) -> dict[str, int]:
        """Spans and predictions per label, the ones a scheme change could orphan."""
        counts = self.sets.label_counts()
        for label, n in self.documents.label_counts().items():
            counts[label] = counts.get(label, 0) + n
        return counts

    def set_scheme(self, scheme: Scheme, force: bool = False) -> int:
        """Replace the scheme. Refused when spans, relations or category
        answers would be left with a label, relation or value the new scheme
        lacks, unless ``force``, which deletes them and those predictions
        (each deletion of annotators' work is logged). Returns how many
        annotations were removed."""
        orphans = self._orphans(scheme)
        if orphans and not force:
            listed = "; ".join(
                f"{what} " + ", ".join(f"{name} ({n})" for name, n in sorted(found.items()))
                for what, found in orphans.items()
            )
            raise SchemeError(
                f"the new scheme drops what is still in use: {listed}; use --force to delete them"
            )
        removed = 0
        with self.transaction():
            for label in orphans.get("labels", {}):
                removed += self.sets.delete_label(label, reason="scheme change")
                removed += self.documents.delete_label(label)
            for label in orphans.get("relations", {}):
                removed += self.relations.delete_label(label, reason="scheme change")
                self.documents.delete_relation_label(label)
            for answer in orphans.get("category values", {}):
                name, _, value = answer.partition("=")
                removed += self.categories.delete_values(name, [value], reason="scheme change")
                self.documents.delete_category_values(name, [value])
            self.set_setting("scheme", scheme.model_dump())
            self.log_event(
                "scheme.set",
                {
                    "name": scheme.name,
                    "labels": scheme.names,
                    "relations": scheme.relation_names,
                    "categories": scheme.category_names,
                },
            )
        self._scheme = scheme
        return removed

    def _orphans(self, scheme: Scheme) -> dict[str, dict[str, int]]:
        """What a new scheme would leave without a meaning, by kind, with counts:
        span labels, relation labels (or relations whose ends it no longer
        allows), and category answers (``name=value``)."""
        found: dict[str, dict[str, int]] = {}
        labels = {k: n for k, n in self.label_counts().items() if k not in scheme.names}
        relations = {
            k: n for k, n in self.relations.label_counts().items() if scheme.relation(k) is None
        }
        answers = {}
        for (name, value), n in self.categories.value_counts().items():
            category = scheme.category(name)
            if category is None or value not in category.value_names:
                answers[f"{name}={value}"] = n
        for what, items in (
            ("labels", labels),
            ("relations", relations),
            ("category values", answers),
        ):
            if items:
                found[what] = items
        return found

    # -- stats -----------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts for ``annotator stats``. An annotator's ``todo`` counts the
        documents they have not started as well as sets still marked todo."""
        documents = self.documents.count()
        annotators = {name: dict.fromkeys(STATUSES, 0) for name in self.sets.annotators()}
        for (name, status), n in self.sets.status_counts().items():
            annotators[name][status] = n
        for counts in annotators.values():
            started = counts["in_progress"] + counts["done"] + counts["skipped"]
            counts["todo"] = max(0, documents - started)
        labels = self.sets.label_counts()
        relations = self.relations.label_counts()
        # Imported here: the agreement package loads numpy, which opening a
        # project for anything but its figures does not need.
        from annotator.core.agreement.suggestion_quality import suggestion_quality

        quality = suggestion_quality(self)
        return {
            "documents": documents,
            "predictions": len(self.documents.with_predictions()),
            "annotators": annotators,
            "spans": sum(labels.values()),
            "labels": labels,
            "relations": relations,
            "categories": {
                f"{name}={value}": n
                for (name, value), n in sorted(self.categories.value_counts().items())
            },
            "assignments": self.assignments.progress(),  # {} when nobody has any
            "suggesting_model": self.models.suggesting(),
            "models": [
                {
                    "model": m,
                    "version": v,
                    "documents": n,
                    "quality": quality[m].to_dict() if m in quality else None,
                }
                for m, v, n in self.documents.models()
            ],
            "scheme": self.scheme().name,
            "path": str(self.path),
        }
