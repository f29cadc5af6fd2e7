"""Token boundaries: the one tokenizer every part of the app agrees on.

Spans never cut a token (GUIDELINES.md), exports carry token indices, and
agreement compares tokens; all of them must see the same tokens, so they
all call this module. It uses spaCy's rule-based English tokenizer (a blank
pipeline: no model, fast, deterministic), the same tokenizer the small
English pipeline and a ``spacy train`` on our export use.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=1)
def blank_english() -> Language:
    """A blank English pipeline, built once per process (about 50 ms)."""
    return spacy.blank("en")


def token_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of every non-whitespace token."""
    doc = blank_english().make_doc(text)
    return [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]


class TokenIndex:
    """Token offsets of one text with fast snapping and index look-ups."""

    def __init__(self, text: str, offsets: list[tuple[int, int]] | None = None):
        self.text = text
        self.offsets = offsets if offsets is not None else token_offsets(text)
        self.starts = [s for s, _ in self.offsets]
        self.ends = [e for _, e in self.offsets]

    def __len__(self) -> int:
        return len(self.offsets)

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """Widen [start, end) outward to whole tokens.

        A range that touches no token (only whitespace) is returned unchanged
        but for a collapsed range, which callers treat as empty.
        """
        if start > end:
            start, end = end, start
        first = bisect_right(self.ends, start)  # first token ending after start
        last = bisect_left(self.starts, end) - 1  # last token starting before end
        if first > last or first >= len(self.offsets):
            return (start, start)
        return (min(start, self.starts[first]), max(end, self.ends[last]))

    def aligned(self, start: int, end: int) -> bool:
        """True when [start, end) begins and ends on token boundaries."""
        i = bisect_left(self.starts, start)
        j = bisect_left(self.ends, end)
        return (
            i < len(self.starts)
            and self.starts[i] == start
            and j < len(self.ends)
            and self.ends[j] == end
        )
