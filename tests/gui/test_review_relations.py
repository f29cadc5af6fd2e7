"""The review window with relations and document categories: their
disagreements are listed with the span ones, taken into gold with the same
keys (a relation with the end spans gold lacks, said in the status bar),
agreed relations and answers go to gold with the agreed spans (Ctrl+G),
and every step undoes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.agreement import project_agreement
from annotator.core.store import Project
from annotator.core.types import GOLD, Document, Relation, Span
from annotator.gui.review import ReviewWindow
from annotator.gui.review.dashboard import VALUE_ROLE, DashboardWindow

TEXT = "Iraq said on Friday that Japan must pay more for oil."
CTRL = Qt.KeyboardModifier.ControlModifier


def at(part: str, label: str) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part), label)


IRAQ, JAPAN, FRIDAY = at("Iraq", "ACTOR"), at("Japan", "ACTOR"), at("Friday", "DATE")
STANCE = at("Japan must pay more for oil", "STANCE")


def rel(head: Span, child: Span, label: str) -> Relation:
    return Relation(head.key(), child.key(), label)


@pytest.fixture
def review_db(tmp_path: Path) -> tuple[Path, int]:
    """alice: HOLDER -> Iraq; bob: HOLDER -> Japan. Both: TARGET -> Japan,
    genre report. relevance: alice relevant, bob not relevant."""
    path = tmp_path / "links.db"
    spans = [IRAQ, FRIDAY, JAPAN, STANCE]
    with Project.open(path) as p:
        (doc,) = p.documents.add([Document(TEXT, title="links")]).ids
        for name, child, relevance in (("alice", IRAQ, "relevant"), ("bob", JAPAN, "not relevant")):
            p.sets.replace(
                doc,
                name,
                spans,
                "done",
                relations=[rel(STANCE, child, "HOLDER"), rel(STANCE, JAPAN, "TARGET")],
                categories={"genre": ["report"], "relevance": [relevance]},
            )
    return path, doc


@pytest.fixture
def review(qtbot, review_db) -> Iterator[ReviewWindow]:
    window = ReviewWindow(review_db[0])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.loaded, timeout=20000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    window.close()


def gold(path: Path, doc: int) -> tuple[list, list, dict]:
    """Gold as on disk (a second connection): span keys, relation keys, answers."""
    with Project.open(path) as p:
        found = p.sets.find(doc, GOLD)
        if found is None:
            return [], [], {}
        return [s.key() for s in found.spans], [r.key() for r in found.relations], found.categories


def row(window: ReviewWindow, kind: str) -> int:
    return next(i for i, d in enumerate(window.state.disagreements) if d.type == kind)


def test_relation_and_category_disagreements_are_listed(review) -> None:
    kinds = [review.dis_model.kind(r) for r in range(review.dis_model.rowCount())]
    assert kinds == ["relation child · HOLDER", "category value · relevance"]
    category = review.dis_model.index(row(review, "category"), 2).data()
    assert category == "relevant / not relevant"
    review.select_disagreement(row(review, "relation"))
    texts = [b.text() for b in review.versions.buttons]
    assert texts[0].startswith(
        "1  alice: HOLDER STANCE “Japan must pay more for oil” → ACTOR “Iraq”"
    )
    assert texts[1].endswith("→ ACTOR “Japan”")
    assert "2 disagreements, 2 unresolved" in review.summary.text()


def test_take_relation_with_its_end_span_and_undo(review, review_db, qtbot) -> None:
    path, doc = review_db
    review.select_disagreement(row(review, "relation"))
    review.dis_table.setFocus()
    QTest.keyClick(review.dis_table, Qt.Key.Key_1)  # alice's HOLDER -> Iraq
    spans, links, _ = gold(path, doc)
    assert links == [(STANCE.key(), IRAQ.key(), "HOLDER")]
    assert sorted(spans) == sorted([STANCE.key(), IRAQ.key()])  # both ends came along
    message = review.statusBar().currentMessage()
    assert "Gold took alice's HOLDER" in message
    assert (
        "end spans STANCE “Japan must pay more for oil”, ACTOR “Iraq” added to gold too" in message
    )
    assert review.dis_model.resolved[row(review, "relation")]
    assert review.dis_model.chosen[row(review, "relation")] == "alice"
    # bob's version replaces it: his child, Japan, is added (gold lacked it)
    QTest.keyClick(review.dis_table, Qt.Key.Key_2)
    assert gold(path, doc)[1] == [(STANCE.key(), JAPAN.key(), "HOLDER")]
    assert "ACTOR “Japan” added to gold too" in review.statusBar().currentMessage()
    QTest.keyClick(review, Qt.Key.Key_Z, CTRL)
    assert gold(path, doc)[1] == [(STANCE.key(), IRAQ.key(), "HOLDER")]
    assert JAPAN.key() not in gold(path, doc)[0]
    QTest.keyClick(review, Qt.Key.Key_Z, CTRL)
    assert gold(path, doc)[:2] == ([], [])
    assert not review.dis_model.resolved[row(review, "relation")]


def test_take_category_by_key_and_undo(review, review_db) -> None:
    path, doc = review_db
    review.select_disagreement(row(review, "category"))
    review.dis_table.setFocus()
    QTest.keyClick(review.dis_table, Qt.Key.Key_2)  # bob: not relevant
    assert gold(path, doc)[2] == {"relevance": ["not relevant"]}
    assert review.statusBar().currentMessage() == "Gold took bob's relevance: not relevant"
    assert review.dis_model.chosen[row(review, "category")] == "bob"
    QTest.keyClick(review, Qt.Key.Key_Z, CTRL)
    assert gold(path, doc)[2] == {}
    assert not review.dis_model.resolved[row(review, "category")]


def test_agreed_relations_and_categories_go_with_agreed_spans(review, review_db) -> None:
    path, doc = review_db
    assert "4 agreed spans, 1 relation, 1 category not yet in gold" in review.summary.text()
    QTest.keyClick(review, Qt.Key.Key_G, CTRL)
    spans, links, answers = gold(path, doc)
    assert sorted(spans) == sorted(s.key() for s in [IRAQ, FRIDAY, JAPAN, STANCE])
    assert links == [(STANCE.key(), JAPAN.key(), "TARGET")]  # the agreed one only
    assert answers == {"genre": ["report"]}
    message = review.statusBar().currentMessage()
    assert message == "Added to gold: 4 agreed spans, 1 relation, 1 category"
    QTest.keyClick(review, Qt.Key.Key_G, CTRL)
    assert review.statusBar().currentMessage() == "Everything agreed is already in gold"
    QTest.keyClick(review, Qt.Key.Key_Z, CTRL)
    assert gold(path, doc) == ([], [], {})


def test_dashboard_shows_relation_f1_and_category_figures(qtbot, review_db) -> None:
    path, _doc = review_db
    window = DashboardWindow(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.report is not None, timeout=20000)  # computed on a worker
    with Project.open(path) as p:
        pair = project_agreement(p).pairs[0]
    table = window.links_table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    holder = rows["HOLDER"]
    assert table.item(holder, 2).data(VALUE_ROLE) == pair.relations["HOLDER"].f1 == 0.0
    assert table.item(rows["TARGET"], 2).data(VALUE_ROLE) == 1.0
    genre = rows["genre"]  # both answered report: kappa undefined (one category only)
    assert table.item(genre, 3).text() == "—" and table.item(genre, 5).data(VALUE_ROLE) == 1
    relevance = rows["relevance"]
    assert table.item(relevance, 3).data(VALUE_ROLE) == pair.categories["relevance"].kappa
    window.close()
