"""Pre-annotating a project: stream its documents through the pipeline, store predictions.

Writes go through ``Project.replace_predictions`` one batch per transaction,
so an interrupted run (Ctrl+C, the GUI's Stop, a crash) keeps every
finished batch and nothing half-written; re-running continues with the
documents this model has not seen. ``should_stop`` is polled after every
document (the documents done so far are written before stopping), and
``progress(done, total)`` is called after each written batch. A batch is
at most ``WRITE_BATCH`` documents and ``WRITE_SPANS`` spans, so each commit
is a short transaction a window on the same file can write between. An
interruption or a failed write (Ctrl+C, a full disk) ends the run with one
line saying how many documents were done and kept.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.store.models import ModelInfo
from annotator.core.store.staging import reason
from annotator.core.types import Relation, Span
from annotator.core.words import count

from .aliases import AliasTable
from .annotate import Suggestions
from .most_to_learn import uncertainty
from .own_labels import ModelPreannotator, label_sources
from .pipeline import Pipeline, load_pipeline

MODEL_SETTING = "nlp.model"  # project setting naming the pipeline to use
WRITE_BATCH = 256
WRITE_SPANS = 5000


@dataclass
class PreannotationSummary:
    model: str
    version: str
    kind: str
    description: str
    total: int = 0  # documents that needed pre-annotation
    annotated: int = 0  # documents whose predictions were written
    skipped_empty: int = 0
    already_done: int = 0
    spans: int = 0
    relations: int = 0  # HOLDER/TARGET links proposed between the spans
    stopped: bool = False
    seconds: float = 0.0
    aliases_learned: int = 0
    by_label: dict[str, int] = field(default_factory=dict)
    # scheme label -> "model" (the pipeline's own label), "mapped" (label map), "rules"
    sources: dict[str, str] = field(default_factory=dict)
    # which one gave STANCE polarities, learned model or lexicon, and why (a trained model)
    polarity: str | None = None
    suggesting: str | None = None  # the project's suggesting model after the run
    adopted: bool = False  # this model became it (the project had none)

    def message(self) -> str:
        labels = ", ".join(f"{k} {v}" for k, v in sorted(self.by_label.items())) or "none"
        parts = [
            f"pre-annotated {self.annotated} of {self.total} documents with {self.model} "
            f"{self.version} ({self.kind}): {self.spans} spans ({labels}),"
            f" {self.relations} relations",
        ]
        parts.extend(self._origins())
        if self.polarity:
            parts.append(self.polarity)
        if self.adopted:
            parts.append(f"suggesting model: {self.model} (the project had none)")
        elif self.suggesting and self.suggesting != self.model:
            parts.append(
                f"suggesting model stays {self.suggesting}; "
                f"`annotator models use {self.model}` to switch"
            )
        if self.already_done:
            parts.append(f"{self.already_done} already had predictions from this model")
        if self.skipped_empty:
            parts.append(f"{self.skipped_empty} empty skipped")
        if self.aliases_learned:
            parts.append(f"{self.aliases_learned} aliases learnt from annotations")
        if self.stopped:
            parts.append("stopped early; finished batches kept")
        return "; ".join(parts)

    def _origins(self) -> list[str]:
        """Which labels the model predicted itself, which through the label map,
        and which the rules alone (they also add to and fill the others)."""
        words = {
            "model": "labels from the model",
            "mapped": "mapped from the model's labels",
            "rules": "from rules only",
        }
        return [
            f"{text}: {', '.join(sorted(k for k, v in self.sources.items() if v == key))}"
            for key, text in words.items()
            if key in self.sources.values()
        ]


def run_preannotation(
    project: Any,
    model: str | None = None,
    force: bool = False,
    batch_size: int = 64,
    n_process: int = 1,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    pipeline: Pipeline | None = None,
    write_batch: int = WRITE_BATCH,
) -> PreannotationSummary:
    """Pre-annotate every document without predictions from the chosen model
    (all of them with ``force``); returns what was done."""
    started = time.perf_counter()
    scheme = project.scheme()
    if pipeline is None:
        pipeline = load_pipeline(model or project.setting(MODEL_SETTING), scheme)
    aliases = AliasTable.default()
    learned = aliases.learn(project.vocabulary.human_aliases())
    annotator = ModelPreannotator(pipeline, scheme, aliases)
    summary = PreannotationSummary(
        pipeline.id, pipeline.version, pipeline.kind, pipeline.describe(), aliases_learned=learned
    )
    summary.sources = label_sources(pipeline, scheme, annotator.rules)
    summary.polarity = annotator.polarity_note
    register(project, pipeline)
    summary.adopted = project.models.adopt_first(pipeline.id)
    summary.suggesting = project.models.suggesting()
    done_ids = set() if force else project.documents.with_predictions(pipeline.id)
    ids = [i for i in project.documents.ids() if i not in done_ids]
    summary.already_done = len(done_ids)
    summary.total = len(ids)
    if progress:
        progress(0, summary.total)
    fed: deque[tuple[int, bool]] = deque()

    def texts() -> Iterator[tuple[str, str | None]]:
        for doc in project.documents.stream(ids):
            empty = not doc.text.strip()
            fed.append((doc.id, empty))
            yield ("" if empty else doc.text), doc.published

    batch: list[tuple[int, Suggestions]] = []
    pending = 0  # spans in ``batch``
    processed = 0
    results = annotator.suggest(texts(), batch_size=batch_size, n_process=n_process)
    try:
        for found in results:
            doc_id, empty = fed.popleft()
            processed += 1
            if empty:
                summary.skipped_empty += 1
            else:
                batch.append((doc_id, found))
                pending += len(found.spans)
            stop = should_stop is not None and processed < summary.total and should_stop()
            full = len(batch) >= write_batch or pending >= WRITE_SPANS
            if stop or full or processed == summary.total:
                _write(project, batch, pipeline, summary)  # what is done is kept
                batch, pending = [], 0
                if progress:
                    progress(processed, summary.total)
            if stop:
                summary.stopped = True
                break
        if batch:
            _write(project, batch, pipeline, summary)
            if progress:
                progress(processed, summary.total)
        project.listing.learn.refresh()  # the list's "most to learn" sort waits for none
    except (AnnotatorError, OSError, KeyboardInterrupt) as exc:
        raise AnnotatorError(
            f"{reason(exc)}; {summary.annotated} of {count(summary.total, 'document')}"
            f" {'was' if summary.annotated == 1 else 'were'} pre-annotated and kept;"
            " run preannotate again to continue with the rest"
        ) from None
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
    summary.seconds = time.perf_counter() - started
    return summary


def _write(
    project: Any,
    batch: list[tuple[int, Suggestions]],
    pipeline: Pipeline,
    summary: PreannotationSummary,
) -> None:
    """One transaction: the batch's spans and the relations between them (HOLDER, TARGET)."""
    if not batch:
        return
    spans: list[tuple[int, list[Span]]] = [(doc_id, found.spans) for doc_id, found in batch]
    relations: dict[int, list[Relation]] = {
        doc_id: found.relations for doc_id, found in batch if found.relations
    }
    categories = {doc_id: found.categories for doc_id, found in batch if found.categories}
    unsure = {d: u for d, found in batch if (u := uncertainty(found.scores)) is not None}
    with project.transaction():  # the run and how unsure it was ("most to learn")
        project.documents.replace_predictions(
            spans, pipeline.id, pipeline.version, relations=relations, categories=categories
        )
        project.listing.learn.keep_uncertainty(pipeline.id, unsure)
    summary.annotated += len(batch)
    for _, found in batch:
        summary.spans += len(found.spans)
        summary.relations += len(found.relations)
        for s in found.spans:
            summary.by_label[s.label] = summary.by_label.get(s.label, 0) + 1


def register(project: Any, pipeline: Pipeline) -> bool:
    """Record the pipeline in the project's models under its id (a known id is
    left as it was: the same files are the same model); returns whether it was new."""
    return project.models.register(
        ModelInfo(
            id=pipeline.id,
            name=pipeline.name,
            version=pipeline.version,
            kind=pipeline.kind,
            path=pipeline.path,
            digest=pipeline.digest,
        )
    )
