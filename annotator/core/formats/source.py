"""Which records an export writes: the thin layer between a project and the writers.

The source is the adjudicated ``gold`` set (default), one annotator's sets,
the newest model predictions, or every document's text with no annotations
(``texts``: what a model run on other machines needs). Only sets marked done are exported unless
``include_unfinished``: a half-annotated document would teach a model that
the unmarked entities are not entities. Records are produced in batches (spans,
relations and categories each read with one query per batch), so a large
project is never held in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.types import GOLD, AnnotationSet
from annotator.core.words import count

from .records import ExportRecord

Source = Literal["gold", "annotator", "predictions", "texts"]


@dataclass
class Selection:
    """The chosen documents (ids and content hashes) and how to stream them."""

    project: Project
    source: Source
    annotator: str | None
    doc_ids: list[int]
    hashes: dict[int, str]
    set_ids: dict[int, int]  # document id -> set id (not for predictions)
    statuses: dict[int, tuple[str, str]]  # document id -> (status, skip reason)
    metas: dict[int, dict[str, Any]] = field(default_factory=dict)  # document id -> set meta

    def __len__(self) -> int:
        return len(self.doc_ids)

    def records(self, batch_size: int = 500) -> Iterator[ExportRecord]:
        """The records in document order, read ``batch_size`` documents at a time."""
        project = self.project
        for i in range(0, len(self.doc_ids), batch_size):
            batch = self.doc_ids[i : i + batch_size]
            if self.source == "texts":
                for doc in project.documents.stream(ids=batch, batch_size=batch_size):
                    yield ExportRecord(doc, [], "", status="")
                continue
            if self.source == "predictions":
                for doc in project.documents.stream(ids=batch, batch_size=batch_size):
                    assert doc.id is not None
                    model = project.documents.prediction_model(doc.id)
                    name = model[0] if model else "model"
                    yield ExportRecord(
                        doc,
                        project.documents.predictions(doc.id, name),
                        name,
                        relations=project.documents.prediction_relations(doc.id, name),
                        categories=project.documents.prediction_categories(doc.id, name),
                    )
                continue
            set_ids = [self.set_ids[d] for d in batch]
            spans = project.sets.spans_by_set(set_ids)
            relations = project.relations.by_set(set_ids)
            categories = project.categories.by_set(set_ids)
            for doc in project.documents.stream(ids=batch, batch_size=batch_size):
                assert doc.id is not None
                status, reason = self.statuses[doc.id]
                set_id = self.set_ids[doc.id]
                yield ExportRecord(
                    doc,
                    spans[set_id],
                    self.annotator or GOLD,
                    status,
                    reason,
                    relations[set_id],
                    categories[set_id],
                    self.metas.get(doc.id, {}),
                )


def select(
    project: Project,
    source: Source = "gold",
    annotator: str | None = None,
    include_unfinished: bool = False,
) -> Selection:
    """Choose what to export; an empty choice is an error that says what to do."""
    if source == "texts":
        doc_ids = project.documents.ids()
        if not doc_ids:
            raise AnnotatorError(f"{project.path}: no documents to export; import some first")
        return Selection(project, source, None, doc_ids, project.documents.hashes(doc_ids), {}, {})
    if source == "predictions":
        doc_ids = sorted(project.documents.with_predictions())
        if not doc_ids:
            raise AnnotatorError(
                f"{project.path}: no predictions to export; run `annotator preannotate` first"
            )
        return Selection(project, source, None, doc_ids, project.documents.hashes(doc_ids), {}, {})
    name = GOLD if source == "gold" else annotator
    if not name:
        raise AnnotatorError("--annotator needs a name")
    every = project.sets.select(annotator=name)
    chosen = every if include_unfinished else [s for s in every if s.status == "done"]
    if not chosen:
        raise AnnotatorError(f"{project.path}: {_nothing_done(project, name, source, every)}")
    chosen.sort(key=lambda s: s.document_id)
    doc_ids = [s.document_id for s in chosen]
    return Selection(
        project,
        source,
        name,
        doc_ids,
        project.documents.hashes(doc_ids),
        {s.document_id: s.id for s in chosen},
        {s.document_id: (s.status, s.skip_reason) for s in chosen},
        {s.document_id: s.meta for s in chosen if s.meta},
    )


def _nothing_done(project: Project, name: str, source: Source, every: list[AnnotationSet]) -> str:
    """Why nothing was chosen, and the options that would export something:
    the annotators who have done sets (``--annotator NAME``) and, when the
    sets exist but are unfinished, ``--include-unfinished``."""
    done: dict[str, int] = {}
    for aset in project.sets.select(status="done"):
        if aset.annotator not in (GOLD, name):
            done[aset.annotator] = done.get(aset.annotator, 0) + 1
    ways = []
    if done:
        who = ", ".join(f"{a}: {count(n, 'done set')}" for a, n in sorted(done.items()))
        ways.append(f"--annotator NAME to export an annotator's done sets ({who})")
    else:
        others = [a for a in project.sets.annotators() if a not in (GOLD, name)]
        if others:
            ways.append(
                "--annotator NAME --include-unfinished (no annotator has a done set;"
                f" annotators: {', '.join(others)})"
            )
    if every:
        them = "them as they stand" if len(every) > 1 else "it as it stands"
        ways.append(f"--include-unfinished to export {them}")
    hint = f"; pass {' or '.join(ways)}" if ways else ""
    if not every and source == "gold":
        return f"the gold set is empty{hint}"
    if not every:
        return f"annotator {name!r} has no annotation sets{hint}"
    return f"none of {name}'s {count(len(every), 'set')} is done{hint}"
