"""Import files into a project, all-or-nothing per run and per file.

Every file is read and checked before anything is written, so a bad file
anywhere in the list leaves the project exactly as it was; then each file is
stored in its own transaction. A hook lets the annotated formats (Prodigy,
doccano) store the spans of a file in that same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.store import Project

from .limits import DEFAULT_MAX_CHARS
from .readers import Record, expand_paths, read_file

Progress = Callable[[int, int, str], None]  # (files done, files total, current file)
RecordsHook = Callable[[Project, list[Record], list[int]], None]


@dataclass
class FileResult:
    path: Path
    added: int
    duplicates: int


@dataclass
class ImportSummary:
    files: list[FileResult] = field(default_factory=list)
    cancelled: bool = False

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    def message(self) -> str:
        text = f"imported {self.added} new document(s) from {len(self.files)} file(s)"
        if self.duplicates:
            text += f"; {self.duplicates} already in the project, not added again"
        if self.cancelled:
            text += " (cancelled: the files not reached were not imported)"
        return text


def import_paths(
    project: Project,
    paths: list[Path],
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    hook: RecordsHook | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> ImportSummary:
    """Check every file, then store them one transaction per file."""
    files = expand_paths([Path(p) for p in paths])
    for path in files:  # phase 1: raises InputError before anything is written
        read_file(path, max_chars)
    summary = ImportSummary()
    for number, path in enumerate(files):
        if should_stop is not None and should_stop():
            summary.cancelled = True
            break
        if progress is not None:
            progress(number, len(files), str(path))
        records = read_file(path, max_chars)
        with project.transaction():
            result = project.documents.add(r.document for r in records)
            if hook is not None:
                hook(project, records, result.ids)
        summary.files.append(FileResult(path, result.added, result.duplicates))
    if progress is not None:
        progress(len(summary.files), len(files), "")
    return summary


def import_any(
    project: Project,
    paths: list[Path],
    annotator: str | None = None,
    label_map: str | None = None,
    add_labels: bool = False,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> list[str]:
    """Import plain corpora and annotated files (Prodigy, doccano, .spacy)
    together, as the CLI and the window both do; returns the summary lines.

    Annotated files are read and checked before anything is written, so a
    bad span or label leaves the project unchanged.
    """
    from .annotations import parse_label_map, prepare_annotated, split_annotated, store_annotated

    plain, annotated = split_annotated([Path(p) for p in paths])
    prepared = prepare_annotated(
        project, annotated, annotator, parse_label_map(label_map), add_labels, max_chars
    )
    messages = []
    if plain or not annotated:
        summary = import_paths(
            project, plain or paths, progress=progress, should_stop=should_stop, max_chars=max_chars
        )
        messages.append(summary.message())
    if annotated and not (should_stop is not None and should_stop()):
        messages.append(store_annotated(project, prepared).message())
    return messages
