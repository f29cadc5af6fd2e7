"""The keyboard shortcuts, in one table: the Help dialog and the README show it."""

from __future__ import annotations

SHORTCUTS: list[tuple[str, str]] = [
    ("Mouse drag or Shift+arrows", "select text (snaps out to whole tokens)"),
    (
        "1 2 3 4 / A F D S",
        "label the selection ACTOR, FIGURE, DATE, STANCE; relabel a selected span",
    ),
    ("Click a span", "select it (its attributes open in the inspector)"),
    ("Enter", "confirm the selected model suggestion as it is"),
    ("Delete / Backspace", "remove the selected span"),
    ("Ctrl+Left / Ctrl+Right", "move the selected span's end one token"),
    ("Ctrl+Shift+Left / Ctrl+Shift+Right", "move the selected span's start one token"),
    ("Esc", "clear the selection"),
    ("Ctrl+Enter", "accept the document (done) and open the next unfinished one"),
    ("Ctrl+K", "skip the document with a reason"),
    ("Ctrl+Shift+N", "edit the document's note"),
    ("Alt+Right / Page Down", "next document"),
    ("Alt+Left / Page Up", "previous document"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo any edit, also after moving to another document"),
    ("Ctrl+F", "find in the text"),
    ("Ctrl+L", "search the document list"),
    ("Ctrl+I", "import files"),
    ("F1", "the annotation guidelines"),
]


def markdown_table() -> str:
    rows = ["| Keys | What it does |", "| --- | --- |"]
    rows += [f"| {keys} | {what} |" for keys, what in SHORTCUTS]
    return "\n".join(rows)
