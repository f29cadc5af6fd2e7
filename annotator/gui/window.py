"""The main window: it lays the pieces out and wires them to the session.

Left, the document list; in the middle, the label bar and the article;
right, the document (status, note, accept, skip), the selected span's
attributes and the span list; below, the status bar (annotator, progress,
model). Each piece is its own module, the span editing ones held together
by ``SpanEditor``; this one places them and follows the document.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.core.resources import resource
from annotator.core.store import Project

from . import dialogs, plaintext, recovery
from .doclist import DocumentListModel, DocumentListPanel
from .docpanel import DocumentPanel
from .editor import SpanEditor
from .findbar import FindBar
from .menus import build_menus
from .pending import WINDOW_BUSY_TIMEOUT_MS
from .review import ReviewMenu
from .session import Session
from .settings import app_settings, project_key
from .statusbar import StatusIndicators
from .watcher import ProjectWatcher
from .workers import ImportWorker, PreannotateWorker, run_task


def warm_tokenizer() -> None:
    """Load spaCy's tokenizer in the background, so the first snap is instant."""
    from annotator.core.tokens import blank_english

    threading.Thread(target=blank_english, name="warm-tokenizer", daemon=True).start()


def app_icon() -> QIcon:
    """The icon packaging ships (resources/icons), or an empty icon before it exists."""
    for name in ("icons/annotator.svg", "icons/annotator-256.png", "icons/annotator-64.png"):
        try:
            path = resource(name)
        except FileNotFoundError:
            return QIcon()
        if path.exists():
            return QIcon(str(path))
    return QIcon()


class MainWindow(QMainWindow):
    def __init__(self, project: Project, annotator: str, settings: QSettings | None = None) -> None:
        super().__init__()
        self.project = project
        self.settings = settings or app_settings()
        self.session = Session(project, annotator, self)
        project.set_busy_timeout(WINDOW_BUSY_TIMEOUT_MS)
        self.scheme = self.session.scheme
        self._tasks: list[object] = []
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setMinimumSize(720, 480)  # small laptops at 150% scaling

        self.list_model = DocumentListModel(project, annotator, self)
        self.doc_list = DocumentListPanel(self.list_model, self.scheme.names, self.settings)
        self.editor = SpanEditor(self.session, self)
        self.find_bar = FindBar(self.editor.view)
        self.doc_panel = DocumentPanel()
        self.doc_panel.add_categories(self.editor.categories)
        self.category_actions = self.editor.bind_category_keys(self)  # 5 6 7 8 9 0: anywhere
        self.splitter = self._setup_layout()
        self.setCentralWidget(self.splitter)
        self.indicators = StatusIndicators(self.statusBar())
        menus = build_menus(self)
        self.actions = menus.actions
        self.review_menu = ReviewMenu(self)
        self.menuBar().insertMenu(menus.help.menuAction(), self.review_menu.menu)
        self._connect()
        self._restore()
        self._update_title()
        self.watcher = ProjectWatcher(project, self.session, self._refresh_from_file, self)
        if project.read_only:
            self.read_only_mode()

    def read_only_mode(self, label: str = "Read-only: nothing can be changed") -> None:
        """A project that cannot be written is browsed: the title and the
        status bar say so and why, and the editing widgets and actions are
        off. Entered on opening, or later when the damage check (damage.py)
        finds the file damaged; ``label`` is the status bar's words."""
        self.session.become_read_only()
        self.indicators.show_read_only(str(self.project.write_refusal), label)
        for widget in (
            self.editor.label_bar,
            self.editor.inspector,
            self.editor.categories,
            *self.category_actions,
            self.doc_panel.accept,
            self.doc_panel.skip,
            self.doc_panel.reopen,
        ):
            widget.setEnabled(False)
        self.doc_panel.note.setReadOnly(True)
        self.doc_panel.read_only = True
        for name in (
            "import",
            "import_folder",
            "delete",
            "confirm",
            "accept",
            "skip",
            "reopen",
            "preannotate",
            "preannotate_all",
            "train",
            "pull",
            "undo",
            "redo",
        ):
            self.actions[name].setEnabled(False)

    def _refresh_from_file(self) -> None:
        """Another program wrote to the file: the list, its count and progress anew."""
        self.list_model.reload()
        if self.session.doc_id is not None:
            self.doc_list.show_document(self.session.doc_id)
        self._update_progress()

    # -- layout ----------------------------------------------------------
    def _setup_layout(self) -> QSplitter:
        """The document list | the label bar, find bar and article | the
        document panel over the selected span and the span list."""
        editor = self.editor
        center = QWidget()
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(editor.label_bar)
        column.addWidget(self.find_bar)
        column.addWidget(editor.view, 1)

        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        doc_box = QGroupBox("Document")
        QVBoxLayout(doc_box).addWidget(self.doc_panel)
        span_box = QGroupBox("Selected span")
        QVBoxLayout(span_box).addWidget(editor.inspector)
        list_box = QGroupBox("Spans in this document")
        QVBoxLayout(list_box).addWidget(editor.span_list)
        side.addWidget(doc_box)
        side.addWidget(span_box)
        side.addWidget(list_box, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.doc_list)
        splitter.addWidget(center)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([300, 660, 320])
        splitter.setChildrenCollapsible(False)
        self.doc_list.setMinimumWidth(220)
        right.setMinimumWidth(260)
        return splitter

    # -- wiring ----------------------------------------------------------
    def _connect(self) -> None:
        """The editor follows the spans; the window follows the document."""
        s = self.session
        s.documentOpened.connect(self._document_opened)
        s.setChanged.connect(self._set_changed)
        s.annotatorChanged.connect(self._annotator_changed)
        s.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        s.pending.changed.connect(self._pending_changed)
        self.doc_list.documentActivated.connect(self.open_document)
        self.editor.view.navigateRequested.connect(self.step_document)
        self.doc_panel.noteEdited.connect(s.set_note)
        self.doc_panel.acceptRequested.connect(self.accept_and_next)
        self.doc_panel.skipRequested.connect(self.skip_dialog)
        self.doc_panel.reopenRequested.connect(s.reopen)

    # -- documents -------------------------------------------------------
    def open_document(self, doc_id: int) -> None:
        self.session.open_document(doc_id)

    def open_first(self) -> int | None:
        """The last document of this project, else the first unfinished one."""
        QTimer.singleShot(500, warm_tokenizer)  # after the first paint
        last = self.settings.value(project_key(self.project.path, "last_document"))
        candidates = []
        if last is not None:
            with contextlib.suppress(TypeError, ValueError):
                candidates.append(int(last))
        candidates.append(self.project.listing.next_unfinished(self.session.annotator))
        candidates.append(self.list_model.doc_id_at(0))
        for doc_id in candidates:
            if doc_id is None:
                continue
            try:
                self.session.open_document(doc_id)
            except Exception:  # a remembered document that no longer exists
                continue
            return doc_id
        self.statusBar().showMessage(
            "No documents yet: import some (File ▸ Import, or drop files here)"
        )
        return None

    def step_document(self, step: int) -> None:
        target = self.doc_list.neighbour(self.session.doc_id, step)
        if target is not None:
            self.session.open_document(target)  # says itself when it cannot
        else:
            self.statusBar().showMessage("No more documents in this direction", 3000)

    def open_next_unfinished(self) -> bool:
        target = self.project.listing.next_unfinished(
            self.session.annotator, after=self.session.doc_id
        )
        if target is None:  # with assignments, the walk is the annotator's queue
            queued = self.project.listing.has_assignments(self.session.annotator)
            every = "Every document in your queue" if queued else "Every document"
            self.statusBar().showMessage(f"{every} is done or skipped. Well done!", 8000)
            return False
        self.session.open_document(target)
        return True

    def accept_and_next(self) -> None:
        if self.session.accept():
            self.open_next_unfinished()

    def skip_dialog(self) -> None:
        reason = dialogs.ask_skip_reason(self)
        if reason and self.session.skip(reason):
            self.open_next_unfinished()

    # -- session signals ---------------------------------------------------
    def _document_opened(self, doc_id: int) -> None:
        s = self.session
        self.doc_panel.show_document(s.doc, s.state)
        self.list_model.refresh_document(doc_id)  # a first open creates the set
        self.doc_list.show_document(doc_id)
        self.settings.setValue(project_key(self.project.path, "last_document"), doc_id)
        self._update_progress()
        self._update_title()
        self._pending_changed(len(s.pending))

    def _pending_changed(self, _count: int) -> None:
        """The status bar counts the edits not yet written (time spent is not
        shown, so not counted); the note and the spans are marked while
        their own edits wait."""
        s = self.session
        self.indicators.show_pending(s.pending.shown_count(), s.pending.reason)
        self.doc_panel.show_note_pending(s.pending.note(s.set_id) is not None)
        self.editor.view.set_unsaved(s.unsaved_ids())

    def _set_changed(self, doc_id: int) -> None:
        self.doc_panel.show_state(self.session.state)
        status = self.session.state["status"]
        by_status = self.list_model.filter.status or self.list_model.filter.queue
        if by_status and self.list_model.cached_status(doc_id) != status:
            self.list_model.reload()  # the document may leave or join the filtered list
            self.doc_list.show_document(doc_id)
        else:
            self.list_model.refresh_document(doc_id)
        self._update_progress()

    def _annotator_changed(self, name: str) -> None:
        self.list_model.set_annotator(name)
        self.settings.setValue("annotator", name)
        self._update_progress()

    def _update_progress(self) -> None:
        """The done/total figure; while the project cannot be read (a team
        server away) the last figure stays, and the status bar's pending
        count says why edits wait."""
        try:
            done, total = self.session.progress()
        except AnnotatorError:
            return
        self.indicators.show_progress(self.session.annotator, done, total)

    def _update_title(self) -> None:
        doc = self.session.doc
        title = f"{doc.title or f'Document {doc.id}'} — " if doc else ""
        mode = " (read-only)" if self.project.read_only else ""
        self.setWindowTitle(f"{title}{self.project.path.name}{mode} — annotator")

    # -- dialogs and tasks -------------------------------------------------
    def focus_note(self) -> None:
        self.doc_panel.note.setFocus()

    def focus_list_search(self) -> None:
        self.doc_list.search.setFocus()
        self.doc_list.search.selectAll()

    def switch_annotator_dialog(self) -> None:
        name = dialogs.ask_annotator(self, self.session.annotator, self.project.sets.annotators())
        if name:
            self.session.switch_annotator(name)

    def show_guidelines(self) -> None:
        dialog = dialogs.GuidelinesDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.guidelines_dialog = dialog

    def show_shortcuts(self) -> dialogs.ShortcutsDialog:
        dialog = dialogs.ShortcutsDialog(self.scheme, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_about(self) -> None:
        plaintext.message(
            self,
            "About annotator",
            f"annotator {__version__}\n\nCorrect spaCy pre-annotations of news articles;"
            " every edit is saved at once to the project file.\n\n"
            f"Project: {self.project.path}",
            QMessageBox.Icon.Information,
        )

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import documents", "", "Documents (*.txt *.jsonl *.csv *.spacy);;All files (*)"
        )
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of documents")
        if folder:
            self.import_files([Path(folder)])

    def import_files(self, paths: list[Path]):
        worker = ImportWorker(self.project.path, paths, self)
        return self._start(worker, "Importing")

    def preannotate(self, force: bool = False):
        # model=None: run_preannotation uses the project's "nlp.model" setting, else the default
        worker = PreannotateWorker(self.project.path, model=None, force=force, parent=self)
        return self._start(worker, "Pre-annotating")

    def _start(self, worker, title: str):
        def done(ok: bool, message: str) -> None:
            self._tasks.remove(worker)
            self.session.recount()
            self.list_model.reload()
            if self.session.doc_id is not None:
                self.doc_list.show_document(self.session.doc_id)
            else:
                self.open_first()
            self._update_progress()
            if ok:
                self.statusBar().showMessage(message, 10000)
            else:
                plaintext.message(self, title, message)  # may quote a file's content
            self.last_task_result = (ok, message)

        self._tasks.append(worker)
        run_task(self, worker, title, done)
        return worker

    # -- drag and drop -----------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    # -- settings ----------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray | bytes):
            self.splitter.restoreState(splitter)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("annotator", self.session.annotator)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not recovery.settle_pending(self, self.session):
            event.ignore()
            return
        for worker in list(self._tasks):
            worker.stop()
            worker.wait(10000)
        self.save_settings()
        self.session.close()
        self.watcher.stop()
        self.session.pending.timer.stop()  # only the closing time can be left: not shown
        super().closeEvent(event)
