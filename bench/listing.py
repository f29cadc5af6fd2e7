"""The document list sorted by each column, on a large project.

Builds a project of N documents (default 100,000) with titles, dates and
sources, one annotator with sets on a tenth of them, then for each sort key
(ascending and descending) times: the first page of the sorted list
(``page``: what the window shows at once), the sorted snapshot of every id
(``sorted_ids``: what it pages through further down), a page of rows deep in
that snapshot (``rows_for``), and finding the open document's row in it.
Id order is the baseline printed in the same run.

    python bench/listing.py [--docs 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from annotator.core.store import ListingFilter, Project
from annotator.core.store.listing import SORT_KEYS
from annotator.core.types import Document, Span

WORDS = ["oil", "sanctions", "Iran", "Japan", "talks", "imports", "tanker", "minister"]


def build(path: Path, n: int) -> None:
    rng = random.Random(0)
    with Project.open(path) as project:
        docs = [
            Document(
                f"Article {i}: " + " ".join(rng.choices(WORDS, k=30)),
                title=" ".join(rng.choices(WORDS, k=5)).capitalize(),
                source=rng.choice(["Reuters", "AP", "AFP", "Kyodo", None]),
                published=f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-01",
            )
            for i in range(n)
        ]
        ids = project.documents.add(docs).ids
        for doc_id in ids[:: max(1, n // (n // 10 or 1))][: n // 10]:
            project.sets.replace(doc_id, "alice", [Span(0, 7, "ACTOR")], status="done")


def timed(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.db"
        start = time.perf_counter()
        build(path, args.docs)
        print(f"built {args.docs} documents in {time.perf_counter() - start:.1f} s")
        with Project.open(path) as project:
            listing = project.listing
            middle = args.docs // 2
            print(
                f"{'order':<16} {'first page ms':>14} {'snapshot ms (p95)':>18}"
                f" {'deep page ms':>13} {'row ms':>7}"
            )
            for order in SORT_KEYS:
                for descending in (False, True):
                    flt = ListingFilter(order=order, descending=descending)
                    ids: list[int] = []

                    def sort(f=flt, into=ids) -> None:
                        into[:] = listing.sorted_ids("alice", f)

                    head = timed(lambda f=flt: listing.page("alice", f, 0, 200), args.repeat)
                    first = timed(sort, args.repeat)
                    page = timed(
                        lambda i=ids: listing.rows_for("alice", i[middle : middle + 200]), 5
                    )
                    row = timed(lambda i=ids: i.index(i[middle]), 5)
                    name = f"{order}{' desc' if descending else ''}"
                    print(
                        f"{name:<16} {head[0]:>14.1f} {first[0]:>10.1f} ({first[1]:>5.1f})"
                        f" {page[0]:>13.1f} {row[0]:>7.2f}"
                    )


if __name__ == "__main__":
    main()
