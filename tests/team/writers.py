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


def replace_and_hang(url: str, doc_id: int) -> None:
    """Replace alice's set inside one transaction, say so, and wait there
    (to be killed before it commits)."""
    import time

    with Project.open(url) as project, project.transaction():
        project.sets.replace(doc_id, "alice", [Span(0, 3, "DATE")], status="done")
        print("written, not committed", flush=True)
        time.sleep(60)


def check_write_and_hold(url: str, set_id: int, known: int) -> None:
    """A second window of the same annotator: check the set's version in the
    write's transaction, write, say so, and hold the transaction a moment."""
    import time

    with Project.open(url) as project, project.transaction():
        if project.sets.version(set_id) != known:
            print("refused", flush=True)
            return
        project.sets.add_span(set_id, Span(20, 25, "ACTOR"))
        print("written", flush=True)
        time.sleep(1.0)


if __name__ == "__main__":
    if sys.argv[1] == "hang":
        replace_and_hang(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "hold":
        check_write_and_hold(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        add_spans(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
