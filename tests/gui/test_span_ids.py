"""Span ids in the window stay what they name: a FIGURE made over a DATE,
undone and made again, many times, leaves every edit written (once, SQLite's
reuse of the largest deleted id made "span N" mean the new span, the undo
removed and restored the same provisional id, and every later edit waited
unwritten behind "no span with id -5")."""

from __future__ import annotations


def test_replacing_an_entity_and_undoing_it_again_and_again_writes_every_edit(
    make_window,
) -> None:
    window = make_window()
    session = window.session
    date = next(s for s in session.sorted_spans() if s.label == "DATE")
    for _ in range(6):
        session.create_span(date.start, date.end + 1, "FIGURE")
        session.undo_stack.undo()
        assert len(session.pending) == 0, session.pending.reason
    on_disk = window.project.sets.get(session.set_id).spans
    assert (date.start, date.end, "DATE") in [s.key() for s in on_disk]
    assert not [s for s in on_disk if s.label == "FIGURE" and s.start == date.start]
    assert sorted(s.key() for s in on_disk) == sorted(s.key() for s in session.sorted_spans())
