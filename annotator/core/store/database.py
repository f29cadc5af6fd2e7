"""Opening a project file: version check, backup, migrations, pragmas.

The schema lives in ``db/migrations/NNNN_name.sql`` (the single source of
truth). Opening a file applies the pending ones in one transaction, after
copying the file to a backup beside it, and sets ``PRAGMA user_version`` to
the number of the last one. A file whose version is newer than the code
knows is refused before anything touches it: it is first read through a
read-only URI so not even the journal mode changes.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from annotator.core.errors import AnnotatorError, SchemaVersionError
from annotator.core.resources import migrations_dir

BUSY_TIMEOUT_MS = 5000
_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")


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


def read_user_version(path: Path) -> int:
    """The file's schema version, read without changing the file."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise AnnotatorError(f"{path}: not an annotator project file ({exc})") from None


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


def connect(
    path: Path | str, migrations: Path | None = None, *, create: bool = True
) -> tuple[sqlite3.Connection, Path | None]:
    """Open (creating or migrating) a project file.

    Returns the connection and the backup made before migrating, if any.
    """
    path = Path(path)
    known = available_migrations(migrations)
    latest = known[-1].version if known else 0
    exists = path.exists() and path.stat().st_size > 0
    if path.exists() and path.is_dir():
        raise AnnotatorError(f"{path}: is a folder, not a project file")
    if not exists and not create:
        raise AnnotatorError(f"{path}: no such project file")
    if exists:
        version = read_user_version(path)
        if version > latest:
            raise SchemaVersionError(
                f"{path}: written by a newer annotator (schema version {version}, this version "
                f"knows up to {latest}); upgrade annotator to open it. The file was not changed."
            )
    else:
        path.parent.mkdir(parents=True, exist_ok=True)

    conn = sqlite3.connect(str(path), check_same_thread=True)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        pending = [m for m in known if m.version > version]
        backup = None
        if pending:
            has_tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
            if version == 0 and has_tables:
                raise AnnotatorError(f"{path}: an SQLite file, but not an annotator project")
            if version > 0:
                backup = _backup(conn, path, version)
            _apply(conn, pending, path)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # e.g. a file on a filesystem without shared memory
            conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: no loss on a process kill
        return conn, backup
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
