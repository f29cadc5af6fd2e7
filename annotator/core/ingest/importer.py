"""Import files into a project: all of a run or nothing.

Every file is read, parsed and checked once, before anything is written, so
a bad file anywhere in the list leaves the project exactly as it was; the
records of that one parse are what is stored. Then they are stored through
one staged run (``store/staging.py``): short commits that a window on the
same file can write between, undone as a whole if anything fails while
writing (a file removed or changed since the check, a full disk, Ctrl+C),
so the error says "nothing was imported" and means it. A file is not parsed
again for the write: only its bytes are hashed again, so a file changed
since its check is refused instead of stored unchecked.

``-`` reads standard input (JSONL or a doccano JSON array): its bytes are
kept in a file of the run's own, so the check and the write see the same
bytes and errors name ``-:LINE``.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.store import Project, StagedRun, staged_run
from annotator.core.words import count

from .collector import collector_held
from .limits import DEFAULT_MAX_CHARS
from .linereader import AnswerMissing
from .readers import Record, expand_paths, read_bytes, read_file
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
        text = f"imported {count(self.added, 'new document')} from {count(len(self.files), 'file')}"
        if self.duplicates:
            text += f"; {self.duplicates} already in the project, not added again"
        return "; ".join([*self.recovered, text])


def file_digest(path: Path) -> str:
    """The file's bytes as checked: a file rewritten between the check and
    the write (still valid or not) must not be stored unchecked."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        raise InputError("removed after it was checked", str(path)) from None


@dataclass
class CheckedFile:
    """One plain file as its single parse found it: what the write stores."""

    path: Path
    digest: str
    source: str  # what its documents' ``source`` says when they name none
    records: list[Record]


def check_paths(
    paths: list[Path], max_chars: int = DEFAULT_MAX_CHARS, names: dict[Path, str] | None = None
) -> list[CheckedFile]:
    """Read, parse and check every plain file (folders expanded); raises
    InputError before anything is written. Each file keeps its records (the
    write stores them, it does not parse again), its content digest and the
    name its documents' ``source`` gets (``names``, when the caller expanded
    the folders it was given)."""
    given = [Path(p) for p in paths]
    files = expand_paths(given)
    names = {**source_names(given, files), **(names or {})}
    checked = []
    for path in files:
        data = read_bytes(path)
        records = read_file(path, max_chars, names[path], data)
        digest = hashlib.sha256(data).hexdigest()
        checked.append(CheckedFile(path, digest, names[path], records))
    return checked


def store_paths(
    project: Project,
    run: StagedRun,
    checked: list[CheckedFile],
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Store checked files through ``run``, a chunk of documents per commit.
    A file gone or changed since its check, or a stop request, raises (the
    run is then undone by its owner)."""
    summary = ImportSummary()
    for number, file in enumerate(checked):
        if should_stop is not None and should_stop():
            raise AnnotatorError("import cancelled")
        if progress is not None:
            progress(number, len(checked), str(file.path))
        run.flush()  # hashing the file writes nothing: the last file's chunk must not wait for it
        if file_digest(file.path) != file.digest:
            raise InputError("changed after it was checked", str(file.path))
        added = duplicates = 0
        for part in run.batches(file.records):
            with run.write(len(part)):
                result = project.documents.add(r.document for r in part)
            added += result.added
            duplicates += result.duplicates
        summary.files.append(FileResult(file.path, added, duplicates))
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
    with collector_held():
        checked = check_paths(paths, max_chars)
        with staged_run(project, "import", UNDONE) as run:
            summary = store_paths(project, run, checked, progress, should_stop)
    summary.recovered = run.recovered
    return summary


STDIN = Path("-")
STDIN_DIR, STDIN_NAME = "annotator-stdin-", "stdin.jsonl"


@contextmanager
def _stdin_kept(paths: list[Path]) -> Iterator[list[Path]]:
    """``paths`` with ``-`` standing for a file holding standard input's
    bytes (``stdin.jsonl`` in a folder of the run's own), so it is checked
    and stored like any file; an error about it names ``-``."""
    if STDIN not in paths:
        yield paths
        return
    with tempfile.TemporaryDirectory(prefix=STDIN_DIR) as folder:
        kept = Path(folder) / STDIN_NAME
        kept.write_bytes(sys.stdin.buffer.read())
        try:
            yield [kept if p == STDIN else p for p in paths]
        except InputError as exc:
            if exc.path != str(kept):
                raise
            raise InputError(exc.reason, "-", exc.line) from None


def _is_stdin(path: Path) -> bool:
    """Whether ``path`` is the file :func:`_stdin_kept` keeps standard input in."""
    return path.name == STDIN_NAME and path.parent.name.startswith(STDIN_DIR)


def import_any(
    project: Project,
    paths: list[Path],
    annotator: str | None = None,
    label_map: str | None = None,
    add_labels: bool = False,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    answer_missing: AnswerMissing | None = None,
    replace: bool = False,
) -> list[str]:
    """Import plain corpora and annotated files (Prodigy, doccano, .spacy)
    together, as the CLI and the window both do; returns the summary lines.

    Every file, plain or annotated, is read and checked before anything is
    written; then all of them are stored in one staged run, kept whole or
    undone whole. A set that differs from the annotator's own set of the
    document is kept beside it as ``NAME@FILE`` unless ``replace``
    (``conflicts.py``); ``-`` is standard input.
    """
    with _stdin_kept([Path(p) for p in paths]) as given, collector_held():
        return _import_any(
            project,
            given,
            annotator,
            label_map,
            add_labels,
            progress,
            should_stop,
            max_chars,
            answer_missing,
            replace,
        )


def _import_any(
    project: Project,
    paths: list[Path],
    annotator: str | None,
    label_map: str | None,
    add_labels: bool,
    progress: Progress | None,
    should_stop: Callable[[], bool] | None,
    max_chars: int,
    answer_missing: AnswerMissing | None,
    replace: bool,
) -> list[str]:
    from .annotations import parse_label_map, prepare_annotated, split_annotated, store_annotated
    from .conflicts import conflict_text

    plain, annotated = split_annotated(paths)
    prepared = prepare_annotated(
        project,
        annotated,
        annotator,
        parse_label_map(label_map),
        add_labels,
        max_chars,
        answer_missing,
    )
    prepared.replace = replace
    for read in prepared.files:  # standard input's documents name it, not the run's own file
        if _is_stdin(read.path):
            for record in read.records:
                if record.document.source == str(read.path):
                    record.document.source = "stdin"
    names = {p: "stdin" if _is_stdin(p) else n for p, n in source_names(paths, plain).items()}
    checked = check_paths(plain or ([] if annotated else paths), max_chars, names)
    messages = []
    with staged_run(project, "import", UNDONE) as run:
        if plain or not annotated:
            summary = store_paths(project, run, checked, progress, should_stop)
            messages.append(summary.message())
        if annotated:
            if should_stop is not None and should_stop():
                raise AnnotatorError("import cancelled")
            stored = store_annotated(project, prepared, run)
            parts = [stored.message(), conflict_text(stored.per_file)]
            parts.append("per file: " + "; ".join(t.text() for t in stored.per_file))
            messages.append("; ".join(p for p in parts if p))
    return [*run.recovered, *messages]
