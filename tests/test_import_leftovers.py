"""Issue #13 leftovers: category-only Prodigy lines keep the conflict rule,
and a folder scan takes every suffix ``import --help`` lists.

A ``textcat`` (``label`` + ``answer``) or ``choice`` (``options`` +
``accept``) line for a text the annotator already answered differently is
kept beside their set as ``NAME@FILE``, as a span set would be; ``--replace``
replaces the answer and logs it; the same answer again changes nothing; an
answer to a category the set left open is filled in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.ingest.readers import FOLDER_SUFFIXES
from annotator.core.store import Project
from tests.helpers import run_cli

TEXT = "Japan told Iran on Monday that oil imports would continue."
GENRES = [{"id": g, "text": g} for g in ("report", "interview", "opinion", "brief")]


def write_lines(path: Path, *lines: dict) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def textcat(label: str, answer: str = "accept") -> dict:
    return {"text": TEXT, "label": label, "answer": answer, "_view_id": "classification"}


def choice(*accept: str) -> dict:
    return {"text": TEXT, "options": GENRES, "accept": list(accept), "answer": "accept"}


def sets_of(db: Path) -> dict[str, tuple[dict[str, list[str]], list[tuple[int, int, str]]]]:
    """Each set of the document by annotator name: its answers and spans."""
    with Project.open(db) as project:
        return {
            s.annotator: (
                project.categories.of_set(s.id),
                sorted(x.key() for x in project.sets.spans(s.id)),
            )
            for s in project.sets.select()
        }


@pytest.fixture
def db(tmp_path: Path, capsys) -> Path:
    """A project where alice's set of TEXT has an ACTOR span and answers
    relevance 'relevant' and genre 'report'."""
    path = tmp_path / "p.db"
    first = {
        "text": TEXT,
        "spans": [{"start": 0, "end": 5, "label": "ACTOR"}],
        "answer": "accept",
    }
    source = write_lines(tmp_path / "first.jsonl", first, textcat("relevant"), choice("report"))
    code, _, err = run_cli(capsys, "import", source, "--annotator", "alice", "--db", path)
    assert code == 0, err
    assert sets_of(path) == {
        "alice": ({"genre": ["report"], "relevance": ["relevant"]}, [(0, 5, "ACTOR")])
    }
    return path


@pytest.mark.parametrize(
    ("line", "category", "theirs", "incoming"),
    [
        (textcat("not relevant"), "relevance", ["relevant"], ["not relevant"]),
        (choice("opinion"), "genre", ["report"], ["opinion"]),
    ],
    ids=["textcat", "choice"],
)
def test_a_differing_category_answer_is_kept_beside_as_a_conflict(
    db, tmp_path, capsys, line, category, theirs, incoming
):
    later = write_lines(tmp_path / "later.jsonl", line)
    code, out, err = run_cli(capsys, "import", later, "--annotator", "alice", "--db", db)
    assert code == 0, err
    assert "kept beside it as alice@later (theirs unchanged; --replace" in out
    assert "later.jsonl: 1 line -> 0 new documents, 1 set, 1 conflict" in out
    sets = sets_of(db)
    assert sets["alice"][0][category] == theirs  # theirs as it was
    assert sets["alice@later"][0][category] == incoming
    assert sets["alice@later"][1] == [(0, 5, "ACTOR")]  # their spans, these answers

    code, out, _ = run_cli(capsys, "import", later, "--annotator", "alice", "--db", db)
    assert code == 0 and "1 unchanged, 0 conflicts" in out  # the same again: nothing new
    assert sorted(sets_of(db)) == ["alice", "alice@later"]


def test_replace_takes_the_differing_answer_and_logs_it(db, tmp_path, capsys):
    later = write_lines(tmp_path / "later.jsonl", textcat("not relevant"))
    args = ("import", later, "--annotator", "alice", "--replace", "--db", db)
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    assert "1 set replaced by --replace (each logged as import.replace)" in out
    sets = sets_of(db)
    assert sorted(sets) == ["alice"]
    assert sets["alice"][0]["relevance"] == ["not relevant"]
    assert sets["alice"][1] == [(0, 5, "ACTOR")]  # the spans stay
    with Project.open(db) as project:
        logged = [
            json.loads(payload)
            for (payload,) in project.db.conn.execute(
                "SELECT payload FROM events WHERE kind = 'import.replace'"
            )
        ]
    assert logged == [
        {
            "file": str(later),
            "line": 1,
            "before": {"categories": {"relevance": ["relevant"]}},
            "categories": {"relevance": ["not relevant"]},
        }
    ]


def test_an_answer_to_an_open_category_is_filled_in(tmp_path, capsys):
    db = tmp_path / "p.db"
    spans = {"text": TEXT, "spans": [{"start": 0, "end": 5, "label": "ACTOR"}], "answer": "accept"}
    first = write_lines(tmp_path / "first.jsonl", spans)
    assert run_cli(capsys, "import", first, "--annotator", "alice", "--db", db)[0] == 0
    later = write_lines(tmp_path / "later.jsonl", choice("brief"))
    code, out, err = run_cli(capsys, "import", later, "--annotator", "alice", "--db", db)
    assert code == 0, err
    assert "0 conflicts" in out and "kept beside" not in out
    assert sets_of(db) == {"alice": ({"genre": ["brief"]}, [(0, 5, "ACTOR")])}


def test_a_folder_takes_doccano_and_spacy_files_as_import_help_lists(tmp_path, capsys):
    folder = tmp_path / "exports"
    (folder / "deep").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    doccano = {"text": TEXT, "label": [[0, 5, "ACTOR"]]}
    write_lines(folder / "deep" / "bob.doccano", doccano)
    write_lines(folder / "plain.doccano", {"text": "A plain document from doccano."})
    write_lines(folder / ".hidden" / "skipped.doccano", {"text": "Never read."})
    (folder / "notes.txt").write_text("A text file.", encoding="utf-8")
    (folder / "readme.md").write_text("Not a corpus.", encoding="utf-8")
    db = tmp_path / "p.db"
    code, out, err = run_cli(capsys, "import", folder, "--annotator", "bob", "--db", db)
    assert code == 0, err
    assert "imported 2 new documents from 2 files" in out  # plain.doccano, notes.txt
    assert "bob.doccano: 1 line -> 1 new document, 1 set" in out
    assert sets_of(db) == {"bob": ({}, [(0, 5, "ACTOR")])}
    with Project.open(db) as project:
        texts = {d.text for d in project.documents.stream()}
    assert texts == {TEXT, "A plain document from doccano.", "A text file."}

    # the export as spaCy DocBin files, then the folder holding them
    out_dir = tmp_path / "out"
    code, _, err = run_cli(
        capsys, "export", "--db", db, "--annotator", "bob", "-f", "spacy", "--out", out_dir
    )
    assert code == 0, err
    again = tmp_path / "again.db"
    code, out, err = run_cli(capsys, "import", out_dir, "--annotator", "bob", "--db", again)
    assert code == 0, err
    assert (0, 5, "ACTOR") in sets_of(again)["bob"][1]

    code, help_text, _ = run_cli(capsys, "import", "--help")
    assert all(suffix in help_text for suffix in FOLDER_SUFFIXES)


def test_a_folder_with_nothing_importable_names_what_it_looks_for(tmp_path, capsys):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "readme.md").write_text("Not a corpus.", encoding="utf-8")
    code, _, err = run_cli(capsys, "import", folder, "--db", tmp_path / "p.db")
    assert code == 1
    assert err.strip() == (
        f"error: {folder}: no .txt, .jsonl, .json, .csv, .doccano, .spacy files in this folder"
    )
