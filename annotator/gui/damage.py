"""The damaged-file check of a project the window has already opened.

``quick_check`` reads every page of the file: about a second on a
100,000-document project, three from a cold disk, which would delay the
first document past its two-second budget. So the window opens its project
without it (``Project.open(verify=False)``) and runs it here, on a thread
with its own read-only connection. If the file is damaged, the project
refuses every write from then on (nothing is written), the window goes
into its read-only mode (editing widgets and actions off, edits refused
with that message) and says so three ways: a message box, the read-only
label of its status bar and its title. Edits still pending then stay
pending: closing the window offers the recovery file.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox

from annotator.core.store import Project, damage_report

if TYPE_CHECKING:
    from .window import MainWindow

DAMAGED_LABEL = "Read-only: the project file is damaged"


class DamageCheck(QObject):
    """Runs ``damage_report`` off the GUI thread; ``found`` carries its refusal."""

    found = Signal(str)

    def __init__(self, window: MainWindow, project: Project) -> None:
        super().__init__(window)
        self.window = window
        self.project = project
        self.report: str | None = None
        self.done = False  # set by the thread when the check has run
        self.found.connect(self._show)

    def start(self) -> None:
        threading.Thread(target=self._run, name="damage-check", daemon=True).start()

    def _run(self) -> None:
        try:
            report = damage_report(self.project.path)
        except Exception as exc:  # the file vanished or became unreadable meanwhile
            report = f"{self.project.path}: cannot be checked ({exc}); nothing was written"
        if report:
            self.found.emit(report)  # queued onto the GUI thread
        self.done = True

    def _show(self, report: str) -> None:
        self.report = report
        self.project.refuse_writes(report)
        self.window.read_only_mode(DAMAGED_LABEL)
        self.window.setWindowTitle(f"{self.window.windowTitle()} [read-only: damaged]")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Project file damaged",
            f"{report}\n\nYou can read and export; no edit will be saved.",
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("damaged-message")
        box.open()  # not exec(): the window stays usable for reading


def start_damage_check(window: MainWindow, project: Project) -> DamageCheck | None:
    """Check a project opened with ``verify=False``; None when there is nothing
    to check (a server keeps its own pages sound: a team project has no file)."""
    if project.read_only or project.engine != "sqlite":  # read-only already, or a server
        return None
    check = DamageCheck(window, project)
    check.start()
    return check
