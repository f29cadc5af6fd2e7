"""The CLI on a team project: every command takes ``--db postgresql://...``
(or ``$ANNOTATOR_DB``) and does on the server what it does on a file, and a
file project merges into a server project and back, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
import spacy
from spacy.tokens import DocBin

from annotator.core.agreement.synthetic import generate
from annotator.core.store import Project
from annotator.core.types import Document
from tests.conftest import SEEDS
from tests.helpers import run_cli as run


@pytest.fixture
def filled(pg_url: str) -> str:
    """A server project with 12 generated documents, alice and bob done on all."""
    with Project.open(pg_url) as p:
        generated = generate(12, annotators=("alice", "bob"), noise=0.3, seed=5)
        ids = p.documents.add(Document(d.text) for d in generated).ids
        for doc_id, d in zip(ids, generated, strict=True):
            for name, spans in d.sets.items():
                p.sets.replace(doc_id, name, spans, status="done")
    return pg_url


def test_import_preannotate_stats_export_on_a_server(capsys, pg_url: str, tmp_path: Path):
    code, out, err = run(capsys, "import", SEEDS, "--db", pg_url)
    assert code == 0, err
    assert "5 new documents" in out
    code, out, err = run(capsys, "preannotate", "--db", pg_url)
    assert code == 0, err
    assert "pre-annotated 5 of 5 documents" in out
    code, out, _ = run(capsys, "stats", "--db", pg_url, "--json")
    stats = json.loads(out)
    assert stats["documents"] == 5 and stats["predictions"] == 5
    assert stats["path"] == pg_url  # no password in this URL: shown as given
    with psycopg.connect(pg_url) as conn:  # on the server, not in a file
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
        on_server = conn.execute("SELECT count(*) FROM predictions").fetchone()[0]
    out_file = tmp_path / "predictions.jsonl"
    code, out, err = run(
        capsys, "export", "--db", pg_url, "--predictions", "-f", "jsonl", "--out", out_file
    )
    assert code == 0, err
    lines = [json.loads(x) for x in out_file.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5
    assert sum(len(x["spans"]) for x in lines) == on_server
    spacy_dir = tmp_path / "corpus"
    code, out, err = run(
        capsys, "export", "--db", pg_url, "--predictions", "-f", "spacy", "--out", spacy_dir
    )
    assert code == 0, err
    docs = list(DocBin().from_disk(spacy_dir / "train.spacy").get_docs(spacy.blank("en").vocab))
    assert docs and all(d.text for d in docs)


def test_agreement_and_scheme_on_a_server(capsys, filled: str, tmp_path: Path):
    code, out, err = run(capsys, "agreement", "--db", filled, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["annotators"] == ["alice", "bob"]
    code, out, _ = run(capsys, "scheme", "show", "--db", filled)
    scheme = json.loads(out)
    assert scheme["name"] == "sanctions-news"
    dropped = "FIGURE"  # the generated sets carry FIGURE spans
    scheme["labels"] = [x for x in scheme["labels"] if x["name"] != dropped]
    scheme["relations"] = []  # they name FIGURE
    changed = tmp_path / "scheme.json"
    changed.write_text(json.dumps(scheme), encoding="utf-8")
    code, out, err = run(capsys, "scheme", "set", changed, "--db", filled)
    assert code == 1
    assert dropped in err and "--force" in err  # refused: nothing changed on the server
    with Project.open(filled) as p:
        assert dropped in p.scheme().names


def test_a_file_merges_into_a_server_project_and_back(capsys, filled: str, tmp_path: Path):
    laptop = tmp_path / "laptop.db"
    with Project.open(filled) as server:
        first = server.documents.get(server.documents.ids()[0])
        theirs = server.sets.find(first.id, "alice")
    with Project.open(laptop) as p:
        doc_id = p.documents.add([Document(first.text), Document("A new text from the laptop.")])
        doc_id = p.documents.ids()[0]
        p.sets.replace(doc_id, "carol", theirs.spans[:2], status="done")
        p.sets.replace(doc_id, "alice", theirs.spans[:1], status="done")  # differs from hers
    code, out, err = run(capsys, "merge", laptop, "--db", filled)
    assert code == 0, err
    assert "documents  1 added, 1 already present" in out and "alice@laptop" in out
    with Project.open(filled) as server:
        assert server.documents.count() == 13
        names = server.sets.annotators()
        assert "carol" in names and "alice@laptop" in names  # kept beside, not replaced
        assert len(server.sets.find(first.id, "alice").spans) == len(theirs.spans)
    back = tmp_path / "back.db"
    code, out, err = run(capsys, "merge", filled, "--db", back)
    assert code == 0, err
    assert "documents  13 added, 0 already present" in out
    with Project.open(back) as copy, Project.open(filled) as server:
        assert copy.documents.count() == server.documents.count()
        assert sorted(copy.sets.annotators()) == sorted(server.sets.annotators())
        here = copy.sets.find(copy.documents.ids()[0], "alice")
        assert [(s.start, s.end, s.label) for s in here.spans] == [
            (s.start, s.end, s.label) for s in theirs.spans
        ]


def test_env_var_names_the_server_and_files_only_commands_say_why(capsys, monkeypatch, filled: str):
    monkeypatch.setenv("ANNOTATOR_DB", filled)
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["documents"] == 12
    code, _, err = run(capsys, "backup", "/tmp/never-written.db")
    assert code == 1 and "pg_dump" in err
    assert not Path("/tmp/never-written.db").exists()


def test_assignment_on_a_server_deals_as_a_file_does(capsys, pg_url: str, tmp_path: Path):
    """The same documents, team and seed deal the same way on both engines."""
    texts = [f"Article {i} on sanctions and oil." for i in range(30)]
    file_db = tmp_path / "team.db"
    for where in (pg_url, file_db):
        with Project.open(where) as p:
            p.documents.add(Document(t) for t in texts)
        code, out, err = run(
            capsys, "assign", "--db", where, "--annotators", "a,b,c,d", "--overlap", "2"
        )
        assert code == 0, err
    dealt = []
    for where in (pg_url, file_db):
        with Project.open(where) as p:
            by_text = {p.documents.get(i).text: i for i in p.documents.ids()}
            dealt.append(
                {name: sorted(by_text_inverse(p, by_text, name)) for name in ("a", "b", "c", "d")}
            )
            progress = p.assignments.progress()
            assert sorted(n["assigned"] for n in progress.values()) == [15, 15, 15, 15]
    assert dealt[0] == dealt[1]
    code, out, err = run(capsys, "stats", "--db", pg_url, "--json")
    assert json.loads(out)["assignments"]["a"]["todo"] == 15


def by_text_inverse(p: Project, by_text: dict[str, int], name: str) -> list[str]:
    """The texts dealt to ``name`` (ids differ between projects, texts do not)."""
    ids = set(p.assignments.of_annotator(name))
    return [text for text, i in by_text.items() if i in ids]
