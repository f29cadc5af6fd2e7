"""Titles and sources a person can tell documents apart by.

A text file has no title but its name, and names like ``000_5e097123…`` say
nothing; an article's first line usually is its headline. So a document
without a title gets its first line when that is short enough to be one,
else its first words; the file it came from goes into ``source``, named
from the folder that was imported (``seeds/001.txt``), not as an absolute
path into wherever the files happen to live.
"""

from __future__ import annotations

from pathlib import Path

HEADLINE_CHARS = 100  # a first line longer than this is a paragraph, not a headline
FIRST_WORDS = 10


def derive_title(text: str) -> str:
    """The first line if it is short enough to be a headline, else the first
    words of the text followed by an ellipsis."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) <= HEADLINE_CHARS:
        return first
    words = first.split()
    title = " ".join(words[:FIRST_WORDS])
    if len(title) > HEADLINE_CHARS:
        title = title[:HEADLINE_CHARS].rstrip()
    return title + "…"


def source_names(paths: list[Path], files: list[Path]) -> dict[Path, str]:
    """How each file read from ``paths`` (as given) is named in ``source``: a
    file found in a folder as FOLDER/relative/path, a file named directly as
    it was given."""
    names: dict[Path, str] = {}
    folders = [p for p in paths if p.is_dir()]
    for file in files:
        for folder in folders:
            try:
                relative = file.relative_to(folder)
            except ValueError:
                continue
            names[file] = f"{folder.resolve().name}/{relative.as_posix()}"
            break
        else:
            names[file] = str(file)
    return names
