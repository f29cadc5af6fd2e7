"""Long writers sharing the file: span edits while ``merge`` and ``import`` run.

One process makes a span edit every ~20 ms on a project the way the window
does (a Qt timer, the window's queue of pending writes and its busy timeout),
while ``annotator merge`` of a file with 20,000 sets and ``annotator import``
of 50,000 documents run at the same time on the same project in two other
processes. Printed: the longest wait of an edit (from making it until its
commit, the queue's retries included), the p95 wait, the longest store call
and the longest GUI-thread stall (a heartbeat timer's longest gap), whether
every edit is on disk, the merge's and the import's total times, and the
load average while it ran. With ``--before COMMIT`` the same run is repeated with
that commit's code (a git worktree, removed afterwards) and ratios printed.

    python bench/locks.py [--sets 20000] [--docs 50000] [--before COMMIT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = "import sys; from annotator.cli import main; main(sys.argv[1:])"
TEXT = "Japan said on Friday that it would keep buying oil from Iran. " * 40


def editor(db: str, stop: str, out: str) -> None:
    """The window's part, as the window does it: one span edit every 20 ms
    from a Qt timer, handed to the window's queue of pending writes
    (``gui/pending.py``: written at once, or kept and retried by its timer,
    with the project's wait signal where the code has one) over a
    connection waiting ``WINDOW_BUSY_TIMEOUT_MS`` for the lock. Recorded:
    each edit's wait (made until committed), each store call's length and
    the longest gap in a 5 ms heartbeat timer (the GUI thread's stall,
    starvation of the process by the machine's load included)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QTimer

    from annotator.core.store import Project
    from annotator.core.types import Span
    from annotator.gui import pending

    app = QCoreApplication([])
    made_at: dict[int, float] = {}
    wall: dict[int, float] = {}
    waits: dict[int, float] = {}
    calls: list[float] = []
    gaps: list[float] = []
    refused = [0]
    with Project.open(db) as project:
        project.set_busy_timeout(pending.WINDOW_BUSY_TIMEOUT_MS)
        if hasattr(project, "checkpoint_on_timer"):  # the window's minute timer: not in 20 s
            project.checkpoint_on_timer()
        doc_id = project.documents.ids()[0]
        set_id = project.sets.open(doc_id, "editor", seed=False).id

        def write(item: pending.PendingWrite) -> None:
            started = time.perf_counter()
            try:
                project.sets.add_span(set_id, Span(item.value, item.value + 1, "ACTOR"))
            except Exception:
                refused[0] += 1
                raise
            finally:
                calls.append(time.perf_counter() - started)
            waits[item.value] = time.perf_counter() - made_at[item.value]

        def dropped(item: pending.PendingWrite, reason: Exception) -> None:
            raise SystemExit(f"edit {item.value} dropped: {reason}")

        waiting = getattr(pending, "WaitSignal", None)
        extra = (waiting(project.path),) if waiting else ()
        queue = pending.PendingWrites(write, dropped, None, *extra)

        def edit() -> None:
            if os.path.exists(stop):
                if queue.flush():
                    app.quit()
                return
            n = len(made_at)
            made_at[n], wall[n] = time.perf_counter(), time.time()
            queue.put(pending.PendingWrite("spans", set_id, doc_id, n))

        last = [time.perf_counter()]

        def beat() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        edits, heart = QTimer(), QTimer()
        edits.timeout.connect(edit)
        heart.timeout.connect(beat)
        edits.start(20)
        heart.start(5)
        app.exec()
    made = sorted(made_at)
    result = {"waits": [waits.get(n, float("inf")) for n in made], "made": made}
    result.update(calls=calls, gaps=gaps, refused=refused[0], at=[wall[n] for n in made])
    Path(out).write_text(json.dumps(result))


def build(folder: Path, sets: int, docs: int) -> tuple[Path, Path, Path]:
    """The lead's project, a laptop file with ``sets`` sets, a JSONL corpus,
    made by the code on ``PYTHONPATH`` (the older side's, so both can open
    them: the newer migrates its copies)."""
    from annotator.core.store import Project
    from annotator.core.types import Document, Span

    lead = folder / "lead.db"
    with Project.open(lead) as p:
        p.documents.add([Document(TEXT)])
    laptop = folder / "laptop.db"
    with Project.open(laptop) as p, p.transaction():
        ids = p.documents.add(Document(f"Laptop text {i}: {TEXT[:400]}") for i in range(sets)).ids
        for doc_id in ids:
            p.sets.replace(doc_id, "alice", [Span(0, 6, "ACTOR"), Span(20, 26, "DATE")])
    corpus = folder / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(docs):
            handle.write(json.dumps({"text": f"Corpus text {i}: {TEXT[:600]}"}) + "\n")
    return lead, laptop, corpus


def one_run(code: Path, folder: Path, lead0: Path, laptop: Path, corpus: Path) -> dict:
    """Copy the lead's file, start the editor, run merge and import at once."""
    lead = folder / f"lead-{code.name}.db"
    shutil.copy(lead0, lead)
    env = {**os.environ, "PYTHONPATH": str(code)}
    stop, out = folder / "stop", folder / "edits.json"
    stop.unlink(missing_ok=True)
    out.unlink(missing_ok=True)
    me = [sys.executable, str(Path(__file__).resolve())]
    edits = subprocess.Popen([*me, "--editor", str(lead), str(stop), str(out)], env=env)
    time.sleep(1.0)
    started, wall = time.perf_counter(), time.time()
    merge = subprocess.Popen(
        [sys.executable, "-c", CLI, "merge", str(laptop), "--db", str(lead)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    imp = subprocess.Popen(
        [sys.executable, "-c", CLI, "import", str(corpus), "--db", str(lead)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    finished = {}
    while len(finished) < 2:
        for name, proc in (("merge", merge), ("import", imp)):
            if name not in finished and proc.poll() is not None:
                finished[name] = time.perf_counter() - started
        time.sleep(0.01)
    outputs = {name: proc.communicate() for name, proc in (("merge", merge), ("import", imp))}
    time.sleep(0.5)
    stop.touch()
    if edits.wait() != 0:
        raise SystemExit(f"the editor failed (exit {edits.returncode}) with the code in {code}")
    data = json.loads(out.read_text())
    import sqlite3

    conn = sqlite3.connect(lead)
    stored = [
        r[0]
        for r in conn.execute(
            "SELECT x.start_char FROM spans x JOIN annotation_sets s ON s.id = x.set_id"
            " JOIN annotators a ON a.id = s.annotator_id WHERE a.name = 'editor'"
            " ORDER BY x.start_char"
        )
    ]
    counts = conn.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM annotation_sets)"
    ).fetchone()
    conn.close()
    waits = data["waits"]
    worst = max(range(len(waits)), key=waits.__getitem__)
    times = sorted(waits)
    return {
        "worst_at_s": data["at"][worst] - wall,
        "edits": len(times),
        "max_ms": 1000 * times[-1],
        "p95_ms": 1000 * statistics.quantiles(times, n=20)[-1],
        "call_ms": 1000 * max(data["calls"]),
        "gap_ms": 1000 * max(data["gaps"]),
        "refused": data["refused"],
        "on_disk": stored == data["made"],
        "load": os.getloadavg()[0],
        "merge_s": finished["merge"],
        "import_s": finished["import"],
        "codes": (merge.returncode, imp.returncode),
        "errors": [outputs[n][1].strip() for n in outputs if outputs[n][1].strip()],
        "documents": counts[0],
        "sets": counts[1],
    }


def transaction_times(folder: Path, lead0: Path, laptop: Path, corpus: Path) -> dict[str, list]:
    """Each write transaction's length (BEGIN to COMMIT: the chunks, the
    commit point, the publishing of the events) of merge and import run in
    this process on a copy, alone, read off SQLite's statement trace."""
    from annotator.core.ingest import import_paths
    from annotator.core.store import Project
    from annotator.core.store.merge import merge_projects

    result = {}
    for name in ("merge", "import"):
        seen: list[float] = []
        began: list[float] = []

        def trace(sql: str, seen: list[float] = seen, began: list[float] = began) -> None:
            if sql.startswith("BEGIN"):
                began.append(time.perf_counter())
            elif sql in ("COMMIT", "ROLLBACK") and began:
                seen.append(time.perf_counter() - began.pop())

        copy = folder / f"alone-{name}.db"
        shutil.copy(lead0, copy)
        with Project.open(copy) as project:
            project.db.conn.set_trace_callback(trace)
            if name == "merge":
                merge_projects(project, [laptop])
            else:
                import_paths(project, [corpus])
            project.db.conn.set_trace_callback(None)
        result[name] = seen
    return result


def show(label: str, r: dict) -> None:
    print(
        f"{label}: {r['edits']} edits, longest edit wait {r['max_ms']:.0f} ms, p95 wait"
        f" {r['p95_ms']:.1f} ms, longest store call {r['call_ms']:.0f} ms, longest GUI-thread"
        f" stall {r['gap_ms']:.0f} ms, refused (busy timeout) {r['refused']},"
        f" every edit on disk: {r['on_disk']} (the longest began {r['worst_at_s']:.1f} s"
        f" after merge and import started); merge {r['merge_s']:.1f} s,"
        f" import {r['import_s']:.1f} s (exit {r['codes'][0]}, {r['codes'][1]});"
        f" {r['documents']} documents, {r['sets']} sets; load average {r['load']:.1f}"
    )
    for error in r["errors"]:
        print(f"  stderr: {error[-300:]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--editor", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--build", help=argparse.SUPPRESS)
    parser.add_argument("--sets", type=int, default=20000)
    parser.add_argument("--docs", type=int, default=50000)
    parser.add_argument("--before", help="a commit to compare with (run from a git worktree)")
    args = parser.parse_args()
    if args.editor:
        editor(*args.editor)
        return
    if args.build:
        build(Path(args.build), args.sets, args.docs)
        return
    worktree = ROOT.parent / "lock_before"
    if args.before:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), args.before],
            check=True,
            capture_output=True,
        )
    try:
        with tempfile.TemporaryDirectory(prefix="bench-locks-") as tmp:
            compare(Path(tmp), args, worktree if args.before else None)
    finally:
        if args.before:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                check=True,
            )


def compare(folder: Path, args: argparse.Namespace, older: Path | None) -> None:
    """Build the files (with the older code, when there is one), time the
    transactions of merge and import alone, then run both sides."""
    t = time.perf_counter()
    sizes = ["--sets", str(args.sets), "--docs", str(args.docs)]
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--build", str(folder), *sizes],
        env={**os.environ, "PYTHONPATH": str(older or ROOT)},
        check=True,
    )
    lead, laptop, corpus = folder / "lead.db", folder / "laptop.db", folder / "corpus.jsonl"
    print(
        f"built: {args.sets} sets to merge, {args.docs} documents to import"
        f" ({time.perf_counter() - t:.1f} s)"
    )
    for name, seconds in transaction_times(folder, lead, laptop, corpus).items():
        ms = sorted(1000 * x for x in seconds)
        print(
            f"{name} alone: {len(ms)} write transactions, longest {ms[-1]:.0f} ms,"
            f" p99 {ms[int(0.99 * (len(ms) - 1))]:.0f} ms,"
            f" median {statistics.median(ms):.0f} ms"
        )
    now = one_run(ROOT, folder, lead, laptop, corpus)
    show("now   ", now)
    if older is None:
        return
    before = one_run(older, folder, lead, laptop, corpus)
    show("before", before)
    print(
        f"ratios now/before: longest edit wait {now['max_ms'] / before['max_ms']:.3f},"
        f" p95 {now['p95_ms'] / before['p95_ms']:.2f},"
        f" GUI-thread stall {now['gap_ms'] / before['gap_ms']:.2f},"
        f" merge {now['merge_s'] / before['merge_s']:.2f},"
        f" import {now['import_s'] / before['import_s']:.2f}"
    )


if __name__ == "__main__":
    main()
