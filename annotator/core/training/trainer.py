"""``train_project``: the project's done sets in, a registered trained model out.

The chosen done sets (gold, or one annotator's) are exported to DocBin in a
temporary folder through the export API (``annotator.core.formats``), split
into training and held-out documents by content hash and seed, and trained
with spaCy's own loop (``spacy.training.loop.train`` on the config from
``config.py``). The best pipeline is scored on the held-out split per label,
written beside the project file (``PROJECT.models/ID``) unless another folder
is given, and registered in ``project.models`` with its base, what it was
trained on and its scores. On the same split a STANCE polarity categorizer is
trained and set against the lexicon (``polarity.py``); it is saved inside the
model's folder and its figures are ``scores["polarity"]``. Nothing changes
which model suggests: the caller says how to switch (``annotator models use ID``).
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.training import Example

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.core.formats import ExportRecord, read_docbin, split_keys, write_docbin
from annotator.core.formats.source import select
from annotator.core.nlp.learned_polarity import POLARITY_DIR
from annotator.core.nlp.pipeline import DEFAULT_MODELS, RULES_NAME, files_digest
from annotator.core.store import Project
from annotator.core.store.location import beside
from annotator.core.store.models import ModelInfo
from annotator.core.store.util import now_iso
from annotator.core.types import GOLD
from annotator.core.words import count

from .config import Plan, build_config
from .polarity import PolarityOutcome, train_polarity
from .progress import Listener, TrainProgress, cancelled, run_training

CURVE = (0.25, 0.5, 0.75, 1.0)
TRAINED_NAME = "annotator_trained"  # meta name; the id adds version and digest


@dataclass
class TrainOptions:
    annotator: str | None = None  # None: the gold set
    base: str | None = None  # None: the project's pre-annotation model
    out: Path | None = None
    max_steps: int = 1000
    eval_split: float = 0.2
    seed: int = 0


@dataclass
class TrainResult:
    """What a run made: the registered model, its held-out scores, the curve."""

    model_id: str
    path: Path
    base: str | None
    trained_on: dict[str, Any]
    # label -> {"p", "r", "f"}, plus "overall" and "polarity" (learned vs lexicon, polarity.py)
    scores: dict[str, Any]
    curve: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.model_id,
            "path": str(self.path),
            "base": self.base,
            "trained_on": self.trained_on,
            "scores": self.scores,
            "curve": self.curve,
        }


def models_dir(project: Project) -> Path:
    """``PROJECT.models`` beside the project file (for a server project, in
    its per-user folder on this machine)."""
    return beside(project.path, f"{project.path.stem}.models")


def resolve_base(project: Project, base: str | None) -> str | None:
    """The pipeline to source the tagger and parser from; None for blank English.

    Default: the suggesting model when it loads from files, else the project's
    ``nlp.model`` setting, else the installed default pipeline."""
    if base is None:
        chosen = project.models.suggesting()
        info = project.models.find(chosen) if chosen else None
        if info is not None and info.path and Path(info.path).is_dir():
            base = info.path
        else:
            base = project.setting("nlp.model")
    if base is None:
        installed = set(spacy.util.get_installed_models())
        base = next((m for m in DEFAULT_MODELS if m in installed), None)
    if base in (None, RULES_NAME):
        return None
    if not (Path(base).is_dir() or spacy.util.is_package(base)):
        raise AnnotatorError(f"--base {base!r}: not an installed spaCy pipeline nor a directory")
    return base


def _records(project: Project, annotator: str | None) -> list[ExportRecord]:
    source = "annotator" if annotator else "gold"
    return list(select(project, source, annotator).records())


def _plan(project: Project, base: str | None, records: list[ExportRecord], cats: bool) -> Plan:
    scheme = project.scheme()
    used = {s.label for r in records for s in r.spans}
    keyed = {lab.name: lab.span_key for lab in scheme.labels if lab.span_key}
    span_labels = sorted(label for label in used if label in keyed)
    keys = {keyed[label] for label in span_labels}
    if len(keys) > 1:
        raise AnnotatorError(f"span-key labels use several keys ({', '.join(sorted(keys))})")
    entity = sorted(set(scheme.entity_labels()) & used)
    if not entity and not span_labels and not cats:
        raise AnnotatorError("the done sets have no spans or categories to learn from")
    return Plan(base, entity, next(iter(keys), None), span_labels, cats)


def _has_cats(path: Path) -> bool:
    return any(doc.cats for doc in read_docbin(path))


def _per_label(scores: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """spaCy's scores as label -> P/R/F (entities, spans, categories), plus overall."""
    out: dict[str, Any] = {}
    groups = [scores.get("ents_per_type") or {}, scores.get("cats_f_per_type") or {}]
    if plan.span_key:
        groups.insert(1, scores.get(f"spans_{plan.span_key}_per_type") or {})
    for group in groups:
        for label, prf in group.items():
            out[label] = {k: round(float(prf.get(k) or 0.0), 4) for k in ("p", "r", "f")}
    overall = {"ents_f": scores.get("ents_f"), "cats_score": scores.get("cats_score")}
    if plan.span_key:
        overall["spans_f"] = scores.get(f"spans_{plan.span_key}_f")
    out["overall"] = {k: round(float(v), 4) for k, v in overall.items() if v is not None}
    return out


def _fit(
    plan: Plan,
    work: Path,
    train: Path,
    dev: Path,
    options: TrainOptions,
    log: Callable[[str], None],
    listener: Listener,
) -> tuple[spacy.language.Language, dict[str, Any]]:
    """spaCy's own training on one split; the best pipeline and its held-out scores."""
    if listener.should_stop():  # asked before the loop: not even set up
        raise cancelled(0, options.max_steps)
    config = build_config(plan, train, dev, options.max_steps, options.seed)
    best = run_training(config, work / "output", log, listener)
    examples = [Example(best.make_doc(d.text), d) for d in read_docbin(dev)]
    return best, _per_label(best.evaluate(examples), plan)


def train_project(
    project: Project,
    options: TrainOptions,
    curve: bool = False,
    log: Callable[[str], None] = lambda _: None,
    progress: Callable[[TrainProgress], None] = lambda _: None,
    should_stop: Callable[[], bool] = lambda: False,
) -> TrainResult:
    """Train on the project's done sets; write, register and return the model.
    ``progress`` hears every training step; once ``should_stop`` says so the
    run stops at the next step and raises ``TrainingCancelled`` (progress.py),
    having written and registered nothing."""
    if not 0 < options.eval_split < 1:
        raise AnnotatorError(f"--eval-split {options.eval_split}: must be between 0 and 1")
    records = _records(project, options.annotator)
    keys = sorted({r.key for r in records})
    train_keys = split_keys(keys, 1 - options.eval_split, seed=options.seed)
    n_train, n_dev = len(train_keys), len(keys) - len(train_keys)
    if n_train == 0 or n_dev == 0:
        raise AnnotatorError(
            f"{count(len(keys), 'done document')} give {n_train} to train on and {n_dev} held out;"
            " both need at least one (annotate more, or change --eval-split)"
        )
    base = resolve_base(project, options.base)
    ordered = sorted(train_keys)
    random.Random(options.seed).shuffle(ordered)
    with tempfile.TemporaryDirectory(prefix="annotator-train-") as tmp:
        work = Path(tmp)
        scheme = project.scheme()
        write_docbin(records, work / "all", scheme, lambda r: r.key in train_keys)
        plan = _plan(project, base, records, _has_cats(work / "all" / "train.spacy"))
        points: list[dict[str, Any]] = []
        fractions = CURVE if curve else (1.0,)
        for run, fraction in enumerate(fractions, start=1):
            chosen = set(ordered[: max(1, round(fraction * n_train))])
            part = work / f"part-{fraction}"
            write_docbin(records, part, scheme, lambda r, c=chosen: r.key in c)
            # the documents left out of this fraction are neither trained on nor held out
            dev = work / "all" / "dev.spacy"
            listener = Listener(progress, should_stop, options.max_steps, run, len(fractions))
            nlp, scores = _fit(plan, work, part / "train.spacy", dev, options, log, listener)
            points.append({"fraction": fraction, "documents": len(chosen), **scores["overall"]})
        # the STANCE polarity fall-back, on the same split (its steps can be stopped too)
        quiet = Listener(lambda _: None, should_stop, options.max_steps)
        polarity = train_polarity(
            records, train_keys, scheme, base, work, options.max_steps, options.seed, log, quiet
        )
        scores = {**scores, "polarity": polarity.scores}
        if should_stop():  # asked after the last step: still nothing registered
            raise cancelled(options.max_steps, options.max_steps)
        trained_on = {
            "source": options.annotator or GOLD,
            "sets": len(records),
            "documents": n_train,
            "held_out": n_dev,
            "max_steps": options.max_steps,
            "seed": options.seed,
            "when": now_iso(),
        }
        curve_points = points if curve else []
        return _save(project, nlp, polarity, base, trained_on, scores, curve_points, options)


def _save(
    project: Project,
    nlp: spacy.language.Language,
    polarity: PolarityOutcome,
    base: str | None,
    trained_on: dict[str, Any],
    scores: dict[str, Any],
    curve: list[dict[str, Any]],
    options: TrainOptions,
) -> TrainResult:
    """Write the pipeline (and its polarity categorizer, inside it: one model, one
    digest), name it by its files, move it into place, register it."""
    nlp.meta["name"] = TRAINED_NAME
    nlp.meta["version"] = __version__
    nlp.meta["annotator"] = {"base": base, "trained_on": trained_on, "scores": scores}
    parent = options.out.parent if options.out else models_dir(project)
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".training-", dir=parent))
    nlp.to_disk(staging / "model")
    if polarity.nlp is not None:
        polarity.nlp.to_disk(staging / "model" / POLARITY_DIR)
    digest = files_digest(staging / "model")
    model_id = f"{nlp.meta['lang']}_{TRAINED_NAME}-{__version__}-{digest[:10]}"
    target = options.out or parent / model_id
    if target.exists():
        shutil.rmtree(staging)
        raise AnnotatorError(f"{target}: already exists; choose another --out")
    (staging / "model").rename(target)
    staging.rmdir()
    project.models.register(
        ModelInfo(
            id=model_id,
            name=f"{nlp.meta['lang']}_{TRAINED_NAME}",
            version=__version__,
            kind="trained",
            path=str(target.resolve()),
            digest=digest,
            base=base,
            trained_on=trained_on,
            scores=scores,
        )
    )
    return TrainResult(model_id, target, base, trained_on, scores, curve)
