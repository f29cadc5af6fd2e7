"""Span ids that are never given twice.

The window's undo, its pending writes and relations name spans by id, so
"the span 412" must never come to mean another span. SQLite hands a deleted
row's id to the next row when the deleted one had the largest, so a SQLite
project keeps the largest id it ever gave in ``settings`` (one read and one
write per insert, not per span). A server's sequence never gives an id
twice, and two annotators inserting at once each get their own, so a
server project lets it number the rows (``insert_on_server``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .util import dumps

if TYPE_CHECKING:
    from annotator.core.types import Span

    from .project import Project

HIGH_WATER = "spans.high_water"  # settings key: the largest span id ever given


COLUMNS = "set_id, start_char, end_char, label, attrs, origin, created_at, updated_at, meta"


def span_row(set_id: int, span: Span, stamp: str) -> tuple:
    """A span as its row holds it, in ``COLUMNS`` order."""
    meta = dumps(span.meta) if span.meta else "{}"
    attrs = dumps(span.attrs or {})
    return (set_id, span.start, span.end, span.label, attrs, span.origin, stamp, stamp, meta)


ROWS_PER_INSERT = 1000  # a server's multi-row INSERT: 9,000 parameters at most


def insert_on_server(project: Project, rows: list[tuple]) -> list[int]:
    """Insert span rows (``COLUMNS``, in order) on a server and return their
    ids, which the server's sequence gives: one round trip per thousand
    spans, so a keystroke's span costs one statement, not two."""
    ids: list[int] = []
    for start in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[start : start + ROWS_PER_INSERT]
        values = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(chunk))
        found = project.db.conn.execute(
            f"INSERT INTO spans ({COLUMNS}) VALUES {values} RETURNING id",
            [value for row in chunk for value in row],
        )
        ids += [int(r[0]) for r in found.fetchall()]
    return ids


def reserve_span_ids(project: Project, n: int) -> list[int]:
    """``n`` fresh span ids of a project file, inside the caller's transaction."""
    conn = project.db.conn
    highest = conn.execute("SELECT max(id) FROM spans").fetchone()[0] or 0
    mark = conn.execute("SELECT value FROM settings WHERE key = ?", (HIGH_WATER,)).fetchone()
    first = max(int(highest), int(mark[0]) if mark else 0) + 1
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (HIGH_WATER, str(first + n - 1)),
    )
    return list(range(first, first + n))
