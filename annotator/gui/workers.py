"""Long work off the GUI thread: import and pre-annotation.

A worker is a ``QThread`` that opens its own ``Project`` on the same file
(an SQLite connection belongs to one thread; WAL lets the two share the
file), reports progress through signals and stops between batches when
asked. ``run_task`` shows a cancellable progress dialog while the window
keeps responding.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.store.location import ServerLocation, parse_location


class ProjectWorker(QThread):
    progressed = Signal(int, int, str)  # done, total, what
    succeeded = Signal(str)  # a one-line summary
    failed = Signal(str)

    def __init__(self, path: Path | ServerLocation, parent: Any = None):
        super().__init__(parent)
        self.path = parse_location(path)  # a file, or a team project's server
        self._stop = False

    def stop(self) -> None:
        self._stop = True

    def should_stop(self) -> bool:
        return self._stop

    def run(self) -> None:
        try:
            with Project.open(self.path) as project:
                message = self.work(project)
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # shown in a dialog rather than lost in a thread
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.succeeded.emit(message)

    def work(self, project: Project) -> str:
        raise NotImplementedError


class ImportWorker(ProjectWorker):
    def __init__(self, path: Path, paths: list[Path], parent: Any = None):
        super().__init__(path, parent)
        self.paths = [Path(p) for p in paths]

    def work(self, project: Project) -> str:
        from annotator.core.ingest import import_any

        messages = import_any(
            project,
            self.paths,
            progress=lambda done, total, name: self.progressed.emit(
                done, total, Path(name).name if name else ""
            ),
            should_stop=self.should_stop,
        )
        return "; ".join(messages)


def preannotation_function() -> Callable[..., Any] | None:
    """``annotator.core.nlp.run_preannotation`` when this build has it."""
    try:
        module = importlib.import_module("annotator.core.nlp")
    except ImportError:
        return None
    return getattr(module, "run_preannotation", None)


class PreannotateWorker(ProjectWorker):
    def __init__(
        self, path: Path, model: str | None = None, force: bool = False, parent: Any = None
    ):
        super().__init__(path, parent)
        self.model, self.force = model, force

    def work(self, project: Project) -> str:
        run = preannotation_function()
        if run is None:
            raise AnnotatorError("pre-annotation is not available in this build")
        result = run(
            project,
            model=self.model,
            force=self.force,
            progress=lambda done, total: self.progressed.emit(done, total, "documents"),
            should_stop=self.should_stop,
        )
        if hasattr(result, "message"):
            return str(result.message())
        return "pre-annotation finished" if result is None else str(result)


def run_task(
    parent: QWidget,
    worker: ProjectWorker,
    title: str,
    done: Callable[[bool, str], None],
) -> QProgressDialog:
    """Start a worker with a progress dialog; ``done(ok, message)`` runs after it."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)

    def progressed(count: int, total: int, what: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(count, total) if total else 0)
        dialog.setLabelText(f"{title}: {count:,} of {total:,} {what}".rstrip())

    def finish(ok: bool, message: str) -> None:
        dialog.close()
        worker.wait()
        done(ok, message)
        worker.deleteLater()
        dialog.deleteLater()

    worker.progressed.connect(progressed)
    worker.succeeded.connect(lambda message: finish(True, message))
    worker.failed.connect(lambda message: finish(False, message))
    dialog.canceled.connect(worker.stop)
    worker.start()
    return dialog
