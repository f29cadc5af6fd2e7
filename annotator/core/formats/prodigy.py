"""Prodigy's task format (JSONL), as ``ner_manual``/``spans_manual``,
``rel.manual`` and the ``choice`` view write it.

One line per annotated document::

    {"text", "meta", "_input_hash", "_task_hash", "tokens": [{"text", "start",
     "end", "id", "ws"}], "spans": [{"start", "end", "token_start", "token_end",
     "label", "attrs"}], "relations": [{"head", "child", "head_span",
     "child_span", "label"}], "cats": {label: 1.0 or 0.0}, "answer",
     "_annotator_id", "_session_id", "_view_id", "_status"}

then, for each document category the set answered (in the scheme's order),
one ``choice`` task of its own, as ``textcat.manual`` with several labels
writes it: ``{"text", "meta", ..., "options": [{"id", "text"}], "accept":
[chosen ids], "config": {"choice_style": "single" or "multiple"}, "answer",
"_view_id": "choice", ...}``. The option ids are the category labels of
``categories.py`` (the value names), the same as the labels of ``cats``.

``end`` is exclusive (a character offset, as everywhere in the app) while
Prodigy's ``token_end`` is *inclusive*. Tokens are spaCy's (blank English,
whitespace tokens included) so token indices equal spaCy's ``Token.i``. A
relation's ``head`` and ``child`` are, as ``rel.manual`` saves them, the
index of the *last* token of the head and child span (``token_end`` of
``head_span``/``child_span``), and ``_view_id`` is then ``relations``.
``attrs``, ``_status`` and ``_skip_reason`` are ours; Prodigy keeps unknown keys and ignores them.
``answer`` is ``accept`` for a done set, ``reject``/``ignore`` for a skipped
one (the skip reason ``reject`` gives ``reject``), ``ignore`` for unfinished
sets; ``_status`` keeps our exact status so our own import restores it.

The hashes are 32-bit MurmurHash values of the task's JSON like Prodigy's
``set_hashes`` (stable across runs and machines), but Prodigy's exact
values are not guaranteed: re-hash in Prodigy if you mix datasets.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import srsly
from murmurhash import hash_unicode
from spacy.language import Language

from annotator.core.scheme import Scheme
from annotator.core.tokens import blank_english
from annotator.core.types import Relation, SpanKey

from .categories import CategoryLabels
from .output import write_lines
from .records import ExportRecord, ExportSummary

VIEW_ID = "ner_manual"
RELATIONS_VIEW_ID = "relations"
CHOICE_VIEW_ID = "choice"


def input_hash(text: str) -> int:
    return hash_unicode(srsly.json_dumps({"text": text}, sort_keys=True))


def task_hash(in_hash: int, spans: list[dict[str, Any]], key: str = "spans") -> int:
    return hash_unicode(f"{in_hash}" + srsly.json_dumps({key: spans}, sort_keys=True))


def answer_for(status: str, skip_reason: str = "") -> str:
    if status == "done":
        return "accept"
    if status == "skipped" and skip_reason.strip().lower() == "reject":
        return "reject"
    return "ignore"


def document_meta(record: ExportRecord) -> dict[str, Any]:
    """Prodigy's ``meta`` (shown under the task): our document fields."""
    doc = record.document
    meta: dict[str, Any] = dict(doc.meta)
    for key, value in (("title", doc.title), ("source", doc.source), ("published", doc.published)):
        if value is not None:
            meta[key] = value
    meta["doc_hash"] = record.key
    return meta


def record_to_task(
    record: ExportRecord,
    summary: ExportSummary | None = None,
    nlp: Language | None = None,
    labels: CategoryLabels | None = None,
) -> dict[str, Any]:
    """The Prodigy task of one record (its spans, relations and ``cats``),
    with the fields its import kept (``ingest/prodigy_lines.py``) as they came."""
    nlp = nlp or blank_english()
    labels = labels or CategoryLabels(None)
    kept = record.meta.get("prodigy", {})
    text = record.document.text
    place = Placement(nlp.make_doc(text), kept.get("tokens"))
    tokens = place.tokens
    spans = []
    placed: dict[SpanKey, dict[str, Any]] = {}
    for span in sorted(record.spans, key=lambda s: (s.start, s.end, s.label)):
        first, last = place.range(span.start, span.end)
        if summary is not None:
            summary.spans += 1
            if (
                first is not None
                and tokens
                and (tokens[first]["start"] != span.start or tokens[last]["end"] != span.end)
            ):
                summary.expanded += 1
        entry: dict[str, Any] = {"start": span.start, "end": span.end}
        if first is not None:
            entry["token_start"] = first
            entry["token_end"] = last
        elif summary is not None and tokens is not None:
            summary.unplaceable += 1
        entry["label"] = span.label
        placed.setdefault(span.key(), dict(entry))
        entry["attrs"] = dict(span.attrs)
        spans.append(entry | _span_kept(span))
    relations = [
        _relation(rel, placed, place) for rel in sorted(record.relations, key=Relation.key)
    ]
    if summary is not None:
        summary.relations += len(relations)
        summary.categorised += bool(record.categories)
    in_hash = input_hash(text)
    task = {
        "text": text,
        "meta": document_meta(record),
        "_input_hash": in_hash,
        "_task_hash": task_hash(
            in_hash, [{k: s[k] for k in ("start", "end", "label")} for s in spans]
        ),
        "tokens": tokens,
        "spans": spans,
        "relations": relations,
        "cats": labels.cats(record.categories),
        **_answer(record),
    }
    task["_view_id"] = RELATIONS_VIEW_ID if relations else VIEW_ID
    if tokens is None:
        del task["tokens"]
    if "task" in kept:  # a task Prodigy made: its own fields as they were, no more
        for key in ("meta", "_session_id", "_view_id"):
            del task[key]
        task |= kept["task"]
    return task


def _span_kept(span: Any) -> dict[str, Any]:
    """A span's kept fields (``score``, ``source``, ``text`` ...), never over ours."""
    kept = span.meta.get("prodigy", {}) if span.meta else {}
    return {k: v for k, v in kept.items() if k not in _SPAN_OWN}


_SPAN_OWN = frozenset({"start", "end", "label", "token_start", "token_end", "attrs"})


def _answer(record: ExportRecord) -> dict[str, Any]:
    """The keys every task of a record ends with: the answer and who gave it."""
    keys: dict[str, Any] = {
        "answer": answer_for(record.status, record.skip_reason),
        "_annotator_id": record.annotator,
        "_session_id": record.annotator,
        "_view_id": VIEW_ID,
        "_status": record.status,
    }
    if record.status == "skipped" and record.skip_reason:
        keys["_skip_reason"] = record.skip_reason
    return keys


def _relation(
    rel: Relation, placed: dict[SpanKey, dict[str, Any]], place: Placement
) -> dict[str, Any]:
    """One relation as ``rel.manual`` saves it: the last token of each end."""
    ends = []
    for key in (rel.head, rel.child):
        span = placed.get(key)
        if span is None:  # an end the record's spans lack: placed on its own
            first, last = place.range(key[0], key[1])
            span = {"start": key[0], "end": key[1]}
            if first is not None:
                span |= {"token_start": first, "token_end": last}
            span["label"] = key[2]
        ends.append(span)
    head, child = ends
    return {
        "head": head.get("token_end"),
        "child": child.get("token_end"),
        "head_span": head,
        "child_span": child,
        "label": rel.label,
    }


def choice_tasks(
    record: ExportRecord, labels: CategoryLabels, scheme: Scheme | None
) -> list[dict[str, Any]]:
    """One ``choice`` task per category the record answered, in the scheme's order."""
    order = scheme.category_names if scheme is not None else []
    names = [n for n in order if n in record.categories]
    names += sorted(n for n in record.categories if n not in order)
    text = record.document.text
    in_hash = input_hash(text)
    tasks = []
    for name in names:
        chosen = record.categories[name]
        category = scheme.category(name) if scheme is not None else None
        values = category.value_names if category is not None else chosen
        options = [{"id": labels.label(name, v), "text": v} for v in values]
        multiple = category is not None and not category.exclusive
        task = {
            "text": text,
            "meta": document_meta(record),
            "_input_hash": in_hash,
            "_task_hash": task_hash(in_hash, options, "options"),
            "options": options,
            "accept": [labels.label(name, v) for v in chosen],
            "config": {"choice_style": "multiple" if multiple else "single"},
            **_answer(record),
        }
        task["_view_id"] = CHOICE_VIEW_ID
        tasks.append(task)
    return tasks


def _token_range(doc: Any, start: int, end: int) -> tuple[int | None, int]:
    """(first, last inclusive) spaCy token indices covering [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, -1
    return span.start, span.end - 1


class Placement:
    """The tokens a task is written with, and token indices of a span in them:
    blank English (what Prodigy's ``blank:en`` makes), or the tokens the
    import kept because they were not those (``None`` for a task that had
    none: no tokens, no token indices)."""

    def __init__(self, doc: Any, kept: Any = None):
        self.doc = doc
        self.kept = kept
        if kept is False:
            self.tokens: list[dict[str, Any]] | None = None
        elif isinstance(kept, list):
            self.tokens = kept
            self.starts = [t["start"] for t in kept]
            self.ends = [t["end"] for t in kept]
        else:
            self.tokens = [
                {
                    "text": t.text,
                    "start": t.idx,
                    "end": t.idx + len(t),
                    "id": t.i,
                    "ws": bool(t.whitespace_),
                }
                for t in doc
            ]

    def range(self, start: int, end: int) -> tuple[int | None, int]:
        """(first, last inclusive) token indices covering [start, end)."""
        if self.tokens is None:
            return None, -1
        if not isinstance(self.kept, list):
            return _token_range(self.doc, start, end)
        first = bisect_right(self.ends, start)  # the first token ending after start
        last = bisect_left(self.starts, end) - 1  # the last token starting before end
        if first > last:
            return None, -1
        return first, last


def write_prodigy(
    records: Iterable[ExportRecord],
    path: str | Path,
    summary: ExportSummary | None = None,
    scheme: Scheme | None = None,
) -> ExportSummary:
    """Write one task per record, then its ``choice`` tasks, to ``path``
    (streamed, written atomically). ``scheme`` names the categories' values
    and their order (without it, only the chosen values are options)."""
    summary = summary if summary is not None else ExportSummary()
    nlp = blank_english()
    labels = CategoryLabels(scheme)

    def lines() -> Iterator[str]:
        for record in records:
            summary.documents += 1
            if record.meta.get("prodigy"):
                from .prodigy_kept import kept_tasks  # it builds on this module's tasks

                tasks = kept_tasks(record, summary, nlp, labels, scheme)
            else:
                tasks = [record_to_task(record, summary, nlp, labels)]
                tasks += choice_tasks(record, labels, scheme)
            for task in tasks:
                yield srsly.json_dumps(task)

    write_lines(path, lines())
    summary.files.append(str(path))
    return summary
