"""An import's sets that the annotator does not have yet, written in batches.

Most lines of an annotated file are a document's first set for its
annotator: nothing to compare by the conflict rule (conflicts.py), nothing
to keep a before-image of (the staged run's undo removes a new set by its
id range). :func:`store_new` writes them with ``store/new_sets.py``, as many
per batch as the staged run has room for, instead of one ``Sets.replace``
each, and counts them in the summary exactly as one by one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.store import Project, StagedRun
from annotator.core.store.new_sets import NewSet, add_sets, existing_pairs

from .annotated import AnnotatedRecord
from .conflicts import FileTally

if TYPE_CHECKING:
    from .annotations import AnnotationImportSummary

Fresh = list[tuple[AnnotatedRecord, int]]  # (record, its document's id)


def _rows(record: AnnotatedRecord) -> int:
    """What a set costs the staged run's chunk, as ``Sets.replace`` counted it."""
    return 1 + len(record.spans) + len(record.relations)


def store_new(
    project: Project,
    run: StagedRun,
    fresh: Fresh,
    summary: AnnotationImportSummary,
    tally: FileTally,
) -> Fresh:
    """Write ``fresh`` (records whose annotator had no set of the document
    when looked up) in batches the run has room for; returns those that
    have a set by the time their batch is written (another window made one
    meanwhile), for the caller to store one by one by the conflict rule."""
    late: Fresh = []
    start = 0
    while start < len(fresh):
        room, rows, end = run.room(), 0, start
        while end < len(fresh) and (end == start or rows + _rows(fresh[end][0]) <= room):
            rows += _rows(fresh[end][0])
            end += 1
        with run.write(rows):
            batch = fresh[start:end]
            there = existing_pairs(project, (doc_id for _, doc_id in batch))
            new = [(r, doc_id) for r, doc_id in batch if (doc_id, r.annotator) not in there]
            late += [(r, doc_id) for r, doc_id in batch if (doc_id, r.annotator) in there]
            add_sets(project, [_new_set(r, doc_id) for r, doc_id in new])
        for record, _ in new:
            _count(record, summary, tally)
        start = end
    return late


def _new_set(record: AnnotatedRecord, doc_id: int) -> NewSet:
    return NewSet(
        document_id=doc_id,
        annotator=record.annotator,
        spans=record.spans,
        status=record.status,
        skip_reason=record.skip_reason,
        note=record.note,
        relations=record.relations,
        categories=record.categories,
        meta=record.meta,
    )


def _count(record: AnnotatedRecord, summary: AnnotationImportSummary, tally: FileTally) -> None:
    """The summary's and the file's tally's counts for one new set."""
    tally.sets += 1
    count_stored(record, summary, record.annotator)


def count_stored(record: AnnotatedRecord, summary: AnnotationImportSummary, name: str) -> None:
    """The summary's counts for one set stored under ``name`` (a new set
    here, or one placed beside or over an existing set by annotations.py)."""
    if record.status == "skipped":
        summary.skipped[record.skip_reason or "skipped"] += 1
    summary.sets += 1
    summary.spans += len(record.spans)
    summary.relations += len(record.relations)
    summary.categorised += bool(record.categories)
    summary.annotators.add(name)
