"""``annotator assign``: hand documents out to a team, with overlap.

The dealing itself is ``project.assignments`` (core/store/assignments.py);
this module reads the options, refuses combinations that mean nothing, and
prints what was dealt, kept and taken back.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from annotator.core.errors import AnnotatorError
from annotator.core.store.document_query import TERMS
from annotator.core.words import count

from .app import DbOption, app, open_to_write, resolve_db


def _names(value: str | None) -> list[str] | None:
    return None if value is None else [name.strip() for name in value.split(",")]


@app.command("assign")
def assign_cmd(
    db: DbOption = None,
    annotators: Annotated[
        str | None,
        typer.Option(
            "--annotators",
            help="The team, a,b,c (default: everyone with sets or assignments, gold aside)."
            " A new name is added to the project, and the summary says so.",
        ),
    ] = None,
    overlap: Annotated[
        int | None,
        typer.Option(
            "--overlap",
            help="Annotators per document (default 1; the team's size gives everyone everything).",
        ),
    ] = None,
    documents: Annotated[
        str | None,
        typer.Option("--documents", help=f"Which documents, a query of terms: {TERMS}."),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="The draw that breaks ties (default 0).")
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Take back these documents' assignments nobody has started and deal"
            " them again (logged); started ones are kept.",
        ),
    ] = False,
    clear: Annotated[
        bool,
        typer.Option(
            "--clear",
            help="Take back the assignments of these documents (and --annotators), started"
            " or not (logged); sets are untouched.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was done as JSON.")] = False,
) -> None:
    """Hand each document to OVERLAP annotators, balanced (everyone within one
    document of everyone else) and reproducible with --seed. Documents that
    already have annotators keep them (topped up to OVERLAP); --replace deals
    again, --clear takes back. See README "Assignment"."""
    if clear and (replace or overlap is not None or seed is not None):
        raise AnnotatorError(
            "--clear takes assignments back: --replace, --overlap, --seed do not go with it"
        )
    with open_to_write(resolve_db(db)) as project:
        doc_ids = project.assignments.select_documents(documents)
        if clear:
            removed = project.assignments.clear(_names(annotators), doc_ids)
            _print_clear(removed, as_json)
            return
        summary = project.assignments.assign(
            _names(annotators),
            1 if overlap is None else overlap,
            doc_ids,
            seed=0 if seed is None else seed,
            replace=replace,
            query=documents,
        )
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
        return
    for line in summary.lines():
        typer.echo(line)


def _print_clear(removed: dict[str, int], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"removed": removed}, ensure_ascii=False))
    elif not removed:
        typer.echo("no assignments to take back")
    else:
        listed = ", ".join(f"{name} {n}" for name, n in removed.items())
        typer.echo(
            f"took back {count(sum(removed.values()), 'assignment')} ({listed}), listed in the"
            " event log (assignment.remove); sets and work done are untouched"
        )
