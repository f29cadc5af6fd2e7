"""Documents and model predictions: what is imported and what a model proposed.

Documents are never edited after import (every offset refers to their text);
predictions are replaced per (document, model) by a new pre-annotation run,
never edited by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.types import Document, Span

from .util import dumps, loads, now_iso, text_hash

if TYPE_CHECKING:
    import sqlite_utils


@dataclass
class ImportResult:
    added: int = 0
    duplicates: int = 0
    ids: list[int] = field(default_factory=list)  # ids of the documents given, new or existing


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


class DocumentsMixin:
    db: sqlite_utils.Database

    # -- documents -------------------------------------------------------
    def add_documents(self, docs: Iterable[Document]) -> ImportResult:
        """Add documents in one transaction; a text already present is skipped."""
        result = ImportResult()
        stamp = now_iso()
        conn = self.db.conn
        with self.transaction():
            for doc in docs:
                digest = doc.hash or text_hash(doc.text)
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO documents"
                    " (text, title, source, published, meta, hash, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc.text,
                        doc.title,
                        doc.source,
                        doc.published,
                        dumps(doc.meta or {}),
                        digest,
                        stamp,
                    ),
                )
                if cursor.rowcount == 1:
                    result.added += 1
                    result.ids.append(int(cursor.lastrowid))
                else:
                    result.duplicates += 1
                    row = conn.execute("SELECT id FROM documents WHERE hash = ?", (digest,))
                    result.ids.append(int(row.fetchone()[0]))
        return result

    def document(self, doc_id: int) -> Document:
        row = self.db.conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {doc_id}")
        return _document(row)

    def document_by_hash(self, digest: str) -> Document | None:
        row = self.db.conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE hash = ?", (digest,)
        ).fetchone()
        return _document(row) if row else None

    def count_documents(self) -> int:
        return int(self.db.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def document_ids(self) -> list[int]:
        return [r[0] for r in self.db.conn.execute("SELECT id FROM documents ORDER BY id")]

    def iter_documents(
        self, ids: Iterable[int] | None = None, batch_size: int = 1000
    ) -> Iterator[Document]:
        """Stream documents in id order (or the order of ``ids``) without loading all."""
        conn = self.db.conn
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
        self, batch: list[tuple[int, list[Span]]], model: str, version: str
    ) -> None:
        """Store a model's spans for a batch of documents in one transaction,
        replacing that model's earlier predictions for them."""
        stamp = now_iso()
        conn = self.db.conn
        with self.transaction():
            for doc_id, spans in batch:
                conn.execute(
                    "DELETE FROM predictions WHERE document_id = ? AND model = ?", (doc_id, model)
                )
                conn.executemany(
                    "INSERT INTO predictions (document_id, start_char, end_char, label, attrs,"
                    " model, model_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            doc_id,
                            s.start,
                            s.end,
                            s.label,
                            dumps(s.attrs or {}),
                            model,
                            version,
                            stamp,
                        )
                        for s in spans
                    ],
                )
                conn.execute(
                    "INSERT OR REPLACE INTO prediction_runs"
                    " (document_id, model, model_version, spans, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (doc_id, model, version, len(spans), stamp),
                )

    def predictions(self, doc_id: int, model: str | None = None) -> list[Span]:
        """Spans a model proposed; by default those of the newest model run."""
        conn = self.db.conn
        if model is None:
            newest = self.prediction_model(doc_id)
            if newest is None:
                return []
            model = newest[0]
        rows = conn.execute(
            "SELECT start_char, end_char, label, attrs FROM predictions"
            " WHERE document_id = ? AND model = ? ORDER BY start_char, end_char, id",
            (doc_id, model),
        )
        return [Span(r[0], r[1], r[2], loads(r[3]), origin="model") for r in rows]

    def prediction_model(self, doc_id: int) -> tuple[str, str] | None:
        """(model, version) of the newest pre-annotation run on a document."""
        row = self.db.conn.execute(
            "SELECT model, model_version FROM prediction_runs WHERE document_id = ?"
            " ORDER BY created_at DESC, rowid DESC LIMIT 1",
            (doc_id,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def documents_with_predictions(self, model: str | None = None) -> set[int]:
        """Documents a model (any model when None) has run on, found spans or not."""
        if model is None:
            rows = self.db.conn.execute("SELECT DISTINCT document_id FROM prediction_runs")
        else:
            rows = self.db.conn.execute(
                "SELECT document_id FROM prediction_runs WHERE model = ?", (model,)
            )
        return {r[0] for r in rows}

    def models(self) -> list[tuple[str, str, int]]:
        """(model, version, documents) for every model that made predictions."""
        return [
            (r[0], r[1], r[2])
            for r in self.db.conn.execute(
                "SELECT model, model_version, count(*) FROM prediction_runs"
                " GROUP BY model, model_version ORDER BY max(created_at) DESC"
            )
        ]
