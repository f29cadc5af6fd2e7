"""``annotator backup``: a complete copy of a project file.

Copying ``project.db`` with ``cp`` while annotator runs (or after it was
killed) can miss every commit still in ``project.db-wal``. SQLite's online
backup API reads the file and its WAL as one consistent snapshot, also while
another process writes, so the copy is a whole project on its own.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError

from .database import inspect, reader, sidecar


@dataclass(frozen=True)
class BackupResult:
    source: Path
    dest: Path
    documents: int
    sets: int
    size: int  # bytes written
    replaced: bool  # an existing DEST was overwritten (--force)


def backup_project(source: Path, dest: Path, *, force: bool = False) -> BackupResult:
    """Copy ``source`` to ``dest`` through the backup API.

    An existing ``dest`` is refused unless ``force``; a ``dest`` with a
    ``-wal`` beside it is always refused (it may be open, and replacing the
    file under its WAL would mix two projects). The copy is written beside
    ``dest`` and renamed, so a failed backup leaves no half file.
    """
    if not source.is_file():
        raise AnnotatorError(f"{source}: no such project file")
    state = inspect(source, check=False)
    state.refuse_if_foreign()
    if dest.exists() and dest.resolve() == source.resolve():
        raise AnnotatorError(f"{dest}: is the project itself; nothing was written")
    if dest.is_dir():
        raise AnnotatorError(f"{dest}: is a folder; give the backup's file name")
    if not dest.parent.is_dir():
        raise AnnotatorError(f"{dest.parent}: no such folder; nothing was written")
    if sidecar(dest, "-wal").exists():
        raise AnnotatorError(
            f"{dest}: has a {dest.name}-wal beside it, so it may be open; close it or choose "
            "another name; nothing was written"
        )
    replaced = dest.exists()
    if replaced and not force:
        raise AnnotatorError(f"{dest}: already exists; nothing was written (--force replaces it)")
    part = dest.with_name(f".{dest.name}.part")
    try:
        src = reader(source, state.writable)
        try:
            copy = sqlite3.connect(part)
            try:
                src.backup(copy)
                documents = copy.execute("SELECT count(*) FROM documents").fetchone()[0]
                sets = copy.execute("SELECT count(*) FROM annotation_sets").fetchone()[0]
            finally:
                copy.close()
        finally:
            src.close()
        os.replace(part, dest)
    except sqlite3.DatabaseError as exc:
        raise AnnotatorError(f"{source}: backup failed, nothing was written ({exc})") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
    return BackupResult(source, dest, int(documents), int(sets), dest.stat().st_size, replaced)
