"""Commands about the project file itself: import, stats, scheme."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from annotator.core.ingest.limits import DEFAULT_MAX_CHARS
from annotator.core.scheme import Scheme
from annotator.core.words import count

from .app import DbOption, app, open_to_read, open_to_write, resolve_db
from .progress import bar


class AnswerMissingChoice(StrEnum):
    """What an annotated line without ``answer`` means (``--answer-missing``)."""

    accept = "accept"
    ignore = "ignore"
    in_progress = "in-progress"


@app.command("import")
def import_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help=".txt, folders of them, .jsonl, .json, .csv;"
            " annotated .jsonl/.json/.doccano/.spacy; - reads JSONL from standard input"
        ),
    ],
    db: DbOption = None,
    annotator: Annotated[
        str | None,
        typer.Option("--annotator", help="Annotated files: whose sets (else _annotator_id)."),
    ] = None,
    label_map: Annotated[
        str | None,
        typer.Option("--label-map", help="Annotated files: rename labels, FROM=TO,FROM2=TO2."),
    ] = None,
    add_labels: Annotated[
        bool,
        typer.Option("--add-labels", help="Annotated files: add unknown labels to the scheme."),
    ] = False,
    max_chars: Annotated[
        int,
        typer.Option(
            "--max-chars", min=1, help="Refuse a document whose text is longer than N characters."
        ),
    ] = DEFAULT_MAX_CHARS,
    predictions: Annotated[
        bool,
        typer.Option(
            "--predictions", help="Annotated files are a model's predictions, not anyone's sets."
        ),
    ] = False,
    model: Annotated[
        str | None,
        typer.Option("--model", help="With --predictions: the model's NAME[@VERSION]."),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Annotated files: a set that differs from the annotator's own replaces it"
            " (logged), instead of being kept beside it as NAME@FILE.",
        ),
    ] = False,
    answer_missing: Annotated[
        AnswerMissingChoice | None,
        typer.Option(
            "--answer-missing",
            help="Annotated lines without 'answer': accept, ignore or in-progress"
            " (default: accept for lines that carry annotations, as Prodigy's db-in does).",
        ),
    ] = None,
) -> None:
    """Import documents; a text already in the project is not added again.

    Annotated files (Prodigy or doccano JSONL, our exports, .spacy) bring
    their spans in as annotation sets, see README "Exports and file formats";
    with --predictions --model NAME[@VERSION], as that model's suggestions.
    """
    from annotator.core.ingest import import_any

    if predictions or model:
        _import_predictions(paths, db, model, label_map, predictions)
        return

    with (
        open_to_write(resolve_db(db)) as project,
        bar(None, "file", "importing") as progress,
    ):

        def report(done: int, total: int, current: str) -> None:
            progress.total = total
            progress.n = done
            progress.set_postfix_str(Path(current).name if current else "", refresh=True)

        messages = import_any(
            project,
            paths,
            annotator,
            label_map,
            add_labels,
            progress=report,
            max_chars=max_chars,
            answer_missing=answer_missing.value if answer_missing else None,
            replace=replace,
        )
    for message in messages:
        typer.echo(message)


def _import_predictions(
    paths: list[Path], db: Path | None, model: str | None, label_map: str | None, flag: bool
) -> None:
    from annotator.core.errors import AnnotatorError
    from annotator.core.ingest.annotations import parse_label_map
    from annotator.core.ingest.predictions import import_predictions

    if not (flag and model):
        raise AnnotatorError("--predictions and --model NAME[@VERSION] go together")
    with open_to_write(resolve_db(db)) as project:
        summary = import_predictions(project, paths, model, parse_label_map(label_map))
    typer.echo(summary.message())


@app.command("stats")
def stats_cmd(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Documents, predictions and each annotator's progress."""
    with open_to_read(resolve_db(db)) as project:
        stats = project.stats()
    if as_json:
        typer.echo(json.dumps(stats, ensure_ascii=False))
        return
    typer.echo(f"project      {stats['path']}")
    typer.echo(f"documents    {stats['documents']}")
    typer.echo(f"predictions  {count(stats['predictions'], 'document')} pre-annotated")
    for model in stats["models"]:
        typer.echo(f"  model      {model['model']} {model['version']}: {model['documents']}")
        if model["quality"]:
            for line in _quality_lines(model["quality"]):
                typer.echo(f"    {line}")
    typer.echo(f"spans        {stats['spans']}")
    if stats["relations"]:
        listed = ", ".join(f"{label} {n}" for label, n in sorted(stats["relations"].items()))
        typer.echo(f"relations    {sum(stats['relations'].values())} ({listed})")
    if stats["categories"]:
        listed = ", ".join(f"{answer} {n}" for answer, n in stats["categories"].items())
        typer.echo(f"categories   {listed}")
    if stats["annotators"]:
        typer.echo("annotator            todo  in_progress   done  skipped")
        for name, counts in stats["annotators"].items():
            typer.echo(
                f"{name:<18} {counts['todo']:>6} {counts['in_progress']:>12} "
                f"{counts['done']:>6} {counts['skipped']:>8}"
            )
    if stats["assignments"]:
        typer.echo("assigned to        assigned   todo  in_progress   done  skipped")
        for name, counts in stats["assignments"].items():
            typer.echo(
                f"{name:<18} {counts['assigned']:>8} {counts['todo']:>6}"
                f" {counts['in_progress']:>12} {counts['done']:>6} {counts['skipped']:>8}"
            )


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _quality_lines(quality: dict) -> list[str]:
    """A model's suggestion quality (README "Model in the loop"), with the
    sets whose suggestions had to be inferred or were re-run said aloud."""
    overall, fixes = quality["overall"], quality["corrections"]
    lines = [
        f"suggestions  {count(quality['sets'], 'done set')}:"
        f" precision {_figure(overall['precision'])}, recall {_figure(overall['recall'])};"
        f" {fixes['per_document']} corrections per document ({fixes['added']} added,"
        f" {fixes['deleted']} deleted, {fixes['changed']} changed)",
        "per label    "
        + " · ".join(
            f"{label} P {_figure(f['precision'])} R {_figure(f['recall'])}"
            for label, f in quality["labels"].items()
        ),
    ]
    if quality["rerun"]:
        lines.append(
            f"{count(quality['rerun'], 'set')} compared with a newer run than it was seeded with"
        )
    if quality["inferred"]:
        lines.append(
            f"{count(quality['inferred'], 'set')} from before model ids:"
            " compared with the run newest when it was made"
        )
    return lines


scheme_app = typer.Typer(help="Show or replace the project's label scheme.", no_args_is_help=True)
app.add_typer(scheme_app, name="scheme")


@scheme_app.command("show")
def scheme_show(db: DbOption = None) -> None:
    """Print the project's scheme as JSON (the format `scheme set` reads)."""
    with open_to_read(resolve_db(db)) as project:
        typer.echo(project.scheme().to_json())


@scheme_app.command("set")
def scheme_set(
    file: Annotated[Path, typer.Argument(help="A scheme JSON file, like `scheme show` prints.")],
    db: DbOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Delete spans whose label the new scheme drops.")
    ] = False,
) -> None:
    """Replace the project's scheme; refused if it would orphan spans, unless --force."""
    scheme = Scheme.from_file(file)
    with open_to_write(resolve_db(db)) as project:
        removed = project.set_scheme(scheme, force=force)
    typer.echo(f"scheme {scheme.name!r} set: {', '.join(scheme.names)}")
    if removed:
        what = count(removed, "annotation")
        typer.echo(f"deleted {what} whose label, relation or value the new scheme drops")
