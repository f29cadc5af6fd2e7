"""Annotators, annotation sets, spans and the event log.

Every write is its own transaction and appends an event in the same
transaction, so what the annotator sees on screen is on disk the moment it
is drawn, and the history of each set can be replayed or audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.types import GOLD, STATUSES, AnnotationSet, Span

from .util import dumps, loads, now_iso

if TYPE_CHECKING:
    import sqlite_utils

_SET_COLUMNS = (
    "s.id, s.document_id, a.name, s.status, s.note, s.skip_reason, s.seconds_spent,"
    " s.created_at, s.updated_at"
)
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
    )


def _span(row: tuple) -> Span:
    return Span(row[1], row[2], row[3], loads(row[4]), origin=row[5], id=row[0])


class AnnotationsMixin:
    db: sqlite_utils.Database

    # -- annotators ------------------------------------------------------
    def annotators(self) -> list[str]:
        return [r[0] for r in self.db.conn.execute("SELECT name FROM annotators ORDER BY name")]

    def ensure_annotator(self, name: str) -> int:
        name = name.strip()
        if not name:
            raise AnnotatorError("an annotator needs a non-empty name")
        conn = self.db.conn
        row = conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        with self.transaction():
            cursor = conn.execute(
                "INSERT INTO annotators (name, created_at) VALUES (?, ?)", (name, now_iso())
            )
        return int(cursor.lastrowid)

    # -- sets ------------------------------------------------------------
    def find_set(self, doc_id: int, annotator: str) -> AnnotationSet | None:
        row = self.db.conn.execute(
            f"SELECT {_SET_COLUMNS} FROM annotation_sets s JOIN annotators a"
            " ON a.id = s.annotator_id WHERE s.document_id = ? AND a.name = ?",
            (doc_id, annotator),
        ).fetchone()
        if row is None:
            return None
        result = _set(row)
        result.spans = self.spans(result.id)
        return result

    def set_by_id(self, set_id: int) -> AnnotationSet:
        row = self.db.conn.execute(
            f"SELECT {_SET_COLUMNS} FROM annotation_sets s JOIN annotators a"
            " ON a.id = s.annotator_id WHERE s.id = ?",
            (set_id,),
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no annotation set with id {set_id}")
        result = _set(row)
        result.spans = self.spans(set_id)
        return result

    def get_set(self, doc_id: int, annotator: str, seed: bool = True) -> AnnotationSet:
        """The annotator's set for a document, created on first open.

        A new set is seeded from the newest predictions (origin ``model``):
        Prodigy's ``ner.correct`` workflow, per annotator (DESIGN.md). The
        reserved ``gold`` set never is: gold holds only what a reviewer decided.
        """
        found = self.find_set(doc_id, annotator)
        if found is not None:
            return found
        annotator_id = self.ensure_annotator(annotator)
        stamp = now_iso()
        conn = self.db.conn
        with self.transaction():
            cursor = conn.execute(
                "INSERT INTO annotation_sets (document_id, annotator_id, created_at, updated_at)"
                " VALUES (?, ?, ?, ?)",
                (doc_id, annotator_id, stamp, stamp),
            )
            set_id = int(cursor.lastrowid)
            seeded = self.predictions(doc_id) if seed and annotator != GOLD else []
            self._insert_spans(set_id, seeded, stamp)
            self._event("set.create", set_id, doc_id, annotator, {"seeded": len(seeded)})
        return self.set_by_id(set_id)

    def sets(
        self, annotator: str | None = None, status: str | None = None, with_spans: bool = False
    ) -> list[AnnotationSet]:
        where, args = [], []
        if annotator is not None:
            where.append("a.name = ?")
            args.append(annotator)
        if status is not None:
            where.append("s.status = ?")
            args.append(status)
        sql = (
            f"SELECT {_SET_COLUMNS} FROM annotation_sets s"
            " JOIN annotators a ON a.id = s.annotator_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        result = [
            _set(r) for r in self.db.conn.execute(sql + " ORDER BY s.document_id, a.name", args)
        ]
        if with_spans:
            by_set = self._spans_by_set([s.id for s in result])
            for item in result:
                item.spans = by_set.get(item.id, [])
        return result

    def _spans_by_set(self, set_ids: list[int]) -> dict[int, list[Span]]:
        found: dict[int, list[Span]] = {}
        for i in range(0, len(set_ids), 900):
            chunk = set_ids[i : i + 900]
            marks = ",".join("?" * len(chunk))
            for row in self.db.conn.execute(
                "SELECT id, start_char, end_char, label, attrs, origin, set_id FROM spans"
                f" WHERE set_id IN ({marks}) ORDER BY set_id, start_char, end_char, id",
                chunk,
            ):
                found.setdefault(row[6], []).append(_span(row))
        return found

    def set_status(self, set_id: int, status: str, reason: str | None = None) -> None:
        if status not in STATUSES:
            raise AnnotatorError(f"unknown status {status!r} (one of {', '.join(STATUSES)})")
        info = self._set_info(set_id)
        with self.transaction():
            self.db.conn.execute(
                "UPDATE annotation_sets SET status = ?, skip_reason = ?, updated_at = ?"
                " WHERE id = ?",
                (status, (reason or "") if status == "skipped" else "", now_iso(), set_id),
            )
            self._event(
                "set.status", set_id, info[0], info[1], {"status": status, "reason": reason}
            )

    def set_note(self, set_id: int, note: str) -> None:
        info = self._set_info(set_id)
        with self.transaction():
            self.db.conn.execute(
                "UPDATE annotation_sets SET note = ?, updated_at = ? WHERE id = ?",
                (note, now_iso(), set_id),
            )
            self._event("set.note", set_id, info[0], info[1], {"note": note})

    def add_time(self, set_id: int, seconds: float) -> None:
        """Time spent on a set (the GUI adds it when leaving a document)."""
        with self.transaction():
            self.db.conn.execute(
                "UPDATE annotation_sets SET seconds_spent = seconds_spent + ? WHERE id = ?",
                (max(0.0, seconds), set_id),
            )

    def replace_set(
        self,
        doc_id: int,
        annotator: str,
        spans: Iterable[Span],
        status: str = "done",
        note: str | None = None,
    ) -> int:
        """Make ``spans`` the annotator's whole set for a document (imports,
        adjudication, merge), in one transaction."""
        if status not in STATUSES:
            raise AnnotatorError(f"unknown status {status!r} (one of {', '.join(STATUSES)})")
        spans = list(spans)
        stamp = now_iso()
        conn = self.db.conn
        with self.transaction():  # the set's creation too: a failure leaves no empty set
            existing = self.find_set(doc_id, annotator)
            set_id = existing.id if existing else self.get_set(doc_id, annotator, seed=False).id
            conn.execute("DELETE FROM spans WHERE set_id = ?", (set_id,))
            self._insert_spans(set_id, spans, stamp)
            conn.execute(
                "UPDATE annotation_sets SET status = ?, note = coalesce(?, note), updated_at = ?"
                " WHERE id = ?",
                (status, note, stamp, set_id),
            )
            self._event(
                "set.replace", set_id, doc_id, annotator, {"spans": len(spans), "status": status}
            )
        return set_id

    def _set_info(self, set_id: int) -> tuple[int, str]:
        row = self.db.conn.execute(
            "SELECT s.document_id, a.name FROM annotation_sets s JOIN annotators a"
            " ON a.id = s.annotator_id WHERE s.id = ?",
            (set_id,),
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no annotation set with id {set_id}")
        return int(row[0]), str(row[1])

    # -- spans -----------------------------------------------------------
    def spans(self, set_id: int) -> list[Span]:
        rows = self.db.conn.execute(
            "SELECT id, start_char, end_char, label, attrs, origin FROM spans WHERE set_id = ?"
            " ORDER BY start_char, end_char, id",
            (set_id,),
        )
        return [_span(r) for r in rows]

    def span(self, span_id: int) -> Span:
        row = self.db.conn.execute(
            "SELECT id, start_char, end_char, label, attrs, origin FROM spans WHERE id = ?",
            (span_id,),
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no span with id {span_id}")
        return _span(row)

    def _insert_spans(self, set_id: int, spans: list[Span], stamp: str) -> list[int]:
        ids = []
        for s in spans:
            if s.end <= s.start or s.start < 0:
                raise AnnotatorError(f"span {s.start}-{s.end} {s.label}: end must be after start")
            cursor = self.db.conn.execute(
                "INSERT INTO spans (set_id, start_char, end_char, label, attrs, origin,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (set_id, s.start, s.end, s.label, dumps(s.attrs or {}), s.origin, stamp, stamp),
            )
            ids.append(int(cursor.lastrowid))
        return ids

    def add_span(self, set_id: int, span: Span) -> int:
        """Add one span; the set becomes in_progress if it was todo."""
        doc_id, annotator = self._set_info(set_id)
        stamp = now_iso()
        with self.transaction():
            span_id = self._insert_spans(set_id, [span], stamp)[0]
            self._touch(set_id, stamp)
            self._event("span.add", set_id, doc_id, annotator, _payload(span, span_id))
        return span_id

    def update_span(self, span_id: int, **fields: Any) -> Span:
        """Change a span's start, end, label, attrs or origin; returns the old span."""
        unknown = set(fields) - set(_SPAN_FIELDS)
        if unknown:
            raise AnnotatorError(f"unknown span field(s): {', '.join(sorted(unknown))}")
        old = self.span(span_id)
        start = fields.get("start", old.start)
        end = fields.get("end", old.end)
        if end <= start or start < 0:
            raise AnnotatorError(f"span {start}-{end}: end must be after start")
        set_id = self.db.conn.execute(
            "SELECT set_id FROM spans WHERE id = ?", (span_id,)
        ).fetchone()[0]
        doc_id, annotator = self._set_info(set_id)
        stamp = now_iso()
        assignments = ", ".join(f"{_SPAN_FIELDS[k]} = ?" for k in fields)
        values = [dumps(v) if k == "attrs" else v for k, v in fields.items()]
        with self.transaction():
            self.db.conn.execute(
                f"UPDATE spans SET {assignments}, updated_at = ? WHERE id = ?",
                [*values, stamp, span_id],
            )
            self._touch(set_id, stamp)
            self._event(
                "span.update",
                set_id,
                doc_id,
                annotator,
                {"id": span_id, "old": _payload(old), "new": fields},
            )
        return old

    def delete_span(self, span_id: int) -> Span:
        """Remove a span; returns it (with its id) so an undo can restore it."""
        old = self.span(span_id)
        set_id = self.db.conn.execute(
            "SELECT set_id FROM spans WHERE id = ?", (span_id,)
        ).fetchone()[0]
        doc_id, annotator = self._set_info(set_id)
        stamp = now_iso()
        with self.transaction():
            self.db.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
            self._touch(set_id, stamp)
            self._event("span.delete", set_id, doc_id, annotator, _payload(old, span_id))
        return old

    def _touch(self, set_id: int, stamp: str) -> None:
        self.db.conn.execute(
            "UPDATE annotation_sets SET updated_at = ?,"
            " status = CASE status WHEN 'todo' THEN 'in_progress' ELSE status END WHERE id = ?",
            (stamp, set_id),
        )

    # -- events ----------------------------------------------------------
    def _event(
        self,
        kind: str,
        set_id: int | None,
        doc_id: int | None,
        annotator: str | None,
        payload: dict[str, Any],
    ) -> None:
        self.db.conn.execute(
            "INSERT INTO events (ts, annotator, document_id, set_id, kind, payload)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (now_iso(), annotator, doc_id, set_id, kind, dumps(payload)),
        )

    def events(self, set_id: int | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        sql = "SELECT id, ts, annotator, document_id, set_id, kind, payload FROM events"
        args: list[Any] = []
        if set_id is not None:
            sql += " WHERE set_id = ?"
            args.append(set_id)
        rows = self.db.conn.execute(sql + " ORDER BY id DESC LIMIT ?", [*args, limit])
        return [
            {
                "id": r[0],
                "ts": r[1],
                "annotator": r[2],
                "document_id": r[3],
                "set_id": r[4],
                "kind": r[5],
                "payload": loads(r[6]),
            }
            for r in rows
        ]


def _payload(span: Span, span_id: int | None = None) -> dict[str, Any]:
    return {
        "id": span_id if span_id is not None else span.id,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "attrs": span.attrs,
        "origin": span.origin,
    }
