"""What the window shows: plain text only, exact offsets, the list model, screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.core.store import Project
from annotator.core.types import Document, Span

ROOT = Path(__file__).resolve().parents[2]


def add_document(path: Path, text: str, spans: list[Span]) -> int:
    with Project.open(path) as project:
        doc_id = project.documents.add([Document(text=text, title="special")]).ids[0]
        project.documents.replace_predictions([(doc_id, spans)], "test-model", "1.0")
    return doc_id


def drawn_texts(view) -> list[str]:
    """The text under each format range, read from Qt's document in UTF-16 positions."""
    from PySide6.QtGui import QTextCursor

    texts = []
    block = view.document().begin()
    while block.isValid():
        for fr in block.layout().formats():
            cursor = QTextCursor(view.document())
            cursor.setPosition(block.position() + fr.start)
            cursor.setPosition(
                block.position() + fr.start + fr.length, QTextCursor.MoveMode.KeepAnchor
            )
            texts.append(cursor.selectedText())
        block = block.next()
    return texts


def test_markup_in_the_text_is_shown_literally(make_window, gui_db):
    text = "Tehran said <b>no</b> to <img src=x> &amp; the deal."
    start = text.index("Tehran")
    doc_id = add_document(gui_db, text, [Span(start, start + 6, "ACTOR", origin="model")])
    window = make_window()
    window.open_document(doc_id)
    shown = window.editor.view.toPlainText()
    assert shown == text
    assert "<b>" in shown and "&amp;" in shown and "<img src=x>" in shown
    document = window.editor.view.document()
    assert document.characterCount() == len(text) + 1  # no element became an object
    assert "\ufffc" not in document.toRawText()  # no image placeholder
    assert window.editor.view.drawn() == [(start, start + 6, "ACTOR", "model")]
    assert drawn_texts(window.editor.view) == ["Tehran"]


def test_emoji_before_a_span_keeps_offsets(make_window, qtbot, gui_db):
    text = "Oil 🛢️😀 news:\u00a0Japan buys 1.7 million barrels per day 🇯🇵 from Iran."
    japan = text.index("Japan")
    iran = text.index("Iran")
    doc_id = add_document(gui_db, text, [Span(japan, japan + 5, "ACTOR", origin="model")])
    window = make_window()
    window.open_document(doc_id)
    assert drawn_texts(window.editor.view) == ["Japan"]  # Qt's own text under the drawn range
    assert window.editor.view.drawn() == [(japan, japan + 5, "ACTOR", "model")]
    window.editor.view.select_range(iran, iran + 4)
    assert window.editor.view.textCursor().selectedText() == "Iran"
    qtbot.keyClick(window.editor.view, Qt.Key.Key_1)
    with Project.open(gui_db) as other:
        spans = other.sets.spans(window.session.set_id)
    made = next(s for s in spans if s.origin == "human")
    assert text[made.start : made.end] == "Iran"
    assert drawn_texts(window.editor.view) == ["Japan", "Iran"]
    assert [d[:3] for d in window.editor.view.drawn()] == [
        (japan, japan + 5, "ACTOR"),
        (iran, iran + 4, "ACTOR"),
    ]


def test_document_list_model_passes_qtmodeltester(qtmodeltester, gui_db):
    from annotator.gui.doclist import DocumentListModel

    with Project.open(gui_db) as project:
        model = DocumentListModel(project, "alice")
        qtmodeltester.check(model, force_py=True)
        assert model.rowCount() == 5
        model.set_filter(model.filter.__class__(status="done"))
        assert model.rowCount() == 0
        qtmodeltester.check(model, force_py=True)


def test_list_filters_by_status_label_and_search(make_window, qtbot):
    window = make_window()
    panel = window.doc_list
    panel.search.setText("Rouhani")
    qtbot.waitUntil(lambda: window.list_model.rowCount() < 5)
    assert window.list_model.rowCount() >= 1
    panel.search.clear()
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 5)
    panel.label.setCurrentIndex(panel.label.findData("FIGURE"))
    assert 0 < window.list_model.rowCount() <= 5
    panel.label.setCurrentIndex(0)
    panel.status.setCurrentIndex(panel.status.findData("in_progress"))
    assert window.list_model.rowCount() == 0
    start = window.session.doc.text.index("crude imports")
    window.session.create_span(start, start + 5, "FIGURE")
    assert window.list_model.rowCount() == 1


def test_guidelines_open_with_f1(make_window, qtbot):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.guidelines_dialog.isVisible())
    assert "ACTOR" in window.guidelines_dialog.browser.toPlainText()


def test_import_by_drop_runs_in_a_worker(make_window, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    window = make_window()
    extra = tmp_path / "new.txt"
    extra.write_text("A brand new article about Tokyo and oil.", encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(extra))])
    event = QDropEvent(
        QPointF(100, 100),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window._tasks, "the drop started no background task"
    # Wait on the outcome, not on the worker's signal: a fast worker may
    # finish before a signal spy could be attached.
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 6, timeout=20000)
    qtbot.waitUntil(lambda: getattr(window, "last_task_result", None) is not None, timeout=20000)
    assert window.last_task_result[0] is True


def test_dropping_annotated_jsonl_brings_its_sets_in(make_window, qtbot, tmp_path, gui_db):
    import json

    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    window = make_window()
    text = "Carol says Tehran welcomed it."
    path = tmp_path / "prodigy.jsonl"
    line = {
        "text": text,
        "_annotator_id": "carol",
        "answer": "accept",
        "spans": [{"start": 11, "end": 17, "label": "ACTOR"}],
    }
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    window.dropEvent(
        QDropEvent(
            QPointF(100, 100),
            Qt.DropAction.CopyAction,
            data,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    qtbot.waitUntil(lambda: getattr(window, "last_task_result", None) is not None, timeout=20000)
    assert window.last_task_result[0] is True, window.last_task_result
    with Project.open(gui_db) as project:
        doc = next(d for d in project.documents.stream() if d.text == text)
        carol = project.sets.find(doc.id, "carol")
        assert carol is not None and carol.status == "done"
        assert [(s.start, s.end, s.label) for s in carol.spans] == [(11, 17, "ACTOR")]


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_screenshot_writes_a_png(tmp_path, gui_db, isolated_settings):
    out = tmp_path / "shot.png"
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_SETTINGS_DIR=str(isolated_settings)
    )
    result = run_cli(["gui", "--db", str(gui_db), "--screenshot", str(out)], env)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000


def test_no_display_gives_a_clear_message(tmp_path, gui_db):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    result = run_cli(["gui", "--db", str(gui_db)], env)
    assert result.returncode == 1
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_many_qt_calls_do_not_exhaust_none(tmp_path):
    """PySide6 6.12 on Python 3.11 drops a reference to None per void call;
    a long session must not abort with 'deallocating None' (pyside_fix.py)."""
    script = (
        "import annotator.gui\n"
        "from PySide6.QtGui import QTextCharFormat\n"
        "f = QTextCharFormat()\n"
        "for _ in range(300_000):\n"
        "    f.setFontItalic(True)\n"
        "print('survived')\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "survived"


def test_row_of_a_document_in_the_filtered_list(gui_db):
    from annotator.core.store import ListingFilter

    with Project.open(gui_db) as project:
        assert [project.listing.row_of("alice", d, None) for d in (1, 3, 5)] == [0, 2, 4]
        set_id = project.sets.open(3, "alice").id
        project.sets.set_status(set_id, "done")
        done = ListingFilter(status="done")
        assert project.listing.row_of("alice", 3, done) == 0
        assert project.listing.row_of("alice", 1, done) == -1
        todo = ListingFilter(status="todo")
        assert project.listing.row_of("alice", 4, todo) == 2


def test_preannotation_from_the_menu_runs_in_a_worker(make_window, qtbot, gui_db):
    window = make_window()
    assert window.actions["preannotate"].text().startswith("&Pre-annotate")
    worker = window.preannotate(force=True)
    ticks: list[tuple[int, int]] = []
    worker.progressed.connect(lambda done, total, _what: ticks.append((done, total)))
    with qtbot.waitSignal(worker.finished, timeout=120000):
        pass
    qtbot.waitUntil(lambda: hasattr(window, "last_task_result"), timeout=20000)
    ok, message = window.last_task_result
    assert ok, message
    assert ticks and ticks[-1][0] == ticks[-1][1] == 5
    with Project.open(gui_db) as other:
        models = {m for m, _v, _n in other.documents.models()}
    assert len(models) == 2  # the test model and the real pipeline


def test_window_has_the_shipped_icon(make_window):
    from annotator.core.resources import resource

    window = make_window()
    assert resource("icons/annotator.svg").exists()
    assert not window.windowIcon().isNull()
    assert window.windowIcon().availableSizes() or window.windowIcon().pixmap(64).width() == 64
