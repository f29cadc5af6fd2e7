"""doccano lines: ``label`` triples, ``entities`` (objects with ids, or
triples) with ``relations``, and text classification (``label`` names,
``cats``). Every set is done: doccano's export has no answer."""

from __future__ import annotations

from typing import Any

from annotator.core.types import Span

from .annotated import AnnotatedRecord
from .linereader import LineReader
from .links import answers_from_cats, doccano_relations


def doccano_record(r: LineReader, obj: dict[str, Any], line: int) -> AnnotatedRecord:
    doc = r.document(obj, "text" if "text" in obj else "data", line)
    spans: list[Span] = []
    ids: dict[Any, Span] = {}
    categories = None
    if isinstance(obj.get("entities"), list):
        for item in obj["entities"]:
            if isinstance(item, list | tuple) and len(item) == 3:  # intent detection
                spans.append(r.span(item[0], item[1], item[2], None, doc.text, line))
                continue
            if not isinstance(item, dict):
                raise r.fail(f"an entity must be an object, not {item!r}", line)
            spans.append(
                r.span(
                    item.get("start_offset"),
                    item.get("end_offset"),
                    item.get("label"),
                    None,
                    doc.text,
                    line,
                )
            )
            if "id" in item:
                ids.setdefault(item["id"], spans[-1])
    else:
        labels = obj.get("label", [])
        if not isinstance(labels, list):
            raise r.fail("'label' must be a list of [start, end, label]", line)
        if labels and all(isinstance(item, str) for item in labels):  # text classification
            categories = answers_from_cats(labels, r.categories, r.at(line))
            labels = []
        for item in labels:
            if not isinstance(item, list | tuple) or len(item) != 3:
                raise r.fail(f"label entry {item!r} is not [start, end, label]", line)
            spans.append(r.span(item[0], item[1], item[2], None, doc.text, line))
    relations = doccano_relations(obj.get("relations"), ids, r.scheme, r.at(line))
    if "cats" in obj:
        categories = answers_from_cats(obj["cats"], r.categories, r.at(line))
    return AnnotatedRecord(
        doc, spans, r.who(obj, line), "done", "", line, None, relations, categories
    )
