"""Tools ▸ Train: ``annotator train`` from the window.

The dialog offers the command line's choices (gold or one annotator's done
sets, the base, the steps, the held-out share, the seed, the curve). The
training runs off the GUI thread on its own connection (workers.py), so the
window keeps working; the progress dialog shows the step, the loss and the
held-out score of the last evaluation, and Cancel stops it at the next step
(spaCy's loop is left through ``train_project``'s ``should_stop``), with
nothing written or registered, and the message says so. A finished run's
message names the model, its held-out scores per label and where it was
written, and asks whether it should suggest from now on: training never
changes the suggesting model by itself (ADR 0014).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.store import Project
from annotator.core.types import GOLD
from annotator.core.words import count

from .workers import ProjectWorker, run_task

if TYPE_CHECKING:
    from annotator.core.training.progress import TrainProgress
    from annotator.core.training.trainer import TrainOptions, TrainResult

    from .window import MainWindow

BASES = {
    "": "The project's pre-annotation model (its tagger and parser kept)",
    "rules": "Blank English (no tagger or parser)",
}


class TrainDialog(QDialog):
    """The training's options; ``options()`` and ``curve()`` once accepted."""

    def __init__(self, project: Project, annotator: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Train a model")
        self.source = QComboBox()
        self.source.addItem("Gold (the adjudicated sets)", None)
        for name in project.sets.annotators():
            if name != GOLD:
                self.source.addItem(f"{name}'s done sets", name)
        has_gold = project.listing.done_count(GOLD) > 0
        self.source.setCurrentIndex(0 if has_gold else max(0, self.source.findData(annotator)))
        self.base = QComboBox()
        for value, text in BASES.items():
            self.base.addItem(text, value or None)
        self.steps = QSpinBox()
        self.steps.setRange(1, 1_000_000)
        self.steps.setValue(1000)
        self.split = QDoubleSpinBox()
        self.split.setRange(0.05, 0.95)
        self.split.setSingleStep(0.05)
        self.split.setValue(0.2)
        self.split.setToolTip("Share of the done documents held out to score the model")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.curve = QCheckBox("Also train on 25, 50 and 75% (would more annotation help?)")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Train")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Train on", self.source)
        form.addRow("Base", self.base)
        form.addRow("Steps", self.steps)
        form.addRow("Held out", self.split)
        form.addRow("Seed", self.seed)
        form.addRow("", self.curve)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def options(self) -> TrainOptions:
        from annotator.core.training.trainer import TrainOptions

        return TrainOptions(
            annotator=self.source.currentData(),
            base=self.base.currentData(),
            max_steps=self.steps.value(),
            eval_split=self.split.value(),
            seed=self.seed.value(),
        )


def progress_text(step: TrainProgress) -> str:
    """What the progress dialog says after "N of M": the run, loss and score."""
    parts = ["steps"]
    if step.runs > 1:
        parts[0] += f" (run {step.run} of {step.runs})"
    if step.loss is not None:
        parts.append(f"loss {step.loss:,.2f}")
    if step.score is not None:
        parts.append(f"held-out score {step.score:.3f}")
    return " · ".join(parts)


class TrainWorker(ProjectWorker):
    """``train_project`` on the worker's own connection. Cancelling is not a
    failure: ``cancelled`` is set and the summary says where it stopped."""

    def __init__(self, path: Path, options: TrainOptions, curve: bool, parent: Any = None):
        super().__init__(path, parent)
        self.options, self.curve = options, curve
        self.result: TrainResult | None = None
        self.cancelled = False

    def work(self, project: Project) -> str:
        from annotator.core.training.progress import TrainingCancelled
        from annotator.core.training.trainer import train_project

        def stepped(step: TrainProgress) -> None:
            self.progressed.emit(step.step, step.max_steps, progress_text(step))

        try:
            self.result = train_project(
                project, self.options, self.curve, progress=stepped, should_stop=self.should_stop
            )
        except TrainingCancelled as exc:
            self.cancelled = True
            return str(exc)
        return f"trained {self.result.model_id}"


def scores_text(scores: dict[str, Any]) -> str:
    """Held-out precision, recall and F per label, one line each, then overall."""
    lines = [
        f"  {label}: P {prf['p']:.3f}  R {prf['r']:.3f}  F {prf['f']:.3f}"
        for label, prf in scores.items()
        if label not in ("overall", "polarity")
    ]
    overall = scores.get("overall") or {}
    if overall:
        lines.append("  overall: " + ", ".join(f"{k} {v:.3f}" for k, v in overall.items()))
    return "\n".join(lines) or "  (no scores)"


def result_text(result: TrainResult, suggesting: str | None) -> str:
    # spaCy is loaded by now (the training ran); imported here, the window starts without it
    from annotator.core.nlp.learned_polarity import POLARITY, training_text

    on = result.trained_on
    text = (
        f"Trained {result.model_id} on {count(int(on.get('documents') or 0), 'document')} of"
        f" {on.get('source')} ({on.get('held_out')} held out, {on.get('max_steps')} steps).\n\n"
        f"Held-out scores:\n{scores_text(result.scores)}\n"
    )
    if POLARITY in result.scores:
        text += f"\n{training_text(result.scores[POLARITY])}.\n"
    if result.curve:
        text += "\nCurve (documents trained on: held-out scores):\n"
        for point in result.curve:
            figures = ", ".join(
                f"{k} {v:.3f}" for k, v in point.items() if k not in ("fraction", "documents")
            )
            text += f"  {point['fraction']:.0%} ({point['documents']}): {figures}\n"
    return text + (
        f"\nWritten to {result.path}.\n\nMake it the suggesting model? Now:"
        f" {suggesting or 'none'}. Documents nobody has edited follow it when next"
        " opened; edited documents keep their spans."
    )


class WindowTrain(QObject):
    """Tools ▸ Train of one main window: the dialog, the worker, the message.

    A child of the window (``window.findChild(WindowTrain)``). ``use`` makes a
    model the suggesting one and says so (the Models menu's own call).
    Closing the window stops a running training at its next step."""

    def __init__(self, window: MainWindow, use: Callable[[str], None]):
        super().__init__(window)
        self.window = window
        self.use = use
        self.worker: TrainWorker | None = None
        self.message: QMessageBox | None = None  # the last training's outcome
        self.progress: QProgressDialog | None = None  # the running training's
        window.installEventFilter(self)

    def open_dialog(self) -> TrainDialog | None:
        """Show the options (window-modal, not blocking); OK starts training."""
        w = self.window
        if self.worker is not None:
            w.statusBar().showMessage("A training is already running", 8000)
            return None
        dialog = TrainDialog(w.project, w.session.annotator, w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start(dialog.options(), dialog.curve.isChecked()))
        dialog.open()
        return dialog

    def start(self, options: TrainOptions, curve: bool = False) -> TrainWorker:
        w = self.window
        worker = TrainWorker(w.project.path, options, curve, w)

        def done(ok: bool, message: str) -> None:
            self.worker = None
            if not ok:
                reason = message.strip().splitlines()[0] if message.strip() else "unknown error"
                w.statusBar().showMessage(f"Training failed: {reason}", 15000)
                self._notice(QMessageBox.Icon.Warning, "Training failed", reason)
            elif worker.cancelled:
                w.statusBar().showMessage(message[:1].upper() + message[1:], 15000)
                self._notice(QMessageBox.Icon.Information, "Training cancelled", message)
            else:
                self._ask(worker.result)

        self.worker = worker
        progress = run_task(w, worker, "Training", done)
        progress.canceled.connect(
            lambda: w.statusBar().showMessage("Cancelling the training: it stops at the next step")
        )
        self.progress = progress
        return worker

    def _ask(self, result: TrainResult) -> None:
        """Whether the new model suggests from now on: asked, never assumed."""
        w = self.window
        before = w.project.models.suggesting()
        w.statusBar().showMessage(
            f"Trained and registered {result.model_id}; the suggesting model stays"
            f" {before or 'none'} unless you choose it",
            15000,
        )
        box = self._notice(
            QMessageBox.Icon.Question,
            "Training finished",
            result_text(result, before),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda _code: self._answered(box, result.model_id, before))

    def _answered(self, box: QMessageBox, model_id: str, before: str | None) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self.use(model_id)
        else:
            self.window.statusBar().showMessage(
                f"{model_id} registered; the suggesting model stays {before or 'none'}"
                " (Tools ▸ Suggesting model to switch)",
                15000,
            )

    def _notice(
        self,
        icon: QMessageBox.Icon,
        title: str,
        text: str,
        buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    ) -> QMessageBox:
        """A plain-text message box (ids and paths may look like markup),
        window-modal and not blocking."""
        box = QMessageBox(icon, title, text, buttons, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.message = box
        return box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and self.worker:
            self.worker.stop()
            self.worker.wait()  # a QThread must not outlive its window
        return False
