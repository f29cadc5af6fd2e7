"""Pre-annotation: a spaCy pipeline proposes ACTOR, FIGURE, DATE and STANCE spans.

Public API (stable; the CLI, the GUI and the benchmarks call it):
``load_pipeline(name_or_path)``, ``Preannotator(pipeline, scheme, aliases)`` (``annotate``
for spans, ``suggest`` for spans and relations)
and ``run_preannotation(project, ...)``. Importing this package loads no
model; ``load_pipeline`` does, when called.
"""

from __future__ import annotations

from .aliases import AliasTable
from .annotate import Preannotator, Suggestions, split_text
from .pipeline import Pipeline, load_pipeline
from .run import PreannotationSummary, run_preannotation

__all__ = [
    "AliasTable",
    "Pipeline",
    "PreannotationSummary",
    "Preannotator",
    "Suggestions",
    "load_pipeline",
    "run_preannotation",
    "split_text",
]
