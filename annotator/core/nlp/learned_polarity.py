"""A STANCE's polarity from a learned text categorizer, when it beat the lexicon.

``annotator train`` may leave beside the trained pipeline (``MODEL/polarity/``)
an exclusive ``textcat`` that reads a STANCE span (``stance_input``: the span
in its sentence, its holder's mentions marked, the lexicon's vote in front)
and answers one of the scheme's polarity values, and records in the model's
scores how it and the lexicon (polarity.py) did on the same held-out stances
(``scores["polarity"]``: ``learned``, ``lexicon``, ``held_out``, ``decides``;
``majority``, what always answering the training's commonest polarity
scores, to read the other two against; ``reads``, which reading of a stance
it was trained on). Pre-annotation with that model takes each STANCE
suggestion's polarity from the one that decided, and its summary says which
and on what figures: an annotator who sees polarities change between two
models is told why. The choice is the training's, made once on held-out
data, never per document: the lexicon is not second-guessed on the stances
it was tested on. A categorizer trained on another reading than
``stance_input`` gives (one trained on the bare span text, before it) is
not used: the lexicon decides, and the summary says to retrain.

Which one decided is not written into the span's attributes: a suggestion is
copied into the annotators' sets, and an attribute no annotator can type
would make every kept suggestion disagree with a hand-made one (ADR 24).
"""

from __future__ import annotations

import re
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
LEARNED, LEXICON, MAJORITY = "learned", "lexicon", "majority"
HOLDER_MARK, ACTOR_MARK = "HOLDER", "ACTOR"  # what an ACTOR mention reads as in the input
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s)|\n")
LOOK_BACK = 400
READS = "sentence, actors marked, lexicon vote"  # stance_input's reading, kept in the scores


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


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The range from the sentence ``start`` is in to the end of the one ``end`` is
    in (a plain-text reading: the same in training and in pre-annotation; no
    further back than ``LOOK_BACK`` characters)."""
    left = start
    for found in SENTENCE_END.finditer(text, max(0, start - LOOK_BACK), start):
        left = found.end()
    after = SENTENCE_END.search(text, max(start, end - 3))  # a span's own '."' ends it
    return left, (after.end() if after else len(text))


def stance_input(
    text: str, stance: Span, spans: Sequence[Span], vote: str | None, offset: int = 0
) -> str:
    """What the categorizer reads for ``stance``, in training and in pre-annotation
    alike: the lexicon's ``vote`` as a token ("lexicon_support", "lexicon_none"),
    then the stance's sentence with the stance itself in brackets, every ACTOR
    mention in it read as ACTOR, and those with the stance's holder as canonical
    as HOLDER (names are what a few hundred stances would learn first, and what
    the next article changes). ``text`` starts at ``offset`` of the document that
    ``stance`` and ``spans`` are offsets of."""
    start, end = stance.start - offset, stance.end - offset
    left, right = _sentence_bounds(text, start, end)
    left, right = min(left, start), max(right, end)
    holder = stance.attrs.get("holder")
    marks = {}
    for span in spans:
        s, e = span.start - offset, span.end - offset
        if span.label == "ACTOR" and left <= s and e <= right:
            same = holder is not None and span.attrs.get("canonical") == holder
            marks[s] = (e, HOLDER_MARK if same else ACTOR_MARK)
    cuts = {start: " [ ", end: " ] "}
    out, i = [f"lexicon_{vote or 'none'} "], left
    while i < right:
        if i in cuts:
            out.append(cuts.pop(i))
        if i in marks and marks[i][0] <= right:
            e, word = marks.pop(i)
            if start < e and start > i:  # a mention across the stance's start: keep the bracket
                out.append(text[i:start])
                i = start
                continue
            out.append(word)
            i = e
            continue
        out.append(text[i])
        i += 1
    out.extend(cuts.values())
    return re.sub(r"\s+", " ", "".join(out)).strip()


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
    """The train summary's line: both accuracies on the held-out stances, and the
    majority value's (what a categorizer that learned nothing but the commonest
    polarity would score), or why no polarity model was trained, and what
    pre-annotation will do."""
    if scores.get(LEARNED) is None:
        return (
            f"stance polarity: no learned model ({scores.get('why')});"
            " pre-annotation keeps the lexicon's polarity"
        )
    majority = scores.get(MAJORITY)  # models trained before it was kept have none
    always = (
        f", always {scores.get('majority_value')!r} {majority:.3f}" if majority is not None else ""
    )
    return (
        f"stance polarity on {count(int(scores.get('held_out') or 0), 'held-out stance')}"
        f" ({scores.get('trained_on')} trained on): learned model {scores[LEARNED]:.3f},"
        f" lexicon {_figure(scores.get(LEXICON), 3)}{always}; pre-annotation takes "
        + decision_text(scores)
    )


def polarity_note(nlp: Language, learned: LearnedPolarity | None) -> str | None:
    """What a pre-annotation summary says about polarity (None: not a trained model,
    the lexicon as always); a learned model that decided but is missing is said."""
    scores = polarity_scores(nlp.meta)
    if scores is None:
        return None
    if scores.get("decides") == LEARNED and learned is None and scores.get("reads") != READS:
        return (
            "polarity from the lexicon (the learned polarity model that decided reads a stance"
            " otherwise than this version gives it one: train again to use it)"
        )
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
        if scores.get("reads") != READS:  # trained on another input: its answers mean nothing
            return None
        folder = Path(nlp.path) / POLARITY_DIR
        if not (folder / "config.cfg").is_file():
            return None
        return cls(spacy.load(folder), frozenset(values))

    def answer(self, texts: Sequence[str]) -> list[str | None]:
        """The surest allowed value for each input (None where it knows none)."""
        return [surest(doc.cats, self.values) for doc in self.nlp.pipe(texts)]

    def relabel(self, text: str, spans: list[Span], label: str, offset: int = 0) -> None:
        """Set the polarity of ``spans`` of ``label`` from ``stance_input`` (``text``
        starts at ``offset`` of the document; the polarity they carry is the
        lexicon's, its vote)."""
        chosen = [s for s in spans if s.label == label]
        inputs = [stance_input(text, s, spans, s.attrs.get(POLARITY), offset) for s in chosen]
        answers = self.answer(inputs)
        for span, value in zip(chosen, answers, strict=True):
            if value is not None:
                span.attrs = {**span.attrs, POLARITY: value}
