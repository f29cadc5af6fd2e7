"""``annotator models``: the project's models, and which one suggests."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from annotator.core.store import Project

from .app import DbOption, app, open_to_read, open_to_write, resolve_db

models_app = typer.Typer(
    help="List the project's models, or choose the one that suggests.",
    invoke_without_command=True,
)
app.add_typer(models_app, name="models")


def _rows(project: Project) -> list[dict]:
    documents = {m: n for m, _, n in project.documents.models()}
    chosen = project.models.suggesting()
    return [
        {
            **info.to_dict(),
            "documents": documents.get(info.id, 0),
            "suggesting": info.id == chosen,
        }
        for info in project.models.all()
    ]


@models_app.callback()
def models_cmd(
    ctx: typer.Context,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every model the project knows: its id, kind, documents it pre-annotated,
    and which one suggests (marked *)."""
    if ctx.invoked_subcommand is not None:
        return
    with open_to_read(resolve_db(db)) as project:
        rows = _rows(project)
        chosen = project.models.suggesting()
    if as_json:
        typer.echo(json.dumps({"suggesting": chosen, "models": rows}, indent=2))
        return
    if not rows:
        typer.echo("no models yet: `annotator preannotate` runs one")
        return
    for row in rows:
        mark = "*" if row["suggesting"] else " "
        typer.echo(
            f"{mark} {row['id']}  {row['kind']}  {row['name']} {row['version']}"
            f"  {row['documents']} document{'' if row['documents'] == 1 else 's'}"
        )
    if chosen is None:
        typer.echo("no model chosen: new sets get the newest run's suggestions")


@models_app.command("use")
def use_cmd(
    model_id: Annotated[str, typer.Argument(help="A model id, as `annotator models` lists it.")],
    db: DbOption = None,
) -> None:
    """Make MODEL_ID the model whose predictions seed new sets. Sets nobody
    has edited follow it when next opened; edited sets keep their spans
    (Document > Pull suggestions adds the new ones)."""
    with open_to_write(resolve_db(db)) as project:
        before = project.models.use(model_id)
    was = f" (was {before})" if before and before != model_id else ""
    typer.echo(
        f"suggesting model: {model_id}{was}; sets with edits keep their spans, "
        "untouched sets follow it when opened"
    )
