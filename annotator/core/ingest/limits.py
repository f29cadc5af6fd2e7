"""How long an imported document may be, and the CSV field limit that follows.

Every reader accepts any length, but the window lays a document out as one
text block: a 200 MB text makes the project impossible to open (gigabytes of
memory, minutes). The limit counts characters of the stored text; the default,
10,000,000, keeps the multi-megabyte news dumps that pre-annotation already
handles. ``annotator import --max-chars N`` changes it for one run.

Python's ``csv`` module has its own limit, 131,072 characters per field,
unrelated to ours: a CSV ``text`` column could hold far less than a JSONL
``text``. While a CSV is read, its field limit is the document limit, so one
number holds for every format.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.core.errors import InputError

DEFAULT_MAX_CHARS = 10_000_000
_C_LONG_MAX = 2**31 - 1  # csv.field_size_limit takes a C long, 32 bits on Windows


def check_size(text: str, path: Path, line: int | None, max_chars: int) -> None:
    """Refuse a document text longer than ``max_chars``, saying how long it is."""
    if len(text) > max_chars:
        raise InputError(
            f"document text is {len(text):,} characters, over the limit of {max_chars:,}"
            " (import --max-chars N raises it)",
            str(path),
            line,
        )


def field_too_long(max_chars: int) -> str:
    """The reason given for a CSV field over the limit ``csv_field_limit`` set."""
    return (
        f"a field is over {min(max_chars, _C_LONG_MAX):,} characters, the document size limit"
        " (import --max-chars N raises it)"
    )


@contextmanager
def csv_field_limit(max_chars: int) -> Iterator[None]:
    """Let ``csv`` read fields up to ``max_chars`` long, restoring its limit after
    (the limit is process-wide)."""
    previous = csv.field_size_limit(min(max_chars, _C_LONG_MAX))
    try:
        yield
    finally:
        csv.field_size_limit(previous)
