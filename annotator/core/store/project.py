"""``Project``: one SQLite project file, the only door to it.

Everything that reads or writes the file goes through this class (and the
mixins it is assembled from), so SQL lives in ``annotator/core/store`` alone
and every write is a transaction. One ``Project`` belongs to one thread;
a worker thread opens its own on the same path (WAL lets them share).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from annotator.core.errors import AnnotatorError, SchemeError
from annotator.core.scheme import Scheme, default_scheme
from annotator.core.types import GOLD, STATUSES

from .annotations import AnnotationsMixin
from .database import connect
from .documents import DocumentsMixin
from .listing import ListingMixin
from .util import dumps, loads


class Project(DocumentsMixin, AnnotationsMixin, ListingMixin):
    """An open project file."""

    def __init__(self, path: Path, db: sqlite_utils.Database, backup: Path | None = None):
        self.path = path
        self.db = db
        self.backup = backup  # the copy made before a migration, if one ran
        self._scheme: Scheme | None = None

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = True, migrations: Path | None = None
    ) -> Project:
        """Open a project file, creating it or applying pending migrations."""
        path = Path(path)
        conn, backup = connect(path, migrations, create=create)
        project = cls(path, sqlite_utils.Database(conn), backup)
        if project.setting("scheme") is None:
            with project.transaction():
                project.set_setting("scheme", default_scheme().model_dump())
        return project

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (a savepoint when one is already open).

        ``BEGIN IMMEDIATE`` takes the write lock up front, so while another
        program writes (an import, a merge) we wait the busy timeout instead
        of failing at the first write after a read. Database errors become an
        ``AnnotatorError`` naming the file, so the CLI prints one line and the
        GUI shows a message; nothing of the failed transaction is kept.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():  # a savepoint; the outer transaction decides
                yield
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise AnnotatorError(f"{self.path}: {exc}; nothing was changed") from None
        try:
            yield
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise AnnotatorError(f"{self.path}: {exc}; nothing was changed") from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- settings --------------------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        row = self.db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():
            self.db.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, dumps(value)),
            )

    # -- scheme ----------------------------------------------------------
    def scheme(self) -> Scheme:
        if self._scheme is None:
            self._scheme = Scheme.from_dict(self.setting("scheme"), source=f"{self.path} scheme")
        return self._scheme

    def label_counts(self) -> dict[str, int]:
        """Spans and predictions per label, the ones a scheme change could orphan."""
        counts: dict[str, int] = {}
        for table in ("spans", "predictions"):
            for label, n in self.db.conn.execute(
                f"SELECT label, count(*) FROM {table} GROUP BY label"
            ):
                counts[label] = counts.get(label, 0) + n
        return counts

    def set_scheme(self, scheme: Scheme, force: bool = False) -> int:
        """Replace the scheme. Refused when spans would be left with a label the
        new scheme lacks, unless ``force``, which deletes those spans and
        predictions (each deletion is logged). Returns how many were removed."""
        orphans = {
            label: n for label, n in self.label_counts().items() if label not in scheme.names
        }
        if orphans and not force:
            listed = ", ".join(f"{label} ({n})" for label, n in sorted(orphans.items()))
            raise SchemeError(
                f"the new scheme drops labels still in use: {listed}; use --force to delete them"
            )
        removed = 0
        with self.transaction():
            conn = self.db.conn
            for label in orphans:
                for span_id, set_id in conn.execute(
                    "SELECT id, set_id FROM spans WHERE label = ?", (label,)
                ).fetchall():
                    self._event(
                        "span.delete",
                        set_id,
                        None,
                        None,
                        {"id": span_id, "label": label, "reason": "scheme change"},
                    )
                removed += conn.execute("DELETE FROM spans WHERE label = ?", (label,)).rowcount
                removed += conn.execute(
                    "DELETE FROM predictions WHERE label = ?", (label,)
                ).rowcount
            self.set_setting("scheme", scheme.model_dump())
            self._event(
                "scheme.set", None, None, None, {"name": scheme.name, "labels": scheme.names}
            )
        self._scheme = scheme
        return removed

    # -- stats -----------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts for ``annotator stats``. An annotator's ``todo`` counts the
        documents they have not started as well as sets still marked todo."""
        conn = self.db.conn
        documents = self.count_documents()
        annotators: dict[str, dict[str, int]] = {}
        for name in self.annotators():
            annotators[name] = dict.fromkeys(STATUSES, 0)
        for name, status, n in conn.execute(
            "SELECT a.name, s.status, count(*) FROM annotation_sets s"
            " JOIN annotators a ON a.id = s.annotator_id GROUP BY a.name, s.status"
        ):
            annotators[name][status] = n
        for name, counts in annotators.items():
            if name != GOLD:
                started = counts["in_progress"] + counts["done"] + counts["skipped"]
                counts["todo"] = max(0, documents - started)
        labels = {
            label: n
            for label, n in conn.execute("SELECT label, count(*) FROM spans GROUP BY label")
        }
        return {
            "documents": documents,
            "predictions": len(self.documents_with_predictions()),
            "annotators": annotators,
            "spans": int(conn.execute("SELECT count(*) FROM spans").fetchone()[0]),
            "labels": labels,
            "models": [{"model": m, "version": v, "documents": n} for m, v, n in self.models()],
            "scheme": self.scheme().name,
            "path": str(self.path),
        }
