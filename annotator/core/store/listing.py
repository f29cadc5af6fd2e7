"""Paged, filtered document listings for one annotator.

The GUI's document list is a lazy Qt model over these queries: it asks for
a count and for pages of rows, never for all rows, so a 100,000-document
project opens as fast as a five-document one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.types import STATUSES

if TYPE_CHECKING:
    import sqlite_utils


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


class ListingMixin:
    db: sqlite_utils.Database

    def _listing_sql(self, annotator: str, flt: ListingFilter) -> tuple[str, list[Any]]:
        sql = (
            " FROM documents d LEFT JOIN annotation_sets s ON s.document_id = d.id"
            " AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?)"
        )
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

    def count_listing(self, annotator: str, flt: ListingFilter | None = None) -> int:
        sql, args = self._listing_sql(annotator, flt or ListingFilter())
        return int(self.db.conn.execute("SELECT count(*)" + sql, args).fetchone()[0])

    def listing(
        self, annotator: str, flt: ListingFilter | None = None, offset: int = 0, limit: int = 200
    ) -> list[DocumentRow]:
        """One page of the list, in document order."""
        sql, args = self._listing_sql(annotator, flt or ListingFilter())
        rows = self.db.conn.execute(
            "SELECT d.id, coalesce(d.title, ''), coalesce(s.status, 'todo'),"
            " CASE WHEN s.id IS NULL THEN 0"
            " ELSE (SELECT count(*) FROM spans x WHERE x.set_id = s.id) END"
            + sql
            + " ORDER BY d.id LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )
        return [DocumentRow(r[0], r[1], r[2], r[3]) for r in rows]

    def listing_row_of(self, annotator: str, doc_id: int, flt: ListingFilter | None = None) -> int:
        """Row index of a document in the list (-1 when filtered out).

        The listing query is wrapped as a subquery so the extra condition
        cannot end up in the LEFT JOIN's ON clause."""
        sql, args = self._listing_sql(annotator, flt or ListingFilter())
        inner = "SELECT d.id AS id" + sql
        conn = self.db.conn
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
            row = self.db.conn.execute(
                "SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT 1", (doc_id,)
            ).fetchone()
        else:
            row = self.db.conn.execute(
                "SELECT id FROM documents WHERE id < ? ORDER BY id DESC LIMIT 1", (doc_id,)
            ).fetchone()
        return int(row[0]) if row else None

    def next_unfinished(self, annotator: str, after: int | None = None) -> int | None:
        """The next document (wrapping around) this annotator has not done or skipped."""
        sql = (
            "SELECT d.id FROM documents d LEFT JOIN annotation_sets s ON s.document_id = d.id"
            " AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?)"
            " WHERE coalesce(s.status, 'todo') IN ('todo', 'in_progress')"
        )
        conn = self.db.conn
        if after is not None:
            row = conn.execute(
                sql + " AND d.id > ? ORDER BY d.id LIMIT 1", (annotator, after)
            ).fetchone()
            if row:
                return int(row[0])
        row = conn.execute(sql + " ORDER BY d.id LIMIT 1", (annotator,)).fetchone()
        return int(row[0]) if row and row[0] != after else None

    def progress(self, annotator: str) -> tuple[int, int]:
        """(done, total) for the status bar: done counts done and skipped."""
        done = self.db.conn.execute(
            "SELECT count(*) FROM annotation_sets s JOIN annotators a ON a.id = s.annotator_id"
            " WHERE a.name = ? AND s.status IN ('done', 'skipped')",
            (annotator,),
        ).fetchone()[0]
        return int(done), self.count_documents()
