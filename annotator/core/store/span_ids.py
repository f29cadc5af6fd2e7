"""Span ids that are never given twice.

The window's undo, its pending writes and relations name spans by id, so
"the span 412" must never come to mean another span. SQLite hands a deleted
row's id to the next row when the deleted one had the largest, so a SQLite
project keeps the largest id it ever gave in ``settings`` (one read and one
write per insert, not per span). A server's sequence never gives an id
twice, and two annotators inserting at once each get their own, so a
server project asks it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .project import Project

HIGH_WATER = "spans.high_water"  # settings key: the largest span id ever given


def reserve_span_ids(project: Project, n: int) -> list[int]:
    """``n`` fresh span ids, inside the caller's transaction."""
    conn = project.db.conn
    if project.engine == "postgresql":
        rows = conn.execute(
            "SELECT nextval(pg_get_serial_sequence('spans', 'id')) FROM generate_series(1, ?)",
            (n,),
        )
        return [int(r[0]) for r in rows]
    highest = conn.execute("SELECT max(id) FROM spans").fetchone()[0] or 0
    mark = conn.execute("SELECT value FROM settings WHERE key = ?", (HIGH_WATER,)).fetchone()
    first = max(int(highest), int(mark[0]) if mark else 0) + 1
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (HIGH_WATER, str(first + n - 1)),
    )
    return list(range(first, first + n))
