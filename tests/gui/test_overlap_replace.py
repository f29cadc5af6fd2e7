"""A new entity span over others is never silent: the status bar names
what it replaced, the replaced text flashes, two or more are asked about
(the answer remembered for the session), and one undo brings back the
spans and their relations."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.gui.relation_commands import AddRelation


def find(window, phrase: str) -> tuple[int, int]:
    start = window.session.doc.text.index(phrase)
    return start, start + len(phrase)


def spans_of(window) -> list[tuple[int, int, str]]:
    s = window.session
    return sorted((x.start, x.end, x.label) for x in s.project.sets.spans(s.set_id))


def relations_of(window) -> list[tuple[tuple, tuple, str]]:
    s = window.session
    return sorted((r.head, r.child, r.label) for r in s.project.relations.of_set(s.set_id))


def span_at(window, phrase: str, label: str) -> int:
    start, end = find(window, phrase)
    s = window.session
    return next(x.id for x in s.spans.values() if (x.start, x.end, x.label) == (start, end, label))


def answer_box(qtbot, button_text: str, remember: bool = True) -> list[str]:
    """Click a button of the replace question once it is up (it runs its own
    event loop); returns its text as asked."""
    asked: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        asked.append(box.text())
        box.checkBox().setChecked(remember)
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, click)
    return asked


def test_one_span_replaced_is_said_flashed_and_one_undo_brings_back_its_relation(
    make_window, qtbot
) -> None:
    window = make_window()
    s = window.session
    stance = next(x for x in s.sorted_spans() if x.label == "STANCE")
    iran = span_at(window, "Iran", "ACTOR")
    s.undo_stack.push(AddRelation(window.editor.relations.links, stance.id, iran, "TARGET"))
    before_spans, before_relations = spans_of(window), relations_of(window)
    assert len(before_relations) == 1
    depth = s.undo_stack.count()

    start, end = find(window, "imports from Iran")
    window.editor.view.select_range(start, end)
    qtbot.keyClick(window.editor.view, Qt.Key.Key_F)  # FIGURE

    assert (start, end, "FIGURE") in spans_of(window)
    assert not any(x[2] == "ACTOR" and start <= x[0] < end for x in spans_of(window))
    assert relations_of(window) == []  # the store took the relation with the span
    message = window.statusBar().currentMessage()
    assert message == (
        "FIGURE “imports from Iran” replaced ACTOR “Iran” with 1 relation; Ctrl+Z brings them back"
    )
    iran_range = find(window, "Iran")
    assert window.editor.overlaps.flashing() == [iran_range]
    qtbot.waitUntil(lambda: window.editor.overlaps.flashing() == [])
    assert s.undo_stack.count() == depth + 1  # one step

    s.undo_stack.undo()
    assert window.statusBar().currentMessage() == (
        "ACTOR “Iran” back; FIGURE “imports from Iran” undone"
    )
    assert spans_of(window) == before_spans
    assert relations_of(window) == before_relations
    links = window.editor.relations.links.items.values()
    assert [(s.spans[x.child].label, x.label) for x in links] == [("ACTOR", "TARGET")]


def test_a_span_without_relations_says_it_replaced_it(make_window, qtbot) -> None:
    window = make_window()
    start, end = find(window, "Hiroshige Seko said")
    window.editor.view.select_range(start, end)
    qtbot.keyClick(window.editor.view, Qt.Key.Key_D)  # DATE, over the ACTOR
    assert window.statusBar().currentMessage() == (
        "DATE “Hiroshige Seko said” replaced ACTOR “Hiroshige Seko”; Ctrl+Z brings it back"
    )


def test_two_or_more_are_asked_and_the_answer_is_remembered(make_window, qtbot) -> None:
    window = make_window()
    before = spans_of(window)
    start, end = find(window, "Japan says it relies on crude imports from Iran")
    view = window.editor.view

    asked = answer_box(qtbot, "Keep them")
    view.select_range(start, end)
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert asked and "overlaps 2 spans" in asked[0]
    assert "ACTOR “Japan”" in asked[0] and "ACTOR “Iran”" in asked[0]
    assert spans_of(window) == before  # kept
    said = window.statusBar().currentMessage()
    assert said.startswith("Not made: FIGURE “Japan says it relies on crude imports from Iran”")
    assert "would replace 2 spans" in said

    view.select_range(start, end)  # asked no more: kept as chosen
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert spans_of(window) == before
    assert window.statusBar().currentMessage().endswith("kept them as you chose for this session")


def test_replace_answered_replaces_both_and_undo_is_one_step(make_window, qtbot) -> None:
    window = make_window()
    s = window.session
    before = spans_of(window)
    start, end = find(window, "Japan says it relies on crude imports from Iran")
    view = window.editor.view
    asked = answer_box(qtbot, "Replace them", remember=False)
    view.select_range(start, end)
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert asked
    assert (start, end, "FIGURE") in spans_of(window)
    assert window.statusBar().currentMessage() == (
        "FIGURE “Japan says it relies on crude imports from Iran” replaced 2 spans"
        " (ACTOR “Japan”, ACTOR “Iran”); Ctrl+Z brings them back"
    )
    s.undo_stack.undo()
    assert spans_of(window) == before
    assert window.editor.overlaps.remembered is None  # not ticked: asked again next time
