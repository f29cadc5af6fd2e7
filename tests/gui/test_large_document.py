"""A document at the size limit opens in the window and scrolls to its end.

The import refuses texts over ``DEFAULT_MAX_CHARS`` (10 million characters)
because the window lays a document out as one ``QPlainTextEdit``; this is
the other half of that promise: a text of exactly that size (paragraphs of
news-like prose, with spans near both ends) is shown, and the last
paragraph can be scrolled into view with its span drawn.
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.ingest.limits import DEFAULT_MAX_CHARS
from annotator.core.store import Project
from annotator.core.types import Document, Span

PARAGRAPH = (
    "Japan says it relies on crude imports from Iran and seeks talks with the United"
    " States about the matter to keep its energy supply steady.\n\n"
)


def big_text() -> str:
    whole, rest = divmod(DEFAULT_MAX_CHARS - len("The end."), len(PARAGRAPH))
    return PARAGRAPH * whole + "x" * rest + "The end."


def test_a_document_at_the_limit_opens_and_scrolls_to_the_end(qtbot, tmp_path: Path) -> None:
    from annotator.gui.window import MainWindow

    text = big_text()
    assert len(text) == DEFAULT_MAX_CHARS
    path = tmp_path / "big.db"
    with Project.open(path) as project:
        (doc_id,) = project.documents.add([Document(text, title="big")]).ids
        end = len(text) - len("The end.")
        project.documents.replace_predictions(
            [(doc_id, [Span(0, 5, "ACTOR", {}, "model"), Span(end, end + 3, "DATE", {}, "model")])],
            "test-model",
            "1.0",
        )
    project = Project.open(path)
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    try:
        window.resize(1000, 700)
        window.show()
        qtbot.waitExposed(window)
        assert window.open_first() == doc_id
        view = window.editor.view
        assert view.document().characterCount() - 1 == DEFAULT_MAX_CHARS  # every character
        bar = view.verticalScrollBar()
        assert bar.maximum() > 0
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda: view.firstVisibleBlock().blockNumber() > 0, timeout=20000)
        last = view.document().lastBlock()
        assert last.text().endswith("The end.")
        bottom = view.cursorForPosition(view.viewport().rect().bottomLeft()).block()
        assert bottom.blockNumber() >= view.document().blockCount() - 3  # the end is on screen
        assert (end, end + 3, "DATE", "model") in view.drawn()
    finally:
        window.close()
        project.close()
