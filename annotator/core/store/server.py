"""A project on a PostgreSQL server, behind the same store objects.

The store's objects talk to ``project.db.conn`` as to a ``sqlite3``
connection: ``execute`` and ``executemany`` with ``?`` parameters, cursors
with ``fetchone``/``fetchall``/``rowcount``/``lastrowid``, and
``in_transaction``. ``ServerConnection`` gives psycopg 3 that shape (the
statements pass through ``dialect.translate``), so no store module has a
second copy of its SQL. The connection runs in autocommit mode and
``Project.transaction`` opens each transaction itself, as on SQLite.

A transaction runs in psycopg's pipeline mode: its statements are sent
without waiting for each one's answer, and the client waits only where it
needs a result (a read, a ``RETURNING`` id it uses) and at the commit. A
keystroke's edit was five round trips (begin, the span, the set's time
stamp, the event, notify and commit) and is two; the server runs the
statements in the order they were written, so a ``FOR UPDATE`` check still
comes before the write it guards. A statement's error then surfaces at the
next wait rather than at the statement itself; the store never catches a
server error inside a transaction, so it still rolls back all of it.

Opening applies the numbered migrations of ``db/migrations/postgresql``
(the same numbers and names as SQLite's, each file in PostgreSQL's dialect)
in one transaction, under an advisory lock so two annotators opening a new
project at once do not both create it. The version is a row of
``schema_version``; a newer schema than this code knows is refused, the
database unchanged.

Every committed write bumps the ``change_counter`` sequence, and a window
polls its last value (``ServerConnection.changes``) to notice others' work.
It was ``NOTIFY``, but PostgreSQL's commit of a notifying transaction takes
one lock for the whole database, so twenty annotators' commits went one at
a time behind it; ``nextval`` holds nothing past the call.

Every message names the server project by its masked URL: a password is
never shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError, SchemaVersionError

from .database import available_migrations
from .dialect import inserted_table, translate
from .location import ServerLocation, mask

if TYPE_CHECKING:
    from .project import Project

# ``INSERT INTO t (a, b) VALUES (?, ?)`` and what follows it (ON CONFLICT ...)
_MANY_VALUES = re.compile(
    r"^(\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+\w+\s*\([^)]*\)\s*VALUES\s*)"
    r"(\((?:[^()']|'[^']*')*\))(\s*(?:ON\s+CONFLICT.*)?)$",
    re.IGNORECASE | re.DOTALL,
)
ROWS_PER_STATEMENT = 500  # rows per multi-row INSERT: at most a few thousand parameters
_TEXTS_KEPT = 2048  # translated statements a connection keeps
_MIGRATION_LOCK = 0x414E4E54  # advisory lock key while migrating ("ANNT")
COUNTER = "change_counter"  # the sequence every committed write bumps
BUMP = f"SELECT nextval('{COUNTER}')"
# the newest bump of any connection; 0 before the first (a fresh sequence's
# last_value is its start, not yet given out)
_COUNTED = f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {COUNTER}"


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:  # the optional `team` extra
        raise AnnotatorError(
            "a PostgreSQL project needs psycopg: pip install 'annotator[team]'"
        ) from None
    return psycopg


def _bind(params: Sequence[Any] | None) -> list[Any]:
    """SQLite stores booleans as integers and so do our columns."""
    return [int(p) if isinstance(p, bool) else p for p in (params or ())]


class ServerCursor:
    """The part of ``sqlite3.Cursor`` the store uses.

    Inside a pipelined transaction a statement's answer has not arrived
    when ``execute`` returns; whatever reads it (rows, ``rowcount``,
    ``lastrowid``) first waits for it (``ServerConnection.settle``), so a
    write whose answer nobody reads costs no round trip of its own."""

    def __init__(self, owner: ServerConnection, cursors: list[Any], with_id: bool = False) -> None:
        self._owner = owner
        self._cursors = cursors  # several when an executemany ran in chunks
        self._with_id = with_id  # ``RETURNING id`` was added for ``lastrowid``
        self._lastrowid: int | None = None

    def _answered(self) -> Any:
        if any(c.pgresult is None for c in self._cursors):
            self._owner.settle(raising=True)
        return self._cursors[-1]

    @property
    def lastrowid(self) -> int | None:
        if self._with_id and self._lastrowid is None:
            row = self._answered().fetchone()
            self._lastrowid = int(row[0]) if row else None
        return self._lastrowid

    @property
    def rowcount(self) -> int:
        self._answered()
        return sum(int(c.rowcount) for c in self._cursors)

    def fetchone(self) -> tuple | None:
        cursor = self._answered()
        return cursor.fetchone() if cursor.description and not self._with_id else None

    def fetchall(self) -> list[tuple]:
        cursor = self._answered()
        return cursor.fetchall() if cursor.description and not self._with_id else []

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.fetchall())


class ServerConnection:
    """psycopg 3, shaped like the ``sqlite3`` connection the store expects."""

    def __init__(self, conn: Any, location: ServerLocation) -> None:
        self.raw = conn
        self.location = location
        self._keys: tuple[tuple[str, tuple[str, ...]], ...] = ()
        self._with_id: frozenset[str] = frozenset()
        self.depth = 0  # savepoints open inside the transaction
        self.pipeline: Any = None  # psycopg's Pipeline while a transaction is open
        self.spare_span_ids: list[int] = []  # taken from the sequence, not used yet
        self.bumps = 0  # this connection's committed bumps of the change counter
        self._changes = 0  # what ``changes`` returns: moves when others' work may show
        self._others: int | None = None  # others' bumps as last counted; None: not read yet
        self._echo = False  # the last poll saw a bump: read once more at the next
        # statement -> (its PostgreSQL text, whether ``RETURNING id`` was added):
        # translated once per connection, not per call
        self._texts: dict[str, tuple[str, bool]] = {}
        self.read_catalog()

    def read_catalog(self) -> None:
        """Which tables number their rows with an ``id`` key (``lastrowid``)
        and their primary keys (``INSERT OR REPLACE``); read after migrating."""
        rows = self.raw.execute(
            "SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc"
            " JOIN information_schema.key_column_usage kcu"
            " ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema"
            " WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()"
            " ORDER BY tc.table_name, kcu.ordinal_position"
        ).fetchall()
        keys: dict[str, list[str]] = {}
        for table, column in rows:
            keys.setdefault(table, []).append(column)
        numbered = {
            r[0]
            for r in self.raw.execute(
                "SELECT table_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND column_name = 'id'"
                " AND data_type IN ('bigint', 'integer')"
            )
        }
        self._keys = tuple(sorted((t, tuple(c)) for t, c in keys.items()))
        self._with_id = frozenset(t for t, c in keys.items() if c == ["id"] and t in numbered)
        self._texts.clear()

    @property
    def in_transaction(self) -> bool:
        """Whether ``transaction`` has one open: kept here, because libpq's
        transaction status is not kept up to date in pipeline mode."""
        return self.pipeline is not None

    def settle(self, *, raising: bool) -> None:
        """Send what the pipeline holds and wait for every answer. With
        ``raising=False`` (a transaction already failing, whose own error is
        the one to report) a queued statement's error is not raised: the
        transaction is rolled back whole either way."""
        if self.pipeline is None:
            return
        try:
            self.pipeline.sync()
        except _psycopg().Error:
            if raising:
                raise

    def translated(self, sql: str) -> tuple[str, bool]:
        """``sql`` translated, and whether ``RETURNING id`` was added to it
        (an insert into a numbered table, for ``lastrowid``)."""
        known = self._texts.get(sql)
        if known is None:
            text = translate(sql, self._keys)
            with_id = inserted_table(text) in self._with_id and "RETURNING" not in text.upper()
            known = (f"{text} RETURNING id", True) if with_id else (text, False)
            if len(self._texts) >= _TEXTS_KEPT:
                self._texts.clear()  # statements built per call (IN lists) must not pile up
            self._texts[sql] = known
        return known

    def reconnect(self) -> None:
        """A fresh connection after the old one broke (the server restarted,
        the network dropped): tried before each transaction and read, so a
        window's waiting edits are written once the server is back."""
        if not self.raw.closed and not self.raw.broken:
            return
        psycopg = _psycopg()
        try:
            self.raw = psycopg.connect(self.location.url, autocommit=True, connect_timeout=5)
        except psycopg.Error as exc:
            raise AnnotatorError(
                f"{self.location}: the server is not reachable ({_reason(exc)})"
            ) from None
        self.depth = 0
        self._changes += 1  # others may have written while we were away

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> ServerCursor:
        text, with_id = self.translated(sql)
        if self.pipeline is not None:
            cursor = self.raw.execute(text, _bind(params))
        else:
            cursor = self._outside(text, _bind(params))
        return ServerCursor(self, [cursor], with_id)

    def _outside(self, text: str, params: list[Any]) -> Any:
        """A statement outside a transaction (a read): on a broken
        connection, once more on a fresh one; a server still away is one
        line naming it."""
        psycopg = _psycopg()
        try:
            self.reconnect()
            return self.raw.execute(text, params)
        except psycopg.OperationalError:
            if not self.raw.broken and not self.raw.closed:
                raise
        self.reconnect()
        try:
            return self.raw.execute(text, params)
        except psycopg.OperationalError as exc:
            raise AnnotatorError(
                f"{self.location}: the server is not reachable ({_reason(exc)})"
            ) from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> ServerCursor:
        """Many rows: an ``INSERT ... VALUES (...)`` becomes statements of up
        to ``ROWS_PER_STATEMENT`` rows each (psycopg's own executemany sends
        a statement per row; 2,500 rows/s over loopback against tens of
        thousands this way); anything else is psycopg's executemany."""
        bound = [_bind(r) for r in rows]
        many = _MANY_VALUES.match(sql)
        # an upsert's rows may meet each other in one statement, which the
        # server refuses ("cannot affect row a second time"): row by row
        upsert = many is not None and re.search(r"DO\s+UPDATE|OR\s+REPLACE", sql, re.I)
        if many is None or upsert or not bound:
            cursor = self.raw.cursor()
            cursor.executemany(translate(sql, self._keys), bound)
            return ServerCursor(self, [cursor])
        head, one, tail = many.groups()
        cursors = []
        for start in range(0, len(bound), ROWS_PER_STATEMENT):
            chunk = bound[start : start + ROWS_PER_STATEMENT]
            text = translate(f"{head}{', '.join([one] * len(chunk))}{tail}", self._keys)
            cursors.append(self.raw.cursor())
            cursors[-1].execute(text, [value for row in chunk for value in row])
        return ServerCursor(self, cursors)

    def changes(self) -> int:
        """A number that moves when other connections' commits may have
        arrived: the server's stand-in for SQLite's ``data_version``. One
        read of the change counter, whose newest value less this
        connection's own bumps is everyone else's. Inside a one-statement
        write the bump comes a moment before its commit is visible, so a
        poll that saw others' bumps moves once more at the next poll: a
        window that re-read too early reads again. A server that is away
        leaves the number as it is; the next write or read reconnects."""
        if self.raw.closed or self.raw.broken or self.pipeline is not None:
            return self._changes
        try:
            row = self.raw.execute(_COUNTED).fetchone()
        except _psycopg().OperationalError:
            return self._changes
        others = int(row[0]) - self.bumps
        if self._others is None:
            self._others = others  # the first read is where counting starts
        elif others != self._others:
            self._others, self._echo = others, True
            self._changes += 1
        elif self._echo:
            self._echo = False
            self._changes += 1
        return self._changes

    def close(self) -> None:
        self.raw.close()


@dataclass
class ServerDatabase:
    """What ``Project.db`` is for a server project (``conn`` and ``close``)."""

    conn: ServerConnection

    def close(self) -> None:
        self.conn.close()


def server_migrations(directory: Path | None = None) -> list[Any]:
    base = directory or _default_dir()
    return available_migrations(base / "postgresql" if (base / "postgresql").is_dir() else base)


def _default_dir() -> Path:
    from annotator.core.resources import migrations_dir

    return migrations_dir()


def connect_server(
    location: ServerLocation, migrations: Path | None = None, *, create: bool = True
) -> ServerDatabase:
    """Connect and apply pending migrations (refusing a newer schema)."""
    psycopg = _psycopg()
    try:
        raw = psycopg.connect(location.url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise AnnotatorError(f"{location}: cannot connect ({_reason(exc)})") from None
    try:
        _migrate(raw, location, server_migrations(migrations), create)
        return ServerDatabase(ServerConnection(raw, location))
    except BaseException:
        raw.close()
        raise


def schema_version(raw: Any) -> int:
    found = raw.execute(
        "SELECT 1 FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_name = 'schema_version'"
    ).fetchone()
    if not found:
        return 0
    row = raw.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _migrate(raw: Any, location: ServerLocation, known: list[Any], create: bool) -> None:
    """All pending migrations in one transaction, or none."""
    psycopg = _psycopg()
    latest = known[-1].version if known else 0
    version = schema_version(raw)
    if version > latest:
        raise SchemaVersionError(
            f"{location}: written by a newer annotator (schema version {version}, "
            f"this version knows up to {latest}); upgrade annotator to open it. "
            "The database was not changed."
        )
    if version == latest:
        return
    if version == 0:
        _refuse_foreign(raw, location)
        if not create:
            raise AnnotatorError(f"{location}: no annotator project in this database")
    try:
        with raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(%s)", [_MIGRATION_LOCK])
            version = schema_version(raw)  # another client may have migrated meanwhile
            for migration in (m for m in known if m.version > version):
                raw.execute(migration.path.read_text(encoding="utf-8"))
                raw.execute("DELETE FROM schema_version")
                raw.execute("INSERT INTO schema_version (version) VALUES (%s)", [migration.version])
    except psycopg.Error as exc:
        raise AnnotatorError(
            f"{location}: migration failed, nothing changed ({_reason(exc)})"
        ) from None


def _refuse_foreign(raw: Any, location: ServerLocation) -> None:
    """A database with tables but no ``schema_version`` is not ours: refused
    before anything is written to it, as another program's SQLite file is."""
    rows = raw.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema() ORDER BY table_name LIMIT 6"
    ).fetchall()
    if rows:
        shown = ", ".join(r[0] for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
        raise AnnotatorError(
            f"{location}: not an annotator project (a database with tables: {shown});"
            " nothing was changed"
        )


def _reason(exc: BaseException) -> str:
    """A psycopg error as one line, with any URL's password masked."""
    text = " ".join(str(exc).split())
    return mask(text) or type(exc).__name__


@contextmanager
def transaction(conn: ServerConnection) -> Iterator[None]:
    """One transaction, or a savepoint inside an open one; an outermost
    commit bumps the change counter.

    The outermost one is a pipeline (see the module's docstring): ``BEGIN``
    goes out with the first statement, the bump and ``COMMIT`` with the
    last, and leaving the pipeline waits for every answer, so a statement
    that failed without being read fails the commit, and all of it is
    rolled back. A broken connection is opened again here, before the
    transaction, and only when psycopg already knows it is broken: no probe
    of the server precedes a write."""
    if conn.in_transaction:
        with _savepoint(conn):
            yield
        return
    conn.reconnect()
    raw = conn.raw
    try:
        with raw.pipeline() as pipeline:
            conn.pipeline = pipeline
            raw.execute("BEGIN")
            try:
                yield
            except BaseException:
                conn.settle(raising=False)  # so leaving the pipeline reports nothing more
                raise
            raw.execute(BUMP)
            raw.execute("COMMIT")
        conn.bumps += 1  # counted once committed: a rolled-back bump reads as others'
    except BaseException:
        conn.pipeline = None
        status = raw.info.transaction_status
        if _usable(raw) and status != _psycopg().pq.TransactionStatus.IDLE:
            raw.execute("ROLLBACK")
        raise
    finally:
        conn.pipeline = None
        conn.depth = 0


@contextmanager
def _savepoint(conn: ServerConnection) -> Iterator[None]:
    """A nested transaction: undone alone when its block raises. Its
    statements' answers are waited for before it ends (one round trip), so
    a statement of it that failed unread fails the savepoint, which a caller
    may catch and go on, as on SQLite, rather than only the commit. A failed
    statement leaves the pipeline refusing everything until it is synced,
    so the rollback to the savepoint waits for that first."""
    raw = conn.raw
    conn.depth += 1
    name = f"sp{conn.depth}"
    raw.execute(f"SAVEPOINT {name}")
    try:
        yield
        conn.settle(raising=True)
    except BaseException:
        if _usable(raw):
            conn.settle(raising=False)
            raw.execute(f"ROLLBACK TO SAVEPOINT {name}")
            raw.execute(f"RELEASE SAVEPOINT {name}")
        raise
    else:
        raw.execute(f"RELEASE SAVEPOINT {name}")
    finally:
        conn.depth -= 1


def write_statement(project: Project, sql: str, params: Sequence[Any]) -> None:
    """A write that is one statement: part of the open transaction, or else
    a transaction by itself, sent alone (autocommit): no ``BEGIN`` or
    ``COMMIT`` around it, so a keystroke's edit costs the client and the
    server one statement instead of six. Sent once: a broken connection is
    opened again before, never retried after, since a write whose answer
    was lost may have been committed. Errors are one line naming the
    project, as ``Project.transaction``'s."""
    if project.write_refusal is not None:
        raise AnnotatorError(project.write_refusal)
    conn: ServerConnection = project.db.conn
    text, _with_id = conn.translated(sql)
    if conn.in_transaction:
        conn.raw.execute(text, _bind(params))
        return
    try:
        conn.reconnect()
        conn.raw.execute(text, _bind(params))
    except BaseException as exc:
        error = server_error(exc)
        if error is None:
            raise
        raise AnnotatorError(f"{project.path}: {error}; nothing was changed") from None


def _usable(raw: Any) -> bool:
    return not raw.closed and not raw.broken


def server_error(exc: BaseException) -> str | None:
    """A psycopg error as the one line a transaction raises, or ``None``
    for anything else (our own errors pass through unchanged)."""
    psycopg = _psycopg()
    if not isinstance(exc, psycopg.Error):
        return None
    if isinstance(exc, psycopg.OperationalError) and "lock timeout" in str(exc).lower():
        return "database is locked (another edit of this set is being written)"
    if isinstance(exc, psycopg.OperationalError):
        return f"the server is not reachable ({_reason(exc)})"
    return _reason(exc)
