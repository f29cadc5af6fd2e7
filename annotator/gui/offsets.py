"""Code points (the core) <-> UTF-16 positions (Qt): the one place that converts.

The core counts offsets in Python code points, like spaCy's ``start_char``;
``QTextDocument`` counts UTF-16 code units, where a character outside the
Basic Multilingual Plane (an emoji) takes two. Only astral characters make
the two differ, so the map keeps just their positions and converts with a
bisection: O(log n) per call and nothing at all for a text without them.

``QPlainTextEdit.setPlainText`` also folds ``\\r\\n`` into a single paragraph
break, which would shift every later offset by one; ``display_text`` turns
it into a space and a newline, keeping one Qt position per code unit.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def display_text(text: str) -> str:
    """The text as handed to Qt: same length in code units, ``\\r\\n`` kept as two."""
    return text.replace("\r\n", " \n") if "\r" in text else text


def trim_space(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the whitespace at its ends. Snapping widens a
    selection to whole tokens but keeps where it began when that is between
    tokens: a drag from a blank line would start on the line break, which
    is stored but never drawn (a paragraph's format stops before its break).
    Trimmed, what is stored and what is drawn begin at the same word."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class OffsetMap:
    """Converts offsets of one text between code points and UTF-16 units."""

    __slots__ = ("_astral", "_qpos", "length", "qt_length")

    def __init__(self, text: str):
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        # UTF-16 position of each astral character: it is preceded by n others.
        self._qpos = [cp + n for n, cp in enumerate(self._astral)]
        self.length = len(text)
        self.qt_length = len(text) + len(self._astral)

    def to_qt(self, offset: int) -> int:
        """UTF-16 position of a code-point offset."""
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def to_py(self, position: int, round_up: bool = False) -> int:
        """Code-point offset of a UTF-16 position.

        A position between the two halves of a surrogate pair rounds down
        to the character's start, or up past it with ``round_up``.
        """
        if not self._astral:
            return position
        k = bisect_left(self._qpos, position)  # astral characters starting before it
        if k and position == self._qpos[k - 1] + 1:
            return self._astral[k - 1] + (1 if round_up else 0)
        return position - k

    def range_to_py(self, start: int, end: int) -> tuple[int, int]:
        """A UTF-16 range widened to whole code points."""
        return self.to_py(start), self.to_py(end, round_up=True)
