"""README "Pre-annotating on a cluster": its three commands, run as written.

The corpus is exported with ``export --texts``, the Dask script of
docs/examples/ runs a small spaCy pipeline over it (``spacy.blank`` with an
``entity_ruler`` and a ``span_ruler``, saved to disk, standing in for a
trained model) under Dask's synchronous scheduler, and the predictions come
back with ``import --predictions --model``. The commands are read from the
README, so the documented steps are the tested ones.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import spacy

from annotator.core.store import Project
from tests.helpers import README, run_cli

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "docs" / "examples" / "dask_preannotate.py"
HEADING = "### Pre-annotating on a cluster"
TEXTS = [
    "Japan buys oil from Iran.",
    "Tehran said on Friday it would sell more crude.",
    "Nothing here names anyone.",
]


def readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(HEADING)
    return text[start : text.index("\n### ", start + len(HEADING))]


def readme_commands() -> list[list[str]]:
    """The three shell commands of the section's first code block."""
    block = readme_section().split("```\n", 2)[1]
    return [shlex.split(line) for line in block.strip().splitlines()]


def ruler_pipeline(path: Path) -> Path:
    """A pipeline that tags the scheme's labels: entities and a STANCE span group."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(
        [
            {"label": "ACTOR", "pattern": "Japan"},
            {"label": "ACTOR", "pattern": "Iran"},
            {"label": "ACTOR", "pattern": "Tehran"},
            {"label": "DATE", "pattern": "Friday"},
        ]
    )
    nlp.add_pipe("span_ruler", config={"spans_key": "stance"}).add_patterns(
        [{"label": "STANCE", "pattern": "it would sell more crude"}]
    )
    nlp.to_disk(path)
    return path


def test_readme_shows_the_script_as_it_is():
    code = readme_section().split("```python\n", 1)[1].split("```", 1)[0]
    script = SCRIPT.read_text(encoding="utf-8")
    assert script.endswith(code) and code.startswith("import contextlib\n")
    lines = [line for line in code.splitlines() if line.strip()]
    assert len(lines) <= 20  # "a ten-line Dask script": ten lines of code, then imports


def test_export_dask_import_round_trip(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS), encoding="utf-8")
    assert run_cli(capsys, "import", corpus, "--db", "project.db")[0] == 0
    model = ruler_pipeline(tmp_path / "ruler")
    export, dask_run, import_back = readme_commands()

    assert export[:2] == ["annotator", "export"]
    code, out, err = run_cli(capsys, *export[1:])
    assert code == 0, err
    assert out.startswith("exported 3 documents, 0 spans")
    lines = Path("texts.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["text"] for line in lines) == sorted(TEXTS)

    assert dask_run[:2] == ["python", "docs/examples/dask_preannotate.py"]
    args = [str(model) if a == "project.models/ID" else a for a in dask_run[2:]]
    env = {**os.environ, "DASK_SCHEDULER": "synchronous"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    preds = sorted(Path("preds").glob("*.jsonl"))
    assert preds, "the script wrote no partition"

    assert import_back[:2] == ["annotator", "import"] and import_back[2] == "preds/*.jsonl"
    code, out, err = run_cli(capsys, "import", *preds, *import_back[3:])
    assert code == 0, err
    assert out.startswith("imported predictions of dask-trained-1 for 3 documents (0 new)")
    assert "5 spans (ACTOR 3, DATE 1, STANCE 1)" in out
    assert "suggesting model: dask-trained-1 (the project had none)" in out

    with Project.open(Path("project.db")) as project:
        by_text = {project.documents.get(i).text: i for i in project.documents.ids()}
        assert project.documents.with_predictions("dask-trained-1") == set(by_text.values())
        got = {
            text: [(text[s.start : s.end], s.label, s.origin) for s in
                   project.documents.predictions(doc_id, "dask-trained-1")]
            for text, doc_id in by_text.items()
        }  # fmt: skip
        assert got == {
            TEXTS[0]: [("Japan", "ACTOR", "model"), ("Iran", "ACTOR", "model")],
            TEXTS[1]: [
                ("Tehran", "ACTOR", "model"),
                ("Friday", "DATE", "model"),
                ("it would sell more crude", "STANCE", "model"),
            ],
            TEXTS[2]: [],
        }
        assert project.sets.count() == 0  # suggestions, nobody's set
        info = project.models.get("dask-trained-1")
        assert (info.kind, info.name, info.version) == ("imported", "dask-trained", "1")

    code, out, _ = run_cli(capsys, "models", "--db", "project.db")
    assert code == 0
    assert "* dask-trained-1  imported  dask-trained 1  3 documents" in out


def test_texts_is_one_source_among_the_others(tmp_path, capsys):
    db = tmp_path / "p.db"
    code, _, err = run_cli(capsys, "export", "-f", "jsonl", "--texts", "--out", "x", "--db", db)
    assert code == 1 and err.strip() == f"error: {db}: no such project file"
    code, _, err = run_cli(
        capsys, "export", "-f", "jsonl", "--texts", "--predictions", "--out", "x", "--db", db
    )
    assert code == 1
    assert (
        err.strip()
        == "error: choose one source: --annotator NAME, --gold, --predictions or --texts"
    )
