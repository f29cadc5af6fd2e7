"""Setting a document category: what a key or a click means, and its undo step.

A value's key (or a click on its button) means, for a one-choice category:
choose it; on the chosen value, clear the answer; on a value the model
suggested, confirm it. For a many-choice category: add it or take it away,
and confirm a suggestion first. Each is one ``SetCategory`` on the session's
undo stack, handed to ``Session.edit`` as a ``pending.CategoryEdit``:
written at once (``project.categories.set``, with the set's version check,
in one transaction) or kept pending while the store cannot take it, shown
either way; the status bar says what changed ("genre: opinion (was report)").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from annotator.core.errors import AnnotatorError
from annotator.core.types import AnnotationSet

from .commands import SessionCommand
from .pending import CategoryEdit

if TYPE_CHECKING:
    from .session import Session

Origins = dict[str, str]  # value -> "model" | "human", of one category


def describe(name: str, values: list[str], before: list[str]) -> str:
    """The status bar's line: ``genre: opinion (was report)``."""
    now = ", ".join(values) if values else "cleared"
    was = ", ".join(before) if before else "not set"
    return f"{name}: {now} (was {was})"


def next_answer(
    exclusive: bool, values: list[str], origins: Origins, value: str
) -> tuple[list[str], Origins, str | None]:
    """The answer after ``value``'s key is pressed: (values, their origins, a
    note for the message when a suggestion was confirmed)."""
    if value in values and origins.get(value) == "model":
        confirmed = dict(origins)
        confirmed[value] = "human"
        return list(values), confirmed, f"{value} confirmed"
    if exclusive:
        chosen = [] if value in values else [value]
    elif value in values:
        chosen = [v for v in values if v != value]
    else:
        chosen = sorted([*values, value])
    kept = {v: origins.get(v, "human") for v in chosen if v != value}
    if value in chosen:
        kept[value] = "human"
    return chosen, kept, None


def suggestions(edit: CategoryEdit) -> Origins:
    """Each value's origin in a category write."""
    return {v: "model" if v in edit.suggested else "human" for v in edit.values}


class SetCategory(SessionCommand):
    """One category's answer of the open set, with each value's origin, so
    that an undo brings a model's suggestion back as a suggestion."""

    queues = True

    def __init__(
        self,
        session: Session,
        name: str,
        values: list[str],
        origins: Origins,
        note: str | None = None,
    ) -> None:
        super().__init__(session, f"Set {name}")
        self.name = name
        self.new = (list(values), dict(origins))
        before = session.answers.values.get(name, [])
        self.old = (list(before), session.answers.origins_of(name))
        self.note = note

    def _write(self, values: list[str], origins: Origins) -> None:
        suggested = tuple(v for v in values if origins.get(v) == "model")
        edit = CategoryEdit(self.name, tuple(sorted(dict.fromkeys(values))), suggested)
        self.session.edit(self, "category", edit)
        self.session.answers.edited(self.set_id, self.name, values, origins)

    def _redo(self) -> None:
        self._write(*self.new)
        if self.note:
            self.session.message.emit(f"{self.name}: {self.note}")
        else:
            self.session.message.emit(describe(self.name, self.new[0], self.old[0]))

    def _undo(self) -> None:
        self._write(*self.old)
        self.session.message.emit(f"Undone: {describe(self.name, self.old[0], self.new[0])}")


class CategoryAnswers(QObject):
    """The open set's answers as the window shows them, and the edits of them.

    Part of the session (``session.answers``): read when a document opens,
    changed only by ``SetCategory`` and by accepting the document, which
    confirms the suggestions (``accepted``)."""

    changed = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.session = session
        self.values: dict[str, list[str]] = {}
        self.origins: dict[tuple[str, str], str] = {}

    def load(self, aset: AnnotationSet | None) -> None:
        """A document was opened (its set may not exist yet: gold)."""
        if aset is None:
            self.values, self.origins = {}, {}
            return
        self.values = {k: list(v) for k, v in aset.categories.items()}
        self.origins = self.session.project.categories.origins(aset.id)
        for item in self.session.pending.for_set(aset.id):  # made here, not written yet
            if item.kind == "category":
                edit: CategoryEdit = item.value
                self._apply(edit.name, list(edit.values), suggestions(edit))

    def origins_of(self, name: str) -> Origins:
        return {v: self.origins.get((name, v), "human") for v in self.values.get(name, [])}

    def choose(self, name: str, value: str) -> bool:
        """A value's key or button: one undo step (see the module's docstring);
        False when nothing was done (refused, or no such value)."""
        s = self.session
        category = s.scheme.category(name)
        if s.doc_id is None or category is None or value not in category.value_names:
            return False
        if s.read_only:
            s.message.emit(f"Not done: {s.project.write_refusal}")
            self.changed.emit()
            return False
        values, origins, note = next_answer(
            category.exclusive, self.values.get(name, []), self.origins_of(name), value
        )
        try:
            s.ensure_set()  # gold's set is made by its first edit
        except AnnotatorError as exc:
            s.message.emit(f"Not done: {exc}")
            self.changed.emit()
            return False
        command = SetCategory(s, name, values, origins, note)
        s.undo_stack.push(command)
        if command.error is not None:
            self.changed.emit()  # the buttons show the file's answer again
        return command.error is None

    def edited(self, set_id: int, name: str, values: list[str], origins: Origins) -> None:
        """``SetCategory`` wrote an answer (or keeps it pending)."""
        if set_id != self.session.set_id:
            return
        self._apply(name, values, origins)
        self.changed.emit()

    def _apply(self, name: str, values: list[str], origins: Origins) -> None:
        if values:
            self.values[name] = list(values)
        else:
            self.values.pop(name, None)
        self.origins = {k: o for k, o in self.origins.items() if k[0] != name}
        self.origins.update({(name, v): origins.get(v, "human") for v in values})

    def accepted(self, accept: bool) -> None:
        """The document was accepted (every suggestion confirmed) or that undone
        (the store knows which answers it confirmed: read them back)."""
        s = self.session
        if accept:
            self.origins = dict.fromkeys(self.origins, "human")
        elif s.set_id is not None:
            self.origins = s.project.categories.origins(s.set_id)
        self.changed.emit()
