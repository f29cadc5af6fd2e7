"""``annotator gui`` and ``annotator demo``: the desktop window.

Qt is imported inside the commands, so ``annotator --help`` and every other
command work on a machine without a display or without Qt's libraries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.core.words import count

from .app import DbOption, app, resolve_db

AnnotatorOption = Annotated[
    str | None,
    typer.Option("--annotator", help="Who is annotating (default: the last one, else asked)."),
]
ScreenshotOption = Annotated[
    Path | None,
    typer.Option(
        "--screenshot",
        help="Render the window with the first document to this PNG and exit.",
        dir_okay=False,
    ),
]


@app.command("gui")
def gui_cmd(
    db: DbOption = None, annotator: AnnotatorOption = None, screenshot: ScreenshotOption = None
) -> None:
    """Open the annotation window on a project."""
    from annotator.gui.app import run_gui

    raise typer.Exit(run_gui(resolve_db(db), annotator, screenshot))


def demo_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("annotator", appauthor=False) / "demo.db"


def prepare_demo(db: Path) -> str:
    """Create or open the demo project: seeds imported, pre-annotated. Returns a summary."""
    from annotator.core.ingest import import_paths
    from annotator.core.resources import seeds_dir
    from annotator.core.store import Project
    from annotator.gui.workers import preannotation_function

    with Project.open(db) as project:
        summary = import_paths(project, [seeds_dir()])
        missing = set(project.documents.ids()) - project.documents.with_predictions()
        run = preannotation_function()
        if missing and run is not None:
            run(project)
            note = f"pre-annotated {count(len(missing), 'document')}"
        elif missing:
            note = "pre-annotation is not available in this build: no suggestions"
        else:
            note = "already pre-annotated"
        return f"demo project {db}: {summary.message()}; {note}"


@app.command("demo")
def demo_cmd(
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Demo project file (default: demo.db in the user data dir)."),
    ] = None,
    annotator: AnnotatorOption = None,
    screenshot: ScreenshotOption = None,
) -> None:
    """Create or open a demo project from the seed articles, pre-annotated, and open it."""
    from annotator.gui.app import display_problem, run_gui

    problem = display_problem("demo")
    if problem:
        typer.echo(problem, err=True)
        raise typer.Exit(1)
    path = db or demo_path()
    typer.echo(prepare_demo(path), err=True)
    raise typer.Exit(run_gui(path, annotator, screenshot))
