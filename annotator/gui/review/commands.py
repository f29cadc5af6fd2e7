"""Adjudication as undoable commands on the gold session's undo stack.

They sit on the same ``QUndoStack`` as the main window's span commands
(``gui.commands``), which the reviewer also uses to edit gold by hand, so
Ctrl+Z walks back through adjudications and hand edits in the order they
were made. Each step is one store call (``project.gold.change``: one
transaction); relations are put back by key and category answers to what
they were, so undo needs no relation ids. Spans deleted and re-added get
new ids; the session's alias table maps old ids to new, exactly as the
span commands do.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from typing import TYPE_CHECKING

from annotator.core.agreement.adjudication import (
    AgreedToGold,
    AnyDisagreement,
    DocumentState,
    link_members,
    members,
)
from annotator.core.agreement.links import CategoryDisagreement, RelationDisagreement
from annotator.core.types import Relation, Span

from ..commands import SessionCommand

if TYPE_CHECKING:
    from annotator.core.store import GoldChange

    from ..session import Session


class GoldChangeCommand(SessionCommand):
    """Replace some gold spans, relations and category answers by others (and
    record or drop a rejected decision). ``summary`` says what was done, for
    the status bar: a relation taken with end spans gold lacked says so."""

    def __init__(
        self,
        session: Session,
        text: str,
        remove: list[Span],
        add: list[Span],
        reject: list[tuple] = (),
        unreject: list[tuple] = (),
        unlink: list[Relation] = (),
        link: list[Relation] = (),
        categories: dict[str, list[str]] | None = None,
        summary: str = "",
    ):
        super().__init__(session, text)
        self.remove = list(remove)  # gold spans as they were (ids resolved at run time)
        self.add = [replace(s, id=None, attrs=dict(s.attrs)) for s in add]
        self.reject, self.unreject = list(reject), list(unreject)
        self.unlink, self.link = list(unlink), list(link)
        self.categories = dict(categories or {})
        self.summary = summary or text
        self.added: list[Span] = []  # the spans ``add`` became, with their ids
        self.change: GoldChange | None = None  # what the last redo did

    def _redo(self) -> None:
        s = self.session
        change = s.project.gold.change(
            self.doc_id,
            remove=[s.resolve(span.id) for span in self.remove],
            add=self.add,
            reject=self.reject,
            unreject=self.unreject,
            unlink=self.unlink,
            link=self.link,
            categories=self.categories or None,
        )
        for old, new in zip(self.added, change.added, strict=False):
            s.alias(s.resolve(old.id), new.id)  # a redo after an undo: new ids
        self.added, self.change = change.added, change
        s.spans_edited(
            self.set_id,
            added=change.added,
            removed=[span.id for span in change.removed],
            select=change.added[0].id if len(change.added) == 1 else None,
        )

    def _undo(self) -> None:
        s = self.session
        done = self.change
        change = s.project.gold.change(
            self.doc_id,
            remove=[s.resolve(span.id) for span in self.added],
            add=self.remove,
            reject=self.unreject,
            unreject=self.reject,
            unlink=done.linked if done else (),
            link=done.unlinked if done else (),
            categories=(done.categories if done else None) or None,
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
    """Gold takes ``annotator``'s version of a span disagreement at ``where``.

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
        summary=f"Gold took {annotator}'s version",
    )


def take_relation(
    session: Session,
    state: DocumentState,
    dis: RelationDisagreement,
    annotator: str,
    rejected: Collection[tuple],
) -> GoldChangeCommand:
    """Gold takes ``annotator``'s relations of a unit: gold's relations of the
    unit go, the annotator's come in, with the end spans gold lacks (the
    annotator's own, attributes and all), said in ``summary``."""
    gold_spans = {s.key() for s in session.spans.values()}
    theirs = {s.key(): s for s in state.sets.get(annotator, [])}
    ends: list[Span] = []
    for rel in dis.relations[annotator]:
        for key in (rel.head, rel.child):
            if key not in gold_spans and key in theirs:
                gold_spans.add(key)
                ends.append(replace(theirs[key], origin="human"))
    version = list(dis.relations[annotator])
    decided = dis.decision in rejected
    summary = f"Gold took {annotator}'s {dis.label}" + ("" if version else " (none here)")
    if ends:
        listed = ", ".join(f"{s.label} “{session.span_text(s)}”" for s in ends)
        summary += f", with its end span{'s' * (len(ends) > 1)} {listed} added to gold too"
    return GoldChangeCommand(
        session,
        f"Take {annotator}'s {dis.label}",
        remove=[],
        add=ends,
        reject=[dis.decision] if not version and not decided else [],
        unreject=[dis.decision] if version and decided else [],
        unlink=link_members(dis, state.gold),
        link=[replace(r, origin="human") for r in version],
        summary=summary,
    )


def take_category(
    session: Session,
    dis: CategoryDisagreement,
    annotator: str,
    rejected: Collection[tuple],
) -> GoldChangeCommand:
    """Gold answers a category as ``annotator`` did (no answer: recorded as decided)."""
    values = list(dis.values[annotator])
    decided = dis.decision in rejected
    shown = ", ".join(values) or "no answer"
    return GoldChangeCommand(
        session,
        f"Take {annotator}'s {dis.name}",
        remove=[],
        add=[],
        reject=[dis.decision] if not values and not decided else [],
        unreject=[dis.decision] if values and decided else [],
        categories={dis.name: values},
        summary=f"Gold took {annotator}'s {dis.name}: {shown}",
    )


def take(
    session: Session,
    state: DocumentState,
    dis: AnyDisagreement,
    annotator: str,
    rejected: Collection[tuple],
) -> GoldChangeCommand:
    """The command that makes gold take ``annotator``'s version of any kind
    of disagreement (span, relation unit, category): keys 1, 2, 3…"""
    if isinstance(dis, RelationDisagreement):
        return take_relation(session, state, dis, annotator, rejected)
    if isinstance(dis, CategoryDisagreement):
        return take_category(session, dis, annotator, rejected)
    gold = list(session.spans.values())
    return take_version(
        session,
        annotator,
        dis.spans[annotator],
        members(gold, dis, state.exclusive),
        (dis.start, dis.end),
        (dis.start, dis.end) in rejected,
    )


def agreed_to_gold(session: Session, agreed: AgreedToGold) -> GoldChangeCommand:
    """Everything all annotators agreed on that gold lacks (spans, relations,
    category answers), into gold in one step."""
    add = [replace(s, origin="human") for s in agreed.spans]
    return GoldChangeCommand(
        session,
        f"Agreed to gold ({agreed.summary()})",
        remove=[],
        add=add,
        link=[replace(r, origin="human") for r in agreed.relations],
        categories=agreed.categories,
        summary=f"Added to gold: {agreed.summary()}",
    )


class AgreedEverywhere(SessionCommand):
    """What everyone agreed on in many documents into gold: one transaction,
    one undo step. Not tied to the open document: instead of reopening one
    it hands what changed to ``changed`` (document id -> ``GoldChange``)."""

    follows_document = False

    def __init__(
        self,
        session: Session,
        additions: dict[int, AgreedToGold],
        changed: Callable[[dict[int, GoldChange]], None],
    ):
        total = sum(len(v.spans) for v in additions.values())
        super().__init__(session, f"Agreed spans of {len(additions)} documents to gold ({total})")
        self.changed = changed
        self.add = {
            d: {
                "add": [replace(s, id=None, origin="human", attrs=dict(s.attrs)) for s in a.spans],
                "link": [replace(r, origin="human") for r in a.relations],
                "categories": dict(a.categories) or None,
            }
            for d, a in additions.items()
        }
        self.done: dict[int, GoldChange] = {}

    def _redo(self) -> None:
        s = self.session
        done = s.project.gold.change_many(self.add)
        for d, change in done.items():
            previous = self.done.get(d)
            for old, new in zip(previous.added if previous else [], change.added, strict=False):
                s.alias(s.resolve(old.id), new.id)
        if done:
            self.done = done
            self.changed(done)

    def _undo(self) -> None:
        s = self.session
        done = s.project.gold.change_many(
            {
                d: {
                    "remove": [s.resolve(x.id) for x in change.added],
                    "unlink": change.linked,
                    "categories": change.categories or None,
                }
                for d, change in self.done.items()
            }
        )
        if done:
            self.changed(done)
