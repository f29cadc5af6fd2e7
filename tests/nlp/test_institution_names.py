"""A body named after two states is one ACTOR; a state before its own department stays
its own; a known body's name of several words is whole where the model tagged a place
inside it (GUIDELINES.md). Sentences from the seeds and the held-out tuning half, and
sentences written for a rule."""

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


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # the model reads 'Earth' as a place and 'Friends' as a common noun
        ("Friends of the Earth says the pipeline should not go ahead.", "Friends of the Earth"),
        ("Human Rights Watch said the dam should be halted.", "Human Rights Watch"),
    ],
)
def test_a_known_body_of_several_words_stays_whole(annotator, text, actor):
    found = next(iter(annotator.annotate([(text, None)])))
    assert texts_of(text, found, "ACTOR") == [actor]
