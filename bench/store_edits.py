"""One annotator's edits through the store, on a project file or a server.

Each edit is what the window writes for a keystroke: a span added (one
transaction with its event), then deleted. Prints the median and p95 commit
time of each. Run it at two revisions (``git worktree``) to see what a
change to the store costs the SQLite path:

    PYTHONPATH=. python bench/store_edits.py [--edits 2000] [--db PATH_OR_URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=2000)
    parser.add_argument("--db", default=None, help="a project file or postgresql:// URL")
    args = parser.parse_args()
    from annotator.core.store import Project
    from annotator.core.types import Document, Span

    db = args.db or str(Path(tempfile.mkdtemp(prefix="annotator-edits-")) / "edits.db")
    with Project.open(db) as project:
        doc_id = project.documents.add([Document("Sanctions on oil imports. " * 40)]).ids[0]
        set_id = project.sets.open(doc_id, "alice", seed=False).id
        added, deleted = [], []
        for i in range(args.edits):
            t = time.perf_counter()
            span_id = project.sets.add_span(set_id, Span(i % 900, i % 900 + 5, "ACTOR"))
            added.append(time.perf_counter() - t)
            t = time.perf_counter()
            project.sets.delete_span(span_id)
            deleted.append(time.perf_counter() - t)
    for name, times in (("add", added), ("delete", deleted)):
        ordered = sorted(times)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(
            f"{name:<7} median {statistics.median(times) * 1000:.3f} ms"
            f"  p95 {p95 * 1000:.3f} ms  ({len(times)} edits)"
        )


if __name__ == "__main__":
    main()
