"""Two windows as one annotator, and writes by other processes.

Each window remembers the version of the sets it shows; an edit of a set
another window changed since is refused, the document is reloaded from the
file and the undo history cleared, each said in the status bar. A write by
another process is noticed within seconds (``PRAGMA data_version``).
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from annotator.core.store import Project
from annotator.core.types import Document, Span


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


def test_another_process_write_is_seen_within_seconds(make_window, qtbot, gui_db):
    window = make_window("alice")
    doc_id = window.session.doc_id
    set_id = window.session.set_id
    rows = window.list_model.rowCount()
    with Project.open(gui_db) as other:  # another process's connection
        other.documents.add([Document("A new article from elsewhere.", title="new")])
        other.sets.add_span(set_id, Span(0, 5, "DATE", {}))
    qtbot.waitUntil(lambda: window.list_model.rowCount() == rows + 1, timeout=5000)
    qtbot.waitUntil(lambda: (0, 5, "DATE") in shown(window), timeout=5000)
    assert window.session.doc_id == doc_id
    assert shown(window) == spans_on_disk(gui_db, set_id)
    assert window.indicators.progress_label.text().endswith(f"/ {rows + 1}")


def test_read_only_project_opens_in_a_read_only_mode(qtbot, gui_db):
    from annotator.gui.window import MainWindow

    before = gui_db.read_bytes()
    project = Project.open(gui_db, read_only=True)
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show()
    window.open_first()
    assert "(read-only)" in window.windowTitle()
    assert window.indicators.read_only_label.isVisible()
    assert not window.editor.label_bar.isEnabled()
    assert not window.actions["accept"].isEnabled()
    assert window.doc_panel.note.isReadOnly()
    qtbot.keyClick(window.editor.view, Qt.Key.Key_PageDown)  # browsing works
    assert window.session.doc_id is not None
    window.session.set_note("x")
    assert "Not saved" in window.statusBar().currentMessage()
    window.close()
    project.close()
    assert gui_db.read_bytes() == before
    assert not window.session.pending


def test_the_window_checkpoints_every_minute(make_window, qtbot, gui_db, tmp_path):
    from annotator.gui import watcher

    window = make_window("alice")
    assert window.watcher.checkpoints.isActive()
    assert window.watcher.checkpoints.interval() == watcher.CHECKPOINT_MS
    # its edits' commits never copy the log themselves (the timer does)
    auto = window.project.db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    assert auto == 0
    window.doc_panel.note.setFocus()
    qtbot.keyClicks(window.doc_panel.note, "wal")
    window.watcher.checkpoint()
    copy = tmp_path / "copy.db"
    copy.write_bytes(gui_db.read_bytes())  # the file alone, without its -wal
    conn = sqlite3.connect(copy)
    try:
        notes = [r[0] for r in conn.execute("SELECT note FROM annotation_sets")]
    finally:
        conn.close()
    assert "wal" in notes


def test_a_pending_edit_of_a_set_changed_elsewhere_is_dropped_and_said(make_window, qtbot, gui_db):
    first = make_window("alice")
    set_id = first.session.set_id
    blocker = sqlite3.connect(gui_db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    victim = first.session.sorted_spans()[0]
    first.session.delete(victim.id)  # pending: the lock is held
    assert len(first.session.pending) == 1
    blocker.execute("ROLLBACK")
    blocker.close()
    with Project.open(gui_db) as other:  # meanwhile another program edits the set
        other.sets.add_span(set_id, Span(0, 5, "DATE", {}))
    messages: list[str] = []
    first.session.message.connect(messages.append)
    qtbot.waitUntil(lambda: len(first.session.pending) == 0, timeout=5000)
    qtbot.waitUntil(
        lambda: any(
            m.startswith("This document was changed") and "1 unsaved" in m for m in messages
        ),
        timeout=5000,
    )
    assert shown(first) == spans_on_disk(gui_db, set_id)
    assert (victim.start, victim.end, victim.label) in shown(first)  # not made, and said
    assert (0, 5, "DATE") in shown(first)
    assert any(m.startswith("1 unsaved edit not made: this document was changed") for m in messages)


def test_the_review_gold_pane_marks_and_counts_pending_edits(qtbot, gui_db):
    from annotator.gui.review import ReviewWindow

    project = Project.open(gui_db)
    project.sets.open(1, "alice")  # someone to review
    window = ReviewWindow(project, ["alice"])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.session.open_document(1)
        window.session.ensure_set()
        blocker = sqlite3.connect(gui_db, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        added = window.session.create_span(0, 5, "ACTOR")
        assert added is not None and added < 0
        assert window.gold.view.drawn_unsaved() == {added}
        assert window.pending_label.isVisible()
        assert "1 edit not saved yet" in window.pending_label.text()
        assert spans_on_disk(gui_db, window.session.set_id) == set()
        blocker.execute("ROLLBACK")
        blocker.close()
        qtbot.waitUntil(lambda: len(window.session.pending) == 0, timeout=5000)
        assert window.gold.view.drawn_unsaved() == set()
        assert not window.pending_label.isVisible()
        assert spans_on_disk(gui_db, window.session.set_id) == shown(window)
    finally:
        window.close()
        project.close()
