"""How fast the review window is on a project with many finished documents.

Builds a project of generated documents (``agreement.synthetic``: three
annotators, ten spans each, noisy copies of a hidden truth, all done), then
in this process and offscreen measures:
- queue: ``review_documents`` (align every document, compare with gold),
  against loading the same finished sets alone (``load_documents``, the SQL
  floor any review list pays): seconds and the ratio;
- open: ReviewWindow until the first document is painted;
- next unresolved: 200 presses of N (within and across documents), each
  painted: median and p95;
- take a version: 100 adjudications (store transaction, gold redraw,
  resolution refresh), against the bare ``change_gold`` store call.

Goals (same as the annotation window's): next < 50 ms; an adjudication on
screen < 50 ms.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python bench/review.py [--docs 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build(path: Path, n_docs: int) -> None:
    from annotator.core.agreement.synthetic import generate
    from annotator.core.store import Project
    from annotator.core.types import Document

    docs = generate(n_docs, annotators=("alice", "bob", "carol"), seed=1)
    with Project.open(path) as p, p.db.atomic():
        ids = p.documents.add(Document(d.text, title=f"doc {d.doc_id}") for d in docs).ids
        for doc_id, d in zip(ids, docs, strict=True):
            for name, spans in d.sets.items():
                p.sets.replace(doc_id, name, spans, status="done")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from annotator.core.agreement.adjudication import review_documents
    from annotator.core.agreement.project import choose_annotators, load_documents
    from annotator.core.store import Project
    from annotator.core.types import Span
    from annotator.gui.review import ReviewWindow

    app = QApplication.instance() or QApplication([])

    def paint() -> None:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "review.db"
        start = time.perf_counter()
        build(path, args.docs)
        print(
            f"built {args.docs:,} documents x 3 annotators in {time.perf_counter() - start:.1f} s"
        )

        with Project.open(path) as p:
            names = choose_annotators(p)
            start = time.perf_counter()
            load_documents(p, names)
            floor = time.perf_counter() - start
            start = time.perf_counter()
            items = review_documents(p, names)
            queue = time.perf_counter() - start
        total = sum(i.total for i in items)
        print(
            f"queue: {queue:.2f} s for {len(items):,} documents ({total:,} disagreements);"
            f" loading the sets alone {floor:.2f} s; ratio {queue / floor:.1f}x"
        )

        start = time.perf_counter()
        window = ReviewWindow(path)
        window.resize(1280, 800)
        window.show()
        paint()
        shown = time.perf_counter() - start
        while not window.loaded:  # the list is read on a worker thread
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        paint()
        print(
            f"open: window shown in {shown:.2f} s (the list is read by a worker);"
            f" first document painted after {time.perf_counter() - start:.2f} s"
        )

        steps = []
        for _ in range(200):
            start = time.perf_counter()
            window.next_unresolved()
            paint()
            steps.append(time.perf_counter() - start)
        print(
            f"next unresolved: median {statistics.median(steps) * 1000:.1f} ms,"
            f" p95 {pct(steps, 0.95) * 1000:.1f} ms (goal < 50 ms)"
        )

        takes = []
        for _ in range(100):
            if window.current_disagreement() is None:
                window.next_unresolved()
            start = time.perf_counter()
            window.take(1)
            paint()
            takes.append(time.perf_counter() - start)
            window.next_unresolved()
            paint()
        bare = []
        doc_id = window.session.doc_id
        for _ in range(100):
            start = time.perf_counter()
            change = window.project.gold.change(doc_id, add=[Span(0, 1, "DATE")])
            bare.append(time.perf_counter() - start)
            window.project.gold.change(doc_id, remove=[change.added[0].id])
        median_take, median_bare = statistics.median(takes), statistics.median(bare)
        print(
            f"take a version: median {median_take * 1000:.1f} ms, p95 {pct(takes, 0.95) * 1000:.1f}"
            f" ms; bare store call {median_bare * 1000:.2f} ms;"
            f" ratio {median_take / median_bare:.1f}x (goal < 50 ms)"
        )
        window.close()


if __name__ == "__main__":
    main()
