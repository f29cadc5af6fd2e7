"""A selection dragged with the mouse is stored where it is drawn.

Snapping widens a drag to whole tokens; a drag that starts on a blank line
used to keep the line break, which was stored but never drawn (the span
then looked one character shorter than it was). The drag here is a real
one, mouse press, move and release on the viewport, and the offsets the
file holds are compared with the selection shown and the span drawn.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest


def point_at(view, offset: int) -> QPoint:
    """The viewport point of a code-point offset (all seed text is in the BMP)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(offset))
    return view.cursorRect(cursor).center()


def test_a_drag_from_a_blank_line_is_stored_as_drawn(make_window, qtbot, gui_db):
    window = make_window("alice")
    doc_id = next(
        d for d in window.project.documents.ids() if "\n\n" in window.project.documents.get(d).text
    )
    window.session.open_document(doc_id)
    view = window.editor.view
    text = window.session.doc.text
    blank = text.index("\n\n") + 1  # the empty paragraph between the two line breaks
    word = blank + 1  # the first word after it
    inside = word + len(text[word:].split()[0]) // 2  # mid-way into that word
    viewport = view.viewport()
    QTest.mousePress(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point_at(view, blank)
    )
    QTest.mouseMove(viewport, point_at(view, inside))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point_at(view, inside)
    )
    selected = view.selection_range()
    assert selected is not None and selected[0] == word  # snapped to the word, not the break
    assert not text[selected[0] : selected[1]][-1].isspace()

    window.editor.apply_label("ACTOR")
    span = window.session.spans[window.session.selected]
    assert (span.start, span.end) == selected
    drawn = [(s, e) for s, e, label, _origin in view.drawn() if label == "ACTOR" and s >= word - 1]
    assert drawn and drawn[0] == selected
    conn = sqlite3.connect(gui_db)
    try:
        stored = conn.execute(
            "SELECT start_char, end_char FROM spans WHERE id = ?", (span.id,)
        ).fetchone()
    finally:
        conn.close()
    assert tuple(stored) == selected
