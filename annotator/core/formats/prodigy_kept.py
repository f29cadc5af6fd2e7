"""Prodigy tasks of a set whose import kept Prodigy's own lines.

A set imported from Prodigy keeps, in its meta under ``prodigy`` (written by
``ingest/prodigy_lines.py``), the fields the project does not model and the
lines it cannot show: binary decisions (``ner.teach``: one line per
suggestion, rejected ones too), ``textcat`` decisions and ``choice`` tasks.
Writing them back as they came means Prodigy -> annotator -> Prodigy keeps
``_input_hash``, ``_task_hash``, timestamps and sessions; only what the
project made since gets new hashes:

* the manual line (when there was one) with its kept fields over ours;
* each binary line as it was, while the spans it accepted are still the
  set's (a line whose accepted span was deleted since is not written, so it
  cannot bring the span back); spans no kept line accepted go in one
  ``ner_manual`` task of ours;
* each textcat and choice line as it was, with the set's answers now; the
  categories none of them states get our ``choice`` tasks.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from spacy.language import Language

from annotator.core.scheme import Scheme

from .categories import CategoryLabels
from .prodigy import Placement, choice_tasks, record_to_task
from .records import ExportRecord, ExportSummary


def _line(record: ExportRecord, kept: dict[str, Any], answer: Any) -> dict[str, Any]:
    """A kept line: its text, its fields, its answer, its annotator."""
    task = {"text": record.document.text, **kept["line"]}
    if answer is not None:
        task["answer"] = answer
    task.setdefault("_annotator_id", record.annotator)
    return task


def _binary(
    record: ExportRecord, place: Placement, summary: ExportSummary | None
) -> tuple[list[dict[str, Any]], set[tuple[int, int, str]]]:
    """The kept binary lines still true of the set, and the spans they accept."""
    have = {s.key() for s in record.spans}
    tasks = []
    covered: set[tuple[int, int, str]] = set()
    for entry in record.meta["prodigy"].get("binary", []):
        spans = []
        accepted = []
        for kept in entry["spans"]:
            key = (kept["start"], kept["end"], kept["label"])
            decided = kept.get("answer", entry["answer"])
            if entry["answer"] != "ignore" and decided in ("accept", None):
                accepted.append(key)
            span = {"start": kept["start"], "end": kept["end"]}
            first, last = place.range(kept["start"], kept["end"])
            if first is not None:
                span |= {"token_start": first, "token_end": last}
            spans.append(span | {k: v for k, v in kept.items() if k not in span})
        if any(key not in have for key in accepted):
            continue  # the span it accepted was removed since
        covered.update(accepted)
        task = _line(record, entry, entry["answer"])
        if place.tokens is not None:
            task["tokens"] = place.tokens
        task["spans"] = spans
        tasks.append(task)
        if summary is not None:
            summary.spans += len(accepted)
    return tasks, covered


def _categories(
    record: ExportRecord, labels: CategoryLabels
) -> tuple[list[dict[str, Any]], set[str]]:
    """The kept textcat and choice lines with the set's answers, and the
    categories their accepted lines state."""
    kept = record.meta["prodigy"]
    chosen = set(labels.chosen(record.categories))
    tasks = []
    stated: set[str] = set()
    for entry in kept.get("textcat", []):
        label = entry["label"]
        if entry["answer"] == "accept" and label not in chosen:
            continue  # the answer was changed since: our choice task says the new one
        if entry["answer"] == "accept" and label in labels.values:
            stated.add(labels.values[label][0])
        tasks.append(_line(record, entry, entry["answer"]) | {"label": label})
    for entry in kept.get("choice", []):
        task = _line(record, entry, entry["answer"])
        accept = entry["accept"]
        if entry["answer"] == "accept":
            covers = {
                labels.values[o["id"]][0]
                for o in task.get("options", [])
                if o["id"] in labels.values
            }
            stated |= covers
            accept = [
                labels.label(name, v)
                for name, values in record.categories.items()
                if name in covers
                for v in values
            ]
        tasks.append(task | {"accept": accept})
    return tasks, stated


def kept_tasks(
    record: ExportRecord,
    summary: ExportSummary | None,
    nlp: Language,
    labels: CategoryLabels,
    scheme: Scheme | None,
) -> list[dict[str, Any]]:
    """Every task of a set with kept Prodigy lines, in the order described above."""
    kept = record.meta["prodigy"]
    place = Placement(nlp.make_doc(record.document.text), kept.get("tokens"))
    binary, covered = _binary(record, place, summary)
    tasks = []
    rest = [s for s in record.spans if s.key() not in covered]
    lines = any(kept.get(k) for k in ("binary", "textcat", "choice"))
    if "task" in kept or not lines:
        tasks.append(record_to_task(record, summary, nlp, labels))
    elif rest:  # spans no kept line accepts: one task of ours
        lone = replace(record, spans=rest, categories={}, meta={})
        tasks.append(record_to_task(lone, summary, nlp, labels))
    tasks += binary
    category_tasks, stated = _categories(record, labels)
    tasks += category_tasks
    left = {n: v for n, v in record.categories.items() if n not in stated}
    tasks += choice_tasks(replace(record, categories=left), labels, scheme)
    return tasks
