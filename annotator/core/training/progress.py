"""Training progress for a caller (the window's progress dialog), and its stop.

spaCy's training loop reports through the config's ``[training.logger]``,
called after every step, with the losses and the score at each evaluation.
``train_project`` names ``annotator.train_progress.v1`` there, around the
logger the config had: that one still writes spaCy's console table (the log
stays what it was), and this one hands each step to
the listener ``train_project`` set for the running thread (a ``ContextVar``:
a window may train while another thread does something else). Asked to
stop, it raises ``TrainingCancelled`` from inside the loop, so spaCy stops at
the next step and the run writes and registers nothing. The trained
pipeline's config names the config's own logger again before it is saved
(``unwrapped``), so the model loads where this module is not imported.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy

from annotator.core.errors import AnnotatorError

LOGGER = "annotator.train_progress.v1"


@dataclass(frozen=True, slots=True)
class TrainProgress:
    """One training step: ``step`` of ``max_steps`` in run ``run`` of ``runs``
    (``--curve`` trains four times); the loss summed over the components and
    the score as of the last evaluation (None before the first)."""

    step: int
    max_steps: int
    loss: float | None = None
    score: float | None = None
    run: int = 1
    runs: int = 1


class TrainingCancelled(AnnotatorError):
    """The caller asked the training to stop: nothing was written or registered."""


@dataclass(frozen=True, slots=True)
class Listener:
    progress: Callable[[TrainProgress], None]
    should_stop: Callable[[], bool]
    max_steps: int
    run: int = 1
    runs: int = 1


_LISTENER: ContextVar[Listener | None] = ContextVar("annotator_train_listener", default=None)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Report this thread's training steps to ``listener`` while inside."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def cancelled(step: int, max_steps: int) -> TrainingCancelled:
    return TrainingCancelled(
        f"training cancelled at step {step} of {max_steps}: no model was written or registered"
    )


def wrapped(logger: dict[str, Any]) -> dict[str, Any]:
    """A config's ``[training.logger]`` with the steps also to the listener."""
    return {"@loggers": LOGGER, "logger": logger}


def unwrapped(logger: dict[str, Any]) -> dict[str, Any]:
    """The config's own logger again (what a saved pipeline's config names)."""
    return logger["logger"] if logger.get("@loggers") == LOGGER else logger


@spacy.registry.loggers(LOGGER)
def progress_logger(logger: Callable[..., Any]) -> Callable[..., Any]:
    """``logger`` (spaCy's console table), and each step to the thread's listener."""
    console = logger

    def setup(nlp: Any, stdout: Any, stderr: Any) -> tuple[Callable, Callable]:
        log_console, finalize = console(nlp, stdout, stderr)
        listener = _LISTENER.get()
        state: dict[str, Any] = {"step": -1, "loss": None, "score": None}

        def log_step(info: dict[str, Any] | None) -> None:
            log_console(info)
            if listener is None:
                return
            if info is None:  # a step without evaluation
                state["step"] += 1
            else:
                state["step"] = int(info["step"])
                state["loss"] = float(sum(info["losses"].values()))
                state["score"] = float(info["score"])
            if listener.should_stop():
                raise cancelled(state["step"], listener.max_steps)
            listener.progress(
                TrainProgress(
                    state["step"],
                    listener.max_steps,
                    state["loss"],
                    state["score"],
                    listener.run,
                    listener.runs,
                )
            )

        return log_step, finalize

    return setup


def run_training(
    config: Any,
    output: Path,
    log: Callable[[str], None],
    listener: Listener,
    keep: str = "model-best",
) -> spacy.language.Language:
    """spaCy's own training loop on ``config``, its steps reported to
    ``listener`` (which can stop it), its printout passed to ``log``; the
    pipeline it saved as ``keep`` (``model-best`` or ``model-last``), with its
    logger set back so it loads without this module."""
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as spacy_train

    config["training"]["logger"] = wrapped(config["training"]["logger"])
    nlp = init_nlp(config)
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    stream = io.StringIO()
    with listening(listener):
        try:
            spacy_train(nlp, output, stdout=stream, stderr=stream)
        finally:
            log(stream.getvalue())
    trained = spacy.load(output / keep)
    saved = trained.config["training"]
    saved["logger"] = unwrapped(saved["logger"])  # loads without progress.py
    return trained
