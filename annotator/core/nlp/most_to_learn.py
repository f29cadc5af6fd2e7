""" "Most to learn": which document teaches the suggesting model most.

Annotating what the model already gets right teaches it little; the
documents where it is least sure, or where two models disagree, are where
each correction moves it (Prodigy's ``ner.teach``, INCEpTION's active
learning). Two signals, as the pipelines give them:

- **uncertainty** (``doc_scores``, ``uncertainty``): a span categorizer's
  scores and a text categorizer's ``doc.cats`` are probabilities; 0.5 is
  least sure. Computed at pre-annotation time, from the Doc (the scores live
  only as long as it does), and kept with the run.
- **disagreement**: spaCy's ``ner`` gives no scores, so the suggesting model
  is compared with the pipeline it was trained from (its ``base``, with the
  rules) on their stored predictions.

A document's score is its disagreements plus the model's uncertainty
(``annotator.core.store.learn_order``, kept in the project so the document
list sorts by it); ``most_to_learn`` is that order over any documents, best
first, ties by id, the unscored last in id order, saying how many.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.store.learn_order import LearnNote, LearnScore
from annotator.core.store.listing import LEARN, ListingFilter

if TYPE_CHECKING:
    from spacy.tokens import Doc

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
    (a pipeline with only ``ner``), so the order rests on disagreement."""
    values = [1.0 - abs(2.0 * p - 1.0) for p in scores]
    return sum(values) / len(values) if values else None


@dataclass
class LearnOrder:
    """Document ids, most to learn first, and what the order rests on."""

    ids: list[int]
    note: LearnNote
    scores: dict[int, LearnScore] = field(default_factory=dict)  # scored documents only

    @property
    def unscored(self) -> int:
        return self.note.unscored

    def message(self) -> str:
        return self.note.message()


def most_to_learn(project: Project, doc_ids: Sequence[int] | None = None) -> LearnOrder:
    """``doc_ids`` (default: every document) in "most to learn" order for the
    project's suggesting model: the document list's order (scores brought up
    to date), kept to these documents."""
    every = ListingFilter(order=LEARN, descending=True)  # no filter: no annotator's sets read
    listed, note = project.listing.learn_order("", every)
    if doc_ids is not None:
        wanted = set(doc_ids)
        listed = [i for i in listed if i in wanted]
    scores = project.listing.learn.scores()
    kept = {i: scores[i] for i in listed if i in scores}
    uncertain = any(s.uncertainty is not None for s in kept.values())
    note = LearnNote(note.basis, len(kept), len(listed) - len(kept), uncertain)
    return LearnOrder(listed, note, kept)
