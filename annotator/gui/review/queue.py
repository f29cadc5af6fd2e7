"""Reading the review list off the GUI thread.

The list needs every finished set of every document aligned and compared
with gold: seconds on a large project (bench/review.py). A worker does it on
its own connection while the window stays responsive, as the main window's
import and pre-annotation workers do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.agreement import adjudication
from annotator.core.store import Project

from ..workers import ProjectWorker


class QueueWorker(ProjectWorker):
    def __init__(self, path: Path, annotators: list[str], parent: Any = None):
        super().__init__(path, parent)
        self.annotators = list(annotators)
        self.items: list[adjudication.DocumentReview] = []
        self.titles: dict[int, str] = {}

    def work(self, project: Project) -> str:
        self.items = adjudication.review_documents(project, self.annotators)
        self.titles = {
            d.id: d.title or ""
            for d in project.documents.stream([i.doc_id for i in self.items])
            if d.id is not None
        }
        return f"{len(self.items)} documents"
