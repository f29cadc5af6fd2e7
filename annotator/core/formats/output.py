"""Output that appears complete or not at all, one writer at a time.

Every writer of a training-data file goes through :func:`replace_when_done`:
an export can be interrupted (a full disk, Ctrl+C, a cancelled GUI task) and
a half-written file would be taken for data by the next ``spacy train``. Two
exports to one target at once would mix their files, so each takes a lock
file beside the target first; the second is refused. Under that lock, the
``.part`` folders a killed export left for the same target are removed.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from annotator.core.errors import AnnotatorError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


@contextmanager
def exclusive(lock: Path, target: Path) -> Iterator[None]:
    """Hold ``lock`` (created, then removed when done) or refuse at once,
    naming ``target``. The lock is the operating system's, so a killed
    holder releases it; a lock file removed by the holder before us is not
    the one to hold, so its inode is checked after locking."""
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            raise AnnotatorError(
                f"{target}: another export is writing it now; this one wrote nothing"
            )
        try:
            if os.stat(lock).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield
    finally:
        with suppress(OSError):
            lock.unlink()
        os.close(fd)


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
    # One name per target, wherever it is taken from: the lock and the stale
    # .part folders of earlier runs are found by it.
    named = parent if len(targets) > 1 else targets[0]
    where = named.resolve().relative_to(base.resolve())
    key = "." + (str(where).replace(os.sep, "%") if where.parts else "annotator-export")
    with exclusive(base / f"{key}.lock", named):
        for stale in base.glob(f"{glob_escape(key)}.*.part"):
            shutil.rmtree(stale, ignore_errors=True)
        with _staged(targets, parent, base, key) as staged:
            yield staged


def glob_escape(name: str) -> str:
    """``name`` with the characters glob treats as patterns made literal."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


@contextmanager
def _staged(
    targets: tuple[Path, ...], parent: Path, base: Path, key: str
) -> Iterator[tuple[Path, ...]]:
    staging = Path(tempfile.mkdtemp(prefix=f"{key}.", suffix=".part", dir=base))
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


STDOUT = "-"  # ``--out -``: the lines go to standard output


def write_lines(path: str | Path, lines: Iterable[str]) -> None:
    """Write ``lines`` (without newlines) as a UTF-8 text file, ``\\n`` after
    each; to standard output when ``path`` is ``-`` (a pipe has no file to
    appear whole: a failure midway leaves the lines written so far, and the
    command exits non-zero)."""
    if str(path) == STDOUT:
        out = io.TextIOWrapper(
            sys.stdout.buffer, encoding="utf-8", newline="\n", write_through=False
        )
        try:
            for line in lines:
                out.write(line)
                out.write("\n")
            out.flush()
        finally:
            out.detach()
        return
    with (
        replace_when_done(Path(path)) as (staged,),
        staged.open("w", encoding="utf-8", newline="\n") as handle,
    ):
        for line in lines:
            handle.write(line)
            handle.write("\n")
