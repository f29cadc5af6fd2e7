"""Progress bars for long commands: a bar on a terminal, silence when piped.

The core reports progress through callbacks and never draws; whether a bar
is drawn is the command line's decision, made here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm


def interactive() -> bool:
    return sys.stderr.isatty()


@contextmanager
def bar(total: int | None, unit: str, desc: str) -> Iterator[tqdm]:
    """A tqdm bar on stderr, disabled when stderr is not a terminal."""
    with tqdm(
        total=total,
        unit=unit,
        desc=desc,
        disable=not interactive(),
        leave=False,
        file=sys.stderr,
        dynamic_ncols=True,
    ) as progress:
        yield progress


@contextmanager
def counting(unit: str, desc: str) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback that moves a :func:`bar`."""
    with bar(None, unit, desc) as progress:

        def report(done: int, total: int) -> None:
            progress.total = total
            progress.n = done
            progress.refresh()

        yield report
