"""The annotation window shows an annotator their queue: the list's "My
queue" holds exactly the documents assigned to them and not finished, and
accepting walks the queue (not the documents dealt to others) until the
status bar says the queue is done."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.store import Project
from annotator.gui.doclist import DOC_ID_ROLE, QUEUE
from tests.gui.conftest import build_project

EXTRA = [f"Extra article {i} about crude imports from Iran." for i in range(9)]


@pytest.fixture
def queue_db(tmp_path: Path) -> Path:
    """14 documents dealt to alice and bob (7 each); alice has finished two of hers."""
    path = build_project(tmp_path / "queue.db", EXTRA)
    with Project.open(path) as p:
        ids = p.assignments.select_documents(None)
        p.assignments.assign(["alice", "bob"], 1, ids, seed=2)
        mine = p.assignments.of_annotator("alice")
        p.sets.replace(mine[0], "alice", [], status="done")
        p.sets.replace(mine[1], "alice", [], status="skipped")
        theirs = p.assignments.of_annotator("bob")
        p.sets.replace(theirs[0], "alice", [], status="in_progress")  # not hers to do
    return path


def queue_counted(path: Path, annotator: str) -> list[int]:
    """The queue counted apart from the listing: assigned, and no set done or skipped."""
    with Project.open(path) as p:
        rows = p.db.conn.execute(
            "SELECT g.document_id FROM assignments g JOIN annotators a ON a.id = g.annotator_id"
            " WHERE a.name = ? ORDER BY g.document_id",
            (annotator,),
        )
        return [
            doc_id
            for (doc_id,) in rows
            if (found := p.sets.find(doc_id, annotator)) is None
            or found.status not in ("done", "skipped")
        ]


def listed(window) -> list[int]:
    model = window.list_model
    return [model.index(row, 0).data(DOC_ID_ROLE) for row in range(model.rowCount())]


def test_my_queue_lists_exactly_the_assigned_unfinished_documents(
    make_window, qtbot, queue_db: Path
) -> None:
    expected = queue_counted(queue_db, "alice")
    assert len(expected) == 5
    window = make_window("alice", queue_db)
    assert window.session.doc_id in expected  # the first document opened is from the queue
    panel = window.doc_list
    panel.status.setCurrentIndex(panel.status.findData(QUEUE))
    qtbot.waitUntil(lambda: window.list_model.rowCount() == len(expected))
    assert listed(window) == expected
    assert panel.count.text() == f"5 of {len(EXTRA) + 5} documents"

    walked = [window.session.doc_id]
    for _ in expected:  # Ctrl+Enter's action: accept, then the next unfinished document
        window.accept_and_next()
        if window.session.doc_id not in walked:
            walked.append(window.session.doc_id)
    assert sorted(walked) == expected  # accepting walked the queue, none of bob's
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 0)
    assert "Every document in your queue is done or skipped" in window.statusBar().currentMessage()
    assert panel.count.text().startswith("Your queue is done")
    assert queue_counted(queue_db, "alice") == []


def test_my_queue_without_assignments_says_why_it_is_empty(make_window, qtbot, queue_db) -> None:
    window = make_window("carol", queue_db)
    panel = window.doc_list
    panel.status.setCurrentIndex(panel.status.findData(QUEUE))
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 0)
    assert panel.count.text() == "Nothing is assigned to you (annotator assign hands documents out)"
    panel.status.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == len(EXTRA) + 5)
