"""The document list's "Learn" column: a click sorts by most to learn, puts
the document the suggesting model has most to learn from first, shows each
score and says what the order rests on and how many documents are unscored."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from annotator.core.store import Project
from annotator.core.store.listing import LEARN
from annotator.core.store.models import ModelInfo
from annotator.core.types import Document, Span
from annotator.gui.doclist import COLUMN, DOC_ID_ROLE


def _spans(*starts: int) -> list[Span]:
    return [Span(s, s + 4, "ACTOR", origin="model") for s in starts]


def learn_project(path: Path) -> list[int]:
    """Five documents; the trained model and its base disagree on two spans of
    the fourth, one of the second, none of the first and third; nobody ran on
    the fifth."""
    with Project.open(path) as project:
        texts = [f"Report {i} on Iran and Japan and oil imports." for i in range(5)]
        ids = project.documents.add([Document(t, title=f"Report {i}") for i, t in enumerate(texts)])
        ids = ids.ids
        project.models.register(ModelInfo("base-1", "base", "1", "pipeline"))
        project.models.register(ModelInfo("trained-1", "trained", "1", "trained", base="base-1"))
        base = [(ids[i], _spans(0)) for i in range(4)]
        trained = [
            (ids[0], _spans(0)),
            (ids[1], _spans(0, 12)),
            (ids[2], _spans(0)),
            (ids[3], _spans(0, 12, 21)),
        ]
        project.documents.replace_predictions(base, "base-1", "1")
        project.documents.replace_predictions(trained, "trained-1", "1")
        project.models.use("trained-1")
    return ids


def test_clicking_learn_puts_the_most_to_learn_first_and_says_so(make_window, qtbot, tmp_path):
    path = tmp_path / "learn.db"
    ids = learn_project(path)
    window = make_window(path=path)
    view, model = window.doc_list.view, window.list_model
    header = view.horizontalHeader()
    assert window.doc_list.column_visible(LEARN)
    x = header.sectionViewportPosition(COLUMN[LEARN]) + 10
    assert 0 < x < header.viewport().width()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.waitUntil(lambda: model.filter.order == LEARN)
    assert model.filter.descending  # the first click: most to learn first
    shown = [model.index(r, 0).data(DOC_ID_ROLE) for r in range(model.rowCount())]
    assert shown == [ids[3], ids[1], ids[0], ids[2], ids[4]]
    scores = [model.index(r, COLUMN[LEARN]).data() for r in range(model.rowCount())]
    assert scores == ["2", "1", "0", "0", "–"]
    assert window.doc_list.count.text() == (
        "5 documents. Most to learn for trained-1: disagreements with base-1;"
        " 1 document not scored comes last"
    )
    # the open document (the first, opened with the window) stays selected in its new row
    assert view.currentIndex().data(DOC_ID_ROLE) == window.session.doc_id == ids[0]
    assert view.currentIndex().row() == 2
    # another order: the line is the count alone again
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(COLUMN["title"]) + 10, 5),
    )
    qtbot.waitUntil(lambda: model.filter.order == "title")
    assert window.doc_list.count.text() == "5 documents"


def test_without_a_second_model_the_list_says_it_is_in_id_order(make_window, tmp_path):
    path = tmp_path / "alone.db"
    with Project.open(path) as project:
        ids = project.documents.add([Document("Iran said so."), Document("Japan too.")]).ids
        project.models.register(ModelInfo("trained-1", "trained", "1", "trained"))
        project.documents.replace_predictions([(i, _spans(0)) for i in ids], "trained-1", "1")
        project.models.use("trained-1")
    window = make_window(path=path)
    window.doc_list.view.sortByColumn(COLUMN[LEARN], Qt.SortOrder.DescendingOrder)
    model = window.list_model
    assert [model.index(r, 0).data(DOC_ID_ROLE) for r in range(2)] == ids
    assert window.doc_list.count.text() == (
        "2 documents. Most to learn: nothing scored for trained-1 (it needs a second"
        " model's predictions, or span or category scores); in id order"
    )
