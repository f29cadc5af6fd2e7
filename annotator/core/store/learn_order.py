""" "Most to learn" scores: what the document list sorts by, kept in the project.

The suggesting model learns most from the documents it is least sure of
(Prodigy's ``ner.teach``, INCEpTION's active learning). A document's score
adds two signals, both from what pre-annotation stored:

- **disagreements**: spans the suggesting model and the model it is
  compared with (the pipeline it was trained from, else the newest other
  model that ran) do not both propose. spaCy's ``ner`` gives no scores;
  each such span is a decision the annotator settles and the model learns
  from. Counted, not divided by length: a document with more of them
  settles more.
- **uncertainty**: the suggesting model's span and text categorizer scores
  at pre-annotation time (``prediction_runs.uncertainty``, 0 to 1), so a
  model with ``spancat`` or ``textcat`` is scored without a second model,
  and among documents with as many disagreements the least sure comes
  first.

A document the suggesting model never saw, or where neither signal exists,
cannot be scored: it sorts last and the order says how many.

Computing the disagreements reads both models' predictions, seconds on
100,000 documents, far too slow for each sort; so the scores are kept in
``learn_scores`` (migration 0008) for one pair of models, and ``refresh``
brings them up to date: the whole table when the pair changes (``models
use``, a new model to compare with), else only the documents whose runs are
newer than their score (and the compared model's run come or gone).
Whether anything changed is one count on the runs' model index, so a sort
with nothing new costs what the status sort does. Pre-annotation refreshes
at its end. A read-only project keeps the scores it has and says they may
be out of date.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.words import count

from .models import ModelInfo
from .util import CHUNK

if TYPE_CHECKING:
    from .project import Project

#: The project setting naming the pair of models (and their runs) the rows are for.
LEARN_SETTING = "learn_order"
_KEPT = ("model", "compared", "runs", "newest")
# From how many documents a read scans the table instead of looking each up.
_SCAN_FROM = 20_000
_RUNS_OF = "SELECT document_id FROM prediction_runs WHERE model = ?"
_RUNS = (
    "SELECT document_id, model, created_at, uncertainty FROM prediction_runs"
    " WHERE model IN (?, ?){docs}"
)
# Per document, the spans (start, end, label) only one of the two models
# proposed; a document both ran on and absent here has none. Counted in
# SQL: reading the million predictions of 100,000 documents into Python
# took longer than this grouping.
_DISAGREEMENTS = (
    "SELECT document_id, count(*) FROM (SELECT document_id, count(DISTINCT model) AS n"
    " FROM predictions WHERE model IN (?, ?){docs}"
    " GROUP BY document_id, start_char, end_char, label) AS spans WHERE n = 1"
    " GROUP BY document_id"
)
_GONE = (
    "DELETE FROM learn_scores WHERE NOT EXISTS (SELECT 1 FROM prediction_runs r"
    " WHERE r.document_id = learn_scores.document_id AND r.model = ?)"
)


def _package_dir(name: str) -> Path | None:
    """Where an installed package lives, found without importing it (a
    pipeline package imports spaCy, 1.4 s the list's sort should not wait)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):  # not a module name: "blank:en", a path
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def is_base(info: ModelInfo, base: str) -> bool:
    """Whether the registered model is the pipeline ``base`` names: a trained
    model records its base as it was given (an id, a directory or a package
    name), a registered pipeline is known by its id and the directory it was
    loaded from (for a package, one inside the package's folder)."""
    if info.id == base:
        return True
    if info.path is None:
        return False
    where = Path(info.path).resolve()
    if Path(base).is_dir():
        return where == Path(base).resolve()
    package = _package_dir(base)
    return package is not None and where.is_relative_to(package)


def ran(project: Project) -> dict[str, str]:
    """Every model that ran on the project and its newest run: a seek per
    model along the runs' model index (a model need not be registered:
    predictions stored before models were)."""
    conn = project.db.conn
    found: dict[str, str] = {}
    model = conn.execute("SELECT min(model) FROM prediction_runs").fetchone()[0]
    while model is not None:
        found[model] = conn.execute(
            "SELECT max(created_at) FROM prediction_runs WHERE model = ?", (model,)
        ).fetchone()[0]
        model = conn.execute(
            "SELECT min(model) FROM prediction_runs WHERE model > ?", (model,)
        ).fetchone()[0]
    return found


def compared_model(project: Project, model: str) -> str | None:
    """The model to compare the suggesting model with: the pipeline it was
    trained from when that one predicted here, else the newest other model
    that did."""
    newest = {m: at for m, at in ran(project).items() if m != model}
    info = project.models.find(model)
    if info is not None and info.base:
        for other in sorted(newest, key=lambda m: newest[m], reverse=True):
            found = project.models.find(other)
            if found is not None and is_base(found, info.base):
                return other
    return max(newest, key=lambda m: newest[m], default=None)


@dataclass(frozen=True, slots=True)
class LearnScore:
    """One document's score and what it is made of."""

    score: float
    disagreements: int | None
    uncertainty: float | None

    def describe(self) -> str:
        parts = []
        if self.disagreements is not None:
            parts.append(count(self.disagreements, "disagreement"))
        if self.uncertainty is not None:
            parts.append(f"uncertainty {self.uncertainty:.2f}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class LearnBasis:
    """The pair of models the scores are for, and a fingerprint of their runs
    (how many, the newest: a run's uncertainty is written with it): when it
    differs from the one kept with the scores, they are brought up to date."""

    model: str | None = None  # the suggesting model
    compared: str | None = None  # the model it is compared with
    runs: int = 0
    newest: str | None = None
    stale: bool = False  # not kept: a read-only project could not refresh

    def kept(self) -> dict[str, object]:
        """The setting ``learn_order``."""
        return {key: getattr(self, key) for key in _KEPT}


@dataclass(frozen=True, slots=True)
class LearnNote:
    """What a "most to learn" order rests on, in words for the list."""

    basis: LearnBasis
    scored: int = 0  # listed documents with a score
    unscored: int = 0  # listed documents without one: last, in id order
    uncertain: bool = False  # some scores include the model's uncertainty

    def message(self) -> str:
        model, compared = self.basis.model, self.basis.compared
        if model is None:
            return "Most to learn: no suggesting model yet (pre-annotate first); in id order"
        if not self.scored:
            said = (
                f"Most to learn: nothing scored for {model} (it needs a second model's"
                " predictions, or span or category scores); in id order"
            )
        else:
            signals = [f"disagreements with {compared}"] if compared else []
            if self.uncertain:
                signals.append("its uncertainty")
            said = f"Most to learn for {model}: {' + '.join(signals)}"
            if self.unscored:
                verb = "comes" if self.unscored == 1 else "come"
                said += f"; {count(self.unscored, 'document')} not scored {verb} last"
        if self.basis.stale:
            said += "; read-only project: scores may be out of date"
        return said


class LearnScores:
    """The ``learn_scores`` table and the run uncertainty it reads."""

    def __init__(self, project: Project):
        self._project = project
        self._conn = project.db.conn

    # -- written at pre-annotation ---------------------------------------------
    def keep_uncertainty(self, model: str, values: Mapping[int, float]) -> None:
        """Record a run's uncertainty per document (call in the transaction
        that wrote the run: a later run replaces the row, and the value)."""
        with self._project.transaction():
            self._conn.executemany(
                "UPDATE prediction_runs SET uncertainty = ? WHERE document_id = ? AND model = ?",
                [(value, doc_id, model) for doc_id, value in values.items()],
            )

    # -- kept up to date ---------------------------------------------------------
    def _basis(self) -> LearnBasis:
        """The current pair and its runs' fingerprint: look-ups and one count
        on the runs' model index."""
        model = self._project.models.suggesting()
        compared = compared_model(self._project, model) if model is not None else None
        runs, newest = self._conn.execute(
            "SELECT count(*), max(created_at) FROM prediction_runs WHERE model IN (?, ?)",
            (model, compared),
        ).fetchone()
        return LearnBasis(model, compared, runs, newest)

    def refresh(self) -> LearnBasis:
        """Bring the scores up to date for the project's suggesting model;
        returns the basis they are for. Nothing is written when nothing changed
        (nor in a read-only project: the basis then says ``stale``)."""
        basis = self._basis()
        stored = self._project.setting(LEARN_SETTING) or {}
        kept = LearnBasis(**{k: v for k, v in stored.items() if k in _KEPT})
        if kept == basis:
            return basis
        if self._project.read_only:
            return replace(kept if kept.model else basis, stale=True)
        model, compared = basis.model, basis.compared
        same_pair = (kept.model, kept.compared) == (model, compared)
        if model is None:
            todo: list[int] = []
        elif same_pair:
            todo = self._changed(model, compared)
        else:
            todo = [r[0] for r in self._conn.execute(_RUNS_OF, (model,))]
        rows = self._score(todo, model, compared) if model is not None else []
        with self._project.transaction():
            if not same_pair or model is None:
                self._conn.execute("DELETE FROM learn_scores")
            else:  # the suggesting model's run is gone (a document deleted: cascaded)
                self._conn.execute(_GONE, (model,))
            self._conn.executemany(
                "DELETE FROM learn_scores WHERE document_id = ?", [(d,) for d in todo]
            )
            self._conn.executemany(
                "INSERT INTO learn_scores (document_id, disagreements, uncertainty, score,"
                " runs_at) VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            self._project.set_setting(LEARN_SETTING, basis.kept())
        return basis

    def _changed(self, model: str, compared: str | None) -> list[int]:
        """Documents the suggesting model ran on whose score may have changed:
        not scored (they may be now), a run newer than the score, or the
        compared model's run come or gone. One pass over the model's runs."""
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT r.document_id FROM prediction_runs r"
                " LEFT JOIN learn_scores l ON l.document_id = r.document_id"
                " LEFT JOIN prediction_runs c ON c.document_id = r.document_id AND c.model = ?"
                " WHERE r.model = ? AND (l.document_id IS NULL OR l.runs_at < r.created_at"
                " OR l.runs_at < c.created_at"
                " OR (c.document_id IS NULL) <> (l.disagreements IS NULL))",
                (compared, model),
            )
        ]

    def _read(self, select: str, doc_ids: Sequence[int], models: tuple) -> Iterable[tuple]:
        """``select`` (its first column a document id; ``{docs}`` where the
        documents are named) for these documents: a look-up per chunk of ids,
        or for most of the table one scan (a look-up per document costs more
        than reading past)."""
        if not doc_ids:
            return
        if len(doc_ids) > _SCAN_FROM:
            wanted = set(doc_ids)
            for row in self._conn.execute(select.format(docs=""), models):
                if row[0] in wanted:
                    yield row
            return
        for i in range(0, len(doc_ids), CHUNK):
            chunk = doc_ids[i : i + CHUNK]
            docs = f" AND document_id IN ({','.join('?' * len(chunk))})"
            yield from self._conn.execute(select.format(docs=docs), [*models, *chunk])

    def _score(
        self, doc_ids: Sequence[int], model: str, compared: str | None
    ) -> list[tuple[int, int | None, float | None, float, str]]:
        """Rows of ``learn_scores`` for these documents (the unscorable left out)."""
        models = (model, compared)
        runs: dict[int, tuple[str, float | None]] = {}
        theirs: dict[int, str] = {}
        for doc_id, which, at, value in self._read(_RUNS, doc_ids, models):
            if which == model:
                runs[doc_id] = (at, value)
            else:
                theirs[doc_id] = at
        both = [d for d in doc_ids if d in theirs and d in runs]
        found = dict(self._read(_DISAGREEMENTS, both, models))
        rows = []
        for doc_id in doc_ids:
            if doc_id not in runs:
                continue
            at, value = runs[doc_id]
            spans = None
            if doc_id in theirs:
                spans = found.get(doc_id, 0)
                at = max(at, theirs[doc_id])
            if spans is None and value is None:
                continue
            rows.append((doc_id, spans, value, (spans or 0) + (value or 0.0), at))
        return rows

    # -- read --------------------------------------------------------------------
    def scores(self) -> dict[int, LearnScore]:
        """Every scored document's score, as last refreshed."""
        return {
            r[0]: LearnScore(r[3], r[1], r[2])
            for r in self._conn.execute(
                "SELECT document_id, disagreements, uncertainty, score FROM learn_scores"
            )
        }
