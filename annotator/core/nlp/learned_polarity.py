"""A STANCE's polarity from a learned text categorizer, when it beat the lexicon.

``annotator train`` may leave beside the trained pipeline (``MODEL/polarity/``)
an exclusive ``textcat`` that reads a STANCE span's text and answers one of
the scheme's polarity values, and records in the model's scores how it and
the lexicon (polarity.py) did on the same held-out stances
(``scores["polarity"]``: ``learned``, ``lexicon``, ``held_out``, ``decides``).
Pre-annotation with that model takes each STANCE suggestion's polarity from
the one that decided, and its summary says which and on what figures: an
annotator who sees polarities change between two models is told why. The
choice is the training's, made once on held-out data, never per document:
the lexicon is not second-guessed on the stances it was tested on.

Which one decided is not written into the span's attributes: a suggestion is
copied into the annotators' sets, and an attribute no annotator can type
would make every kept suggestion disagree with a hand-made one (ADR 24).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from annotator.core.scheme import Scheme
from annotator.core.types import Span
from annotator.core.words import count

POLARITY_DIR = "polarity"  # inside the trained pipeline's folder
POLARITY = "polarity"  # the attribute, and the key in a trained model's scores
LEARNED, LEXICON = "learned", "lexicon"


def polarity_values(scheme: Scheme) -> tuple[str, list[str]] | None:
    """The span-key label (STANCE) with a ``polarity`` choice, and its values."""
    for label in scheme.labels:
        attribute = label.attribute(POLARITY)
        if label.span_key and attribute is not None and attribute.type == "choice":
            return label.name, list(attribute.values)
    return None


def polarity_scores(meta: dict[str, Any]) -> dict[str, Any] | None:
    """The training's polarity figures in a pipeline's meta (None: not a trained model)."""
    found = (meta.get("annotator") or {}).get("scores", {}).get(POLARITY)
    return found if isinstance(found, dict) else None


def _figure(value: float | None, digits: int = 2) -> str:
    return "none" if value is None else f"{value:.{digits}f}"


def surest(cats: dict[str, float], values: Sequence[str]) -> str | None:
    """The allowed value the categorizer scored highest (the first of equals), as
    training measures it and pre-annotation uses it; None when it knows none."""
    return max((value for value in cats if value in values), key=cats.__getitem__, default=None)


def decision_text(scores: dict[str, Any]) -> str:
    """Which one decides a STANCE's polarity, and why, in one phrase (train and
    pre-annotation summaries say the same)."""
    learned, lexicon = scores.get(LEARNED), scores.get(LEXICON)
    if learned is None:
        return f"polarity from the lexicon (no learned polarity model: {scores.get('why')})"
    if scores.get("decides") == LEARNED:
        return (
            f"polarity from the learned model (held-out accuracy {_figure(learned)}"
            f" against the lexicon's {_figure(lexicon)})"
        )
    return (
        f"polarity from the lexicon (held-out accuracy {_figure(lexicon)}"
        f" against the learned model's {_figure(learned)})"
    )


def training_text(scores: dict[str, Any]) -> str:
    """The train summary's line: both accuracies on the held-out stances, or why no
    polarity model was trained, and what pre-annotation will do."""
    if scores.get(LEARNED) is None:
        return (
            f"stance polarity: no learned model ({scores.get('why')});"
            " pre-annotation keeps the lexicon's polarity"
        )
    return (
        f"stance polarity on {count(int(scores.get('held_out') or 0), 'held-out stance')}"
        f" ({scores.get('trained_on')} trained on): learned model {scores[LEARNED]:.3f},"
        f" lexicon {_figure(scores.get(LEXICON), 3)}; pre-annotation takes " + decision_text(scores)
    )


def polarity_note(nlp: Language, learned: LearnedPolarity | None) -> str | None:
    """What a pre-annotation summary says about polarity (None: not a trained model,
    the lexicon as always); a learned model that decided but is missing is said."""
    scores = polarity_scores(nlp.meta)
    if scores is None:
        return None
    if scores.get("decides") == LEARNED and learned is None:
        return (
            f"polarity from the lexicon (the learned polarity model that decided is missing:"
            f" no {Path(nlp.path or '.') / POLARITY_DIR / 'config.cfg'})"
        )
    return decision_text(scores)


@dataclass
class LearnedPolarity:
    """The polarity categorizer of a trained model, and the values it may answer."""

    nlp: Language
    values: frozenset[str]

    @classmethod
    def of(cls, nlp: Language, values: Sequence[str]) -> LearnedPolarity | None:
        """The categorizer beside ``nlp`` when its training said it decides, else None."""
        scores = polarity_scores(nlp.meta)
        if not scores or scores.get("decides") != LEARNED or nlp.path is None:
            return None
        folder = Path(nlp.path) / POLARITY_DIR
        if not (folder / "config.cfg").is_file():
            return None
        return cls(spacy.load(folder), frozenset(values))

    def answer(self, texts: Sequence[str]) -> list[str | None]:
        """The surest allowed value for each text (None where it knows none)."""
        return [surest(doc.cats, self.values) for doc in self.nlp.pipe(texts)]

    def relabel(self, text: str, spans: list[Span], label: str, offset: int = 0) -> None:
        """Set the polarity of ``spans`` of ``label`` from their text (``text`` starts
        at ``offset`` of the document)."""
        chosen = [s for s in spans if s.label == label]
        answers = self.answer([text[s.start - offset : s.end - offset] for s in chosen])
        for span, value in zip(chosen, answers, strict=True):
            if value is not None:
                span.attrs = {**span.attrs, POLARITY: value}
