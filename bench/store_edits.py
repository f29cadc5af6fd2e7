"""One annotator's edits through the store, on a project file and on a server.

Each edit is what the window writes for a keystroke: a span added (one
transaction with its event); then each is deleted. Prints the median and p95
commit time of each kind, and the CPU one edit costs: this process's (the client's) and,
on a server this machine runs, the server backend's (read from /proc), so a
change to the server path shows whether it saved round trips, client work or
server work. Without ``--db`` it runs a project file and a throw-away server
(tests/pg_server.py) in the same run, the file first. Run it at two
revisions (``git worktree``) to see what a change to the store costs either
path:

    PYTHONPATH=. python bench/store_edits.py [--edits 2000] [--db PATH_OR_URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def backend_cpu(pid: int | None) -> float | None:
    """Seconds of CPU a local server backend has used, or None when this
    machine cannot see it (a remote server, no /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(db: str, edits: int) -> None:
    """Time ``edits`` adds and deletes on ``db`` and print the figures."""
    from annotator.core.store import Project
    from annotator.core.types import Document, Span

    with Project.open(db) as project:
        doc_id = project.documents.add([Document("Sanctions on oil imports. " * 40)]).ids[0]
        set_id = project.sets.open(doc_id, "alice", seed=False).id
        for i in range(100):  # warm up: caches, the server's prepared statements
            project.sets.delete_span(project.sets.add_span(set_id, Span(i, i + 5, "ACTOR")))
        pid = project.db.conn.raw.info.backend_pid if project.engine == "postgresql" else None
        figures = {}
        span_ids: list[int] = []
        for name in ("add", "delete"):
            times = []
            server_before, client_before = backend_cpu(pid), time.process_time()
            for i in range(edits):
                t = time.perf_counter()
                if name == "add":
                    span_ids.append(
                        project.sets.add_span(set_id, Span(i % 900, i % 900 + 5, "ACTOR"))
                    )
                else:
                    project.sets.delete_span(span_ids[i])
                times.append(time.perf_counter() - t)
            client = (time.process_time() - client_before) / edits
            server_after = backend_cpu(pid)
            server = None
            if server_before is not None and server_after is not None:
                server = (server_after - server_before) / edits
            figures[name] = (times, client, server)
        engine = project.engine
    print(f"{engine}:")
    for name, (times, client, server) in figures.items():
        ordered = sorted(times)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        cpu = f"CPU client {client * 1000:.3f} ms"
        if server is not None:
            cpu += f", server backend {server * 1000:.3f} ms"
        print(
            f"  {name:<7} median {statistics.median(times) * 1000:.3f} ms"
            f"  p95 {p95 * 1000:.3f} ms  {cpu}  ({len(times)} edits)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=2000)
    parser.add_argument("--db", default=None, help="a project file or postgresql:// URL")
    args = parser.parse_args()
    if args.db:
        run(args.db, args.edits)
        return
    run(str(Path(tempfile.mkdtemp(prefix="annotator-edits-")) / "edits.db"), args.edits)
    with ExitStack() as stack:
        from tests.pg_server import throwaway_server

        server = stack.enter_context(throwaway_server())
        run(server.create_database(), args.edits)


if __name__ == "__main__":
    main()
