"""Relations in the annotation window: arcs, making them by keyboard and by
mouse, selecting, relabelling, deleting, undo; and the arcs' geometry."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QTextCursor

from annotator.core.store import Project
from annotator.core.types import Document, Relation, Span
from annotator.gui.arcs import LABEL_HEIGHT, LEVEL_HEIGHT, TOP_PAD, Piece, stack_line


def stance_and_actors(window) -> tuple[Span, list[Span]]:
    s = window.session
    stance = next(x for x in s.sorted_spans() if x.label == "STANCE")
    actors = [x for x in s.sorted_spans() if x.label == "ACTOR"]
    return stance, actors


def stored(window) -> list[tuple[tuple, tuple, str, str]]:
    s = window.session
    return [(r.head, r.child, r.label, r.origin) for r in s.project.relations.of_set(s.set_id)]


def last_message(window) -> str:
    return window.statusBar().currentMessage()


def point_of(window, offset: int) -> QPoint:
    """The viewport point in the middle of the character at ``offset``."""
    view = window.editor.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(offset))
    rect = view.cursorRect(cursor)
    return QPoint(rect.x() + 3, rect.center().y())


def press_keys(qtbot, window, *keys) -> None:
    for key in keys:
        qtbot.keyClick(window.editor.view, key)


def test_keyboard_makes_a_relation_nearest_first_and_undo_redo(qtbot, make_window) -> None:
    window = make_window()
    s, rel = window.session, window.editor.relations
    stance, actors = stance_and_actors(window)
    s.select(stance.id)
    press_keys(qtbot, window, "h")
    assert rel.picking is not None
    offered = [s.spans[i] for i in rel.picking.candidates]
    assert sorted(x.id for x in offered) == sorted(a.id for a in actors)
    gaps = [max(0, x.start - stance.end, stance.start - x.end) for x in offered]
    assert gaps == sorted(gaps)  # nearest first
    assert "Enter links" in last_message(window)
    press_keys(qtbot, window, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Return)
    first = offered[0]
    assert rel.picking is None
    assert stored(window) == [(stance.key(), first.key(), "HOLDER", "human")]
    assert last_message(window).startswith(f"HOLDER: STANCE → {s.span_text(first)}")
    (relation_id,) = rel.links.items
    assert rel.layer.keys() == [relation_id]
    assert [key for key, _ in rel.layer.label_rects()] == [relation_id]

    s.undo_stack.undo()
    assert stored(window) == []
    assert rel.layer.keys() == []
    s.undo_stack.redo()
    assert stored(window) == [(stance.key(), first.key(), "HOLDER", "human")]
    assert len(rel.layer.keys()) == 1


def test_escape_cancels_and_a_wrong_head_says_why(qtbot, make_window) -> None:
    window = make_window()
    s, rel = window.session, window.editor.relations
    stance, actors = stance_and_actors(window)
    s.select(stance.id)
    press_keys(qtbot, window, "t", Qt.Key.Key_Escape)
    assert rel.picking is None and stored(window) == []
    assert last_message(window) == "No TARGET relation made"
    s.select(actors[0].id)
    press_keys(qtbot, window, "h")
    assert rel.picking is None
    assert last_message(window) == "Not done: HOLDER goes from STANCE to ACTOR, not from ACTOR"
    s.select(None)
    press_keys(qtbot, window, "h")
    assert "Select a STANCE span first" in last_message(window)


def test_ctrl_drag_links_two_spans(qtbot, make_window) -> None:
    window = make_window()
    s, rel = window.session, window.editor.relations
    stance, actors = stance_and_actors(window)
    actor = actors[0]
    viewport = window.editor.view.viewport()
    ctrl = Qt.KeyboardModifier.ControlModifier
    inside = next(  # a character of the STANCE outside every entity
        i
        for i in range(stance.start, stance.end)
        if s.doc.text[i].isalpha()
        and not any(a.start <= i < a.end for a in s.spans.values() if a.label != "STANCE")
    )
    start = point_of(window, inside)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, ctrl, start)
    qtbot.mouseMove(viewport, point_of(window, actor.start + 1))
    assert rel.layer.drag_line is not None  # a dashed line follows the mouse
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, ctrl, point_of(window, actor.start + 1))
    assert stored(window) == [(stance.key(), actor.key(), "HOLDER", "human")]
    assert "press t to make it TARGET" in last_message(window)
    assert rel.layer.drag_line is None
    assert rel.selected is not None  # the new relation, so its other key relabels it
    press_keys(qtbot, window, "t")
    assert stored(window) == [(stance.key(), actor.key(), "TARGET", "human")]
    assert "(was HOLDER)" in last_message(window)


def test_a_refused_relation_says_the_stores_reason(qtbot, make_window) -> None:
    window = make_window()
    s, rel = window.session, window.editor.relations
    _stance, actors = stance_and_actors(window)
    figure = next(x for x in s.sorted_spans() if x.label in ("FIGURE", "DATE"))
    rel.drop(actors[0].id, figure.id)
    assert stored(window) == []
    assert last_message(window) == (
        f"Not done: HOLDER goes from STANCE to ACTOR, not from ACTOR to {figure.label}"
    )
    assert s.undo_stack.count() == 0


def select_by_click(qtbot, window, relation_id: int) -> None:
    rel = window.editor.relations
    rect = dict(rel.layer.visible_label_rects())[relation_id]
    qtbot.mouseClick(
        window.editor.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint()
    )


def test_click_selects_then_relabel_delete_and_undo_each(qtbot, make_window) -> None:
    window = make_window()
    s, rel = window.session, window.editor.relations
    stance, _actors = stance_and_actors(window)
    s.select(stance.id)
    press_keys(qtbot, window, "h", Qt.Key.Key_Return)
    (relation_id,) = rel.links.items
    select_by_click(qtbot, window, relation_id)
    assert rel.selected == relation_id and s.selected is None
    assert "selected: Delete removes it" in last_message(window)

    press_keys(qtbot, window, "t")
    assert [r[2] for r in stored(window)] == ["TARGET"]
    s.undo_stack.undo()
    assert [r[2] for r in stored(window)] == ["HOLDER"]

    (relation_id,) = rel.links.items
    select_by_click(qtbot, window, relation_id)
    press_keys(qtbot, window, Qt.Key.Key_Delete)
    assert stored(window) == []
    assert last_message(window).startswith("Relation deleted, HOLDER: STANCE → ")
    assert "(Ctrl+Z brings it back)" in last_message(window)
    assert rel.layer.keys() == []
    s.undo_stack.undo()
    assert [r[2:] for r in stored(window)] == [("HOLDER", "human")]
    assert len(rel.layer.keys()) == 1


def test_deleting_a_span_takes_its_relations_and_undo_brings_both(qtbot, make_window) -> None:
    window = make_window()
    s, rel = window.session, window.editor.relations
    stance, _actors = stance_and_actors(window)
    s.select(stance.id)
    press_keys(qtbot, window, "h", Qt.Key.Key_Return, "t", Qt.Key.Key_Right, Qt.Key.Key_Return)
    before = stored(window)
    assert sorted(r[2] for r in before) == ["HOLDER", "TARGET"]
    s.select(stance.id)
    press_keys(qtbot, window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: stored(window) == [])
    assert stance.id not in s.spans
    assert rel.layer.keys() == []
    assert "2 relations" in last_message(window)
    s.undo_stack.undo()
    qtbot.waitUntil(lambda: sorted(stored(window)) == sorted(before))
    assert len(rel.layer.keys()) == 2
    s.undo_stack.redo()
    qtbot.waitUntil(lambda: stored(window) == [])


def test_model_relations_are_dashed_and_enter_confirms(qtbot, make_window, gui_db: Path) -> None:
    with Project.open(gui_db) as project:
        doc_id = project.documents.add([Document(text="Japan said it would buy Iran oil.")]).ids[0]
        spans = [
            Span(0, 5, "ACTOR", {}, origin="model"),
            Span(0, 33, "STANCE", {}, origin="model"),
        ]
        link = Relation((0, 33, "STANCE"), (0, 5, "ACTOR"), "HOLDER", origin="model")
        project.documents.replace_predictions(
            [(doc_id, spans)], "test-model", "1.0", relations={doc_id: [link]}
        )
    window = make_window()
    s, rel = window.session, window.editor.relations
    s.open_document(doc_id)
    (relation_id,) = rel.links.items
    assert rel.layer.pen_style(relation_id) == Qt.PenStyle.DashLine
    select_by_click(qtbot, window, relation_id)
    assert "Enter confirms the suggestion" in last_message(window)
    press_keys(qtbot, window, Qt.Key.Key_Return)
    assert [r[3] for r in stored(window)] == ["human"]
    assert rel.layer.pen_style(relation_id) == Qt.PenStyle.SolidLine
    s.undo_stack.undo()
    assert [r[3] for r in stored(window)] == ["model"]


def many_relations_document(count: int) -> tuple[str, list[Span], list[Relation]]:
    """Sentences 'Japan and Iran said Tehran would sell 5 barrels.': a STANCE
    each, linked to its actors, and some links to the sentence after."""
    rng = random.Random(4)
    text, spans, links = "", [], []
    names = ["Japan", "Iran", "Tehran", "Washington"]
    stances = []
    while len(links) < count:
        a, b = rng.sample(names, 2)
        sentence = f"{a} and {b} said they would trade. "
        start = len(text)
        text += sentence
        first = Span(start, start + len(a), "ACTOR", {}, origin="human")
        second_at = start + len(a) + 5
        second = Span(second_at, second_at + len(b), "ACTOR", {}, origin="human")
        stance = Span(start, start + len(sentence) - 1, "STANCE", {}, origin="human")
        spans += [first, second, stance]
        links.append(Relation(stance.key(), first.key(), "HOLDER"))
        links.append(Relation(stance.key(), second.key(), "TARGET"))
        if stances and rng.random() < 0.4:  # across sentences, often across lines
            links.append(Relation(stances[-1].key(), first.key(), "TARGET"))
        stances.append(stance)
    return text, spans, links[:count]


def test_fifty_arcs_labels_never_overlap_each_other_or_the_text(
    qtbot, make_window, gui_db: Path
) -> None:
    text, spans, links = many_relations_document(50)
    with Project.open(gui_db) as project:
        doc_id = project.documents.add([Document(text=text, title="many")]).ids[0]
        project.documents.replace_predictions(
            [(doc_id, spans)], "test-model", "1.0", relations={doc_id: links}
        )
    window = make_window()
    window.session.open_document(doc_id)
    layer = window.editor.relations.layer
    assert len(layer.keys()) == 50
    rects = layer.label_rects()
    assert len(rects) >= 50  # an arc across two lines has a label on each
    for i, (_, a) in enumerate(rects):
        for _, b in rects[i + 1 :]:
            assert not a.intersects(b), (a, b)
    text_lines = []
    view = window.editor.view
    block, top = view.document().begin(), 0.0
    while block.isValid():
        layout = block.layout()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            text_lines.append(QRectF(line.x(), top + line.y(), line.width(), line.height()))
        top += view.document().documentLayout().blockBoundingRect(block).height()
        block = block.next()
    for _, label in rects:
        assert label.height() == LABEL_HEIGHT
        assert not any(label.intersects(line) for line in text_lines)


def test_stacking_is_a_pure_function_with_no_overlap() -> None:
    rng = random.Random(7)
    for _ in range(200):
        pieces = []
        for key in range(rng.randint(1, 12)):
            a, b = rng.uniform(0, 600), rng.uniform(0, 600)
            pieces.append(Piece(key, a, b, rng.uniform(30, 70)))
        placed = stack_line(pieces, 0, 600)
        boxes = [p.label for p in placed.placed]
        for i, a in enumerate(boxes):
            assert a.x >= 0 and a.x + a.width <= 600
            assert a.y <= placed.height  # inside the room the line leaves
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b)
        assert placed.height == placed.levels * LEVEL_HEIGHT + TOP_PAD
    inner = Piece(0, 100, 140, 40)
    outer = Piece(1, 50, 400, 40)
    apart = Piece(2, 450, 560, 40)
    placed = {p.piece.key: p.level for p in stack_line([outer, apart, inner], 0, 600).placed}
    assert placed == {0: 1, 1: 2, 2: 1}  # the spanning arc above, the one apart stays low
    assert stack_line([], 0, 600).height == 0
