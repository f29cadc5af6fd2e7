"""The model in the loop, in the main window: which model suggests, and what it did.

- Tools ▸ Train (train_dialog.py) and Tools ▸ Suggesting model, a menu of
  the project's models with the suggesting one checked: choosing one calls
  ``project.models.use`` and the status bar says what changed, and that
  edited documents keep their spans (ADR 0014).
- Document ▸ Pull suggestions adds the suggesting model's newest
  suggestions that do not collide with the set's spans, one undo step
  (``PullSuggestions``); the status bar counts what was added and skipped.
- Tools ▸ Next: most to learn opens the unfinished document the suggesting
  model has most to learn from (the document list's "most to learn" order,
  ``Listing.learn_order``) and says what the order rests on.
- The status bar names the model behind what is on screen: the one the
  set was seeded with or last followed (``suggestions.seeded_by``), and any
  whose suggestions were pulled into it since; and it says when a document
  just opened followed a newer run (``project.suggestions.take_followed``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from annotator.core.errors import AnnotatorError
from annotator.core.store.learn_order import LearnNote
from annotator.core.store.listing import LEARN, ListingFilter
from annotator.core.store.suggestions import Pulled
from annotator.core.words import count

from .actions import make_action
from .commands import SessionCommand
from .train_dialog import WindowTrain

if TYPE_CHECKING:
    from annotator.core.store import Project

    from .session import Session
    from .window import MainWindow


def suggested_by(project: Project, set_id: int | None) -> tuple[str | None, list[str]]:
    """The model a set was seeded with (or last followed), and the models
    whose suggestions were pulled into it since and not taken back."""
    if set_id is None:
        return None, []
    seeded = project.suggestions.seeded_by(set_id).model
    pulled: list[str] = []
    taken_back: Counter[tuple[int, ...]] = Counter()
    kinds = ("set.create", "set.follow", "set.pull", "set.unpull")
    for event in project.events(set_id, kinds=kinds):  # newest first
        kind, payload = event["kind"], event["payload"]
        if kind in ("set.create", "set.follow"):
            break  # what came before was replaced by this seed
        spans = tuple(payload.get("spans") or ())
        if kind == "set.unpull":
            taken_back[spans] += 1
        elif kind == "set.pull" and taken_back[spans]:
            taken_back[spans] -= 1
        elif kind == "set.pull" and payload.get("model") not in (None, seeded, *pulled):
            pulled.append(payload["model"])
    return seeded, pulled


class PullSuggestions(SessionCommand):
    """Document ▸ Pull suggestions: one store call each way (``pull``,
    ``undo_pull``), refreshed on screen and said; pulling nothing leaves no
    undo step. Undo takes back the pulled suggestions the annotator has not
    changed since (a confirmed or edited one stays, and is counted)."""

    def __init__(self, session: Session, after: Callable[[], None]) -> None:
        super().__init__(session, "Pull suggestions")
        self.after = after
        self.pulled = Pulled()
        self._first_run = True

    def _redo(self) -> None:
        s = self.session
        first, self._first_run = self._first_run, False
        self.pulled = pulled = s.project.suggestions.pull(self.set_id)
        model = pulled.model or "no model"
        they = "it collides" if pulled.skipped == 1 else "they collide"
        collide = (
            f"{count(pulled.skipped, 'suggestion')} skipped because {they} with spans in this set"
        )
        if not pulled.added:
            if first:
                self.setObsolete(True)  # nothing to undo
            s.message.emit(f"Nothing new to pull from {model}: {collide}")
            return
        new = set(pulled.span_ids)
        aset = s.project.sets.get(self.set_id)
        self._show([span for span in aset.spans if span.id in new], [])
        what = [count(len(pulled.span_ids), "span")]
        if pulled.relation_ids:
            what.append(count(len(pulled.relation_ids), "relation"))
        if pulled.categories:
            what.append(f"answers to {', '.join(pulled.categories)}")
        s.message.emit(
            f"Pulled suggestions from {model}: {', '.join(what)} added; {collide}."
            " Undo (Ctrl+Z) takes them back"
        )

    def _undo(self) -> None:
        s = self.session
        pulled = replace(self.pulled, span_ids=[s.resolve(i) for i in self.pulled.span_ids])
        gone = [i for i in pulled.span_ids if i in s.spans and s.spans[i].origin == "model"]
        s.project.suggestions.undo_pull(self.set_id, pulled)
        self._show([], gone)
        kept = len(pulled.span_ids) - len(gone)
        stay = f"; {count(kept, 'span')} you changed since stay" if kept else ""
        s.message.emit(
            f"Took back the suggestions pulled from {pulled.model}:"
            f" {count(len(gone), 'span')} removed{stay}"
        )

    def _show(self, added: list, removed: list[int]) -> None:
        """The set's spans, relations and answers as the store now holds them."""
        s = self.session
        s.spans_edited(self.set_id, added=added, removed=removed)
        if self.pulled.relation_ids:
            s.spansReset.emit()  # the relations are read again with the spans
        if self.pulled.categories:
            s.answers.load(s.project.sets.get(self.set_id))
            s.answers.changed.emit()
        self.after()


class ModelActions(QObject):
    """The window's model actions and the status bar's model label; a child
    of the window (``window.findChild(ModelActions)``)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.project = window.project
        self.trainer = WindowTrain(window, self.use)
        self.actions: dict[str, QAction] = {
            "train": make_action(
                window,
                "&Train a model…",
                self.trainer.open_dialog,
                tip="Train spaCy on the done sets (annotator train), off the window's thread",
            ),
            "most_to_learn": make_action(
                window,
                "Next: &most to learn",
                self.next_most_to_learn,
                tip="Open the unfinished document the suggesting model has most to learn from",
            ),
            "pull": make_action(
                window,
                "&Pull suggestions",
                self.pull,
                tip="Add the suggesting model's newest suggestions that do not collide with yours",
            ),
        }
        self.menu = QMenu("&Suggesting model", window)
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.group = QActionGroup(self)  # one checked; cleared actions leave it
        self.session.documentOpened.connect(self._document_opened)
        self.session.setChanged.connect(lambda _doc_id: self._update())
        self._update()

    # -- the suggesting model ------------------------------------------------
    def _fill_menu(self) -> None:
        """The project's models as they are now (training adds one), the
        suggesting one checked."""
        self.menu.clear()
        models = self.project.models.all()
        chosen = self.project.models.suggesting()
        if not models:
            none = self.menu.addAction("No models yet: pre-annotate or train first")
            none.setEnabled(False)
            return
        for info in models:
            overall = (info.scores or {}).get("overall") or {}
            figures = ", ".join(f"{k} {v:.2f}" for k, v in overall.items())
            action = self.menu.addAction(
                f"{info.id} ({info.kind}{', ' + figures if figures else ''})"
            )
            action.setCheckable(True)
            action.setChecked(info.id == chosen)
            action.setEnabled(not self.session.read_only)
            action.setData(info.id)
            action.setToolTip(
                f"{info.name} {info.version}" + (f" · {info.path}" if info.path else "")
            )
            self.group.addAction(action)
            action.triggered.connect(lambda _checked=False, model=info.id: self.use(model))

    def use(self, model_id: str) -> None:
        """Make ``model_id`` the suggesting model and say what that changes."""
        bar = self.window.statusBar()
        if self.project.models.suggesting() == model_id:
            bar.showMessage(f"{model_id} is the suggesting model already", 8000)
            return
        try:
            before = self.project.models.use(model_id)
        except AnnotatorError as exc:
            bar.showMessage(f"Not done: {exc}", 15000)
            return
        bar.showMessage(
            f"suggesting model: {model_id} (was {before or 'none'}); edited documents keep"
            " their spans, documents nobody has edited follow it when next opened",
            15000,
        )

    # -- pulling suggestions ---------------------------------------------------
    def pull(self) -> None:
        s = self.session
        if s.set_id is None:
            s.message.emit("Open a document first: suggestions are pulled into its set")
            return
        s.undo_stack.push(PullSuggestions(s, self._show_model))

    # -- most to learn ---------------------------------------------------------
    def next_most_to_learn(self) -> int | None:
        """Open the unfinished document (not the open one, unless it is the
        last) the suggesting model has most to learn from; say why."""
        s, listing = self.session, self.project.listing
        unfinished = {
            doc_id
            for status in ("todo", "in_progress")
            for doc_id in listing.sorted_ids(s.annotator, ListingFilter(status=status))
        }
        if not unfinished:
            self.window.statusBar().showMessage("Every document is done or skipped", 8000)
            return None
        every, note = listing.learn_order(s.annotator, ListingFilter(order=LEARN, descending=True))
        order = [doc_id for doc_id in every if doc_id in unfinished]
        target = next((doc_id for doc_id in order if doc_id != s.doc_id), order[0])
        if not s.open_document(target):
            return None  # the session said why
        scores = listing.learn.scores()
        scored = [doc_id for doc_id in order if doc_id in scores]
        uncertain = any(scores[doc_id].uncertainty is not None for doc_id in scored)
        note = LearnNote(note.basis, len(scored), len(order) - len(scored), uncertain)
        why = f" ({scores[target].describe()})" if target in scores else " (not scored)"
        self.window.statusBar().showMessage(
            f"{note.message()}; opened document {target}{why}, first of"
            f" {count(len(order), 'unfinished document')}",
            15000,
        )
        return target

    # -- what is on screen -----------------------------------------------------
    def _document_opened(self, _doc_id: int) -> None:
        """The model label, and a word when the set just followed a newer run
        (a follow logged since this window last looked was this opening's)."""
        s = self.session
        self._show_model()
        self._update()
        followed = [f for f in self.project.suggestions.take_followed() if f["set_id"] == s.set_id]
        if followed:
            payload = followed[-1]
            spans = count(int(payload.get("spans") or 0), "span")
            self.window.statusBar().showMessage(
                f"This document's suggestions now come from {payload.get('model')}"
                f" (were {payload.get('before') or 'none'}'s): nobody had edited it, so it"
                f" follows the suggesting model's newest run ({spans})",
                15000,
            )

    def _show_model(self) -> None:
        seeded, pulled = suggested_by(self.project, self.session.set_id)
        self.window.indicators.show_model(seeded, pulled)

    def _update(self) -> None:
        s = self.session
        self.actions["pull"].setEnabled(s.doc_id is not None and not s.read_only)
        self.actions["train"].setEnabled(not s.read_only)
