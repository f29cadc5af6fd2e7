"""Pipelines are loaded once per test module: loading the model takes about a second."""

from __future__ import annotations

import pytest

from annotator.core.nlp import Preannotator, load_pipeline


@pytest.fixture(scope="session")
def model_pipeline():
    return load_pipeline()


@pytest.fixture(scope="session")
def rules_pipeline():
    return load_pipeline("rules")


@pytest.fixture(scope="session")
def annotator(model_pipeline):
    return Preannotator(model_pipeline)


def texts_of(text: str, spans, label: str) -> list[str]:
    return [text[s.start : s.end] for s in spans if s.label == label]
