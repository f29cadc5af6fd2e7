"""The main window's Review menu opens the review window and the dashboard."""

from __future__ import annotations

from pathlib import Path

from annotator.core.store import Project
from annotator.core.types import GOLD, Document, Span

TEXT = "Japan imports oil from Iran and the United States objects on Friday."


def at(part: str, label: str) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part), label)


def build(path: Path) -> int:
    with Project.open(path) as p:
        (doc,) = p.documents.add([Document(TEXT, title="one")]).ids
        for name, spans in (
            ("alice", [at("Japan", "ACTOR"), at("Iran", "ACTOR")]),
            ("bob", [at("Japan", "ACTOR"), at("Iran", "DATE")]),
        ):
            aset = p.sets.open(doc, name, seed=False)
            for span in spans:
                p.sets.add_span(aset.id, span)
            p.sets.set_status(aset.id, "done")
    return doc


def test_review_menu_opens_both_windows(qtbot, make_window, tmp_path: Path) -> None:
    path = tmp_path / "menu.db"
    doc = build(path)
    window = make_window("alice", path)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Review") == titles.index("&Help") - 1
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Review")
    entries = {a.text(): a for a in menu.actions()}
    entries["&Review and adjudicate…"].trigger()
    review = window.review_menu.review_window
    assert review is not None and review.isVisible()
    qtbot.waitUntil(lambda: review.loaded, timeout=20000)
    assert review.project is window.project  # one connection, one project
    assert review.current_disagreement().type == "label"
    review.take(1)
    assert [s.key() for s in window.project.sets.find(doc, GOLD).spans] == [
        at("Iran", "ACTOR").key()
    ]
    entries["Agreement &dashboard…"].trigger()
    dashboard = window.review_menu.dashboard_window
    assert dashboard is not None and dashboard.isVisible()
    qtbot.waitUntil(lambda: dashboard.report is not None, timeout=20000)
    assert dashboard.report.pair("alice", "bob").labels["ACTOR"].f1_exact == 2 * 1 / (2 + 1)
    # asking again raises the same windows instead of opening more
    entries["&Review and adjudicate…"].trigger()
    assert window.review_menu.review_window is review
    # closing the main window closes both (they share its project)
    closed = []
    review.destroyed.connect(lambda *_: closed.append("review"))
    dashboard.destroyed.connect(lambda *_: closed.append("dashboard"))
    window.close()
    qtbot.waitUntil(lambda: sorted(closed) == ["dashboard", "review"], timeout=5000)
    assert window.review_menu.review_window is None and window.review_menu.dashboard_window is None
