"""``project.relations``: the links between spans of a set (HOLDER, TARGET).

A stored relation points at two span ids of one set, so moving or relabelling
a span keeps its links, and deleting a span deletes them (the foreign keys
cascade; ``Sets.delete_span`` logs each). Outside the store a relation names
its ends by ``SpanKey`` (start, end, label), the only identity predictions,
files and other projects share. Every write is one transaction with its event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.types import Relation, SpanKey

from .util import CHUNK, now_iso

if TYPE_CHECKING:
    from .project import Project

_SELECT = (
    "SELECT r.id, r.set_id, h.start_char, h.end_char, h.label, c.start_char, c.end_char,"
    " c.label, r.label, r.origin FROM relations r"
    " JOIN spans h ON h.id = r.head_span_id JOIN spans c ON c.id = r.child_span_id"
)
_ORDER = " ORDER BY h.start_char, c.start_char, r.label, r.id"


def _relation(row: tuple) -> Relation:
    return Relation(
        head=(row[2], row[3], row[4]),
        child=(row[5], row[6], row[7]),
        label=row[8],
        origin=row[9],
        id=row[0],
    )


def payload(relation: Relation) -> dict[str, Any]:
    """A relation as events and recovery files write it."""
    return {
        "id": relation.id,
        "head": list(relation.head),
        "child": list(relation.child),
        "label": relation.label,
        "origin": relation.origin,
    }


class Relations:
    """The ``relations`` table."""

    def __init__(self, project: Project):
        self._project = project
        self._conn = project.db.conn

    # -- reading ---------------------------------------------------------
    def of_set(self, set_id: int) -> list[Relation]:
        rows = self._conn.execute(f"{_SELECT} WHERE r.set_id = ?{_ORDER}", (set_id,))
        return [_relation(r) for r in rows]

    def by_set(self, set_ids: Iterable[int]) -> dict[int, list[Relation]]:
        """Relations of many sets, one query per chunk of ids."""
        ids = list(dict.fromkeys(set_ids))
        found: dict[int, list[Relation]] = {i: [] for i in ids}
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(f"{_SELECT} WHERE r.set_id IN ({marks}){_ORDER}", chunk):
                found[row[1]].append(_relation(row))
        return found

    def of_span(self, span_id: int) -> list[Relation]:
        """The relations that use a span, at either end (what deleting it takes along)."""
        rows = self._conn.execute(
            f"{_SELECT} WHERE r.head_span_id = ? OR r.child_span_id = ?{_ORDER}",
            (span_id, span_id),
        )
        return [_relation(r) for r in rows]

    def get(self, relation_id: int) -> Relation:
        row = self._conn.execute(f"{_SELECT} WHERE r.id = ?", (relation_id,)).fetchone()
        if row is None:
            raise AnnotatorError(f"no relation with id {relation_id}")
        return _relation(row)

    def ends(self, relation_id: int) -> tuple[int, int]:
        """(head span id, child span id) of a relation."""
        row = self._conn.execute(
            "SELECT head_span_id, child_span_id FROM relations WHERE id = ?", (relation_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no relation with id {relation_id}")
        return int(row[0]), int(row[1])

    def label_counts(self) -> dict[str, int]:
        return dict(self._conn.execute("SELECT label, count(*) FROM relations GROUP BY label"))

    # -- writing ---------------------------------------------------------
    def add(
        self, set_id: int, head_span_id: int, child_span_id: int, label: str, origin: str = "human"
    ) -> int:
        """Link two spans of a set; refused (one line) when the scheme has no
        such relation or does not allow it between these two labels."""
        head = self._span_label(set_id, head_span_id)
        child = self._span_label(set_id, child_span_id)
        self._check(label, head, child)
        if head_span_id == child_span_id:
            raise AnnotatorError(f"a {label} relation needs two different spans")
        with self._project.transaction():
            relation_id = self._insert(set_id, [(head_span_id, child_span_id, label, origin)])[0]
            self._project.sets.touch(set_id)
            self._log("relation.add", set_id, self.get(relation_id))
        return relation_id

    def add_by_key(self, set_id: int, relation: Relation) -> int:
        """Add a relation whose ends are given by ``SpanKey`` (an undo, a file)."""
        ids = self.span_ids(set_id)
        head, child = ids.get(relation.head), ids.get(relation.child)
        if head is None or child is None:
            missing = relation.head if head is None else relation.child
            raise AnnotatorError(
                f"{relation.label}: no span {missing[2]} at {missing[0]}-{missing[1]}"
            )
        return self.add(set_id, head, child, relation.label, relation.origin)

    def delete(self, relation_id: int) -> Relation:
        """Remove a relation; returns it so an undo can put it back."""
        old = self.get(relation_id)
        set_id = self._set_of(relation_id)
        with self._project.transaction():
            self._conn.execute("DELETE FROM relations WHERE id = ?", (relation_id,))
            self._project.sets.touch(set_id)
            self._log("relation.delete", set_id, old)
        return old

    def relabel(self, relation_id: int, label: str) -> str:
        """Give a relation another label (checked against its ends); returns the old one."""
        old = self.get(relation_id)
        self._check(label, old.head[2], old.child[2])
        set_id = self._set_of(relation_id)
        with self._project.transaction():
            self._conn.execute(
                "UPDATE relations SET label = ?, origin = 'human' WHERE id = ?",
                (label, relation_id),
            )
            self._project.sets.touch(set_id)
            self._project.sets.log(
                "relation.update",
                set_id,
                {"id": relation_id, "old": payload(old), "new": {"label": label}},
            )
        return old.label

    def set_origins(self, set_id: int, origin: str) -> list[int]:
        """Turn every relation of a set into ``origin`` (accepting a document
        confirms its suggested links too); returns the ids changed."""
        other = "model" if origin == "human" else "human"
        ids = [
            int(r[0])
            for r in self._conn.execute(
                "SELECT id FROM relations WHERE set_id = ? AND origin = ? ORDER BY id",
                (set_id, other),
            )
        ]
        self.restore_origins(ids, origin)
        return ids

    def restore_origins(self, relation_ids: Sequence[int], origin: str) -> None:
        for i in range(0, len(relation_ids), CHUNK):
            chunk = list(relation_ids[i : i + CHUNK])
            marks = ",".join("?" * len(chunk))
            self._conn.execute(
                f"UPDATE relations SET origin = ? WHERE id IN ({marks})", [origin, *chunk]
            )

    def insert(self, set_id: int, relations: Iterable[Relation]) -> list[int]:
        """Insert relations by ``SpanKey`` into a set, inside the caller's
        transaction (seeding, replace, merge); ends the set lacks are refused."""
        ids = self.span_ids(set_id)
        rows = []
        for rel in relations:
            head, child = ids.get(rel.head), ids.get(rel.child)
            if head is None or child is None:
                missing = rel.head if head is None else rel.child
                raise AnnotatorError(
                    f"{rel.label}: no span {missing[2]} at {missing[0]}-{missing[1]} to link"
                )
            rows.append((head, child, rel.label, rel.origin))
        return self._insert(set_id, rows)

    def span_ids(self, set_id: int) -> dict[SpanKey, int]:
        """Each span key of a set to its id (the first, if a key repeats)."""
        found: dict[SpanKey, int] = {}
        for row in self._conn.execute(
            "SELECT start_char, end_char, label, id FROM spans WHERE set_id = ? ORDER BY id",
            (set_id,),
        ):
            found.setdefault((row[0], row[1], row[2]), int(row[3]))
        return found

    def delete_label(self, label: str, reason: str) -> int:
        """Delete every relation of ``label`` (a scheme change dropped it), logged."""
        with self._project.transaction():
            for relation_id, set_id in self._conn.execute(
                "SELECT id, set_id FROM relations WHERE label = ?", (label,)
            ).fetchall():
                self._project.log_event(
                    "relation.delete",
                    {"id": relation_id, "label": label, "reason": reason},
                    set_id=set_id,
                )
            return self._conn.execute("DELETE FROM relations WHERE label = ?", (label,)).rowcount

    # -- helpers ---------------------------------------------------------
    def _insert(self, set_id: int, rows: list[tuple[int, int, str, str]]) -> list[int]:
        stamp = now_iso()
        ids = []
        for head, child, label, origin in rows:
            cursor = self._conn.execute(
                "INSERT INTO relations (set_id, head_span_id, child_span_id, label, origin,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (set_id, head, child, label, origin, stamp),
            )
            ids.append(int(cursor.lastrowid))
        return ids

    def _check(self, label: str, head: str, child: str) -> None:
        kind = self._project.scheme().relation(label)
        if kind is None:
            known = ", ".join(self._project.scheme().relation_names) or "none"
            raise AnnotatorError(f"unknown relation {label!r} (the scheme has: {known})")
        if not kind.allows(head, child):
            raise AnnotatorError(
                f"{label} goes from {'/'.join(kind.heads)} to {'/'.join(kind.children)},"
                f" not from {head} to {child}"
            )

    def _span_label(self, set_id: int, span_id: int) -> str:
        row = self._conn.execute(
            "SELECT label FROM spans WHERE id = ? AND set_id = ?", (span_id, set_id)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no span with id {span_id} in set {set_id}")
        return str(row[0])

    def _set_of(self, relation_id: int) -> int:
        row = self._conn.execute(
            "SELECT set_id FROM relations WHERE id = ?", (relation_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no relation with id {relation_id}")
        return int(row[0])

    def _log(self, kind: str, set_id: int, relation: Relation) -> None:
        self._project.sets.log(kind, set_id, payload(relation))
