""" "Most to learn": which document teaches the suggesting model most.

Annotating what the model already gets right teaches it little; the
documents where it is least sure, or where two models disagree, are where
each correction moves it (Prodigy's ``ner.teach``, INCEpTION's active
learning). Two signals, as the pipelines give them:

- **uncertainty** (``uncertainty``): a span categorizer's scores and a text
  categorizer's ``doc.cats`` are probabilities; 0.5 is least sure. Computed
  at pre-annotation time, from the Doc, because the scores are not stored.
- **disagreement** (``disagreement``, ``most_to_learn``): spaCy's ``ner``
  gives no scores, so a trained model is compared with the pipeline it was
  trained from (its ``base``, with the rules) on their stored predictions:
  every span one proposes and the other does not is a decision the
  annotator settles and the model learns from. Counted, not divided by the
  document's length: the learning curve is per document annotated, and a
  document with more disagreements settles more of them.

The order is best first, ties by document id; documents the two models
have not both seen cannot be scored and come last, in id order, and the
order says how many so the list can tell the user.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import spacy
from spacy.tokens import Doc

from annotator.core.store.models import ModelInfo
from annotator.core.types import Span

if TYPE_CHECKING:
    from annotator.core.store import Project


def doc_scores(doc: Doc, span_keys: Iterable[str] = ()) -> list[float]:
    """The probabilities a pipeline gave a Doc: its span categorizers' span
    scores (the groups under ``span_keys``) and its categories."""
    found = [float(p) for p in doc.cats.values()]
    for key in span_keys:
        group = doc.spans.get(key)
        scores = group.attrs.get("scores") if group is not None else None
        if scores is not None:
            found.extend(float(p) for p in scores)
    return found


def uncertainty(scores: Iterable[float]) -> float | None:
    """How unsure the model was over a document, 0 (every score 0 or 1) to
    1 (every score 0.5): the mean of ``1 - |2p - 1|``. None without scores
    (a pipeline with only ``ner``), so the caller falls back on disagreement."""
    values = [1.0 - abs(2.0 * p - 1.0) for p in scores]
    return sum(values) / len(values) if values else None


def disagreement(a: Sequence[Span], b: Sequence[Span]) -> int:
    """Spans (start, end, label) one model proposed and the other did not."""
    left = {s.key() for s in a}
    right = {s.key() for s in b}
    return len(left ^ right)


@dataclass
class LearnOrder:
    """Document ids, most to learn first, and what the order rests on."""

    ids: list[int]
    scores: dict[int, int] = field(default_factory=dict)  # scored documents only
    models: tuple[str, str] | None = None  # (suggesting, compared with)
    unscored: int = 0

    def message(self) -> str:
        if self.models is None:
            return (
                "most to learn: needs a suggesting model and a second model to compare; in id order"
            )
        model, other = self.models
        said = f"most to learn: where {model} and {other} disagree most"
        if self.unscored:
            said += f"; {self.unscored} not seen by both come last"
        return said


def _is_base(info: ModelInfo, base: str) -> bool:
    """Whether the registered model is the pipeline ``base`` names: a trained
    model records its base as it was given (an id, a directory or a package
    name), a registered pipeline is known by its id and the directory it was
    loaded from (for a package, one inside the package's folder)."""
    if info.id == base:
        return True
    if info.path is None:
        return False
    where = Path(info.path).resolve()
    if Path(base).is_dir():
        return where == Path(base).resolve()
    if spacy.util.is_package(base):
        return where.is_relative_to(spacy.util.get_package_path(base).resolve())
    return False


def compared_model(project: Project, model: str) -> str | None:
    """The model to compare the suggesting model with: the pipeline it was
    trained from when that one predicted here, else the newest other model
    that did."""
    info = project.models.find(model)
    ran = [m for m, _, _ in project.documents.models() if m != model]
    if info is not None and info.base:
        for other in ran:
            found = project.models.find(other)
            if found is not None and _is_base(found, info.base):
                return other
    return ran[0] if ran else None


def most_to_learn(project: Project, doc_ids: Sequence[int] | None = None) -> LearnOrder:
    """``doc_ids`` (default: every document) in "most to learn" order for the
    project's suggesting model, from stored predictions only."""
    ids = list(project.documents.ids() if doc_ids is None else doc_ids)
    model = project.models.suggesting()
    other = compared_model(project, model) if model is not None else None
    if model is None or other is None:
        return LearnOrder(sorted(ids))
    both = project.documents.with_predictions(model) & project.documents.with_predictions(other)
    seen = [i for i in ids if i in both]
    mine = project.documents.predictions_by_document(seen, model)
    theirs = project.documents.predictions_by_document(seen, other)
    scores = {i: disagreement(mine[i], theirs[i]) for i in seen}
    ranked = sorted(seen, key=lambda i: (-scores[i], i))
    rest = sorted(i for i in ids if i not in both)
    return LearnOrder(ranked + rest, scores, (model, other), len(rest))
