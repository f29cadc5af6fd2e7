"""Making, selecting, relabelling and deleting relations in the article view.

By keyboard: select the head span (a STANCE), press a relation's key (the
scheme's: ``h`` HOLDER, ``t`` TARGET); the spans that relation may point at
are offered nearest first, each shown with a dashed arc, ←/→ (or ↑/↓) move
through them, Enter links, Esc cancels; a click on one of them links too.
By mouse: Ctrl+drag from one span to another (Ctrl, because desktops take
Alt+drag to move windows) links them by the first relation the scheme
allows between their labels; the other relation's key changes it.

A click on an arc or its label selects the relation: Delete removes it,
Enter confirms a model suggestion, a relation key relabels it. Every step
is an undoable command (relation_commands.py) and says in the status bar
what it did; what cannot be done says why, in one line.

Keys and clicks are taken by event filters on the view, before its own
handling, so the view itself knows nothing of relations.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent

from annotator.core.scheme import RelationType
from annotator.core.types import Span

from . import relation_commands as commands
from .arcview import PREVIEW, Arc, ArcLayer
from .links import Link, Links
from .session import Session
from .textview import SpanTextView

_MODS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_BACK = (Qt.Key.Key_Left, Qt.Key.Key_Up)
_ON = (Qt.Key.Key_Right, Qt.Key.Key_Down)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_DELETE = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


@dataclass(slots=True)
class _Picking:
    """A relation being made by keyboard: its head and the spans it may point at."""

    kind: RelationType
    head: int
    candidates: list[int]
    index: int = 0

    @property
    def current(self) -> int:
        return self.candidates[self.index]


def distance(a: Span, b: Span) -> int:
    """Characters between two spans; 0 when they overlap (nearest first)."""
    if b.start >= a.end:
        return b.start - a.end
    if a.start >= b.end:
        return a.start - b.end
    return 0


class RelationEditor(QObject):
    """The relations of one session's view: arcs, keys, clicks, drags."""

    def __init__(self, session: Session, view: SpanTextView, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.view = view
        self.scheme = session.scheme
        self.links = Links(session, self)
        self.layer = ArcLayer(view, self.scheme)
        self.keys = {kind.key.lower(): kind for kind in self.scheme.relations}
        self.selected: int | None = None  # a relation id
        self.picking: _Picking | None = None
        self._drag_from: int | None = None
        self._drag_start = QPointF()
        self._took_press = False
        self.links.reset.connect(self._reset)
        self.links.changed.connect(self._changed)
        session.spanUpdated.connect(self._span_updated)
        session.spansChanged.connect(lambda _a, _r: self.cancel(quiet=True))
        session.selectionChanged.connect(self._span_selected)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    # -- drawing -------------------------------------------------------------
    def _arc(self, link: Link) -> Arc | None:
        spans = self.session.spans
        head, child = spans.get(link.head), spans.get(link.child)
        if head is None or child is None:
            return None
        return Arc(link.id, head, child, link.label, link.origin)

    def _arcs(self, ids: list[int]) -> list[Arc]:
        arcs = (self._arc(self.links.items[i]) for i in ids if i in self.links.items)
        return [a for a in arcs if a is not None]

    def _reset(self) -> None:
        self.picking = None
        self._drag_from = None
        self.selected = None
        self.layer.set_arcs(self._arcs(list(self.links.items)))

    def _changed(self, changed: list[int], removed: list[int]) -> None:
        if self.selected in removed:
            self.selected = None
        self.layer.apply_changes(self._arcs(changed), removed)

    def _span_updated(self, span_id: int) -> None:
        """A span moved or was relabelled: its arcs follow it."""
        self.layer.apply_changes(self._arcs([x.id for x in self.links.of_span(span_id)]))

    def _span_selected(self, span_id: int) -> None:
        if span_id >= 0 and self.selected is not None:
            self.select(None)
        if self.picking is not None and span_id != self.picking.head:
            self.cancel(quiet=True)

    # -- selecting a relation ------------------------------------------------
    def select(self, relation_id: int | None) -> None:
        self.selected = relation_id if relation_id in self.links.items else None
        self.layer.set_selected(self.selected)
        if self.selected is None:
            return
        if self.session.selected is not None:
            self.session.select(None)
        link = self.links.items[self.selected]
        keys = ", ".join(f"{k.key} {k.name}" for k in self.scheme.relations)
        more = "; Enter confirms the suggestion" if link.origin != "human" else ""
        self.session.message.emit(
            f"{self.links.describe(link.label, link.head, link.child)} selected:"
            f" Delete removes it, {keys} relabels it{more}"
        )

    def delete_selected(self) -> None:
        if self.selected is not None:
            link = self.links.items[self.selected]
            self.session.undo_stack.push(commands.DeleteRelation(self.links, link))

    def delete_span(self, span_id: int) -> None:
        """Delete a span; its relations go with it in the same undo step."""
        s = self.session
        if not self.links.of_span(span_id):
            s.delete(span_id)
            return
        s.undo_stack.beginMacro(f"Delete {s.spans[span_id].label} and its relations")
        s.undo_stack.push(commands.KeepLinks(self.links, span_id))
        s.delete(span_id)
        s.undo_stack.endMacro()

    def relabel_selected(self, kind: RelationType) -> None:
        link = self.links.items[self.selected]
        if kind.name == link.label and link.origin == "human":
            self.links.say(link.label, link.head, link.child, "is already so")
            return
        if kind.name != link.label and self.links.find(link.head, link.child, kind.name):
            self.links.say(kind.name, link.head, link.child, "is already there")
            return
        self.session.undo_stack.push(commands.RelabelRelation(self.links, link, kind.name))

    # -- making one by keyboard ----------------------------------------------
    def start(self, kind: RelationType) -> None:
        """A relation key with a span selected: offer the spans it may point at."""
        s = self.session
        head = s.spans.get(s.selected) if s.selected is not None else None
        if head is None:
            s.message.emit(
                f"Select a {'/'.join(kind.heads)} span first (click it), then press"
                f" {kind.key} for {kind.name}"
            )
            return
        if head.label not in kind.heads:
            s.message.emit(
                f"Not done: {kind.name} goes from {'/'.join(kind.heads)} to"
                f" {'/'.join(kind.children)}, not from {head.label}"
            )
            return
        candidates = [x for x in s.sorted_spans() if x.label in kind.children and x.id != head.id]
        if not candidates:
            s.message.emit(
                f"Not done: no {'/'.join(kind.children)} span in this document for {kind.name}"
            )
            return
        candidates.sort(key=lambda x: (distance(head, x), x.start, x.end))
        self.picking = _Picking(kind, head.id, [x.id for x in candidates])
        self._show_candidate()

    def step(self, by: int) -> None:
        p = self.picking
        p.index = (p.index + by) % len(p.candidates)
        self._show_candidate()

    def _show_candidate(self) -> None:
        p = self.picking
        s = self.session
        head, child = s.spans[p.head], s.spans[p.current]
        self.layer.apply_changes([Arc(PREVIEW, head, child, p.kind.name, "model")])
        self.view.set_selected(child.id)
        s.message.emit(
            f"{self.links.describe(p.kind.name, p.head, p.current)}?"
            f" ({p.index + 1} of {len(p.candidates)}, nearest first): ←/→ another,"
            " Enter links, Esc cancels, or click a span"
        )

    def confirm(self, child: int | None = None) -> None:
        """Link the head to the offered span (or to ``child``, clicked)."""
        p = self.picking
        child = p.current if child is None else child
        self._end_picking()
        self.link(p.head, child, p.kind)

    def cancel(self, quiet: bool = False) -> None:
        if self.picking is None:
            return
        kind = self.picking.kind
        self._end_picking()
        if not quiet:
            self.session.message.emit(f"No {kind.name} relation made")

    def _end_picking(self) -> None:
        self.picking = None
        self.layer.apply_changes([], [PREVIEW])
        self.view.set_selected(self.session.selected)

    def link(self, head: int, child: int, kind: RelationType) -> bool:
        """Add the relation (refusals come from the store, in one line)."""
        existing = self.links.find(head, child, kind.name)
        if existing is not None:
            self.links.say(kind.name, head, child, "is already there")
            self.select(existing.id)
            return False
        command = commands.AddRelation(self.links, head, child, kind.name)
        self.session.undo_stack.push(command)
        return command.error is None

    # -- making one by mouse -------------------------------------------------
    def _kind_for(self, head: Span, child: Span) -> RelationType:
        """The first relation allowed between two labels, else the first the
        head may start (the store then says why it is refused)."""
        for kind in self.scheme.relations:
            if kind.allows(head.label, child.label):
                return kind
        return next(
            (k for k in self.scheme.relations if head.label in k.heads), self.scheme.relations[0]
        )

    def drop(self, head_id: int, child_id: int) -> None:
        """A Ctrl+drag ended on a span: link the two, head first as dragged,
        or the other way round when only that way is allowed (and say so)."""
        s = self.session
        head, child = s.spans[head_id], s.spans[child_id]
        allowed = [k for k in self.scheme.relations if k.allows(head.label, child.label)]
        turned = ""
        if not allowed and any(k.allows(child.label, head.label) for k in self.scheme.relations):
            head, child = child, head
            turned = f" (turned round: {self._kind_for(head, child).name} goes from {head.label})"
        kind = self._kind_for(head, child)
        if not self.link(head.id, child.id, kind):
            return
        others = [
            k for k in self.scheme.relations if k is not kind and k.allows(head.label, child.label)
        ]
        link = self.links.find(head.id, child.id, kind.name)
        if link is not None:
            self.select(link.id)
        hint = "".join(f"; press {k.key} to make it {k.name}" for k in others)
        self.links.say(kind.name, head.id, child.id, f"linked{turned}{hint}")

    # -- events --------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.view and kind == QEvent.Type.KeyPress:
            return self._key(event)
        if watched is self.view.viewport() and kind in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.MouseButtonRelease,
        ):
            return self._mouse(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        if not self.view.interactive or self.session.read_only:
            return False
        key, mods = event.key(), event.modifiers()
        if self.picking is not None:
            if key in _BACK or key in _ON:
                self.step(-1 if key in _BACK else 1)
            elif key in _ENTER:
                self.confirm()
            elif key == Qt.Key.Key_Escape:
                self.cancel()
            else:
                self.cancel()
                return False
            return True
        text = event.text().lower()
        if text in self.keys and not (mods & _MODS) and not self.view.textCursor().hasSelection():
            if self.selected is not None:
                self.relabel_selected(self.keys[text])
            else:
                self.start(self.keys[text])
            return True
        if self.selected is None:
            return False
        if key in _DELETE:
            self.delete_selected()
            return True
        if key in _ENTER and not (mods & _MODS):
            self.relabel_selected(self.scheme.relation(self.links.items[self.selected].label))
            return True
        if key == Qt.Key.Key_Escape:
            self.select(None)
        return False

    def _span_at(self, point: QPointF) -> Span | None:
        cursor = self.view.cursorForPosition(point.toPoint())
        return self.view.span_at(self.view.offsets.to_py(cursor.position()))

    def _mouse(self, event: QMouseEvent) -> bool:
        if not self.view.interactive:
            return False
        point = event.position()
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            return self._drag_to(point) if self._drag_from is not None else False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if kind == QEvent.Type.MouseButtonRelease:
            if self._took_press:  # the press was ours (an arc, a candidate): so is this
                self._took_press = False
                return True
            if self._drag_from is None:
                return False
            head, self._drag_from = self._drag_from, None
            self.layer.set_drag_line(None)
            target = self._span_at(point)
            if target is not None and target.id != head and not self.session.read_only:
                self.drop(head, target.id)
            else:
                self.session.message.emit("No relation made: drop on another span to link")
            return True
        self._took_press = self._press(event, point) and self._drag_from is None
        return self._took_press or self._drag_from is not None

    def _press(self, event: QMouseEvent, point: QPointF) -> bool:
        if self.picking is not None:
            span = self._span_at(point)
            if span is not None and span.id in self.picking.candidates:
                self.confirm(span.id)
            elif span is not None and span.id != self.picking.head:
                kind = self.picking.kind
                self.session.message.emit(
                    f"Not done: {kind.name} points at {'/'.join(kind.children)}, not {span.label}"
                    " (Esc cancels)"
                )
            else:
                self.cancel()
            return True
        arc = self.layer.arc_at(point)
        if arc is not None:
            self.select(arc)
            self.view.setFocus()
            return True
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            span = self._span_at(point)
            if span is not None:
                self._drag_from = span.id
                self._drag_start = point
                self.session.message.emit(f"Linking from {span.label}: drop on the other span")
                return True
        if self.selected is not None:
            self.select(None)
        return False

    def _drag_to(self, point: QPointF) -> bool:
        s = self.session
        target = self._span_at(point)
        head = s.spans.get(self._drag_from)
        if head is None:
            return False
        on = target is not None and target.id != head.id
        kind = self._kind_for(head, target) if on else self._kind_for(head, head)
        self.layer.set_drag_line((self._drag_start, point, kind.name))
        return True
