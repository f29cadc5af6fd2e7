"""The annotation window's keys, in one table: the Help dialog shows it and
README's "Keys" table lists it (tests/gui/test_shortcuts_docs.py keeps the
two, and the window's actions, the same).

The label keys, the relation keys and the document categories' keys come
from the project's scheme, so a project with its own labels is shown its own keys; the default
scheme gives README's rows.
"""

from __future__ import annotations

from annotator.core.scheme import Scheme


def label_keys(scheme: Scheme) -> tuple[str, str]:
    """The row of the label keys: ``("1 2 3 4 / A F D S", "label the selection ACTOR, …")``."""
    keys = " ".join(label.key for label in scheme.labels)
    mnemonics = " ".join(label.mnemonic.upper() for label in scheme.labels if label.mnemonic)
    names = ", ".join(scheme.names)
    return (
        f"{keys} / {mnemonics}" if mnemonics else keys,
        f"label the selection {names}; relabel a selected span",
    )


def relation_keys(scheme: Scheme) -> list[tuple[str, str]]:
    """The rows of the relations: their keys (``H T`` for HOLDER, TARGET),
    the Ctrl+drag and the click on an arc; none when the scheme has no relations."""
    kinds = scheme.relations
    if not kinds:
        return []
    heads = "/".join(dict.fromkeys(head for kind in kinds for head in kind.heads))
    return [
        (
            " ".join(kind.key.upper() for kind in kinds),
            f"with a {heads} selected, link it by {', '.join(k.name for k in kinds)}:"
            " the spans it may point at are offered nearest first (←/→ another, Enter"
            " links, Esc cancels, or click one); with a relation selected, relabel it",
        ),
        (
            "Ctrl+drag from a span to another",
            "link them by the first relation the scheme allows between their labels"
            " (a relation key then changes it)",
        ),
        (
            "Click an arc or its label",
            "select the relation: Delete removes it, Enter confirms a suggestion",
        ),
    ]


def category_keys(scheme: Scheme) -> tuple[str, str] | None:
    """The shortcuts table's row of the category keys, or None without keyed values:
    ``("5 6 / 7 8 9 0", "the document's relevance: relevant, not relevant / …")``."""
    groups = [c for c in scheme.categories if any(v.key for v in c.values)]
    if not groups:
        return None
    keys = " / ".join(" ".join(v.key for v in c.values if v.key) for c in groups)
    names = " / ".join(f"{c.name}: {', '.join(v.name for v in c.values if v.key)}" for c in groups)
    return (
        keys,
        f"set the document's {names} (anywhere but a text field); on a suggested"
        " value it confirms it, on a chosen one it clears it (a many-choice value toggles)",
    )


def shortcuts(scheme: Scheme) -> list[tuple[str, str]]:
    """Every key of the annotation window with what it does, in README's order."""
    return [
        ("Mouse drag or Shift+arrows", "select text (snaps out to whole tokens)"),
        label_keys(scheme),
        *relation_keys(scheme),
        ("Click a span", "select it (its attributes open in the inspector)"),
        ("Enter", "confirm the selected model suggestion as it is"),
        ("Delete / Backspace", "remove the selected span (with its relations) or relation"),
        ("Ctrl+Left / Ctrl+Right", "move the selected span's end one token"),
        ("Ctrl+Shift+Left / Ctrl+Shift+Right", "move the selected span's start one token"),
        ("Esc", "clear the selection"),
        *filter(None, [category_keys(scheme)]),
        ("Ctrl+Enter", "accept the document (done) and open the next unfinished one"),
        ("Ctrl+K", "skip the document with a reason"),
        ("Ctrl+Shift+N", "edit the document's note"),
        ("Alt+Right (anywhere) / Page Down (in the article)", "next document"),
        ("Alt+Left (anywhere) / Page Up (in the article)", "previous document"),
        ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo any edit, also after moving to another document"),
        ("Ctrl+F", "find in the text"),
        ("Ctrl+L", "search the document list"),
        ("Ctrl+I", "import files"),
        (
            "Ctrl++ / Ctrl+- / Ctrl+0",
            "the article's text larger / smaller / usual size (remembered)",
        ),
        ("Ctrl+Shift+R", "review and adjudicate, in the review window"),
        ("Ctrl+Shift+D", "the agreement dashboard"),
        ("F1", "the annotation guidelines"),
        ("Ctrl+Q", "quit"),
    ]
