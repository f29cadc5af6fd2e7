"""An import never replaces an annotator's set without a word.

A changed set is kept beside the annotator's own as NAME@FILE (the summary
says so), ``--replace`` replaces it and logs what it held, the same set
again changes nothing; ``import -`` and ``export --out -`` through the real
command in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.store import Project
from tests.helpers import run_cli

T1 = "Japan told Iran that imports would continue."


run = run_cli  # the real entry point, in-process (tests/helpers.py)


def doccano(path: Path, *spans: tuple[int, int, str]) -> Path:
    path.write_text(
        json.dumps({"text": T1, "label": [list(s) for s in spans], "_annotator_id": "alice"}) + "\n"
    )
    return path


def spans(db: Path, annotator: str) -> list[tuple[int, int, str]] | None:
    with Project.open(db) as project:
        doc = project.documents.by_hash(next(iter(project.documents.hashes().values())))
        found = project.sets.find(doc.id, annotator)
        return None if found is None else sorted(s.key() for s in found.spans)


@pytest.fixture
def db(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "p.db"
    Project.open(path).close()
    code, _, err = run(
        capsys, "import", doccano(tmp_path / "first.jsonl", (0, 5, "ACTOR")), "--db", path
    )
    assert code == 0, err
    return path


def test_a_changed_set_is_kept_beside_and_reported(db, tmp_path, capsys):
    changed = doccano(tmp_path / "changed.jsonl", (0, 5, "ACTOR"), (11, 15, "ACTOR"))
    code, out, err = run(capsys, "import", changed, "--db", db)
    assert code == 0, err
    assert (
        "1 set differed from the annotator's own set of the document: kept beside it as"
        " alice@changed (theirs unchanged; --replace to replace instead)"
    ) in out
    assert out.rstrip().endswith(
        "per file: changed.jsonl: 1 line -> 0 new documents, 1 set, 1 conflict,"
        " 0 lines with fields kept, not shown"
    )
    assert spans(db, "alice") == [(0, 5, "ACTOR")]
    assert spans(db, "alice@changed") == [(0, 5, "ACTOR"), (11, 15, "ACTOR")]
    # the same file again: its copy is there already, nothing new
    code, out, _ = run(capsys, "import", changed, "--db", db)
    assert "1 unchanged, 0 conflicts" in out
    with Project.open(db) as project:
        assert sorted(project.sets.annotators()) == ["alice", "alice@changed"]


def test_the_same_set_again_changes_nothing(db, tmp_path, capsys):
    same = doccano(tmp_path / "same.jsonl", (0, 5, "ACTOR"))
    code, out, err = run(capsys, "import", same, "--db", db)
    assert code == 0, err
    assert "per file: same.jsonl: 1 line -> 0 new documents, 0 sets, 1 unchanged" in out
    with Project.open(db) as project:
        assert project.sets.annotators() == ["alice"]


def test_replace_replaces_and_logs_what_was_there(db, tmp_path, capsys):
    changed = doccano(tmp_path / "changed.jsonl", (11, 15, "ACTOR"))
    code, out, err = run(capsys, "import", changed, "--replace", "--db", db)
    assert code == 0, err
    assert "1 set replaced by --replace (each logged as import.replace)" in out
    assert spans(db, "alice") == [(11, 15, "ACTOR")]
    with Project.open(db) as project:
        assert project.sets.annotators() == ["alice"]
        rows = project.db.conn.execute(
            "SELECT payload FROM events WHERE kind = 'import.replace'"
        ).fetchall()
    assert len(rows) == 1
    payload = json.loads(rows[0][0])
    assert payload["before"]["spans"] == [[0, 5, "ACTOR"]]
    assert payload["file"] == str(changed) and payload["line"] == 1


def test_stdin_import_and_stdout_export_through_the_command(tmp_path):
    db = tmp_path / "p.db"
    cli = [str(Path(sys.executable).parent / "annotator")]
    line = json.dumps({"text": T1, "label": [[0, 5, "ACTOR"]], "id": 3, "Comments": ["x"]})
    done = subprocess.run(
        [*cli, "import", "-", "--annotator", "alice", "--db", str(db)],
        input=line + "\n", capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "per file: stdin.jsonl: 1 line -> 1 new document, 1 set" in done.stdout
    with Project.open(db) as project:  # not the temporary file standard input was kept in
        assert [d.source for d in project.documents.stream()] == ["stdin"]
    out = subprocess.run(
        [*cli, "export", "-f", "doccano", "--annotator", "alice", "--out", "-", "--db", str(db)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert [json.loads(x) for x in out.stdout.splitlines()] == [
        {**json.loads(line), "_annotator_id": "alice"}
    ]
    assert "exported 1 document, 1 span" in out.stderr  # the data has stdout to itself
    bad = subprocess.run(
        [*cli, "import", "-", "--annotator", "alice", "--db", str(db)],
        input='{"text": "fine"}\n{"text": 5}\n', capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode == 1
    assert bad.stderr.strip() == "error: -:2: 'text' must be a string, not int"
    spacy = subprocess.run(
        [*cli, "export", "-f", "spacy", "--out", "-", "--db", str(db)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert spacy.returncode == 1
    assert "the spacy format writes a directory" in spacy.stderr


def test_two_differing_lines_of_one_run_are_a_conflict_not_line_order(tmp_path, capsys):
    db = tmp_path / "p.db"
    Project.open(db).close()
    first = doccano(tmp_path / "a.jsonl", (0, 5, "ACTOR"))
    later = doccano(tmp_path / "b.jsonl", (11, 15, "ACTOR"), (0, 5, "ACTOR"))
    twice = tmp_path / "twice.jsonl"
    twice.write_text(first.read_text() + later.read_text())
    code, out, err = run(capsys, "import", first, later, twice, "--db", db)
    assert code == 0, err
    assert spans(db, "alice") == [(0, 5, "ACTOR")]
    assert spans(db, "alice@b") == [(0, 5, "ACTOR"), (11, 15, "ACTOR")]
    # twice.jsonl: its first line is alice's set again (unchanged); its second differs from
    # the first, whatever the order: kept beside as twice.jsonl's copy
    assert spans(db, "alice@twice") == [(0, 5, "ACTOR"), (11, 15, "ACTOR")]
    assert "with 5 span" in out  # the spans stored: 1 + 2 + 2, none counted twice
    assert "b.jsonl: 1 line -> 0 new documents, 1 set, 1 conflict" in out
    assert "twice.jsonl: 2 lines -> 0 new documents, 1 set, 1 unchanged, 1 conflict" in out
