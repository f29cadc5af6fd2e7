"""A staged run's log is copied into the file beside the run, not inside
its commits: the file itself holds what the run committed before the run
ends and its own connection does not checkpoint meanwhile; its page cache
is larger while it writes, and both settings are given back at its end."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from annotator.core.store import Project, checkpointer, staging
from annotator.core.types import Document


def texts_in_file_alone(path: Path) -> set[str]:
    """The texts ``path`` holds by itself, without its ``-wal``."""
    alone = path.with_name(f"alone-{path.name}")
    alone.write_bytes(path.read_bytes())
    conn = sqlite3.connect(f"{alone.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT text FROM documents")}
    finally:
        conn.close()
        alone.unlink()


def test_committed_chunks_reach_the_file_while_the_run_still_writes(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        with staging.staged_run(project, "import", "nothing was imported", chunk_rows=50) as run:
            assert project.db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
            cache = project.db.conn.execute("PRAGMA cache_size").fetchone()[0]
            assert cache == -staging.RUN_CACHE_KIB  # room for the hash index while it writes
            checkpointer = run._checkpointer
            assert checkpointer is not None
            texts = [f"text {n}" for n in range(200)]
            for part in range(0, 200, 50):
                with run.write(50):
                    project.documents.add([Document(t) for t in texts[part : part + 50]])
            assert run.commits == 4
            deadline = time.monotonic() + 10
            while texts_in_file_alone(path) != set(texts) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert texts_in_file_alone(path) == set(texts)  # copied before the run ended
            assert checkpointer.passes >= 1
        assert run._checkpointer is None  # stopped with the run
        assert not any(t.name == "annotator-checkpoint" for t in threading.enumerate())
        assert project.db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        assert project.db.conn.execute("PRAGMA cache_size").fetchone()[0] == -2000  # given back


def test_the_log_starts_over_instead_of_growing_for_the_whole_run(
    tmp_path: Path, monkeypatch
) -> None:
    """Once the log is long the run waits for the copy of its last chunk
    before its next BEGIN, so SQLite starts the log over: at a threshold of
    no pages, the -wal stops growing after the first few chunks."""
    monkeypatch.setattr(checkpointer, "LOG_PAGES", 0)
    path = tmp_path / "p.db"
    wal = path.with_name(path.name + "-wal")
    sizes = []
    with Project.open(path) as project:
        with staging.staged_run(project, "import", "nothing was imported", chunk_rows=50) as run:
            for part in range(40):
                with run.write(50):
                    project.documents.add(
                        [Document(f"text {part}-{n} " + "x" * 2000) for n in range(50)]
                    )
                sizes.append(wal.stat().st_size)
                deadline = time.monotonic() + 10  # the thread's first pass, however
                while run._checkpointer.passes < 1 and time.monotonic() < deadline:
                    time.sleep(0.01)  # late a busy machine starts it, has landed
        assert run.commits >= 40
    # SQLite reuses the file from its start, so once the checkpoint thread's
    # first pass has landed (waited for above: on a loaded machine it came
    # only after five chunks) the file stops growing: over the second half of
    # the run it grows by less than one chunk (a later chunk may touch a page
    # more as the tables grow), where a log that never started over grows by
    # twenty
    assert sizes[-1] - sizes[len(sizes) // 2] < sizes[0], sizes


def test_on_a_nearly_full_disk_the_log_starts_over_sooner(tmp_path: Path) -> None:
    """A log of 150 pages is short where the disk has room, but long where
    only 1,600 pages are free (more than a sixteenth of them)."""
    path = tmp_path / "p.db"
    Project.open(path).close()
    roomy, full = checkpointer.Checkpointer(path), checkpointer.Checkpointer(path, 1600)
    try:
        roomy.frames = full.frames = 150
        assert not roomy.long_log()
        assert full.long_log()
        full.frames = 90
        assert not full.long_log()
    finally:
        roomy.stop()
        full.stop()
