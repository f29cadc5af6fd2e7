"""Span ids that are never given twice.

The window's undo, its pending writes and relations name spans by id, so
"the span 412" must never come to mean another span. SQLite hands a deleted
row's id to the next row when the deleted one had the largest, so a SQLite
project keeps the largest id it ever gave in ``settings`` (one read and one
write per insert, not per span). A server's sequence never gives an id
twice, and two annotators inserting at once each get their own, so a
server project lets it number the rows (``insert_on_server``). A single
span added on a server takes its id from the sequence ahead of time, a block
at a time (``next_server_span_id``), so the span, the set's time stamp and
the event can be one statement (``ADD_ON_SERVER``) that waits for nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError

from .server import BUMP
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


ID_BLOCK = 64  # span ids a server connection takes from the sequence at once

# A span added on a server: the span, its set marked changed (in progress if
# it was todo, as ``Sets.touch``) and its event in one statement; sent alone
# (its own transaction) it also bumps the change counter, which inside an
# open transaction its commit does.
_ADD = (
    f"WITH s AS (INSERT INTO spans (id, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)),"
    " t AS (UPDATE annotation_sets SET updated_at = ?,"
    " status = CASE status WHEN 'todo' THEN 'in_progress' ELSE status END WHERE id = ?)"
)
_EVENT = (
    " INSERT INTO events (ts, annotator, document_id, set_id, kind, payload)"
    " SELECT ?, ?, ?, ?, ?, ?"
)
ADD_IN_TRANSACTION = _ADD + _EVENT
ADD_ON_SERVER = f"{_ADD}, n AS ({BUMP}){_EVENT} FROM n"


def next_server_span_id(project: Project) -> int:
    """A span id from the server's sequence, taken ``ID_BLOCK`` at a time
    (one round trip per block, not per span). An id taken and never used
    is a gap, never a repeat: the sequence gives each id once, whoever asks."""
    spare = project.db.conn.spare_span_ids
    if not spare:
        rows = project.db.conn.execute(
            "SELECT nextval(pg_get_serial_sequence('spans', 'id'))"
            " FROM generate_series(1, ?) ORDER BY 1 DESC",
            (ID_BLOCK,),
        ).fetchall()
        spare += [int(r[0]) for r in rows]  # popped from the end: smallest first
    return spare.pop()


def add_on_server(
    project: Project,
    set_id: int,
    span: Span,
    event: tuple[int, str, dict[str, Any]],
    stamp: str,
) -> int:
    """``Sets.add_span`` on a server: the same span row, set change and
    ``span.add`` event (``event``: document, annotator, payload) as the
    general path, written by one statement with an id taken ahead; returns
    the id."""
    from .server import write_statement

    if project.write_refusal is not None:  # refused before an id is taken for nothing
        raise AnnotatorError(project.write_refusal)
    doc_id, annotator, payload = event
    span_id = next_server_span_id(project)
    payload = {**payload, "id": span_id}
    logged = (stamp, annotator, doc_id, set_id, "span.add", dumps(payload))
    row = (span_id, *span_row(set_id, span, stamp))
    conn = project.db.conn
    alone = not conn.in_transaction
    write_statement(
        project, ADD_ON_SERVER if alone else ADD_IN_TRANSACTION, (*row, stamp, set_id, *logged)
    )
    if alone:
        conn.bumps += 1  # its own commit's bump, not another annotator's
    return span_id
