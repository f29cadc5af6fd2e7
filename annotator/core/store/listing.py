"""``project.listing``: the document list as one annotator sees it.

The GUI's document list is a lazy Qt model over these queries: it asks for
a count and for pages or id ranges of rows, never for all rows, so a
100,000-document project opens as fast as a five-document one. Moving
through the list (neighbours, the next unfinished document) and the
annotator's progress are read here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.types import STATUSES

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True, slots=True)
class ListingFilter:
    """What the document list shows: ``status`` of this annotator's set
    (``todo`` includes documents never opened), documents whose set (or,
    unopened, whose predictions) has a ``label``, and a ``search`` in text or title."""

    status: str | None = None
    label: str | None = None
    search: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: int
    title: str
    status: str
    spans: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_ROW_COLUMNS = (
    "SELECT d.id, coalesce(d.title, ''), coalesce(s.status, 'todo'),"
    " CASE WHEN s.id IS NULL THEN 0"
    " ELSE (SELECT count(*) FROM spans x WHERE x.set_id = s.id) END"
)
_JOIN = (
    " FROM documents d LEFT JOIN annotation_sets s ON s.document_id = d.id"
    " AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?)"
)


class Listing:
    """Read-only views over documents joined with one annotator's sets."""

    def __init__(self, project: Project):
        self._conn = project.db.conn

    def _sql(self, annotator: str, flt: ListingFilter) -> tuple[str, list[Any]]:
        sql = _JOIN
        args: list[Any] = [annotator]
        where = []
        if flt.status:
            if flt.status not in STATUSES:
                raise AnnotatorError(f"unknown status {flt.status!r}")
            where.append("coalesce(s.status, 'todo') = ?")
            args.append(flt.status)
        if flt.label:
            where.append(
                "(CASE WHEN s.id IS NULL"
                " THEN EXISTS (SELECT 1 FROM predictions p WHERE p.document_id = d.id"
                " AND p.label = ?)"
                " ELSE EXISTS (SELECT 1 FROM spans x WHERE x.set_id = s.id AND x.label = ?) END)"
            )
            args += [flt.label, flt.label]
        if flt.search:
            pattern = f"%{_escape_like(flt.search)}%"
            where.append("(d.title LIKE ? ESCAPE '\\' OR d.text LIKE ? ESCAPE '\\')")
            args += [pattern, pattern]
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql, args

    def count(self, annotator: str, flt: ListingFilter | None = None) -> int:
        """Rows in the list with this filter."""
        sql, args = self._sql(annotator, flt or ListingFilter())
        return int(self._conn.execute("SELECT count(*)" + sql, args).fetchone()[0])

    def page(
        self, annotator: str, flt: ListingFilter | None = None, offset: int = 0, limit: int = 200
    ) -> list[DocumentRow]:
        """One page of the list, in document order."""
        sql, args = self._sql(annotator, flt or ListingFilter())
        rows = self._conn.execute(
            _ROW_COLUMNS + sql + " ORDER BY d.id LIMIT ? OFFSET ?", [*args, limit, offset]
        )
        return [DocumentRow(r[0], r[1], r[2], r[3]) for r in rows]

    def rows_between(self, annotator: str, first: int, last: int) -> list[DocumentRow]:
        """Unfiltered list rows for document ids first..last: a range look-up on
        the primary key, where ``page``'s OFFSET would step over every earlier
        row (100 ms at row 100,000). The window uses it when ids have no gaps."""
        rows = self._conn.execute(
            _ROW_COLUMNS + _JOIN + " WHERE d.id BETWEEN ? AND ? ORDER BY d.id",
            (annotator, first, last),
        )
        return [DocumentRow(r[0], r[1], r[2], r[3]) for r in rows]

    def id_range(self) -> tuple[int, int]:
        """(smallest, largest) document id: two index look-ups, no scan."""
        row = self._conn.execute("SELECT min(id), max(id) FROM documents").fetchone()
        return (int(row[0] or 0), int(row[1] or 0))

    def row_of(self, annotator: str, doc_id: int, flt: ListingFilter | None = None) -> int:
        """Row index of a document in the list (-1 when filtered out).

        The listing query is wrapped as a subquery so the extra condition
        cannot end up in the LEFT JOIN's ON clause."""
        sql, args = self._sql(annotator, flt or ListingFilter())
        inner = "SELECT d.id AS id" + sql
        conn = self._conn
        present = conn.execute(
            f"SELECT count(*) FROM ({inner}) WHERE id = ?", [*args, doc_id]
        ).fetchone()[0]
        if not present:
            return -1
        return int(
            conn.execute(
                f"SELECT count(*) FROM ({inner}) WHERE id < ?", [*args, doc_id]
            ).fetchone()[0]
        )

    def neighbour(self, doc_id: int, step: int) -> int | None:
        """The document before (step -1) or after (step 1) in id order."""
        if step > 0:
            row = self._conn.execute(
                "SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT 1", (doc_id,)
            ).fetchone()
        else:
            row = self._conn.execute(
                "SELECT id FROM documents WHERE id < ? ORDER BY id DESC LIMIT 1", (doc_id,)
            ).fetchone()
        return int(row[0]) if row else None

    def next_unfinished(self, annotator: str, after: int | None = None) -> int | None:
        """The next document (wrapping around) this annotator has not done or skipped."""
        sql = "SELECT d.id" + _JOIN + " WHERE coalesce(s.status, 'todo') IN ('todo', 'in_progress')"
        conn = self._conn
        if after is not None:
            row = conn.execute(
                sql + " AND d.id > ? ORDER BY d.id LIMIT 1", (annotator, after)
            ).fetchone()
            if row:
                return int(row[0])
        row = conn.execute(sql + " ORDER BY d.id LIMIT 1", (annotator,)).fetchone()
        return int(row[0]) if row and row[0] != after else None

    def done_count(self, annotator: str) -> int:
        """Documents this annotator has done or skipped: an index look-up, cheap
        enough for every edit (the total, a count of every document, is read
        once by the caller, not per edit)."""
        return int(
            self._conn.execute(
                "SELECT count(*) FROM annotation_sets s WHERE s.annotator_id ="
                " (SELECT id FROM annotators WHERE name = ?) AND s.status IN ('done', 'skipped')",
                (annotator,),
            ).fetchone()[0]
        )
