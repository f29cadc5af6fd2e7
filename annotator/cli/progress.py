"""Progress bars for long commands: a bar on a terminal, silence when piped."""

from __future__ import annotations

import sys
from collections.abc import Iterator
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
