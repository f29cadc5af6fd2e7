"""The gold set as a ``Session``: edited like any set, created only by an edit.

The main window's ``Session`` creates (and seeds from predictions) a set the
moment a document is opened. For gold both would be wrong: browsing the
review must not leave empty gold sets behind (a merge would then see a gold
set that differs from another file's and keep both), and gold starts empty,
never from a model. So a document without gold is shown with no set, and
the first edit creates it empty (``store.review.gold_set_id``).
"""

from __future__ import annotations

import time

from annotator.core.store import Project
from annotator.core.store import review as store_review
from annotator.core.types import GOLD

from ..session import Session


class GoldSession(Session):
    def __init__(self, project: Project, parent=None):
        super().__init__(project, GOLD, parent)

    def open_document(self, doc_id: int, record: bool = True) -> None:
        if doc_id == self.doc_id:
            return
        if self.project.find_set(doc_id, GOLD) is not None:
            super().open_document(doc_id, record)
            return
        # No gold yet: show the document with an empty, not yet existing set.
        self._leave()
        self.doc, self.doc_id, self.set_id = self.project.document(doc_id), doc_id, None
        self.state = {"status": "todo", "note": "", "skip_reason": ""}
        self.spans = {}
        self._sorted = None
        self._tokens = None
        self.selected = None
        self._opened_at = time.monotonic()
        self.documentOpened.emit(doc_id)

    @property
    def exists(self) -> bool:
        return self.set_id is not None

    def ensure_set(self) -> int:
        """The open document's gold set, created empty by the first edit."""
        if self.set_id is None:
            if self.doc_id is None:
                raise RuntimeError("no document open")
            self.set_id = store_review.gold_set_id(self.project, self.doc_id)
            self._opened_at = time.monotonic()
        return self.set_id

    def adopt_set(self, set_id: int) -> None:
        """Gold of the open document was created elsewhere (a many-document step)."""
        if self.set_id is None:
            self.set_id = set_id
            self._opened_at = time.monotonic()

    def create_span(self, start: int, end: int, label: str) -> int | None:
        if self.doc_id is not None:
            self.ensure_set()
        return super().create_span(start, end, label)

    def accept(self) -> bool:
        if self.doc_id is not None:
            self.ensure_set()
        return super().accept()
