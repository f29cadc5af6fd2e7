"""``export``: select records from a project and hand them to a writer.

The CLI and the GUI both call :func:`export_project`; the writers themselves
(docbin, prodigy, doccano, conll) take plain records and know no SQLite.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from tqdm import tqdm

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project

from .conll import write_conll
from .docbin import write_docbin
from .doccano import write_doccano
from .prodigy import write_prodigy
from .records import ExportRecord, ExportSummary, split_keys
from .source import Source, select

Format = Literal["spacy", "jsonl", "doccano", "conll"]
FORMATS: tuple[str, ...] = ("spacy", "jsonl", "doccano", "conll")


Report = Callable[[int, int], None]  # (documents done, documents in all)


class ExportCancelled(AnnotatorError):
    """The caller asked to stop; no output file was written or replaced."""


def _progress(
    records: Iterable[ExportRecord],
    total: int,
    show: bool | None,
    report: Report | None,
    should_stop: Callable[[], bool] | None,
) -> Iterator[ExportRecord]:
    disable = not sys.stderr.isatty() if show is None else not show
    for done, record in enumerate(
        tqdm(records, total=total, unit="doc", desc="export", disable=disable, leave=False)
    ):
        if should_stop is not None and should_stop():
            raise ExportCancelled("export cancelled: no file was written")
        if report is not None and done % 100 == 0:
            report(done, total)
        yield record
    if report is not None:
        report(total, total)


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
    progress: bool | None = None,
    report: Report | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ExportSummary:
    """Export the chosen sets of ``project`` to ``out`` in format ``fmt``.

    ``spacy`` writes ``train.spacy`` and ``dev.spacy`` into the directory
    ``out``; the other formats write the file ``out``. Files appear complete
    or not at all (written beside and renamed). ``progress`` forces the
    terminal bar on or off (default: on when stderr is a terminal);
    ``report`` and ``should_stop`` are for a GUI worker thread.
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
    scheme = project.scheme()
    records = _progress(
        selection.records(batch_size), len(selection), progress, report, should_stop
    )
    if fmt == "spacy":
        train = split_keys(selection.hashes.values(), split, seed)
        return write_docbin(records, out, scheme, lambda r: r.key in train)
    if fmt == "jsonl":
        return write_prodigy(records, out)
    if fmt == "doccano":
        return write_doccano(records, out)
    return write_conll(records, out, scheme)
