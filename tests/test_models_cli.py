"""``annotator models`` and ``models use``: what they print and change."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.store import Project
from annotator.core.store.models import ModelInfo
from annotator.core.types import Document, Span
from tests.helpers import run_cli


def _project(path: Path) -> None:
    with Project.open(path) as project:
        (doc,) = project.documents.add([Document("Japan buys oil.")]).ids
        for model in ("rules", "trained-1"):
            project.models.register(ModelInfo(model, "en_pipeline", "0.0.0", "trained"))
            project.documents.replace_predictions(
                [(doc, [Span(0, 5, "ACTOR", origin="model")])], model, "0.0.0"
            )


def test_models_lists_and_use_switches_with_a_message(tmp_path: Path, capsys) -> None:
    db = tmp_path / "p.db"
    _project(db)
    code, out, _ = run_cli(capsys, "models", "--db", str(db))
    assert code == 0
    assert "  rules  trained  en_pipeline 0.0.0  1 document" in out
    assert "no model chosen" in out
    code, out, _ = run_cli(capsys, "models", "use", "trained-1", "--db", str(db))
    assert code == 0 and out.startswith("suggesting model: trained-1;")
    code, out, _ = run_cli(capsys, "models", "use", "rules", "--db", str(db))
    assert "suggesting model: rules (was trained-1)" in out
    code, out, _ = run_cli(capsys, "models", "--db", str(db), "--json")
    shown = json.loads(out)
    assert shown["suggesting"] == "rules"
    assert [m["id"] for m in shown["models"] if m["suggesting"]] == ["rules"]


def test_use_of_an_unknown_model_fails_in_one_line(tmp_path: Path, capsys) -> None:
    db = tmp_path / "p.db"
    _project(db)
    code, _, err = run_cli(capsys, "models", "use", "en_core_web_lg", "--db", str(db))
    assert code == 1
    assert err.strip() == (
        "error: no model 'en_core_web_lg' in this project (models: rules, trained-1)"
    )
