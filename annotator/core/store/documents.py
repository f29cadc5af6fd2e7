"""``project.documents``: what is imported and what a model proposed for it.

Documents are never edited after import (every offset refers to their text);
predictions are replaced per (document, model) by a new pre-annotation run,
never edited by hand. A prediction run records that a model has seen a
document, also when it found nothing there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.types import Document, Relation, Span

from .util import CHUNK, dumps, loads, now_iso, text_hash

if TYPE_CHECKING:
    from .project import Project


@dataclass
class ImportResult:
    added: int = 0
    duplicates: int = 0
    ids: list[int] = field(default_factory=list)  # ids of the documents given, new or existing


@dataclass(frozen=True, slots=True)
class PredictionRun:
    """One model's pass over one document: which version, how many spans, when."""

    document_id: int
    model: str
    version: str
    spans: int
    created_at: str


_DOC_COLUMNS = "id, text, title, source, published, meta, hash"


def _document(row: tuple) -> Document:
    return Document(
        id=row[0],
        text=row[1],
        title=row[2],
        source=row[3],
        published=row[4],
        meta=loads(row[5]),
        hash=row[6],
    )


def _meta_json(meta: dict | None) -> str:
    """A document's meta as stored; most have none, and ``dumps`` of an empty
    object for each of 100,000 documents cost a twentieth of an import."""
    return dumps(meta) if meta else "{}"


class Documents:
    """The ``documents``, ``predictions`` and ``prediction_runs`` tables."""

    def __init__(self, project: Project):
        self._project = project
        self._conn = project.db.conn

    # -- documents -------------------------------------------------------
    def add(self, docs: Iterable[Document]) -> ImportResult:
        """Add documents in one transaction; a text already present (in the
        project, or earlier in ``docs``) is skipped. One look-up of the known
        hashes per chunk and one ``executemany`` for the new rows: a statement
        per document was a third of a plain import's time."""
        docs = list(docs)
        digests = [doc.hash or text_hash(doc.text) for doc in docs]
        result = ImportResult()
        stamp = now_iso()
        with self._project.transaction():
            known = self._ids_of(digests)
            fresh: dict[str, Document] = {}
            for doc, digest in zip(docs, digests, strict=True):
                if digest not in known and digest not in fresh:
                    fresh[digest] = doc
            last = self._last_id()
            self._conn.executemany(
                "INSERT INTO documents (text, title, source, published, meta, hash, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (d.text, d.title, d.source, d.published, _meta_json(d.meta), h, stamp)
                    for h, d in fresh.items()
                ],
            )
            made = self._new_ids(list(fresh), last)
        seen: set[str] = set()
        for digest in digests:
            new = digest in made and digest not in seen
            seen.add(digest)
            result.added += new
            result.duplicates += not new
            result.ids.append(made.get(digest) or known[digest])
        return result

    def _last_id(self) -> int:
        return int(self._conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0])

    def _new_ids(self, digests: list[str], last: int) -> dict[str, int]:
        """The ids the rows just inserted for ``digests`` got. Inside a SQLite
        write transaction nobody else inserts and each row takes the largest
        id plus one, so they are ``last + 1`` onwards in order; only if the
        count does not say so, or on a server (whose sequence other writers
        share), are they looked up by hash (a second query per chunk)."""
        if self._project.engine == "sqlite" and self._last_id() == last + len(digests):
            return {digest: last + n for n, digest in enumerate(digests, 1)}
        return self._ids_of(digests)

    def _ids_of(self, digests: list[str]) -> dict[str, int]:
        """The ids of the documents with these hashes, where present."""
        found: dict[str, int] = {}
        unique = list(dict.fromkeys(digests))
        for i in range(0, len(unique), CHUNK):
            chunk = unique[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(
                self._conn.execute(
                    f"SELECT hash, id FROM documents WHERE hash IN ({marks})", chunk
                ).fetchall()
            )
        return found

    def get(self, doc_id: int) -> Document:
        row = self._conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {doc_id}")
        return _document(row)

    def by_hash(self, digest: str) -> Document | None:
        row = self._conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE hash = ?", (digest,)
        ).fetchone()
        return _document(row) if row else None

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def ids(self) -> list[int]:
        return [r[0] for r in self._conn.execute("SELECT id FROM documents ORDER BY id")]

    def hashes(self, ids: Iterable[int] | None = None) -> dict[int, str]:
        """Content hash per document id (every document when ``ids`` is None):
        what reproducible splits sort on and merges match documents by."""
        if ids is None:
            return dict(self._conn.execute("SELECT id, hash FROM documents ORDER BY id"))
        wanted = list(ids)
        found: dict[int, str] = {}
        for i in range(0, len(wanted), CHUNK):
            chunk = wanted[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(
                self._conn.execute(f"SELECT id, hash FROM documents WHERE id IN ({marks})", chunk)
            )
        return found

    def stream(
        self, ids: Iterable[int] | None = None, batch_size: int = 1000
    ) -> Iterator[Document]:
        """Documents in id order (or the order of ``ids``), ``batch_size`` rows
        at a time, so a large project is never in memory at once."""
        conn = self._conn
        if ids is None:
            last = 0
            while True:
                rows = conn.execute(
                    f"SELECT {_DOC_COLUMNS} FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                    (last, batch_size),
                ).fetchall()
                if not rows:
                    return
                for row in rows:
                    yield _document(row)
                last = rows[-1][0]
        else:
            wanted = list(ids)
            for i in range(0, len(wanted), batch_size):
                chunk = wanted[i : i + batch_size]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT {_DOC_COLUMNS} FROM documents WHERE id IN ({marks})", chunk
                ).fetchall()
                by_id = {row[0]: row for row in rows}
                for doc_id in chunk:
                    if doc_id in by_id:
                        yield _document(by_id[doc_id])

    # -- predictions -----------------------------------------------------
    def replace_predictions(
        self,
        batch: list[tuple[int, list[Span]]],
        model: str,
        version: str,
        relations: Mapping[int, list[Relation]] | None = None,
        categories: Mapping[int, dict[str, list[str]]] | None = None,
    ) -> None:
        """Store a model's spans (and the relations between them, and its
        answers to the document categories) for a batch of documents in one
        transaction, replacing that model's earlier predictions for them."""
        stamp = now_iso()
        relations = relations or {}
        categories = categories or {}
        with self._project.transaction():
            for doc_id, spans in batch:
                for table in ("predictions", "prediction_relations", "prediction_categories"):
                    self._conn.execute(
                        f"DELETE FROM {table} WHERE document_id = ? AND model = ?", (doc_id, model)
                    )
                self._insert_run(PredictionRun(doc_id, model, version, len(spans), stamp), spans)
                self._insert_suggested(
                    doc_id, model, spans, relations.get(doc_id, []), categories.get(doc_id, {})
                )

    def _insert_suggested(
        self,
        doc_id: int,
        model: str,
        spans: list[Span],
        relations: list[Relation],
        answers: dict[str, list[str]],
    ) -> None:
        """A run's relations (both ends among its spans, or refused) and answers."""
        keys = {s.key() for s in spans}
        for rel in relations:
            for end in (rel.head, rel.child):
                if end not in keys:
                    raise AnnotatorError(
                        f"{model}: {rel.label} relation names span {end[2]} at"
                        f" {end[0]}-{end[1]}, which the model did not predict"
                    )
        self._conn.executemany(
            "INSERT INTO prediction_relations (document_id, model, head_start, head_end,"
            " head_label, child_start, child_end, child_label, label)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, model, *rel.head, *rel.child, rel.label) for rel in relations],
        )
        self._conn.executemany(
            "INSERT OR IGNORE INTO prediction_categories (document_id, model, name, value)"
            " VALUES (?, ?, ?, ?)",
            [(doc_id, model, name, value) for name, values in answers.items() for value in values],
        )

    def suggestions(self, doc_id: int) -> tuple[list[Span], list[Relation], dict[str, list[str]]]:
        """The newest model run's spans, relations and category answers: what
        a new set is seeded with."""
        newest = self.prediction_model(doc_id)
        if newest is None:
            return [], [], {}
        model = newest[0]
        return (
            self.predictions(doc_id, model),
            self.prediction_relations(doc_id, model),
            self.prediction_categories(doc_id, model),
        )

    def prediction_relations(self, doc_id: int, model: str | None = None) -> list[Relation]:
        """Relations a model proposed; by default those of the newest model run."""
        model = model or self._suggesting(doc_id)
        if model is None:
            return []
        rows = self._conn.execute(
            "SELECT head_start, head_end, head_label, child_start, child_end, child_label, label"
            " FROM prediction_relations WHERE document_id = ? AND model = ? ORDER BY id",
            (doc_id, model),
        )
        return [Relation((r[0], r[1], r[2]), (r[3], r[4], r[5]), r[6], "model") for r in rows]

    def _suggesting(self, doc_id: int) -> str | None:
        """The model whose run suggests for a document (``prediction_model``)."""
        found = self.prediction_model(doc_id)
        return found[0] if found else None

    def prediction_categories(self, doc_id: int, model: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name, value in self._conn.execute(
            "SELECT name, value FROM prediction_categories WHERE document_id = ? AND model = ?"
            " ORDER BY name, value",
            (doc_id, model),
        ):
            found.setdefault(name, []).append(value)
        return found

    def add_prediction_run(self, run: PredictionRun, spans: list[Span]) -> None:
        """Store a run made elsewhere (a merged project file) as it was, time
        stamp included; the document must not have a run of this model yet."""
        with self._project.transaction():
            self._insert_run(run, spans)

    def _insert_run(self, run: PredictionRun, spans: list[Span]) -> None:
        self._conn.executemany(
            "INSERT INTO predictions (document_id, start_char, end_char, label, attrs,"
            " model, model_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    run.document_id,
                    s.start,
                    s.end,
                    s.label,
                    dumps(s.attrs or {}),
                    run.model,
                    run.version,
                    run.created_at,
                )
                for s in spans
            ],
        )
        self._conn.execute(
            "INSERT OR REPLACE INTO prediction_runs"
            " (document_id, model, model_version, spans, created_at) VALUES (?, ?, ?, ?, ?)",
            (run.document_id, run.model, run.version, run.spans, run.created_at),
        )

    def predictions(self, doc_id: int, model: str | None = None) -> list[Span]:
        """Spans a model proposed; by default those of the newest model run."""
        model = model or self._suggesting(doc_id)
        if model is None:
            return []
        rows = self._conn.execute(
            "SELECT start_char, end_char, label, attrs FROM predictions"
            " WHERE document_id = ? AND model = ? ORDER BY start_char, end_char, id",
            (doc_id, model),
        )
        return [Span(r[0], r[1], r[2], loads(r[3]), origin="model") for r in rows]

    def predictions_by_document(self, doc_ids: Iterable[int], model: str) -> dict[int, list[Span]]:
        """One model's spans for many documents, a chunk of documents per
        query (suggestion quality and "most to learn" read thousands); every
        id asked for is a key, a document the model found nothing in (or
        never ran on) maps to []."""
        wanted = list(dict.fromkeys(doc_ids))
        found: dict[int, list[Span]] = {doc_id: [] for doc_id in wanted}
        for i in range(0, len(wanted), CHUNK):
            chunk = wanted[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            for doc_id, start, end, label, attrs in self._conn.execute(
                "SELECT document_id, start_char, end_char, label, attrs FROM predictions"
                f" WHERE model = ? AND document_id IN ({marks})"
                " ORDER BY document_id, start_char, end_char, id",
                [model, *chunk],
            ):
                found[doc_id].append(Span(start, end, label, loads(attrs), origin="model"))
        return found

    def prediction_model(self, doc_id: int) -> tuple[str, str] | None:
        """(model, version) of the run that suggests for a document: the
        project's suggesting model where it ran on it, else the newest run
        (a project that never chose one, or a document that model has not
        seen yet)."""
        chosen = self._project.models.suggesting()
        if chosen is not None:
            row = self._conn.execute(
                "SELECT model, model_version FROM prediction_runs"
                " WHERE document_id = ? AND model = ?",
                (doc_id, chosen),
            ).fetchone()
            if row:
                return (row[0], row[1])
        row = self._conn.execute(
            "SELECT model, model_version FROM prediction_runs WHERE document_id = ?"
            " ORDER BY created_at DESC, rowid DESC LIMIT 1",
            (doc_id,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def prediction_runs(self) -> list[PredictionRun]:
        """Every (document, model) run, in no particular order."""
        return [
            PredictionRun(*row)
            for row in self._conn.execute(
                "SELECT document_id, model, model_version, spans, created_at FROM prediction_runs"
            )
        ]

    def with_predictions(self, model: str | None = None) -> set[int]:
        """Documents a model (any model when None) has run on, found spans or not."""
        if model is None:
            rows = self._conn.execute("SELECT DISTINCT document_id FROM prediction_runs")
        else:
            rows = self._conn.execute(
                "SELECT document_id FROM prediction_runs WHERE model = ?", (model,)
            )
        return {r[0] for r in rows}

    def models(self) -> list[tuple[str, str, int]]:
        """(model, version, documents) for every model that made predictions."""
        return [
            (r[0], r[1], r[2])
            for r in self._conn.execute(
                "SELECT model, model_version, count(*) FROM prediction_runs"
                " GROUP BY model, model_version ORDER BY max(created_at) DESC"
            )
        ]

    def label_counts(self) -> dict[str, int]:
        """Predictions per label."""
        return dict(self._conn.execute("SELECT label, count(*) FROM predictions GROUP BY label"))

    def delete_label(self, label: str) -> int:
        """Delete every prediction of ``label`` (a scheme change dropped it);
        returns how many. Predictions are not annotators' work, so no event."""
        with self._project.transaction():
            self._conn.execute(
                "DELETE FROM prediction_relations WHERE head_label = ? OR child_label = ?",
                (label, label),
            )
            return self._conn.execute("DELETE FROM predictions WHERE label = ?", (label,)).rowcount

    def delete_relation_label(self, label: str) -> int:
        """Delete every predicted relation of ``label`` (a scheme change dropped it)."""
        with self._project.transaction():
            return self._conn.execute(
                "DELETE FROM prediction_relations WHERE label = ?", (label,)
            ).rowcount

    def delete_category_values(self, name: str, values: list[str] | None) -> int:
        """Delete predicted answers a scheme change dropped (all of ``name`` when None)."""
        where, args = "name = ?", [name]
        if values is not None:
            where += f" AND value IN ({','.join('?' * len(values))})"
            args += values
        with self._project.transaction():
            return self._conn.execute(
                f"DELETE FROM prediction_categories WHERE {where}", args
            ).rowcount
