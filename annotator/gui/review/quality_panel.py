"""The dashboard's suggestion quality: whether each model's suggestions help.

For every model that seeded done sets: per label precision (suggestions
kept / made) and recall (accepted spans it had suggested / accepted spans),
and corrections per document (spans added, deleted and changed between the
seeded suggestions and the done set). Every figure is
``suggestion_quality``'s (the one behind ``stats --json``'s ``models``),
read on a worker thread with its own connection; cells keep the raw value
under ``VALUE_ROLE`` so a test can compare them with the core's exactly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.store import Project
from annotator.core.store.location import ServerLocation, parse_location
from annotator.core.words import count

from ..workers import ProjectWorker

VALUE_ROLE = Qt.ItemDataRole.UserRole + 1  # as the dashboard's tables
OVERALL = "overall"
HEADERS = ("Model", "Label", "Suggested", "Accepted", "Precision", "Recall")


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _item(text: str, value: object, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setData(VALUE_ROLE, value)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class QualityWorker(ProjectWorker):
    """``suggestion_quality`` on its own connection, off the GUI thread."""

    def __init__(self, path: Path, parent: Any = None):
        super().__init__(path, parent)
        self.figures: dict[str, dict[str, Any]] = {}
        self.suggesting: str | None = None

    def work(self, project: Project) -> str:
        from annotator.core.agreement.suggestion_quality import suggestion_quality

        quality = suggestion_quality(project)
        self.figures = {model: quality[model].to_dict() for model in sorted(quality)}
        self.suggesting = project.models.suggesting()
        return count(len(self.figures), "model")


def corrections_line(model: str, figures: dict[str, Any], suggesting: bool) -> str:
    c = figures["corrections"]
    per = _fmt(c["per_document"])
    who = f"{model} (suggesting)" if suggesting else model
    return (
        f"{who}: {count(figures['sets'], 'done set')}, {per} corrections per document"
        f" (added {c['added']}, deleted {c['deleted']}, changed {c['changed']})"
    )


class QualityPanel(QGroupBox):
    """The figures per model; ``refreshed`` once they are on screen. Closing
    the window it is in waits for a running computation."""

    refreshed = Signal()

    def __init__(self, path: str | Path | ServerLocation, parent: QWidget) -> None:
        super().__init__("Suggestion quality (suggestions against the done sets)", parent)
        self.path = parse_location(path)
        self.figures: dict[str, dict[str, Any]] = {}
        self._worker: QualityWorker | None = None
        self._again = False
        self.summary = QLabel("Computing suggestion quality…")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("qualitySummary")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("qualityTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        parent.installEventFilter(self)

    def refresh(self) -> None:
        """Recompute (a refresh asked for meanwhile runs after it)."""
        if self._worker is not None:
            self._again = True
            return
        worker = QualityWorker(self.path, self)
        worker.succeeded.connect(lambda _message: self._done(True, ""))
        worker.failed.connect(lambda message: self._done(False, message))
        self._worker = worker
        worker.start()

    def _done(self, ok: bool, message: str) -> None:
        worker, self._worker = self._worker, None
        worker.wait()
        worker.deleteLater()
        if ok:
            self.show_figures(worker.figures, worker.suggesting)
        else:
            self.summary.setText(f"Could not compute suggestion quality: {message}")
        if self._again:
            self._again = False
            self.refresh()

    def show_figures(self, figures: dict[str, dict[str, Any]], suggesting: str | None) -> None:
        self.figures = figures
        if figures:
            lines = [corrections_line(m, f, m == suggesting) for m, f in figures.items()]
            self.summary.setText("\n".join(lines))
        else:
            self.summary.setText(
                "No model has seeded a done set yet: quality is measured once annotators"
                " finish documents that had suggestions."
            )
        table = self.table
        table.setRowCount(0)
        for model, fig in figures.items():
            for label, counts in [(OVERALL, fig["overall"]), *fig["labels"].items()]:
                row = table.rowCount()
                table.insertRow(row)
                table.setItem(row, 0, _item(model, model))
                table.setItem(row, 1, _item(label, label))
                for col, key in enumerate(("suggested", "accepted"), start=2):
                    table.setItem(row, col, _item(str(counts[key]), counts[key], True))
                for col, key in enumerate(("precision", "recall"), start=4):
                    table.setItem(row, col, _item(_fmt(counts[key]), counts[key], True))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.refreshed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and self._worker is not None:
            self._worker.wait()  # a QThread must not outlive its window
        return False
