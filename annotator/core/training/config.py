"""The training config, made with spaCy's own config system.

``spacy init config``'s generator (``init_config``) gives the architectures
for ``ner``, ``spancat`` and ``textcat_multilabel``; this module changes only
what the project needs (ADR 0015):

* the base pipeline's tagger and parser (and the ``tok2vec`` they listen to)
  are ``source``d and frozen, so the trained pipeline still gives the domain
  rules the tags and the parse they read;
* the new components embed on their own (an inline ``Tok2Vec`` each instead
  of a listener), so they never attach to the frozen base's ``tok2vec``;
* ``spancat`` learns the span-key labels (STANCE, ``spans_key`` ``"stance"``)
  from sentence and clause candidates (``annotator.sentence_suggester.v1``);
  ``ner`` learns the entity labels from ``doc.ents``;
* ``textcat_multilabel`` learns the document categories when the training
  Docs carry ``doc.cats`` (every value of every category a label: several
  one-choice categories at once are not one exclusive ``textcat``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.cli.init_config import init_config
from thinc.api import Config

from .suggester import NAME as SUGGESTER

# Base components that are not kept: what we retrain, and what the rules never read.
NOT_SOURCED = frozenset(
    {
        "ner",
        "beam_ner",
        "entity_ruler",
        "span_ruler",
        "spancat",
        "spancat_singlelabel",
        "textcat",
        "textcat_multilabel",
        "lemmatizer",
        "trainable_lemmatizer",
        "attribute_ruler",
        "sentencizer",
    }
)


@dataclass
class Plan:
    """What to train: the base to source from and the labels each component learns."""

    base: str | None  # package name or directory; None: blank English
    entity_labels: list[str] = field(default_factory=list)
    span_key: str | None = None  # spancat's key (STANCE: "stance"); None: no spancat
    span_labels: list[str] = field(default_factory=list)
    categories: bool = False  # train textcat_multilabel on doc.cats


def set_schedule(config: Config, max_steps: int, seed: int, train: Path, dev: Path) -> None:
    """What every training of ours sets alike: ``max_steps`` steps (no epoch
    limit, no early stop), evaluated about four times, from ``seed``, on
    the ``train`` and ``dev`` DocBins."""
    config["training"].update(
        {
            "max_steps": max_steps,
            "max_epochs": 0,
            "eval_frequency": max(1, min(200, max_steps // 4)),
            "patience": 0,
            "seed": seed,
        }
    )
    config["system"]["seed"] = seed
    config["paths"]["train"] = str(train)
    config["paths"]["dev"] = str(dev)


def sourced_components(base: str) -> list[str]:
    """The base pipeline's enabled components worth keeping (tok2vec, tagger, parser...)."""
    nlp = spacy.load(base)
    return [name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory not in NOT_SOURCED]


def _inline_tok2vec(config: Config, component: str, model: dict[str, Any]) -> None:
    config["components"][component]["model"]["tok2vec"] = copy.deepcopy(model)


def build_config(
    plan: Plan,
    train: Path,
    dev: Path,
    max_steps: int,
    seed: int,
) -> Config:
    """A complete training config for ``plan`` over the DocBin files ``train`` and ``dev``."""
    pipes = (["ner"] if plan.entity_labels else []) + (["spancat"] if plan.span_key else [])
    if plan.categories:
        pipes.append("textcat_multilabel")
    generated = init_config(lang="en", pipeline=pipes, optimize="efficiency").interpolate()
    config = Config(generated)
    shared = config["components"].pop("tok2vec", None)
    for name in pipes:
        if shared is not None and "tok2vec" in config["components"][name]["model"]:
            _inline_tok2vec(config, name, shared["model"])
    if plan.span_key:
        spancat = config["components"]["spancat"]
        spancat["spans_key"] = plan.span_key
        spancat["suggester"] = {"@misc": SUGGESTER}
        weights = config["training"]["score_weights"]
        for part in ("f", "p", "r"):
            weights.pop(f"spans_sc_{part}", None)
        weights[f"spans_{plan.span_key}_f"] = 0.5
    sourced = sourced_components(plan.base) if plan.base else []
    for name in sourced:
        config["components"][name] = {"source": plan.base, "component": name}
    config["nlp"]["pipeline"] = [*sourced, *pipes]
    set_schedule(config, max_steps, seed, train, dev)
    config["training"]["frozen_components"] = sourced
    config["corpora"]["train"]["path"] = str(train)
    config["corpora"]["dev"]["path"] = str(dev)
    return config
