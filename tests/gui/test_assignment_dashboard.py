"""The agreement dashboard's assignment table: each annotator's progress
against their assignment, against the same figures counted apart."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from annotator.core.store import Project
from annotator.core.types import Document
from annotator.gui.review import DashboardWindow
from annotator.gui.review.dashboard import ASSIGNMENT_COLUMNS, VALUE_ROLE

STATUSES = ("todo", "in_progress", "done", "skipped")


def counted_apart(path: Path) -> dict[str, Counter]:
    """Per annotator: their assignments, and each one's status from their
    set (none yet: todo), read row by row with plain SQL."""
    with Project.open(path) as p:
        conn = p.db.conn
        status = {
            (d, a): s
            for d, a, s in conn.execute(
                "SELECT document_id, annotator_id, status FROM annotation_sets"
            )
        }
        result: dict[str, Counter] = {}
        for doc_id, annotator_id, name in conn.execute(
            "SELECT g.document_id, g.annotator_id, a.name FROM assignments g"
            " JOIN annotators a ON a.id = g.annotator_id"
        ):
            counts = result.setdefault(name, Counter())
            counts["assigned"] += 1
            counts[status.get((doc_id, annotator_id), "todo")] += 1
        return result


def open_dashboard(qtbot, path: Path) -> DashboardWindow:
    window = DashboardWindow(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.report is not None, timeout=20000)  # a worker thread
    return window


def test_assignment_table_shows_each_annotators_progress(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    rng = random.Random(11)
    with Project.open(path) as p:
        ids = p.documents.add([Document(f"Article {i} on oil.") for i in range(24)]).ids
        p.assignments.assign(["ann", "ben", "cat"], 2, ids, seed=4)
        for name in ("ann", "ben", "cat"):
            for doc_id in rng.sample(ids, 12):  # hers or not: only hers count
                p.sets.replace(doc_id, name, [], status=rng.choice(STATUSES))
    expected = counted_apart(path)
    assert {n: c["assigned"] for n, c in expected.items()} == {"ann": 16, "ben": 16, "cat": 16}
    window = open_dashboard(qtbot, path)
    try:
        table = window.assignment_table
        assert window.assignment_box.isVisible()
        shown = {}
        for row in range(table.rowCount()):
            name = table.item(row, 0).data(VALUE_ROLE)
            shown[name] = {
                key: table.item(row, col).data(VALUE_ROLE)
                for col, (key, _header) in enumerate(ASSIGNMENT_COLUMNS, start=1)
            }
            assert table.item(row, 1).text() == str(shown[name]["assigned"])
        assert shown == {
            name: {key: counts[key] for key, _header in ASSIGNMENT_COLUMNS}
            for name, counts in expected.items()
        }
        assert any(figures["done"] for figures in shown.values())
    finally:
        window.close()


def test_no_assignment_table_without_assignments(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "solo.db"
    with Project.open(path) as p:
        (doc_id,) = p.documents.add([Document("One article.")]).ids
        p.sets.replace(doc_id, "ann", [], status="done")
    window = open_dashboard(qtbot, path)
    try:
        assert window.assignment_table.rowCount() == 0
        assert not window.assignment_box.isVisible()
    finally:
        window.close()
