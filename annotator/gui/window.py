"""The main window: it lays the pieces out and wires them to the session.

Left, the document list; in the middle, the label bar and the article;
right, the document (status, note, accept, skip), the selected span's
attributes and the span list; below, the status bar (annotator, progress,
model). Each piece is its own module; this one only connects them.
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
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.core.resources import resource
from annotator.core.store import Project, gui_queries

from . import dialogs
from .doclist import DocumentListModel, DocumentListPanel
from .docpanel import DocumentPanel
from .findbar import FindBar
from .inspector import SpanInspector
from .labelbar import LabelBar
from .menus import build_menus
from .session import Session
from .settings import app_settings, project_key
from .spanlist import SpanListView
from .textview import SpanTextView
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
        self.scheme = self.session.scheme
        self._completion_cache: dict[tuple[str, str], list[str]] = {}
        self._tasks: list[object] = []
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setMinimumSize(720, 480)  # small laptops at 150% scaling

        self.list_model = DocumentListModel(project, annotator, self)
        self.doc_list = DocumentListPanel(self.list_model, self.scheme.names)
        self.label_bar = LabelBar(self.scheme)
        self.view = SpanTextView()
        self.view.set_scheme(self.scheme)
        self.view.snapper = lambda start, end: self.session.tokens.snap(start, end)
        self.find_bar = FindBar(self.view)
        self.inspector = SpanInspector(self._completions)
        self.span_list = SpanListView()
        self.doc_panel = DocumentPanel()
        self._layout()
        self._status_bar()
        self.actions = build_menus(self)
        self._connect()
        self._restore()
        self._update_title()

    # -- layout ----------------------------------------------------------
    def _layout(self) -> None:
        center = QWidget()
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.label_bar)
        column.addWidget(self.find_bar)
        column.addWidget(self.view, 1)

        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        doc_box = QGroupBox("Document")
        QVBoxLayout(doc_box).addWidget(self.doc_panel)
        span_box = QGroupBox("Selected span")
        QVBoxLayout(span_box).addWidget(self.inspector)
        list_box = QGroupBox("Spans in this document")
        QVBoxLayout(list_box).addWidget(self.span_list)
        side.addWidget(doc_box)
        side.addWidget(span_box)
        side.addWidget(list_box, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.doc_list)
        self.splitter.addWidget(center)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([300, 660, 320])
        self.splitter.setChildrenCollapsible(False)
        self.doc_list.setMinimumWidth(220)
        right.setMinimumWidth(260)
        self.setCentralWidget(self.splitter)

    def _status_bar(self) -> None:
        bar = self.statusBar()
        self.annotator_label = QLabel()
        self.annotator_label.setObjectName("annotatorLabel")
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(140)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(max(8, self.fontMetrics().height() // 2))
        self.model_label = QLabel()
        self.model_label.setObjectName("modelLabel")
        bar.addPermanentWidget(self.model_label)
        bar.addPermanentWidget(self.annotator_label)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.progress_label)

    def add_menu(self, menu: QMenu) -> None:
        """Add a top-level menu (e.g. the review mode's) just before Help."""
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)

    # -- wiring ----------------------------------------------------------
    def _connect(self) -> None:
        s = self.session
        s.documentOpened.connect(self._document_opened)
        s.spansChanged.connect(self._spans_changed)
        s.spanUpdated.connect(self._span_updated)
        s.spansReset.connect(self._spans_reset)
        s.selectionChanged.connect(self._selection_changed)
        s.setChanged.connect(self._set_changed)
        s.annotatorChanged.connect(self._annotator_changed)
        s.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.doc_list.documentActivated.connect(self.open_document)
        self.label_bar.labelChosen.connect(self.apply_label)
        self.view.labelKeyPressed.connect(self.apply_label)
        self.view.deleteRequested.connect(self.delete_selected)
        self.view.confirmRequested.connect(self.confirm_selected)
        self.view.boundaryRequested.connect(self._move_boundary)
        self.view.navigateRequested.connect(self.step_document)
        self.view.spanClicked.connect(lambda i: s.select(None if i < 0 else i))
        self.span_list.spanActivated.connect(s.select)
        self.inspector.attributeEdited.connect(s.set_attribute)
        self.inspector.confirmRequested.connect(s.confirm)
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
        candidates.append(self.project.next_unfinished(self.session.annotator))
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
            self.session.open_document(target)
        else:
            self.statusBar().showMessage("No more documents in this direction", 3000)

    def open_next_unfinished(self) -> bool:
        target = self.project.next_unfinished(self.session.annotator, after=self.session.doc_id)
        if target is None:
            self.statusBar().showMessage("Every document is done or skipped. Well done!", 8000)
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

    # -- spans -----------------------------------------------------------
    def apply_label(self, label: str) -> None:
        """A label key: label the selected text, else relabel the selected span."""
        selection = self.view.selection_range()
        if selection is not None and selection[1] > selection[0]:
            span_id = self.session.create_span(selection[0], selection[1], label)
            if span_id is not None:
                cursor = self.view.textCursor()
                cursor.clearSelection()
                self.view.setTextCursor(cursor)
        elif self.session.selected is not None:
            self.session.relabel(self.session.selected, label)
        else:
            self.statusBar().showMessage("Select some text first, or click a span", 4000)

    def delete_selected(self) -> None:
        if self.session.selected is not None:
            self.session.delete(self.session.selected)

    def confirm_selected(self) -> None:
        if self.session.selected is not None:
            self.session.confirm(self.session.selected)

    def _move_boundary(self, edge: str, step: int) -> None:
        if self.session.selected is not None:
            self.session.move_boundary(self.session.selected, edge, step)

    def _completions(self, label: str, attribute: str) -> list[str]:
        key = (label, attribute)
        if key not in self._completion_cache:
            self._completion_cache[key] = gui_queries.attribute_values(
                self.project, label, attribute
            )
        return self._completion_cache[key]

    # -- session signals ---------------------------------------------------
    def _document_opened(self, doc_id: int) -> None:
        s = self.session
        self.view.set_content(s.doc.text, s.sorted_spans())
        self.span_list.set_spans(s.sorted_spans(), s.doc.text, self.scheme)
        self.doc_panel.show_document(s.doc, s.state)
        self.inspector.show_span(None, None, "", [])
        self.list_model.refresh_document(doc_id)  # a first open creates the set
        self.doc_list.show_document(doc_id)
        model = s.model_name()
        self.model_label.setText(f"Suggestions: {model}" if model else "No model suggestions")
        self.settings.setValue(project_key(self.project.path, "last_document"), doc_id)
        self._update_progress()
        self._update_title()

    def _spans_changed(self, added: list[int], removed: list[int]) -> None:
        s = self.session
        self.view.apply_changes([s.spans[i] for i in added if i in s.spans], removed)
        self.span_list.set_spans(s.sorted_spans(), s.doc.text, self.scheme)
        self.span_list.show_selected(s.selected)

    def _span_updated(self, span_id: int) -> None:
        s = self.session
        span = s.spans[span_id]
        self.view.apply_changes([span])
        self.span_list.set_spans(s.sorted_spans(), s.doc.text, self.scheme)
        self.span_list.show_selected(s.selected)
        self.inspector.update_span(span)
        for name, value in span.attrs.items():
            values = self._completion_cache.get((span.label, name))
            if values is not None and isinstance(value, str) and value and value not in values:
                values.append(value)

    def _spans_reset(self) -> None:
        s = self.session
        self.view.set_spans(s.sorted_spans())
        self.span_list.set_spans(s.sorted_spans(), s.doc.text, self.scheme)
        self._selection_changed(-1 if s.selected is None else s.selected)

    def _selection_changed(self, span_id: int) -> None:
        s = self.session
        span = s.spans.get(span_id) if span_id >= 0 else None
        self.view.set_selected(span.id if span else None)
        self.span_list.show_selected(span.id if span else None)
        label = s.label(span.label) if span else None
        self.inspector.show_span(span, label, s.span_text(span) if span else "", s.doc_actors())

    def _set_changed(self, doc_id: int) -> None:
        self.doc_panel.show_state(self.session.state)
        status = self.session.state["status"]
        if self.list_model.filter.status and self.list_model.cached_status(doc_id) != status:
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
        done, total = self.session.progress()
        self.annotator_label.setText(f"Annotator: {self.session.annotator}")
        self.progress_label.setText(f"Done {done:,} / {total:,}")
        self.progress_bar.setMaximum(max(total, 1))
        self.progress_bar.setValue(done)

    def _update_title(self) -> None:
        doc = self.session.doc
        title = f"{doc.title or f'Document {doc.id}'} — " if doc else ""
        self.setWindowTitle(f"{title}{Path(self.project.path).name} — annotator")

    # -- dialogs and tasks -------------------------------------------------
    def focus_note(self) -> None:
        self.doc_panel.note.setFocus()

    def focus_list_search(self) -> None:
        self.doc_list.search.setFocus()
        self.doc_list.search.selectAll()

    def switch_annotator_dialog(self) -> None:
        name = dialogs.ask_annotator(self, self.session.annotator, self.project.annotators())
        if name:
            self.session.switch_annotator(name)

    def show_guidelines(self) -> None:
        dialog = dialogs.GuidelinesDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.guidelines_dialog = dialog

    def show_shortcuts(self) -> None:
        dialog = dialogs.ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About annotator",
            f"annotator {__version__}\n\nCorrect spaCy pre-annotations of news articles;"
            " every edit is saved at once to the project file.\n\n"
            f"Project: {self.project.path}",
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
                QMessageBox.warning(self, title, message)
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
        for worker in list(self._tasks):
            worker.stop()
            worker.wait(10000)
        self.save_settings()
        self.session.close()
        super().closeEvent(event)
