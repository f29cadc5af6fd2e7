"""Many new annotation sets at once: what an import of annotated lines writes.

``Sets.replace`` makes one set whole in its own savepoint: it looks the set
up, creates it (an annotator look-up, a savepoint, an insert, an event),
deletes its spans, reserves span ids, inserts spans and relations, updates
the row and logs again. For 100,000 annotated Prodigy lines that was most
of the import (31 times a bare insert of the same rows). A set the
annotator does not have yet needs none of the look-ups or deletions, so
:func:`add_sets` writes a batch of them with one ``executemany`` per table
and one span id reservation, inside the caller's transaction, and logs the
same events ``replace`` logs for a new set (``set.create``, ``set.replace``,
``set.status`` for a skipped one), so the history cannot tell the two apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.types import STATUSES, Relation, Span

from .span_ids import COLUMNS as SPAN_COLUMNS
from .span_ids import reserve_span_ids, span_row
from .util import CHUNK, dumps, now_iso

if TYPE_CHECKING:
    from .project import Project


@dataclass
class NewSet:
    """One set to add: whose, of which document, and all it holds."""

    document_id: int
    annotator: str
    spans: list[Span]
    status: str = "done"
    skip_reason: str = ""
    note: str | None = None
    relations: list[Relation] = field(default_factory=list)
    categories: dict[str, list[str]] | None = None
    meta: dict[str, Any] | None = None


def existing_pairs(project: Project, doc_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(document id, annotator name) of every set these documents have."""
    wanted = list(dict.fromkeys(doc_ids))
    found: set[tuple[int, str]] = set()
    conn = project.db.conn
    for i in range(0, len(wanted), CHUNK):
        chunk = wanted[i : i + CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update(
            (int(doc_id), name)
            for doc_id, name in conn.execute(
                "SELECT s.document_id, a.name FROM annotation_sets s"
                f" JOIN annotators a ON a.id = s.annotator_id WHERE s.document_id IN ({marks})",
                chunk,
            )
        )
    return found


def add_sets(project: Project, sets: Sequence[NewSet]) -> list[int]:
    """Add ``sets``, none of which may exist yet, in one transaction (a
    savepoint inside the caller's); returns their ids in order. A set that
    exists by now (another window made it since the caller looked) fails
    the transaction on the table's unique key, so nothing of the batch stays."""
    for new in sets:
        if new.status not in STATUSES:
            raise AnnotatorError(f"unknown status {new.status!r} (one of {', '.join(STATUSES)})")
        for s in new.spans:
            if s.end <= s.start or s.start < 0:
                raise AnnotatorError(f"span {s.start}-{s.end} {s.label}: end must be after start")
    if not sets:
        return []
    conn = project.db.conn
    stamp = now_iso()
    with project.transaction():
        annotator_ids = {name: project.sets.ensure_annotator(name) for name in _names(sets)}
        conn.executemany(
            "INSERT INTO annotation_sets (document_id, annotator_id, status, note, skip_reason,"
            " meta, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    new.document_id,
                    annotator_ids[new.annotator],
                    new.status,
                    new.note or "",
                    new.skip_reason if new.status == "skipped" else "",
                    dumps(new.meta) if new.meta else "{}",
                    stamp,
                    stamp,
                )
                for new in sets
            ],
        )
        ids = _set_ids(project, sets, annotator_ids)
        _insert_spans(project, sets, ids, stamp)
        for new, set_id in zip(sets, ids, strict=True):
            if new.relations:
                project.relations.insert(set_id, new.relations)
            if new.categories:
                project.categories.replace(set_id, new.categories)
            _log(project, new, set_id)
    return ids


def _names(sets: Sequence[NewSet]) -> list[str]:
    return list(dict.fromkeys(new.annotator for new in sets))


def _set_ids(project: Project, sets: Sequence[NewSet], annotator_ids: dict[str, int]) -> list[int]:
    """The ids the sets just inserted got, by their unique (document, annotator)."""
    by_pair: dict[tuple[int, int], int] = {}
    conn = project.db.conn
    for i in range(0, len(sets), CHUNK):
        chunk = sets[i : i + CHUNK]
        marks = ",".join("?" * len(chunk))
        by_pair.update(
            ((int(doc_id), int(annotator_id)), int(set_id))
            for set_id, doc_id, annotator_id in conn.execute(
                "SELECT id, document_id, annotator_id FROM annotation_sets"
                f" WHERE document_id IN ({marks})",
                [new.document_id for new in chunk],
            )
        )
    return [by_pair[(new.document_id, annotator_ids[new.annotator])] for new in sets]


def _insert_spans(project: Project, sets: Sequence[NewSet], ids: list[int], stamp: str) -> None:
    """Every set's spans, with ids from one reservation (span_ids.py)."""
    total = sum(len(new.spans) for new in sets)
    if not total:
        return
    span_ids = iter(reserve_span_ids(project, total))
    project.db.conn.executemany(
        f"INSERT INTO spans (id, {SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (next(span_ids), *span_row(set_id, s, stamp))
            for new, set_id in zip(sets, ids, strict=True)
            for s in new.spans
        ],
    )


def _log(project: Project, new: NewSet, set_id: int) -> None:
    """The events ``Sets.replace`` (and ``set_status`` for a skipped set)
    log for a set it creates."""
    where = {"set_id": set_id, "document_id": new.document_id, "annotator": new.annotator}
    project.log_event("set.create", {"seeded": 0, "model": None, "run": None}, **where)
    project.log_event(
        "set.replace",
        {"spans": len(new.spans), "relations": len(new.relations), "status": new.status},
        **where,
    )
    if new.status == "skipped":
        project.log_event("set.status", {"status": "skipped", "reason": new.skip_reason}, **where)
