"""Import files into a project: all of a run or nothing.

Every file is read and checked before anything is written, so a bad file
anywhere in the list leaves the project exactly as it was. Then the files are
read again and stored through one staged run (``store/staging.py``): short
commits that a window on the same file can write between, undone as a whole
if anything fails while writing (a file removed or changed since the check,
a full disk, Ctrl+C), so the error says "nothing was imported" and means it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.store import Project, StagedRun, staged_run

from .limits import DEFAULT_MAX_CHARS
from .readers import expand_paths, read_file
from .titles import source_names

Progress = Callable[[int, int, str], None]  # (files done, files total, current file)
UNDONE = "nothing was imported"


@dataclass
class FileResult:
    path: Path
    added: int
    duplicates: int


@dataclass
class ImportSummary:
    files: list[FileResult] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)  # earlier killed runs undone first

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
        return "; ".join([*self.recovered, text])


def _digest(path: Path) -> str:
    """The file's bytes as checked: a file rewritten between the check and
    the write (still valid or not) must not be stored unchecked."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def check_paths(
    paths: list[Path], max_chars: int = DEFAULT_MAX_CHARS, names: dict[Path, str] | None = None
) -> list[tuple[Path, str, str]]:
    """Read and check every plain file (folders expanded); raises InputError
    before anything is written. Returns each file with its content digest and
    the name its documents' ``source`` gets (``names``, when the caller
    expanded the folders it was given)."""
    given = [Path(p) for p in paths]
    files = expand_paths(given)
    names = {**source_names(given, files), **(names or {})}
    checked = []
    for path in files:
        read_file(path, max_chars, names[path])
        checked.append((path, _digest(path), names[path]))
    return checked


def store_paths(
    project: Project,
    run: StagedRun,
    checked: list[tuple[Path, str, str]],
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> ImportSummary:
    """Store checked files through ``run``, a chunk of documents per commit.
    A file gone or changed since its check, or a stop request, raises (the
    run is then undone by its owner)."""
    summary = ImportSummary()
    for number, (path, digest, source) in enumerate(checked):
        if should_stop is not None and should_stop():
            raise AnnotatorError("import cancelled")
        if progress is not None:
            progress(number, len(checked), str(path))
        run.flush()  # reading the file writes nothing: the last file's chunk must not wait for it
        records = read_file(path, max_chars, source)
        if _digest(path) != digest:
            raise InputError("changed after it was checked", str(path))
        added = duplicates = 0
        for part in run.batches(records):
            with run.write(len(part)):
                result = project.documents.add(r.document for r in part)
            added += result.added
            duplicates += result.duplicates
        summary.files.append(FileResult(path, added, duplicates))
    if progress is not None:
        progress(len(summary.files), len(checked), "")
    return summary


def import_paths(
    project: Project,
    paths: list[Path],
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> ImportSummary:
    """Check every file, then store all of them in one staged run."""
    checked = check_paths(paths, max_chars)
    with staged_run(project, "import", UNDONE) as run:
        summary = store_paths(project, run, checked, progress, should_stop, max_chars)
    summary.recovered = run.recovered
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

    Every file, plain or annotated, is read and checked before anything is
    written; then all of them are stored in one staged run, kept whole or
    undone whole.
    """
    from .annotations import parse_label_map, prepare_annotated, split_annotated, store_annotated

    plain, annotated = split_annotated([Path(p) for p in paths])
    prepared = prepare_annotated(
        project, annotated, annotator, parse_label_map(label_map), add_labels, max_chars
    )
    names = source_names([Path(p) for p in paths], plain)
    checked = check_paths(plain or ([] if annotated else paths), max_chars, names)
    messages = []
    with staged_run(project, "import", UNDONE) as run:
        if plain or not annotated:
            summary = store_paths(project, run, checked, progress, should_stop, max_chars)
            messages.append(summary.message())
        if annotated:
            if should_stop is not None and should_stop():
                raise AnnotatorError("import cancelled")
            messages.append(store_annotated(project, prepared, run).message())
    return [*run.recovered, *messages]
