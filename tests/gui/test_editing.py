"""Editing by keyboard and mouse: every edit is in the project file at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.core.store import Project


def stored(window) -> list[tuple[int, int, str, str]]:
    """The current set's spans as the project file has them (a fresh connection)."""
    with Project.open(window.project.path) as other:
        return [
            (s.start, s.end, s.label, s.origin) for s in other.sets.spans(window.session.set_id)
        ]


def find(window, phrase: str, nth: int = 0) -> tuple[int, int]:
    text = window.session.doc.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def test_select_and_label_key_creates_a_span(make_window, qtbot):
    window = make_window()
    start, end = find(window, "crude imports")
    window.editor.view.select_range(start, end)
    qtbot.keyClick(window.editor.view, Qt.Key.Key_2)
    assert (start, end, "FIGURE", "human") in stored(window)
    assert window.session.spans[window.session.selected].label == "FIGURE"


def test_shift_arrows_selection_and_mnemonic_letter(make_window, qtbot):
    window = make_window()
    start, _ = find(window, "energy supply")
    cursor = window.editor.view.textCursor()
    cursor.setPosition(window.editor.view.offsets.to_qt(start))
    window.editor.view.setTextCursor(cursor)
    for _ in range(len("energy")):
        qtbot.keyClick(window.editor.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.editor.view, Qt.Key.Key_A)  # ACTOR's mnemonic
    assert (start, start + len("energy"), "ACTOR", "human") in stored(window)


def test_selection_snaps_out_to_whole_tokens(make_window, qtbot):
    window = make_window()
    start, end = find(window, "petroleum")
    window.editor.view.select_range(start + 2, end - 3)  # "troleu"
    qtbot.keyClick(window.editor.view, Qt.Key.Key_1)
    assert (start, end, "ACTOR", "human") in stored(window)


def test_new_entity_replaces_the_overlapping_suggestion(make_window, qtbot):
    window = make_window()
    start, end = find(window, "Hiroshige Seko")
    window.editor.view.select_range(start, start + len("Hiroshige"))
    qtbot.keyClick(window.editor.view, Qt.Key.Key_1)
    spans = stored(window)
    assert (start, start + len("Hiroshige"), "ACTOR", "human") in spans
    assert not any(s[:2] == (start, end) for s in spans)


def click_span(window, qtbot, start: int, end: int) -> None:
    cursor = QTextCursor(window.editor.view.document())
    cursor.setPosition(window.editor.view.offsets.to_qt((start + end) // 2))
    rect = window.editor.view.cursorRect(cursor)
    qtbot.mouseClick(window.editor.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_click_selects_then_key_relabels_and_delete_removes(make_window, qtbot):
    window = make_window()
    start, end = find(window, "May 2")
    click_span(window, qtbot, start, end)
    assert window.session.spans[window.session.selected].label == "DATE"
    qtbot.keyClick(window.editor.view, Qt.Key.Key_F)  # FIGURE's mnemonic
    assert (start, end, "FIGURE", "human") in stored(window)
    qtbot.keyClick(window.editor.view, Qt.Key.Key_Delete)
    assert not any(s[:2] == (start, end) for s in stored(window))
    assert window.session.selected is None


def test_boundaries_move_by_token(make_window, qtbot):
    window = make_window()
    start, end = find(window, "Hiroshige Seko")
    span = next(s for s in window.session.spans.values() if (s.start, s.end) == (start, end))
    window.session.select(span.id)
    window.editor.view.setFocus()
    qtbot.keyClick(window.editor.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert (start, start + len("Hiroshige"), "ACTOR", "human") in stored(window)
    qtbot.keyClick(
        window.editor.view,
        Qt.Key.Key_Left,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    before, _ = find(window, "Industry\u00a0Hiroshige")  # a non-breaking space
    assert (before, start + len("Hiroshige"), "ACTOR", "human") in stored(window)


def test_undo_and_redo_across_documents(make_window, qtbot):
    window = make_window()
    first_doc, first_set = window.session.doc_id, window.session.set_id
    start, end = find(window, "crude imports")
    window.editor.view.select_range(start, end)
    qtbot.keyClick(window.editor.view, Qt.Key.Key_2)
    assert (start, end, "FIGURE", "human") in stored(window)
    qtbot.keyClick(window.editor.view, Qt.Key.Key_PageDown)
    assert window.session.doc_id != first_doc
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.doc_id == first_doc  # undo brought the document back
    assert window.session.set_id == first_set
    assert (start, end, "FIGURE", "human") not in stored(window)
    qtbot.keyClick(window.editor.view, Qt.Key.Key_PageDown)
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.session.doc_id == first_doc
    assert (start, end, "FIGURE", "human") in stored(window)


def test_delete_undo_readds_and_later_commands_follow_the_new_id(make_window, qtbot):
    window = make_window()
    start, end = find(window, "May 2")
    click_span(window, qtbot, start, end)
    qtbot.keyClick(window.editor.view, Qt.Key.Key_2)  # relabel (command refers to the old id)
    qtbot.keyClick(window.editor.view, Qt.Key.Key_Delete)
    stack = window.session.undo_stack
    stack.undo()  # re-added under a new id
    assert (start, end, "FIGURE", "human") in stored(window)
    stack.undo()  # the relabel's undo must find the re-added span
    assert (start, end, "DATE", "model") in stored(window)
    stack.redo()
    stack.redo()
    assert not any(s[:2] == (start, end) for s in stored(window))


def test_attribute_edits_are_saved(make_window, qtbot):
    window = make_window()
    start, end = find(window, "1.7 million barrels per day")
    click_span(window, qtbot, start, end)
    value = window.editor.inspector.fields["value"]
    qtbot.keyClicks(value, "1,700,000")
    unit = window.editor.inspector.fields["unit"]
    unit.clear()
    qtbot.keyClicks(unit, "bpd")
    span_id = window.session.selected
    with Project.open(window.project.path) as other:
        saved = other.sets.span(span_id)
    assert saved.attrs == {"value": 1700000, "unit": "bpd"}
    assert saved.origin == "human"
    window.session.undo_stack.undo()  # typing in one field is one step
    window.session.undo_stack.undo()
    with Project.open(window.project.path) as other:
        assert other.sets.span(span_id).attrs == {"unit": "bpd"}


def test_stance_holder_is_chosen_from_the_documents_actors(make_window, qtbot):
    window = make_window()
    stance = next(s for s in window.session.spans.values() if s.label == "STANCE")
    window.session.select(stance.id)
    holder = window.editor.inspector.fields["holder"]
    choices = [holder.itemText(i) for i in range(holder.count())]
    assert "Japan" in choices and "Hiroshige Seko" in choices
    holder.setCurrentText("Japan")
    window.editor.inspector.fields["polarity"].setCurrentText("support")
    with Project.open(window.project.path) as other:
        assert other.sets.span(stance.id).attrs == {"holder": "Japan", "polarity": "support"}


def test_accept_converts_suggestions_and_opens_the_next_document(make_window, qtbot):
    window = make_window()
    first_doc, first_set = window.session.doc_id, window.session.set_id
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.doc_id != first_doc
    with Project.open(window.project.path) as other:
        accepted = other.sets.get(first_set)
        assert accepted.status == "done"
        assert accepted.spans and all(s.origin == "human" for s in accepted.spans)
    assert window.indicators.progress_label.text() == "Done 1 / 5"
    window.session.undo_stack.undo()
    assert window.session.doc_id == first_doc
    assert window.session.state["status"] != "done"
    assert any(s.origin == "model" for s in window.session.spans.values())
    with Project.open(window.project.path) as other:
        undone = other.sets.get(first_set)
        assert undone.status != "done"
        assert {s.id for s in undone.spans if s.origin == "model"} == {
            s.id for s in window.session.spans.values() if s.origin == "model"
        }


def test_skip_with_reason_and_note(make_window, qtbot, monkeypatch):
    from annotator.gui import dialogs

    window = make_window()
    doc_id, set_id = window.session.doc_id, window.session.set_id
    window.doc_panel.note.setFocus()
    qtbot.keyClicks(window.doc_panel.note, "check the figure")
    monkeypatch.setattr(dialogs, "ask_skip_reason", lambda parent: "not about the topic")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.session.doc_id != doc_id
    with Project.open(window.project.path) as other:
        skipped = other.sets.get(set_id)
    assert (skipped.status, skipped.skip_reason) == ("skipped", "not about the topic")
    assert skipped.note == "check the figure"


def test_navigation_keys_and_find(make_window, qtbot):
    window = make_window()
    first = window.session.doc_id
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    second = window.session.doc_id
    assert second != first
    qtbot.keyClick(window.editor.view, Qt.Key.Key_PageUp)
    assert window.session.doc_id == first
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.field, "Platts")
    assert window.editor.view.textCursor().selectedText() == "Platts"


def point_at(window, offset: int):
    cursor = QTextCursor(window.editor.view.document())
    cursor.setPosition(window.editor.view.offsets.to_qt(offset))
    return window.editor.view.cursorRect(cursor).center()


def test_mouse_drag_selects_and_snaps_to_tokens(make_window, qtbot):
    window = make_window()
    start, end = find(window, "crude imports")
    viewport = window.editor.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_at(window, start + 2))
    qtbot.mouseMove(viewport, point_at(window, end - 3))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_at(window, end - 3))
    assert window.editor.view.selection_range() == (start, end)  # shown snapped at once
    qtbot.keyClick(window.editor.view, Qt.Key.Key_3)
    assert (start, end, "DATE", "human") in stored(window)


def test_accept_shortcut_works_while_typing_a_note(make_window, qtbot):
    window = make_window()
    first = window.session.doc_id
    window.doc_panel.note.setFocus()
    qtbot.keyClicks(window.doc_panel.note, "fine")
    qtbot.keyClick(window.doc_panel.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.doc_id != first
    with Project.open(window.project.path) as other:
        assert other.sets.find(first, "alice").status == "done"
        assert other.sets.find(first, "alice").note == "fine"


def test_canonical_name_completes_from_the_projects_actors(make_window, qtbot):
    window = make_window()
    start, end = find(window, "Japan")
    click_span(window, qtbot, start, end)
    completer = window.editor.inspector.fields["canonical"].completer()
    names = completer.model().stringList()
    assert "Hiroshige Seko" in names
