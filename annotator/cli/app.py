"""The shared typer application and the options every command takes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from annotator import __version__
from annotator.core.errors import AnnotatorError

if TYPE_CHECKING:
    from annotator.core.store import Project
    from annotator.core.store.location import Location

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
    str | None,
    typer.Option(
        "--db",
        help="Project file, or a team project's postgresql://USER@HOST:PORT/DBNAME"
        " (default: $ANNOTATOR_DB, else the per-user default project).",
        show_default=False,
    ),
]


def resolve_db(db: str | Path | None) -> Location:
    """--db, else $ANNOTATOR_DB, else the per-user default project file; a
    ``postgresql://`` URL names a server project (passed on as given)."""
    from annotator.core.store.location import parse_location

    if db is not None:
        return parse_location(db)
    env = os.environ.get("ANNOTATOR_DB")
    if env:
        return parse_location(env)
    from annotator.core.paths import default_project_path

    return default_project_path()


def require_file(location: Location, what: str) -> Path:
    """The project file of a command that works on SQLite files only (a
    byte-for-byte copy, a page-by-page check); a server project is refused
    with what to use instead."""
    if not isinstance(location, Path):
        raise AnnotatorError(f"{location}: {what}")
    return location


def exists(location: Location) -> bool:
    """Whether the project is there to read: a file on disk; a server
    project is asked when it is opened."""
    return location.exists() if isinstance(location, Path) else True


def open_to_read(path: Location) -> Project:
    """Open an existing project for a command that only reads it. When the file
    cannot be written (read-only, damaged), the command still runs, and says
    so on stderr first, so a reader never mistakes it for a healthy project."""
    from annotator.core.store import Project

    project = Project.open(path, create=False)
    if project.read_only:
        typer.echo(f"warning: reading only: {project.write_refusal}", err=True)
    return project


def open_to_write(path: Location) -> Project:
    """Open a project for a command that writes it. Opening undoes (or
    completes) what a killed import or merge left; each such line is printed
    first, so nothing is undone without a word."""
    from annotator.core.store import Project

    project = Project.open(path, read_only=False)
    for line in project.recovered:
        typer.echo(line)
    return project
