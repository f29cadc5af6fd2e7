"""doccano's JSONL, in the shape doccano's own import and export use.

Two shapes, chosen by the scheme, one for the whole file:

* a scheme with relations writes doccano's relation-extraction lines
  (``backend/data_import/pipeline/examples.py`` of doccano):
  ``{"text", "entities": [{"id", "label", "start_offset", "end_offset"}],
  "relations": [{"id", "from_id", "to_id", "type"}]}``; ids count from 0
  in each line, entities in text order;
* otherwise sequence labelling: ``{"text", "label": [[start, end, label], ...]}``.

A scheme with categories adds ``"cats": [chosen labels]`` (doccano's
intent-detection key; the labels of ``categories.py``), written on every
line so an empty list says "no answer". doccano keeps any other key as
document metadata, so we add ``meta`` (our document fields) and
``_annotator_id``; attributes have no place in this format and are left out
(use the Prodigy JSONL or DocBin to keep them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import srsly

from annotator.core.scheme import Scheme
from annotator.core.types import Relation

from .categories import CategoryLabels
from .output import write_lines
from .prodigy import document_meta
from .records import ExportRecord, ExportSummary


def record_to_doccano(
    record: ExportRecord,
    scheme: Scheme | None = None,
    labels: CategoryLabels | None = None,
    summary: ExportSummary | None = None,
) -> dict[str, Any]:
    """The doccano line of one record (the shape ``scheme`` asks for)."""
    spans = sorted(record.spans, key=lambda s: (s.start, s.end, s.label))
    line: dict[str, Any] = {"text": record.document.text}
    if scheme is not None and scheme.relations:
        ids: dict[tuple[int, int, str], int] = {}
        entities = []
        for span in spans:
            ids.setdefault(span.key(), len(entities))
            entities.append(
                {
                    "id": len(entities),
                    "label": span.label,
                    "start_offset": span.start,
                    "end_offset": span.end,
                }
            )
        relations = []
        for rel in sorted(record.relations, key=Relation.key):
            head, child = ids.get(rel.head), ids.get(rel.child)
            if head is None or child is None:  # an end the record lacks
                if summary is not None:
                    summary.unlinked += 1
                continue
            relations.append(
                {"id": len(relations), "from_id": head, "to_id": child, "type": rel.label}
            )
        line["entities"] = entities
        line["relations"] = relations
        if summary is not None:
            summary.relations += len(relations)
    else:
        line["label"] = [[s.start, s.end, s.label] for s in spans]
        if summary is not None:
            summary.lost_relations += len(record.relations)
    if scheme is not None and scheme.categories:
        line["cats"] = (labels or CategoryLabels(scheme)).chosen(record.categories)
        if summary is not None:
            summary.categorised += bool(record.categories)
    elif summary is not None:
        summary.lost_categories += bool(record.categories)
    line["meta"] = document_meta(record)
    line["_annotator_id"] = record.annotator
    return line


def write_doccano(
    records: Iterable[ExportRecord],
    path: str | Path,
    summary: ExportSummary | None = None,
    scheme: Scheme | None = None,
) -> ExportSummary:
    """Write one doccano line per record to ``path`` (streamed)."""
    summary = summary if summary is not None else ExportSummary()
    labels = CategoryLabels(scheme)

    def lines() -> Iterator[str]:
        for record in records:
            summary.documents += 1
            summary.spans += len(record.spans)
            yield srsly.json_dumps(record_to_doccano(record, scheme, labels, summary))

    write_lines(path, lines())
    summary.files.append(str(path))
    return summary
