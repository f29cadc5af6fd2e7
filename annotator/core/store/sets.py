"""``project.sets``: annotators, their annotation sets and the spans in them.

Every write is its own transaction and appends an event in the same
transaction, so what the annotator sees on screen is on disk the moment it
is drawn, and the history of each set can be replayed or audited. Reads of
many sets' spans go through one bulk reader, ``spans_by_set``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.types import GOLD, STATUSES, AnnotationSet, Relation, Span

from .relations import payload as relation_payload
from .span_ids import COLUMNS as SPAN_COLUMNS
from .span_ids import add_on_server, insert_on_server, reserve_span_ids, span_row
from .util import CHUNK, dumps, loads, now_iso

if TYPE_CHECKING:
    from .project import Project

_SET_COLUMNS = (
    "s.id, s.document_id, a.name, s.status, s.note, s.skip_reason, s.seconds_spent,"
    " s.created_at, s.updated_at, s.meta"
)
_SET_FROM = " FROM annotation_sets s JOIN annotators a ON a.id = s.annotator_id"
_SPAN_COLUMNS = "id, start_char, end_char, label, attrs, origin, meta"
_SPAN_FIELDS = {
    "start": "start_char",
    "end": "end_char",
    "label": "label",
    "attrs": "attrs",
    "origin": "origin",
}


def _set(row: tuple) -> AnnotationSet:
    return AnnotationSet(
        id=row[0],
        document_id=row[1],
        annotator=row[2],
        status=row[3],
        note=row[4],
        skip_reason=row[5],
        seconds_spent=row[6],
        created_at=row[7],
        updated_at=row[8],
        meta=loads(row[9]),
    )


def _span(row: tuple) -> Span:
    return Span(row[1], row[2], row[3], loads(row[4]), row[5], row[0], _meta(row[6]))


def _meta(text: str) -> dict[str, Any]:
    """Most spans keep nothing: skip decoding the empty object."""
    return {} if text == "{}" else loads(text)


def _payload(span: Span, span_id: int | None = None) -> dict[str, Any]:
    return {
        "id": span_id if span_id is not None else span.id,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "attrs": span.attrs,
        "origin": span.origin,
    }


def _check_spans(spans: Iterable[Span]) -> None:
    for s in spans:
        if s.end <= s.start or s.start < 0:
            raise AnnotatorError(f"span {s.start}-{s.end} {s.label}: end must be after start")


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise AnnotatorError(f"unknown status {status!r} (one of {', '.join(STATUSES)})")


class Sets:
    """The ``annotators``, ``annotation_sets`` and ``spans`` tables."""

    def __init__(self, project: Project):
        self._project = project
        self._conn = project.db.conn
        self._owners: dict[int, tuple[int, str]] = {}  # set id -> (document, annotator)

    # -- annotators ------------------------------------------------------
    def annotators(self) -> list[str]:
        """Everyone who annotates, and ``gold`` once it holds a set (opening
        the review window registers it; an empty gold is nobody's progress)."""
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT name FROM annotators a WHERE name != ? OR EXISTS"
                " (SELECT 1 FROM annotation_sets s WHERE s.annotator_id = a.id) ORDER BY name",
                (GOLD,),
            )
        ]

    def ensure_annotator(self, name: str) -> int:
        name = name.strip()
        if not name:
            raise AnnotatorError("an annotator needs a non-empty name")
        row = self._conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        with self._project.transaction():
            cursor = self._conn.execute(
                "INSERT INTO annotators (name, created_at) VALUES (?, ?)", (name, now_iso())
            )
        return int(cursor.lastrowid)

    # -- reading sets ----------------------------------------------------
    def find(self, doc_id: int, annotator: str) -> AnnotationSet | None:
        """The annotator's set for a document with its spans, if it exists."""
        row = self._conn.execute(
            f"SELECT {_SET_COLUMNS}{_SET_FROM} WHERE s.document_id = ? AND a.name = ?",
            (doc_id, annotator),
        ).fetchone()
        if row is None:
            return None
        return self._filled(_set(row))

    def get(self, set_id: int) -> AnnotationSet:
        row = self._conn.execute(
            f"SELECT {_SET_COLUMNS}{_SET_FROM} WHERE s.id = ?", (set_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no annotation set with id {set_id}")
        return self._filled(_set(row))

    def _filled(self, result: AnnotationSet) -> AnnotationSet:
        result.spans = self.spans(result.id)
        result.relations = self._project.relations.of_set(result.id)
        result.categories = self._project.categories.of_set(result.id)
        return result

    def open(self, doc_id: int, annotator: str, seed: bool = True) -> AnnotationSet:
        """The annotator's set for a document, created on first open.

        A new set is seeded from the suggesting model's predictions (origin
        ``model``: see ``project.suggestions``), so each annotator corrects the
        model rather than starting blank; a set nobody edited yet follows a
        newer run when opened. The reserved ``gold`` set never is seeded: gold
        holds only what a reviewer decided.
        """
        found = self.find(doc_id, annotator)
        if found is not None:
            if seed and not self._project.read_only:
                return self._project.suggestions.follow(found) or found
            return found
        return self.get(self._create(doc_id, annotator, seed and annotator != GOLD))

    def _create(self, doc_id: int, annotator: str, seed: bool) -> int:
        """A new set row (seeded from the suggestions when ``seed``) and its
        ``set.create`` event, one transaction; returns its id."""
        annotator_id = self.ensure_annotator(annotator)
        stamp = now_iso()
        with self._project.transaction():
            cursor = self._conn.execute(
                "INSERT INTO annotation_sets (document_id, annotator_id, created_at, updated_at)"
                " VALUES (?, ?, ?, ?)",
                (doc_id, annotator_id, stamp, stamp),
            )
            set_id = int(cursor.lastrowid)
            run, seeded = self._project.suggestions.seed(set_id, doc_id) if seed else (None, 0)
            self._project.log_event(
                "set.create",
                {"seeded": seeded, "model": run and run.model, "run": run and run.run},
                set_id=set_id,
                document_id=doc_id,
                annotator=annotator,
            )
        return set_id

    def set_id(self, doc_id: int, annotator: str) -> int | None:
        """The id of the annotator's set of a document, if there is one (no spans read)."""
        row = self._conn.execute(
            "SELECT s.id" + _SET_FROM + " WHERE s.document_id = ? AND a.name = ?",
            (doc_id, annotator),
        ).fetchone()
        return int(row[0]) if row else None

    def select(
        self, annotator: str | None = None, status: str | None = None, with_spans: bool = False
    ) -> list[AnnotationSet]:
        """Sets in document order (then annotator), optionally of one annotator
        or status; spans are read in bulk only when ``with_spans``."""
        where, args = [], []
        if annotator is not None:
            where.append("a.name = ?")
            args.append(annotator)
        if status is not None:
            where.append("s.status = ?")
            args.append(status)
        sql = f"SELECT {_SET_COLUMNS}{_SET_FROM}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        result = [
            _set(r) for r in self._conn.execute(sql + " ORDER BY s.document_id, a.name", args)
        ]
        if with_spans:
            by_set = self.spans_by_set(s.id for s in result)
            for item in result:
                item.spans = by_set[item.id]
        return result

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM annotation_sets").fetchone()[0])

    def status_counts(self) -> dict[tuple[str, str], int]:
        """(annotator, status) -> number of sets."""
        return {
            (name, status): n
            for name, status, n in self._conn.execute(
                f"SELECT a.name, s.status, count(*){_SET_FROM} GROUP BY a.name, s.status"
            )
        }

    def state(self, set_id: int) -> dict[str, str]:
        """Status, skip reason and note of a set, without reading its spans."""
        row = self._conn.execute(
            "SELECT status, skip_reason, note FROM annotation_sets WHERE id = ?", (set_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no annotation set with id {set_id}")
        return {"status": row[0], "skip_reason": row[1] or "", "note": row[2] or ""}

    def version(self, set_id: int) -> int:
        """The set's version: the id of the newest event filed under it. Every
        write to a set's spans, status or note logs one in its transaction,
        so a window that remembers this number can tell that another window
        or program changed the set since it read it (0: no event yet). On a
        server, inside a transaction, the set's row is locked first, so two
        writers of one set cannot both pass the same check."""
        if self._project.engine == "postgresql" and self._conn.in_transaction:
            self._conn.execute("SELECT id FROM annotation_sets WHERE id = ? FOR UPDATE", (set_id,))
        row = self._conn.execute(
            "SELECT coalesce(max(id), 0) FROM events WHERE set_id = ?", (set_id,)
        ).fetchone()
        return int(row[0])

    # -- changing sets ---------------------------------------------------
    def set_status(self, set_id: int, status: str, reason: str | None = None) -> None:
        _check_status(status)
        with self._project.transaction():
            self._conn.execute(
                "UPDATE annotation_sets SET status = ?, skip_reason = ?, updated_at = ?"
                " WHERE id = ?",
                (status, (reason or "") if status == "skipped" else "", now_iso(), set_id),
            )
            self.log("set.status", set_id, {"status": status, "reason": reason})

    def set_note(self, set_id: int, note: str) -> None:
        with self._project.transaction():
            self._conn.execute(
                "UPDATE annotation_sets SET note = ?, updated_at = ? WHERE id = ?",
                (note, now_iso(), set_id),
            )
            self.log("set.note", set_id, {"note": note})

    def add_time(self, set_id: int, seconds: float) -> None:
        """Time spent on a set (the GUI adds it when leaving a document)."""
        with self._project.transaction():
            self._conn.execute(
                "UPDATE annotation_sets SET seconds_spent = seconds_spent + ? WHERE id = ?",
                (max(0.0, seconds), set_id),
            )

    def replace(
        self,
        doc_id: int,
        annotator: str,
        spans: Iterable[Span],
        status: str = "done",
        note: str | None = None,
        relations: Iterable[Relation] = (),
        categories: dict[str, list[str]] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> int:
        """Make ``spans`` and ``relations`` the annotator's whole set for a
        document (imports, adjudication, merge), in one transaction; returns
        the set's id. ``categories`` replace the set's answers when given and
        are left as they are when None (a file of spans says nothing of them);
        so is ``meta``, what an import kept of a line without modelling it."""
        _check_status(status)
        spans = list(spans)
        relations = list(relations)
        stamp = now_iso()
        with self._project.transaction():  # the set's creation too: a failure leaves no empty set
            set_id = self.set_id(doc_id, annotator)
            if set_id is None:
                set_id = self._create(doc_id, annotator, seed=False)
            self._conn.execute("DELETE FROM spans WHERE set_id = ?", (set_id,))
            self.insert_spans(set_id, spans, stamp)
            self._project.relations.insert(set_id, relations)
            if categories is not None:
                self._project.categories.replace(set_id, categories)
            self._conn.execute(
                "UPDATE annotation_sets SET status = ?, note = coalesce(?, note),"
                " meta = coalesce(?, meta), updated_at = ?"
                " WHERE id = ?",
                (status, note, None if meta is None else dumps(meta), stamp, set_id),
            )
            self._project.log_event(
                "set.replace",
                {"spans": len(spans), "relations": len(relations), "status": status},
                set_id=set_id,
                document_id=doc_id,
                annotator=annotator,
            )
        return set_id

    def copy_record(self, set_id: int, other: AnnotationSet) -> None:
        """Give a set ``other``'s skip reason, time spent and time stamps: a
        merged set keeps when and how long its annotator worked on it."""
        with self._project.transaction():
            self._conn.execute(
                "UPDATE annotation_sets SET skip_reason = ?, seconds_spent = ?, created_at = ?,"
                " updated_at = ? WHERE id = ?",
                (
                    other.skip_reason or "",
                    other.seconds_spent,
                    other.created_at,
                    other.updated_at,
                    set_id,
                ),
            )

    def accept(self, set_id: int) -> tuple[str, str, list[int]]:
        """Mark a set done and turn its model suggestions (spans, relations,
        categories) into confirmed ones.

        Returns (previous status, previous skip reason, span ids converted) so
        an undo can restore exactly what was there (``undo_accept`` turns the
        set's relations and categories the undone accept confirmed back into
        suggestions: they are the ones logged with it). One transaction.
        """
        before = self.state(set_id)
        ids = [
            int(r[0])
            for r in self._conn.execute(
                "SELECT id FROM spans WHERE set_id = ? AND origin = 'model' ORDER BY id", (set_id,)
            )
        ]
        with self._project.transaction():
            self._set_origins(set_id, ids, "human")
            links = self._project.relations.set_origins(set_id, "human")
            answers = self._project.categories.set_origins(set_id, "human")
            self.log("set.accept", set_id, {"relations": links, "categories": answers})
            self.set_status(set_id, "done")
        return before["status"], before["skip_reason"], ids

    def undo_accept(self, set_id: int, status: str, reason: str, span_ids: list[int]) -> None:
        """Put back what ``accept`` changed (spans deleted since are ignored)."""
        existing = {
            int(r[0])
            for r in self._conn.execute("SELECT id FROM spans WHERE set_id = ?", (set_id,))
        }
        accepted = next(
            (e for e in self._project.events(set_id, limit=50) if e["kind"] == "set.accept"),
            None,
        )
        with self._project.transaction():
            self._set_origins(set_id, [i for i in span_ids if i in existing], "model")
            if accepted is not None:
                self._project.relations.restore_origins(accepted["payload"]["relations"], "model")
                self._project.categories.restore_origins(
                    set_id, [tuple(c) for c in accepted["payload"]["categories"]], "model"
                )
            self.set_status(set_id, status, reason or None)

    def _set_origins(self, set_id: int, span_ids: list[int], origin: str) -> None:
        """Change many spans' origin with one statement per chunk of ids and
        one event (accepting a document with 800 suggestions was 6,400
        statements)."""
        if not span_ids:
            return
        stamp = now_iso()
        for i in range(0, len(span_ids), CHUNK):
            chunk = span_ids[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            self._conn.execute(
                f"UPDATE spans SET origin = ?, updated_at = ? WHERE set_id = ? AND id IN ({marks})",
                [origin, stamp, set_id, *chunk],
            )
        self.log("span.origin", set_id, {"ids": span_ids, "origin": origin})

    # -- reading spans ---------------------------------------------------
    def spans(self, set_id: int) -> list[Span]:
        rows = self._conn.execute(
            f"SELECT {_SPAN_COLUMNS} FROM spans WHERE set_id = ? ORDER BY start_char, end_char, id",
            (set_id,),
        )
        return [_span(r) for r in rows]

    def span(self, span_id: int) -> Span:
        row = self._conn.execute(
            f"SELECT {_SPAN_COLUMNS} FROM spans WHERE id = ?", (span_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no span with id {span_id}")
        return _span(row)

    def spans_by_set(self, set_ids: Iterable[int]) -> dict[int, list[Span]]:
        """The spans of many sets, in offset order, a chunk of sets per query;
        every id asked for is a key (a set without spans maps to []).

        News annotations repeat a few attribute values, so each distinct JSON
        string is decoded once (each span still gets a dict of its own):
        agreement over 10,000 documents reads some 300,000 spans this way.
        """
        wanted = list(set_ids)
        found: dict[int, list[Span]] = {set_id: [] for set_id in wanted}
        decoded: dict[str, dict[str, Any]] = {}
        for i in range(0, len(wanted), CHUNK):
            chunk = wanted[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            for set_id, span_id, start, end, label, attrs, origin, meta in self._conn.execute(
                f"SELECT set_id, {_SPAN_COLUMNS} FROM spans"
                f" WHERE set_id IN ({marks}) ORDER BY set_id, start_char, end_char, id",
                chunk,
            ):
                value = decoded.get(attrs)
                if value is None:
                    value = decoded[attrs] = loads(attrs)
                found[set_id].append(
                    Span(start, end, label, dict(value), origin, span_id, _meta(meta))
                )
        return found

    def done_spans(self, annotators: Sequence[str]) -> dict[int, dict[str, list[Span]]]:
        """document id -> annotator -> spans of every set marked done by one
        of ``annotators`` (what agreement compares); a done set without
        spans maps to [], documents and annotators come in sorted order."""
        names = list(dict.fromkeys(annotators))
        rows: list[tuple[int, int, str]] = []
        for i in range(0, len(names), CHUNK):
            chunk = names[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            rows += self._conn.execute(
                f"SELECT s.id, s.document_id, a.name{_SET_FROM}"
                f" WHERE s.status = 'done' AND a.name IN ({marks})",
                chunk,
            ).fetchall()
        rows.sort(key=lambda r: (r[1], r[2]))
        spans = self.spans_by_set(r[0] for r in rows)
        out: dict[int, dict[str, list[Span]]] = {}
        for set_id, doc_id, name in rows:
            out.setdefault(doc_id, {})[name] = spans[set_id]
        return out

    def label_counts(self) -> dict[str, int]:
        """Spans per label, over every set."""
        return dict(self._conn.execute("SELECT label, count(*) FROM spans GROUP BY label"))

    # -- changing spans --------------------------------------------------
    def add_span(self, set_id: int, span: Span) -> int:
        """Add one span; the set becomes in_progress if it was todo."""
        doc_id, annotator = self._info(set_id)
        stamp = now_iso()
        if self._project.engine == "postgresql" and self._project.deferred_events is None:
            _check_spans([span])
            event = (doc_id, annotator, _payload(span))  # the id is filled in when taken
            return add_on_server(self._project, set_id, span, event, stamp)
        with self._project.transaction():
            span_id = self.insert_spans(set_id, [span], stamp)[0]
            self.touch(set_id, stamp)
            self._project.log_event(
                "span.add",
                _payload(span, span_id),
                set_id=set_id,
                document_id=doc_id,
                annotator=annotator,
            )
        return span_id

    def update_span(self, span_id: int, **fields: Any) -> Span:
        """Change a span's start, end, label, attrs or origin; returns the old span."""
        unknown = set(fields) - set(_SPAN_FIELDS)
        if unknown:
            raise AnnotatorError(f"unknown span fields: {', '.join(sorted(unknown))}")
        old = self.span(span_id)
        start = fields.get("start", old.start)
        end = fields.get("end", old.end)
        if end <= start or start < 0:
            raise AnnotatorError(f"span {start}-{end}: end must be after start")
        set_id = self._set_of(span_id)
        stamp = now_iso()
        assignments = ", ".join(f"{_SPAN_FIELDS[k]} = ?" for k in fields)
        values = [dumps(v) if k == "attrs" else v for k, v in fields.items()]
        with self._project.transaction():
            self._conn.execute(
                f"UPDATE spans SET {assignments}, updated_at = ? WHERE id = ?",
                [*values, stamp, span_id],
            )
            self.touch(set_id, stamp)
            self.log("span.update", set_id, {"id": span_id, "old": _payload(old), "new": fields})
        return old

    def delete_span(self, span_id: int) -> Span:
        """Remove a span and the relations that use it (each logged); returns
        the span (with its id) so an undo can restore it, and
        ``project.relations.of_span`` read before gives the links to restore."""
        old = self.span(span_id)
        set_id = self._set_of(span_id)
        stamp = now_iso()
        links = self._project.relations.of_span(span_id)
        with self._project.transaction():
            for link in links:
                self.log("relation.delete", set_id, relation_payload(link))
            self._conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
            self.touch(set_id, stamp)
            self.log("span.delete", set_id, _payload(old, span_id))
        return old

    def delete_label(self, label: str, reason: str) -> int:
        """Delete every span of ``label`` in every set, each deletion logged
        (under its set) with ``reason``; returns how many."""
        with self._project.transaction():
            for span_id, set_id in self._conn.execute(
                "SELECT id, set_id FROM spans WHERE label = ?", (label,)
            ).fetchall():
                self._project.log_event(
                    "span.delete", {"id": span_id, "label": label, "reason": reason}, set_id=set_id
                )
            return self._conn.execute("DELETE FROM spans WHERE label = ?", (label,)).rowcount

    def insert_spans(self, set_id: int, spans: list[Span], stamp: str) -> list[int]:
        """Insert spans inside the caller's transaction (no event: the caller logs).

        Ids are never given twice (span_ids.py)."""
        _check_spans(spans)
        if not spans:
            return []
        rows = [span_row(set_id, s, stamp) for s in spans]
        if self._project.engine == "postgresql":
            return insert_on_server(self._project, rows)
        ids = reserve_span_ids(self._project, len(spans))
        self._conn.executemany(
            f"INSERT INTO spans (id, {SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(span_id, *row) for span_id, row in zip(ids, rows, strict=True)],
        )
        return ids

    def touch(self, set_id: int, stamp: str | None = None) -> None:
        """Mark a set changed now (and in progress, if it was todo): every edit's last step."""
        self._conn.execute(
            "UPDATE annotation_sets SET updated_at = ?,"
            " status = CASE status WHEN 'todo' THEN 'in_progress' ELSE status END WHERE id = ?",
            (stamp or now_iso(), set_id),
        )

    def _set_of(self, span_id: int) -> int:
        row = self._conn.execute("SELECT set_id FROM spans WHERE id = ?", (span_id,)).fetchone()
        if row is None:
            raise AnnotatorError(f"no span with id {span_id}")
        return int(row[0])

    def _info(self, set_id: int) -> tuple[int, str]:
        """(document id, annotator) of a set: what its events are filed under.
        A server never gives a set id twice, so there it is read once per set
        (a round trip less per edit); SQLite may give a deleted set's id again."""
        known = self._owners.get(set_id)
        if known is not None:
            return known
        row = self._conn.execute(
            f"SELECT s.document_id, a.name{_SET_FROM} WHERE s.id = ?", (set_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no annotation set with id {set_id}")
        found = int(row[0]), str(row[1])
        if self._project.engine == "postgresql":
            self._owners[set_id] = found
        return found

    def log(self, kind: str, set_id: int, payload: dict[str, Any]) -> None:
        """Append an event filed under a set, its document and its annotator."""
        doc_id, annotator = self._info(set_id)
        self._project.log_event(
            kind, payload, set_id=set_id, document_id=doc_id, annotator=annotator
        )
