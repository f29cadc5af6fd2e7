"""The document list sorted by "most to learn", on a large project.

Builds a project of N documents (default 100,000), each pre-annotated by a
base pipeline and by a model trained from it (six spans each, the trained
model differing on some; half its runs with an uncertainty, as a spancat or
textcat gives), one annotator's sets on a tenth. Then times (median and p95
over --repeat): the first sort after ``models use`` (every score computed
and written), a sort when nothing changed (the fingerprint check and the
sorted ids), a sort after the trained model ran again on --rerun documents
(those scored again), a page of rows deep in the order, and, in the same
run, the status sort (the slowest other column) as the baseline.

    PYTHONPATH=. python bench/learn_order.py [--docs 100000] [--rerun 1000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from annotator.core.store import ListingFilter, Project
from annotator.core.store.listing import LEARN
from annotator.core.store.models import ModelInfo
from annotator.core.types import Document, Span
from bench.listing import timed

WORDS = ["oil", "sanctions", "Iran", "Japan", "talks", "imports", "tanker", "minister"]
BATCH = 5_000


def spans(rng: random.Random, shift: bool) -> list[Span]:
    found = [Span(k * 10, k * 10 + 5, "ACTOR", origin="model") for k in range(6)]
    if shift:  # a disagreement or two
        found[rng.randrange(6)] = Span(3, 8, "FIGURE", origin="model")
    return found


def build(path: Path, n: int) -> list[int]:
    rng = random.Random(0)
    with Project.open(path) as project:
        docs = [Document(f"Article {i}: " + " ".join(rng.choices(WORDS, k=30))) for i in range(n)]
        ids = project.documents.add(docs).ids
        for doc_id in ids[::10]:
            project.sets.replace(doc_id, "alice", [Span(0, 7, "ACTOR")], status="done")
        project.models.register(ModelInfo("base", "base", "1", "pipeline"))
        project.models.register(ModelInfo("trained", "trained", "1", "trained", base="base"))
        for i in range(0, n, BATCH):
            part = ids[i : i + BATCH]
            project.documents.replace_predictions(
                [(d, spans(rng, False)) for d in part], "base", "1"
            )
            with project.transaction():
                project.documents.replace_predictions(
                    [(d, spans(rng, rng.random() < 0.3)) for d in part], "trained", "1"
                )
                project.listing.learn.keep_uncertainty(
                    "trained", {d: rng.random() for d in part if rng.random() < 0.5}
                )
        project.models.use("base")
    return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--rerun", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    most = ListingFilter(order=LEARN, descending=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "learn.db"
        start = time.perf_counter()
        ids = build(path, args.docs)
        print(f"built {args.docs:,} documents, two models, in {time.perf_counter() - start:.1f} s")
        with Project.open(path) as project:
            listing = project.listing
            project.models.use("trained")
            first = timed(lambda: listing.learn_order("alice", most), 1)
            same = timed(lambda: listing.learn_order("alice", most), args.repeat)
            status = timed(
                lambda: listing.sorted_ids("alice", ListingFilter(order="status")), args.repeat
            )
            rng = random.Random(1)
            again = []
            for _ in range(args.repeat):
                rerun = rng.sample(ids, args.rerun)
                project.documents.replace_predictions(
                    [(d, spans(rng, True)) for d in rerun], "trained", "1"
                )
                again.append(timed(lambda: listing.learn_order("alice", most), 1)[0])
            order, note = listing.learn_order("alice", most)
            middle = len(order) // 2
            page = timed(lambda: listing.rows_for("alice", order[middle : middle + 200]), 5)
            print(note.message())
            print(f"first sort after models use (all scored): {first[0]:,.0f} ms")
            print(f"sort, nothing changed: median {same[0]:.0f} ms, p95 {same[1]:.0f} ms")
            print(
                f"sort after {args.rerun:,} documents ran again:"
                f" median {statistics.median(again):.0f} ms, max {max(again):.0f} ms"
            )
            print(f"a page of 200 rows deep in the order: {page[0]:.1f} ms")
            print(f"baseline, status sort: median {status[0]:.0f} ms, p95 {status[1]:.0f} ms")


if __name__ == "__main__":
    main()
