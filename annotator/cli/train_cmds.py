"""``annotator train``: spaCy learns from the project's done sets, the model is registered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from annotator.core.errors import AnnotatorError
from annotator.core.nlp.learned_polarity import POLARITY, training_text
from annotator.core.words import count

from .app import DbOption, app, open_to_write, resolve_db

NOT_LABELS = ("overall", POLARITY)  # score entries that are not a label's P/R/F


def _scores_lines(scores: dict[str, Any]) -> list[str]:
    rows = [(label, prf) for label, prf in sorted(scores.items()) if label not in NOT_LABELS]
    lines = [f"  {'label':<12}{'P':>7}{'R':>7}{'F':>7}"]
    lines += [f"  {label:<12}{p['p']:>7.3f}{p['r']:>7.3f}{p['f']:>7.3f}" for label, p in rows]
    return lines


def _curve_line(point: dict[str, Any]) -> str:
    figures = ", ".join(
        f"{k} {v:.3f}" for k, v in point.items() if k not in ("fraction", "documents")
    )
    return (
        f"  {point['fraction']:>4.0%} ({count(point['documents'], 'document')}):"
        f" {figures or 'no score'}"
    )


@app.command("train")
def train_cmd(
    db: DbOption = None,
    gold: Annotated[
        bool, typer.Option("--gold", help="Train on the gold set's done documents (default).")
    ] = False,
    annotator: Annotated[
        str | None,
        typer.Option("--annotator", help="Train on this annotator's done sets instead of gold."),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="Pipeline whose tagger and parser are kept, frozen (default: the project's "
            "pre-annotation model; 'rules' for blank English).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the model here (default: PROJECT.models/ID/)."),
    ] = None,
    max_steps: Annotated[
        int, typer.Option("--max-steps", min=1, help="Training steps (spaCy's max_steps).")
    ] = 1000,
    eval_split: Annotated[
        float, typer.Option("--eval-split", help="Share of documents held out for scoring.")
    ] = 0.2,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the split and training.")] = 0,
    curve: Annotated[
        bool,
        typer.Option("--curve", help="Also train on 25/50/75% and print the four scores."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Train ner (entity labels), spancat (STANCE) and, when the sets answer document
    categories, textcat_multilabel on the done sets with spaCy's own training; print
    per-label precision, recall and F on the held-out documents, and register the model.
    With 10 or more STANCE spans with a polarity, a polarity textcat is trained too and
    set against the lexicon on the held-out stances: the better one gives polarities.
    Which model suggests does not change: `annotator models use ID` switches."""
    from annotator.core.training.trainer import TrainOptions, train_project

    if gold and annotator:
        raise AnnotatorError("--gold and --annotator exclude each other")
    options = TrainOptions(annotator, base, out, max_steps, eval_split, seed)
    with open_to_write(resolve_db(db)) as project:
        result = train_project(project, options, curve=curve)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    on = result.trained_on
    typer.echo(
        f"trained {result.model_id} on {on['source']}: {count(on['documents'], 'document')}"
        f" ({on['held_out']} held out), {on['max_steps']} steps, base {result.base or 'blank en'}"
    )
    typer.echo("held-out scores:")
    for line in _scores_lines(result.scores):
        typer.echo(line)
    if POLARITY in result.scores:
        typer.echo(training_text(result.scores[POLARITY]))
    if result.curve:
        typer.echo("learning curve (same held-out documents):")
        for point in result.curve:
            typer.echo(_curve_line(point))
    typer.echo(f"model: {result.path}")
    typer.echo(
        f"registered; `annotator models use {result.model_id}` makes it suggest, "
        f"`annotator preannotate --model {result.path}` pre-annotates with it"
    )
