"""The document list sorted by each column, its columns shown and hidden.

A project of 450 documents (more than two of the list's pages, so the sorted
list reads its first page with ``Listing.page`` and the rest from the sorted
snapshot) with titles, dates and sources, some missing, sets of every
status and two models' predictions on part of them ("most to learn" scores):
the model's rows, for every column and both directions, must be a Python
sort of the same rows (NULLs first ascending, last descending, but unscored
documents last either way; ties by id, NOCASE text).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from annotator.core.store import Project
from annotator.core.store.listing import LEARN, SORT_KEYS
from annotator.core.store.models import ModelInfo
from annotator.core.types import Document, Span
from annotator.gui.doclist import COLUMN, COLUMNS, DOC_ID_ROLE, PAGE, DocumentListModel

N = 450
WORDS = ["oil", "Sanctions", "iran", "Japan", "talks", "imports", "Tanker", "minister"]
STATUS_RANK = {"todo": 0, "in_progress": 1, "done": 2, "skipped": 3}


def sorted_project(path: Path) -> Path:
    rng = random.Random(7)
    with Project.open(path) as project:
        docs = [
            Document(
                f"Article {i} about " + " ".join(rng.choices(WORDS, k=12)) + ".",
                title=" ".join(rng.choices(WORDS, k=3)),
                source=rng.choice(["Reuters", "ap", "AFP", "kyodo", None]),
                published=rng.choice([None, *(f"20{y}-0{m}-01" for y in (18, 21) for m in (3, 7))]),
            )
            for i in range(N)
        ]
        ids = project.documents.add(docs).ids
        for doc_id in rng.sample(ids, 120):
            spans = [Span(k * 8, k * 8 + 7, "ACTOR") for k in range(rng.randint(0, 3))]
            status = rng.choice(["in_progress", "done", "skipped"])
            project.sets.replace(doc_id, "alice", spans, status=status)
        for model in ("base", "trained"):
            project.models.register(ModelInfo(model, model, "1", "pipeline"))
            seen = rng.sample(ids, 300)
            found = [[Span(k * 8, k * 8 + 7, "ACTOR")] * rng.randint(0, 1) for k in range(300)]
            project.documents.replace_predictions(list(zip(seen, found, strict=True)), model, "1")
        project.models.use("trained")
        project.listing.learn.refresh()  # the rows read below show the scores
    return path


@pytest.fixture
def sort_db(tmp_path: Path) -> Path:
    return sorted_project(tmp_path / "sorted.db")


def nocase(text: str) -> str:
    """SQLite's NOCASE: ASCII letters folded, nothing else."""
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in text)


def python_order(rows, key: str, descending: bool) -> list[int]:
    if key == LEARN:  # a document without a score comes last either way
        scored = sorted((r for r in rows if r.learn is not None), key=lambda r: r.id)
        scored.sort(key=lambda r: r.learn, reverse=descending)
        return [r.id for r in scored] + sorted(r.id for r in rows if r.learn is None)

    def value(row):
        if key == "id":
            return (True, row.id)
        if key == "status":
            return (True, STATUS_RANK[row.status])
        if key == "spans":
            return (True, row.spans)
        raw = getattr(row, key)
        if raw is None:
            return (False, "")  # NULLs sort first ascending, last descending
        return (True, nocase(raw) if key in ("title", "source") else raw)

    by_id = sorted(rows, key=lambda r: r.id)
    return [r.id for r in sorted(by_id, key=value, reverse=descending)]  # stable: ties by id


def model_order(model: DocumentListModel) -> list[int]:
    return [model.index(r, 0).data(DOC_ID_ROLE) for r in range(model.rowCount())]


def test_columns_are_the_stores_sort_keys():
    assert [key for key, _ in COLUMNS] == list(SORT_KEYS)
    assert [header for _, header in COLUMNS] == [
        "#",
        "Title",
        "Published",
        "Source",
        "Status",
        "Spans",
        "Learn",
    ]


def test_each_column_sorts_as_python_sorts_the_same_rows(qapp, qtmodeltester, sort_db):
    with Project.open(sort_db) as project:
        every = project.listing.rows_for("alice", sorted(project.documents.ids()))
        assert len(every) == N > 2 * PAGE
        assert {r.status for r in every} == set(STATUS_RANK)
        assert any(r.published is None for r in every) and any(r.source is None for r in every)
        assert {None, 0, 1} <= {r.learn for r in every}  # ties, and documents without a score
        model = DocumentListModel(project, "alice")
        for key, _header in COLUMNS:
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                model.sort(COLUMN[key], order)
                descending = order == Qt.SortOrder.DescendingOrder
                assert (model.filter.order, model.filter.descending) == (key, descending)
                assert model_order(model) == python_order(every, key, descending), (key, order)
        model.sort(COLUMN["title"], Qt.SortOrder.AscendingOrder)
        shown = [model.index(r, COLUMN["title"]).data() for r in range(model.rowCount())]
        assert shown == sorted(shown, key=nocase)
        qtmodeltester.check(model, force_py=True)


def test_a_sorted_list_keeps_its_rows_while_the_annotator_edits(sort_db):
    with Project.open(sort_db) as project:
        model = DocumentListModel(project, "alice")
        model.sort(COLUMN["status"], Qt.SortOrder.AscendingOrder)
        before = model_order(model)
        first, deep = before[0], before[PAGE + 5]  # one in the first page, one in the snapshot
        for doc_id in (first, deep):
            project.sets.replace(doc_id, "alice", [Span(0, 7, "ACTOR")], status="done")
            model.refresh_document(doc_id)
        assert model_order(model) == before  # nothing jumps away under the annotator
        assert model.index(0, COLUMN["status"]).data().endswith("done")  # the cell is current
        model.sort(COLUMN["status"], Qt.SortOrder.DescendingOrder)
        model.sort(COLUMN["status"], Qt.SortOrder.AscendingOrder)
        assert model_order(model).index(first) > 0  # sorted again, it moves to the done ones


def test_the_open_document_stays_selected_after_a_sort(make_window, qtbot, sort_db):
    window = make_window(path=sort_db)
    view = window.doc_list.view
    window.open_document(300)
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(COLUMN["title"]) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert header.sortIndicatorSection() == COLUMN["title"]
    assert window.list_model.filter.order == "title"
    with Project.open(sort_db) as project:
        every = project.listing.rows_for("alice", sorted(project.documents.ids()))
    expected = python_order(every, "title", False)
    current = view.currentIndex()
    assert current.data(DOC_ID_ROLE) == 300
    assert current.row() == expected.index(300)
    assert view.selectionModel().isRowSelected(current.row())
    # the next document is the next row of the sorted list
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.session.doc_id == expected[expected.index(300) + 1]
    assert view.currentIndex().row() == expected.index(300) + 1


def test_a_first_click_sorts_dates_newest_and_spans_most_first(make_window, qtbot, sort_db):
    window = make_window(path=sort_db)
    window.doc_list.set_column_visible("published", True)  # hidden until chosen
    header = window.doc_list.view.horizontalHeader()
    for key, descending in (("published", True), ("title", False), ("spans", True)):
        x = header.sectionViewportPosition(COLUMN[key]) + 10
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        assert (window.list_model.filter.order, window.list_model.filter.descending) == (
            key,
            descending,
        )
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert not window.list_model.filter.descending  # a second click reverses


def test_columns_hidden_and_shown_are_remembered(make_window, qtbot, gui_db):
    window = make_window()
    panel = window.doc_list
    # until the annotator chooses, the narrow list shows what tells documents apart
    # (Learn waits for a second model to compare: this project has one)
    shown = {key for key, _ in COLUMNS if panel.column_visible(key)}
    assert shown == set(COLUMN) - {"published", "source", "most_to_learn"}
    menu = panel.column_menu()
    toggles = {action.data(): action for action in menu.actions()}
    assert set(toggles) == set(COLUMN)
    toggles["source"].trigger()
    toggles["spans"].trigger()
    assert panel.column_visible("source") and not panel.column_visible("spans")
    menu.close()
    window.close()

    chosen = make_window()
    assert chosen.doc_list.column_visible("source") and not chosen.doc_list.column_visible("spans")
    menu = chosen.doc_list.column_menu()
    toggles = {action.data(): action for action in menu.actions()}
    toggles["source"].trigger()
    toggles["spans"].trigger()
    assert not chosen.doc_list.column_visible("published")
    menu.close()
    window.close()

    again = make_window()
    assert not again.doc_list.column_visible("source")
    assert not again.doc_list.column_visible("published")
    assert again.doc_list.column_visible("title")
    menu = again.doc_list.column_menu()
    next(a for a in menu.actions() if a.data() == "source").trigger()
    menu.close()
    assert again.doc_list.column_visible("source")
    again.close()
    assert make_window().doc_list.column_visible("source")


def test_the_last_shown_column_cannot_be_hidden(make_window):
    panel = make_window().doc_list
    for key, _ in COLUMNS[1:]:
        panel.set_column_visible(key, False)
    assert [k for k, _ in COLUMNS if panel.column_visible(k)] == ["id"]
    menu = panel.column_menu()
    only = next(a for a in menu.actions() if a.data() == "id")
    assert only.isChecked() and not only.isEnabled()
    panel.set_column_visible("id", False)
    assert panel.column_visible("id")
    menu.close()
