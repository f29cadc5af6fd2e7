"""``annotator check``: the full integrity check of a project file.

Opening a project runs SQLite's ``quick_check`` (every page read, the
indexes not cross-checked); this runs ``integrity_check`` and
``foreign_key_check`` too, through a connection that cannot change the file,
so it also works on a damaged or read-only project.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError

from .database import findings, inspect, latest_backup, reader


@dataclass(frozen=True)
class CheckReport:
    path: Path
    problems: tuple[str, ...]  # one line each; empty when the file is sound
    backup: Path | None  # the newest backup beside the file, the way back if damaged

    @property
    def ok(self) -> bool:
        return not self.problems


def check_project_file(path: Path) -> CheckReport:
    """Run the full checks on ``path``; another program's file is refused."""
    if not path.is_file():
        raise AnnotatorError(f"{path}: no such project file")
    state = inspect(path, check=False)
    state.refuse_if_foreign()
    problems: list[str] = []
    try:
        conn = reader(path, state.writable)
    except sqlite3.DatabaseError as exc:
        raise AnnotatorError(f"{path}: cannot open the file to read it ({exc})") from None
    try:
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            problems += [f"integrity_check: {line}" for line in findings(rows)]
        except sqlite3.DatabaseError as exc:
            problems.append(f"integrity_check: {exc}")
        try:
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
                problems.append(
                    f"foreign_key_check: {table} row {rowid} refers to a missing {parent} row"
                )
        except sqlite3.DatabaseError as exc:
            problems.append(f"foreign_key_check: {exc}")
    finally:
        conn.close()
    return CheckReport(path, tuple(problems), latest_backup(path))
