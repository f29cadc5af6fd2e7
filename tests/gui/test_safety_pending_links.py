"""Relation and category edits wait as pending too, like span edits.

Another connection holds the write lock: adding, relabelling and deleting a
relation and choosing a category are shown at once, counted as not saved,
kept when the document is left and opened again, written in order once the
lock goes (the file then holds what was shown), undone in order; closing
with them pending puts them in the recovery file, which import takes back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.gui import recovery
from tests.gui.test_relations_window import press_keys, select_by_click, stance_and_actors
from tests.gui.test_safety_pending import take, taking_back
from tests.helpers import run_cli


@pytest.fixture(autouse=True)
def never_asked(monkeypatch) -> None:
    """A window closed with edits pending (a failed test) does not wait on a dialog."""
    monkeypatch.setattr(recovery, "ask_on_close", lambda *_a: recovery.CloseChoice.DISCARD)


@pytest.fixture
def lock(gui_db: Path) -> Iterator[sqlite3.Connection]:
    """A second connection that holds the write lock until released."""
    conn = sqlite3.connect(gui_db, isolation_level=None, timeout=10)
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def on_disk(path: Path, set_id: int) -> tuple[set[tuple], dict[str, list[str]]]:
    """(relations as (head label, child label, label, origin), categories) of
    a set, read through a fresh connection."""
    conn = sqlite3.connect(path)
    try:
        relations = {
            tuple(r)
            for r in conn.execute(
                "SELECT h.label, c.label, r.label, r.origin FROM relations r"
                " JOIN spans h ON h.id = r.head_span_id JOIN spans c ON c.id = r.child_span_id"
                " WHERE r.set_id = ?",
                (set_id,),
            )
        }
        answers: dict[str, list[str]] = {}
        for name, value in conn.execute(
            "SELECT name, value FROM categories WHERE set_id = ? ORDER BY name, value", (set_id,)
        ):
            answers.setdefault(name, []).append(value)
        return relations, answers
    finally:
        conn.close()


def shown(window) -> tuple[set[tuple], dict[str, list[str]]]:
    s = window.session
    links = window.editor.relations.links.items.values()
    relations = {(s.spans[x.head].label, s.spans[x.child].label, x.label, x.origin) for x in links}
    return relations, {k: list(v) for k, v in s.answers.values.items()}


def pending_count(window) -> int:
    """The status bar's count of edits not saved yet ("3 edits not saved yet ...")."""
    text = window.indicators.pending_label.text()
    assert "not saved yet" in text and window.indicators.pending_label.isVisible()
    return int(text.split()[0])


def test_relation_and_category_edits_under_a_lock_wait_shown_then_are_written(
    make_window, qtbot, gui_db, lock
):
    window = make_window("alice")
    s, rel = window.session, window.editor.relations
    first = s.doc_id
    other = next(i for i in s.project.documents.ids() if i != first)
    assert s.open_document(other) and s.open_document(first)  # both sets exist now
    set_id = s.set_id
    before = on_disk(gui_db, set_id)
    stance, _actors = stance_and_actors(window)
    take(lock)

    s.select(stance.id)
    press_keys(qtbot, window, "h", Qt.Key.Key_Return)
    (link,) = rel.links.items.values()
    assert link.id < -1  # shown under an id of the window's own, not written yet
    assert shown(window)[0] == {("STANCE", "ACTOR", "HOLDER", "human")}
    assert "HOLDER: STANCE →" in window.statusBar().currentMessage()
    assert pending_count(window) == 1

    QTest.keyClick(window.editor.view, Qt.Key.Key_9)
    assert window.statusBar().currentMessage() == "genre: opinion (was not set)"
    assert window.editor.categories.buttons[("genre", "opinion")].isChecked()
    assert pending_count(window) == 2

    select_by_click(qtbot, window, link.id)
    press_keys(qtbot, window, "t")  # relabel the pending relation: a third write
    assert shown(window)[0] == {("STANCE", "ACTOR", "TARGET", "human")}
    assert pending_count(window) == 3
    assert on_disk(gui_db, set_id) == before  # nothing yet: and the window says so

    assert s.open_document(other) and s.open_document(first)  # left and opened again
    assert shown(window) == ({("STANCE", "ACTOR", "TARGET", "human")}, {"genre": ["opinion"]})
    assert window.editor.categories.buttons[("genre", "opinion")].isChecked()

    lock.execute("ROLLBACK")
    qtbot.waitUntil(lambda: len(s.pending) == 0, timeout=5000)
    assert on_disk(gui_db, set_id) == shown(window)
    assert on_disk(gui_db, set_id) == (
        {("STANCE", "ACTOR", "TARGET", "human")},
        {"genre": ["opinion"]},
    )
    assert not window.indicators.pending_label.isVisible()

    for _ in range(3):  # relabel, category, relation: undone in order
        s.undo_stack.undo()
    assert on_disk(gui_db, set_id) == shown(window) == before


def test_a_span_deleted_with_its_relation_and_undone_under_a_lock_brings_both_back(
    make_window, qtbot, gui_db, lock
):
    window = make_window("alice")
    s, rel = window.session, window.editor.relations
    stance, _actors = stance_and_actors(window)
    s.select(stance.id)
    press_keys(qtbot, window, "h", Qt.Key.Key_Return)  # written at once: no lock yet
    linked = on_disk(gui_db, s.set_id)
    assert linked[0] == {("STANCE", "ACTOR", "HOLDER", "human")}
    take(lock)
    rel.delete_span(stance.id)
    assert shown(window)[0] == set()
    s.undo_stack.undo()  # the span back (provisional id), then its relation
    assert shown(window) == linked
    assert pending_count(window) == 3  # the deletion, the span back, its relation back
    lock.execute("ROLLBACK")
    qtbot.waitUntil(lambda: len(s.pending) == 0, timeout=5000)
    assert on_disk(gui_db, s.set_id) == shown(window) == linked
    assert all(x.head > 0 and x.child > 0 for x in rel.links.items.values())  # store ids


def test_pending_relations_and_categories_go_to_the_recovery_file(
    make_window, qtbot, gui_db, lock, monkeypatch, capsys
):
    window = make_window("alice")
    s = window.session
    set_id = s.set_id
    stance, _actors = stance_and_actors(window)
    saved: list[Path] = []
    monkeypatch.setattr(recovery, "ask_on_close", lambda *_a: recovery.CloseChoice.SAVE)
    monkeypatch.setattr(recovery, "tell_saved", lambda _w, path, _p: saved.append(path))
    take(lock)
    s.select(stance.id)
    press_keys(qtbot, window, "h", Qt.Key.Key_Return)
    QTest.keyClick(window.editor.view, Qt.Key.Key_9)
    expected = shown(window)
    window.close()
    (line,) = [json.loads(x) for x in saved[0].read_text(encoding="utf-8").splitlines()]
    assert [r["label"] for r in line["relations"]] == ["HOLDER"]
    assert line["cats"]["opinion"] == 1.0
    lock.execute("ROLLBACK")
    code, out, err = run_cli(capsys, *taking_back(saved[0], gui_db))
    assert code == 0, err
    assert "1 replaced (--replace, logged)" in out
    assert on_disk(gui_db, set_id) == expected
