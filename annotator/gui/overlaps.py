"""A new entity span over others, in the window: asked, kept for the undo, shown going.

Entities (ACTOR, FIGURE, DATE) never overlap (GUIDELINES), so a new
entity span replaces the entity spans it overlaps. That is never silent:
the status bar names what was replaced (span_plan.replaced_message, said by
the command itself, so every way of making a span says it), the window flashes
the replaced spans' text in their colour as they go, and a span that would
swallow two or more asks first (``OverlapGuard``). The answer is kept for
the rest of the window's session when "remember" stays ticked, so someone
correcting many long spans is asked once. One undo step puts
everything back: the spans and, through ``KeepLinks``, their relations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QCheckBox, QMessageBox, QTextEdit

from annotator.core.types import Span
from annotator.core.words import count

from .relation_commands import KeepLinks
from .span_plan import Plan, named, plan

if TYPE_CHECKING:
    from .links import Links
    from .session import Session
    from .textview import SpanTextView

FLASH_MS = 600  # how long a replaced span's text stays marked after it went


class OverlapGuard(QObject):
    """The window's side of replacing: ask before swallowing two or more
    spans (the answer remembered for the session when ticked), keep the
    replaced spans' relations for the undo, flash what goes."""

    def __init__(self, session: Session, view: SpanTextView, links: Links) -> None:
        super().__init__(view)
        self.session = session
        self.view = view
        self.links = links
        self.remembered: bool | None = None  # True: replace, False: keep; None: ask
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.timeout.connect(lambda: self.view.setExtraSelections([]))

    def create(self, start: int, end: int, label: str) -> int | None:
        """Make a span as the label key asked; the new span's id, else None."""
        s = self.session
        made = plan(s, start, end, label)
        if made is None:
            return None
        if made.existing is not None or not made.replaced or s.read_only:
            return s.create_span(start, end, label, made)
        if len(made.replaced) > 1 and not self._may_replace(made):
            s.message.emit(
                f"Not made: {named(s, made.span)} would replace"
                f" {count(len(made.replaced), 'span')}; kept them as you chose"
                f"{' for this session' if self.remembered is False else ''}"
            )
            return None
        linked = [old.id for old in made.replaced if self.links.of_span(old.id)]
        relations = len({x.id for i in linked for x in self.links.of_span(i)})
        self.flash(made.replaced)
        if not linked:
            return s.create_span(start, end, label, made)
        s.undo_stack.beginMacro(f"Add {label} replacing {count(len(made.replaced), 'span')}")
        for span_id in linked:
            s.undo_stack.push(KeepLinks(self.links, span_id))
        span_id = s.create_span(start, end, label, made, relations)
        s.undo_stack.endMacro()
        return span_id

    def _may_replace(self, made: Plan) -> bool:
        """Ask (or answer as remembered) whether the span may swallow these."""
        if self.remembered is not None:
            return self.remembered
        s = self.session
        box = QMessageBox(self.view.window())
        box.setObjectName("replaceSpans")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(f"Replace {count(len(made.replaced), 'span')}?")
        box.setText(
            f"The new {named(s, made.span)} overlaps {count(len(made.replaced), 'span')}:\n"
            + "\n".join(f"  {named(s, old)}" for old in made.replaced)
            + "\n\nEntities never overlap: making it replaces them (Ctrl+Z brings them back)."
        )
        replace = box.addButton("Replace them", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep them", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        remember = QCheckBox("Remember my choice until the window closes")
        remember.setChecked(True)
        box.setCheckBox(remember)
        box.exec()
        answer = box.clickedButton() is replace
        if remember.isChecked():
            self.remembered = answer
        return answer

    def flash(self, spans: tuple[Span, ...]) -> None:
        """Mark the replaced spans' text in their label's colour for a moment
        (``FLASH_MS``), so the eye sees what went."""
        selections = []
        offsets = self.view.offsets
        for span in spans:
            label = self.session.scheme.label(span.label)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(label.color if label else "#888888"))
            fmt.setFontStrikeOut(True)
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(offsets.to_qt(span.start))
            cursor.setPosition(offsets.to_qt(span.end), QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor, selection.format = cursor, fmt
            selections.append(selection)
        self.view.setExtraSelections(selections)
        self._flash.start(FLASH_MS)

    def flashing(self) -> list[tuple[int, int]]:
        """The ranges flashing now, in code points (tests)."""
        offsets = self.view.offsets
        return [
            offsets.range_to_py(x.cursor.selectionStart(), x.cursor.selectionEnd())
            for x in self.view.extraSelections()
        ]
