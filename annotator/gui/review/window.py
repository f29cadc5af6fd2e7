"""The review window: adjudicate annotators' disagreements into ``gold``.

Left, the documents two or more annotators finished with their review
status, and the open document's disagreements (from the agreement core)
with the versions of the selected one. Right, the annotators' sets side by
side over the gold set, which is edited like any set: the main window's
``Session`` and ``SpanEditor`` for the reserved annotator ``gold`` (whose
set is created by the first edit), with its undo stack, span commands and
inspector. Adjudication commands go on the same stack, so Ctrl+Z undoes
them in order with hand edits. The review list is read by a worker thread.

Keys: 1/2/3… (in the lists) or Alt+1/2/3… take that annotator's version;
E or Enter edits the disagreement in gold; N or F8 goes to the next
unresolved disagreement across documents (Shift for the previous one);
Ctrl+G sends every agreed span to gold (Ctrl+Shift+G: of every document);
Ctrl+Return marks gold done.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMainWindow,
    QTableView,
    QWidget,
)

from annotator.core.agreement import adjudication
from annotator.core.agreement.adjudication import DocumentState
from annotator.core.agreement.matching import Disagreement
from annotator.core.store import Project
from annotator.core.types import GOLD

from .. import recovery
from ..editor import SpanEditor
from ..pending import WINDOW_BUSY_TIMEOUT_MS
from ..session import gold_session
from ..statusbar import PendingLabel
from ..watcher import ChangePoll
from . import commands, layout
from .actions import build_actions
from .models import DisagreementModel, ReviewDocumentsModel
from .queue import QueueWorker
from .views import SideBySide, VersionsPanel


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    view.setTabKeyNavigation(False)
    return view


REVIEW_POLL_MS = 5000  # how often the review list looks for others' finished work


class ReviewWindow(QMainWindow):
    queueLoaded = Signal()  # the review list was (re)read and is on screen

    def __init__(
        self,
        project: Project | str | Path,
        annotators: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._owns_project = not isinstance(project, Project)
        self.project = Project.open(project) if self._owns_project else project
        self.project.set_busy_timeout(WINDOW_BUSY_TIMEOUT_MS)  # what waits is kept pending
        self.setWindowTitle(f"Review — {self.project.path.name} — annotator")
        self.setMinimumSize(960, 600)
        self.annotators = adjudication.choose_annotators(self.project, annotators)
        self.session = gold_session(self.project, self)
        self.scheme = self.session.scheme
        self.gold = SpanEditor(self.session, self, span_list=False)
        self.gold.view.setObjectName("goldView")
        self.state: DocumentState | None = None
        self.gold_rejected: set[tuple[int, int]] = set()
        self.current: int = -1  # row of the current disagreement
        self._quiet = False
        self.loaded = False  # the review list has been read at least once
        self._worker: QueueWorker | None = None
        self._again = False

        self.doc_model = ReviewDocumentsModel([], {}, self)
        self.doc_model.dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self.dis_model = DisagreementModel(self)
        self.doc_table = _table(self.doc_model)
        self.dis_table = _table(self.dis_model)
        self.doc_table.setObjectName("reviewDocuments")
        self.dis_table.setObjectName("disagreements")
        self.versions = VersionsPanel()
        self.side = SideBySide(self.scheme)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.size_columns(self.doc_table, self.dis_table)
        lists = layout.lists_pane(self.doc_table, self.dis_table, self.summary, self.versions)
        self.setCentralWidget(layout.central(lists, self.side, layout.gold_pane(self.gold)))
        self.actions = build_actions(self, lists)
        self.pending_label = PendingLabel()
        self.statusBar().addPermanentWidget(self.pending_label)
        self._connect()
        self.resize(1280, 800)
        self.summary.setText("Reading the review list…")
        self.reload()
        # annotators finish documents meanwhile (other windows, a team server)
        self.others = ChangePoll(self.project, self.reload, self, REVIEW_POLL_MS)

    def reload(self) -> None:
        """Read the review list (again: annotators may have finished more
        documents) on a worker thread; ``queueLoaded`` follows."""
        if self._worker is not None:
            self._again = True
            return
        worker = QueueWorker(self.project.path, self.annotators, self)
        worker.succeeded.connect(self._queue_ready)
        worker.failed.connect(self._queue_failed)
        self._worker = worker
        worker.start()

    def _finish_worker(self) -> QueueWorker:
        worker, self._worker = self._worker, None
        worker.wait()
        worker.deleteLater()
        if self._again:
            self._again = False
            self.reload()
        return worker

    def _queue_ready(self, _message: str) -> None:
        worker = self._finish_worker()
        items = worker.items
        self.doc_model.reset(items, worker.titles)
        doc_id = self.session.doc_id
        if doc_id is not None and self.doc_model.row_of(doc_id) >= 0:
            self._document_opened(doc_id)
        elif items:
            self.open_document(items[0].doc_id)
        else:
            self.summary.setText(
                "Nothing to review yet: a document appears here once two or more"
                " annotators have marked it done."
            )
        self.statusBar().showMessage(
            f"{len(items)} documents finished by two or more of: {', '.join(self.annotators)}"
            if items
            else "No document has been finished (status done) by two or more annotators yet"
        )
        self.loaded = True
        self.queueLoaded.emit()

    def _queue_failed(self, message: str) -> None:
        self._finish_worker()
        self.summary.setText(f"Could not read the review list: {message}")
        self.statusBar().showMessage(message)

    def show_dashboard(self):
        from .dashboard import open_dashboard

        self.dashboard = open_dashboard(self.project, self, self.annotators)
        return self.dashboard

    # -- wiring ----------------------------------------------------------
    def _connect(self) -> None:
        """The gold editor draws gold's spans; the window follows what an
        edit does to the disagreements."""
        s = self.session
        s.documentOpened.connect(self._document_opened)
        s.spansChanged.connect(self._gold_edited)
        s.spanUpdated.connect(self._gold_edited)
        s.spansReset.connect(self._gold_edited)
        s.setChanged.connect(self._gold_status_changed)
        s.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        s.pending.changed.connect(self._pending_changed)
        self.doc_table.selectionModel().currentRowChanged.connect(self._doc_row_changed)
        self.dis_table.selectionModel().currentRowChanged.connect(self._dis_row_changed)
        self.versions.takeRequested.connect(self.take)
        self.versions.editRequested.connect(self.edit_in_gold)
        self.side.spanClicked.connect(self._side_clicked)
        self.gold.view.navigateRequested.connect(self.step_document)

    # -- documents -------------------------------------------------------
    def open_document(self, doc_id: int) -> None:
        """Show a document: its sets side by side, its disagreements, its gold."""
        self.session.open_document(doc_id)

    def step_document(self, step: int) -> None:
        row = self.doc_model.row_of(self.session.doc_id) + step
        if 0 <= row < self.doc_model.rowCount():
            self.open_document(self.doc_model.items[row].doc_id)

    def _doc_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet and current.isValid():
            self.open_document(self.doc_model.items[current.row()].doc_id)

    def _document_opened(self, doc_id: int) -> None:
        item = self.doc_model.item(doc_id)
        names = item.annotators if item is not None else self.annotators
        self.state = adjudication.document_state(self.project, doc_id, names)
        text = self.session.doc.text
        self.side.set_document(text, self.state.sets)
        self.gold_rejected = self.project.gold.rejected(doc_id).get(doc_id, set())
        resolved, chosen = self._resolution()
        self.dis_model.set_items(text, self.state.disagreements, resolved, chosen)
        self._select_row(self.doc_table, self.doc_model.row_of(doc_id))
        self.current = -1
        first_open = next((i for i, r in enumerate(resolved) if not r), 0)
        self.select_disagreement(first_open if self.state.disagreements else -1)
        self._update_summary()
        self._pending_changed()  # gold edits made here earlier and not written yet
        doc = self.session.doc
        self.setWindowTitle(
            f"Review: {doc.title or f'Document {doc_id}'} — {self.project.path.name}"
        )

    # -- disagreements ---------------------------------------------------
    def _resolution(self) -> tuple[list[bool], list[str]]:
        gold = list(self.session.spans.values())
        state = self.state
        state.gold = adjudication.gold_links(self.project, state.doc_id)  # relations, answers
        resolved = state.resolved(gold, self.gold_rejected)
        chosen = []
        for dis, done in zip(state.disagreements, resolved, strict=True):
            names = state.chosen(dis, gold, self.gold_rejected) if done else []
            chosen.append(", ".join(names) if names else ("edited" if done else ""))
        return resolved, chosen

    def _refresh_resolution(self) -> None:
        if self.state is None:
            return
        self.gold_rejected = self.project.gold.rejected(self.state.doc_id).get(
            self.state.doc_id, set()
        )
        resolved, chosen = self._resolution()
        self.dis_model.set_resolution(resolved, chosen)
        gold_status = self.session.state["status"] if self.session.has_set else None
        self.doc_model.update_document(self.state.doc_id, resolved.count(False), gold_status)
        self._show_versions()
        self._update_summary()

    def _gold_status_changed(self, _doc_id: int) -> None:
        """Gold's status changed (or an edit touched it): the list and summary
        say so; the resolution itself follows span changes only."""
        if self.state is None:
            return
        gold_status = self.session.state["status"] if self.session.has_set else None
        unresolved = self.dis_model.resolved.count(False)
        self.doc_model.update_document(self.state.doc_id, unresolved, gold_status)
        self._update_summary()

    def _update_summary(self) -> None:
        if self.state is None:
            return
        total = len(self.state.disagreements)
        open_ = self.dis_model.resolved.count(False)
        missing = self.state.missing_agreed(list(self.session.spans.values()))
        self.summary.setText(
            f"{total} disagreements, {open_} unresolved · {len(self.state.agreed)} agreed spans,"
            f" {len(self.state.agreed_relations)} relations ({missing.summary()} not yet in gold:"
            f" Ctrl+G) · gold: {self._gold_state()}"
        )

    def _gold_state(self) -> str:
        if not self.session.has_set:
            return "not started"
        return self.session.state["status"].replace("_", " ")

    def current_disagreement(self) -> Disagreement | None:
        if self.state is None or not 0 <= self.current < len(self.state.disagreements):
            return None
        return self.state.disagreements[self.current]

    def select_disagreement(self, row: int) -> None:
        self.current = row
        self._select_row(self.dis_table, row)
        dis = self.current_disagreement()
        self.side.show_disagreement(dis)
        self._show_versions()
        if dis is not None:
            members = adjudication.members(
                list(self.session.spans.values()), dis, self.state.exclusive
            )
            if members:
                self.session.select(members[0].id)
            else:
                self.session.select(None)
                self._scroll_gold(dis.start)

    def _show_versions(self) -> None:
        dis = self.current_disagreement()
        chosen = self.dis_model.chosen[self.current] if dis is not None else ""
        self.versions.show_disagreement(dis, self.dis_model.text, chosen)

    def _dis_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet and current.isValid() and current.row() != self.current:
            self.select_disagreement(current.row())

    def _select_row(self, table: QTableView, row: int) -> None:
        self._quiet = True
        try:
            model = table.selectionModel()
            if row < 0:
                model.clearCurrentIndex()
                table.clearSelection()
            else:
                index = table.model().index(row, 0)
                flags = model.SelectionFlag.ClearAndSelect | model.SelectionFlag.Rows
                model.setCurrentIndex(index, flags)
                table.scrollTo(index)
        finally:
            self._quiet = False

    def _scroll_gold(self, offset: int) -> None:
        view = self.gold.view
        cursor = view.textCursor()
        cursor.setPosition(view.offsets.to_qt(offset))
        view.setTextCursor(cursor)
        view.ensureCursorVisible()

    def _side_clicked(self, annotator: str, span_id: int) -> None:
        if self.state is None or span_id < 0:
            return
        for row, dis in enumerate(self.state.disagreements):
            span = dis.spans.get(annotator)
            if span is not None and span.id == span_id:
                self.select_disagreement(row)
                return

    def next_unresolved(self, step: int = 1) -> bool:
        """Go to the next (step -1: previous) unresolved disagreement, moving
        on to other documents and wrapping around at the end of the list."""
        if not self.loaded:
            self.statusBar().showMessage("Still reading the review list…", 3000)
            return False
        if self.state is not None:
            resolved = self.dis_model.resolved
            rows = range(self.current + step, len(resolved) if step > 0 else -1, step)
            for row in rows:
                if not resolved[row]:
                    self.select_disagreement(row)
                    return True
        items = self.doc_model.items
        if not items:
            return False
        here = self.doc_model.row_of(self.session.doc_id)
        for k in range(1, len(items) + 1):
            item = items[(here + k * step) % len(items)]
            if item.unresolved > 0:
                self.open_document(item.doc_id)
                resolved = self.dis_model.resolved
                order = range(len(resolved)) if step > 0 else range(len(resolved) - 1, -1, -1)
                row = next((r for r in order if not resolved[r]), 0)
                self.select_disagreement(row)
                return True
        self.statusBar().showMessage("Every disagreement is resolved", 6000)
        return False

    # -- adjudication ----------------------------------------------------
    def take(self, number: int) -> bool:
        """Gold takes the version of the disagreement's ``number``-th annotator."""
        dis = self.current_disagreement()
        if dis is None:
            self.statusBar().showMessage("Select a disagreement first", 4000)
            return False
        names = list(dis.spans)
        if not 1 <= number <= len(names):
            self.statusBar().showMessage(f"There is no annotator {number} here", 4000)
            return False
        name = names[number - 1]
        self.session.ensure_set()
        command = commands.take(self.session, self.state, dis, name, self.gold_rejected)
        self.session.undo_stack.push(command)
        self.statusBar().showMessage(command.summary, 8000)
        if command.error is not None:
            return False
        if self.actions["advance"].isChecked():
            self.next_unresolved()
        return True

    def choose_annotators(self, names: list[str]) -> None:
        """Compare these annotators only (in this order: the first is the
        reference for missing/extra), and read the review list again."""
        names = adjudication.choose_annotators(self.project, names)
        if names and names != self.annotators:
            self.annotators = names
            self.state = None
            self.reload()

    def agreed_to_gold(self) -> int:
        """Every agreed span not yet in gold goes in, as one undo step."""
        if self.state is None:
            return 0
        missing = self.state.missing_agreed(list(self.session.spans.values()))
        if missing.empty:
            waiting = f" ({missing.summary()})" if missing.waiting else ""
            self.statusBar().showMessage(f"Everything agreed is already in gold{waiting}", 6000)
            return 0
        self.session.ensure_set()
        command = commands.agreed_to_gold(self.session, missing)
        self.session.undo_stack.push(command)
        self.statusBar().showMessage(command.summary, 8000)
        return len(missing.spans) if command.error is None else 0

    def agreed_everywhere(self) -> int:
        """Every agreed span of every document in the list, not yet in gold,
        goes in: one transaction, one undo step."""
        gold = self.project.gold.spans()
        if self.session.doc_id is not None and self.session.has_set:
            gold[self.session.doc_id] = list(self.session.spans.values())
        additions: dict[int, adjudication.AgreedToGold] = {}
        for item in self.doc_model.items:
            state = adjudication.document_state(self.project, item.doc_id, item.annotators)
            missing = state.missing_agreed(gold.get(item.doc_id))
            if not missing.empty:
                additions[item.doc_id] = missing
        if not additions:
            self.statusBar().showMessage("Every agreed span is already in gold", 4000)
            return 0
        command = commands.AgreedEverywhere(self.session, additions, self.gold_changed_elsewhere)
        self.session.undo_stack.push(command)
        if command.error is not None:
            return 0
        total = sum(len(v.spans) for v in additions.values())
        links = sum(len(v.relations) for v in additions.values())
        answers = sum(len(v.categories) for v in additions.values())
        self.statusBar().showMessage(
            f"{total} agreed spans, {links} relations and {answers} category answers"
            f" of {len(additions)} documents added to gold",
            8000,
        )
        return total

    def gold_changed_elsewhere(self, changes: dict) -> None:
        """Gold of several documents changed in one step: redraw the open one,
        recount the others' rows."""
        s = self.session
        for doc_id, change in changes.items():
            if doc_id == s.doc_id:
                s.adopt_set(change.set_id)
                s.spans_edited(
                    change.set_id,
                    added=change.added,
                    removed=[span.id for span in change.removed],
                )
                continue
            item = self.doc_model.item(doc_id)
            if item is None:
                continue
            state = adjudication.document_state(self.project, doc_id, item.annotators)
            gold = self.project.sets.find(doc_id, GOLD)
            rejected = self.project.gold.rejected(doc_id).get(doc_id, set())
            unresolved = state.resolved(gold.spans if gold else None, rejected).count(False)
            self.doc_model.update_document(doc_id, unresolved, gold.status if gold else None)

    def edit_in_gold(self) -> None:
        """Open the disagreement for editing: gold gets the focus, its span
        selected or, where gold has none, the disagreement's text selected
        so a label key marks it."""
        dis = self.current_disagreement()
        self.gold.view.setFocus()
        if dis is None:
            return
        members = adjudication.members(list(self.session.spans.values()), dis, self.state.exclusive)
        if members:
            self.session.select(members[0].id)
        else:
            self.session.select(None)
            self.gold.view.select_range(dis.start, dis.end)

    def mark_done(self) -> None:
        if self.session.doc_id is not None and self.session.state["status"] != "done":
            self.session.accept()

    # -- gold session signals ----------------------------------------------
    def _gold_edited(self, *_changed: object) -> None:
        self._refresh_resolution()

    def _pending_changed(self, _count: int = 0) -> None:
        """Gold edits not written yet, as the annotation window shows them:
        counted in the status bar, their spans marked in the gold pane."""
        s = self.session
        self.pending_label.show_pending(s.pending.shown_count(), s.pending.reason)
        self.gold.view.set_unsaved(s.unsaved_ids())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not recovery.settle_pending(self, self.session):
            event.ignore()
            return
        self.others.stop()
        if self._worker is not None:
            self._worker.wait()
        self.session.close()
        if self._owns_project:
            self.project.close()
        super().closeEvent(event)


def open_review(
    project_path: str | Path | Project,
    parent: QWidget | None = None,
    annotators: list[str] | None = None,
) -> ReviewWindow:
    """Open and show the review window (also without the main window)."""
    window = ReviewWindow(project_path, annotators, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window
