"""The learned fall-back for stance polarity, trained beside the main model.

Where the lexicon's cue words run out (a project's own vocabulary, a turn of
phrase no rule knows), the annotators' done stances say what the polarity
was. ``train_polarity`` trains an exclusive ``textcat`` (the scheme's
polarity values) on the training documents' STANCE spans, each read as
``stance_input`` makes it (the reading pre-annotation gives it too: the span
in its sentence, its holder's mentions marked, the lexicon's vote as a token
in front), with spaCy's own config (``init_config``) and loop
(``spacy.training.loop.train``), and measures it and the lexicon (lexicon.py)
on the held-out documents' STANCE spans: the same held-out split the main
model is scored on. The learned one decides only when it is strictly more
accurate there; either way both figures go into the model's scores, with
the majority value's beside them (a categorizer that learned only the
commonest polarity beats a lexicon that misses stances, and should be seen
to), and too few stances to train on is said, with the reason, instead of a
model nobody can judge.

The categorizer saved is the one after the last step (``model-last``), not
the best on the held-out stances: those are what it is compared on, and a
checkpoint chosen on them would win the comparison by being chosen.
"""

from __future__ import annotations

from collections import Counter
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
    MAJORITY,
    POLARITY,
    READS,
    polarity_values,
    stance_input,
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


def stance_inputs(stances: list[GoldStance], votes: list[str | None]) -> list[str]:
    """``stance_input`` of each gold stance, with the lexicon's vote for it."""
    return [
        stance_input(s.record.document.text, s.span, s.record.spans, vote)
        for s, vote in zip(stances, votes, strict=True)
    ]


def _write(inputs: list[str], labels: list[str], values: list[str], path: Path) -> None:
    make = blank_english().make_doc
    docs = DocBin()
    for text, label in zip(inputs, labels, strict=True):
        doc = make(text)
        doc.cats = {value: float(value == label) for value in values}
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


def accuracy(answers: list[str | None], stances: list[GoldStance]) -> float:
    """The share of ``stances`` whose polarity ``answers`` got (None: wrong)."""
    right = sum(1 for answer, s in zip(answers, stances, strict=True) if answer == s.polarity)
    return round(right / len(stances), 4)


def answers(nlp: Language, inputs: list[str], values: list[str]) -> list[str | None]:
    """The categorizer's surest value for each input, as pre-annotation takes it."""
    return [surest(doc.cats, values) for doc in nlp.pipe(inputs)]


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


def fit_polarity(
    values: list[str],
    train: tuple[list[str], list[str]],
    dev: tuple[list[str], list[str]],
    work: Path,
    max_steps: int,
    seed: int,
    log: Callable[[str], None],
    listener: Listener,
) -> Language:
    """The categorizer trained on ``train`` (inputs, polarities); ``dev`` is what
    spaCy's loop reports on, never what is kept (``model-last``)."""
    work.mkdir(parents=True, exist_ok=True)
    _write(*train, values, work / "train.spacy")
    _write(*dev, values, work / "dev.spacy")
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
    votes = lexicon_answers(train + dev, base, scheme)  # one parse of every document
    train_votes, dev_votes = votes[: len(train)], votes[len(train) :]
    train_in, dev_in = stance_inputs(train, train_votes), stance_inputs(dev, dev_votes)
    nlp = fit_polarity(
        values,
        (train_in, [s.polarity for s in train]),
        (dev_in, [s.polarity for s in dev]),
        work / "polarity",
        max_steps,
        seed,
        log,
        listener,
    )
    learned = accuracy(answers(nlp, dev_in, values), dev)
    lexicon = accuracy(dev_votes, dev)
    commonest = Counter(s.polarity for s in train).most_common(1)[0][0]
    scores = {
        LEARNED: learned,
        LEXICON: lexicon,
        MAJORITY: accuracy([commonest] * len(dev), dev),
        "majority_value": commonest,
        "reads": READS,
        "trained_on": len(train),
        "held_out": len(dev),
        "decides": LEARNED if learned > lexicon else LEXICON,
    }
    return PolarityOutcome(scores, nlp)
