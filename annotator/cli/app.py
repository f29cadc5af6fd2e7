"""The shared typer application and the options every command takes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from annotator import __version__

if TYPE_CHECKING:
    from annotator.core.store import Project

app = typer.Typer(
    name="annotator",
    help="Correct spaCy pre-annotations of news articles and build NLP training data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"annotator {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Correct spaCy pre-annotations of news articles and build NLP training data."""


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Project file (default: $ANNOTATOR_DB, else the per-user default project).",
        show_default=False,
    ),
]


def resolve_db(db: Path | None) -> Path:
    """--db, else $ANNOTATOR_DB, else the per-user default project file."""
    if db is not None:
        return db
    env = os.environ.get("ANNOTATOR_DB")
    if env:
        return Path(env)
    from annotator.core.paths import default_project_path

    return default_project_path()


def open_to_read(path: Path) -> Project:
    """Open an existing project for a command that only reads it. When the file
    cannot be written (read-only, damaged), the command still runs, and says
    so on stderr first, so a reader never mistakes it for a healthy project."""
    from annotator.core.store import Project

    project = Project.open(path, create=False)
    if project.read_only:
        typer.echo(f"warning: reading only: {project.write_refusal}", err=True)
    return project


def open_to_write(path: Path) -> Project:
    """Open a project for a command that writes it. Opening undoes (or
    completes) what a killed import or merge left; each such line is printed
    first, so nothing is undone without a word."""
    from annotator.core.store import Project

    project = Project.open(path, read_only=False)
    for line in project.recovered:
        typer.echo(line)
    return project
