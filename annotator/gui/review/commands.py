"""Adjudication as undoable commands on the gold session's undo stack.

They sit on the same ``QUndoStack`` as the main window's span commands
(``gui.commands``), which the reviewer also uses to edit gold by hand, so
Ctrl+Z walks back through adjudications and hand edits in the order they
were made. Each step is one store call (``project.gold.change``: one
transaction). Spans deleted and re-added get new ids; the session's alias
table maps old ids to new, exactly as the span commands do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from annotator.core.types import Span

from ..commands import SessionCommand

if TYPE_CHECKING:
    from annotator.core.store import GoldChange

    from ..session import Session


class GoldChangeCommand(SessionCommand):
    """Replace some gold spans by others (and record or drop a rejected range)."""

    def __init__(
        self,
        session: Session,
        text: str,
        remove: list[Span],
        add: list[Span],
        reject: list[tuple[int, int]] = (),
        unreject: list[tuple[int, int]] = (),
    ):
        super().__init__(session, text)
        self.remove = list(remove)  # gold spans as they were (ids resolved at run time)
        self.add = [replace(s, id=None, attrs=dict(s.attrs)) for s in add]
        self.reject, self.unreject = list(reject), list(unreject)
        self.added: list[Span] = []  # the spans ``add`` became, with their ids

    def _redo(self) -> None:
        s = self.session
        change = s.project.gold.change(
            self.doc_id,
            remove=[s.resolve(span.id) for span in self.remove],
            add=self.add,
            reject=self.reject,
            unreject=self.unreject,
        )
        for old, new in zip(self.added, change.added, strict=False):
            s.alias(s.resolve(old.id), new.id)  # a redo after an undo: new ids
        self.added = change.added
        s.spans_edited(
            self.set_id,
            added=change.added,
            removed=[span.id for span in change.removed],
            select=change.added[0].id if len(change.added) == 1 else None,
        )

    def _undo(self) -> None:
        s = self.session
        change = s.project.gold.change(
            self.doc_id,
            remove=[s.resolve(span.id) for span in self.added],
            add=self.remove,
            reject=self.unreject,
            unreject=self.reject,
        )
        for old, new in zip(self.remove, change.added, strict=True):
            s.alias(s.resolve(old.id), new.id)
        s.spans_edited(
            self.set_id, added=change.added, removed=[span.id for span in change.removed]
        )


def take_version(
    session: Session,
    annotator: str,
    version: Span | None,
    gold_members: list[Span],
    where: tuple[int, int],
    rejected: bool,
) -> GoldChangeCommand:
    """Gold takes ``annotator``'s version of a disagreement at ``where``.

    ``gold_members`` are the gold spans that stand for it now (replaced);
    when the annotator has no span there, the range is recorded as rejected
    so the disagreement counts as decided.
    """
    add = [] if version is None else [replace(version, origin="human")]
    return GoldChangeCommand(
        session,
        f"Take {annotator}'s version",
        remove=gold_members,
        add=add,
        reject=[where] if version is None and not rejected else [],
        unreject=[where] if version is not None and rejected else [],
    )


def agreed_to_gold(session: Session, spans: list[Span]) -> GoldChangeCommand:
    """Every span all annotators marked identically, into gold in one step."""
    add = [replace(s, origin="human") for s in spans]
    return GoldChangeCommand(session, f"Agreed spans to gold ({len(add)})", remove=[], add=add)


class AgreedEverywhere(SessionCommand):
    """The agreed spans of many documents into gold: one transaction, one
    undo step. Not tied to the open document: instead of reopening one it
    hands what changed to ``changed`` (document id -> ``GoldChange``)."""

    follows_document = False

    def __init__(
        self,
        session: Session,
        additions: dict[int, list[Span]],
        changed: Callable[[dict[int, GoldChange]], None],
    ):
        total = sum(len(v) for v in additions.values())
        super().__init__(session, f"Agreed spans of {len(additions)} documents to gold ({total})")
        self.changed = changed
        self.add = {
            d: [replace(s, id=None, origin="human", attrs=dict(s.attrs)) for s in spans]
            for d, spans in additions.items()
        }
        self.added: dict[int, list[Span]] = {}

    def _redo(self) -> None:
        s = self.session
        done = s.project.gold.change_many({d: ((), spans) for d, spans in self.add.items()})
        for d, change in done.items():
            for old, new in zip(self.added.get(d, []), change.added, strict=False):
                s.alias(s.resolve(old.id), new.id)
        if done:
            self.added = {d: change.added for d, change in done.items()}
            self.changed(done)

    def _undo(self) -> None:
        s = self.session
        done = s.project.gold.change_many(
            {d: ([s.resolve(x.id) for x in spans], ()) for d, spans in self.added.items()}
        )
        if done:
            self.changed(done)
