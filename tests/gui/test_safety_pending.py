"""What the window shows is on disk, or the window says it is not.

Another connection holds the write lock (``BEGIN IMMEDIATE``) for seconds,
or the window's connection runs out of pages (``max_page_count``, SQLite's
full disk): notes, span edits and status changes wait as pending (shown,
marked as not saved), unopened documents are refused with a message, no
action blocks the GUI thread long, and after the lock goes the file (read
through a fresh connection) holds what was shown.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.store.waiting import WaitSignal
from annotator.gui import recovery
from annotator.gui.pending import FAST_RETRY_MS
from tests.helpers import run_cli

SLOW = 1.0  # seconds: a generous bound for one user action, not a benchmark


@pytest.fixture
def lock(gui_db: Path) -> Iterator[sqlite3.Connection]:
    """A second connection that holds the write lock until released."""
    conn = sqlite3.connect(gui_db, isolation_level=None, timeout=10)
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def take(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")


def on_disk(path: Path, doc_id: int, annotator: str = "alice") -> tuple[str, set[tuple]]:
    """(note, spans) of a set, read through a fresh connection."""
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT s.id, s.note FROM annotation_sets s JOIN annotators a"
            " ON a.id = s.annotator_id WHERE s.document_id = ? AND a.name = ?",
            (doc_id, annotator),
        ).fetchone()
        spans = {
            tuple(r)
            for r in conn.execute(
                "SELECT start_char, end_char, label FROM spans WHERE set_id = ?", (row[0],)
            )
        }
        return row[1], spans
    finally:
        conn.close()


def taking_back(recovery_file: Path, db: Path) -> list[str]:
    """The command the window names to take a recovery file back."""
    return ["import", str(recovery_file), "--db", str(db), "--replace"]


def timed(action) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def shown_spans(window) -> set[tuple]:
    return {(s.start, s.end, s.label) for s in window.session.spans.values()}


def type_note(qtbot, window, text: str) -> list[float]:
    window.doc_panel.note.setFocus()
    return [timed(lambda c=c: qtbot.keyClicks(window.doc_panel.note, c)) for c in text]


def test_note_typed_under_a_lock_waits_then_is_written(make_window, qtbot, gui_db, lock):
    window = make_window("alice")
    doc_id = window.session.doc_id
    take(lock)
    times = type_note(qtbot, window, "hello!")
    assert max(times) < SLOW
    assert window.doc_panel.note.toPlainText() == "hello!"
    assert window.indicators.pending_label.isVisible()
    assert "not saved yet — retrying" in window.indicators.pending_label.text()
    assert window.doc_panel.note_unsaved.isVisible()
    retries: list[int] = []
    window.session.pending.timer.timeout.connect(lambda: retries.append(1))
    qtbot.waitUntil(lambda: len(retries) >= 3, timeout=10000)  # retried under the lock
    assert window.session.pending.note(window.session.set_id) == "hello!"
    assert max(timed(window.session.pending.flush) for _ in range(5)) < SLOW
    assert on_disk(gui_db, doc_id)[0] == ""  # not yet: and the window says so
    lock.execute("ROLLBACK")
    qtbot.waitUntil(lambda: len(window.session.pending) == 0, timeout=5000)
    assert on_disk(gui_db, doc_id)[0] == "hello!"
    assert not window.indicators.pending_label.isVisible()
    assert not window.doc_panel.note_unsaved.isVisible()


def test_a_write_waiting_for_the_lock_says_so_beside_the_project(make_window, qtbot, gui_db, lock):
    """Long runs on the file give way to a window whose write waits
    (PROJECT-wait, waiting.py); the window retries soon, then less often."""
    window = make_window("alice")
    signal = WaitSignal(gui_db)
    take(lock)
    type_note(qtbot, window, "x")
    assert signal.path.exists()
    assert window.session.pending.timer.interval() == FAST_RETRY_MS
    lock.execute("ROLLBACK")
    qtbot.waitUntil(lambda: len(window.session.pending) == 0, timeout=5000)
    assert not signal.path.exists()  # nothing waits any more
    assert on_disk(gui_db, window.session.doc_id)[0] == "x"


def test_span_edits_under_a_lock_wait_marked_then_are_written(make_window, qtbot, gui_db, lock):
    window = make_window("alice")
    doc_id = window.session.doc_id
    view = window.editor.view
    before = shown_spans(window)
    text = window.session.doc.text
    start = text.index("crude imports")
    figure = (start, start + len("crude imports"), "FIGURE")
    take(lock)
    view.setFocus()
    view.select_range(start, start + len("crude imports"))
    assert timed(lambda: qtbot.keyClick(view, Qt.Key.Key_2)) < SLOW
    assert figure in shown_spans(window)  # shown at once, marked as not saved
    added = window.session.selected
    assert added < 0 and view.drawn_unsaved() == {added}
    assert "1 edit not saved yet" in window.indicators.pending_label.text()
    victim = next(s for s in window.session.sorted_spans() if s.id > 0)
    window.session.select(victim.id)
    assert timed(lambda: qtbot.keyClick(view, Qt.Key.Key_Delete)) < SLOW
    assert (victim.start, victim.end, victim.label) not in shown_spans(window)
    assert "2 edits not saved yet" in window.indicators.pending_label.text()
    assert on_disk(gui_db, doc_id)[1] == before  # nothing yet: and the window says so
    lock.execute("ROLLBACK")
    qtbot.waitUntil(lambda: len(window.session.pending) == 0, timeout=5000)
    assert on_disk(gui_db, doc_id)[1] == shown_spans(window)
    assert figure in shown_spans(window)
    assert all(span_id > 0 for span_id in window.session.spans)  # store ids now
    assert view.drawn_unsaved() == set()
    assert not window.indicators.pending_label.isVisible()
    window.session.undo_stack.undo()  # the delete, then the add: written in order
    window.session.undo_stack.undo()
    assert on_disk(gui_db, doc_id)[1] == shown_spans(window) == before


def test_navigation_under_a_lock_stays_and_says_so(make_window, qtbot, gui_db, lock):
    window = make_window("alice")
    first = window.session.doc_id
    take(lock)
    view = window.editor.view
    view.setFocus()
    assert timed(lambda: qtbot.keyClick(view, Qt.Key.Key_PageDown)) < SLOW
    assert window.session.doc_id == first  # the next set cannot be created now
    assert "Could not open document" in window.statusBar().currentMessage()
    lock.execute("ROLLBACK")
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    second = window.session.doc_id
    assert second != first
    take(lock)
    qtbot.keyClick(view, Qt.Key.Key_PageUp)  # an existing set: reading is enough
    assert window.session.doc_id == first
    assert timed(lambda: qtbot.keyClick(view, Qt.Key.Key_PageDown)) < SLOW
    assert window.session.doc_id == second
    lock.execute("ROLLBACK")
    qtbot.waitUntil(lambda: len(window.session.pending) == 0, timeout=5000)  # time spent


def test_full_disk_while_typing_keeps_the_note_pending(make_window, qtbot, gui_db):
    window = make_window("alice")
    doc_id = window.session.doc_id
    conn = window.project.db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    line = "a long note line that fills pages quickly " * 20
    window.doc_panel.note.setFocus()
    for _ in range(40):
        qtbot.keyClicks(window.doc_panel.note, line[:40])
        if window.session.pending:
            break
    assert window.session.pending, "the tiny file never filled"
    assert "full" in window.session.pending.reason
    assert window.doc_panel.note_unsaved.isVisible()
    shown = window.doc_panel.note.toPlainText()
    conn.execute("PRAGMA max_page_count = 1073741823")
    qtbot.waitUntil(lambda: len(window.session.pending) == 0, timeout=5000)
    assert on_disk(gui_db, doc_id)[0] == shown


def test_close_with_pending_saves_a_recovery_file_import_takes_back(
    make_window, qtbot, gui_db, lock, monkeypatch, capsys
):
    window = make_window("alice")
    doc_id = window.session.doc_id
    shown = shown_spans(window)
    asked: list[int] = []
    saved: list[Path] = []
    monkeypatch.setattr(
        recovery,
        "ask_on_close",
        lambda _w, count, _r: asked.append(count) or recovery.CloseChoice.SAVE,
    )
    monkeypatch.setattr(recovery, "tell_saved", lambda _w, path, _p: saved.append(path))
    take(lock)
    type_note(qtbot, window, "kept <b>safe</b>")
    window.close()
    assert asked and not window.isVisible()
    lock.execute("ROLLBACK")
    assert on_disk(gui_db, doc_id)[0] == ""
    code, out, err = run_cli(capsys, *taking_back(saved[0], gui_db))
    assert code == 0, err
    assert "1 replaced (--replace, logged)" in out
    assert on_disk(gui_db, doc_id) == ("kept <b>safe</b>", shown)


def test_keep_trying_leaves_the_window_open_until_written(
    make_window, qtbot, gui_db, lock, monkeypatch
):
    window = make_window("alice")
    doc_id = window.session.doc_id
    monkeypatch.setattr(recovery, "ask_on_close", lambda *_: recovery.CloseChoice.KEEP_TRYING)
    take(lock)
    type_note(qtbot, window, "later")
    window.close()
    assert window.isVisible()
    lock.execute("ROLLBACK")
    qtbot.waitUntil(lambda: len(window.session.pending) == 0, timeout=5000)
    window.close()
    assert not window.isVisible()
    assert on_disk(gui_db, doc_id)[0] == "later"


def test_a_lock_held_ten_seconds_while_typing_editing_and_navigating(
    make_window, qtbot, gui_db, lock
):
    """The issue's case: another connection holds the write lock for 10 s
    (a long merge) while the annotator types a note, adds and deletes spans
    and moves between documents. The event loop keeps running (a timer
    keeps ticking), every edit is shown and marked as not saved, and once
    the lock goes the file holds exactly what the window showed."""
    from PySide6.QtCore import QTimer

    window = make_window("alice")
    view = window.editor.view
    first = window.session.doc_id
    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # the second document gets its set now
    second = window.session.doc_id
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    ticks: list[int] = []
    ticker = QTimer(window)
    ticker.setInterval(50)
    ticker.timeout.connect(lambda: ticks.append(1))
    ticker.start()
    released: list[int] = []

    def release() -> None:
        lock.execute("ROLLBACK")
        released.append(len(ticks))

    take(lock)
    QTimer.singleShot(10_000, release)
    type_note(qtbot, window, "held 10 s")
    text = window.session.doc.text
    start = text.index("crude imports")
    view.setFocus()
    view.select_range(start, start + len("crude imports"))
    qtbot.keyClick(view, Qt.Key.Key_2)
    victim = next(s for s in window.session.sorted_spans() if s.id > 0)
    window.session.select(victim.id)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # an existing set: reading is enough
    assert window.session.doc_id == second
    type_note(qtbot, window, "second")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert window.session.doc_id == first
    assert window.doc_panel.note.toPlainText() == "held 10 s"  # pending, shown again
    assert view.drawn_unsaved() == window.session.unsaved_ids() != set()
    assert window.indicators.pending_label.isVisible()
    shown_first = (window.doc_panel.note.toPlainText(), shown_spans(window))
    assert on_disk(gui_db, first) == (
        "",
        shown_first[1] - {(start, start + 13, "FIGURE")}
        | {(victim.start, victim.end, victim.label)},
    )
    qtbot.waitUntil(lambda: bool(released), timeout=20_000)
    assert released[0] >= 40  # of about 200 ticks: the GUI thread never sat on the lock
    qtbot.waitUntil(lambda: len(window.session.pending) == 0, timeout=5000)
    assert not window.indicators.pending_label.isVisible()
    assert view.drawn_unsaved() == set()
    assert (
        on_disk(gui_db, first)
        == shown_first
        == (
            window.doc_panel.note.toPlainText(),
            shown_spans(window),
        )
    )
    assert on_disk(gui_db, second)[0] == "second"
    ticker.stop()


def test_pending_span_edits_and_status_go_to_the_recovery_file(
    make_window, qtbot, gui_db, lock, monkeypatch, capsys
):
    window = make_window("alice")
    doc_id = window.session.doc_id
    monkeypatch.setattr(recovery, "ask_on_close", lambda *_: recovery.CloseChoice.SAVE)
    saved: list[Path] = []
    monkeypatch.setattr(recovery, "tell_saved", lambda _w, path, _p: saved.append(path))
    view = window.editor.view
    text = window.session.doc.text
    start = text.index("crude imports")
    take(lock)
    view.select_range(start, start + len("crude imports"))
    qtbot.keyClick(view, Qt.Key.Key_2)
    model = next(s for s in window.session.sorted_spans() if s.origin == "model")
    window.session.delete(model.id)
    assert window.session.skip("off topic")
    shown = {(s.start, s.end, s.label, s.origin) for s in window.session.spans.values()}
    assert window.session.state["status"] == "skipped"
    assert window.session.pending.shown_count() == 3
    window.close()
    assert not window.isVisible()
    lock.execute("ROLLBACK")
    line = saved[0].read_text(encoding="utf-8").splitlines()
    assert len(line) == 1  # one set, as shown
    code, _out, err = run_cli(capsys, *taking_back(saved[0], gui_db))
    assert code == 0, err
    conn = sqlite3.connect(gui_db)
    try:
        set_id, status, reason = conn.execute(
            "SELECT s.id, s.status, s.skip_reason FROM annotation_sets s JOIN annotators a"
            " ON a.id = s.annotator_id WHERE s.document_id = ? AND a.name = 'alice'",
            (doc_id,),
        ).fetchone()
        spans = set(
            conn.execute(
                "SELECT start_char, end_char, label, origin FROM spans WHERE set_id = ?",
                (set_id,),
            )
        )
    finally:
        conn.close()
    assert (status, reason) == ("skipped", "off topic")
    assert spans == shown  # model suggestions still suggestions, the new span confirmed
