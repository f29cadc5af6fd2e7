"""A body named after two states is one ACTOR; a state before its own department stays
its own (GUIDELINES.md). Sentences from the seeds and the held-out tuning half."""

from __future__ import annotations

import pytest

from .conftest import texts_of


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        # seeds: the model finds two states in the committee's name
        (
            "Also, the Chairman of the Iran – Japan Joint Committee of Commerce Bahram"
            ' Shakouri said: "Recently, JETRO has prepared a package of cooperation."',
            ["Iran – Japan Joint Committee of Commerce", "Bahram Shakouri", "JETRO"],
        ),
        # tuning h07: no dash, so the country and its department are two actors
        (
            "A U.S. State Department spokesperson said Washington remained committed to"
            " helping Iraq.",
            ["U.S.", "State Department", "Washington", "Iraq"],
        ),
    ],
)
def test_institution_names(annotator, text, actors):
    found = next(iter(annotator.annotate([(text, "2021-09-01")])))
    assert texts_of(text, found, "ACTOR") == actors
    kinds = {text[s.start : s.end]: s.attrs["kind"] for s in found if s.label == "ACTOR"}
    assert kinds.get(actors[0]) == ("organization" if "Committee" in actors[0] else "state")
