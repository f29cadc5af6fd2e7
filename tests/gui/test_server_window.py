"""The annotation window on a team project (PostgreSQL): edits go to the
server; while the server is away they wait on screen, marked and counted,
and are written when it is back; another annotator's commit refreshes the
window (the change counter every commit bumps, read by the change poll)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.store import Project
from annotator.core.types import Document
from tests.gui.conftest import build_project


def on_server(url: str, doc_id: int, annotator: str = "alice") -> set[tuple]:
    with Project.open(url) as p:
        found = p.sets.find(doc_id, annotator)
        return {(s.start, s.end, s.label) for s in found.spans} if found else set()


def shown(window) -> set[tuple]:
    return {(s.start, s.end, s.label) for s in window.session.spans.values()}


@pytest.fixture
def server_project(pg_url: str) -> str:
    return str(build_project(pg_url))  # the seed articles with predictions, on the server


def test_window_edits_a_server_project_and_waits_out_an_outage(
    make_window, qtbot, pg_server, server_project: str
) -> None:
    window = make_window("alice", server_project)
    assert "on 127.0.0.1" in window.windowTitle()
    doc_id = window.session.doc_id
    text = window.session.doc.text
    view = window.editor.view
    start = text.index("crude imports")
    view.setFocus()
    view.select_range(start, start + len("crude"))
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert on_server(server_project, doc_id) == shown(window)  # written at once
    pg_server.stop("fast")
    try:
        view.select_range(start + len("crude "), start + len("crude imports"))
        qtbot.keyClick(view, Qt.Key.Key_3)
        added = window.session.selected
        assert added < 0 and view.drawn_unsaved() == {added}  # shown, marked not saved
        label = window.indicators.pending_label
        assert "1 edit not saved yet" in label.text()
        assert "not reachable" in label.toolTip()
    finally:
        pg_server.start()
    qtbot.waitUntil(lambda: len(window.session.pending) == 0, timeout=10000)
    assert view.drawn_unsaved() == set()
    assert on_server(server_project, doc_id) == shown(window)
    assert (start + len("crude "), start + len("crude imports"), "DATE") in shown(window)


def test_another_annotators_commit_refreshes_the_window(make_window, qtbot, server_project: str):
    window = make_window("alice", server_project)
    before = window.list_model.rowCount()
    assert window.watcher.check() is False  # nothing new yet
    with Project.open(server_project) as other:
        other.documents.add([Document("Another annotator's new article about tariffs.")])
    qtbot.waitUntil(window.watcher.check, timeout=5000)  # the next poll reads the counter
    assert window.list_model.rowCount() == before + 1


def test_giving_up_on_an_away_server_saves_a_recovery_file_import_takes_back(
    make_window, qtbot, pg_server, server_project: str, monkeypatch, capsys
) -> None:
    from annotator.gui import recovery
    from tests.helpers import run_cli

    window = make_window("alice", server_project)
    doc_id = window.session.doc_id
    text = window.session.doc.text
    start = text.index("crude imports")
    saved: list = []
    monkeypatch.setattr(recovery, "ask_on_close", lambda _w, n, _r: recovery.CloseChoice.SAVE)
    monkeypatch.setattr(recovery, "tell_saved", lambda _w, path, _p: saved.append(path))
    window.editor.view.setFocus()
    window.editor.view.select_range(start, start + len("crude"))
    qtbot.keyClick(window.editor.view, Qt.Key.Key_3)  # the set is on the server now
    pg_server.stop("fast")
    try:
        window.editor.view.select_range(start + len("crude "), start + len("crude imports"))
        qtbot.keyClick(window.editor.view, Qt.Key.Key_2)
        expected = shown(window)
        assert len(window.session.pending) == 1
        window.close()  # the user gives up: the edit goes to a local file
        assert saved and saved[0].is_file()
    finally:
        pg_server.start()
    assert (start + 6, start + len("crude imports"), "FIGURE") not in on_server(
        server_project, doc_id
    )
    code, out, err = run_cli(capsys, "import", saved[0], "--db", server_project, "--replace")
    assert code == 0, err
    assert "1 replaced (--replace, logged)" in out
    assert on_server(server_project, doc_id) == expected


def test_review_and_dashboard_follow_others_work_on_a_server(
    qtbot, pg_url: str, monkeypatch
) -> None:
    """Nobody presses Refresh: the review list and the figures follow what
    annotators finish on the team server (the change poll, made quick here)."""
    from annotator.core.types import Span
    from annotator.gui.review import dashboard as dashboard_module
    from annotator.gui.review import window as review_module
    from annotator.gui.review.window import ReviewWindow
    from tests.gui.test_review import build, write_set

    monkeypatch.setattr(review_module, "REVIEW_POLL_MS", 200)
    monkeypatch.setattr(dashboard_module, "DASHBOARD_POLL_MS", 200)
    build(pg_url)
    review = ReviewWindow(pg_url)
    qtbot.addWidget(review)
    review.show()
    qtbot.waitUntil(lambda: review.loaded, timeout=20000)
    assert review.doc_model.rowCount() == 3
    dashboard = review.show_dashboard()
    qtbot.waitUntil(lambda: dashboard.report is not None, timeout=20000)
    assert dashboard.report.documents == 3
    with Project.open(pg_url) as other:  # two annotators finish a fourth document
        (d4,) = other.documents.add([Document("Iran said no.")]).ids
        write_set(other, d4, "alice", [Span(0, 4, "ACTOR")])
        write_set(other, d4, "bob", [])
    qtbot.waitUntil(lambda: review.doc_model.rowCount() == 4, timeout=20000)
    qtbot.waitUntil(lambda: dashboard.report.documents == 4, timeout=20000)
    dashboard.close()
    review.close()


def test_moving_on_while_the_server_is_away_stays_and_says_so(
    make_window, qtbot, pg_server, server_project: str
) -> None:
    window = make_window("alice", server_project)
    first = window.session.doc_id
    pg_server.stop("fast")
    try:
        window.step_document(1)
        assert window.session.doc_id == first  # the open document stays on screen
        assert "not reachable" in window.statusBar().currentMessage()
    finally:
        pg_server.start()
    window.step_document(1)
    assert window.session.doc_id != first  # back: the next document opens
