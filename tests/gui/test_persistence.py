"""Nothing on screen is ever lost: reopen, annotators apart, a killed process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.core.store import Project
from annotator.gui.doclist import COLUMN

ROOT = Path(__file__).resolve().parents[2]


def test_close_and_reopen_restores_everything(make_window, qtbot, gui_db):
    window = make_window("alice")
    text = window.session.doc.text
    start = text.index("crude imports")
    window.editor.view.select_range(start, start + len("crude imports"))
    qtbot.keyClick(window.editor.view, Qt.Key.Key_2)
    window.doc_panel.note.setFocus()
    qtbot.keyClicks(window.doc_panel.note, "a note")
    window.session.undo_stack.clear()
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    second = window.session.doc_id
    window.close()

    again = make_window("alice")
    assert again.session.doc_id == second  # the last document is remembered
    qtbot.keyClick(again, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    spans = {(s.start, s.end, s.label) for s in again.session.spans.values()}
    assert (start, start + len("crude imports"), "FIGURE") in spans
    assert again.doc_panel.note.toPlainText() == "a note"
    assert again.list_model.data(again.list_model.index(0, COLUMN["status"])).endswith(
        "in progress"
    )


def test_window_geometry_and_annotator_are_remembered(make_window, qtbot, gui_db):
    from annotator.gui.app import choose_annotator
    from annotator.gui.settings import app_settings
    from annotator.gui.window import MainWindow

    window = make_window("carol")
    window.resize(760, 540)  # within the offscreen screen (800x600), so not clamped
    qtbot.waitUntil(lambda: window.width() == 760)
    window.close()
    settings = app_settings()
    with Project.open(gui_db) as project:
        assert choose_annotator(None, False, project, settings) == "carol"  # not asked again
        again = MainWindow(project, "carol", settings)
        qtbot.addWidget(again)
        assert (again.width(), again.height()) == (760, 540)
        again.close()


def test_two_annotators_keep_their_own_sets(make_window, qtbot, gui_db):
    alice = make_window("alice")
    doc_id = alice.session.doc_id
    may = alice.session.doc.text.index("May 2")
    date = next(s for s in alice.session.spans.values() if s.start == may)
    alice.session.delete(date.id)
    alice.close()

    bob = make_window("bob")
    bob.session.open_document(doc_id)
    assert any(s.start == may for s in bob.session.spans.values())  # seeded afresh
    bob.session.switch_annotator("alice")
    assert bob.session.doc_id == doc_id
    assert not any(s.start == may for s in bob.session.spans.values())
    with Project.open(gui_db) as other:
        assert other.sets.find(doc_id, "alice").id != other.sets.find(doc_id, "bob").id


def test_a_killed_process_loses_no_edit(tmp_path, gui_db):
    """Edit in a child process, kill it with SIGKILL, then read the file."""
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from PySide6.QtWidgets import QApplication
        from annotator.core.store import Project
        from annotator.gui.session import Session
        app = QApplication([])
        project = Project.open({str(gui_db)!r})
        session = Session(project, "kim")
        session.open_document(1)
        text = session.doc.text
        start = text.index("crude imports")
        session.create_span(start, start + len("crude imports"), "FIGURE")
        session.set_note("typed before the crash")
        print("EDITED", flush=True)
        sys.stdin.readline()  # wait to be killed
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "EDITED"
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
    with Project.open(gui_db) as project:
        kept = project.sets.find(1, "kim")
        text = project.documents.get(1).text
        start = text.index("crude imports")
        assert kept.note == "typed before the crash"
        assert any((s.start, s.label) == (start, "FIGURE") for s in kept.spans)
