"""doccano lines in every layout doccano writes, decided line by line.

doccano has exported sequence labelling three ways over its versions, and
text classification two (``backend/data_export`` of doccano; sources in
``tests/fixtures/doccano/README.md``):

* ``label`` (or ``labels``) as ``[[start, end, "LABEL"], ...]``: sequence
  labelling, doccano 1.x; ``label`` as ``["name", ...]``: text classification;
* ``entities`` as objects (``id``, ``label``, ``start_offset``,
  ``end_offset``) with ``relations`` (``id``, ``from_id``, ``to_id``,
  ``type``), or as triples with ``cats`` (intent detection);
* ``annotations`` (doccano 1.0 and older): objects with an integer label id
  (``label``), ``start_offset``/``end_offset`` for a span (none for a
  category), ``user``, time stamps. The file does not say what an id is
  called: ``--label-map 7=ORG`` names it (a ``label_name`` beside the id, as
  some versions write, does too); an id named by neither is refused, the id
  named in the message. Annotations by several users on one line become one
  set per user (``doccano-user-N``).

Every set is done: doccano's export has no answer. What a line has that the
project does not model (``id``, ``Comments``, custom metadata keys,
``annotation_approver``, entity and relation ids, an old annotation's
``user``/``created_at``) is kept verbatim in the set's meta under
``doccano`` (an entity's in the span's meta) and written back, in the line's
own key order, by the doccano export (``formats/doccano.py``). Our own lines
(``meta.doc_hash``) keep nothing: our export writes all of them again.
"""

from __future__ import annotations

from typing import Any

from annotator.core.types import Span

from .annotated import AnnotatedRecord
from .linereader import LineReader, as_int
from .links import answers_from_cats, doccano_relations

SPAN_KEYS = ("label", "labels", "entities", "annotations")
# Keys whose values the project models (or our own export writes again).
MODELLED = frozenset({"text", "data", *SPAN_KEYS, "relations", "cats", "_annotator_id"})


def is_doccano(obj: dict[str, Any]) -> bool:
    """A line in one of doccano's layouts (by its keys alone)."""
    if isinstance(obj.get("entities"), list) or isinstance(obj.get("cats"), list):
        return True
    if isinstance(obj.get("annotations"), list) and all(
        isinstance(a, dict) for a in obj["annotations"]
    ):
        return True
    if isinstance(obj.get("labels"), list) and "spans" not in obj:
        return True
    return isinstance(obj.get("label"), list) or ("data" in obj and "text" not in obj)


def _ours(obj: dict[str, Any]) -> bool:
    meta = obj.get("meta")
    return isinstance(meta, dict) and "doc_hash" in meta


class _Line:
    """One doccano line being read: its text, spans, ids and kept fields."""

    def __init__(self, r: LineReader, obj: dict[str, Any], line: int):
        self.r, self.obj, self.line = r, obj, line
        self.doc = r.document(obj, "text" if "text" in obj else "data", line)
        self.spans: list[Span] = []
        self.ids: dict[Any, Span] = {}
        self.categories: dict[str, list[str]] | None = None
        self.layout = "label"

    def triple(self, item: Any, key: str) -> None:
        if not isinstance(item, list | tuple) or len(item) != 3:
            raise self.r.fail(f"{key} entry {item!r} is not [start, end, label]", self.line)
        self.spans.append(self.r.span(item[0], item[1], item[2], None, self.doc.text, self.line))

    def entity(self, item: Any) -> None:
        if isinstance(item, list | tuple):  # intent detection: triples
            self.triple(item, "entities")
            return
        if not isinstance(item, dict):
            raise self.r.fail(f"an entity must be an object, not {item!r}", self.line)
        span = self.r.span(
            item.get("start_offset"),
            item.get("end_offset"),
            item.get("label"),
            None,
            self.doc.text,
            self.line,
        )
        extra = {k: v for k, v in item.items() if k not in ("start_offset", "end_offset", "label")}
        if extra and not _ours(self.obj):
            span.meta = {"doccano": extra}
        self.spans.append(span)
        if "id" in item:
            self.ids.setdefault(item["id"], span)

    def label_name(self, item: dict[str, Any]) -> str:
        """The name of an old annotation's label id (``--label-map``, then
        ``label_name``), or a refusal naming the id and the way to name it."""
        value = item.get("label")
        number = as_int(value)
        if number is None:
            return value  # a name already: the reader checks it
        named = self.r.label_map.get(str(number)) or item.get("label_name")
        if not isinstance(named, str) or not named:
            raise self.r.fail(
                f"label id {number} has no name in this file (doccano's older export writes"
                f" label ids); name it with --label-map {number}=LABEL (doccano's label"
                " export lists each id's name)",
                self.line,
            )
        return named

    def annotations(self, items: list[dict[str, Any]]) -> dict[Any, list[dict[str, Any]]]:
        """The old layout's annotations by user, in their first order."""
        by_user: dict[Any, list[dict[str, Any]]] = {}
        for item in items:
            by_user.setdefault(item.get("user"), []).append(item)
        return by_user

    def old(self, items: list[dict[str, Any]]) -> tuple[list[Span], list[str]]:
        """Spans and category labels of one user's old annotations."""
        spans, names = [], []
        for item in items:
            name = self.label_name(item)
            if "start_offset" not in item and "end_offset" not in item:
                names.append(self.r.label_map.get(name, name))
                continue
            span = self.r.span(
                item.get("start_offset"),
                item.get("end_offset"),
                name,
                None,
                self.doc.text,
                self.line,
            )
            extra = {
                k: v
                for k, v in item.items()
                if k not in ("start_offset", "end_offset", "label_name")
            }
            span.meta = {"doccano": extra}
            spans.append(span)
        return spans, names


def _kept(obj: dict[str, Any], layout: str, name: str) -> dict[str, Any] | None:
    """The line's own fields and key order, for the export to write back."""
    if _ours(obj):
        return None
    kept = {k: v for k, v in obj.items() if k not in MODELLED}
    if obj.get("_annotator_id") not in (None, name):
        kept["_annotator_id"] = obj["_annotator_id"]
    with_ids = any(isinstance(e, dict) and "id" in e for e in obj.get("entities") or [])
    if not kept and not with_ids:
        return None  # nothing but what the project models: our own layout serves
    entry: dict[str, Any] = {"keys": list(obj), "line": kept, "layout": layout}
    relations = obj.get("relations")
    if isinstance(relations, list):
        entry["relations"] = [
            {k: v for k, v in rel.items() if k not in ("from_id", "to_id", "type")}
            | {"from_id": rel.get("from_id"), "to_id": rel.get("to_id"), "type": rel.get("type")}
            for rel in relations
            if isinstance(rel, dict)
        ]
    return {"doccano": entry}


def doccano_records(r: LineReader, obj: dict[str, Any], line: int) -> list[AnnotatedRecord]:
    """The set (or, for old annotations by several users, the sets) of one line."""
    read = _Line(r, obj, line)
    if isinstance(obj.get("annotations"), list) and "entities" not in obj and "label" not in obj:
        by_user = read.annotations(obj["annotations"])
        several = len(by_user) > 1
        records = []
        for user, items in by_user.items() or {None: []}.items():
            spans, names = read.old(items)
            name = f"doccano-user-{user}" if several else r.who(obj, line)
            categories = answers_from_cats(names, r.categories, r.at(line)) if names else None
            records.append(_record(read, spans, [], categories, name, "annotations"))
        return records
    if isinstance(obj.get("entities"), list):
        for item in obj["entities"]:
            read.entity(item)
        read.layout = "entities" if isinstance(obj.get("relations"), list) else "intent"
    else:
        key = "label" if "label" in obj else "labels"
        labels = obj.get(key, [])
        if not isinstance(labels, list):
            raise r.fail(f"'{key}' must be a list of [start, end, label] or of names", line)
        if labels and all(isinstance(item, str) for item in labels):  # text classification
            read.categories = answers_from_cats(labels, r.categories, r.at(line))
            read.layout = "classification"
            labels = []
        else:
            read.layout = key
        for item in labels:
            read.triple(item, key)
    relations = doccano_relations(obj.get("relations"), read.ids, r.scheme, r.at(line))
    if "cats" in obj:
        read.categories = answers_from_cats(obj["cats"], r.categories, r.at(line))
    return [_record(read, read.spans, relations, read.categories, r.who(obj, line), read.layout)]


def _record(
    read: _Line,
    spans: list[Span],
    relations: list,
    categories: dict[str, list[str]] | None,
    name: str,
    layout: str,
) -> AnnotatedRecord:
    record = AnnotatedRecord(
        read.doc,
        spans,
        name,
        "done",
        "",
        read.line,
        None,
        relations,
        categories,
        view="doccano",  # a full annotation: two that differ are a conflict, not united
        meta=_kept(read.obj, layout, name),
    )
    record.lines = [read.line]
    return record
