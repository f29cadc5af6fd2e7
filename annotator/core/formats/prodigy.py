"""Prodigy's task format (JSONL), as ``ner_manual``/``spans_manual`` write it.

One line per annotated document::

    {"text", "meta", "_input_hash", "_task_hash", "tokens": [{"text", "start",
     "end", "id", "ws"}], "spans": [{"start", "end", "token_start", "token_end",
     "label", "attrs"}], "relations": [], "answer", "_annotator_id",
     "_session_id", "_view_id", "_status"}

``end`` is exclusive (a character offset, as everywhere in the app) while
Prodigy's ``token_end`` is *inclusive*. Tokens are spaCy's (blank English,
whitespace tokens included) so token indices equal spaCy's ``Token.i``.
``attrs``, ``_status`` and ``_skip_reason`` are ours; Prodigy keeps unknown keys and ignores them.
``answer`` is ``accept`` for a done set, ``reject``/``ignore`` for a skipped
one (the skip reason ``reject`` gives ``reject``), ``ignore`` for unfinished
sets; ``_status`` keeps our exact status so our own import restores it.

The hashes are 32-bit MurmurHash values of the task's JSON like Prodigy's
``set_hashes`` (stable across runs and machines), but Prodigy's exact
values are not guaranteed: re-hash in Prodigy if you mix datasets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import srsly
from murmurhash import hash_unicode
from spacy.language import Language

from annotator.core.tokens import blank_english

from .output import write_lines
from .records import ExportRecord, ExportSummary

VIEW_ID = "ner_manual"


def input_hash(text: str) -> int:
    return hash_unicode(srsly.json_dumps({"text": text}, sort_keys=True))


def task_hash(in_hash: int, spans: list[dict[str, Any]]) -> int:
    return hash_unicode(f"{in_hash}" + srsly.json_dumps({"spans": spans}, sort_keys=True))


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
    record: ExportRecord, summary: ExportSummary | None = None, nlp: Language | None = None
) -> dict[str, Any]:
    """The Prodigy task of one record."""
    nlp = nlp or blank_english()
    text = record.document.text
    doc = nlp.make_doc(text)
    tokens = [
        {
            "text": t.text,
            "start": t.idx,
            "end": t.idx + len(t),
            "id": t.i,
            "ws": bool(t.whitespace_),
        }
        for t in doc
    ]
    spans = []
    for span in sorted(record.spans, key=lambda s: (s.start, s.end, s.label)):
        first, last = _token_range(doc, span.start, span.end)
        if summary is not None:
            summary.spans += 1
            if first is not None and (
                tokens[first]["start"] != span.start or tokens[last]["end"] != span.end
            ):
                summary.expanded += 1
        entry: dict[str, Any] = {"start": span.start, "end": span.end}
        if first is not None:
            entry["token_start"] = first
            entry["token_end"] = last
        elif summary is not None:
            summary.unplaceable += 1
        entry["label"] = span.label
        entry["attrs"] = dict(span.attrs)
        spans.append(entry)
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
        "relations": [],
        "answer": answer_for(record.status, record.skip_reason),
        "_annotator_id": record.annotator,
        "_session_id": record.annotator,
        "_view_id": VIEW_ID,
        "_status": record.status,
    }
    if record.status == "skipped" and record.skip_reason:
        task["_skip_reason"] = record.skip_reason
    return task


def _token_range(doc: Any, start: int, end: int) -> tuple[int | None, int]:
    """(first, last inclusive) spaCy token indices covering [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, -1
    return span.start, span.end - 1


def write_prodigy(
    records: Iterable[ExportRecord], path: str | Path, summary: ExportSummary | None = None
) -> ExportSummary:
    """Write one task per record to ``path`` (streamed, written atomically)."""
    summary = summary if summary is not None else ExportSummary()
    nlp = blank_english()

    def lines() -> Iterator[str]:
        for record in records:
            summary.documents += 1
            yield srsly.json_dumps(record_to_task(record, summary, nlp))

    write_lines(path, lines())
    summary.files.append(str(path))
    return summary
