"""``annotator import FILE --predictions --model NAME[@VERSION]``: suggestions made elsewhere.

A corpus too large for one machine is pre-annotated on a cluster (spaCy's
``nlp.pipe`` under Dask, Ray or Spark, a ``spacy-llm`` pipeline) and brought
back as a Prodigy, doccano or DocBin file. Its spans, relations and category
answers are stored as that model's predictions, not as anyone's set: the
model is registered (kind ``imported``) under ``NAME`` or ``NAME-VERSION``
and can then suggest like any other (``annotator models use``). Every file
is read and checked before anything is stored; each batch of documents and
their predictions is one transaction, and a second import under the same
model replaces that model's predictions for the documents it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.store.models import ModelInfo
from annotator.core.types import Relation, Span
from annotator.core.words import count

from .annotations import AnnotatedRecord, read_annotated, split_annotated

BATCH = 500
IMPORTED = "_predictions"  # the reader's annotator name for lines that name none
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


@dataclass
class PredictionImport:
    model: str
    version: str
    files: int = 0
    documents: int = 0
    new_documents: int = 0
    spans: int = 0
    relations: int = 0
    categorised: int = 0
    adopted: bool = False
    suggesting: str | None = None
    by_label: dict[str, int] = field(default_factory=dict)

    def message(self) -> str:
        labels = ", ".join(f"{k} {v}" for k, v in sorted(self.by_label.items())) or "none"
        parts = [
            f"imported predictions of {self.model} for {count(self.documents, 'document')}"
            f" ({self.new_documents} new) from {count(self.files, 'file')}:"
            f" {count(self.spans, 'span')} ({labels}), {count(self.relations, 'relation')},"
            f" {self.categorised} categorised"
        ]
        if self.adopted:
            parts.append(f"suggesting model: {self.model} (the project had none)")
        elif self.suggesting and self.suggesting != self.model:
            parts.append(
                f"suggesting model stays {self.suggesting}; "
                f"`annotator models use {self.model}` to switch"
            )
        return "; ".join(parts)


def parse_model(value: str) -> tuple[str, str, str]:
    """``NAME[@VERSION]`` -> (id, name, version); the id is ``NAME`` or ``NAME-VERSION``."""
    name, _, version = value.partition("@")
    if not _NAME.match(name) or (version and not _NAME.match(version)):
        raise AnnotatorError(
            f"--model {value!r}: expected NAME or NAME@VERSION (letters, digits, _ . -)"
        )
    return (f"{name}-{version}" if version else name), name, version or "0"


def _as_model(record: AnnotatedRecord) -> tuple[list[Span], list[Relation]]:
    spans = [Span(s.start, s.end, s.label, dict(s.attrs), origin="model") for s in record.spans]
    relations = [Relation(r.head, r.child, r.label, origin="model") for r in record.relations]
    return spans, relations


def import_predictions(
    project: Project,
    paths: list[Path],
    model: str,
    label_map: dict[str, str] | None = None,
) -> PredictionImport:
    """Read every file, then store its lines as ``model``'s predictions."""
    model_id, name, version = parse_model(model)
    plain, annotated = split_annotated(paths)
    if plain:
        raise AnnotatorError(
            f"{plain[0]}: no predictions in it (plain documents); --predictions takes "
            "annotated Prodigy, doccano or .spacy files"
        )
    scheme = project.scheme()
    files = [read_annotated(p, scheme, IMPORTED, label_map) for p in annotated]
    summary = PredictionImport(model_id, version, files=len(files))
    records = [r for f in files for r in f.records]
    project.models.register(ModelInfo(model_id, name, version, "imported"))
    for i in range(0, len(records), BATCH):
        part = records[i : i + BATCH]
        with project.transaction():  # the documents and their predictions, or neither
            added = project.documents.add(r.document for r in part)
            batch, relations, categories = [], {}, {}
            for record, doc_id in zip(part, added.ids, strict=True):
                spans, rels = _as_model(record)
                batch.append((doc_id, spans))
                relations[doc_id] = rels
                if record.categories:
                    categories[doc_id] = record.categories
                    summary.categorised += 1
                summary.spans += len(spans)
                summary.relations += len(rels)
                for span in spans:
                    summary.by_label[span.label] = summary.by_label.get(span.label, 0) + 1
            project.documents.replace_predictions(
                batch, model_id, version, relations=relations, categories=categories
            )
        summary.documents += len(part)
        summary.new_documents += added.added
    summary.adopted = project.models.adopt_first(model_id)
    summary.suggesting = project.models.suggesting()
    return summary
