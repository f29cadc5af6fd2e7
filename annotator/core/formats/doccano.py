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

A set imported from doccano (``ingest/doccano_lines.py``) kept its line's
own fields (``id``, ``Comments``, custom metadata keys, entity and relation
ids) and key order: its line is written back in that order, in its own
layout, with the set's spans, relations and categories as they are now and
the kept fields as they came (entities and relations the set gained since
get ids after the kept ones). ``_annotator_id`` is added when the line had
none, so the file comes back in without ``--annotator``.
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
    """The doccano line of one record (the shape ``scheme`` asks for, or the
    kept line's own)."""
    if "doccano" in record.meta:
        return kept_line(record, record.meta["doccano"], labels or CategoryLabels(scheme), summary)
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


def _entities(
    record: ExportRecord, relations_kept: list[dict[str, Any]], summary: ExportSummary | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Entity objects and relations with the ids the line had (new ones after them)."""
    spans = sorted(record.spans, key=lambda s: (s.start, s.end, s.label))
    known = [s.meta.get("doccano", {}).get("id") for s in spans]
    taken = [i for i in known if isinstance(i, int)] + [
        r["id"] for r in relations_kept if isinstance(r.get("id"), int)
    ]
    fresh = max(taken, default=-1) + 1
    ids: dict[tuple[int, int, str], Any] = {}
    entities = []
    for span, kept_id in zip(spans, known, strict=True):
        if kept_id is None:
            kept_id, fresh = fresh, fresh + 1
        ids.setdefault(span.key(), kept_id)
        extra = {k: v for k, v in span.meta.get("doccano", {}).items() if k != "id"}
        entities.append(
            {
                "id": kept_id,
                "label": span.label,
                "start_offset": span.start,
                "end_offset": span.end,
                **extra,
            }
        )
    by_ends = {(r.get("from_id"), r.get("to_id"), r.get("type")): r for r in relations_kept}
    relations = []
    for rel in sorted(record.relations, key=Relation.key):
        head, child = ids.get(rel.head), ids.get(rel.child)
        if head is None or child is None:
            if summary is not None:
                summary.unlinked += 1
            continue
        kept = by_ends.get((head, child, rel.label))
        if kept is None:
            kept, fresh = (
                {"id": fresh, "from_id": head, "to_id": child, "type": rel.label},
                fresh + 1,
            )
        relations.append(kept)
    if summary is not None:
        summary.relations += len(relations)
    return entities, relations


def kept_line(
    record: ExportRecord,
    kept: dict[str, Any],
    labels: CategoryLabels,
    summary: ExportSummary | None,
) -> dict[str, Any]:
    """A line imported from doccano, written back in its own key order and layout."""
    layout = kept.get("layout", "label")
    spans = sorted(record.spans, key=lambda s: (s.start, s.end, s.label))
    triples = [[s.start, s.end, s.label] for s in spans]
    chosen = labels.chosen(record.categories) if record.categories else []
    ours: dict[str, Any] = {}
    if layout == "entities":
        ours["entities"], ours["relations"] = _entities(record, kept.get("relations", []), summary)
    elif layout == "classification":
        ours["label"] = chosen
        if triples:
            ours["entities"] = triples
    else:
        ours["entities" if layout == "intent" else "labels" if layout == "labels" else "label"] = (
            triples
        )
    if layout != "entities" and summary is not None:
        summary.lost_relations += len(record.relations)
    if layout != "classification" and (chosen or "cats" in kept["keys"]):
        ours["cats"] = chosen
    if summary is not None:
        summary.categorised += bool(record.categories)
    line: dict[str, Any] = {}
    for key in kept["keys"]:
        if key in ("text", "data"):
            line[key] = record.document.text
        elif key in kept["line"]:
            line[key] = kept["line"][key]
        elif key in ours:
            line[key] = ours.pop(key)
        elif key == "annotations":  # the old layout: written as today's label triples
            line["label"] = ours.pop("label", triples)
    if "text" not in line and "data" not in line:
        line = {"text": record.document.text, **line}
    line.update(ours)
    line.setdefault("_annotator_id", record.annotator)
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
