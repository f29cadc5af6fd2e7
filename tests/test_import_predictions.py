"""``import FILE --predictions --model NAME[@VERSION]``: another machine's suggestions
stored as a model's predictions, never as anyone's set."""

from __future__ import annotations

import json
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from annotator.core.store import Project
from tests.helpers import run_cli

TEXTS = ["Japan buys oil from Iran.", "Tehran said on Friday it would sell more crude."]


def prodigy_file(path: Path) -> Path:
    lines = [
        {"text": TEXTS[0], "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]},
        {
            "text": TEXTS[1],
            "spans": [
                {"start": 0, "end": 6, "label": "ACTOR"},
                {"start": 15, "end": 21, "label": "DATE"},
            ],
        },
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_prodigy_predictions_become_a_models_suggestions(tmp_path, capsys):
    db = str(tmp_path / "p.db")
    source = prodigy_file(tmp_path / "cluster.jsonl")
    code, out, err = run_cli(
        capsys, "import", str(source), "--predictions", "--model", "dask-ner@1.2", "--db", db
    )
    assert code == 0, err
    assert out.startswith("imported predictions of dask-ner-1.2 for 2 documents (2 new)")
    assert "3 spans (ACTOR 2, DATE 1)" in out
    assert "suggesting model: dask-ner-1.2 (the project had none)" in out
    with Project.open(Path(db)) as project:
        ids = project.documents.ids()
        assert project.documents.with_predictions("dask-ner-1.2") == set(ids)
        spans = project.documents.predictions(ids[1], "dask-ner-1.2")
        assert [(TEXTS[1][s.start : s.end], s.label, s.origin) for s in spans] == [
            ("Tehran", "ACTOR", "model"),
            ("Friday", "DATE", "model"),
        ]
        assert project.sets.count() == 0  # nobody's set
        info = project.models.get("dask-ner-1.2")
        assert (info.kind, info.name, info.version) == ("imported", "dask-ner", "1.2")
    code, out, _ = run_cli(capsys, "models", "--db", db)
    assert "* dask-ner-1.2  imported  dask-ner 1.2  2 documents" in out


def test_docbin_predictions_and_the_suggesting_model_stays(tmp_path, capsys):
    db = str(tmp_path / "p.db")
    first = prodigy_file(tmp_path / "a.jsonl")
    assert (
        run_cli(capsys, "import", str(first), "--predictions", "--model", "a", "--db", db)[0] == 0
    )
    nlp = spacy.blank("en")
    doc = nlp(TEXTS[0])
    doc.ents = [doc.char_span(20, 24, label="ACTOR")]
    DocBin(docs=[doc]).to_disk(tmp_path / "b.spacy")
    code, out, err = run_cli(
        capsys, "import", str(tmp_path / "b.spacy"), "--predictions", "--model", "ray", "--db", db
    )
    assert code == 0, err
    assert "for 1 document (0 new)" in out
    assert "suggesting model stays a; `annotator models use ray` to switch" in out
    with Project.open(Path(db)) as project:
        doc_id = project.documents.ids()[0]
        assert [s.key() for s in project.documents.predictions(doc_id, "ray")] == [
            (20, 24, "ACTOR")
        ]
        assert [s.key() for s in project.documents.predictions(doc_id, "a")] == [(0, 5, "ACTOR")]


def test_bad_input_fails_in_one_line_and_stores_nothing(tmp_path, capsys):
    db = str(tmp_path / "p.db")
    source = prodigy_file(tmp_path / "cluster.jsonl")
    code, _, err = run_cli(capsys, "import", str(source), "--predictions", "--db", db)
    assert code == 1 and err.strip() == (
        "error: --predictions and --model NAME[@VERSION] go together"
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        source.read_text(encoding="utf-8")
        + json.dumps({"text": "x y", "spans": [{"start": 0, "end": 1, "label": "NOPE"}]})
        + "\n",
        encoding="utf-8",
    )
    code, _, err = run_cli(capsys, "import", str(bad), "--predictions", "--model", "m", "--db", db)
    assert code == 1 and str(bad) in err and ":3:" in err and len(err.strip().splitlines()) == 1
    with Project.open(Path(db)) as project:
        assert project.documents.ids() == [] and project.models.find("m") is None
