"""``project.assignments``: documents handed out to annotators, with overlap.

A lead hands each document to ``overlap`` annotators (``annotator assign``);
an annotator's **queue** is their assigned documents not yet done or
skipped, which the window lists and walks. How it deals:

* **Balanced.** Documents go in id order, each to the ``overlap`` team
  members with the fewest assignments so far (all of theirs, not only this
  run's), ties broken by a random draw: everyone ends within one document
  of everyone else, a newcomer catches up first, and pairs of annotators
  vary from document to document (agreement needs every pair to meet).
* **Reproducible.** The draws come from ``random.Random(seed)`` over the
  team in name order, so the same project, team, query and seed deal the
  same way, whatever order the names were given in.
* **Nothing silent.** A document that already has annotators keeps them;
  one with fewer than ``overlap`` is topped up. ``replace=True`` takes back
  the selected documents' assignments nobody has started and deals again
  (an annotator who has started or finished a document keeps it); ``clear``
  takes assignments back outright. Every assignment made or taken back is
  in the event log, per annotator, with its documents; sets are never
  touched, so work done stays.
"""

from __future__ import annotations

import difflib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.types import GOLD, STATUSES
from annotator.core.words import count

from .document_query import document_filter
from .util import CHUNK, now_iso

if TYPE_CHECKING:
    from .project import Project

PROGRESS_KEYS = ("assigned", *STATUSES)
_STARTED = "coalesce(s.status, 'todo') != 'todo'"
_SET_OF_ASSIGNMENT = (
    " LEFT JOIN annotation_sets s ON s.document_id = g.document_id"
    " AND s.annotator_id = g.annotator_id"
)


@dataclass
class AssignSummary:
    """What one ``assign`` did, for its message and ``--json``."""

    team: list[str]
    overlap: int
    seed: int
    query: str | None
    documents: int = 0  # selected by the query
    fresh: int = 0  # had no annotator before
    topped_up: int = 0  # had fewer than ``overlap``
    kept: int = 0  # had ``overlap`` or more: left as they were
    added: dict[str, int] = field(default_factory=dict)  # per annotator
    removed: dict[str, int] = field(default_factory=dict)  # by replace, per annotator
    kept_started: int = 0  # with replace: kept because their annotator started them
    new_annotators: list[str] = field(default_factory=list)
    lookalikes: dict[str, str] = field(default_factory=dict)  # new name -> existing name
    default_team: bool = False  # no names given: the project's annotators

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "overlap": self.overlap,
            "seed": self.seed,
            "query": self.query,
            "documents": self.documents,
            "fresh": self.fresh,
            "topped_up": self.topped_up,
            "kept": self.kept,
            "added": self.added,
            "removed": self.removed,
            "kept_started": self.kept_started,
            "new_annotators": self.new_annotators,
            "lookalikes": self.lookalikes,
            "default_team": self.default_team,
        }

    def lines(self) -> list[str]:
        """The summary: what was dealt, kept and taken back, in words."""
        where = f" matching {self.query!r}" if self.query else ""
        if not self.documents:
            return [f"no documents{where}: nothing assigned"]
        lines = []
        if self.default_team:
            lines.append(
                f"team: {', '.join(self.team)} (everyone with sets or assignments;"
                " --annotators names the team)"
            )
        if self.new_annotators:
            lines.append("new to this project: " + ", ".join(self.new_annotators))
        for name, like in sorted(self.lookalikes.items()):
            lines.append(
                f"{name!r} is close to {like!r}: if that is a typo,"
                f" `annotator assign --clear --annotators {name}` takes its assignments back"
            )
        if self.removed:
            started = (
                f"; kept {count(self.kept_started, 'assignment')} already started"
                if self.kept_started
                else ""
            )
            lines.append(
                f"replaced: took back {count(sum(self.removed.values()), 'assignment')}"
                f" nobody had started ({_per_name(self.removed)}), listed in the event log"
                f" (assignment.remove){started}"
            )
        dealt = self.fresh + self.topped_up
        if dealt:
            made = sum(self.added.values())
            how = [f"{self.fresh} new"] if self.fresh else []
            if self.topped_up:
                how.append(f"{self.topped_up} topped up to {self.overlap} annotators")
            lines.append(
                f"assigned {count(dealt, 'document')}{where} ({', '.join(how)}) with overlap"
                f" {self.overlap}, seed {self.seed}: {count(made, 'assignment')},"
                f" {_per_name(self.added)}"
            )
        else:
            lines.append(f"nothing newly assigned{where}")
        if self.kept:
            lines.append(
                f"{count(self.kept, 'document')} already had {self.overlap} or more annotators:"
                " kept as they were (--replace deals them again)"
            )
        return lines


def _least_loaded(
    team: list[str],
    ids: dict[str, int],
    holders: set[int],
    load: dict[str, int],
    need: int,
    rng: random.Random,
) -> list[str]:
    """``need`` team members not among ``holders`` with the fewest
    assignments; within the last load level reached, a seeded draw (the
    draws only where there is a tie: 100,000 documents deal in about a second)."""
    levels: dict[int, list[str]] = {}
    for name in team:
        if ids[name] not in holders:
            levels.setdefault(load[name], []).append(name)
    chosen: list[str] = []
    for level in sorted(levels):
        group, want = levels[level], need - len(chosen)
        if len(group) >= want:
            return chosen + rng.sample(group, want)
        chosen += group
    return chosen


def _per_name(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))


class Assignments:
    """The ``assignments`` table: (document, annotator) pairs a lead dealt."""

    def __init__(self, project: Project):
        self._project = project
        self._conn = project.db.conn

    # -- reading ---------------------------------------------------------
    def any(self) -> bool:
        """Whether the project has any assignment (``stats`` shows them then)."""
        return self._conn.execute("SELECT 1 FROM assignments LIMIT 1").fetchone() is not None

    def count(self, annotator: str) -> int:
        """How many documents are assigned to this annotator (an index look-up)."""
        return int(
            self._conn.execute(
                "SELECT count(*) FROM assignments WHERE annotator_id ="
                " (SELECT id FROM annotators WHERE name = ?)",
                (annotator,),
            ).fetchone()[0]
        )

    def of_annotator(self, annotator: str, unfinished: bool = False) -> list[int]:
        """The documents assigned to an annotator in id order; ``unfinished``:
        only those not done or skipped (their queue)."""
        sql = (
            "SELECT g.document_id FROM assignments g" + _SET_OF_ASSIGNMENT + " WHERE g.annotator_id"
            " = (SELECT id FROM annotators WHERE name = ?)"
        )
        if unfinished:
            sql += " AND coalesce(s.status, 'todo') IN ('todo', 'in_progress')"
        return [
            int(r[0]) for r in self._conn.execute(sql + " ORDER BY g.document_id", (annotator,))
        ]

    def progress(self) -> dict[str, dict[str, int]]:
        """Per annotator with assignments (by name): documents assigned, and of
        those how many their set has ``todo`` (none yet counts), ``in_progress``,
        ``done`` and ``skipped``. One grouped scan of the assignments."""
        result: dict[str, dict[str, int]] = {}
        rows = self._conn.execute(
            "SELECT a.name, coalesce(s.status, 'todo'), count(*) FROM assignments g"
            " JOIN annotators a ON a.id = g.annotator_id" + _SET_OF_ASSIGNMENT + " GROUP BY 1, 2"
        )
        for name, status, n in rows:
            counts = result.setdefault(name, dict.fromkeys(PROGRESS_KEYS, 0))
            counts[status] = n
            counts["assigned"] += n
        return dict(sorted(result.items()))

    def _working(self) -> list[str]:
        """Annotators with a set or an assignment, in name order."""
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT name FROM annotators a WHERE"
                " EXISTS (SELECT 1 FROM annotation_sets s WHERE s.annotator_id = a.id)"
                " OR EXISTS (SELECT 1 FROM assignments g WHERE g.annotator_id = a.id)"
                " ORDER BY name"
            )
        ]

    def select_documents(self, query: str | None) -> list[int]:
        """The ids a ``--documents`` query selects, in id order (document_query.py)."""
        where, args = document_filter(query)
        return [
            int(r[0])
            for r in self._conn.execute(f"SELECT d.id FROM documents d{where} ORDER BY d.id", args)
        ]

    # -- dealing ---------------------------------------------------------
    def team(self, names: Sequence[str] | None) -> tuple[list[str], list[str], dict[str, str]]:
        """(the team in name order, names new to the project, new name -> an
        existing one it looks like). No names: every annotator of the project
        with a set or an assignment, but gold and merge copies (``NAME@FILE``);
        a name whose assignments were all taken back (a typo) is not one. Refused in one line: an
        empty or repeated name, gold, a ``NAME@FILE`` copy, and a new name
        that differs from an existing one only in case (a typo, surely)."""
        known = self._project.sets.annotators()
        if not names:
            team = [n for n in self._working() if n != GOLD and "@" not in n]
            if not team:
                raise AnnotatorError(
                    "no annotators in this project yet: name them with --annotators a,b,c"
                )
            return team, [], {}
        cleaned = [n.strip() for n in names]
        for name in cleaned:
            if not name:
                raise AnnotatorError("--annotators: an empty name (a,b,c names three)")
            if cleaned.count(name) > 1:
                raise AnnotatorError(f"--annotators: {name!r} is named twice")
            if name == GOLD:
                raise AnnotatorError("--annotators: gold is the reviewer's set, not an annotator")
            if "@" in name:
                raise AnnotatorError(
                    f"--annotators: {name!r} is a merge's conflict copy (NAME@FILE), not a person"
                )
        new = [n for n in cleaned if n not in known]
        lookalikes: dict[str, str] = {}
        folded = {k.casefold(): k for k in known}
        for name in new:
            if name.casefold() in folded:
                raise AnnotatorError(
                    f"--annotators: {name!r} is not in this project; did you mean"
                    f" {folded[name.casefold()]!r}?"
                )
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
            if close:
                lookalikes[name] = close[0]
        return sorted(cleaned), sorted(new), lookalikes

    def assign(
        self,
        annotators: Sequence[str] | None,
        overlap: int,
        doc_ids: Sequence[int],
        seed: int = 0,
        replace: bool = False,
        query: str | None = None,
    ) -> AssignSummary:
        """Deal ``doc_ids`` to the team, ``overlap`` annotators each (see the
        module's docstring), in one transaction; ``query`` is only reported.
        ``replace`` first takes back the unstarted assignments of these
        documents. Returns what it did; raises one line on bad input, with
        nothing changed."""
        team, new, lookalikes = self.team(annotators)
        if not 1 <= overlap <= len(team):
            raise AnnotatorError(
                f"--overlap {overlap}: must be 1 to the team's size"
                f" ({count(len(team), 'annotator')}: {', '.join(team)})"
            )
        summary = AssignSummary(team, overlap, seed, query, documents=len(doc_ids))
        summary.new_annotators, summary.lookalikes = new, lookalikes
        summary.default_team = not annotators
        if not doc_ids:
            return summary
        with self._project.transaction():
            ids = {name: self._project.sets.ensure_annotator(name) for name in team}
            if replace:
                summary.removed, summary.kept_started = self._take_back_unstarted(doc_ids)
            dealt = self._deal(team, ids, overlap, doc_ids, seed, summary)
            stamp = now_iso()
            self._conn.executemany(
                "INSERT INTO assignments (document_id, annotator_id, assigned_at) VALUES (?, ?, ?)",
                ((doc_id, ids[name], stamp) for name, docs in dealt.items() for doc_id in docs),
            )
            for name, docs in dealt.items():
                self._project.log_event(
                    "assignment.add", {"documents": docs, "seed": seed}, annotator=name
                )
            self._project.log_event(
                "assignment.run",
                {k: v for k, v in summary.to_dict().items() if k != "lookalikes"},
            )
        return summary

    def _deal(
        self,
        team: list[str],
        ids: dict[str, int],
        overlap: int,
        doc_ids: Sequence[int],
        seed: int,
        summary: AssignSummary,
    ) -> dict[str, list[int]]:
        """Who gets which document: per document, the least loaded team
        members not on it yet, ties by a seeded draw. Fills the summary's
        counts; returns the new documents per annotator."""
        by_id = {i: name for name, i in ids.items()}
        load = dict.fromkeys(team, 0)
        for annotator_id, n in self._conn.execute(
            "SELECT annotator_id, count(*) FROM assignments GROUP BY annotator_id"
        ):
            if annotator_id in by_id:
                load[by_id[annotator_id]] = n
        existing = self._holders(doc_ids)
        rng = random.Random(seed)
        dealt: dict[str, list[int]] = {name: [] for name in team}
        for doc_id in sorted(doc_ids):
            holders = existing.get(doc_id, set())
            need = overlap - len(holders)
            if need <= 0:
                summary.kept += 1
                continue
            if holders:
                summary.topped_up += 1
            else:
                summary.fresh += 1
            for name in _least_loaded(team, ids, holders, load, need, rng):
                dealt[name].append(doc_id)
                load[name] += 1
        summary.added = {name: len(docs) for name, docs in dealt.items() if docs}
        return {name: docs for name, docs in dealt.items() if docs}

    def _holders(self, doc_ids: Sequence[int]) -> dict[int, set[int]]:
        """Document id -> the annotator ids assigned to it, for these documents."""
        found: dict[int, set[int]] = {}
        for i in range(0, len(doc_ids), CHUNK):
            chunk = list(doc_ids[i : i + CHUNK])
            marks = ",".join("?" * len(chunk))
            for doc_id, annotator_id in self._conn.execute(
                f"SELECT document_id, annotator_id FROM assignments WHERE document_id IN ({marks})",
                chunk,
            ):
                found.setdefault(doc_id, set()).add(annotator_id)
        return found

    # -- taking back -----------------------------------------------------
    def _take_back_unstarted(self, doc_ids: Sequence[int]) -> tuple[dict[str, int], int]:
        """Remove these documents' assignments whose annotator has not started
        the document; returns (removed per annotator, kept because started)."""
        doomed: list[tuple[int, int, str]] = []
        started = 0
        for i in range(0, len(doc_ids), CHUNK):
            chunk = list(doc_ids[i : i + CHUNK])
            marks = ",".join("?" * len(chunk))
            for doc_id, annotator_id, name, is_started in self._conn.execute(
                f"SELECT g.document_id, g.annotator_id, a.name, {_STARTED} FROM assignments g"
                " JOIN annotators a ON a.id = g.annotator_id"
                + _SET_OF_ASSIGNMENT
                + f" WHERE g.document_id IN ({marks})",
                chunk,
            ):
                if is_started:
                    started += 1
                else:
                    doomed.append((doc_id, annotator_id, name))
        return self._remove(doomed, "replace"), started

    def clear(
        self, annotators: Sequence[str] | None = None, doc_ids: Sequence[int] | None = None
    ) -> dict[str, int]:
        """Take back assignments, started or not: of these annotators (None:
        everyone's) on these documents (None: all). Sets are untouched. Returns
        how many per annotator; each annotator's are logged with their documents."""
        where, args = [], []
        if annotators:
            marks = ",".join("?" * len(annotators))
            where.append(f"a.name IN ({marks})")
            args += list(annotators)
            unknown = sorted(set(annotators) - set(self._project.sets.annotators()))
            if unknown:
                raise AnnotatorError(f"--annotators: not in this project: {', '.join(unknown)}")
        sql = (
            "SELECT g.document_id, g.annotator_id, a.name FROM assignments g"
            " JOIN annotators a ON a.id = g.annotator_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        chosen = None if doc_ids is None else set(doc_ids)
        doomed = [
            (doc_id, annotator_id, name)
            for doc_id, annotator_id, name in self._conn.execute(sql, args)
            if chosen is None or doc_id in chosen
        ]
        with self._project.transaction():
            removed = self._remove(doomed, "clear")
            self._project.log_event("assignment.clear", {"removed": removed})
        return removed

    def _remove(self, pairs: list[tuple[int, int, str]], reason: str) -> dict[str, int]:
        """Delete (document, annotator) assignments, one event per annotator
        listing their documents (the record of what was taken back)."""
        with self._project.transaction():
            self._conn.executemany(
                "DELETE FROM assignments WHERE document_id = ? AND annotator_id = ?",
                ((doc_id, annotator_id) for doc_id, annotator_id, _name in pairs),
            )
            by_name: dict[str, list[int]] = {}
            for doc_id, _annotator_id, name in pairs:
                by_name.setdefault(name, []).append(doc_id)
            for name, docs in sorted(by_name.items()):
                self._project.log_event(
                    "assignment.remove",
                    {"documents": sorted(docs), "reason": reason},
                    annotator=name,
                )
        return {name: len(docs) for name, docs in sorted(by_name.items())}
