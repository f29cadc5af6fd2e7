"""Where relation arcs go on a line of text: a pure function, no Qt.

Relations are drawn as brat and INCEpTION draw them: an arc over the line,
rising from the head span, running level, and coming down with an arrow
onto the child span, its label sitting on the level stretch. Several arcs
over one line are stacked in levels, the way brat reserves heights: arcs
are placed shortest first, and each goes one level above every arc already
placed whose reach (the arc and its label, plus a gap) it overlaps. So an
arc that spans another is drawn above it, two arcs at one level never
share an inch of it, and no two labels overlap: at one level their reaches
are apart, at two levels their heights are. The view leaves each line as
much room above it as its highest level needs (``LineArcs.height``).

An arc whose ends are on different lines is drawn as two pieces, as brat
does: on the head's line from the head to the line's edge in the child's
direction, and on the child's line from the edge to the child; each piece
carries the label, so either line says what it links.

Coordinates are the view's pixels; a label's ``y`` is measured upward from
the top of the line's text (level 1 sits just above it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LEVEL_HEIGHT = 15.0  # pixels between two levels of arcs
LABEL_HEIGHT = 13.0  # a label's box; less than a level, so levels never touch
GAP = 4.0  # space kept free beside a label and between two arcs' reaches
TOP_PAD = 3.0  # above the highest level, below the line before


@dataclass(frozen=True, slots=True)
class Piece:
    """One arc piece to place on a line.

    ``start`` is where it leaves (the head, or the line's edge for the
    second piece of a split arc), ``end`` where it arrives; ``head_end`` and
    ``child_end`` say which of the two are real span ends (an edge is not).
    """

    key: int  # the relation's id (negative for a preview)
    start: float
    end: float
    label_width: float
    head_end: bool = True
    child_end: bool = True


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float  # upward from the top of the line's text, to the box's top
    width: float
    height: float

    def overlaps(self, other: Rect) -> bool:
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y > other.y - other.height
            and other.y > self.y - self.height
        )


@dataclass(frozen=True, slots=True)
class Placed:
    """A piece with its level and its label's box."""

    piece: Piece
    level: int
    label: Rect

    @property
    def rise(self) -> float:
        """Height of the level stretch above the line's text (the label's middle)."""
        return self.label.y - self.label.height / 2


@dataclass(frozen=True, slots=True)
class LineArcs:
    placed: tuple[Placed, ...]
    levels: int

    @property
    def height(self) -> float:
        """Room the line needs above its text: nothing when it has no arcs."""
        return self.levels * LEVEL_HEIGHT + TOP_PAD if self.levels else 0.0


NO_ARCS = LineArcs((), 0)


def stack_line(pieces: Sequence[Piece], left: float, right: float) -> LineArcs:
    """Give each piece of one line a level and a label box (see the module's docstring).

    ``left`` and ``right`` bound the line: a label is kept inside them.
    """
    if not pieces:
        return NO_ARCS
    boxes = [_label_x(p, left, right) for p in pieces]
    reach = []
    for piece, x in zip(pieces, boxes, strict=True):
        lo = min(piece.start, piece.end, x - GAP)
        hi = max(piece.start, piece.end, x + piece.label_width + GAP)
        reach.append((lo, hi))
    order = sorted(range(len(pieces)), key=lambda i: (reach[i][1] - reach[i][0], reach[i][0], i))
    levels: list[int] = [0] * len(pieces)
    done: list[int] = []
    for i in order:
        lo, hi = reach[i]
        below = [levels[j] for j in done if reach[j][0] < hi and lo < reach[j][1]]
        levels[i] = 1 + max(below, default=0)
        done.append(i)
    placed = tuple(
        Placed(
            piece,
            levels[i],
            Rect(
                boxes[i],
                levels[i] * LEVEL_HEIGHT - (LEVEL_HEIGHT - LABEL_HEIGHT) / 2,
                pieces[i].label_width,
                LABEL_HEIGHT,
            ),
        )
        for i, piece in enumerate(pieces)
    )
    return LineArcs(placed, max(levels))


def _label_x(piece: Piece, left: float, right: float) -> float:
    """The label centred over the piece, moved inside the line when near an edge."""
    middle = (piece.start + piece.end) / 2
    x = middle - piece.label_width / 2
    return max(left, min(x, right - piece.label_width))
