"""Document categories in the window, and the STANCE inspector's links.

Categories: set by key (anywhere but a text field) and by click, one choice
against many, undo and redo, a model's suggestion drawn apart and confirmed
by accepting, each change said in the status bar; the review's gold pane
has the same panel. Links: the STANCE inspector shows its HOLDER mention and
TARGET (a click selects them), and the ``holder`` attribute follows the
HOLDER link and the linked ACTOR's canonical in the step that changed them,
saying so, also when it replaces a holder typed by hand.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from annotator.core.scheme import Category, CategoryValue, default_scheme
from annotator.core.store import Project
from annotator.core.types import Document, Span
from annotator.gui.relation_commands import AddRelation, DeleteRelation

CTRL = Qt.KeyboardModifier.ControlModifier


def stored_answers(window) -> tuple[dict[str, list[str]], dict[tuple[str, str], str]]:
    """The open set's categories and their origins, as the file has them."""
    with Project.open(window.project.path) as other:
        set_id = window.session.set_id
        return other.categories.of_set(set_id), other.categories.origins(set_id)


def stored_span(window, span_id: int) -> Span:
    with Project.open(window.project.path) as other:
        return other.sets.span(span_id)


def status(window) -> str:
    return window.statusBar().currentMessage()


def button(window, name: str, value: str):
    return window.editor.categories.buttons[(name, value)]


def click(qtbot, widget) -> None:
    """A click on a radio button's or check box's indicator (its centre may
    be past the text, where a click does nothing)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


# -- categories ------------------------------------------------------------
def test_keys_set_change_and_clear_a_one_choice_category(make_window, qtbot):
    window = make_window()
    view = window.editor.view
    QTest.keyClick(view, Qt.Key.Key_9)
    assert stored_answers(window)[0] == {"genre": ["opinion"]}
    assert status(window) == "genre: opinion (was not set)"
    assert button(window, "genre", "opinion").isChecked()
    QTest.keyClick(view, Qt.Key.Key_7)
    assert stored_answers(window)[0] == {"genre": ["report"]}
    assert status(window) == "genre: report (was opinion)"
    assert not button(window, "genre", "opinion").isChecked()
    assert button(window, "genre", "report").isChecked()
    QTest.keyClick(view, Qt.Key.Key_5)  # another category: genre stays
    assert stored_answers(window)[0] == {"genre": ["report"], "relevance": ["relevant"]}
    QTest.keyClick(view, Qt.Key.Key_7)  # the chosen value's key again clears it
    assert stored_answers(window)[0] == {"relevance": ["relevant"]}
    assert status(window) == "genre: cleared (was report)"
    assert not any(button(window, "genre", v).isChecked() for v in ("report", "opinion"))


def test_keys_work_from_the_document_list_but_type_into_the_note(make_window, qtbot):
    window = make_window()
    listing = window.doc_list.view
    listing.setFocus()
    qtbot.waitUntil(listing.hasFocus)
    QTest.keyClick(listing, Qt.Key.Key_6)  # a window-wide key, also in the list
    assert stored_answers(window)[0] == {"relevance": ["not relevant"]}
    note = window.doc_panel.note
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    QTest.keyClick(note, Qt.Key.Key_5)
    assert note.toPlainText() == "5"
    assert stored_answers(window)[0] == {"relevance": ["not relevant"]}


def test_click_sets_and_undo_redo_restore(make_window, qtbot):
    window = make_window()
    click(qtbot, button(window, "relevance", "relevant"))
    assert stored_answers(window)[0] == {"relevance": ["relevant"]}
    click(qtbot, button(window, "relevance", "not relevant"))
    assert stored_answers(window)[0] == {"relevance": ["not relevant"]}
    assert status(window) == "relevance: not relevant (was relevant)"
    QTest.keyClick(window.editor.view, Qt.Key.Key_Z, CTRL)
    assert stored_answers(window)[0] == {"relevance": ["relevant"]}
    assert status(window) == "Undone: relevance: relevant (was not relevant)"
    assert button(window, "relevance", "relevant").isChecked()
    assert not button(window, "relevance", "not relevant").isChecked()
    window.session.undo_stack.undo()
    assert stored_answers(window)[0] == {}
    window.session.undo_stack.redo()
    window.session.undo_stack.redo()
    assert stored_answers(window)[0] == {"relevance": ["not relevant"]}
    assert button(window, "relevance", "not relevant").isChecked()
    # clicking the chosen radio button clears it, as its key does
    click(qtbot, button(window, "relevance", "not relevant"))
    assert stored_answers(window)[0] == {}
    assert not button(window, "relevance", "not relevant").isChecked()


def many_choice_project(path: Path) -> Path:
    """The seed project with a many-choice ``topic`` in place of genre."""
    from tests.gui.conftest import build_project

    build_project(path)
    scheme = default_scheme()
    topic = Category(
        name="topic",
        exclusive=False,
        values=[
            CategoryValue(name="oil", key="7"),
            CategoryValue(name="shipping", key="8"),
            CategoryValue(name="nuclear", key="9"),
        ],
    )
    scheme = scheme.model_copy(update={"categories": [scheme.categories[0], topic]})
    with Project.open(path) as project:
        project.set_scheme(scheme)
    return path


def test_many_choice_category_toggles_check_boxes(make_window, qtbot, tmp_path):
    from PySide6.QtWidgets import QCheckBox, QRadioButton

    window = make_window(path=many_choice_project(tmp_path / "many.db"))
    assert isinstance(button(window, "topic", "oil"), QCheckBox)
    assert isinstance(button(window, "relevance", "relevant"), QRadioButton)
    assert button(window, "topic", "oil").text() == "oil   7"
    view = window.editor.view
    QTest.keyClick(view, Qt.Key.Key_9)
    QTest.keyClick(view, Qt.Key.Key_7)
    assert stored_answers(window)[0] == {"topic": ["nuclear", "oil"]}
    assert status(window) == "topic: nuclear, oil (was nuclear)"
    QTest.keyClick(view, Qt.Key.Key_9)  # toggles that one off, oil stays
    assert stored_answers(window)[0] == {"topic": ["oil"]}
    click(qtbot, button(window, "topic", "shipping"))
    assert stored_answers(window)[0] == {"topic": ["oil", "shipping"]}
    assert button(window, "topic", "oil").isChecked()
    assert button(window, "topic", "shipping").isChecked()
    window.session.undo_stack.undo()
    assert stored_answers(window)[0] == {"topic": ["oil"]}
    assert not button(window, "topic", "shipping").isChecked()


def suggest(path: Path, answers: dict[str, list[str]]) -> int:
    """The model's answers in alice's set of the document the window opens first."""
    with Project.open(path) as project:
        doc_id = project.listing.next_unfinished("alice")
        set_id = project.sets.open(doc_id, "alice").id
        for name, values in answers.items():
            project.categories.set(set_id, name, values, origin="model")
    return doc_id


def test_a_suggestion_looks_different_and_accepting_confirms_it(make_window, gui_db, qtbot):
    doc_id = suggest(gui_db, {"genre": ["report"]})
    window = make_window()
    assert window.session.doc_id == doc_id
    report = button(window, "genre", "report")
    assert report.isChecked()
    assert report.font().italic()
    assert report.text() == "report   7   · suggested"
    assert not button(window, "genre", "opinion").font().italic()
    set_id = window.session.set_id
    QTest.keyClick(window.editor.view, Qt.Key.Key_Return, CTRL)  # accept and next
    assert window.session.doc_id != doc_id
    with Project.open(gui_db) as other:
        assert other.categories.origins(set_id) == {("genre", "report"): "human"}
    QTest.keyClick(window.editor.view, Qt.Key.Key_Z, CTRL)  # the document comes back
    assert window.session.doc_id == doc_id
    assert stored_answers(window)[1] == {("genre", "report"): "model"}
    assert button(window, "genre", "report").font().italic()
    window.session.accept()
    assert not button(window, "genre", "report").font().italic()
    assert button(window, "genre", "report").text() == "report   7"


def test_the_key_of_a_suggested_value_confirms_it(make_window, gui_db, qtbot):
    suggest(gui_db, {"relevance": ["relevant"], "genre": ["brief"]})
    window = make_window()
    QTest.keyClick(window.editor.view, Qt.Key.Key_0)  # brief's key
    assert stored_answers(window) == (
        {"genre": ["brief"], "relevance": ["relevant"]},
        {("genre", "brief"): "human", ("relevance", "relevant"): "model"},
    )
    assert status(window) == "genre: brief confirmed"
    assert not button(window, "genre", "brief").font().italic()
    assert button(window, "relevance", "relevant").font().italic()
    window.session.undo_stack.undo()  # a suggestion again
    assert stored_answers(window)[1][("genre", "brief")] == "model"
    assert button(window, "genre", "brief").font().italic()


def test_the_review_gold_pane_sets_gold_categories(qtbot, tmp_path):
    from annotator.gui.review import ReviewWindow

    path = tmp_path / "review.db"
    text = "Japan imports oil from Iran."
    with Project.open(path) as project:
        (doc_id,) = project.documents.add([Document(text, title="one")]).ids
        for name in ("alice", "bob"):
            aset = project.sets.open(doc_id, name, seed=False)
            project.sets.add_span(aset.id, Span(0, 5, "ACTOR", {}))
            project.sets.set_status(aset.id, "done")
    window = ReviewWindow(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.loaded, timeout=20000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.gold.categories.isVisible()
    window.gold.view.setFocus()
    qtbot.waitUntil(window.gold.view.hasFocus)
    QTest.keyClick(window.gold.view, Qt.Key.Key_8)  # interview, in gold
    with Project.open(path) as other:
        gold = other.sets.find(doc_id, "gold")
        assert gold is not None and gold.categories == {"genre": ["interview"]}
    assert window.statusBar().currentMessage() == "genre: interview (was not set)"
    window.session.undo_stack.undo()
    with Project.open(path) as other:
        assert other.sets.find(doc_id, "gold").categories == {}
    window.close()


# -- the STANCE inspector and the holder -------------------------------------
def add_link(window, head: int, child: int, label: str = "HOLDER") -> AddRelation:
    """A relation made by the window's own step (relation_commands.py), which
    calls ``Session.sync_holder`` after its store call."""
    command = AddRelation(window.editor.relations.links, head, child, label)
    window.session.undo_stack.push(command)
    assert command.error is None
    return command


def delete_link(window, head: int, child: int, label: str = "HOLDER") -> None:
    links = window.editor.relations.links
    command = DeleteRelation(links, links.find(head, child, label))
    window.session.undo_stack.push(command)
    assert command.error is None


def link_texts(window) -> list[str]:
    """The texts of the inspector's link rows (buttons and notes)."""
    from PySide6.QtWidgets import QFormLayout

    form = window.editor.inspector.links
    role = QFormLayout.ItemRole.FieldRole
    return [form.itemAt(row, role).widget().text() for row in range(form.rowCount())]


def stance_and_actors(window) -> tuple[Span, list[Span]]:
    spans = window.session.sorted_spans()
    stance = next(s for s in spans if s.label == "STANCE")
    actors = [s for s in spans if s.label == "ACTOR"]
    return stance, actors


def test_inspector_shows_the_holder_mention_and_target_and_selects_them(make_window, qtbot):
    window = make_window()
    stance, actors = stance_and_actors(window)
    holder_actor, target_actor = actors[0], actors[1]
    window.session.select(stance.id)
    links = window.editor.inspector.link_buttons
    assert links == {}  # no link yet: rows say how to make one
    add_link(window, stance.id, holder_actor.id)
    add_link(window, stance.id, target_actor.id, "TARGET")
    links = window.editor.inspector.link_buttons
    holder_text = window.session.span_text(holder_actor)
    assert [b.text() for b in links["Holder"]] == [f"“{holder_text}”"]
    assert [b.text() for b in links["Target"]] == [f"“{window.session.span_text(target_actor)}”"]
    qtbot.mouseClick(links["Target"][0], Qt.MouseButton.LeftButton)
    assert window.session.selected == target_actor.id
    # the ACTOR shows the STANCE it is the target of; clicking goes back
    back = window.editor.inspector.link_buttons["Target of"][0]
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert window.session.selected == stance.id


def test_holder_follows_the_link_in_the_same_undo_step(make_window, qtbot):
    window = make_window()
    stance, actors = stance_and_actors(window)
    actor = actors[0]
    name = window.session.span_text(actor)
    add_link(window, stance.id, actor.id)
    assert window.session.spans[stance.id].attrs["holder"] == name
    assert stored_span(window, stance.id).attrs["holder"] == name
    assert status(window).endswith(f"; holder set to {name} from the HOLDER link")
    with Project.open(window.project.path) as other:
        assert len(other.relations.of_set(window.session.set_id)) == 1
    window.session.undo_stack.undo()  # one step: the link and the holder
    assert "holder" not in stored_span(window, stance.id).attrs
    assert "holder" not in window.session.spans[stance.id].attrs
    with Project.open(window.project.path) as other:
        assert other.relations.of_set(window.session.set_id) == []
    window.session.undo_stack.redo()
    assert stored_span(window, stance.id).attrs["holder"] == name


def test_holder_follows_the_actors_canonical(make_window, qtbot):
    window = make_window()
    stance, actors = stance_and_actors(window)
    actor = actors[0]
    name = window.session.span_text(actor)
    add_link(window, stance.id, actor.id)
    window.session.select(actor.id)
    field = window.editor.inspector.fields["canonical"]
    field.setFocus()
    QTest.keyClicks(field, "Gov")
    assert stored_span(window, actor.id).attrs["canonical"] == "Gov"
    assert stored_span(window, stance.id).attrs["holder"] == "Gov"
    assert status(window) == "holder set to Gov from the HOLDER link (was Go)"
    window.session.undo_stack.undo()  # the typing is one step, the holder with it
    assert "canonical" not in stored_span(window, actor.id).attrs
    assert stored_span(window, stance.id).attrs["holder"] == name


def test_a_hand_typed_holder_is_replaced_out_loud_and_undo_brings_it_back(make_window, qtbot):
    window = make_window()
    stance, actors = stance_and_actors(window)
    actor = actors[0]
    name = window.session.span_text(actor)
    window.session.set_attribute(stance.id, "holder", "Tokyo")
    assert stored_span(window, stance.id).attrs["holder"] == "Tokyo"
    add_link(window, stance.id, actor.id)
    assert stored_span(window, stance.id).attrs["holder"] == name
    assert status(window).endswith(
        f"; holder set to {name} from the HOLDER link, replacing 'Tokyo' typed by hand"
        " (Ctrl+Z brings it back)"
    )
    window.session.undo_stack.undo()
    assert stored_span(window, stance.id).attrs["holder"] == "Tokyo"
    assert window.session.spans[stance.id].attrs["holder"] == "Tokyo"


def test_deleting_the_link_takes_its_holder_but_not_a_typed_one(make_window, qtbot):
    window = make_window()
    stance, actors = stance_and_actors(window)
    actor = actors[0]
    name = window.session.span_text(actor)
    add_link(window, stance.id, actor.id)
    delete_link(window, stance.id, actor.id)
    assert "holder" not in stored_span(window, stance.id).attrs
    assert status(window).endswith(
        f"; holder {name} cleared with its HOLDER link (Ctrl+Z brings it back)"
    )
    window.session.undo_stack.undo()
    assert stored_span(window, stance.id).attrs["holder"] == name
    # a holder typed by hand after linking stays when the link goes
    window.session.set_attribute(stance.id, "holder", "Tokyo")
    window.session.select(stance.id)
    assert f"holder 'Tokyo' is not the HOLDER link's {name}" in link_texts(window)
    delete_link(window, stance.id, window.session.resolve(actor.id))
    assert stored_span(window, stance.id).attrs["holder"] == "Tokyo"


def test_deleting_the_holder_mention_clears_the_holder_in_the_same_step(make_window, qtbot):
    window = make_window()
    stance, actors = stance_and_actors(window)
    actor = actors[0]
    name = window.session.span_text(actor)
    add_link(window, stance.id, actor.id)
    window.session.select(actor.id)
    QTest.keyClick(window.editor.view, Qt.Key.Key_Delete)
    assert actor.id not in window.session.spans
    assert "holder" not in stored_span(window, stance.id).attrs
    assert status(window) == f"holder {name} cleared with its HOLDER link (Ctrl+Z brings it back)"
    QTest.keyClick(window.editor.view, Qt.Key.Key_Z, CTRL)  # the mention, its link, the holder
    assert stored_span(window, stance.id).attrs["holder"] == name
    with Project.open(window.project.path) as other:
        (relation,) = other.relations.of_set(window.session.set_id)
    assert (relation.label, relation.child) == ("HOLDER", (actor.start, actor.end, "ACTOR"))
