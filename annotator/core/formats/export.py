"""``export``: select records from a project and hand them to a writer.

The CLI calls :func:`export_project`; the writers themselves (docbin,
prodigy, doccano, conll) take plain records and know no SQLite. Progress goes
to a callback, so the caller decides how to show it (the CLI draws a bar on
a terminal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.store.nonjson import non_json_values

from .conll import write_conll
from .docbin import write_docbin
from .doccano import write_doccano
from .prodigy import write_prodigy
from .records import ExportRecord, ExportSummary, split_keys
from .source import Selection, Source, select

Format = Literal["spacy", "jsonl", "doccano", "conll"]
FORMATS: tuple[str, ...] = ("spacy", "jsonl", "doccano", "conll")
REPORT_EVERY = 100  # documents between two progress reports


Progress = Callable[[int, int], None]  # (documents done, documents in all)


class ExportCancelled(AnnotatorError):
    """The caller asked to stop; no output file was written or replaced."""


def _reporting(
    records: Iterable[ExportRecord],
    total: int,
    progress: Progress | None,
    should_stop: Callable[[], bool] | None,
) -> Iterator[ExportRecord]:
    """``records`` passed through, reporting progress and stopping when asked."""
    for done, record in enumerate(records):
        if should_stop is not None and should_stop():
            raise ExportCancelled("export cancelled: no file was written")
        if progress is not None and done % REPORT_EVERY == 0:
            progress(done, total)
        yield record
    if progress is not None:
        progress(total, total)


def _refuse_non_json(project: Project, selection: Selection, source: Source) -> None:
    """Refuse, before writing anything, values no JSON reader takes (NaN,
    Infinity), naming where they are."""
    found = non_json_values(
        project,
        selection.hashes,
        selection.set_ids.values(),
        predictions=source == "predictions",
    )
    if found:
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        raise AnnotatorError(
            f"{project.path}: {found[0]}{more}: a value JSON cannot represent"
            " (NaN or Infinity); fix or remove it, nothing was exported"
        )


def export_project(
    project: Project,
    fmt: Format,
    out: str | Path,
    source: Source = "gold",
    annotator: str | None = None,
    include_unfinished: bool = False,
    split: float = 0.8,
    seed: int = 0,
    batch_size: int = 500,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ExportSummary:
    """Export the chosen sets of ``project`` to ``out`` in format ``fmt``.

    ``spacy`` writes ``train.spacy`` and ``dev.spacy`` into the directory
    ``out``; the other formats write the file ``out``. Files appear complete
    or not at all (written beside and renamed). ``progress(done, total)`` is
    called every few documents; ``should_stop()`` is asked before each one
    and, when true, ends the export with :class:`ExportCancelled`.
    """
    if fmt not in FORMATS:
        raise AnnotatorError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    if not 0.0 <= split <= 1.0:
        raise AnnotatorError(f"--split {split} is not between 0 and 1")
    out = Path(out)
    if fmt == "spacy" and out.exists() and not out.is_dir():
        raise AnnotatorError(f"{out}: the spacy format writes a directory; this is a file")
    if fmt != "spacy" and out.is_dir():
        raise AnnotatorError(f"{out}: the {fmt} format writes a file; this is a directory")
    selection = select(project, source, annotator, include_unfinished)
    _refuse_non_json(project, selection, source)
    scheme = project.scheme()
    records = _reporting(selection.records(batch_size), len(selection), progress, should_stop)
    if fmt == "spacy":
        train = split_keys(selection.hashes.values(), split, seed)
        return write_docbin(records, out, scheme, lambda r: r.key in train)
    if fmt == "jsonl":
        return write_prodigy(records, out, scheme=scheme)
    if fmt == "doccano":
        return write_doccano(records, out, scheme=scheme)
    return write_conll(records, out, scheme)
