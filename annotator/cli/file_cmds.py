"""Commands about the project file as a file: ``backup`` and ``check``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.core.errors import AnnotatorError
from annotator.core.store.backup import backup_project
from annotator.core.store.integrity import check_project_file
from annotator.core.words import count

from .app import DbOption, app, require_file, resolve_db


@app.command("backup")
def backup_cmd(
    dest: Annotated[Path, typer.Argument(help="The file to write the copy to.", metavar="DEST")],
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace DEST if it exists.")] = False,
) -> None:
    """Copy the project to DEST with SQLite's backup API, recent edits in the WAL included.

    Safe while the window is open; refuses an existing DEST unless --force.
    """
    source = require_file(
        resolve_db(db), "a server project is copied with the server's tools (pg_dump)"
    )
    result = backup_project(source, dest, force=force)
    verb = "replaced" if result.replaced else "wrote"
    typer.echo(
        f"{verb} {result.dest}: {count(result.documents, 'document')}, "
        f"{count(result.sets, 'annotation set')}, {result.size:,} bytes, "
        f"a complete copy of {result.source}"
    )


@app.command("check")
def check_cmd(db: DbOption = None) -> None:
    """Run SQLite's full integrity and foreign key checks; exit 1 if the file is damaged."""
    path = require_file(resolve_db(db), "a server checks its own pages; nothing to check here")
    report = check_project_file(path)
    if report.ok:
        typer.echo(f"{report.path}: ok (integrity_check and foreign_key_check found nothing)")
        return
    for problem in report.problems:
        typer.echo(problem)
    back = (
        f"the most recent backup is {report.backup}"
        if report.backup
        else "there is no backup beside it"
    )
    raise AnnotatorError(
        f"{report.path}: damaged, {count(len(report.problems), 'problem')} listed above; {back}"
    )
