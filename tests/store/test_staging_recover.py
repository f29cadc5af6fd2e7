"""A staged run killed with SIGKILL is finished as soon as the project is
opened for writing: undone when it died before its commit point, its
history written when it died after it. Each run is a real process killed
with ``kill -9`` at a known point; the file is then compared with what it
held before (or with what the run made)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.store import Project
from annotator.core.store.journal import recover
from annotator.core.types import Document, Span
from annotator.core.words import count

# A process that writes a staged import of 5 chunks (50 documents, and bob's
# set replaced), then, before ("undo") or after ("kept") its commit point,
# kills itself with SIGKILL.
KILLED = """
import os, signal, sys
from annotator.core.store import Project, StagedRun
from annotator.core.types import Document, Span
with Project.open(sys.argv[1]) as p:
    run = StagedRun(p, "import", chunk_rows=10, chunk_seconds=60)
    run.begin()
    doc_id = p.documents.ids()[0]
    with run.write():
        run.keep_set(doc_id, "bob")
        p.sets.replace(doc_id, "bob", [Span(0, 4, "DATE")], status="in_progress")
    for i in range(5):
        with run.write(10):
            p.documents.add(Document(f"Staged text {i}-{j}.") for j in range(10))
    if sys.argv[2] == "kept":
        run.commit()
    print("ready", flush=True)
    if sys.argv[3] == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    sys.stdin.readline()  # "wait": alive until the test says so
    run.publish()
"""


def state(path: Path) -> dict:
    """Every table a run writes, and the event log: "as it was" here."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = ("documents", "annotators", "annotation_sets", "spans", "events", "settings")
        found = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
        # span ids are never given twice: an undone run's ids stay used (sets.py)
        found["settings"] = [row for row in found["settings"] if row[0] != "spans.high_water"]
        return found
    finally:
        conn.close()


def journal(path: Path) -> list[str]:
    return [row[0] for row in state(path)["settings"] if row[0].startswith("run/")]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Three documents, bob's done set with one span on the first."""
    path = tmp_path / "p.db"
    with Project.open(path) as p:
        ids = p.documents.add(Document(f"Earlier text {i}.") for i in range(3)).ids
        p.sets.replace(ids[0], "bob", [Span(0, 7, "ACTOR")], status="done")
    return path


def killed(db: Path, when: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-c", KILLED, str(db), when, "kill"], capture_output=True, text=True
    )
    assert done.returncode == -9, done.stderr
    return done


def test_a_run_killed_before_its_commit_point_is_undone_on_open(db: Path) -> None:
    before = state(db)
    killed(db, "undo")
    left = state(db)
    assert len(left["documents"]) == len(before["documents"]) + 50  # its chunks were committed
    assert journal(db)
    with Project.open(db) as p:
        lines = p.recovered  # Project.open recovered it and says so
        assert p.documents.count() == 3
        bob = p.sets.find(p.documents.ids()[0], "bob")
        assert bob is not None
        assert (bob.status, [(s.start, s.end, s.label) for s in bob.spans]) == (
            "done",
            [(0, 7, "ACTOR")],
        )
    assert len(lines) == 1
    assert lines[0].startswith("an unfinished import of ")
    assert lines[0].endswith("was undone (5 chunks)")
    assert state(db) == before  # rows, spans, events and settings exactly as they were


def test_a_run_killed_after_its_commit_point_is_completed_on_open(db: Path) -> None:
    before = state(db)
    killed(db, "kept")
    assert len(state(db)["events"]) == len(before["events"])  # no event written yet
    with Project.open(db) as p:
        lines = p.recovered
        assert p.documents.count() == 53
        kinds = [e["kind"] for e in p.events(limit=10)]
    assert lines == [lines[0]] and "was completed (" in lines[0]
    assert lines[0].endswith("of its history written)")
    after = state(db)
    new_events = after["events"][len(before["events"]) :]
    assert f"({count(len(new_events), 'event')} of" in lines[0] and new_events
    assert "set.replace" in kinds  # bob's replaced set has its history
    assert not journal(db)


def test_a_live_run_is_left_to_its_writer(db: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(db), "undo", "wait"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        with Project.open(db) as p:
            assert p.recovered == [] and recover(p) == []
            assert p.documents.count() == 53
    finally:
        writer.communicate("go\n", timeout=60)
    assert writer.returncode == 0
    assert not journal(db)


def test_recover_with_nothing_to_do_reads_the_key_index_and_writes_nothing(db: Path) -> None:
    statements: list[str] = []
    with Project.open(db) as p:
        p.db.conn.set_trace_callback(statements.append)
        assert recover(p) == []
        p.db.conn.set_trace_callback(None)
        assert len(statements) == 1 and statements[0].startswith("SELECT key FROM settings")
        plan = p.db.conn.execute(
            "EXPLAIN QUERY PLAN SELECT key FROM settings WHERE key > ? AND key < ?"
            " AND instr(substr(key, ?), '/') = 0",
            ("run/", "run0", 5),
        ).fetchall()
    assert "USING COVERING INDEX" in plan[0][-1]


def test_a_read_only_project_keeps_a_dead_run_for_a_writable_open(db: Path) -> None:
    killed(db, "undo")
    left = state(db)
    with Project.open(db, read_only=True) as p:
        assert p.recovered == [] and recover(p) == []
    assert state(db) == left
