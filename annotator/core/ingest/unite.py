"""One set from the lines of one document and annotator.

A file may hold several lines for one text and annotator: Prodigy's binary
recipes (``ner.teach``) write one line per suggested span, accepted or
rejected, and a document's categories come as ``choice`` or ``textcat``
lines of their own (our Prodigy export writes one choice line per category,
after the document's line). The import stores one set per document and
annotator, formed here:

* binary lines (and manual lines without a ``_view_id``, as hand-made files
  and old exports write them) unite: the accepted spans are the set's spans,
  the rest stay in the set's meta as rejected (``prodigy_lines.py``);
* two full annotations (a manual line with a ``_view_id``: ``ner_manual``,
  ``spans_manual``, ``relations``, our own) that differ are a conflict: the
  first is the set and each other one is returned, to be kept beside it
  under ``NAME@FILE`` and counted; never decided silently by line order.
  Identical ones are one set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.scheme import Scheme
from annotator.core.types import Relation, Span

from .annotated import AnnotatedRecord


def is_full(record: AnnotatedRecord) -> bool:
    """A full annotation of the text (not one decision among many)."""
    return record.kind == "manual" and record.view is not None


def content(record: AnnotatedRecord) -> tuple:
    """What two full annotations must share to be the same set."""
    return (
        sorted((s.key(), sorted(s.attrs.items())) for s in record.spans),
        sorted(r.key() for r in record.relations),
        record.status,
        record.skip_reason,
        record.categories,
    )


def _as_binary(record: AnnotatedRecord) -> AnnotatedRecord:
    """A manual line without ``_view_id`` among others of its text: one
    decision on its spans, kept as a binary line so each line's hashes come
    back out as they were."""
    kept = dict((record.meta or {}).get("prodigy", {}))
    task = kept.pop("task", {})
    answer = {"done": "accept"}.get(record.status, record.skip_reason or None)
    spans = [
        {"start": s.start, "end": s.end, "label": s.label, **s.meta.get("prodigy", {})}
        for s in record.spans
    ]
    kept["binary"] = [{"line": task, "answer": answer, "spans": spans}]
    accepted = [replace(s, meta={}) for s in record.spans] if record.status == "done" else []
    return replace(record, spans=accepted, kind="binary", meta={"prodigy": kept})


def _union(group: list[AnnotatedRecord]) -> AnnotatedRecord:
    """The union of the accepted lines' spans and relations, done; without
    an accepted line the last line stands (its spans not accepted)."""
    if len(group) == 1:
        return group[0]
    accepted = [r for r in group if r.status == "done"]
    if not accepted:
        return replace(group[-1], spans=[], relations=[])
    spans: dict[tuple[int, int, str], Span] = {}
    relations: dict[tuple, Relation] = {}
    for record in accepted:
        for span in record.spans:
            spans.setdefault(span.key(), span)
        for rel in record.relations:
            relations.setdefault(rel.key(), rel)
    return replace(
        accepted[0],
        spans=list(spans.values()),
        relations=list(relations.values()),
        status="done",
        skip_reason="",
        note=None,
    )


def _kept(group: list[AnnotatedRecord]) -> dict[str, Any] | None:
    """The lines' kept fields together: the first manual line's task and
    tokens, every binary, textcat and choice line in line order."""
    united: dict[str, Any] = {}
    for record in group:
        kept = (record.meta or {}).get("prodigy", {})
        for key, value in kept.items():
            if isinstance(value, list) and key != "tokens":
                united.setdefault(key, []).extend(value)
            else:
                united.setdefault(key, value)
    return {"prodigy": united} if united else None


def unite(group: list[AnnotatedRecord]) -> tuple[AnnotatedRecord, list[AnnotatedRecord]]:
    """(the set, the full annotations that differ from it) of one text and annotator."""
    if len(group) == 1:
        return group[0], []
    lines = [r for r in group if not r.choice]
    full = [r for r in lines if is_full(r)]
    conflicts: list[AnnotatedRecord] = []
    seen = [content(full[0])] if full else []
    for record in full[1:]:
        if content(record) not in seen:
            seen.append(content(record))
            conflicts.append(record)
    others = [r if r.kind == "binary" or is_full(r) else _as_binary(r) for r in lines]
    others = [r for r in others if not is_full(r)]
    if full:
        binary = _union(others) if others else None
        base = full[0]
        if binary is not None and binary.status == "done":
            base = replace(
                base,
                spans=_union([replace(base, status="done"), binary]).spans,
                relations=base.relations + [r for r in binary.relations if r not in base.relations],
            )
    elif others:
        base = _union(others)
    else:
        accepted = [r for r in group if r.status == "done"]
        base = accepted[0] if accepted else group[-1]  # still a choice record: no spans said
    choices = [r for r in group if r.choice]
    meta = _kept([*full[:1], *others, *choices])  # identical repeats of the full line add nothing
    stated = [r.categories for r in group if r.categories is not None and r not in conflicts]
    categories = None
    if stated:
        united: dict[str, list[str]] = {}
        for answers in stated:
            for name, values in answers.items():
                chosen = united.setdefault(name, [])
                chosen.extend(v for v in values if v not in chosen)
        categories = {n: sorted(v) for n, v in sorted(united.items())}
    record = replace(
        base,
        categories=categories,
        meta=meta,
        lines=sorted(n for r in group if r not in conflicts for n in r.lines),
    )
    return record, conflicts


def merge_lines(group: list[AnnotatedRecord]) -> AnnotatedRecord:
    """The set :func:`unite` forms (the checks use it: the store's own rule)."""
    return unite(group)[0]


def check_united_answers(path: Path, records: Sequence[AnnotatedRecord], scheme: Scheme) -> None:
    """Refuse the lines of one text and annotator whose united answers give
    a one-choice category two values, naming the last of those lines."""
    groups: dict[tuple[str, str], list[AnnotatedRecord]] = {}
    for record in records:
        groups.setdefault((record.document.text, record.annotator), []).append(record)
    for group in groups.values():
        if len(group) < 2:
            continue
        answers = merge_lines(group).categories or {}
        for name, values in answers.items():
            category = scheme.category(name)
            if category is not None and category.exclusive and len(values) > 1:
                lines = [r.line for r in group if r.categories and name in r.categories]
                raise InputError(
                    f"category {name!r} takes one value; the lines of this text and annotator"
                    f" give {', '.join(values)} (lines {', '.join(map(str, lines))})",
                    str(path),
                    max((n for n in lines if n is not None), default=None),
                )
