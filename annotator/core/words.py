"""Counts in messages that read right: "1 document", "2 documents".

Every count a command or the window prints goes through ``count``, so no
message says "1 documents" or hides the number behind "document(s)".
"""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun in the number it takes (``plural`` when adding
    "s" is wrong: "1 annotation set", "3 annotation sets"; "1 entry", "2 entries")."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
