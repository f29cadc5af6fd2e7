"""Every view shows the same span after an edit, a boundary move and an
undo: the inspector's words, the span list's current row and the span the
text draws as selected; the span list starts at the top on a new document
and scrolls to the span just made or selected."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.core.store import Project
from annotator.core.types import Document, Span
from annotator.gui import colors
from annotator.gui.spanlist import SPAN_ID_ROLE
from tests.gui.conftest import build_project


def drawn_selected(window) -> list[tuple[int, int]]:
    """The ranges the text draws in the selected look, read back from its
    paragraphs' layouts (code points)."""
    view, s = window.editor.view, window.session
    label = s.scheme.label(s.spans[s.selected].label)
    selected = colors.selected_fill(label.color, view.palette())
    ranges = []
    block = view.document().begin()
    while block.isValid():
        for fr in block.layout().formats():
            if fr.format.background().color() == selected:
                start = block.position() + fr.start
                ranges.append(view.offsets.range_to_py(start, start + fr.length))
        block = block.next()
    return ranges


def shown(window) -> tuple[str, str, int, list[tuple[int, int]]]:
    """(inspector's quote, the span list's current row, its span id, the text's selection)."""
    editor = window.editor
    row = editor.span_list.currentIndex()
    return (
        editor.inspector.quote.text(),
        row.data(Qt.ItemDataRole.DisplayRole),
        row.data(SPAN_ID_ROLE),
        drawn_selected(window),
    )


def assert_in_step(window, words: str, start: int, end: int) -> None:
    s = window.session
    span = s.spans[s.selected]
    assert (span.start, span.end) == (start, end)
    quote, row, row_id, selection = shown(window)
    assert quote == f"“{words}”"
    assert row == f"{span.label:<7} {words}"
    assert row_id == s.selected
    assert selection == [(start, end)]
    assert window.statusBar().currentMessage() == f"{span.label} “{words}” now"


def test_boundary_move_and_undo_keep_every_view_on_the_same_words(make_window, qtbot) -> None:
    window = make_window()
    s = window.session
    text = s.doc.text
    start = text.index("Iran and")
    iran = next(x for x in s.spans.values() if (x.start, x.label) == (start, "ACTOR"))
    s.select(iran.id)
    assert shown(window) == ("“Iran”", "ACTOR   Iran", iran.id, [(start, start + 4)])

    qtbot.keyClick(window.editor.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert_in_step(window, "Iran and", start, start + len("Iran and"))

    s.undo_stack.undo()
    assert_in_step(window, "Iran", start, start + 4)
    s.undo_stack.redo()
    assert_in_step(window, "Iran and", start, start + len("Iran and"))


def test_relabel_shows_the_new_label_and_its_fields(make_window, qtbot) -> None:
    window = make_window()
    s = window.session
    start = s.doc.text.index("May 2")
    date = next(x for x in s.spans.values() if (x.start, x.label) == (start, "DATE"))
    s.select(date.id)
    qtbot.keyClick(window.editor.view, Qt.Key.Key_F)  # FIGURE
    figure = s.scheme.label("FIGURE")
    assert window.editor.inspector.title.text() == "FIGURE · confirmed"
    assert sorted(window.editor.inspector.fields) == sorted(a.name for a in figure.attributes)
    s.undo_stack.undo()
    assert window.editor.inspector.title.text() == "DATE · model suggestion"


def many_spans_project(path: Path) -> tuple[Path, int]:
    """A project whose second document has spans enough to scroll the list."""
    build_project(path)
    words = " ".join(f"word{i}" for i in range(400))
    with Project.open(path) as project:
        (doc_id,) = project.documents.add([Document(text=words, title="many spans")]).ids
        spans = []
        for i in range(0, 400, 2):
            offset = words.index(f"word{i} ")
            spans.append(Span(offset, offset + len(f"word{i}"), "ACTOR", {}, origin="model"))
        project.documents.replace_predictions([(doc_id, spans)], "test-model", "1.0")
    return path, doc_id


def test_span_list_starts_at_the_top_and_follows_the_span_made(
    make_window, qtbot, tmp_path
) -> None:
    path, many = many_spans_project(tmp_path / "many.db")
    window = make_window(path=path)
    s, span_list = window.session, window.editor.span_list
    first = s.doc_id
    s.open_document(many)
    bar = span_list.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    last = s.sorted_spans()[-1]
    s.select(last.id)
    assert bar.value() > 0  # scrolled to the span selected

    s.open_document(first)
    s.open_document(many)
    assert bar.value() == 0  # a new document: the list starts at the top

    text = s.doc.text
    offset = text.index("word399")
    window.editor.view.select_range(offset, offset + len("word399"))
    qtbot.keyClick(window.editor.view, Qt.Key.Key_2)  # FIGURE: made at the end
    made = s.spans[s.selected]
    assert (made.start, made.label) == (offset, "FIGURE")
    rect = span_list.visualRect(span_list.currentIndex())
    assert span_list.viewport().rect().contains(rect)  # scrolled to the span made
    assert span_list.currentIndex().data(SPAN_ID_ROLE) == made.id
