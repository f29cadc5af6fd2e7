"""The span editor: the article, the label bar, the inspector and the span list of one session.

Both windows edit spans the same way: the annotation window an annotator's
set, the review window's gold pane the gold set. ``SpanEditor`` makes the
four widgets, turns what they ask for (a label key, Delete, a click, an
attribute typed) into the session's undoable edits, and redraws them from
the session's signals. Where the widgets go is the window's business: the
main window puts the inspector and the span list in its right column, the
review window the inspector beside the gold text. The review leaves the span
list out: its disagreements list is what the reviewer walks, and a second
list repainted on every adjudication would add about a fifth to its redraw.

The editor also holds the document categories' panel (categories.py), which
both windows show (the main window in its document panel, the review in
its gold pane), and the inspector's links (holder.py).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from annotator.core.store import Project
from annotator.core.types import Span

from . import holder
from .categories import CategoryPanel, category_actions
from .inspector import LinkRow, SpanInspector
from .labelbar import LabelBar
from .overlaps import OverlapGuard
from .relation_editor import RelationEditor
from .session import Session
from .spanlist import SpanListView
from .textview import SpanTextView


class Completions:
    """The values a project already uses for a text attribute (ACTOR canonical,
    STANCE target), read once per (label, attribute) and extended by what is
    typed, so the inspector's completer costs no query per selected span."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._cache: dict[tuple[str, str], list[str]] = {}

    def __call__(self, label: str, attribute: str) -> list[str]:
        key = (label, attribute)
        if key not in self._cache:
            self._cache[key] = self.project.vocabulary.attribute_values(label, attribute)
        return self._cache[key]

    def learn(self, span: Span) -> None:
        """A span's attributes were edited: offer its new text values from now on."""
        for name, value in span.attrs.items():
            values = self._cache.get((span.label, name))
            if values is not None and isinstance(value, str) and value and value not in values:
                values.append(value)


class SpanEditor(QObject):
    """The widgets that edit one session's spans, and their wiring."""

    def __init__(
        self, session: Session, parent: QObject | None = None, *, span_list: bool = True
    ) -> None:
        super().__init__(parent)
        self.session = session
        scheme = session.scheme
        self.completions = Completions(session.project)
        self.label_bar = LabelBar(scheme)
        self.view = SpanTextView()
        self.view.set_scheme(scheme)
        self.view.snapper = lambda start, end: session.tokens.snap(start, end)
        self.inspector = SpanInspector(self.completions)
        self.categories = CategoryPanel(scheme)
        # None where a window leaves it out (the review's gold pane)
        self.span_list: SpanListView | None = SpanListView() if span_list else None
        self._connect()
        # after the editor's own slots: the arcs follow the text and spans shown
        self.relations = RelationEditor(session, self.view, self)
        # a new span over others: asked, flashed, its relations kept for the undo
        self.overlaps = OverlapGuard(session, self.view, self.relations.links)

    def _connect(self) -> None:
        s = self.session
        # Connected before the window's own slots, so the window finds the
        # widgets already showing the session's state.
        s.documentOpened.connect(self._document_opened)
        s.spansChanged.connect(self._spans_changed)
        s.spanUpdated.connect(self._span_updated)
        s.spansReset.connect(self._spans_reset)
        s.selectionChanged.connect(self._selection_changed)
        s.editRefused.connect(self._edit_refused)
        self.label_bar.labelChosen.connect(self.apply_label)
        self.view.labelKeyPressed.connect(self.apply_label)
        self.view.deleteRequested.connect(self.delete_selected)
        self.view.confirmRequested.connect(self.confirm_selected)
        self.view.boundaryRequested.connect(self.move_boundary)
        self.view.spanClicked.connect(lambda i: s.select(None if i < 0 else i))
        self.inspector.attributeEdited.connect(s.set_attribute)
        self.inspector.confirmRequested.connect(s.confirm)
        self.inspector.linkActivated.connect(s.select)
        self.categories.valueChosen.connect(s.answers.choose)
        s.answers.changed.connect(self._show_answers)
        s.holders.linksChanged.connect(self._links_changed)
        if self.span_list is not None:
            self.span_list.spanActivated.connect(s.select)

    def bind_category_keys(
        self, host: QWidget, context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut
    ) -> list[QAction]:
        """The category values' keys, as actions on ``host`` (categories.py)."""
        return category_actions(host, self.session.scheme, self.session.answers.choose, context)

    # -- edits -------------------------------------------------------------
    def apply_label(self, label: str) -> None:
        """A label key: label the selected text, else relabel the selected span."""
        s = self.session
        selection = self.view.selection_range()
        if selection is not None and selection[1] > selection[0]:
            if self.overlaps.create(selection[0], selection[1], label) is not None:
                cursor = self.view.textCursor()
                cursor.clearSelection()
                self.view.setTextCursor(cursor)
        elif s.selected is not None:
            s.relabel(s.selected, label)
        else:
            s.message.emit("Select some text first, or click a span")

    def delete_selected(self) -> None:
        if self.relations.selected is not None:
            self.relations.delete_selected()
        elif self.session.selected is not None:
            self.relations.delete_span(self.session.selected)

    def confirm_selected(self) -> None:
        if self.session.selected is not None:
            self.session.confirm(self.session.selected)

    def move_boundary(self, edge: str, step: int) -> None:
        if self.session.selected is not None:
            self.session.move_boundary(self.session.selected, edge, step)

    # -- the session's signals -----------------------------------------------
    def _refill_list(self) -> None:
        """The span list anew (cheap: rows are formatted only when painted)."""
        if self.span_list is not None:
            s = self.session
            self.span_list.set_spans(s.sorted_spans(), s.doc.text, s.scheme)
            self.span_list.show_selected(s.selected)

    def _document_opened(self, _doc_id: int) -> None:
        s = self.session
        self.view.set_content(s.doc.text, s.sorted_spans())
        self._refill_list()
        if self.span_list is not None:  # a new document is read from its top
            self.span_list.scrollToTop()
        self.inspector.show_span(None, None, "", [])
        self._show_answers()

    def _spans_changed(self, added: list[int], removed: list[int]) -> None:
        s = self.session
        self.view.apply_changes([s.spans[i] for i in added if i in s.spans], removed)
        self._refill_list()

    def _span_updated(self, span_id: int) -> None:
        s = self.session
        span = s.spans[span_id]
        self.view.apply_changes([span])
        self._refill_list()
        shown = self.inspector.span
        if shown is not None and shown.id == span_id and shown.label != span.label:
            self._selection_changed(span_id)  # another label: its own fields
        else:
            self.inspector.update_span(span, s.span_text(span))
        self.completions.learn(span)
        if s.selected is not None:
            self._show_links()

    def _spans_reset(self) -> None:
        s = self.session
        self.view.set_spans(s.sorted_spans())
        self._refill_list()
        self._selection_changed(-1 if s.selected is None else s.selected)

    def _edit_refused(self) -> None:
        """An edit was not made (the store refused it): a field typed into
        goes back to what is on disk, so nothing unsaved stays on screen."""
        s = self.session
        if s.selected is not None and s.selected in s.spans:
            self.inspector.update_span(s.spans[s.selected], s.span_text(s.spans[s.selected]))
        self._show_answers()

    def _selection_changed(self, span_id: int) -> None:
        s = self.session
        span = s.spans.get(span_id) if span_id >= 0 else None
        self.view.set_selected(span.id if span else None)
        if self.span_list is not None:
            self.span_list.show_selected(span.id if span else None)
        label = s.label(span.label) if span else None
        self.inspector.show_span(span, label, s.span_text(span) if span else "", s.doc_actors())
        if span is not None:
            self._show_links()

    def _show_answers(self) -> None:
        answers = self.session.answers
        self.categories.show_answers(answers.values, answers.origins)

    def _links_changed(self, _span_id: int) -> None:
        if self.session.selected is not None:
            self._show_links()

    def _show_links(self) -> None:
        """The selected span's links in the inspector: each relation its
        label may start (linked span, or how to link), then those it ends."""
        s = self.session
        span = s.spans.get(s.selected) if s.selected is not None else None
        if span is None:
            self.inspector.show_links([])
            return
        found = holder.links(s, span.id)
        rows: list[LinkRow] = []
        for kind in s.scheme.relations:
            if span.label not in kind.heads:
                continue
            linked = [i for r, way, i in found if way == "out" and r.label == kind.name]
            rows += [(kind.name.capitalize(), self._mention(i), i) for i in linked]
            if not linked:
                rows.append((kind.name.capitalize(), f"none: press {kind.key.upper()}", None))
        followed = s.holders.followed.get(span.label)
        if followed is not None:  # a holder typed by hand that the link does not give
            relation, attribute = followed
            names = [self._name(i) for r, way, i in found if way == "out" and r.label == relation]
            typed = span.attrs.get(attribute)
            if names and typed and str(typed) != names[0]:
                rows.append(
                    ("", f"{attribute} {typed!r} is not the {relation} link's {names[0]}", None)
                )
        incoming = [(r, i) for r, way, i in found if way == "in"]
        rows += [(f"{r.label.capitalize()} of", self._mention(i), i) for r, i in incoming]
        self.inspector.show_links(rows)

    def _name(self, span_id: int) -> str:
        span = self.session.spans[span_id]
        return holder.actor_name(span, self.session.span_text(span))

    def _mention(self, span_id: int) -> str:
        """A linked span as its button reads: “text” · canonical."""
        s = self.session
        span = s.spans[span_id]
        text = s.span_text(span)
        shown = f"“{text if len(text) <= 60 else text[:57] + '…'}”"
        canonical = span.attrs.get("canonical")
        return f"{shown} · {canonical}" if canonical and canonical != text else shown
