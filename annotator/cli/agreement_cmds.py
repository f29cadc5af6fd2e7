"""``annotator agreement`` and ``annotator merge``.

Both are thin: the figures come from ``annotator.core.agreement``, the merge
from ``annotator.core.store.merge``; this module parses options and prints
aligned tables (or one JSON object with ``--json``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from annotator.core.errors import AnnotatorError
from annotator.core.words import count

from .app import DbOption, app, open_to_read, open_to_write, resolve_db
from .progress import counting

if TYPE_CHECKING:
    from annotator.core.agreement import AgreementReport, PairAgreement


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Left-aligned first column, right-aligned numbers, two spaces apart."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def render_report(report: AgreementReport) -> str:
    """The terminal view of an ``AgreementReport``."""
    out: list[str] = [
        f"annotators  {', '.join(report.annotators)}",
        f"documents   {report.documents} finished by two or more of them",
    ]
    for pair in report.pairs:
        out += ["", f"{pair.a} vs {pair.b}: {count(pair.documents, 'document')} both finished"]
        rows = []
        for label, fig in [*pair.labels.items(), ("overall", pair.overall)]:
            rows.append(
                [
                    label,
                    str(fig.spans_a),
                    str(fig.spans_b),
                    _fmt(fig.f1_exact),
                    _fmt(fig.f1_overlap),
                    _fmt(fig.kappa),
                ]
            )
        out += _table(
            ["label", f"spans {pair.a}", f"spans {pair.b}", "F1 exact", "F1 overlap", "kappa"],
            rows,
        )
        if pair.attributes:
            attrs = [[k, _fmt(v.alpha), str(v.units)] for k, v in pair.attributes.items()]
            out += ["", *_table(["attribute", "alpha", "units"], attrs)]
        out += _links(pair)
        listed = ", ".join(f"{k} {v}" for k, v in pair.disagreements.items())
        out.append(f"disagreements: {listed}")
    if report.fleiss is not None:
        f = report.fleiss
        out += [
            "",
            f"Fleiss' kappa, {count(len(f.annotators), 'annotator')}:"
            f" {count(f.documents, 'document')}",
        ]
        rows = [[k, _fmt(v)] for k, v in f.labels.items()] + [["overall", _fmt(f.overall)]]
        out += _table(["label", "kappa"], rows)
    if report.attributes and len(report.annotators) > 2:
        out += ["", "Krippendorff's alpha, all annotators"]
        out += _table(
            ["attribute", "alpha", "units", "values"],
            [[k, _fmt(v.alpha), str(v.units), str(v.values)] for k, v in report.attributes.items()],
        )
    if report.categories and len(report.annotators) > 2:
        out += ["", "categories, all annotators: Fleiss' kappa, Krippendorff's alpha"]
        out += _table(
            ["category", "units", "kappa", "alpha"],
            [[k, str(v.units), _fmt(v.kappa), _fmt(v.alpha)] for k, v in report.categories.items()],
        )
    if report.progress:
        statuses = ("todo", "in_progress", "done", "skipped")
        rows = [[name, *(str(c[s]) for s in statuses)] for name, c in report.progress.items()]
        out += ["", *_table(["progress", *statuses], rows)]
    return "\n".join(out)


def _links(pair: PairAgreement) -> list[str]:
    """One pair's relation F1 per relation label and kappa/alpha per category."""
    out: list[str] = []
    if pair.relations:
        rows = [
            [label, str(f.relations_a), str(f.relations_b), str(f.matched), _fmt(f.f1)]
            for label, f in pair.relations.items()
        ]
        if pair.relations_overall is not None:
            f = pair.relations_overall
            rows.append(
                ["overall", str(f.relations_a), str(f.relations_b), str(f.matched), _fmt(f.f1)]
            )
        out += ["", "relations (F1: both ends and the label exactly the same)"]
        out += _table(["relation", pair.a, pair.b, "matched", "F1"], rows)
    if pair.categories:
        rows = [
            [name, str(f.units), _fmt(f.kappa), _fmt(f.alpha)]
            for name, f in pair.categories.items()
        ]
        out += ["", "categories (Cohen's kappa on the units both answered; alpha)"]
        out += _table(["category", "units", "kappa", "alpha"], rows)
    return out


@app.command("agreement")
def agreement_cmd(
    db: DbOption = None,
    annotators: Annotated[
        str | None,
        typer.Option("--annotators", help="Compare these, A,B,... (default: everyone but gold)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Inter-annotator agreement over the documents annotators finished.

    Per pair: span F1 (exact and overlapping boundaries) and token-level
    Cohen's kappa per label and overall, relation F1 per relation label,
    Cohen's kappa and Krippendorff's alpha per document category; Fleiss'
    kappa for three or more annotators; Krippendorff's alpha on attribute
    values of matched spans.
    """
    from annotator.core.agreement import project_agreement

    names = annotators.split(",") if annotators is not None else None
    with open_to_read(resolve_db(db)) as project:
        report = project_agreement(project, names)
    if len(report.annotators) < 2:
        found = ", ".join(report.annotators) or "none"
        raise AnnotatorError(f"agreement needs two or more annotators (found: {found})")
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        typer.echo(render_report(report))


@app.command("merge")
def merge_cmd(
    others: Annotated[
        list[str],
        typer.Argument(
            help="Other project files (or postgresql:// URLs) to bring in.", metavar="OTHER.db"
        ),
    ],
    db: DbOption = None,
    prefer: Annotated[
        str | None,
        typer.Option(
            "--prefer",
            help="'newer': where a set differs, keep the more recently updated side "
            "(default: keep both, the incoming one as NAME@FILE).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change, change nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Merge a file whose labels of the same name have other span keys or "
            "attributes (this project's scheme is kept; the differences are printed).",
        ),
    ] = False,
) -> None:
    """Bring other project files' documents, annotators, sets and predictions in.

    Documents match by text, sets by (document, annotator); merging the same
    file twice changes nothing; nothing is overwritten silently.
    """
    from annotator.core.store.merge import merge_projects

    with (
        open_to_write(resolve_db(db)) as project,
        counting("set", "merging") as progress,
    ):
        result = merge_projects(
            project,
            others,
            prefer=prefer,  # type: ignore[arg-type]
            dry_run=dry_run,
            progress=progress,
            force=force,
        )
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    typer.echo(
        f"documents  {result.documents_added} added, {result.documents_matched} already present"
    )
    added = ", ".join(result.annotators_added) or "none"
    typer.echo(f"annotators {len(result.annotators_added)} added ({added})")
    typer.echo(
        f"sets       {result.sets_added} added, {result.sets_replaced} replaced, "
        f"{result.sets_unchanged} unchanged"
    )
    typer.echo(f"predictions {count(result.predictions_added, 'document/model run')} added")
    if result.conflicts:
        typer.echo(
            f"{count(len(result.conflicts), 'conflict')}: sets that differ between the files"
        )
        for c in result.conflicts:
            what = {
                "kept-both": f"incoming kept as {c.stored_as}",
                "took-incoming": "incoming is newer: it replaced ours",
                "kept-ours": "ours is newer: kept",
            }[c.resolution]
            typer.echo(f"  document {c.document_id}, {c.annotator}: {what}")
    if dry_run:  # the lines above are what a merge would do
        typer.echo(
            "dry run: the changes above would be made; nothing was written"
            if result.changed
            else "dry run: nothing would change: the project already has everything"
        )
    elif not result.changed:
        typer.echo("nothing to change: the project already had everything")
