"""``project.suggestions``: what a model proposes reaching annotators' sets.

A new set is seeded from the suggesting model's run on its document. A set
nobody has edited yet follows a newer run (another model chosen with
``models use``, or the same model run again) the next time it is opened; a
set with any human edit is never changed by a model: ``pull`` adds the
newest suggestions that do not collide with what the annotator made, as an
action the user takes (and can undo). Every change is logged with the model
and run it came from, so the window can say which model suggested what is on
screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.types import GOLD, AnnotationSet, Relation, Span

from .util import loads, now_iso

if TYPE_CHECKING:
    from .project import Project

# Events that leave a set as a model made it: creating it, following a
# newer run, and the note (which suggestions never touch).
_UNTOUCHED = ("set.create", "set.follow", "set.note")


@dataclass
class Seed:
    """Which run a set's suggestions came from."""

    model: str | None = None
    run: str | None = None


@dataclass
class Pulled:
    """What ``pull`` added to a set, for the message and for its undo."""

    span_ids: list[int] = field(default_factory=list)
    relation_ids: list[int] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)
    skipped: int = 0  # suggestions that collide with the annotator's spans
    model: str | None = None

    @property
    def added(self) -> int:
        return len(self.span_ids) + len(self.relation_ids) + len(self.categories)


class Suggestions:
    """Seeding, following and pulling suggestions."""

    def __init__(self, project: Project):
        self._project = project
        self._conn = project.db.conn
        self._followed: list[dict] = []  # what ``follow`` did since the caller last asked

    def take_followed(self) -> list[dict]:
        """The sets that followed a newer run since the last call (set id,
        model, the model before, spans): for the window to say so."""
        found, self._followed = self._followed, []
        return found

    def current(self, doc_id: int) -> Seed:
        """The run that suggests for a document now."""
        found = self._project.documents.prediction_model(doc_id)
        if found is None:
            return Seed()
        row = self._conn.execute(
            "SELECT created_at FROM prediction_runs WHERE document_id = ? AND model = ?",
            (doc_id, found[0]),
        ).fetchone()
        return Seed(found[0], row[0] if row else None)

    def seed(self, set_id: int, doc_id: int) -> tuple[Seed, int]:
        """Fill a new, empty set with the current suggestions, inside the
        caller's transaction; returns the run and how many spans."""
        spans, links, answers = self._project.documents.suggestions(doc_id)
        self._fill(set_id, spans, links, answers)
        return self.current(doc_id), len(spans)

    def seeded_by(self, set_id: int) -> Seed:
        """The run the set's suggestions came from, as its events recorded it."""
        row = self._conn.execute(
            "SELECT payload FROM events WHERE set_id = ? AND kind IN ('set.create', 'set.follow')"
            " ORDER BY id DESC LIMIT 1",
            (set_id,),
        ).fetchone()
        if row is None:
            return Seed()
        payload = loads(row[0])
        return Seed(payload.get("model"), payload.get("run"))

    def untouched(self, set_id: int) -> bool:
        """Whether nobody has edited the set (its spans are the model's)."""
        marks = ",".join("?" * len(_UNTOUCHED))
        row = self._conn.execute(
            f"SELECT 1 FROM events WHERE set_id = ? AND kind NOT IN ({marks}) LIMIT 1",
            (set_id, *_UNTOUCHED),
        ).fetchone()
        return row is None

    def follow(self, found: AnnotationSet) -> AnnotationSet | None:
        """Bring an untouched set up to the current run; returns the new set,
        or None when it is already there or has human edits."""
        if found.annotator == GOLD or found.status != "todo":
            return None
        now = self.current(found.document_id)
        before = self.seeded_by(found.id)
        if now.model is None or (now.model, now.run) == (before.model, before.run):
            return None
        if not self.untouched(found.id):
            return None
        spans, links, answers = self._project.documents.suggestions(found.document_id)
        payload = {"model": now.model, "run": now.run, "before": before.model, "spans": len(spans)}
        with self._project.transaction():
            self._conn.execute("DELETE FROM spans WHERE set_id = ?", (found.id,))
            self._conn.execute("DELETE FROM categories WHERE set_id = ?", (found.id,))
            self._fill(found.id, spans, links, answers)
            self._project.sets.log("set.follow", found.id, payload)
        self._followed.append({"set_id": found.id, **payload})
        return self._project.sets.get(found.id)

    def pull(self, set_id: int) -> Pulled:
        """Add the current suggestions that do not collide with the set's
        spans: same bounds and label, or overlapping a span stored alongside
        it (entity labels never overlap each other; a span key's labels are
        checked among themselves). One transaction, one event."""
        current = self._project.sets.get(set_id)
        spans, links, answers = self._project.documents.suggestions(current.document_id)
        scheme = self._project.scheme()

        def where(label: str) -> str | None:
            found = scheme.label(label)
            return found.span_key if found else None

        pulled = Pulled(model=self.current(current.document_id).model)
        kept = list(current.spans)
        fresh: list[Span] = []
        for span in spans:
            clash = any(
                s.key() == span.key()
                or (
                    where(s.label) == where(span.label)
                    and s.start < span.end
                    and span.start < s.end
                )
                for s in kept
            )
            if clash:
                pulled.skipped += 1
                continue
            fresh.append(span)
            kept.append(span)
        if not fresh and not links and not answers:
            return pulled
        with self._project.transaction():
            pulled.span_ids = self._project.sets.insert_spans(set_id, fresh, now_iso())
            present = {r.key() for r in current.relations}
            ids = self._project.relations.span_ids(set_id)
            usable = [
                r for r in links if r.key() not in present and r.head in ids and r.child in ids
            ]
            pulled.relation_ids = self._project.relations.insert(set_id, usable)
            for name, values in answers.items():
                if name not in current.categories:
                    self._project.categories.insert(set_id, name, values, origin="model")
                    pulled.categories[name] = values
            if pulled.added:
                self._project.sets.touch(set_id)
                self._project.sets.log(
                    "set.pull",
                    set_id,
                    {
                        "model": pulled.model,
                        "spans": pulled.span_ids,
                        "relations": pulled.relation_ids,
                        "categories": pulled.categories,
                        "skipped": pulled.skipped,
                    },
                )
        return pulled

    def undo_pull(self, set_id: int, pulled: Pulled) -> None:
        """Take back what ``pull`` added (what the annotator changed since stays)."""
        with self._project.transaction():
            for span_id in pulled.span_ids:
                self._conn.execute(
                    "DELETE FROM spans WHERE id = ? AND set_id = ? AND origin = 'model'",
                    (span_id, set_id),
                )
            for relation_id in pulled.relation_ids:
                self._conn.execute(
                    "DELETE FROM relations WHERE id = ? AND origin = 'model'", (relation_id,)
                )
            for name in pulled.categories:
                self._conn.execute(
                    "DELETE FROM categories WHERE set_id = ? AND name = ? AND origin = 'model'",
                    (set_id, name),
                )
            self._project.sets.log("set.unpull", set_id, {"spans": pulled.span_ids})

    def _fill(
        self,
        set_id: int,
        spans: list[Span],
        links: list[Relation],
        answers: dict[str, list[str]],
    ) -> None:
        self._project.sets.insert_spans(set_id, spans, now_iso())
        self._project.relations.insert(set_id, links)
        for name, values in answers.items():
            self._project.categories.insert(set_id, name, values, origin="model")
