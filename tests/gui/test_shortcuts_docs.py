"""README's "Keys" table against the annotation window, so neither drifts.

The table Help shows is built from the scheme (``gui.shortcuts``); README
lists it row for row; and every shortcut of every action of the window (its
menus and the review menu) is one of the keys that table names. The review
window's keys are checked the same way in test_review_keys.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.core.scheme import Label, Scheme, default_scheme
from annotator.gui.shortcuts import label_keys, relation_keys, shortcuts
from tests.helpers import readme_key_table

README = Path(__file__).resolve().parents[2] / "README.md"
HEADER = "| Keys | What it does |"


def readme_table() -> list[tuple[str, str]]:
    return readme_key_table(HEADER)


def named(key: str, keys_column: str) -> bool:
    """Whether ``key`` ("Ctrl+K") is one of the keys written in the column."""
    return re.search(rf"(?<![\w+]){re.escape(key)}(?![\w+])", keys_column) is not None


def test_readme_lists_the_shortcuts_help_shows() -> None:
    assert readme_table() == shortcuts(default_scheme())


def test_label_keys_come_from_the_scheme() -> None:
    scheme = default_scheme()
    assert label_keys(scheme) == (
        "1 2 3 4 / A F D S",
        "label the selection ACTOR, FIGURE, DATE, STANCE; relabel a selected span",
    )
    own = Scheme(
        name="own",
        version="1",
        labels=[
            Label(name="PLACE", key="1", mnemonic="p", color="#336699"),
            Label(name="EVENT", key="2", color="#993366"),
        ],
    )
    keys, what = label_keys(own)
    assert keys == "1 2 / P"
    assert what == "label the selection PLACE, EVENT; relabel a selected span"


def test_relation_keys_come_from_the_scheme() -> None:
    rows = relation_keys(default_scheme())
    assert rows[0][0] == "H T"
    assert rows[0][1].startswith("with a STANCE selected, link it by HOLDER, TARGET:")
    assert [keys for keys, _ in rows[1:]] == [
        "Ctrl+drag from a span to another",
        "Click an arc or its label",
    ]
    own = default_scheme().model_copy(update={"relations": []})
    assert relation_keys(own) == []
    assert not any(keys == "H T" for keys, _ in shortcuts(own))


def test_every_action_shortcut_is_in_the_readme(make_window) -> None:
    window = make_window()
    column = " / ".join(keys for keys, _what in readme_table())
    missing = []
    checked = 0
    for action in QWidget.actions(window):  # every QAction on it (``actions`` is its dict)
        sequences = [
            s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()
        ]
        if not sequences:
            continue
        checked += 1
        # one of an action's keys is documented; the others are alternatives
        # (Ctrl+Return for Ctrl+Enter, Ctrl+Y for Ctrl+Shift+Z)
        if not any(named(key, column) for key in sequences):
            missing.append((action.text(), sequences))
    assert checked >= 14  # the window has its actions (File, Edit, Document, Help, Review)
    assert missing == []


def test_help_shows_the_table(make_window) -> None:
    from PySide6.QtWidgets import QTableWidget

    window = make_window()
    dialog = window.show_shortcuts()
    table = dialog.findChild(QTableWidget)
    shown = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert shown == shortcuts(window.scheme)
    dialog.close()
