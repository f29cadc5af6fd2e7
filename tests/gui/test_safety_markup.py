"""Markup in every string a project holds is shown literally, in every window.

A project whose annotator names, model name and version, titles, sources,
notes, skip reasons, attribute values and scheme descriptions all hold
markup is opened in the main window, the review window and the dashboard;
a walk over their widgets checks that no label, message box, tooltip or
item model reads any of it as rich text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLabel,
    QMessageBox,
    QWidget,
)

from annotator.core.store import Project
from annotator.core.types import Document, Span
from annotator.gui.review import DashboardWindow, ReviewWindow
from annotator.gui.window import MainWindow

BOLD = "<b>X</b>"
LINK = "<a href='https://evil.example/'>click</a>"
IMAGE = "<img src='file:///etc/passwd'>"
MARKS = (BOLD, LINK, IMAGE)
RAW = ("<b>", "<a ", "<img")  # what must never reach a rich-text renderer unescaped


def has_raw(text: str) -> bool:
    return any(mark in text for mark in RAW)


def build(path: Path) -> int:
    text = f"Japan buys oil from Iran. {BOLD} {LINK} {IMAGE} said the note."
    with Project.open(path) as p:
        scheme = p.scheme().model_dump()
        for label in scheme["labels"]:
            label["description"] = f"{BOLD} {LINK}"
        from annotator.core.scheme import Scheme

        p.set_scheme(Scheme.from_dict(scheme, source="test"))
        (doc_id,) = p.documents.add(
            [Document(text, title=f"{BOLD} title {LINK}", source=IMAGE, meta={"m": BOLD})]
        ).ids
        p.documents.replace_predictions(
            [(doc_id, [Span(0, 5, "ACTOR", {"canonical": BOLD}, origin="model")])],
            LINK,
            IMAGE,
        )
        for name in (BOLD, f"{LINK}{IMAGE}"):
            # BOLD's set is seeded (its 0-5 ACTOR the model's): the status bar names the model
            aset = p.sets.open(doc_id, name, seed=name == BOLD)
            if name != BOLD:
                p.sets.add_span(aset.id, Span(0, 5, "ACTOR", {"canonical": BOLD}))
            p.sets.add_span(aset.id, Span(20, 24, "ACTOR" if name == BOLD else "DATE", {}))
            p.sets.set_note(aset.id, f"{BOLD} note {IMAGE}")
            p.sets.set_status(aset.id, "done")
        other = p.documents.add([Document("Tehran answers.", title=LINK)]).ids[0]
        skipped = p.sets.open(other, BOLD, seed=False)
        p.sets.set_status(skipped.id, "skipped", f"{LINK} reason")
    return doc_id


def columns(model: QAbstractItemModel) -> int:
    try:
        return model.columnCount(QModelIndex())
    except TypeError:  # a list model: columnCount is private, one column
        return 1


def model_problems(model: QAbstractItemModel, where: str) -> list[str]:
    problems = []
    for row in range(min(model.rowCount(QModelIndex()), 200)):
        for column in range(columns(model)):
            tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str) and has_raw(tip):
                problems.append(f"{where} row {row} col {column} tooltip {tip!r}")
    return problems


def shown(widget: QWidget) -> list[str]:
    """Every text a window shows from its widgets and item models."""
    texts = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel | QMessageBox | QAbstractButton):
            texts.append(child.text())
        if isinstance(child, QAbstractItemView) and child.model() is not None:
            model = child.model()
            for row in range(min(model.rowCount(QModelIndex()), 200)):
                for column in range(columns(model)):
                    value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
                    if isinstance(value, str):
                        texts.append(value)
    return texts


def problems_in(widget: QWidget) -> list[str]:
    """Widgets that would read data markup as rich text."""
    found = []
    for child in [widget, *widget.findChildren(QWidget)]:
        name = f"{type(child).__name__}({child.objectName()})"
        if (
            isinstance(child, QLabel | QMessageBox)
            and child.textFormat() != Qt.TextFormat.PlainText
            and has_raw(child.text())
        ):
            found.append(f"{name} rich text {child.text()!r}")
        if has_raw(child.toolTip()):
            found.append(f"{name} tooltip {child.toolTip()!r}")
        if isinstance(child, QAbstractItemView) and child.model() is not None:
            found += model_problems(child.model(), name)
    return found


def test_every_window_shows_data_markup_literally(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "markup.db"
    doc_id = build(path)
    project = Project.open(path)
    main = MainWindow(project, BOLD)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.open_document(doc_id)
    main.session.select(main.session.sorted_spans()[0].id)  # the inspector shows attributes
    assert problems_in(main) == []
    texts = "\n".join(shown(main))
    assert f"Annotator: {BOLD}" in texts  # the data is on screen, as text
    assert f"Suggestions: {LINK}" in texts  # the model that seeded the set
    assert main.doc_panel.note.toPlainText() == f"{BOLD} note {IMAGE}"

    boxes: list[tuple[Qt.TextFormat, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: boxes.append((box.textFormat(), box.text()))
    )
    bad = tmp_path / "<b>X<img src=x>.jsonl"  # a file name cannot hold "/"
    bad.write_text('{"text": "<b>X</b> <a href=x>"\n', encoding="utf-8")  # not JSON
    main.import_files([bad])
    qtbot.waitUntil(lambda: hasattr(main, "last_task_result"), timeout=20000)
    assert main.last_task_result[0] is False, main.last_task_result
    assert boxes and all(fmt == Qt.TextFormat.PlainText for fmt, _ in boxes)
    assert any("<b>X<img src=x>" in text for _, text in boxes)  # the file named literally

    review = ReviewWindow(project)
    qtbot.addWidget(review)
    review.show()
    qtbot.waitUntil(lambda: review.loaded, timeout=20000)
    assert problems_in(review) == []
    assert any(BOLD in t for t in shown(review))

    dashboard = DashboardWindow(path)
    qtbot.addWidget(dashboard)
    dashboard.show()
    qtbot.waitUntil(lambda: dashboard.report is not None, timeout=20000)
    assert problems_in(dashboard) == []
    assert any(BOLD in t for t in shown(dashboard))

    for window in (dashboard, review, main):
        window.close()
    project.close()
