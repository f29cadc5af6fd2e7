"""What one annotator's process does in the many-writers tests: open the
server project itself and add spans to its own set as fast as it can."""

from __future__ import annotations

import sys

from annotator.core.store import Project
from annotator.core.types import Span


def add_spans(url: str, annotator: str, doc_id: int, n: int) -> None:
    with Project.open(url) as project:
        set_id = project.sets.open(doc_id, annotator, seed=False).id
        for i in range(n):
            project.sets.add_span(set_id, Span(i, i + 1, "ACTOR"))


if __name__ == "__main__":
    add_spans(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
