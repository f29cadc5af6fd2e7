"""The review window on a real project file: two annotators' finished sets,
built through the store, adjudicated into gold with the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.agreement.adjudication import review_documents
from annotator.core.store import Project
from annotator.core.types import GOLD, Document, Span
from annotator.gui.review import ReviewWindow
from annotator.gui.review.models import DOC_ID_ROLE

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

TEXT1 = "Japan imports oil from Iran and the United States objects on Friday."
TEXT2 = "Tokyo said on Monday that it buys 300,000 barrels per day."
TEXT3 = "Seko met Zarif."


def press(widget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A real key press (through Qt's shortcut map, as a person's would)."""
    QTest.keyClick(widget, key, modifiers)


def at(text: str, part: str, label: str, attrs: dict | None = None) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), label, dict(attrs or {}))


def write_set(p: Project, doc_id: int, name: str, spans: list[Span], status: str = "done"):
    aset = p.sets.open(doc_id, name, seed=False)
    for span in spans:
        p.sets.add_span(aset.id, span)
    p.sets.set_status(aset.id, status)


def build(path: Path) -> dict[str, int]:
    """doc1: agreed Japan; label (Iran), boundary (United States), missing (Friday).
    doc2: agreed Tokyo and figure; attribute (DATE kind). doc3: full agreement."""
    with Project.open(path) as p:
        ids = p.documents.add(
            [Document(TEXT1, title="one"), Document(TEXT2, title="two"), Document(TEXT3)]
        ).ids
        d1, d2, d3 = ids
        japan = at(TEXT1, "Japan", "ACTOR", {"canonical": "Japan"})
        write_set(
            p,
            d1,
            "alice",
            [
                japan,
                at(TEXT1, "Iran", "ACTOR"),
                at(TEXT1, "United States", "ACTOR"),
                at(TEXT1, "Friday", "DATE"),
            ],
        )
        write_set(
            p,
            d1,
            "bob",
            [japan, at(TEXT1, "Iran", "DATE"), at(TEXT1, "the United States", "ACTOR")],
        )
        tokyo = at(TEXT2, "Tokyo", "ACTOR")
        figure = at(TEXT2, "300,000 barrels per day", "FIGURE", {"unit": "bpd"})
        write_set(p, d2, "alice", [tokyo, figure, at(TEXT2, "Monday", "DATE", {"kind": "date"})])
        write_set(p, d2, "bob", [tokyo, figure, at(TEXT2, "Monday", "DATE", {"kind": "duration"})])
        both = [at(TEXT3, "Seko", "ACTOR"), at(TEXT3, "Zarif", "ACTOR")]
        write_set(p, d3, "alice", both)
        write_set(p, d3, "bob", both)
    return {"d1": d1, "d2": d2, "d3": d3}


@pytest.fixture
def review_db(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "review.db"
    return path, build(path)


@pytest.fixture
def review(qtbot, review_db) -> Iterator[ReviewWindow]:
    path, _ids = review_db
    window = ReviewWindow(path)  # from a path alone: no main window
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.loaded, timeout=20000)  # the list is read by a worker
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    window.close()


def gold_keys(path: Path, doc_id: int) -> list[tuple]:
    """Gold as on disk, read through a second connection."""
    with Project.open(path) as p:
        found = p.sets.find(doc_id, GOLD)
        return [(*s.key(), s.attrs) for s in found.spans] if found else []


def row_of(window: ReviewWindow, kind: str) -> int:
    return next(i for i, d in enumerate(window.state.disagreements) if d.type == kind)


def status_text(window: ReviewWindow, doc_id: int) -> str:
    model = window.doc_model
    return model.index(model.row_of(doc_id), 1).data()


def test_lists_typed_disagreements_of_the_first_document(review, review_db) -> None:
    _path, ids = review_db
    assert review.session.doc_id == ids["d1"]
    types = sorted(d.type for d in review.state.disagreements)
    assert types == ["boundary", "label", "missing"]
    assert review.dis_model.rowCount() == 3
    assert set(review.side.columns) == {"alice", "bob"}
    # each annotator's own spans are drawn in their column
    alice = review.side.columns["alice"].view.drawn()
    assert [d[:3] for d in alice] == sorted(
        at(TEXT1, part, label).key()
        for part, label in (
            ("Japan", "ACTOR"),
            ("Iran", "ACTOR"),
            ("United States", "ACTOR"),
            ("Friday", "DATE"),
        )
    )
    assert len(review.side.columns["bob"].view.drawn()) == 3


def test_key_1_takes_annotator_a_version_of_a_label_disagreement(review, review_db) -> None:
    path, ids = review_db
    review.select_disagreement(row_of(review, "label"))
    review.dis_table.setFocus()
    press(review.dis_table, Qt.Key.Key_1)
    iran = at(TEXT1, "Iran", "ACTOR")
    assert gold_keys(path, ids["d1"]) == [(*iran.key(), {})]
    assert review.dis_model.resolved[row_of(review, "label")] is True
    assert review.dis_model.chosen[row_of(review, "label")] == "alice"
    # key 2 replaces it with bob's version (a DATE), still one span there
    press(review.dis_table, Qt.Key.Key_2)
    assert gold_keys(path, ids["d1"]) == [(*at(TEXT1, "Iran", "DATE").key(), {})]


def test_agreed_spans_go_to_gold_in_one_step(review, review_db) -> None:
    path, ids = review_db
    before = review.session.undo_stack.count()
    press(review, Qt.Key.Key_G, CTRL)
    assert gold_keys(path, ids["d1"]) == [(0, 5, "ACTOR", {"canonical": "Japan"})]
    assert review.session.undo_stack.count() == before + 1
    # the one new gold span is selected in the inspector, with the project's
    # canonical names to complete from
    assert review.gold.inspector.span is not None and review.gold.inspector.span.start == 0
    canonical = review.gold.inspector.fields["canonical"]
    assert canonical.text() == "Japan"
    assert "Japan" in canonical.completer().model().stringList()
    # the agreed span settles nothing: the three disagreements stay open
    assert review.dis_model.resolved == [False, False, False]
    # pressing it again adds nothing twice
    press(review, Qt.Key.Key_G, CTRL)
    assert len(gold_keys(path, ids["d1"])) == 1
    # on a document with several agreed spans, still one undo step for all
    review.open_document(ids["d2"])
    press(review, Qt.Key.Key_G, CTRL)
    assert [k[:3] for k in gold_keys(path, ids["d2"])] == [
        at(TEXT2, "Tokyo", "ACTOR").key(),
        at(TEXT2, "300,000 barrels per day", "FIGURE").key(),
    ]
    press(review, Qt.Key.Key_Z, CTRL)
    assert gold_keys(path, ids["d2"]) == []


def test_undo_of_an_adjudication_restores_gold(review, review_db) -> None:
    path, ids = review_db
    row = row_of(review, "boundary")
    review.select_disagreement(row)
    review.dis_table.setFocus()
    press(review.dis_table, Qt.Key.Key_1)  # alice: "United States"
    press(review.dis_table, Qt.Key.Key_2)  # bob: "the United States"
    bob = at(TEXT1, "the United States", "ACTOR")
    assert [k[:3] for k in gold_keys(path, ids["d1"])] == [bob.key()]
    press(review, Qt.Key.Key_Z, CTRL)
    alice = at(TEXT1, "United States", "ACTOR")
    assert [k[:3] for k in gold_keys(path, ids["d1"])] == [alice.key()]
    assert [d[:3] for d in review.gold.view.drawn()] == [alice.key()]
    press(review, Qt.Key.Key_Z, CTRL)
    assert gold_keys(path, ids["d1"]) == []
    assert review.dis_model.resolved[row] is False
    press(review, Qt.Key.Key_Z, CTRL | SHIFT)  # redo
    assert [k[:3] for k in gold_keys(path, ids["d1"])] == [alice.key()]
    assert review.dis_model.resolved[row] is True


def test_taking_the_version_without_a_span_counts_as_decided(review, review_db) -> None:
    path, ids = review_db
    row = row_of(review, "missing")  # alice marked Friday, bob did not
    review.select_disagreement(row)
    review.take(2)
    assert gold_keys(path, ids["d1"]) == []
    assert review.dis_model.resolved[row] is True
    with Project.open(path) as p:
        dis = review.state.disagreements[row]
        assert (dis.start, dis.end) in p.gold.rejected()[ids["d1"]]
    press(review, Qt.Key.Key_Z, CTRL)
    assert review.dis_model.resolved[row] is False
    with Project.open(path) as p:
        assert p.gold.rejected().get(ids["d1"], set()) == set()


def test_next_unresolved_key_moves_across_documents(review, review_db) -> None:
    _path, ids = review_db
    assert (review.session.doc_id, review.current) == (ids["d1"], 0)
    press(review, Qt.Key.Key_N)
    assert (review.session.doc_id, review.current) == (ids["d1"], 1)
    press(review, Qt.Key.Key_F8)
    assert (review.session.doc_id, review.current) == (ids["d1"], 2)
    press(review, Qt.Key.Key_N)  # past the last one of doc 1: doc 2's attribute
    assert review.session.doc_id == ids["d2"]
    assert review.current_disagreement().type == "attribute"
    # doc 3 has no disagreements: skipped, wrapping around to doc 1
    press(review, Qt.Key.Key_N)
    assert (review.session.doc_id, review.current) == (ids["d1"], 0)
    # resolved ones are skipped
    review.take(1)
    review.select_disagreement(1)
    review.take(1)
    review.select_disagreement(2)
    press(review, Qt.Key.Key_N)
    assert review.session.doc_id == ids["d2"]
    press(review, Qt.Key.Key_F8, SHIFT)  # previous unresolved: back to doc 1's last
    assert (review.session.doc_id, review.current) == (ids["d1"], 2)


def test_review_status_column_changes_after_resolving(review, review_db) -> None:
    path, ids = review_db
    assert status_text(review, ids["d1"]) == "● 3 unresolved of 3"
    assert status_text(review, ids["d3"]) == "✓ no disagreements"
    for row in range(3):
        review.select_disagreement(row)
        review.take(1)
        if row < 2:
            assert status_text(review, ids["d1"]) == f"● {2 - row} unresolved of 3"
    assert status_text(review, ids["d1"]) == "✓ resolved (3)"
    press(review, Qt.Key.Key_Return, CTRL)  # gold done
    assert status_text(review, ids["d1"]) == "✓ resolved (3) · gold done"
    with Project.open(path) as p:
        fresh = {item.doc_id: item for item in review_documents(p)}
        assert fresh[ids["d1"]].state == "resolved"
        assert fresh[ids["d1"]].gold_status == "done"
        assert fresh[ids["d2"]].unresolved == 1
    # the list's rows still name their documents in order
    model = review.doc_model
    assert [model.index(r, 0).data(DOC_ID_ROLE) for r in range(3)] == [
        ids["d1"],
        ids["d2"],
        ids["d3"],
    ]


def test_edit_in_gold_by_hand_then_undo(review, review_db) -> None:
    path, ids = review_db
    row = row_of(review, "missing")
    review.select_disagreement(row)
    press(review, Qt.Key.Key_E)  # gold gets the focus, "Friday" selected
    assert review.gold.view.hasFocus()
    assert review.gold.view.selection_range() == (TEXT1.index("Friday"), TEXT1.index("Friday") + 6)
    press(review.gold.view, Qt.Key.Key_3)  # the DATE key of the scheme
    friday = at(TEXT1, "Friday", "DATE")
    assert [k[:3] for k in gold_keys(path, ids["d1"])] == [friday.key()]
    assert review.dis_model.resolved[row] is True
    press(review, Qt.Key.Key_Z, CTRL)
    assert gold_keys(path, ids["d1"]) == []
    assert review.dis_model.resolved[row] is False


def test_undo_after_moving_on_brings_the_document_back(review, review_db) -> None:
    path, ids = review_db
    review.select_disagreement(row_of(review, "label"))
    review.take(1)
    review.open_document(ids["d2"])
    press(review, Qt.Key.Key_Z, CTRL)
    assert review.session.doc_id == ids["d1"]
    assert gold_keys(path, ids["d1"]) == []
    assert status_text(review, ids["d1"]) == "● 3 unresolved of 3"


def test_three_annotators_give_three_version_keys(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "three.db"
    with Project.open(path) as p:
        (doc,) = p.documents.add([Document(TEXT1)]).ids
        write_set(p, doc, "alice", [at(TEXT1, "Iran", "ACTOR")])
        write_set(p, doc, "bob", [at(TEXT1, "Iran", "DATE")])
        write_set(p, doc, "carol", [at(TEXT1, "Iran", "FIGURE")])
    window = ReviewWindow(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.loaded, timeout=20000)
    assert len(window.versions.buttons) == 3
    window.versions.buttons[2].click()  # carol's, by mouse
    assert [k[:3] for k in gold_keys(path, doc)] == [at(TEXT1, "Iran", "FIGURE").key()]
    assert window.dis_model.chosen[0] == "carol"
    window.close()


def test_browsing_creates_no_gold_sets(review, review_db) -> None:
    path, ids = review_db
    for _ in range(4):
        press(review, Qt.Key.Key_N)
    review.open_document(ids["d3"])
    with Project.open(path) as p:
        assert p.sets.select(annotator=GOLD) == []
    assert status_text(review, ids["d1"]) == "● 3 unresolved of 3"
    review.open_document(ids["d3"])
    press(review, Qt.Key.Key_G, CTRL)  # the first edit creates gold, empty, then adds
    with Project.open(path) as p:
        (gold,) = p.sets.select(annotator=GOLD, with_spans=True)
        assert gold.document_id == ids["d3"]
        assert [s.key() for s in gold.spans] == [
            at(TEXT3, "Seko", "ACTOR").key(),
            at(TEXT3, "Zarif", "ACTOR").key(),
        ]
        assert all(s.origin == "human" for s in gold.spans)


def test_reload_picks_up_newly_finished_documents(qtbot, review, review_db) -> None:
    path, ids = review_db
    assert review.doc_model.rowCount() == 3
    with Project.open(path) as p:
        (d4,) = p.documents.add([Document("Iran said no.")]).ids
        write_set(p, d4, "alice", [Span(0, 4, "ACTOR")])
        write_set(p, d4, "bob", [])
    with qtbot.waitSignal(review.queueLoaded, timeout=20000):
        press(review, Qt.Key.Key_F5)
    assert review.doc_model.rowCount() == 4
    assert review.session.doc_id == ids["d1"]  # stays where it was
    assert status_text(review, d4) == "● 1 unresolved of 1"
    dashboard = review.show_dashboard()
    qtbot.waitUntil(lambda: dashboard.report is not None, timeout=20000)
    assert dashboard.report.documents == 4
    dashboard.close()


def test_enter_in_the_list_edits_and_alt_digit_takes_from_anywhere(review, review_db) -> None:
    path, ids = review_db
    review.select_disagreement(row_of(review, "label"))
    review.dis_table.setFocus()
    press(review.dis_table, Qt.Key.Key_Return)
    assert review.gold.view.hasFocus()
    press(review.gold.view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # bob's, from gold
    assert [k[:3] for k in gold_keys(path, ids["d1"])] == [at(TEXT1, "Iran", "DATE").key()]
    assert review.gold.view.hasFocus()


def test_agreed_spans_of_every_document_in_one_undo_step(review, review_db) -> None:
    path, ids = review_db
    before = review.session.undo_stack.count()
    press(review, Qt.Key.Key_G, CTRL | SHIFT)
    assert review.session.undo_stack.count() == before + 1
    assert [k[:3] for k in gold_keys(path, ids["d1"])] == [at(TEXT1, "Japan", "ACTOR").key()]
    assert len(gold_keys(path, ids["d2"])) == 2
    assert len(gold_keys(path, ids["d3"])) == 2
    # the open document's gold view shows it, other rows are recounted
    assert [d[:3] for d in review.gold.view.drawn()] == [at(TEXT1, "Japan", "ACTOR").key()]
    assert status_text(review, ids["d3"]) == "✓ no disagreements"
    # a hand edit on another document, then undo both, in order
    review.open_document(ids["d3"])
    seko = next(s for s in review.session.spans.values() if s.start == 0)
    review.session.delete(seko.id)
    assert len(gold_keys(path, ids["d3"])) == 1
    press(review, Qt.Key.Key_Z, CTRL)
    assert len(gold_keys(path, ids["d3"])) == 2
    press(review, Qt.Key.Key_Z, CTRL)
    for doc in ids.values():
        assert gold_keys(path, doc) == []
    assert review.gold.view.drawn() == []
    press(review, Qt.Key.Key_Z, CTRL | SHIFT)  # redo: all back, new ids
    press(review, Qt.Key.Key_Z, CTRL | SHIFT)  # and the deletion again, on the new id
    assert [k[:3] for k in gold_keys(path, ids["d3"])] == [at(TEXT3, "Zarif", "ACTOR").key()]
    assert len(gold_keys(path, ids["d2"])) == 2


def test_a_project_with_nothing_to_review(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    with Project.open(path) as p:
        (doc,) = p.documents.add([Document(TEXT1)]).ids
        write_set(p, doc, "alice", [at(TEXT1, "Iran", "ACTOR")])  # one annotator only
    window = ReviewWindow(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.loaded, timeout=20000)
    assert window.doc_model.rowCount() == 0
    assert window.summary.text().startswith("Nothing to review yet")
    assert window.next_unresolved() is False
    assert window.take(1) is False
    assert window.agreed_to_gold() == 0
    with Project.open(path) as p:
        assert p.sets.select(annotator=GOLD) == []
    window.close()


def test_article_text_with_markup_is_shown_as_text(qtbot, tmp_path: Path) -> None:
    text = "<b>Iran</b> &amp; Japan"
    path = tmp_path / "markup.db"
    with Project.open(path) as p:
        (doc,) = p.documents.add([Document(text, title="<i>title</i>")]).ids
        write_set(p, doc, "alice", [at(text, "Iran", "ACTOR")])
        write_set(p, doc, "bob", [at(text, "Iran", "DATE")])
    window = ReviewWindow(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.loaded, timeout=20000)
    for column in window.side.columns.values():
        assert column.view.toPlainText() == text
    assert window.gold.view.toPlainText() == text
    assert "“Iran”" in window.versions.buttons[0].text()
    assert window.dis_model.index(0, 2).data() == "Iran"
    for tip in (
        window.dis_model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole),
        window.doc_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole),
    ):
        assert "<i>title" not in tip and "<b>Iran" not in tip  # plain, or escaped
    window.close()


def test_offsets_after_an_emoji_stay_code_points(qtbot, tmp_path: Path) -> None:
    text = "🙂🙂 Japan buys oil from Iran."
    path = tmp_path / "emoji.db"
    with Project.open(path) as p:
        (doc,) = p.documents.add([Document(text)]).ids
        write_set(p, doc, "alice", [at(text, "Japan", "ACTOR"), at(text, "Iran", "ACTOR")])
        write_set(p, doc, "bob", [at(text, "Japan", "ACTOR")])
    window = ReviewWindow(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.loaded and window.isActiveWindow(), timeout=20000)
    assert window.current_disagreement().type == "missing"
    drawn = window.side.columns["alice"].view.drawn()
    assert [d[:3] for d in drawn] == [
        at(text, "Japan", "ACTOR").key(),
        at(text, "Iran", "ACTOR").key(),
    ]
    press(window, Qt.Key.Key_E)
    assert window.gold.view.selection_range() == at(text, "Iran", "ACTOR").key()[:2]
    press(window.gold.view, Qt.Key.Key_1)  # ACTOR, by hand
    assert [k[:3] for k in gold_keys(path, doc)] == [at(text, "Iran", "ACTOR").key()]
    window.close()


def test_moving_from_a_gold_document_to_one_without_gold(review, review_db) -> None:
    _path, ids = review_db
    press(review, Qt.Key.Key_G, CTRL)  # doc 1 gets gold
    assert len(review.gold.view.drawn()) == 1
    review.open_document(ids["d2"])  # no gold yet: nothing of doc 1 may linger
    assert review.session.set_id is None
    assert review.gold.view.drawn() == []
    assert review.session.sorted_spans() == []
    assert review.gold.view.toPlainText() == TEXT2
    assert review.session.tokens.snap(0, 3) == (0, 5)  # doc 2's tokens: "Tokyo"
    review.open_document(ids["d1"])
    assert len(review.gold.view.drawn()) == 1


def test_advance_after_taking_a_version(review, review_db) -> None:
    _path, ids = review_db
    review.actions["advance"].setChecked(True)
    assert review.current == 0
    press(review, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert (review.session.doc_id, review.current) == (ids["d1"], 1)
    review.take(1)
    review.take(1)  # the last of doc 1: on to doc 2
    assert review.session.doc_id == ids["d2"]
    assert status_text(review, ids["d1"]) == "✓ resolved (3)"


def test_comparing_other_annotators(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "three.db"
    with Project.open(path) as p:
        (doc,) = p.documents.add([Document(TEXT1)]).ids
        write_set(p, doc, "alice", [at(TEXT1, "Iran", "ACTOR"), at(TEXT1, "Japan", "ACTOR")])
        write_set(p, doc, "bob", [at(TEXT1, "Iran", "ACTOR")])
        write_set(p, doc, "carol", [at(TEXT1, "Iran", "DATE"), at(TEXT1, "Japan", "ACTOR")])
    window = ReviewWindow(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.loaded, timeout=20000)
    assert sorted(d.type for d in window.state.disagreements) == ["label", "missing"]
    with qtbot.waitSignal(window.queueLoaded, timeout=20000):
        window.choose_annotators(["alice", "bob"])
    assert list(window.side.columns) == ["alice", "bob"]
    assert [d.type for d in window.state.disagreements] == ["missing"]  # Japan
    assert len(window.versions.buttons) == 2
    # one annotator against gold, once gold is done: gold took alice's Japan only
    window.take(1)
    window.mark_done()
    with qtbot.waitSignal(window.queueLoaded, timeout=20000):
        window.choose_annotators(["carol", GOLD])
    assert window.doc_model.rowCount() == 1
    (dis,) = window.state.disagreements
    assert (dis.type, dis.spans[GOLD]) == ("missing", None)  # carol's Iran
    window.close()


def test_compare_annotators_menu(review, review_db, qtbot) -> None:
    path, _ids = review_db
    with Project.open(path) as p:
        (d4,) = p.documents.add([Document("Iran said no.")]).ids
        write_set(p, d4, "carol", [Span(0, 4, "ACTOR")])
        write_set(p, d4, "alice", [Span(0, 4, "DATE")])
    review_menu = next(x.menu() for x in review.menuBar().actions() if x.text() == "&Review")
    submenu = next(a.menu() for a in review_menu.actions() if a.text() == "&Compare annotators")
    submenu.aboutToShow.emit()
    entries = {a.text(): a for a in submenu.actions()}
    assert {n: a.isChecked() for n, a in entries.items()} == {
        "alice": True,
        "bob": True,
        "carol": False,  # gold is offered once it holds a set: this one has none yet
    }
    with qtbot.waitSignal(review.queueLoaded, timeout=20000):
        entries["carol"].setChecked(True)
    assert review.annotators == ["alice", "bob", "carol"]
    assert review.doc_model.row_of(d4) >= 0  # alice and carol finished it
