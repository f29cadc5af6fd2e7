"""A body named after two states is one ACTOR; a state's short name right before its
own department is part of the department's name; a known body's name of several
words is whole where the model tagged a place inside it; a word the article writes
in lower case elsewhere is no name; a known body the model calls a product is an
actor (GUIDELINES.md). Sentences from the seeds and the held-out tuning half, and
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
        # tuning h07: no dash, so no body of two states; the short state name right
        # before its department is one name with it (held-out batches 2-6 mark it so)
        (
            "A U.S. State Department spokesperson said Washington remained committed to"
            " helping Iraq.",
            ["U.S. State Department", "Washington", "Iraq"],
        ),
    ],
)
def test_institution_names(annotator, text, actors):
    found = next(iter(annotator.annotate([(text, "2021-09-01")])))
    assert texts_of(text, found, "ACTOR") == actors
    kinds = {text[s.start : s.end]: s.attrs["kind"] for s in found if s.label == "ACTOR"}
    assert kinds.get(actors[0]) == "organization"


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


def test_a_word_the_article_writes_in_lower_case_elsewhere_is_no_name(annotator):
    # tuning4 n08: the model tags "Farmers" at the paragraph's start as an organisation
    text = (
        "The price is still below what farmers in neighbouring Ghana receive after a weaker"
        " cedi.\n\nFarmers' union leader Moussa Diabate accused the Coffee and Cocoa Council"
        " of keeping the price low to fill state coffers."
    )
    found = next(iter(annotator.annotate([(text, None)])))
    assert texts_of(text, found, "ACTOR") == ["Moussa Diabate", "Coffee and Cocoa Council"]


def test_a_known_name_that_is_also_a_word_stays_a_name(annotator):
    text = (
        "Nigeria bought a shell company in Lagos last year. Shell said it would sell its"
        " onshore fields."
    )
    found = next(iter(annotator.annotate([(text, None)])))
    assert texts_of(text, found, "ACTOR") == ["Nigeria", "Shell"]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        # the model calls the parliament a product, or tags nothing
        (
            '"The budget will balance," Finance Minister Jonas Weber told the Bundestag.',
            "Bundestag",
        ),
        ('"The levy will stay," Energy Minister Anna Nowak told the Sejm on Friday.', "Sejm"),
    ],
)
def test_a_parliament_is_an_actor_whatever_the_model_calls_it(annotator, text, body):
    found = next(iter(annotator.annotate([(text, None)])))
    assert body in texts_of(text, found, "ACTOR")
