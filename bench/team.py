"""A team on one PostgreSQL project, over loopback (the figures below).

1. Many writers: ``--annotators`` (20) simulated annotators, each its own
   connection on its own thread, each making ``--edits`` (500) span edits as
   fast as the store takes them, each edit one transaction with its event.
   Prints edits per second in total, p50/p95 commit time per edit, and checks
   that every edit is on the server afterwards. Goal: p95 under 20 ms.
2. The window on a big project: first document painted and next document
   (200 moves, median and p95) on ``--docs`` (100,000) generated documents,
   on a SQLite file and on a server project built the same way, in this run.
   Goal: the server within 2x of SQLite.

Starts a throw-away server (tests/pg_server.py) unless ``--url`` names one
(an empty database). Annotators are threads of this process (psycopg lets
the interpreter go while it waits on the server), or with ``--processes``
processes of their own, as on a team's machines (``--writers-only`` skips
part 2).

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python bench/team.py [--docs 100000]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gui import build, open_and_step, percentile


def annotate(url: str, n: int, annotators: int, edits: int, start_line: Any) -> list[float]:
    """One simulated annotator: its own connection, ``edits`` span edits on
    its own sets, each timed from the call to its commit."""
    from annotator.core.store import Project
    from annotator.core.types import Span

    with Project.open(url) as p:
        doc_ids = p.documents.ids()
        sets = [p.sets.open(d, f"a{n:02d}", seed=False).id for d in doc_ids[n::annotators]]
        start_line.wait()
        times = []
        for i in range(edits):
            set_id = sets[i % len(sets)]
            t = time.perf_counter()
            p.sets.add_span(set_id, Span(i % 300, i % 300 + 4, "ACTOR"))
            times.append(time.perf_counter() - t)
    return times


def many_writers(url: str, annotators: int, edits: int, processes: bool) -> dict[str, float]:
    from annotator.core.store import Project
    from annotator.core.types import Document

    with Project.open(url) as project:
        project.documents.add(
            Document(f"{i} Sanctions on oil imports were extended again. " * 8) for i in range(200)
        )
    if processes:
        context = multiprocessing.get_context("spawn")
        with context.Manager() as manager:
            start_line = manager.Barrier(annotators + 1)
            with context.Pool(annotators) as pool:
                jobs = [
                    pool.apply_async(annotate, (url, n, annotators, edits, start_line))
                    for n in range(annotators)
                ]
                start_line.wait()  # every process connected and its sets open
                started = time.perf_counter()
                times = [job.get() for job in jobs]
                elapsed = time.perf_counter() - started
    else:
        barrier = threading.Barrier(annotators + 1)
        times = [[] for _ in range(annotators)]
        errors: list[str] = []

        def run(n: int) -> None:
            try:
                times[n] = annotate(url, n, annotators, edits, barrier)
            except Exception as exc:  # reported below; the figures would be wrong
                errors.append(f"a{n:02d}: {exc}")
                barrier.abort()

        threads = [threading.Thread(target=run, args=(n,)) for n in range(annotators)]
        for t in threads:
            t.start()
        barrier.wait()
        started = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        if errors:
            raise SystemExit("; ".join(errors))
    every = [x for per in times for x in per]
    with Project.open(url) as project:
        stored = project.db.conn.execute(
            "SELECT count(*) FROM spans x JOIN annotation_sets s ON s.id = x.set_id"
            " JOIN annotators a ON a.id = s.annotator_id WHERE a.name LIKE 'a%'"
        ).fetchone()[0]
        logged = project.db.conn.execute(
            "SELECT count(*) FROM events WHERE kind = 'span.add'"
        ).fetchone()[0]
    return {
        "edits": len(every),
        "on_server": int(stored),
        "logged": int(logged),
        "per_second": len(every) / elapsed,
        "p50_ms": statistics.median(every) * 1000,
        "p95_ms": percentile(every, 0.95) * 1000,
        "max_ms": max(every) * 1000,
    }


def window_figures(location: str | Path) -> dict[str, float]:
    """First document painted (project opened, window shown) and 200 next
    documents, each painted: the annotation window's two figures."""
    _app, project, window, first, moves = open_and_step(location)
    window.close()
    project.close()
    return {
        "first_s": first,
        "next_median_ms": statistics.median(moves) * 1000,
        "next_p95_ms": percentile(moves, 0.95) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=None, help="an empty server database to use")
    parser.add_argument("--annotators", type=int, default=20)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument(
        "--processes", action="store_true", help="each annotator its own process, not a thread"
    )
    parser.add_argument("--writers-only", action="store_true", help="skip the window figures")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-team-"))
    os.environ["ANNOTATOR_SETTINGS_DIR"] = str(folder / "settings")
    with ExitStack() as stack:
        if args.url:
            writers_url = big_url = args.url
        else:
            from tests.pg_server import throwaway_server

            server = stack.enter_context(throwaway_server())
            writers_url, big_url = server.create_database(), server.create_database()
        w = many_writers(writers_url, args.annotators, args.edits, args.processes)
        print(
            f"{args.annotators} annotators x {args.edits} edits: {w['per_second']:.0f} edits/s"
            f" in total; commit p50 {w['p50_ms']:.1f} ms, p95 {w['p95_ms']:.1f} ms"
            f" (goal < 20), max {w['max_ms']:.0f} ms; on the server {w['on_server']:,}"
            f" of {w['edits']:,} spans, {w['logged']:,} events"
        )
        if w["on_server"] != w["edits"] or w["logged"] != w["edits"]:
            raise SystemExit("edits were lost")
        if args.writers_only:
            return
        sqlite_db = folder / "big.db"
        build(sqlite_db, args.docs)
        build(big_url, args.docs)  # type: ignore[arg-type]  # Project.open takes the URL
        file_side = window_figures(sqlite_db)
        server_side = window_figures(big_url)
    print(f"window on {args.docs:,} documents   SQLite    server    ratio (goal <= 2)")
    for key, name in (
        ("first_s", "first document (s)"),
        ("next_median_ms", "next document median (ms)"),
        ("next_p95_ms", "next document p95 (ms)"),
    ):
        a, b = file_side[key], server_side[key]
        print(f"  {name:<28} {a:8.2f}  {b:8.2f}  {b / a:6.2f}x")


if __name__ == "__main__":
    main()
