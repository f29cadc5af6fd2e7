"""What a new span would do: where it goes, what it replaces, and how that is said.

Entities (ACTOR, FIGURE, DATE) never overlap (GUIDELINES), so a new entity
span replaces the entity spans it overlaps. ``plan`` works that out before
anything is written, so the window can ask first (overlaps.py), and
``replaced_message`` is what the command says on the status bar, so every
way of making a span says what it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.types import Span
from annotator.core.words import count

from .offsets import trim_space

if TYPE_CHECKING:
    from .session import Session


@dataclass(frozen=True)
class Plan:
    """Where a new span goes (snapped out to whole tokens) and what it replaces."""

    span: Span
    replaced: tuple[Span, ...] = ()
    existing: int | None = None  # the same span is already there: select it


def plan(session: Session, start: int, end: int, label: str) -> Plan | None:
    """What making ``label`` over [start, end) would do; None when nothing
    can be made (no document, an unknown label, no words selected: said)."""
    kind = session.scheme.label(label)
    if session.doc_id is None or kind is None:
        return None
    start, end = trim_space(session.doc.text, *session.tokens.snap(start, end))
    if end <= start:
        session.message.emit("select some words first")
        return None
    span = Span(start, end, label, {}, origin="human")
    for old in session.spans.values():
        if (old.start, old.end, old.label) == (start, end, label):
            return Plan(span, existing=old.id)
    if kind.span_key is not None:  # a clause (STANCE) overlaps whatever it likes
        return Plan(span)
    entity = set(session.scheme.entity_labels())
    replaced = tuple(
        s for s in session.sorted_spans() if s.label in entity and s.start < end and start < s.end
    )
    return Plan(span, replaced)


def named(session: Session, span: Span) -> str:
    """A span as a message names it: ACTOR “Iran”."""
    text = " ".join(session.span_text(span).split())
    return f"{span.label} “{text if len(text) <= 60 else text[:59] + '…'}”"


def replaced_message(session: Session, new: Span, replaced: list[Span], relations: int) -> str:
    """What a new span replaced, for the status bar (read before they go)."""
    names = ", ".join(named(session, s) for s in replaced)
    what = names if len(replaced) == 1 else f"{count(len(replaced), 'span')} ({names})"
    if relations:
        what += f" with {count(relations, 'relation')}"
    back = "it" if len(replaced) == 1 and not relations else "them"
    return f"{named(session, new)} replaced {what}; Ctrl+Z brings {back} back"
