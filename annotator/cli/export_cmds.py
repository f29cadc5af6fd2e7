"""``annotator export``: training data out (DocBin, Prodigy JSONL, doccano, CoNLL)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from annotator.core.errors import AnnotatorError

from .app import DbOption, app, exists, open_to_read, resolve_db
from .progress import counting


class ExportFormat(StrEnum):
    spacy = "spacy"
    jsonl = "jsonl"
    doccano = "doccano"
    conll = "conll"


@app.command("export")
def export_cmd(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f", help="spacy (train/dev DocBin), jsonl (Prodigy), doccano, conll."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="A directory for spacy, a file for the other formats; - writes JSONL"
            " (jsonl, doccano) or CoNLL to standard output.",
        ),
    ],
    db: DbOption = None,
    annotator: Annotated[
        str | None, typer.Option("--annotator", help="Export this annotator's sets.")
    ] = None,
    gold: Annotated[
        bool, typer.Option("--gold", help="Export the adjudicated gold sets (the default).")
    ] = False,
    predictions: Annotated[
        bool, typer.Option("--predictions", help="Export the newest model predictions.")
    ] = False,
    texts: Annotated[
        bool,
        typer.Option(
            "--texts",
            help="Export every document's text, no annotations (to run a model elsewhere).",
        ),
    ] = False,
    include_unfinished: Annotated[
        bool,
        typer.Option("--include-unfinished", help="Also export sets that are not marked done."),
    ] = False,
    split: Annotated[
        float, typer.Option("--split", help="Share of documents in train.spacy (spacy only).")
    ] = 0.8,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the train/dev split.")] = 0,
) -> None:
    """Export annotations as training data; prints one summary line."""
    from annotator.core.formats.export import export_project

    asked = {
        "annotator": annotator is not None,
        "gold": gold,
        "predictions": predictions,
        "texts": texts,
    }
    chosen = [name for name, on in asked.items() if on]
    if len(chosen) > 1:
        raise AnnotatorError(
            "choose one source: --annotator NAME, --gold, --predictions or --texts"
        )
    source = chosen[0] if chosen else "gold"
    to_stdout = str(out) == "-"
    if to_stdout and fmt == ExportFormat.spacy:
        raise AnnotatorError(
            "--out -: the spacy format writes a directory (train.spacy, dev.spacy), not a stream;"
            " give --out DIR, or use -f jsonl or -f doccano for standard output"
        )
    path = resolve_db(db)
    if not exists(path):
        raise AnnotatorError(f"{path}: no such project file")
    with open_to_read(path) as project, counting("doc", "export") as progress:
        summary = export_project(
            project,
            fmt.value,
            out,
            source=source,
            annotator=annotator,
            include_unfinished=include_unfinished,
            split=split,
            seed=seed,
            progress=progress,
        )
    typer.echo(summary.line(), err=to_stdout)  # the data has standard output to itself
