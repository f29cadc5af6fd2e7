"""File ▸ Export: the CLI's ``annotator export`` from the window.

The dialog offers what the command line does (format; gold, one
annotator's sets or the model's predictions; unfinished sets too; the
train/dev split and its seed for spaCy's DocBin) and says, before anything
is written, when the chosen file or folder exists and will be replaced. The
export runs off the GUI thread on its own connection (workers.py), with a
cancellable progress dialog; at the end a message gives the export's own
summary line, naming the files written, and says when edits shown in the
window were not written yet and so are not in the file. A failed export
shows its one-line reason and leaves no file behind (the writers write
beside and rename).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.store import Project
from annotator.core.store.location import beside
from annotator.core.types import GOLD

from .workers import ProjectWorker, run_task

if TYPE_CHECKING:
    from .window import MainWindow

FORMATS: dict[str, tuple[str, str]] = {  # format: (what the dialog calls it, file suffix)
    "spacy": ("spaCy DocBin: train.spacy and dev.spacy in a folder", ""),
    "jsonl": ("Prodigy JSONL", ".jsonl"),
    "doccano": ("doccano JSONL", ".jsonl"),
    "conll": ("CoNLL (one token a line, BIO tags)", ".conll"),
}
SOURCES: dict[str, str] = {
    "gold": "Gold (the adjudicated sets)",
    "annotator": "One annotator's sets",
    "predictions": "The model's newest predictions",
}


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What ``export_project`` is called with (the CLI's options)."""

    fmt: str
    out: Path
    source: str = "gold"
    annotator: str | None = None
    include_unfinished: bool = False
    split: float = 0.8
    seed: int = 0

    def targets(self) -> list[Path]:
        """The files the export writes (and would replace)."""
        if self.fmt == "spacy":
            return [self.out / "train.spacy", self.out / "dev.spacy"]
        return [self.out]


class ExportDialog(QDialog):
    """The export's options; ``options()`` once accepted."""

    def __init__(self, project: Project, annotator: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export annotations")
        self.project = project
        self._path_edited = False
        annotators = [name for name in project.sets.annotators() if name != GOLD]
        self.format = QComboBox()
        for fmt, (text, _suffix) in FORMATS.items():
            self.format.addItem(text, fmt)
        self.source = QComboBox()
        for source, text in SOURCES.items():
            self.source.addItem(text, source)
        self.source.setCurrentIndex(
            self.source.findData("gold" if GOLD in project.sets.annotators() else "annotator")
        )
        self.annotator = QComboBox()
        self.annotator.addItems(annotators or [annotator])
        self.annotator.setCurrentText(annotator)
        self.unfinished = QCheckBox("Also sets not marked done")
        self.split = QDoubleSpinBox()
        self.split.setRange(0.0, 1.0)
        self.split.setSingleStep(0.05)
        self.split.setValue(0.8)
        self.split.setToolTip("Share of documents in train.spacy; the rest go to dev.spacy")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip("The same seed splits the same documents the same way")
        self.out = QLineEdit()
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setObjectName("exportNote")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        where = QHBoxLayout()
        where.addWidget(self.out, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Sets", self.source)
        form.addRow("Annotator", self.annotator)
        form.addRow("", self.unfinished)
        form.addRow("Train share", self.split)
        form.addRow("Split seed", self.seed)
        form.addRow("Write to", where)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

        for combo in (self.format, self.source, self.annotator):
            combo.currentIndexChanged.connect(self._update)
        self.out.textEdited.connect(self._edited)
        self.out.textChanged.connect(lambda _text: self._update_note())
        self._update()
        self.resize(560, self.sizeHint().height())

    def options(self) -> ExportOptions:
        source = self.source.currentData()
        return ExportOptions(
            fmt=self.format.currentData(),
            out=Path(self.out.text().strip()).expanduser(),
            source=source,
            annotator=self.annotator.currentText() if source == "annotator" else None,
            include_unfinished=self.unfinished.isChecked() and source != "predictions",
            split=self.split.value(),
            seed=self.seed.value(),
        )

    def _edited(self, _text: str) -> None:
        self._path_edited = True
        self._update_note()

    def _update(self) -> None:
        """Only the options that apply are enabled; the default file follows
        the format and the sets until the path is typed or chosen."""
        source, spacy = self.source.currentData(), self.format.currentData() == "spacy"
        self.annotator.setEnabled(source == "annotator")
        self.unfinished.setEnabled(source != "predictions")
        self.split.setEnabled(spacy)
        self.seed.setEnabled(spacy)
        if not self._path_edited:
            self.out.setText(str(self._default_out()))
        self._update_note()

    def _default_out(self) -> Path:
        source = self.source.currentData()
        who = self.annotator.currentText() if source == "annotator" else source
        project = self.project.path
        fmt = self.format.currentData()
        suffix = FORMATS[fmt][1] or "-spacy"
        return beside(
            project, f"{project.stem}-{who}{'-' + fmt if fmt == 'doccano' else ''}{suffix}"
        )

    def _update_note(self) -> None:
        """Say before exporting what would be replaced; no path, no export."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not self.out.text().strip():
            self.note.setText("Choose where to write the export.")
            ok.setEnabled(False)
            return
        ok.setEnabled(True)
        there = [path for path in self.options().targets() if path.exists()]
        if there:
            names = ", ".join(str(path) for path in there)
            self.note.setText(f"{names} exists and will be replaced.")
            ok.setText("Replace")
        else:
            self.note.setText("")
            ok.setText("Export")

    def _browse(self) -> None:
        current = self.out.text().strip()
        if self.format.currentData() == "spacy":
            chosen = QFileDialog.getExistingDirectory(self, "Export into a folder", current)
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to a file", current)
        if chosen:
            self._path_edited = True
            self.out.setText(chosen)


#: The CLI's options an export's refusal may name, as the dialog calls them.
_IN_DIALOG = {
    "--annotator": f"“{SOURCES['annotator']}” under Sets",
    "--include-unfinished": "“Also sets not marked done”",
}


def in_dialog(reason: str) -> str:
    """Where the dialog has the options a refusal names (the core's messages
    speak the command line's words)."""
    found = [f"{flag} is {where}" for flag, where in _IN_DIALOG.items() if flag in reason]
    return f"In this dialog, {' and '.join(found)}." if found else ""


class ExportWorker(ProjectWorker):
    """``export_project`` on the worker's own connection; its summary line."""

    def __init__(self, path: Path, options: ExportOptions, parent: Any = None):
        super().__init__(path, parent)
        self.options = options

    def work(self, project: Project) -> str:
        from annotator.core.formats.export import export_project

        o = self.options
        summary = export_project(
            project,
            o.fmt,  # type: ignore[arg-type]  # a key of FORMATS: the dialog offers no other
            o.out,
            source=o.source,  # type: ignore[arg-type]  # a key of SOURCES
            annotator=o.annotator,
            include_unfinished=o.include_unfinished,
            split=o.split,
            seed=o.seed,
            progress=lambda done, total: self.progressed.emit(done, total, "documents"),
            should_stop=self.should_stop,
        )
        return summary.line()


class WindowExport(QObject):
    """File ▸ Export of one main window: the dialog, the worker, the message.

    A child of the window (``window.findChild(WindowExport)``); closing the
    window stops a running export, which then writes nothing."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.dialog: ExportDialog | None = None
        self.worker: ExportWorker | None = None
        self.message: QMessageBox | None = None  # the last export's outcome
        window.installEventFilter(self)

    def open_dialog(self) -> ExportDialog:
        """Show the options (window-modal, not blocking); OK starts the export."""
        w = self.window
        dialog = ExportDialog(w.project, w.session.annotator, w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start(dialog.options()))
        dialog.open()
        self.dialog = dialog
        return dialog

    def start(self, options: ExportOptions) -> ExportWorker:
        w = self.window
        unwritten = w.session.pending.shown_count()
        worker = ExportWorker(w.project.path, options, w)

        def done(ok: bool, message: str) -> None:
            self.worker = None
            if ok:
                if unwritten:
                    message += (
                        f"; {unwritten} edit{'s' if unwritten != 1 else ''} shown in the"
                        " window not written yet and not in this export"
                    )
                w.statusBar().showMessage(message, 15000)
                self._notice(QMessageBox.Icon.Information, "Export written", message)
            else:
                reason = message.strip().splitlines()[0] if message.strip() else "unknown error"
                self._notice(QMessageBox.Icon.Warning, "Export failed", reason, in_dialog(reason))

        self.worker = worker
        run_task(w, worker, "Exporting", done)
        return worker

    def _notice(self, icon: QMessageBox.Icon, title: str, text: str, more: str = "") -> None:
        """A plain-text message box (paths and names may look like markup),
        window-modal and not blocking."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if more:
            box.setInformativeText(more)
        box.open()
        self.message = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and self.worker:
            self.worker.stop()
            self.worker.wait(10000)
        return False
