"""``import`` and ``merge`` keep all of a run or nothing, while committing in
short chunks: faults between the check and the write, a full disk, a merge
failing midway and a killed import, each on a real project file through the
CLI, each checked against the file's content before the run."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.ingest import importer
from annotator.core.store import Project, merge, project, staging
from annotator.core.types import Document, Span
from tests.helpers import run_cli as run

TABLES = ("annotators", "annotation_sets", "spans", "predictions", "prediction_runs", "settings")


def state(path: Path) -> dict:
    """The sha256 of the documents table's content, every other table's rows
    and the number of events: what "as it was" means here."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT * FROM documents ORDER BY id").fetchall()
        data: dict = {
            "documents": len(rows),
            "documents_sha256": hashlib.sha256(repr(rows).encode()).hexdigest(),
            "events": conn.execute("SELECT count(*) FROM events").fetchone()[0],
        }
        for table in TABLES:
            data[table] = sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
        # span ids are never given twice: an undone run's ids stay used (sets.py)
        data["settings"] = [row for row in data["settings"] if row[0] != "spans.high_water"]
        return data
    finally:
        conn.close()


def jsonl(path: Path, name: str, n: int) -> Path:
    path.write_text(
        "".join(
            json.dumps({"text": f"{name} document {i}: the ministry said so."}) + "\n"
            for i in range(n)
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A project with three documents and bob's set on the first."""
    path = tmp_path / "p.db"
    with Project.open(path) as p:
        ids = p.documents.add(Document(f"Earlier text {i}.") for i in range(3)).ids
        p.sets.replace(ids[0], "bob", [Span(0, 7, "ACTOR")], status="done")
    return path


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 50 rows, so a run of a few hundred commits several times."""
    monkeypatch.setattr(staging, "CHUNK_ROWS", 50)


def after_check(monkeypatch, files: int, action) -> None:
    """Run ``action(path, n)`` just before the write pass hashes the n-th of
    ``files`` files again (the check parsed it once; the write stores that
    parse once the file's bytes are still the ones checked)."""
    calls = []
    real = importer.file_digest

    def digest(path: Path, *args, **kwargs):
        calls.append(path)
        assert len(calls) <= files
        action(Path(path), len(calls))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(importer, "file_digest", digest)


def test_a_file_removed_between_check_and_write_keeps_nothing(
    db, tmp_path, capsys, monkeypatch, small_chunks
):
    files = [jsonl(tmp_path / f"f{i}.jsonl", f"f{i}", 200) for i in range(3)]
    before = state(db)
    after_check(monkeypatch, 3, lambda path, n: path.unlink() if n == 3 else None)
    code, _out, err = run(capsys, "import", *map(str, files), "--db", str(db))
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "f2.jsonl" in err and err.rstrip().endswith("nothing was imported")
    assert state(db) == before  # 400 documents had been committed in chunks


def test_a_file_changed_between_check_and_write_keeps_nothing(
    db, tmp_path, capsys, monkeypatch, small_chunks
):
    files = [jsonl(tmp_path / f"f{i}.jsonl", f"f{i}", 200) for i in range(3)]
    before = state(db)

    def rewrite(path: Path, n: int) -> None:
        if n == 2:  # still valid JSONL, but not what was checked
            jsonl(path, "other", 10)

    after_check(monkeypatch, 3, rewrite)
    code, _, err = run(capsys, "import", *map(str, files), "--db", str(db))
    assert code == 1
    assert "f1.jsonl: changed after it was checked; nothing was imported" in err
    assert state(db) == before


def test_a_bad_line_written_after_the_check_keeps_nothing(db, tmp_path, capsys, monkeypatch):
    files = [jsonl(tmp_path / f"f{i}.jsonl", f"f{i}", 20) for i in range(2)]
    before = state(db)
    after_check(monkeypatch, 2, lambda p, n: p.write_text('{"text": NaN}\n') if n == 2 else None)
    code, _, err = run(capsys, "import", *map(str, files), "--db", str(db))
    assert code == 1 and err.rstrip().endswith("nothing was imported")
    assert state(db) == before


@pytest.fixture
def full_disk(tmp_path, monkeypatch):
    """A folder whose file system is full at 2 MB: a tmpfs where we may mount
    one, else the same folder with SQLite's page limit on every connection."""
    where = tmp_path / "small"
    where.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)], capture_output=True
        ).returncode
        == 0
    )
    if not mounted:
        real = project.connect

        def limited(*args, **kwargs):
            conn, backup = real(*args, **kwargs)
            conn.execute("PRAGMA max_page_count = 500")  # 500 pages of 4 KB
            return conn, backup

        monkeypatch.setattr(project, "connect", limited)
    yield where
    if mounted:
        subprocess.run(["umount", str(where)], check=True)


def test_a_full_disk_during_import_keeps_nothing(full_disk, tmp_path, capsys, small_chunks):
    path = full_disk / "p.db"
    with Project.open(path) as p:
        p.documents.add(Document(f"Earlier text {i}.") for i in range(3))
    before = state(path)
    big = tmp_path / "big.jsonl"
    big.write_text(
        "".join(json.dumps({"text": f"{i} " + "word " * 400}) + "\n" for i in range(1500)),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", str(big), "--db", str(path))
    assert code == 1
    assert "full" in err and err.rstrip().endswith("nothing was imported")
    assert "Traceback" not in err
    assert state(path) == before


def test_an_annotated_import_that_fails_restores_the_sets_it_replaced(
    db, tmp_path, capsys, monkeypatch, small_chunks
):
    texts = [f"Earlier text {i}." for i in range(3)] + [f"New text {i}." for i in range(120)]
    lines = [
        {"text": t, "spans": [{"start": 0, "end": 3, "label": "DATE"}], "answer": "accept"}
        for t in texts
    ]
    annotated = tmp_path / "bob.jsonl"
    annotated.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    plain = jsonl(tmp_path / "plain.jsonl", "plain", 30)
    before = state(db)
    from annotator.core.ingest import annotations

    real_store = annotations.store_annotated

    def store_then_fail(*args, **kwargs):
        real_store(*args, **kwargs)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(annotations, "store_annotated", store_then_fail)
    code, _, err = run(
        capsys, "import", str(plain), str(annotated), "--annotator", "bob", "--db", str(db)
    )
    assert code == 1 and err.strip() == "error: disk I/O error; nothing was imported"
    assert state(db) == before  # bob's replaced set has its old span and status back


def test_import_commits_in_bounded_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(staging, "CHUNK_ROWS", 100)
    files = [jsonl(tmp_path / f"f{i}.jsonl", f"f{i}", 450) for i in range(2)]
    statements: list[str] = []
    with Project.open(tmp_path / "p.db") as p:
        p.db.conn.set_trace_callback(statements.append)
        summary = importer.import_paths(p, files)
        p.db.conn.set_trace_callback(None)
        assert p.documents.count() == 900
    assert summary.added == 900
    per_transaction, inserts = [], 0
    for sql in statements:
        if sql.startswith("INSERT INTO documents"):
            inserts += 1
        elif sql == "COMMIT":
            per_transaction.append(inserts)
            inserts = 0
    assert max(per_transaction) <= 100
    assert sum(1 for n in per_transaction if n) >= 9  # 900 documents, 100 a chunk


def test_a_window_writes_between_chunks(tmp_path, monkeypatch):
    """Another connection that waits no time at all gets the write lock
    between two chunks of a running import."""
    monkeypatch.setattr(staging, "CHUNK_ROWS", 100)
    files = [jsonl(tmp_path / f"f{i}.jsonl", f"f{i}", 300) for i in range(2)]
    path = tmp_path / "p.db"
    Project.open(path).close()
    other = sqlite3.connect(path, timeout=0)
    wrote = []
    real = importer.file_digest

    def reader(p: Path, *args, **kwargs):
        if len(wrote) < 4 and p.name == "f1.jsonl":
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO settings (key, value) VALUES (?, '1')", (f"w{len(wrote)}",))
            other.execute("COMMIT")
            wrote.append(p)
        return real(p, *args, **kwargs)

    monkeypatch.setattr(importer, "file_digest", reader)
    with Project.open(path) as p:
        importer.import_paths(p, files)
    assert wrote  # no "database is locked" while the first file's chunks were committed
    other.close()


def test_a_merge_failing_midway_keeps_nothing(db, tmp_path, capsys, monkeypatch, small_chunks):
    other = tmp_path / "laptop.db"
    with Project.open(other) as p:
        ids = p.documents.add(Document(f"Earlier text {i}.") for i in range(3)).ids
        ids += p.documents.add(Document(f"Laptop text {i}.") for i in range(300)).ids
        for doc_id in ids:
            p.sets.replace(doc_id, "bob", [Span(0, 6, "DATE")], status="in_progress")
    before = state(db)
    calls = []
    real = merge._write_set

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 250:
            raise sqlite3.OperationalError("database or disk is full")
        return real(*args, **kwargs)

    monkeypatch.setattr(merge, "_write_set", failing)
    code, _, err = run(capsys, "merge", str(other), "--prefer", "newer", "--db", str(db))
    assert code == 1
    assert err.strip() == "error: database or disk is full; nothing was merged"
    assert state(db) == before  # bob's set on document 1 was replaced, then restored


def test_a_dry_run_merge_in_chunks_changes_nothing(db, tmp_path, capsys, small_chunks):
    other = tmp_path / "laptop.db"
    with Project.open(other) as p:
        for doc_id in p.documents.add(Document(f"Laptop text {i}.") for i in range(200)).ids:
            p.sets.replace(doc_id, "carol", [Span(0, 6, "DATE")])
    before = state(db)
    code, _out, _ = run(capsys, "merge", str(other), "--dry-run", "--db", str(db))
    assert code == 0
    assert state(db) == before


KILLED = """
import os, sys
from pathlib import Path
from annotator.core.ingest import importer
from annotator.core.store import Project, staging
staging.CHUNK_ROWS = 50
calls = []
real = importer.file_digest
def reader(path, *args, **kwargs):
    calls.append(path)
    if len(calls) == 2:  # the write pass reaches the second file: killed
        os._exit(9)
    return real(path, *args, **kwargs)
importer.file_digest = reader
with Project.open(sys.argv[1]) as p:
    importer.import_paths(p, [Path(sys.argv[2]), Path(sys.argv[3])])
"""


def test_a_killed_import_is_undone_by_the_next_one(db, tmp_path, capsys):
    files = [jsonl(tmp_path / f"f{i}.jsonl", f"f{i}", 200) for i in range(2)]
    before = state(db)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED, str(db), *map(str, files)], capture_output=True, text=True
    )
    assert killed.returncode == 9, killed.stderr
    assert state(db)["documents"] == before["documents"] + 200  # its chunks were committed
    again = jsonl(tmp_path / "again.jsonl", "again", 5)
    code, out, _ = run(capsys, "import", str(again), "--db", str(db))
    assert code == 0
    assert "an unfinished import of " in out and "was undone" in out
    assert "imported 5 new documents from 1 file" in out
    assert state(db)["documents"] == before["documents"] + 5
    assert not [row for row in state(db)["settings"] if row[0].startswith("run/")]


def test_an_error_inside_a_staged_run_names_what_was_undone(db):
    before = state(db)
    with (
        Project.open(db) as p,
        pytest.raises(AnnotatorError, match="boom; nothing was imported"),
        staging.staged_run(p, "import", "nothing was imported") as stage,
    ):
        with stage.write():
            p.documents.add([Document("A new text.")])
        raise AnnotatorError("boom")
    assert state(db) == before


def test_an_interrupted_preannotation_says_what_was_kept_and_resumes(db, monkeypatch):
    from annotator.core.nlp import load_pipeline, run
    from annotator.core.nlp import run_preannotation as preannotate

    real = run._write
    calls = []

    def failing(project, batch, *args):
        calls.append(len(batch))
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(project, batch, *args)

    monkeypatch.setattr(run, "_write", failing)
    with Project.open(db) as p:
        p.documents.add(Document(f"Japan said {i} things in Tokyo.") for i in range(5))
        with pytest.raises(AnnotatorError) as caught:
            preannotate(p, pipeline=load_pipeline("rules"), write_batch=2)
        assert str(caught.value) == (
            "interrupted; 2 of 8 documents were pre-annotated and kept;"
            " run preannotate again to continue with the rest"
        )
        monkeypatch.setattr(run, "_write", real)
        summary = preannotate(p, pipeline=load_pipeline("rules"), write_batch=2)
        assert (summary.annotated, summary.already_done) == (6, 2)


def test_a_run_waits_for_another_writer_past_the_busy_timeout(tmp_path):
    """A lock held longer than the connection waits (here 50 ms against
    0.5 s) delays a run's chunk; it does not fail the run."""
    import threading

    files = [jsonl(tmp_path / "f.jsonl", "f", 20)]
    path = tmp_path / "p.db"
    Project.open(path).close()
    other = sqlite3.connect(path, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, other.commit)
    release.start()
    with Project.open(path) as p:
        p.set_busy_timeout(50)
        assert importer.import_paths(p, files).added == 20
    release.join()
    other.close()
