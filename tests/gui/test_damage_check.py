"""The window's damaged-file check: off the GUI thread, then said and enforced."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox

from annotator.core.store import Project
from annotator.gui.damage import start_damage_check


def damage_the_event_log(path: Path) -> None:
    """Make the root page of the (empty) events table unreadable: a damage
    that opening the file does not meet."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * 8)  # not a valid b-tree page type


def open_window(qtbot, path: Path):
    from annotator.gui.window import MainWindow

    project = Project.open(path, verify=False)
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, project


def test_a_damaged_file_found_after_opening_turns_the_window_read_only(qtbot, gui_db: Path) -> None:
    damage_the_event_log(gui_db)
    window, project = open_window(qtbot, gui_db)
    try:
        assert not project.read_only  # the window is up before any page-by-page check
        check = start_damage_check(window, project)
        assert check is not None
        qtbot.waitUntil(lambda: project.read_only, timeout=20000)
        assert "damaged" in project.write_refusal and "annotator check" in project.write_refusal
        box = window.findChild(QMessageBox, "damaged-message")
        assert box is not None and box.isVisible()
        assert box.textFormat() == Qt.TextFormat.PlainText
        assert box.text().startswith(project.write_refusal)
        label = window.indicators.read_only_label
        assert label.isVisible() and label.text() == "Read-only: the project file is damaged"
        assert window.windowTitle().endswith("[read-only: damaged]")
        box.close()
        # the read-only mode: editing off, and an edit tried anyway is refused, said
        assert not window.editor.label_bar.isEnabled()
        assert window.doc_panel.note.isReadOnly()
        assert not window.actions["accept"].isEnabled()
        assert window.open_first() is not None  # reading still works
        assert window.session.create_span(0, 5, "ACTOR") is None
        assert window.session.spans == {}
        assert window.statusBar().currentMessage().startswith("Not done:")
        assert "damaged" in window.statusBar().currentMessage()
    finally:
        window.close()
        project.close()


def test_a_sound_file_stays_writable(qtbot, gui_db: Path) -> None:
    window, project = open_window(qtbot, gui_db)
    try:
        check = start_damage_check(window, project)
        qtbot.waitUntil(lambda: check.done, timeout=20000)
        QCoreApplication.processEvents()  # a report, queued before done was set, arrives now
        assert not project.read_only and check.report is None
        assert not window.indicators.read_only_label.isVisible()
        assert window.editor.label_bar.isEnabled()
    finally:
        window.close()
        project.close()
