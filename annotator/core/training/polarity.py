"""The learned fall-back for stance polarity, trained beside the main model.

Where the lexicon's cue words run out (a project's own vocabulary, a turn of
phrase no rule knows), the annotators' done stances say what the polarity
was. ``train_polarity`` trains an exclusive ``textcat`` (the scheme's
polarity values) on the training documents' STANCE span texts, with spaCy's
own config (``init_config``) and loop (``spacy.training.loop.train``), and
measures it and the lexicon (lexicon.py) on the held-out documents' STANCE
spans: the same held-out split the main model is scored on. The learned one
decides only when it is strictly more accurate there; either way both
figures go into the model's scores, and too few stances to train on is said,
with the reason, instead of a model nobody can judge.

The categorizer saved is the one after the last step (``model-last``), not
the best on the held-out stances: those are what it is compared on, and a
checkpoint chosen on them would win the comparison by being chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.cli.init_config import init_config
from spacy.language import Language
from spacy.tokens import DocBin
from thinc.api import Config

from annotator.core.formats import ExportRecord
from annotator.core.nlp.learned_polarity import (
    LEARNED,
    LEXICON,
    POLARITY,
    polarity_values,
    surest,
)
from annotator.core.scheme import Scheme
from annotator.core.tokens import blank_english
from annotator.core.words import count

from .config import set_schedule
from .lexicon import GoldStance, lexicon_answers
from .progress import Listener, run_training

MIN_STANCES = 10  # training stances with a polarity below which no model is trained


@dataclass
class PolarityOutcome:
    """What the polarity training gave: its figures, and the categorizer if any."""

    scores: dict[str, Any]
    nlp: Language | None = None


def gold_stances(records: list[ExportRecord], label: str, values: list[str]) -> list[GoldStance]:
    """Every ``label`` span whose polarity is one of ``values``, in document order."""
    return [
        GoldStance(record, span, span.attrs[POLARITY])
        for record in records
        for span in sorted(record.spans, key=lambda s: (s.start, s.end))
        if span.label == label and span.attrs.get(POLARITY) in values
    ]


def _write(stances: list[GoldStance], values: list[str], path: Path) -> None:
    make = blank_english().make_doc
    docs = DocBin()
    for stance in stances:
        doc = make(stance.text)
        doc.cats = {value: float(value == stance.polarity) for value in values}
        docs.add(doc)
    docs.to_disk(path)


def polarity_config(values: list[str], train: Path, dev: Path, max_steps: int, seed: int) -> Config:
    """spaCy's generated config for one exclusive ``textcat`` over span texts, with
    bigrams ("not oppose") and the scheme's values as its labels from the start."""
    config = Config(
        init_config(lang="en", pipeline=["textcat"], optimize="efficiency").interpolate()
    )
    config["components"]["textcat"]["model"]["ngram_size"] = 2
    config["initialize"]["components"]["textcat"] = {"labels": list(values)}
    set_schedule(config, max_steps, seed, train, dev)
    for part, path in (("train", train), ("dev", dev)):
        config["corpora"][part]["path"] = str(path)
    return config


def _accuracy(answers: list[str | None], stances: list[GoldStance]) -> float:
    right = sum(1 for answer, s in zip(answers, stances, strict=True) if answer == s.polarity)
    return round(right / len(stances), 4)


def _without(why: str, trained: int, held_out: int) -> PolarityOutcome:
    scores = {
        LEARNED: None,
        LEXICON: None,
        "trained_on": trained,
        "held_out": held_out,
        "decides": LEXICON,
        "why": why,
    }
    return PolarityOutcome(scores)


def _fit(
    values: list[str],
    train: list[GoldStance],
    dev: list[GoldStance],
    work: Path,
    max_steps: int,
    seed: int,
    log: Callable[[str], None],
    listener: Listener,
) -> Language:
    work.mkdir(parents=True, exist_ok=True)
    _write(train, values, work / "train.spacy")
    _write(dev, values, work / "dev.spacy")
    config = polarity_config(values, work / "train.spacy", work / "dev.spacy", max_steps, seed)
    return run_training(config, work / "output", log, listener, keep="model-last")


def train_polarity(
    records: list[ExportRecord],
    train_keys: set[str],
    scheme: Scheme,
    base: str | None,
    work: Path,
    max_steps: int,
    seed: int,
    log: Callable[[str], None],
    listener: Listener,
) -> PolarityOutcome:
    """Train and compare on the split the main model used (``train_keys``)."""
    found = polarity_values(scheme)
    if found is None:
        return _without("the scheme has no span label with a polarity choice", 0, 0)
    label, values = found
    stances = gold_stances(records, label, values)
    train = [s for s in stances if s.record.key in train_keys]
    dev = [s for s in stances if s.record.key not in train_keys]
    if len(train) < MIN_STANCES:
        return _without(
            f"{count(len(train), f'{label} span')} with a polarity in the training documents,"
            f" {MIN_STANCES} needed",
            len(train),
            len(dev),
        )
    if not dev:
        return _without(
            f"no {label} span with a polarity in the held-out documents to compare it on",
            len(train),
            0,
        )
    nlp = _fit(values, train, dev, work / "polarity", max_steps, seed, log, listener)
    learned = _accuracy([surest(d.cats, values) for d in nlp.pipe(s.text for s in dev)], dev)
    lexicon = _accuracy(lexicon_answers(dev, base, scheme), dev)
    scores = {
        LEARNED: learned,
        LEXICON: lexicon,
        "trained_on": len(train),
        "held_out": len(dev),
        "decides": LEARNED if learned > lexicon else LEXICON,
    }
    return PolarityOutcome(scores, nlp)
