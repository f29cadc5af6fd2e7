"""Read queries that exports need in bulk (issue 5).

Kept apart from the lead's store modules: they only read, in batches, so an
export of a large project streams instead of loading every set with its
spans at once (``Project.sets(with_spans=True)`` would).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from annotator.core.types import Span

from .util import loads

if TYPE_CHECKING:
    from .project import Project

_CHUNK = 900  # below SQLite's default limit of bound variables


def document_hashes(project: Project, ids: Iterable[int]) -> dict[int, str]:
    """Content hash of each document id (what reproducible splits sort on)."""
    wanted = list(ids)
    found: dict[int, str] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in project.db.conn.execute(
            f"SELECT id, hash FROM documents WHERE id IN ({marks})", chunk
        ):
            found[row[0]] = row[1]
    return found


def spans_for_sets(project: Project, set_ids: Iterable[int]) -> dict[int, list[Span]]:
    """The spans of many sets in a few queries, in offset order."""
    wanted = list(set_ids)
    found: dict[int, list[Span]] = {set_id: [] for set_id in wanted}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in project.db.conn.execute(
            "SELECT set_id, id, start_char, end_char, label, attrs, origin FROM spans"
            f" WHERE set_id IN ({marks}) ORDER BY set_id, start_char, end_char, id",
            chunk,
        ):
            found[row[0]].append(Span(row[2], row[3], row[4], loads(row[5]), row[6], row[1]))
    return found
