"""The model in the loop, in the window: Tools ▸ Train off the GUI thread
(cancelled: nothing registered, said; finished: the model named with its
scores and the question whether it suggests), the suggesting model chosen
from its menu, Document ▸ Pull suggestions said and undone, the status bar
naming the model behind what is on screen and saying when a set followed a
newer run, and "Next: most to learn"."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QMessageBox, QPushButton

from annotator.core.agreement.suggestion_quality import suggestion_quality
from annotator.core.store import Project
from annotator.core.store.models import ModelInfo
from annotator.core.training.trainer import TrainOptions, models_dir
from annotator.core.types import Document, Span
from annotator.gui.model_actions import ModelActions
from annotator.gui.review import DashboardWindow
from annotator.gui.review.quality_panel import VALUE_ROLE, QualityPanel
from annotator.gui.train_dialog import TrainDialog, WindowTrain


def model_label(window) -> str:
    return window.indicators.model_label.text()


def finish_alices_sets(project) -> None:
    """Every seed document done by alice, as the fake model suggested it."""
    for doc_id in project.documents.ids():
        aset = project.sets.open(doc_id, "alice")
        if aset.status != "done":
            project.sets.accept(aset.id)


def register(project, model_id: str, kind: str = "pipeline") -> None:
    project.models.register(ModelInfo(id=model_id, name=model_id, version="1", kind=kind))


def test_training_cancelled_from_its_progress_dialog_registers_nothing_and_says_so(
    make_window, qtbot
):
    window = make_window()
    finish_alices_sets(window.project)
    trainer = window.findChild(WindowTrain)
    window.actions["train"].trigger()
    dialog = window.findChild(TrainDialog)
    assert dialog.source.currentData() == "alice"  # no gold yet: the annotator's own sets
    dialog.base.setCurrentIndex(dialog.base.findData("rules"))
    dialog.steps.setValue(200)
    dialog.accept()
    worker = trainer.worker
    qtbot.waitUntil(lambda: trainer.progress.maximum() == 200, timeout=60000)  # a first step
    assert "of 200 steps" in trainer.progress.labelText()
    assert "held-out score" in trainer.progress.labelText()
    window.step_document(1)  # the window keeps working while it trains
    assert window.session.doc_id == window.project.documents.ids()[1]
    trainer.progress.findChild(QPushButton).click()  # the dialog's Cancel
    assert "stops at the next step" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: trainer.message is not None, timeout=60000)
    box = trainer.message
    assert worker.cancelled and box.windowTitle() == "Training cancelled"
    assert box.text().startswith("training cancelled at step ")
    assert box.text().endswith("of 200: no model was written or registered")
    assert window.statusBar().currentMessage().startswith("Training cancelled at step ")
    assert [m for m in window.project.models.all() if m.kind == "trained"] == []
    assert not any(models_dir(window.project).glob("*"))


def test_a_finished_training_names_the_model_and_asks_before_it_suggests(make_window, qtbot):
    window = make_window()
    finish_alices_sets(window.project)
    trainer = window.findChild(WindowTrain)
    trainer.start(TrainOptions(annotator="alice", base="rules", max_steps=4))
    qtbot.waitUntil(lambda: trainer.message is not None, timeout=90000)
    box = trainer.message
    (trained,) = [m for m in window.project.models.all() if m.kind == "trained"]
    assert box.windowTitle() == "Training finished" and box.text().startswith(
        f"Trained {trained.id} on 4 documents of alice (1 held out, 4 steps)."
    )
    assert "  ACTOR: P " in box.text() and "Make it the suggesting model? Now: none." in box.text()
    assert window.project.models.suggesting() is None  # nothing switched silently
    box.button(QMessageBox.StandardButton.Yes).click()
    assert window.project.models.suggesting() == trained.id
    assert (
        window.statusBar()
        .currentMessage()
        .startswith(f"suggesting model: {trained.id} (was none); edited documents keep their spans")
    )


def test_choosing_a_model_from_the_menu_makes_it_suggest_and_says_so(make_window):
    window = make_window()
    register(window.project, "model-a")
    register(window.project, "model-b")
    window.project.models.use("model-a")
    menu = window.findChild(ModelActions).menu
    menu.aboutToShow.emit()
    entries = {a.data(): a for a in menu.actions()}
    assert set(entries) == {"model-a", "model-b"}
    assert entries["model-a"].isChecked() and not entries["model-b"].isChecked()
    entries["model-b"].trigger()
    assert window.project.models.suggesting() == "model-b"
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("suggesting model: model-b (was model-a); edited documents keep their spans")
    )
    menu.aboutToShow.emit()  # filled anew: the new choice checked
    assert [a.data() for a in menu.actions() if a.isChecked()] == ["model-b"]


def test_pull_suggestions_adds_what_does_not_collide_says_so_and_undoes(make_window):
    window = make_window()
    s = window.session
    text = s.doc.text
    mine = s.sorted_spans()
    s.delete(mine[-1].id)  # an edit: this set no longer follows a model
    kept = s.sorted_spans()
    last = list(re.finditer(r"\w+", text))[-1]  # the last word: nothing there yet
    assert not any(sp.start < last.end() and last.start() < sp.end for sp in kept)
    newer = [
        Span(kept[0].start, kept[0].end, kept[0].label, {}, origin="model"),  # the same: skipped
        Span(last.start(), last.end(), "DATE", {}, origin="model"),  # new: added
    ]
    window.project.documents.replace_predictions([(s.doc_id, newer)], "model-b", "2")
    window.actions["pull"].trigger()
    message = window.statusBar().currentMessage()
    assert message == (
        "Pulled suggestions from model-b: 1 span added; 1 suggestion skipped because it"
        " collides with spans in this set. Undo (Ctrl+Z) takes them back"
    )
    stored = window.project.sets.get(s.set_id).spans
    assert len(stored) == len(kept) + 1 and len(s.spans) == len(kept) + 1
    assert model_label(window) == "Suggestions: test-model, pulled from model-b"
    assert window.actions["undo"].text() == "&Undo Pull suggestions"
    window.actions["undo"].trigger()
    assert window.statusBar().currentMessage() == (
        "Took back the suggestions pulled from model-b: 1 span removed"
    )
    assert [sp.key() for sp in window.project.sets.get(s.set_id).spans] == [sp.key() for sp in kept]
    assert sorted(sp.key() for sp in s.spans.values()) == sorted(sp.key() for sp in kept)
    assert model_label(window) == "Suggestions: test-model"
    window.actions["pull"].trigger()
    count = window.session.undo_stack.count()
    window.actions["pull"].trigger()  # again, and nothing new: said, no undo step
    assert window.statusBar().currentMessage() == (
        "Nothing new to pull from model-b: 2 suggestions skipped because they collide"
        " with spans in this set"
    )
    assert window.session.undo_stack.count() == count


def test_the_status_bar_names_the_seeding_model_and_says_when_a_set_follows(make_window):
    window = make_window()
    project, s = window.project, window.session
    assert model_label(window) == "Suggestions: test-model"
    first, second = project.documents.ids()[:2]
    window.open_document(second)  # seeded by test-model, nobody edits it
    window.open_document(first)
    register(project, "model-b")
    newer = [Span(0, 5, "ACTOR", {}, origin="model")]
    project.documents.replace_predictions([(second, newer)], "model-b", "2")
    project.models.use("model-b")
    window.open_document(second)
    assert project.suggestions.seeded_by(s.set_id).model == "model-b"
    assert model_label(window) == "Suggestions: model-b"
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("This document's suggestions now come from model-b (were test-model's)")
    )
    window.open_document(first)  # edited? no, but model-b never ran on it: stays
    assert model_label(window) == "Suggestions: test-model"
    (bare,) = project.documents.add([Document(text="Nothing to suggest here.")]).ids
    window.open_document(bare)
    assert model_label(window) == "Suggestions: none"


def test_next_most_to_learn_opens_where_the_models_disagree_most(make_window):
    window = make_window()
    project = window.project
    ids = project.documents.ids()
    register(project, "model-b")
    for doc_id in ids:  # model-b agrees with test-model except on the last document
        spans = project.documents.predictions(doc_id, "test-model")
        project.documents.replace_predictions(
            [(doc_id, spans if doc_id != ids[-1] else spans[:1])], "model-b", "1"
        )
    project.models.use("model-b")
    assert window.findChild(ModelActions).next_most_to_learn() == ids[-1]
    assert window.session.doc_id == ids[-1]
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("Most to learn for model-b: disagreements with test-model; opened document")
    )


def test_the_dashboard_shows_each_models_suggestion_quality(qtbot, gui_db):
    with Project.open(gui_db) as project:
        finish_alices_sets(project)
        first = project.sets.find(project.documents.ids()[0], "alice")
        project.sets.delete_span(first.spans[0].id)  # one suggestion not kept
        expected = suggestion_quality(project)["test-model"].to_dict()
    dashboard = DashboardWindow(gui_db)
    qtbot.addWidget(dashboard)
    panel = dashboard.findChild(QualityPanel)
    with qtbot.waitSignal(panel.refreshed, timeout=30000):
        pass
    table = panel.table
    rows = {
        (table.item(r, 0).text(), table.item(r, 1).text()): [
            table.item(r, c).data(VALUE_ROLE) for c in range(2, 6)
        ]
        for r in range(table.rowCount())
    }
    for label, counts in [("overall", expected["overall"]), *expected["labels"].items()]:
        keys = ("suggested", "accepted", "precision", "recall")
        assert rows[("test-model", label)] == [counts[k] for k in keys]
    assert expected["overall"]["precision"] < 1.0
    corrections = expected["corrections"]
    assert panel.summary.text() == (
        f"test-model: 5 done sets, {corrections['per_document']:.3f} corrections per document"
        f" (added 0, deleted {corrections['deleted']}, changed 0)"
    )
    dashboard.close()
