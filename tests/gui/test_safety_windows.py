"""Two windows as one annotator, and writes by other processes.

Each window remembers the version of the sets it shows; an edit of a set
another window changed since is refused, the document is reloaded from the
file and the undo history cleared, each said in the status bar. A write by
another process is noticed within seconds (``PRAGMA data_version``).
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt


def spans_on_disk(path, set_id: int) -> set[tuple]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT start_char, end_char, label FROM spans WHERE set_id = ?", (set_id,)
        )
        return {tuple(r) for r in rows}
    finally:
        conn.close()


def shown(window) -> set[tuple]:
    return {(s.start, s.end, s.label) for s in window.session.spans.values()}


def test_a_stale_window_is_refused_and_reloads(make_window, qtbot, gui_db):
    first = make_window("alice")
    second = make_window("alice")
    assert first.session.doc_id == second.session.doc_id
    set_id = first.session.set_id
    text = first.session.doc.text
    start = text.index("crude imports")
    first.editor.view.setFocus()
    first.editor.view.select_range(start, start + len("crude imports"))
    qtbot.keyClick(first.editor.view, Qt.Key.Key_2)
    assert (start, start + len("crude imports"), "FIGURE") in shown(first)

    victim = second.session.sorted_spans()[0]
    second.session.select(victim.id)
    second.session.delete(victim.id)  # second still shows the old set
    assert "changed in another window" in second.statusBar().currentMessage()
    qtbot.waitUntil(lambda: shown(second) == spans_on_disk(gui_db, set_id), timeout=3000)
    assert (start, start + len("crude imports"), "FIGURE") in shown(second)
    assert second.session.undo_stack.count() == 0
    assert "undo history cleared" in second.statusBar().currentMessage()
    assert shown(first) == spans_on_disk(gui_db, set_id)
    # after the reload the second window's edits go through again
    second.session.delete(victim.id)
    assert (victim.start, victim.end, victim.label) not in spans_on_disk(gui_db, set_id)
