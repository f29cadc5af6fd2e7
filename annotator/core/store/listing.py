"""``project.listing``: the document list as one annotator sees it.

The GUI's document list is a lazy Qt model over these queries: it asks for
a count and for pages or id ranges of rows, never for all rows, so a
100,000-document project opens as fast as a five-document one. Moving
through the list (neighbours, the next unfinished document) and the
annotator's progress are read here too. "Most to learn" (``LEARN``) sorts by
the scores ``learn_order.py`` keeps, brought up to date before it sorts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.types import STATUSES

from .learn_order import LearnBasis, LearnNote, LearnScores
from .util import CHUNK

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True, slots=True)
class ListingFilter:
    """What the document list shows: ``status`` of this annotator's set
    (``todo`` includes documents never opened), documents whose set (or,
    unopened, whose predictions) has a ``label``, a ``search`` in text or
    title, and with ``queue`` only the annotator's queue: documents assigned
    to them (``annotator assign``) not done or skipped."""

    status: str | None = None
    label: str | None = None
    search: str | None = None
    order: str = "id"  # one of SORT_KEYS
    descending: bool = False
    queue: bool = False

    @property
    def in_id_order(self) -> bool:
        return self.order == "id" and not self.descending


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: int
    title: str
    status: str
    spans: int
    published: str | None = None
    source: str | None = None
    learn: float | None = None  # the "most to learn" score; None: not scored


# What the list sorts by: each an SQL expression over the listing's join,
# and whether it can be NULL (those sort first, as SQLite sorts NULLs, but
# for LEARN: a document that cannot be scored comes last either way). The
# document columns have indexes (migration 0005) so the first page of a
# sorted 100,000-document list is an index walk, not a sort.
_SPANS = (
    "CASE WHEN s.id IS NULL THEN 0 ELSE (SELECT count(*) FROM spans x WHERE x.set_id = s.id) END"
)
LEARN = "most_to_learn"
_LEARN = "(SELECT l.score FROM learn_scores l WHERE l.document_id = d.id)"
SORT_KEYS: dict[str, tuple[str, bool]] = {
    "id": ("d.id", False),
    "title": ("d.title COLLATE NOCASE", True),
    "published": ("d.published", True),
    "source": ("d.source COLLATE NOCASE", True),
    "status": (
        "CASE coalesce(s.status, 'todo') WHEN 'todo' THEN 0 WHEN 'in_progress' THEN 1"
        " WHEN 'done' THEN 2 ELSE 3 END",
        False,
    ),
    "spans": (_SPANS, False),
    LEARN: (_LEARN, True),
}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_ROW_COLUMNS = (
    f"SELECT d.id, coalesce(d.title, ''), coalesce(s.status, 'todo'), {_SPANS},"
    f" d.published, d.source, {_LEARN}"
)
_JOIN = (
    " FROM documents d LEFT JOIN annotation_sets s ON s.document_id = d.id"
    " AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?)"
)
# The annotator's assigned documents: a walk of the assignments' annotator index.
_ASSIGNED = (
    "d.id IN (SELECT g.document_id FROM assignments g"
    " WHERE g.annotator_id = (SELECT id FROM annotators WHERE name = ?))"
)
_UNFINISHED = "coalesce(s.status, 'todo') IN ('todo', 'in_progress')"
# An annotator's queue in document order, walked along the assignments'
# annotator index (next_unfinished: ``d.id IN (...)`` read all their ids per move).
_QUEUE_FROM = (
    " FROM assignments g LEFT JOIN annotation_sets s ON s.document_id = g.document_id"
    " AND s.annotator_id = g.annotator_id"
    " WHERE g.annotator_id = (SELECT id FROM annotators WHERE name = ?)"
)


def _order(flt: ListingFilter) -> str:
    expr, nullable = SORT_KEYS[flt.order]
    way = " DESC" if flt.descending else ""
    # said, not left to the engine: SQLite's default (NULLs first ascending,
    # last descending) is not PostgreSQL's, and a team project must list alike
    if flt.order == LEARN or (nullable and flt.descending):
        last = " NULLS LAST"
    else:
        last = " NULLS FIRST" if nullable else ""
    return f" ORDER BY {expr}{way}{last}, d.id"


class Listing:
    """Read-only views over documents joined with one annotator's sets."""

    def __init__(self, project: Project):
        self._conn = project.db.conn
        self.learn = LearnScores(project)

    def _sql(self, annotator: str, flt: ListingFilter, join: bool = True) -> tuple[str, list[Any]]:
        """FROM and WHERE of the list; without ``join`` (and with no filter
        that reads the annotator's sets) the documents alone."""
        if flt.order not in SORT_KEYS:
            raise AnnotatorError(
                f"cannot sort the list by {flt.order!r} (by {', '.join(SORT_KEYS)})"
            )
        join = join or bool(flt.status or flt.label or flt.queue)
        sql = _JOIN if join else " FROM documents d"
        args: list[Any] = [annotator] if join else []
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
        if flt.queue:
            where += [_ASSIGNED, _UNFINISHED]
            args.append(annotator)
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql, args

    def count(self, annotator: str, flt: ListingFilter | None = None) -> int:
        """Rows in the list with this filter (the documents alone, without the
        annotator's sets, unless the filter reads them)."""
        sql, args = self._sql(annotator, flt or ListingFilter(), join=False)
        return int(self._conn.execute("SELECT count(*)" + sql, args).fetchone()[0])

    def page(
        self, annotator: str, flt: ListingFilter | None = None, offset: int = 0, limit: int = 200
    ) -> list[DocumentRow]:
        """One page of the list, in the filter's order (ties by document id)."""
        flt = flt or ListingFilter()
        sql, args = self._sql(annotator, flt)
        if flt.order == LEARN:
            self.learn.refresh()
        rows = self._conn.execute(
            _ROW_COLUMNS + sql + _order(flt) + " LIMIT ? OFFSET ?", [*args, limit, offset]
        )
        return [DocumentRow(*r) for r in rows]

    def sorted_ids(self, annotator: str, flt: ListingFilter) -> list[int]:
        """Every listed document's id in the filter's order: one query of ids
        only. A sorted list pages through this snapshot (``rows_for``) rather
        than with OFFSET, which re-sorts and steps over every earlier row on
        each page (2.4 s deep into 100,000 documents sorted by status), and
        rows stay where they are while the annotator edits until they sort
        again."""
        if flt.order in ("status", "spans"):
            return self._sorted_by_set(annotator, flt)
        if flt.order == LEARN:
            return self.learn_order(annotator, flt)[0]
        sql, args = self._sql(annotator, flt, join=False)
        return [int(r[0]) for r in self._conn.execute("SELECT d.id" + sql + _order(flt), args)]

    def learn_order(self, annotator: str, flt: ListingFilter) -> tuple[list[int], LearnNote]:
        """The listed ids sorted by "most to learn" (``descending``: most
        first; unscored last, in id order, either way), the scores brought up
        to date first, and what the order rests on (how many are unscored).
        Unfiltered, the scored ids are read off the scores' index and only the
        unscored from the documents (reading documents is what costs: their
        rows hold the text); filtered, as ``_sorted_by_set``: the listed ids
        and the scores read apart and sorted here."""
        basis: LearnBasis = self.learn.refresh()
        conn = self._conn
        uncertain = conn.execute(
            "SELECT 1 FROM learn_scores WHERE uncertainty IS NOT NULL LIMIT 1"
        ).fetchone()
        if replace(flt, order="id", descending=False) == ListingFilter():
            way = "DESC" if flt.descending else "ASC"
            scored = [
                int(r[0])
                for r in conn.execute(
                    f"SELECT document_id FROM learn_scores ORDER BY score {way}, document_id"
                )
            ]
            rest: list[int] = []
            if not scored:  # nothing to score yet: the id order, as cheap as it is
                rest = self.sorted_ids(annotator, ListingFilter())
            elif conn.execute("SELECT count(*) FROM documents").fetchone()[0] > len(scored):
                rest = [
                    int(r[0])
                    for r in conn.execute(
                        "SELECT d.id FROM documents d WHERE NOT EXISTS"
                        " (SELECT 1 FROM learn_scores l WHERE l.document_id = d.id) ORDER BY d.id"
                    )
                ]
            return scored + rest, LearnNote(basis, len(scored), len(rest), uncertain is not None)
        base = ListingFilter(flt.status, flt.label, flt.search, queue=flt.queue)
        ids = self.sorted_ids(annotator, base)
        found = dict(conn.execute("SELECT document_id, score FROM learn_scores"))
        listed = [i for i in ids if i in found]
        # ids are in id order and the sort is stable, so ties stay in id order
        listed.sort(key=found.__getitem__, reverse=flt.descending)
        rest = [i for i in ids if i not in found]
        return listed + rest, LearnNote(basis, len(listed), len(rest), uncertain is not None)

    def _sorted_by_set(self, annotator: str, flt: ListingFilter) -> list[int]:
        """Sorted by the annotator's status or span count: the listed ids and
        the annotator's sets read apart (two index scans) and sorted here; as
        a join ordered by a per-row CASE or count it took four times as long."""
        base = ListingFilter(flt.status, flt.label, flt.search, queue=flt.queue)
        ids = self.sorted_ids(annotator, base)
        if flt.order == "status":
            rank = {status: i for i, status in enumerate(STATUSES)}
            found = {
                r[0]: rank.get(r[1], len(rank))
                for r in self._conn.execute(
                    "SELECT s.document_id, s.status FROM annotation_sets s"
                    " WHERE s.annotator_id = (SELECT id FROM annotators WHERE name = ?)",
                    (annotator,),
                )
            }
        else:
            found = dict(
                self._conn.execute(
                    "SELECT s.document_id, count(x.id) FROM annotation_sets s"
                    " JOIN spans x ON x.set_id = s.id"
                    " WHERE s.annotator_id = (SELECT id FROM annotators WHERE name = ?)"
                    " GROUP BY s.id",
                    (annotator,),
                )
            )
        # ids are in id order and the sort is stable, so ties stay in id order
        return sorted(ids, key=lambda i: found.get(i, 0), reverse=flt.descending)

    def rows_for(self, annotator: str, ids: list[int]) -> list[DocumentRow]:
        """List rows of these documents, in the order given."""
        found: dict[int, DocumentRow] = {}
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            for r in self._conn.execute(
                _ROW_COLUMNS + _JOIN + f" WHERE d.id IN ({marks})", [annotator, *chunk]
            ):
                found[r[0]] = DocumentRow(*r)
        return [found[i] for i in ids if i in found]

    def rows_between(self, annotator: str, first: int, last: int) -> list[DocumentRow]:
        """Unfiltered list rows for document ids first..last: a range look-up on
        the primary key, where ``page``'s OFFSET would step over every earlier
        row (100 ms at row 100,000). The window uses it when ids have no gaps."""
        rows = self._conn.execute(
            _ROW_COLUMNS + _JOIN + " WHERE d.id BETWEEN ? AND ? ORDER BY d.id",
            (annotator, first, last),
        )
        return [DocumentRow(*r) for r in rows]

    def id_range(self) -> tuple[int, int]:
        """(smallest, largest) document id: two index look-ups, no scan."""
        row = self._conn.execute(  # two look-ups: min and max in one SELECT scan the table
            "SELECT (SELECT min(id) FROM documents), (SELECT max(id) FROM documents)"
        ).fetchone()
        return (int(row[0] or 0), int(row[1] or 0))

    def row_of(self, annotator: str, doc_id: int, flt: ListingFilter | None = None) -> int:
        """Row index of a document in the list (-1 when filtered out).

        The listing query is wrapped as a subquery so the extra condition
        cannot end up in the LEFT JOIN's ON clause; a sorted list counts the
        rows whose sort key (then id) comes before the document's."""
        flt = flt or ListingFilter()
        sql, args = self._sql(annotator, flt)
        if flt.order == LEARN:
            self.learn.refresh()
        expr, _ = SORT_KEYS[flt.order]
        inner = f"SELECT d.id AS id, {expr} AS k" + sql
        conn = self._conn
        found = conn.execute(
            f"SELECT k FROM ({inner}) AS listed WHERE id = ?", [*args, doc_id]
        ).fetchone()
        if found is None:
            return -1
        key = found[0]
        k = "k COLLATE NOCASE" if "NOCASE" in expr else "k"
        before = ">" if flt.descending else "<"
        nulls_first = not flt.descending and flt.order != LEARN
        if key is None:  # NULLs sort first ascending, last descending (and for LEARN)
            cond = "k IS NULL AND id < ?" if nulls_first else "k IS NOT NULL OR id < ?"
            values: list[Any] = [doc_id]
        else:
            cond = f"({k} {before} ? OR ({k} = ? AND id < ?))"
            if nulls_first:
                cond = f"(k IS NULL OR {cond})"
            values = [key, key, doc_id]
        sql = f"SELECT count(*) FROM ({inner}) AS listed WHERE {cond}"
        return int(conn.execute(sql, [*args, *values]).fetchone()[0])

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
        """The next document (wrapping around) this annotator has not done or
        skipped; for an annotator with assignments, the next in their queue
        (the documents dealt to others are theirs to do)."""
        if self.has_assignments(annotator):
            sql = "SELECT g.document_id" + _QUEUE_FROM + " AND " + _UNFINISHED
            column = "g.document_id"
        else:
            sql, column = "SELECT d.id" + _JOIN + " WHERE " + _UNFINISHED, "d.id"
        conn = self._conn
        if after is not None:
            row = conn.execute(
                sql + f" AND {column} > ? ORDER BY {column} LIMIT 1", (annotator, after)
            ).fetchone()
            if row:
                return int(row[0])
        row = conn.execute(sql + f" ORDER BY {column} LIMIT 1", (annotator,)).fetchone()
        return int(row[0]) if row and row[0] != after else None

    def has_assignments(self, annotator: str) -> bool:
        """Whether any document is assigned to this annotator (an index look-up):
        then their next unfinished document comes from their queue."""
        row = self._conn.execute(
            "SELECT 1 FROM assignments WHERE annotator_id ="
            " (SELECT id FROM annotators WHERE name = ?) LIMIT 1",
            (annotator,),
        ).fetchone()
        return row is not None

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
