"""Store calls the desktop window needs beyond the core API.

Functions taking a ``Project`` (not methods) so the window's needs stay in
one small module: completion lists for attribute fields, accepting a
document in a single transaction, and grouping several edits into one
transaction so an undoable edit is never half on disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .listing import DocumentRow
from .util import now_iso

if TYPE_CHECKING:
    from .project import Project


@contextmanager
def transaction(project: Project) -> Iterator[None]:
    """Several store calls as one transaction (nested calls become savepoints)."""
    with project.transaction():
        yield


def attribute_values(project: Project, label: str, attribute: str, limit: int = 2000) -> list[str]:
    """Distinct values of one attribute in the project's spans and predictions,
    most frequent first: the completion list of a text field (ACTOR canonical,
    STANCE target)."""
    path = "$." + attribute.replace('"', "")
    counts: dict[str, int] = {}
    for table in ("spans", "predictions"):
        rows = project.db.conn.execute(
            f"SELECT json_extract(attrs, ?) AS v, count(*) FROM {table}"
            " WHERE label = ? AND v IS NOT NULL AND v != '' GROUP BY v"
            " ORDER BY count(*) DESC LIMIT ?",
            (path, label, limit),
        )
        for value, n in rows:
            counts[str(value)] = counts.get(str(value), 0) + n
    return sorted(counts, key=lambda v: (-counts[v], v.lower()))[:limit]


def accept_set(project: Project, set_id: int) -> tuple[str, str, list[int]]:
    """Mark a set done and turn its model suggestions into confirmed spans.

    Returns (previous status, previous skip reason, ids converted) so an
    undo can restore exactly what was there. One transaction.
    """
    row = project.db.conn.execute(
        "SELECT status, skip_reason FROM annotation_sets WHERE id = ?", (set_id,)
    ).fetchone()
    ids = [
        int(r[0])
        for r in project.db.conn.execute(
            "SELECT id FROM spans WHERE set_id = ? AND origin = 'model' ORDER BY id", (set_id,)
        )
    ]
    with project.transaction():
        _set_origins(project, set_id, ids, "human")
        project.set_status(set_id, "done")
    return str(row[0]), str(row[1] or ""), ids


def undo_accept(
    project: Project, set_id: int, status: str, reason: str, span_ids: list[int]
) -> None:
    """Put back what ``accept_set`` changed (spans deleted since are ignored)."""
    existing = {
        int(r[0])
        for r in project.db.conn.execute("SELECT id FROM spans WHERE set_id = ?", (set_id,))
    }
    with project.transaction():
        _set_origins(project, set_id, [i for i in span_ids if i in existing], "model")
        project.set_status(set_id, status, reason or None)


def _set_origins(project: Project, set_id: int, span_ids: list[int], origin: str) -> None:
    """Change many spans' origin with one statement per 500 ids and one event
    (accepting a document with 800 suggestions was 6,400 statements)."""
    if not span_ids:
        return
    conn = project.db.conn
    stamp = now_iso()
    for i in range(0, len(span_ids), 500):
        chunk = span_ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        conn.execute(
            f"UPDATE spans SET origin = ?, updated_at = ? WHERE set_id = ? AND id IN ({marks})",
            [origin, stamp, set_id, *chunk],
        )
    doc_id, annotator = project._set_info(set_id)
    project._event("span.origin", set_id, doc_id, annotator, {"ids": span_ids, "origin": origin})


def set_state(project: Project, set_id: int) -> dict[str, str]:
    """Status, skip reason and note of a set, without its spans."""
    row = project.db.conn.execute(
        "SELECT status, skip_reason, note FROM annotation_sets WHERE id = ?", (set_id,)
    ).fetchone()
    return {"status": row[0], "skip_reason": row[1] or "", "note": row[2] or ""}


def done_count(project: Project, annotator: str) -> int:
    """Documents this annotator has done or skipped (an index look-up; the
    total is counted once by the window, not per edit)."""
    return int(
        project.db.conn.execute(
            "SELECT count(*) FROM annotation_sets s WHERE s.annotator_id ="
            " (SELECT id FROM annotators WHERE name = ?) AND s.status IN ('done', 'skipped')",
            (annotator,),
        ).fetchone()[0]
    )


def id_range(project: Project) -> tuple[int, int]:
    """(smallest, largest) document id: two index look-ups, no scan."""
    row = project.db.conn.execute("SELECT min(id), max(id) FROM documents").fetchone()
    return (int(row[0] or 0), int(row[1] or 0))


def listing_by_ids(project: Project, annotator: str, first: int, last: int) -> list[DocumentRow]:
    """Unfiltered list rows for document ids first..last: a range look-up on the
    primary key, where ``listing``'s OFFSET would step over every earlier row
    (100 ms at row 100,000). The window uses it when ids have no gaps."""
    rows = project.db.conn.execute(
        "SELECT d.id, coalesce(d.title, ''), coalesce(s.status, 'todo'),"
        " CASE WHEN s.id IS NULL THEN 0"
        " ELSE (SELECT count(*) FROM spans x WHERE x.set_id = s.id) END"
        " FROM documents d LEFT JOIN annotation_sets s ON s.document_id = d.id"
        " AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?)"
        " WHERE d.id BETWEEN ? AND ? ORDER BY d.id",
        (annotator, first, last),
    )
    return [DocumentRow(r[0], r[1], r[2], r[3]) for r in rows]
