"""Relation arcs over the article view: room above the lines, painting, hit tests.

``QPlainTextEdit`` lays each paragraph out with its lines packed tight, and
its layout ignores a block format's line height. ``ArcLayer`` gives the
view a document layout (``QPlainTextDocumentLayout``'s public subclassing
point, ``blockBoundingRect``) that, after Qt has broken a paragraph into
lines, moves each line down by the room its arcs need (``arcs.stack_line``);
lines without arcs keep their place. Scrolling, hit tests and the cursor
all read the lines' positions, so they follow.

Like the spans, arcs are computed per paragraph and only when Qt lays that
paragraph out (what is on screen), so a 20,000-word article with 1,000
relations opens without placing them all, and an edit re-places only the
paragraphs of the arcs it touches.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
    QTextBlock,
    QTextDocument,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextDocumentLayout

from annotator.core.scheme import Scheme
from annotator.core.types import Span

from . import colors
from .arcs import NO_ARCS, LineArcs, Piece, Placed, stack_line
from .textview import SpanTextView

PREVIEW = -1  # the key of the arc shown while a relation is being made
_LABEL_PAD = 6.0


@dataclass(frozen=True, slots=True)
class Arc:
    """A relation as the view draws it: its two spans (as they are now)."""

    key: int
    head: Span
    child: Span
    label: str
    origin: str = "human"


class _SpacedLayout(QPlainTextDocumentLayout):
    """Qt's plain-text layout, then each line moved down by its arcs' room."""

    def __init__(self, document: QTextDocument, layer: ArcLayer) -> None:
        super().__init__(document)
        self._layer = layer

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)  # lays the block out if it is not
        if self._layer.space_lines(block):
            rect = super().blockBoundingRect(block)
        return rect


class ArcLayer(QObject):
    """The arcs of one ``SpanTextView``: set them, change some, paint, hit-test."""

    def __init__(self, view: SpanTextView, scheme: Scheme) -> None:
        super().__init__(view)
        self.view = view
        self.scheme = scheme
        self.selected: int | None = None
        # a Ctrl+drag's rubber band (viewport points): a plain line, so the
        # text does not move under the mouse as an arc's room would make it
        self.drag_line: tuple[QPointF, QPointF, str] | None = None
        self._arcs: dict[int, Arc] = {}
        self._arc_blocks: dict[int, tuple[int, int]] = {}  # key -> (head's, child's paragraph)
        self._in_block: dict[int, set[int]] = {}
        self._cache: dict[int, tuple[tuple, list[LineArcs]]] = {}
        self._widths: dict[str, float] = {}
        self._measure()
        self._install()
        view.overlay = self

    def _measure(self) -> None:
        """The labels' font, a little smaller than the text's."""
        self.font = QFont(self.view.font())
        self.font.setPointSizeF(max(7.5, self.view.font().pointSizeF() * 0.72))
        self._metrics = QFontMetricsF(self.font)
        self._widths.clear()

    def follow_font(self) -> None:
        """The text was zoomed: labels measured and the lines' room laid out anew."""
        self._measure()
        self._relayout(None)

    def _install(self) -> None:
        """A new document with the spaced layout (a view keeps the layout of
        the document it is given; it must be set before any text)."""
        old = self.view.document()
        document = QTextDocument(self.view)
        self._layout = _SpacedLayout(document, self)
        document.setDocumentLayout(self._layout)
        document.setDocumentMargin(old.documentMargin())
        document.setDefaultFont(old.defaultFont())
        self.view.setDocument(document)

    # -- content -------------------------------------------------------------
    def set_arcs(self, arcs: Iterable[Arc]) -> None:
        """Replace every arc (a document was opened)."""
        self._arcs = {}
        self._arc_blocks.clear()
        self._in_block.clear()
        self._cache.clear()
        self.selected = None
        self._update(arcs, (), set())
        self._relayout(None)

    def apply_changes(self, changed: Iterable[Arc], removed: Iterable[int] = ()) -> None:
        """Add or update some arcs (a span moved: its arcs with it) and drop others."""
        dirty: set[int] = set()
        self._update(changed, removed, dirty)
        self._relayout(dirty)

    def set_selected(self, key: int | None) -> None:
        if key == self.selected:
            return
        self.selected = key
        self.view.viewport().update()

    def set_drag_line(self, line: tuple[QPointF, QPointF, str] | None) -> None:
        """(from, to, the relation it would make) of a drag, or None."""
        self.drag_line = line
        self.view.viewport().update()

    def arc(self, key: int) -> Arc | None:
        return self._arcs.get(key)

    def keys(self) -> list[int]:
        return list(self._arcs)

    def _update(self, changed: Iterable[Arc], removed: Iterable[int], dirty: set[int]) -> None:
        for key in removed:
            self._arcs.pop(key, None)
            dirty.update(self._forget(key))
        for arc in changed:
            dirty.update(self._forget(arc.key))
            self._arcs[arc.key] = arc
            blocks = (self._block_of(arc.head), self._block_of(arc.child))
            self._arc_blocks[arc.key] = blocks
            for number in blocks:
                self._in_block.setdefault(number, set()).add(arc.key)
                dirty.add(number)

    def _forget(self, key: int) -> tuple[int, ...]:
        blocks = self._arc_blocks.pop(key, ())
        for number in blocks:
            self._in_block.get(number, set()).discard(key)
        if key == self.selected:
            self.selected = None
        return blocks

    def _block_of(self, span: Span) -> int:
        position = self.view.offsets.to_qt(span.start)
        return self.view.document().findBlock(position).blockNumber()

    def _relayout(self, blocks: set[int] | None) -> None:
        """Lay the paragraphs out again (all when ``blocks`` is None or many)."""
        document = self.view.document()
        if blocks is None or len(blocks) > 16:
            self._cache.clear()
            document.markContentsDirty(0, document.characterCount())
        else:
            for number in sorted(blocks):
                self._cache.pop(number, None)
                block = document.findBlockByNumber(number)
                if block.isValid():
                    document.markContentsDirty(block.position(), block.length())
        self.view.viewport().update()  # paragraphs below a taller one move too

    # -- the lines' room -----------------------------------------------------
    def space_lines(self, block: QTextBlock) -> bool:
        """Move the paragraph's lines down by their arcs' room; True when moved."""
        number = block.blockNumber()
        if number not in self._in_block or not self._in_block[number]:
            return False
        layout = block.layout()
        lines = self.block_arcs(block)
        y, moved = 0.0, False
        for i, arcs in enumerate(lines):
            line = layout.lineAt(i)
            y += arcs.height
            if line.y() != y:
                line.setPosition(QPointF(line.x(), y))
                moved = True
            y += line.height()
            if line.leading() < 0:  # as QPlainTextDocumentLayout counts it
                y += math.ceil(line.leading())
        return moved

    def block_arcs(self, block: QTextBlock) -> list[LineArcs]:
        """Each line's placed arcs (cached until the paragraph's lines change)."""
        layout = block.layout()
        count = layout.lineCount()
        lines = [layout.lineAt(i) for i in range(count)]
        signature = tuple((ln.textStart(), ln.width()) for ln in lines)
        number = block.blockNumber()
        cached = self._cache.get(number)
        if cached is not None and cached[0] == signature:
            return cached[1]
        pieces: list[list[Piece]] = [[] for _ in lines]
        for key in sorted(self._in_block.get(number, ())):
            self._pieces(self._arcs[key], block, lines, pieces)
        placed = [
            stack_line(p, ln.x(), ln.x() + ln.width()) if p else NO_ARCS
            for p, ln in zip(pieces, lines, strict=True)
        ]
        self._cache[number] = (signature, placed)
        return placed

    def _pieces(
        self, arc: Arc, block: QTextBlock, lines: list[QTextLine], out: list[list[Piece]]
    ) -> None:
        number = block.blockNumber()
        head_block, child_block = self._arc_blocks[arc.key]
        width = self.label_width(arc.label)
        forward = (arc.child.start, arc.child.end) >= (arc.head.start, arc.head.end)
        head = self._anchor(block, lines, arc.head) if head_block == number else None
        child = self._anchor(block, lines, arc.child) if child_block == number else None
        if head and child and head[0] == child[0]:
            out[head[0]].append(Piece(arc.key, head[1], child[1], width))
            return
        if head:
            line = lines[head[0]]
            edge = line.x() + line.width() if forward else line.x()
            out[head[0]].append(Piece(arc.key, head[1], edge, width, child_end=False))
        if child:
            line = lines[child[0]]
            edge = line.x() if forward else line.x() + line.width()
            out[child[0]].append(Piece(arc.key, edge, child[1], width, head_end=False))

    def _anchor(
        self, block: QTextBlock, lines: list[QTextLine], span: Span
    ) -> tuple[int, float] | None:
        """(line, x) of a span's end of an arc: the middle of its part on its first line."""
        base = block.position()
        start = self.view.offsets.to_qt(span.start) - base
        end = self.view.offsets.to_qt(span.end) - base
        for i, line in enumerate(lines):
            line_end = line.textStart() + line.textLength()
            if line.textStart() <= start < line_end or i == len(lines) - 1:
                x0 = _x(line, start)
                x1 = _x(line, min(end, line_end))
                return i, (x0 + x1) / 2
        return None

    def label_width(self, label: str) -> float:
        width = self._widths.get(label)
        if width is None:
            width = self._widths[label] = self._metrics.horizontalAdvance(label) + _LABEL_PAD
        return width

    # -- geometry on screen --------------------------------------------------
    def _visible(self, bottom: float) -> Iterable[tuple[QTextBlock, float, list[LineArcs]]]:
        """(paragraph, its top in the viewport, its lines' arcs) down to ``bottom``."""
        view = self.view
        block = view.firstVisibleBlock()
        top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
        while block.isValid() and top <= bottom:
            height = view.blockBoundingRect(block).height()
            if block.isVisible() and self._in_block.get(block.blockNumber()):
                yield block, top, self.block_arcs(block)
            top += height
            block = block.next()

    def label_rects(self) -> list[tuple[int, QRectF]]:
        """Every arc label's box in document pixels, each paragraph laid out
        (what the geometry test checks: no two overlap)."""
        result = []
        block = self.view.document().begin()
        top = 0.0
        while block.isValid():
            height = self._layout.blockBoundingRect(block).height()
            if self._in_block.get(block.blockNumber()):
                for i, line_arcs in enumerate(self.block_arcs(block)):
                    text_top = top + block.layout().lineAt(i).y()
                    for placed in line_arcs.placed:
                        result.append((placed.piece.key, _rect(placed, text_top, 0.0)))
            top += height
            block = block.next()
        return result

    def visible_label_rects(self) -> list[tuple[int, QRectF]]:
        """The labels on screen, in viewport pixels (where a click selects)."""
        offset_x = self.view.contentOffset().x()
        return [
            (placed.piece.key, _rect(placed, top + block.layout().lineAt(i).y(), offset_x))
            for block, top, lines in self._visible(self.view.viewport().height())
            for i, line_arcs in enumerate(lines)
            for placed in line_arcs.placed
        ]

    def pen_style(self, key: int) -> Qt.PenStyle:
        """Solid for a confirmed relation, dashed for a suggestion or the preview."""
        return self._pen(self._arcs[key], self.view.palette()).style()

    def arc_at(self, point: QPointF) -> int | None:
        """The arc under a viewport point: its label, or its line within 4 px."""
        offset_x = self.view.contentOffset().x()
        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        for block, top, lines in self._visible(point.y() + 200):
            layout = block.layout()
            for i, line_arcs in enumerate(lines):
                text_top = top + layout.lineAt(i).y()
                for placed in line_arcs.placed:
                    if placed.piece.key == PREVIEW:
                        continue
                    if _rect(placed, text_top, offset_x).adjusted(-2, -2, 2, 2).contains(point):
                        return placed.piece.key
                    if stroker.createStroke(_path(placed, text_top, offset_x)).contains(point):
                        return placed.piece.key
        return None

    # -- painting ------------------------------------------------------------
    def paint(self, rect: QRectF) -> None:
        """Draw the arcs over the text (the view calls this after its own paint)."""
        if not self._arcs and self.drag_line is None:
            return
        painter = QPainter(self.view.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font)
        palette = self.view.palette()
        offset_x = self.view.contentOffset().x()
        labels = []
        for block, top, lines in self._visible(rect.bottom() + 1):
            layout = block.layout()
            for i, line_arcs in enumerate(lines):
                text_top = top + layout.lineAt(i).y()
                for placed in line_arcs.placed:
                    arc = self._arcs[placed.piece.key]
                    pen = self._pen(arc, palette)
                    painter.setPen(pen)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawPath(_path(placed, text_top, offset_x))
                    if placed.piece.child_end:
                        _arrow(painter, pen.color(), placed.piece.end + offset_x, text_top)
                    labels.append((arc, _rect(placed, text_top, offset_x)))
        for arc, box in labels:  # over every line, so a leg never crosses a label
            self._paint_label(painter, arc, box, palette)
        if self.drag_line is not None:
            start, end, label = self.drag_line
            kind = self.scheme.relation(label)
            pen = QPen(colors.line_color(kind.color if kind else "#777777", palette), 1.6)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(start, end)
            _arrow(painter, pen.color(), end.x(), end.y())
        painter.end()

    def _color(self, arc: Arc, palette: QPalette) -> QColor:
        kind = self.scheme.relation(arc.label)
        return colors.line_color(kind.color if kind else "#777777", palette)

    def _pen(self, arc: Arc, palette: QPalette) -> QPen:
        selected = arc.key == self.selected
        pen = QPen(self._color(arc, palette), 2.4 if selected else 1.3)
        if arc.origin != "human" or arc.key == PREVIEW:
            pen.setStyle(Qt.PenStyle.DashLine)
        return pen

    def _paint_label(self, painter: QPainter, arc: Arc, box: QRectF, palette: QPalette) -> None:
        kind = self.scheme.relation(arc.label)
        hexcolor = kind.color if kind else "#777777"
        suggested = arc.origin != "human" or arc.key == PREVIEW
        if arc.key == self.selected:
            background = colors.selected_fill(hexcolor, palette)
        else:
            background = colors.fill(hexcolor, palette, "suggested" if suggested else "confirmed")
        pen = self._pen(arc, palette)
        pen.setWidthF(1.0)
        painter.setPen(pen)
        painter.setBrush(background)
        painter.drawRoundedRect(box, 3, 3)
        text = colors.readable_text(background, palette.color(QPalette.ColorRole.Text))
        painter.setPen(text)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, arc.label)


def _x(line: QTextLine, position: int) -> float:
    found = line.cursorToX(position)
    return float(found[0] if isinstance(found, tuple) else found)


def _rect(placed: Placed, text_top: float, offset_x: float) -> QRectF:
    box = placed.label
    return QRectF(box.x + offset_x, text_top - box.y, box.width, box.height)


def _path(placed: Placed, text_top: float, offset_x: float) -> QPainterPath:
    """Up from the head, along the level, down onto the child (no leg at a line's edge)."""
    piece = placed.piece
    level_y = text_top - placed.rise
    x0, x1 = piece.start + offset_x, piece.end + offset_x
    path = QPainterPath()
    if piece.head_end:
        path.moveTo(x0, text_top)
        path.lineTo(x0, level_y)
    else:
        path.moveTo(x0, level_y)
    path.lineTo(x1, level_y)
    if piece.child_end:
        path.lineTo(x1, text_top - 1)
    return path


def _arrow(painter: QPainter, color: QColor, x: float, text_top: float) -> None:
    """A small head pointing down onto the child span."""
    path = QPainterPath()
    path.moveTo(x, text_top)
    path.lineTo(x - 3.5, text_top - 6)
    path.lineTo(x + 3.5, text_top - 6)
    path.closeSubpath()
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPath(path)
    painter.restore()
