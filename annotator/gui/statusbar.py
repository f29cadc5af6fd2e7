"""The main window's status bar: which model made the suggestions, who is
annotating and how far they are, and how many edits are not saved yet.
Messages go in the bar's own left part. Names come from project files
(merged or imported), so every label shows plain text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from annotator.core import words

from .plaintext import tip


class PendingLabel(QLabel):
    """How many edits wait to be written, and why (hidden when none): the
    pending mark of a status bar, in both windows."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("pendingLabel")
        self.setStyleSheet("QLabel { color: #c0392b; font-weight: bold; }")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_pending(self, count: int, reason: str) -> None:
        self.setVisible(count > 0)
        self.setText(f"{words.count(count, 'edit')} not saved yet — retrying" if count else "")
        self.setToolTip(tip(reason))


class StatusIndicators:
    """The permanent widgets on the right of a status bar."""

    def __init__(self, bar: QStatusBar) -> None:
        self.pending_label = PendingLabel()
        self.read_only_label = QLabel()
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setStyleSheet("QLabel { font-weight: bold; }")
        self.read_only_label.hide()
        self.model_label = QLabel()
        self.model_label.setObjectName("modelLabel")
        self.annotator_label = QLabel()
        self.annotator_label.setObjectName("annotatorLabel")
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(140)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(max(8, bar.fontMetrics().height() // 2))
        self.progress_label = QLabel()
        for label in (
            self.read_only_label,
            self.model_label,
            self.annotator_label,
            self.progress_label,
        ):
            label.setTextFormat(Qt.TextFormat.PlainText)
        for widget in (
            self.read_only_label,
            self.pending_label,
            self.model_label,
            self.annotator_label,
            self.progress_bar,
            self.progress_label,
        ):
            bar.addPermanentWidget(widget)

    def show_model(self, seeded: str | None, pulled: Sequence[str] = ()) -> None:
        """Which model suggested what is on screen: the one the set was
        seeded with or last followed ("none": an unseeded set), and the
        models whose suggestions were pulled into it since."""
        text = f"Suggestions: {seeded or 'none'}"
        if pulled:
            text += f", pulled from {', '.join(pulled)}"
        self.model_label.setText(text)

    def show_progress(self, annotator: str, done: int, total: int) -> None:
        self.annotator_label.setText(f"Annotator: {annotator}")
        self.progress_label.setText(f"Done {done:,} / {total:,}")
        self.progress_bar.setMaximum(max(total, 1))
        self.progress_bar.setValue(done)

    def show_pending(self, count: int, reason: str) -> None:
        """How many edits wait to be written, and why (hidden when none)."""
        self.pending_label.show_pending(count, reason)

    def show_read_only(self, reason: str, label: str) -> None:
        """The project is read-only: said for as long as the window is open."""
        self.read_only_label.setText(label)
        self.read_only_label.setToolTip(tip(reason))
        self.read_only_label.show()
