"""Every Prodigy line shape, decided by the line's own content.

* **manual** (``ner_manual``, ``ner.correct``, ``spans.manual``, ``rel.manual``,
  hand-made and our own lines): ``spans`` (left out by Prodigy when nothing
  was marked: an accepted line without ``spans`` says "no entities"),
  ``relations``, ``cats``; with or without ``tokens``.
* **binary** (``ner.teach`` and other binary recipes: ``_view_id`` ``ner``,
  ``spans``, or a span with its own ``answer``): one decision per suggested
  span; the span's own ``answer`` wins over the line's. Accepted suggestions
  become spans; rejected and ignored ones are kept as such in the set's meta,
  never turned into spans.
* **textcat** (``textcat.teach``: ``label`` + ``answer``): one decision on one
  category label; **choice** (``options`` + ``accept``): the chosen labels.

Whatever a line has that the project does not model (``_input_hash``,
``_task_hash``, ``_timestamp``, ``_session_id``, the line's ``meta``, a span's
``score``/``source``/``rank``/``text``, any other key) is kept verbatim:
the line's in the set's meta under ``prodigy``, a manual span's in the span's
meta, so the Prodigy export (``formats/prodigy.py``) writes it back. Our own
lines (``meta.doc_hash``) keep nothing: our export makes all of it again.

Set meta layout (each part only when there is something in it)::

    {"prodigy": {"task": {kept keys of the manual line},
                 "tokens": false (the line had none) or [its tokens, when not ours],
                 "binary": [{"line": {...}, "answer": a, "spans": [span objects]}],
                 "textcat": [{"line": {...}, "answer": a, "label": L}],
                 "choice": [{"line": {... options, config ...}, "answer": a, "accept": [...]}]}}
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotator.core.types import STATUSES, Span

from .annotated import AnnotatedRecord
from .linereader import LineReader
from .links import LineSpans, answers_from_cats, prodigy_relations

BINARY_VIEWS = frozenset({"ner", "spans", "classification", "binary"})
ANSWERS = {
    "accept": ("done", ""),
    "reject": ("skipped", "reject"),
    "ignore": ("skipped", "ignore"),
}
MISSING = {"accept": "accept", "ignore": "ignore", "in-progress": None}
# What the project models (or our own export writes again): never kept.
_MODELLED = frozenset(
    {"text", "spans", "relations", "cats", "answer", "tokens", "_status", "_skip_reason", "_note"}
)
_SPAN_MODELLED = frozenset(
    {"start", "end", "label", "token_start", "token_end", "attrs", "_origin"}
)


def line_kind(obj: dict[str, Any]) -> str:
    """``manual``, ``binary``, ``textcat`` or ``choice``, from the line alone."""
    view = obj.get("_view_id")
    if isinstance(obj.get("options"), list) and "spans" not in obj:
        return "choice"
    if isinstance(obj.get("label"), str) and ("spans" not in obj or view == "classification"):
        return "textcat"
    if view in BINARY_VIEWS:
        return "binary"
    spans = obj.get("spans")
    if isinstance(spans, list) and any(isinstance(s, dict) and "answer" in s for s in spans):
        return "binary"
    return "manual"


def ours(obj: dict[str, Any]) -> bool:
    """A line our export made itself (its ``meta`` names the document's
    hash): it keeps nothing, our export makes all of it again. A task
    Prodigy made keeps its own ``meta`` when we write it back, so it stays
    foreign through any number of round trips."""
    meta = obj.get("meta")
    return isinstance(meta, dict) and "doc_hash" in meta


def carries_annotations(obj: dict[str, Any]) -> bool:
    """Whether a line says anything annotated (``--answer-missing``'s default
    takes such a line without ``answer`` as accepted, as ``db-in`` does)."""
    return any(k in obj for k in ("spans", "relations", "cats", "accept", "label"))


class ProdigyLines:
    """Prodigy lines of one file to records, through the file's LineReader."""

    def __init__(self, reader: LineReader):
        self.reader = reader
        self.nlp: Any = None  # blank English, made for the first line with tokens
        self.missing: dict[str, int] = {}  # lines without answer -> what they were taken as
        self.kept_lines = 0
        self.rejected = 0

    def record(self, obj: dict[str, Any], line: int) -> AnnotatedRecord:
        kind = line_kind(obj)
        if kind == "choice":
            record = self.choice(obj, line)
        elif kind == "textcat":
            record = self.textcat(obj, line)
        elif kind == "binary":
            record = self.binary(obj, line)
        else:
            record = self.manual(obj, line)
        record.view = obj.get("_view_id") if isinstance(obj.get("_view_id"), str) else None
        record.lines = [line]
        if record.meta:
            self.kept_lines += 1
        return record

    # -- what a line keeps -------------------------------------------------

    def kept(self, obj: dict[str, Any], name: str, extra: frozenset[str] = frozenset()) -> dict:
        """The line's keys the project does not model, verbatim (none for ours)."""
        if ours(obj):
            return {}
        kept = {k: v for k, v in obj.items() if k not in _MODELLED and k not in extra}
        if kept.get("_annotator_id") == name:
            del kept["_annotator_id"]  # the set's annotator says it
        return kept

    def tokens(self, obj: dict[str, Any], text: str, line: int) -> dict[str, Any]:
        """``tokens: false`` for a foreign line without tokens, the tokens
        themselves when they are not blank English's (what our export writes)."""
        if ours(obj):
            return {}
        tokens = obj.get("tokens")
        if tokens is None:
            return {"tokens": False}
        if not isinstance(tokens, list):
            raise self.reader.fail("'tokens' must be a list", line)
        if self.nlp is None:
            from annotator.core.tokens import blank_english

            self.nlp = blank_english()
        blank = [
            {"text": t.text, "start": t.idx, "end": t.idx + len(t), "id": t.i}
            | {"ws": bool(t.whitespace_)}
            for t in self.nlp.make_doc(text)
        ]
        return {} if tokens == blank else {"tokens": tokens}

    def status(self, obj: dict[str, Any], line: int) -> tuple[str, str, str | None]:
        """(status, skip reason, answer) of a line: its ``answer``, else what
        ``--answer-missing`` says, and our own ``_status`` over both."""
        answer = obj.get("answer")
        if answer is None and "_status" not in obj:
            policy = self.reader.answer_missing
            if policy is None:
                policy = "accept" if carries_annotations(obj) else "in-progress"
            self.missing[policy] = self.missing.get(policy, 0) + 1
            answer = MISSING[policy]
        if answer is None:
            status, reason = "in_progress", ""
        elif answer in ANSWERS:
            status, reason = ANSWERS[answer]
        else:
            raise self.reader.fail(f"answer {answer!r} is not accept, reject or ignore", line)
        own = obj.get("_status")
        if own is not None:
            if own not in STATUSES:
                raise self.reader.fail(f"_status {own!r} is not one of {', '.join(STATUSES)}", line)
            status = own
            reason = str(obj.get("_skip_reason") or "") if own == "skipped" else ""
        return status, reason, answer

    # -- the shapes ----------------------------------------------------------

    def spans_of(self, obj: dict[str, Any], text: str, line: int) -> list[dict[str, Any]]:
        spans = obj.get("spans", [])
        if not isinstance(spans, list):
            raise self.reader.fail("'spans' must be a list", line)
        for item in spans:
            if not isinstance(item, dict):
                raise self.reader.fail(f"a span must be an object, not {item!r}", line)
        return spans

    def manual(self, obj: dict[str, Any], line: int) -> AnnotatedRecord:
        r = self.reader
        doc = r.document(obj, "text", line)
        name = r.who(obj, line)
        spans = []
        found = LineSpans()
        for item in self.spans_of(obj, doc.text, line):
            start, end, label = item.get("start"), item.get("end"), item.get("label")
            span = r.span(start, end, label, item.get("attrs"), doc.text, line)
            origin = item.get("_origin", "human")  # our own (the window's recovery file)
            if origin not in ("human", "model"):
                raise r.fail(f"span _origin {origin!r} is not human or model", line)
            extras = {k: v for k, v in item.items() if k not in _SPAN_MODELLED}
            if ours(obj):
                extras = {}
            spans.append(replace(span, origin=origin, meta={"prodigy": extras} if extras else {}))
            found.add(item.get("label"), spans[-1], item.get("token_end"))
        status, reason, _ = self.status(obj, line)
        note = obj.get("_note")
        if note is not None and not isinstance(note, str):
            raise r.fail(f"_note must be a string, not {note!r}", line)
        relations = prodigy_relations(obj.get("relations"), found, r.scheme, r.at(line))
        cats = obj.get("cats")
        categories = None if cats is None else self.cats(cats, line)
        kept: dict[str, Any] = {}
        task = self.kept(obj, name)
        if task:
            kept["task"] = task
        kept |= self.tokens(obj, doc.text, line)
        return AnnotatedRecord(
            doc,
            spans,
            name,
            status,
            reason,
            line,
            note,
            relations,
            categories,
            meta={"prodigy": kept} if kept else None,
        )

    def cats(self, cats: Any, line: int) -> dict[str, list[str]]:
        """``cats`` as answers; labels the scheme lacks are counted as unknown."""
        r = self.reader
        if isinstance(cats, dict):
            cats = {k: v for k, v in cats.items() if r.category_label(k, line) is not None}
            cats = {r.label_map.get(k, k): v for k, v in cats.items()}
        return answers_from_cats(cats, r.categories, r.at(line))

    def binary(self, obj: dict[str, Any], line: int) -> AnnotatedRecord:
        """One decision on suggested spans: accepted ones are spans, the rest kept."""
        r = self.reader
        doc = r.document(obj, "text", line)
        name = r.who(obj, line)
        status, reason, answer = self.status(obj, line)
        accepted: list[Span] = []
        entry_spans = []
        for item in self.spans_of(obj, doc.text, line):
            start, end, label = item.get("start"), item.get("end"), item.get("label")
            span = r.span(start, end, label, None, doc.text, line)
            decided = item.get("answer", answer) if answer != "ignore" else "ignore"
            if decided not in (*ANSWERS, None):
                raise r.fail(f"span answer {decided!r} is not accept, reject or ignore", line)
            kept_span = {k: v for k, v in item.items() if k not in ("token_start", "token_end")}
            kept_span["label"] = span.label
            entry_spans.append(kept_span)
            if decided == "accept" or (decided is None and status == "done"):
                accepted.append(span)
            else:
                self.rejected += 1
        if accepted:  # a span's own accept wins over the line's answer
            status, reason = "done", ""
        elif status == "done":
            status, reason = "skipped", "reject"  # every suggestion of the line turned down
        entry = {"line": self.kept(obj, name), "answer": answer, "spans": entry_spans}
        kept = {"binary": [entry], **self.tokens(obj, doc.text, line)}
        return AnnotatedRecord(
            doc, accepted, name, status, reason, line, kind="binary", meta={"prodigy": kept}
        )

    def textcat(self, obj: dict[str, Any], line: int) -> AnnotatedRecord:
        """``label`` + ``answer``: an accepted label is a category answer; a
        rejected or ignored one is kept as such."""
        r = self.reader
        doc = r.document(obj, "text", line)
        name = r.who(obj, line)
        status, reason, answer = self.status(obj, line)
        label = r.category_label(obj["label"], line)
        categories = None
        if label is not None and status == "done":
            categories = answers_from_cats([label], r.categories, r.at(line))
        elif label is not None:
            self.rejected += 1
        entry = {"line": self.kept(obj, name, frozenset({"label"})), "answer": answer}
        entry["label"] = label or obj["label"]  # as --label-map made it
        return AnnotatedRecord(
            doc,
            [],
            name,
            status,
            reason,
            line,
            categories=categories,
            kind="textcat",
            meta={"prodigy": {"textcat": [entry]}},
        )

    def choice(self, obj: dict[str, Any], line: int) -> AnnotatedRecord:
        """A ``choice`` task: its accepted option ids are category labels.
        A foreign line answered reject or ignore gives none (counted, kept);
        ours (with ``_status``) keeps the answers of a skipped set too."""
        r = self.reader
        doc = r.document(obj, "text", line)
        ids = []
        for option in obj["options"]:
            if not isinstance(option, dict) or "id" not in option:
                raise r.fail(f"a choice option must be an object with an id, not {option!r}", line)
            ids.append(str(option["id"]))
        accept = obj.get("accept", [])
        if not isinstance(accept, list):
            raise r.fail("'accept' must be a list of option ids", line)
        chosen = [str(a) for a in accept]
        for value in chosen:
            if value not in ids:
                raise r.fail(f"accepted {value!r} is none of the options", line)
        status, reason, answer = self.status(obj, line)
        name = r.who(obj, line)
        categories = None
        if answer == "accept" or "_status" in obj:
            labels = [r.category_label(v, line) for v in chosen]
            categories = answers_from_cats(
                [v for v in labels if v is not None], r.categories, r.at(line)
            )
        else:
            r.declined += 1
        meta = None
        kept = self.kept(obj, name, frozenset({"accept"}))
        if kept:
            meta = {"prodigy": {"choice": [{"line": kept, "answer": answer, "accept": accept}]}}
        return AnnotatedRecord(
            doc, [], name, status, reason, line, categories=categories, kind="choice", meta=meta
        )
