"""The article view: plain text with spans drawn over it.

The text goes in with ``setPlainText`` only, so ``<b>`` or ``&amp;`` in an
article shows as those characters, never as markup. Spans are drawn as
format ranges on each paragraph's ``QTextLayout`` (what QSyntaxHighlighter
does underneath, without its re-highlighting): nothing is written into the
document, overlapping spans layer (clauses such as STANCE below, entities
above, the selected span on top), and an edit re-formats only the
paragraphs it touches. No per-span text cursors: a 20,000-word article with
2,000 spans opens in tens of milliseconds and an edit redraws in a few.

The widget knows nothing of the store. ``interactive=False`` gives the
read-only view the review mode uses to draw any list of spans.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Protocol

from PySide6.QtCore import SIGNAL, QEvent, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QPalette,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLayout,
    QWheelEvent,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.core.scheme import Scheme
from annotator.core.types import Span

from . import colors
from .offsets import OffsetMap, display_text, trim_space

SPAN_ID = 0x100100  # QTextFormat.UserProperty + n: the span a format range draws
UNSAVED = 0x100101  # set on the format of a span whose edit is not written yet
UNSAVED_COLOR = "#c0392b"  # the pending mark: the status bar's "not saved yet" colour
ZOOM_RANGE = (-4, 16)  # points from the starting size: 7 pt to 27 pt at 11 pt
_MODS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class Overlay(Protocol):
    """What draws over the text after it (the relation arcs, arcview.py)."""

    def paint(self, rect: QRectF) -> None: ...

    def follow_font(self) -> None:
        """The view's font changed (zoom): what it draws is measured anew."""


class SpanTextView(QPlainTextEdit):
    labelKeyPressed = Signal(str)  # a label's key or mnemonic was pressed
    deleteRequested = Signal()
    confirmRequested = Signal()
    boundaryRequested = Signal(str, int)  # "start"/"end", -1/+1 token
    navigateRequested = Signal(int)  # PageUp/PageDown: -1/+1 document
    spanClicked = Signal(int)  # span id, -1 for a click outside spans
    zoomRequested = Signal(int)  # Ctrl+wheel: steps in (+) or out (-)

    def __init__(self, parent: QWidget | None = None, interactive: bool = True):
        super().__init__(parent)
        self.interactive = interactive
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setCursorWidth(2)
        font = QFont(self.font())
        font.setPointSizeF(max(11.0, font.pointSizeF() * 1.1))
        self.setFont(font)
        self._base_size = font.pointSizeF()
        self.zoom = 0  # points above (below) the starting size: View ▸ Zoom
        self.document().setDocumentMargin(14)
        self.setObjectName("articleView")
        self.scheme: Scheme | None = None
        self.snapper: Callable[[int, int], tuple[int, int]] | None = None
        self._map = OffsetMap("")
        self._text = ""
        self._spans: dict[int, Span] = {}
        self._selected: int | None = None
        self._unsaved: set[int] = set()  # spans drawn marked as not saved yet
        self._block_starts: list[int] = []  # UTF-16 position of each paragraph
        self._blocks: list[QTextBlock] = []
        self._in_block: dict[int, set[int]] = {}  # paragraph -> span ids drawn there
        self._span_blocks: dict[int, tuple[int, ...]] = {}  # span id -> paragraphs
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._keys: dict[str, str] = {}
        self._clause_labels: set[str] = set()
        self.overlay: Overlay | None = None

    def set_zoom(self, step: int) -> int:
        """The article's font ``step`` points from its starting size (clamped
        to ``ZOOM_RANGE``); the overlay's arcs and labels follow. Returns the
        step taken."""
        step = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], step))
        font = QFont(self.font())
        font.setPointSizeF(self._base_size + step)
        self.setFont(font)
        self.zoom = step
        if self.overlay is not None:
            self.overlay.follow_font()
        return step

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel asks for View ▸ Zoom's steps where a window zooms this
        view (zoom.py): Qt's own zoom of a read-only view would leave the
        arcs and the remembered size behind. Elsewhere (the review's gold
        pane) Qt's own stays."""
        zooming = self.receivers(SIGNAL("zoomRequested(int)")) > 0
        if zooming and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() // 120
            if steps:
                self.zoomRequested.emit(steps)
            event.accept()
            return
        super().wheelEvent(event)

    # -- content ---------------------------------------------------------
    def set_scheme(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self._keys = {}
        for label in scheme.labels:
            self._keys[label.key.lower()] = label.name
            if label.mnemonic:
                self._keys[label.mnemonic.lower()] = label.name
        self._clause_labels = {lab.name for lab in scheme.labels if lab.span_key is not None}
        self._formats.clear()

    def set_content(self, text: str, spans: Iterable[Span], selected: int | None = None) -> None:
        """Show a text and its spans (span ids must be unique and not None)."""
        self._map = OffsetMap(text)
        self._text = text
        self._selected = selected
        self._unsaved = set()
        self.setPlainText(display_text(text))
        self._index_blocks()
        self._spans = {}
        self._in_block.clear()
        self._span_blocks.clear()
        self._update(spans, (), set())

    def set_spans(self, spans: Iterable[Span]) -> None:
        """Replace every span drawn (the text stays)."""
        old = set(self._in_block)
        self._spans = {}
        self._in_block.clear()
        self._span_blocks.clear()
        self._update(spans, (), old)

    def apply_changes(self, changed: Iterable[Span], removed: Iterable[int] = ()) -> None:
        """Add or update some spans and drop others; only their paragraphs redraw."""
        self._update(changed, removed, set())

    def set_selected(self, span_id: int | None) -> None:
        if span_id == self._selected:
            return
        dirty = set(self._span_blocks.get(self._selected, ()))
        dirty |= set(self._span_blocks.get(span_id, ()))
        self._selected = span_id
        self._format_blocks(dirty)
        span = self._spans.get(span_id) if span_id is not None else None
        if span is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._map.to_qt(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def set_unsaved(self, span_ids: set[int]) -> None:
        """Mark the spans whose edits are not written yet (pending): a wavy
        red outline under their usual look, gone when they are saved."""
        if span_ids == self._unsaved:
            return
        dirty: set[int] = set()
        for span_id in span_ids ^ self._unsaved:
            dirty |= set(self._span_blocks.get(span_id, ()))
        self._unsaved = set(span_ids)
        self._format_blocks(dirty)

    def drawn_unsaved(self) -> set[int]:
        """Ids of the spans drawn with the pending mark, read back from the
        paragraphs' layouts (tests)."""
        return {
            fr.format.property(SPAN_ID)
            for block in self._blocks
            for fr in block.layout().formats()
            if fr.format.property(UNSAVED)
        }

    def drawn(self) -> list[tuple[int, int, str, str]]:
        """(start, end, label, origin) of every span as drawn, read back from
        the paragraphs' layouts and mapped to code points (tests, review)."""
        pieces: dict[int, list[int]] = {}
        for number, block in enumerate(self._blocks):
            base = self._block_starts[number]
            for fr in block.layout().formats():
                span_id = fr.format.property(SPAN_ID)
                if span_id is None:
                    continue
                start, end = base + fr.start, base + fr.start + fr.length
                if span_id in pieces:
                    pieces[span_id][0] = min(pieces[span_id][0], start)
                    pieces[span_id][1] = max(pieces[span_id][1], end)
                else:
                    pieces[span_id] = [start, end]
        result = []
        for span_id, (start, end) in pieces.items():
            span = self._spans[span_id]
            result.append((self._map.to_py(start), self._map.to_py(end), span.label, span.origin))
        return sorted(result)

    @property
    def offsets(self) -> OffsetMap:
        return self._map

    def selection_range(self) -> tuple[int, int] | None:
        """The selected text as code-point offsets, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._map.range_to_py(cursor.selectionStart(), cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        """Select [start, end) (code points) as if by mouse."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def span_at(self, offset: int) -> Span | None:
        """The innermost span at a code-point offset (entities before clauses)."""
        hits = [s for s in self._spans.values() if s.start <= offset < s.end]
        if not hits:
            hits = [s for s in self._spans.values() if s.start < offset <= s.end]
        if not hits:
            return None
        return min(hits, key=lambda s: (s.label in self._clause_labels, s.end - s.start))

    def find_text(self, text: str, backward: bool = False) -> bool:
        """Select the next occurrence of ``text`` (case-insensitive), wrapping."""
        if not text:
            return False
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        found = self.document().find(text, self.textCursor(), flags)
        if found.isNull():
            start = QTextCursor(self.document())
            if backward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = self.document().find(text, start, flags)
        if found.isNull():
            return False
        self.setTextCursor(found)
        self.ensureCursorVisible()
        return True

    # -- drawing ---------------------------------------------------------
    def _format(self, label: str, origin: str, selected: bool) -> QTextCharFormat:
        key = (label, origin, selected)
        fmt = self._formats.get(key)
        if fmt is not None:
            return fmt
        palette = self.palette()
        scheme_label = self.scheme.label(label) if self.scheme else None
        hexcolor = scheme_label.color if scheme_label else "#888888"
        clause = label in self._clause_labels
        text_color = palette.color(QPalette.ColorRole.Text)
        fmt = QTextCharFormat()
        line = colors.line_color(hexcolor, palette)
        if selected:
            background = colors.selected_fill(hexcolor, palette)
        elif clause:
            kind = "clause" if origin == "human" else "clause_suggested"
            background = colors.fill(hexcolor, palette, kind)
            style = (
                QTextCharFormat.UnderlineStyle.SingleUnderline
                if origin == "human"
                else QTextCharFormat.UnderlineStyle.DashUnderline
            )
            fmt.setUnderlineStyle(style)
            fmt.setUnderlineColor(line)
        elif origin == "human":
            background = colors.fill(hexcolor, palette, "confirmed")
        else:
            background = colors.fill(hexcolor, palette, "suggested")
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(line)
        fmt.setBackground(background)
        fmt.setForeground(colors.readable_text(background, text_color))
        self._formats[key] = fmt
        return fmt

    def _index_blocks(self) -> None:
        self._blocks, self._block_starts = [], []
        block = self.document().begin()
        while block.isValid():
            self._blocks.append(block)
            self._block_starts.append(block.position())
            block = block.next()

    def _blocks_of(self, start: int, end: int) -> tuple[int, ...]:
        """Paragraphs a UTF-16 range [start, end) touches."""
        first = max(0, bisect_right(self._block_starts, start) - 1)
        last = max(first, bisect_right(self._block_starts, max(start, end - 1)) - 1)
        return tuple(range(first, last + 1))

    def _update(self, changed: Iterable[Span], removed: Iterable[int], dirty: set[int]) -> None:
        for span_id in removed:
            self._spans.pop(span_id, None)
            for number in self._span_blocks.pop(span_id, ()):
                self._in_block.get(number, set()).discard(span_id)
                dirty.add(number)
        for span in changed:
            for number in self._span_blocks.pop(span.id, ()):
                self._in_block.get(number, set()).discard(span.id)
                dirty.add(number)
            self._spans[span.id] = span
            numbers = self._blocks_of(self._map.to_qt(span.start), self._map.to_qt(span.end))
            self._span_blocks[span.id] = numbers
            for number in numbers:
                self._in_block.setdefault(number, set()).add(span.id)
                dirty.add(number)
        self._format_blocks(dirty)

    def _format_blocks(self, numbers: Iterable[int]) -> None:
        """Give each paragraph the format ranges of its spans, bottom layer first."""
        document = self.document()
        for number in sorted(numbers):
            if not 0 <= number < len(self._blocks):
                continue
            block = self._blocks[number]
            base, length = self._block_starts[number], block.length()
            spans = [self._spans[i] for i in self._in_block.get(number, ())]
            spans.sort(key=self._layer)
            ranges = []
            for span in spans:
                start = max(self._map.to_qt(span.start) - base, 0)
                end = min(self._map.to_qt(span.end) - base, length - 1)
                if end <= start:
                    continue
                fr = QTextLayout.FormatRange()
                fr.start, fr.length = start, end - start
                fr.format = self._span_format(span)
                ranges.append(fr)
            block.layout().setFormats(ranges)
            document.markContentsDirty(base, length)

    def _layer(self, span: Span) -> tuple[int, int, int]:
        if span.id == self._selected:
            return (2, 0, 0)
        clause = span.label in self._clause_labels
        return (0 if clause else 1, span.start, -span.end)

    def _span_format(self, span: Span) -> QTextCharFormat:
        fmt = QTextCharFormat(self._format(span.label, span.origin, span.id == self._selected))
        fmt.setProperty(SPAN_ID, span.id)
        if span.id in self._unsaved:
            fmt.setProperty(UNSAVED, True)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor(UNSAVED_COLOR))
        return fmt

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._formats.clear()
            if self._spans:
                self._format_blocks(set(self._in_block))
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.overlay is not None:
            self.overlay.paint(QRectF(event.rect()))

    # -- input -----------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.interactive and self._handle_key(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        has_text = self.textCursor().hasSelection()
        if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and not (mods & _MODS):
            self.navigateRequested.emit(-1 if key == Qt.Key.Key_PageUp else 1)
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._selected is not None:
            self.deleteRequested.emit()
            return True
        if key == Qt.Key.Key_Escape:
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
            self.spanClicked.emit(-1)
            return True
        if (
            ctrl
            and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
            and self._selected is not None
            and not has_text
            and not (mods & Qt.KeyboardModifier.AltModifier)
        ):
            step = -1 if key == Qt.Key.Key_Left else 1
            self.boundaryRequested.emit("start" if shift else "end", step)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (mods & _MODS):
            if self._selected is not None:
                self.confirmRequested.emit()
                return True
            return False
        text = event.text().lower()
        if text and not (mods & _MODS) and text in self._keys:
            self.labelKeyPressed.emit(self._keys[text])
            return True
        return False

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cursor = self.textCursor()
        if cursor.hasSelection():
            if self.snapper is not None:
                start, end = self.selection_range()
                snapped = trim_space(self._text, *self.snapper(start, end))
                if snapped[1] > snapped[0]:
                    self.select_range(*snapped)
            return
        offset = self._map.to_py(self.cursorForPosition(event.position().toPoint()).position())
        span = self.span_at(offset)
        self.spanClicked.emit(span.id if span is not None else -1)
