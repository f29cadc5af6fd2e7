"""Opening a project file: what the file is, backup, migrations, pragmas.

The schema lives in ``db/migrations/NNNN_name.sql`` (the single source of
truth). Opening a file applies the pending ones in one transaction, after
copying the file to a backup beside it (unless none of them has a statement
for SQLite), and sets ``PRAGMA user_version`` to the number of the last one.

Before anything can write to an existing file it is inspected through a
connection that cannot change it (``inspect``): its header must carry our
``PRAGMA application_id`` (or, for a file made before the id existed,
version 1 with every table of the first migration), its version must be
one this code knows, and ``PRAGMA quick_check`` must pass. A file that is
not ours is refused, so not even the journal mode of another program's
database changes (ADR 11). A file we cannot write, or a damaged one, is
opened for reading only, and the reason is kept so every write can say it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from annotator.core.errors import AnnotatorError, SchemaVersionError
from annotator.core.resources import migrations_dir
from annotator.core.words import count

BUSY_TIMEOUT_MS = 5000
APPLICATION_ID = 0x414E4E54  # "ANNT"; set by db/migrations/0002_application_id.sql
# The tables of migration 0001: a file without the application id is taken
# for a project made before it existed only when it has all of them.
FIRST_TABLES = frozenset(
    {
        "settings",
        "documents",
        "predictions",
        "prediction_runs",
        "annotators",
        "annotation_sets",
        "spans",
        "relations",
        "events",
    }
)
_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")
_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path

    def statements(self) -> list[str]:
        """Split the file into complete statements (triggers included)."""
        statements: list[str] = []
        buffer = ""
        for line in self.path.read_text(encoding="utf-8").splitlines(keepends=True):
            buffer += line
            if sqlite3.complete_statement(buffer):
                if buffer.strip():
                    statements.append(buffer.strip())
                buffer = ""
        if buffer.strip() and not all(
            part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
        ):
            raise AnnotatorError(f"{self.path}: incomplete SQL statement at the end")
        return statements


def available_migrations(directory: Path | None = None) -> list[Migration]:
    directory = directory or migrations_dir()
    found = []
    for path in sorted(directory.iterdir()):
        match = _NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), path))
    versions = [m.version for m in found]
    if versions != list(range(1, len(versions) + 1)):
        raise AnnotatorError(
            f"{directory}: migrations must be numbered 0001, 0002, ... without gaps"
        )
    return found


@dataclass(frozen=True)
class FileState:
    """What ``inspect`` found in an existing file, read without changing it."""

    path: Path
    application_id: int
    user_version: int
    tables: frozenset[str]
    problems: tuple[str, ...]  # quick_check's findings; empty when the file is sound
    writable: bool

    @property
    def ours(self) -> bool:
        if self.application_id == APPLICATION_ID:
            return True
        # made before the application id: version 1 and the first migration's tables
        return self.application_id == 0 and self.user_version >= 1 and self.tables >= FIRST_TABLES

    @property
    def damaged(self) -> bool:
        return bool(self.problems)

    def refuse_if_foreign(self) -> None:
        """Raise the one-line refusal for a file that is not an annotator project."""
        if self.ours:
            return
        if self.application_id not in (0, APPLICATION_ID):
            why = f"another program's SQLite file, application id {self.application_id:#010x}"
        elif self.tables:
            shown = ", ".join(sorted(self.tables)[:5]) + (", ..." if len(self.tables) > 5 else "")
            why = f"an SQLite file without annotator's application id, tables: {shown}"
        else:
            why = "an SQLite file without annotator's application id or tables"
        raise AnnotatorError(f"{self.path}: not an annotator project file ({why}); not changed")


def is_writable(path: Path) -> bool:
    """Whether this process may write the file and create its journal beside it.

    ``os.access`` answers for the real user, so root is told "yes" for a
    chmod 444 file (and SQLite would indeed write it) but "no" on a
    read-only file system.
    """
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def sidecar(path: Path, suffix: str) -> Path:
    """``path`` with SQLite's ``-wal``, ``-shm`` or ``-journal`` appended."""
    return path.with_name(path.name + suffix)


def has_pending_wal(path: Path) -> bool:
    """A ``-wal`` beside the file holds commits the file itself may lack."""
    wal = sidecar(path, "-wal")
    return wal.exists() and wal.stat().st_size > 0


def reader(path: Path, writable: bool) -> sqlite3.Connection:
    """A connection that reads ``path`` and cannot change it or what lies beside it.

    * A ``-wal`` or ``-journal`` beside the file: read-only mode, so SQLite
      reads the WAL's commits (never replays or checkpoints them into the
      file); it may add a ``-shm`` beside a ``-wal``.
    * A writable file without them: an ordinary connection with
      ``query_only``, since that one, being the last to close, also removes
      the ``-wal``/``-shm`` that reading a WAL-mode file creates.
    * A file we cannot write, without them: ``immutable``, which reads the
      file as it is and creates nothing beside it.
    """
    uri = path.resolve().as_uri()
    if sidecar(path, "-wal").exists() or sidecar(path, "-journal").exists():
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    elif writable:
        conn = sqlite3.connect(str(path))
        conn.execute("PRAGMA query_only = ON")
    else:
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def findings(rows: list[tuple[str]]) -> tuple[str, ...]:
    """``quick_check``/``integrity_check`` rows as one line per finding: SQLite
    puts a ``*** in database main ***`` line before the first one and joins
    them with line breaks inside a row."""
    found = []
    for (text,) in rows:
        for line in str(text).splitlines():
            line = line.strip()
            if line and line != "ok" and not line.startswith("*** in database"):
                found.append(line)
    return tuple(found)


def _header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(100)


def inspect(path: Path, *, check: bool = True) -> FileState:
    """Read what ``path`` is without changing it (see ``reader``).

    ``check`` runs ``PRAGMA quick_check``, which reads every page but skips
    the index cross-checks of ``integrity_check``. A file SQLite cannot even
    list the tables of counts as damaged when its header says it is ours.
    """
    try:
        header = _header(path)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise AnnotatorError(f"{path}: not an annotator project file (not an SQLite file)")
    header_id = int.from_bytes(header[68:72], "big")
    writable = is_writable(path)
    try:
        conn = reader(path, writable)
    except sqlite3.DatabaseError as exc:
        raise AnnotatorError(f"{path}: cannot open the file to read it ({exc})") from None
    try:
        try:
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = frozenset(
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            )
        except sqlite3.DatabaseError as exc:
            if header_id != APPLICATION_ID:
                raise AnnotatorError(
                    f"{path}: not an annotator project file (unreadable: {exc}); not changed"
                ) from None
            return FileState(path, header_id, 0, frozenset(), (str(exc),), writable)
        problems: tuple[str, ...] = ()
        if check and (app_id == APPLICATION_ID or tables >= FIRST_TABLES):
            try:
                problems = findings(conn.execute("PRAGMA quick_check").fetchall())
            except sqlite3.DatabaseError as exc:
                problems = (str(exc),)
        return FileState(path, app_id, version, tables, problems, writable)
    finally:
        conn.close()


def damage_report(path: Path) -> str | None:
    """The damaged-file refusal for ``path`` after a ``quick_check``, or None
    when the file is sound. Opens its own read-only connection, so it may run
    on any thread while a project is open on the same file."""
    state = inspect(Path(path))
    return damaged_message(state.path, state.problems) if state.problems else None


def latest_backup(path: Path) -> Path | None:
    """The newest backup beside ``path``: the copies migrations make
    (``NAME.vN-STAMP.bak``), or ``annotator backup``'s when named ``NAME.*.bak``."""
    found = [p for p in path.parent.glob(f"{path.name}.*.bak") if p.is_file()]
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


def damaged_message(path: Path, problems: tuple[str, ...]) -> str:
    """The one line that refuses writing to a damaged project and says the way back."""
    backup = latest_backup(path)
    back = (
        f"the most recent backup is {backup}"
        if backup
        else "there is no backup beside it (annotator backup makes one)"
    )
    more = f", and {count(len(problems) - 1, 'more finding')}" if len(problems) > 1 else ""
    return (
        f"{path}: the project file is damaged ({problems[0]}{more}); nothing was written. "
        f"Run `annotator check --db {path}` for the details; {back}"
    )


def backup_path(path: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the live database (WAL content included) to a file beside it."""
    target = backup_path(path, version)
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


@dataclass
class Opened:
    """A connection ``connect`` made, and what the project must know about it."""

    conn: sqlite3.Connection
    backup: Path | None  # the copy made before migrating, if any
    refusal: str | None  # why writes are refused (read-only, damaged), or None


def connect(
    path: Path | str,
    migrations: Path | None = None,
    *,
    create: bool = True,
    read_only: bool | None = None,
    verify: bool = True,
) -> Opened:
    """Open (creating or migrating) a project file.

    ``read_only``: ``None`` opens for writing when the file can be written
    and is sound, else for reading with the reason kept in ``refusal``;
    ``True`` opens for reading; ``False`` requires writing and raises the
    reason instead. ``verify=False`` leaves out ``quick_check`` (it reads
    every page: about a second on a 100,000-document project, three from a
    cold disk) for a caller that runs ``damage_report`` itself, as the
    window does off its GUI thread; what the file is, is checked all the same.
    """
    path = Path(path)
    known = available_migrations(migrations)
    latest = known[-1].version if known else 0
    if path.exists() and path.is_dir():
        raise AnnotatorError(f"{path}: is a folder, not a project file")
    exists = path.exists() and path.stat().st_size > 0
    if not exists and (not create or read_only):
        raise AnnotatorError(f"{path}: no such project file")
    if exists:
        state = inspect(path, check=verify)
        state.refuse_if_foreign()
        if state.user_version > latest:
            raise SchemaVersionError(
                f"{path}: written by a newer annotator (schema version {state.user_version}, "
                f"this version knows up to {latest}); upgrade annotator to open it. "
                "The file was not changed."
            )
        refusal = _refusal(state, read_only)
        if refusal is not None:
            if read_only is False:
                raise AnnotatorError(refusal)
            if state.user_version < latest:
                raise AnnotatorError(
                    f"{path}: needs an upgrade from schema version {state.user_version} to "
                    f"{latest}, which writes to it, and it cannot be written now: {refusal}"
                )
            try:
                conn = reader(path, state.writable)
                conn.execute("PRAGMA foreign_keys = ON")
            except sqlite3.DatabaseError as exc:
                raise AnnotatorError(f"{path}: cannot open project file ({exc})") from None
            return Opened(conn, None, refusal)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    return _open_for_writing(path, known)


def _refusal(state: FileState, read_only: bool | None) -> str | None:
    if not state.writable:
        return f"{state.path} is read-only; nothing was changed"
    if state.damaged:
        return damaged_message(state.path, state.problems)
    if read_only:
        return f"{state.path} was opened read-only; nothing was changed"
    return None


def _open_for_writing(path: Path, known: list[Migration]) -> Opened:
    conn = sqlite3.connect(str(path), check_same_thread=True)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        pending = [m for m in known if m.version > version]
        backup = None
        if pending:
            # a migration with no statements for this engine changes nothing
            # in the file: no copy of a large file for a version number
            if version > 0 and any(m.statements() for m in pending):
                backup = _backup(conn, path, version)
            _apply(conn, pending, path)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # e.g. a file on a filesystem without shared memory
            conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: no loss on a process kill
        return Opened(conn, backup, None)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise AnnotatorError(f"{path}: cannot open project file ({exc})") from None
    except BaseException:
        conn.close()
        raise


def _apply(conn: sqlite3.Connection, pending: list[Migration], path: Path) -> None:
    """All pending migrations in one transaction: all of them or none."""
    old_isolation = conn.isolation_level
    conn.isolation_level = None
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for migration in pending:
                for statement in migration.statements():
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {migration.version}")
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            conn.execute("ROLLBACK")
            raise AnnotatorError(f"{path}: migration failed, nothing changed ({exc})") from None
    finally:
        conn.isolation_level = old_isolation
