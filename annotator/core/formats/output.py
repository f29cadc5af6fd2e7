"""Output that appears complete or not at all.

Every writer of a training-data file goes through :func:`replace_when_done`:
an export can be interrupted (a full disk, Ctrl+C, a cancelled GUI task) and
a half-written file would be taken for data by the next ``spacy train``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replace_when_done(*targets: Path) -> Iterator[tuple[Path, ...]]:
    """Paths to write ``targets`` at; moved into place together when the block ends.

    The paths lie in one hidden directory in the nearest existing ancestor of
    the targets (so a failed write creates no folder either). Only when the
    block ends without an exception are they renamed onto the targets, all of
    them after all are written: a failure never leaves a new part beside an
    old one. A target may be a file or a directory and may replace either.
    On an exception, or when done, the hidden directory is removed.
    """
    parent = targets[0].parent
    if any(target.parent != parent for target in targets):
        raise ValueError("replace_when_done: the targets must share a directory")
    base = parent
    while not base.is_dir() and base != base.parent:
        base = base.parent
    staging = Path(tempfile.mkdtemp(prefix=".annotator-", suffix=".part", dir=base))
    try:
        new, old = staging / "new", staging / "old"
        new.mkdir()
        old.mkdir()
        staged = tuple(new / target.name for target in targets)
        yield staged
        parent.mkdir(parents=True, exist_ok=True)
        for written, target in zip(staged, targets, strict=True):
            # A file replaces a file in one rename; a directory cannot replace
            # anything that is not an empty directory, so the old one moves aside.
            if target.exists() and (target.is_dir() or written.is_dir()):
                target.replace(old / target.name)
            written.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_lines(path: str | Path, lines: Iterable[str]) -> None:
    """Write ``lines`` (without newlines) as a UTF-8 text file, ``\\n`` after each."""
    with (
        replace_when_done(Path(path)) as (staged,),
        staged.open("w", encoding="utf-8", newline="\n") as handle,
    ):
        for line in lines:
            handle.write(line)
            handle.write("\n")
