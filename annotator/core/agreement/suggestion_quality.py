"""How good each model's suggestions were, against what annotators accepted.

A suggestion helps when the annotator keeps it; every span they had to add,
delete or change is work the model did not save them. For each done set
(gold excluded: it is never seeded) the suggestions it was seeded with are
compared with the spans it was finished with:

- per label precision (suggestions kept / suggestions made) and recall
  (accepted spans the model had suggested / accepted spans), matching on
  (start, end, label) exactly, as spaCy scores entities;
- corrections per document: spans **added** (accepted, nothing suggested
  there), **deleted** (suggested, nothing accepted there) and **changed**
  (a suggestion and an accepted span overlapping with other bounds or
  another label, paired one to one by the largest overlap; or the same span
  with other attributes, e.g. a corrected canonical).

The seeded suggestions are the stored predictions of the model the set's
``set.create`` / ``set.follow`` event names. They are what the set got
unless the model ran on the document again since (``rerun`` counts those
sets; they are compared with the current predictions). A set made before
models were registered names no model: the document's run that was newest
when the set was made is taken, or its newest run if that model ran again
since, and ``inferred`` counts those sets. Everything is read in bulk
(sets' spans, seeds, one query chunk of predictions per model), so the
dashboard can ask for it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core.store.seeds import SeedRecord, seeds_by_set
from annotator.core.types import GOLD, Span

if TYPE_CHECKING:
    from annotator.core.store import Project


@dataclass
class LabelQuality:
    """Counts for one label; precision and recall are None when undefined."""

    suggested: int = 0
    accepted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.suggested if self.suggested else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.accepted if self.accepted else None

    def add(self, other: LabelQuality) -> None:
        self.suggested += other.suggested
        self.accepted += other.accepted
        self.matched += other.matched

    def to_dict(self) -> dict[str, Any]:
        return {
            "suggested": self.suggested,
            "accepted": self.accepted,
            "matched": self.matched,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
        }


@dataclass
class Corrections:
    """What the annotator did to the suggestions of one or many sets."""

    added: int = 0
    deleted: int = 0
    changed: int = 0

    @property
    def total(self) -> int:
        return self.added + self.deleted + self.changed

    def add(self, other: Corrections) -> None:
        self.added += other.added
        self.deleted += other.deleted
        self.changed += other.changed


@dataclass
class ModelQuality:
    """One model's suggestions over the done sets they seeded."""

    model: str
    sets: int = 0
    documents: set[int] = field(default_factory=set)
    labels: dict[str, LabelQuality] = field(default_factory=dict)
    corrections: Corrections = field(default_factory=Corrections)
    inferred: int = 0  # sets from before the registry: model taken from the newest run
    rerun: int = 0  # sets whose model ran again since: compared with its current run

    def overall(self) -> LabelQuality:
        total = LabelQuality()
        for counts in self.labels.values():
            total.add(counts)
        return total

    def to_dict(self) -> dict[str, Any]:
        sets = self.sets
        return {
            "sets": sets,
            "documents": len(self.documents),
            "labels": {name: self.labels[name].to_dict() for name in sorted(self.labels)},
            "overall": self.overall().to_dict(),
            "corrections": {
                "added": self.corrections.added,
                "deleted": self.corrections.deleted,
                "changed": self.corrections.changed,
                "per_document": _round(self.corrections.total / sets) if sets else None,
            },
            "inferred": self.inferred,
            "rerun": self.rerun,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def compare(
    suggested: list[Span], accepted: list[Span]
) -> tuple[dict[str, LabelQuality], Corrections]:
    """Per-label counts and corrections between one set's suggestions and
    its done spans (a pure function: the tests count against it by hand)."""
    labels: dict[str, LabelQuality] = defaultdict(LabelQuality)
    left_s = Counter(s.key() for s in suggested)
    left_a = Counter(s.key() for s in accepted)
    for span in suggested:
        labels[span.label].suggested += 1
    for span in accepted:
        labels[span.label].accepted += 1
    corrections = Corrections()
    matched = left_s & left_a
    suggested_attrs = {s.key(): s.attrs for s in suggested}
    accepted_attrs = {s.key(): s.attrs for s in accepted}
    for key, n in matched.items():
        labels[key[2]].matched += n
        if suggested_attrs[key] != accepted_attrs[key]:
            corrections.changed += n  # kept, but its attributes corrected
    rest_s = _without(suggested, matched)
    rest_a = _without(accepted, matched)
    pairs = sorted(
        (-_overlap(s, a), i, j)
        for i, s in enumerate(rest_s)
        for j, a in enumerate(rest_a)
        if _overlap(s, a)
    )
    used_s: set[int] = set()
    used_a: set[int] = set()
    for _, i, j in pairs:
        if i in used_s or j in used_a:
            continue
        used_s.add(i)
        used_a.add(j)
        corrections.changed += 1
    corrections.deleted += len(rest_s) - len(used_s)
    corrections.added += len(rest_a) - len(used_a)
    return dict(labels), corrections


def _without(spans: list[Span], matched: Counter) -> list[Span]:
    """``spans`` less the exactly matched ones (each match taken once)."""
    budget = Counter(matched)
    rest = []
    for span in spans:
        if budget[span.key()]:
            budget[span.key()] -= 1
        else:
            rest.append(span)
    return rest


def _inferred_model(seed: SeedRecord, runs: list[tuple[str, str]]) -> str | None:
    """For a set from before model ids: the model of the document's run that
    was newest when the set was made, else (that run was replaced since) the
    newest run. ``runs`` are (created_at, model) of the document's runs."""
    before = [r for r in runs if r[0] <= seed.ts]
    chosen = max(before or runs, default=None)
    return chosen[1] if chosen else None


def suggestion_quality(project: Project) -> dict[str, ModelQuality]:
    """model id -> the quality of its suggestions over the done sets it seeded."""
    done = [s for s in project.sets.select(status="done", with_spans=True) if s.annotator != GOLD]
    seeds = seeds_by_set(project, (s.id for s in done))
    runs: dict[int, dict[str, str]] = defaultdict(dict)  # doc -> model -> run stamp
    for run in project.documents.prediction_runs():
        runs[run.document_id][run.model] = run.created_at
    out: dict[str, ModelQuality] = {}
    by_model: dict[str, list] = defaultdict(list)
    for found in done:
        seed = seeds.get(found.id)
        if seed is None:
            continue
        doc_runs = runs.get(found.document_id, {})
        model = seed.model
        if model is None and seed.legacy and seed.seeded:
            model = _inferred_model(seed, [(ts, m) for m, ts in doc_runs.items()])
            if model is not None:
                out.setdefault(model, ModelQuality(model)).inferred += 1
        if model is None or model not in doc_runs:
            continue  # seeded by no model, or that model's run is gone
        quality = out.setdefault(model, ModelQuality(model))
        if seed.model is not None and seed.run != doc_runs[model]:
            quality.rerun += 1
        by_model[model].append(found)
    for model, sets in by_model.items():
        quality = out[model]
        predicted = project.documents.predictions_by_document((s.document_id for s in sets), model)
        for found in sets:
            labels, corrections = compare(predicted[found.document_id], found.spans)
            quality.sets += 1
            quality.documents.add(found.document_id)
            quality.corrections.add(corrections)
            for name, counts in labels.items():
                quality.labels.setdefault(name, LabelQuality()).add(counts)
    return out
