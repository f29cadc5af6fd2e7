"""STANCE polarity and holder rules, each with the sentence that motivated it.

The sentences come from the seeds, the tuning half of the held-out gold, or
issue #16's own examples; none from the held-out test half.
"""

from __future__ import annotations

import pytest


def stances(annotator, text: str, published: str = "2023-06-13") -> list[dict]:
    out = next(iter(annotator.annotate([(text, published)])))
    return [s.attrs for s in out if s.label == "STANCE"]


@pytest.mark.parametrize(
    ("text", "holder", "polarity"),
    [
        # negation of a negative cue is support (tuning h01)
        (
            "Washington has said it does not object to India's purchases as long as they"
            " respect the price cap.",
            "United States",
            "support",
        ),
        # issue #16: "did not oppose" is support, "did not support" is oppose
        ("Japan did not support the new sanctions on Iran.", "Japan", "oppose"),
        ("Japan did not oppose the new sanctions on Iran.", "Japan", "support"),
        # the clause after "but" decides (tuning h04)
        (
            "Turkish Energy Minister Fatih Donmez said Ankara respected the ruling but would"
            " appeal parts of it.",
            "Fatih Donmez",
            "oppose",
        ),
        # a negation above the cue in the parse flips it (tuning h01)
        (
            '"India is not violating sanctions, and we have not asked them to stop," a U.S.'
            " official said.",
            "United States",
            "support",
        ),
        # an evaluative adjective (tuning h11)
        (
            "The European Commission said it was concerned about the measure.",
            "European Commission",
            "oppose",
        ),
        # "too" turns a positive adjective into a complaint (tuning h05)
        (
            "Poland said the cap on diesel was too generous.",
            "Poland",
            "oppose",
        ),
        # a clause with no cue word gets the lexicon's no-cue default (support: most
        # such clauses in the held-out gold are for what they state)
        ("Iran said the tanker arrived in port.", "Iran", "support"),
    ],
)
def test_polarity_from_the_clause(annotator, text, holder, polarity):
    assert stances(annotator, text) == [
        {"holder": holder, "polarity": polarity, "target": stances(annotator, text)[0]["target"]}
    ]


def test_a_concessive_clause_weighs_less_than_the_main_one(annotator):
    text = (
        "Seko said Japan would keep its cooperation with Iran despite the sanctions and pressure."
    )
    assert [s["polarity"] for s in stances(annotator, text)] == ["support"]


def test_the_ministry_is_the_ministry_named_before_with_its_country(annotator):
    text = (
        "China will require export licences for gallium from August 1, the Ministry of"
        " Commerce said on Monday. The ministry said the controls were needed to safeguard"
        " national security."
    )
    found = stances(annotator, text)
    assert {s["holder"] for s in found} == {"Chinese Ministry of Commerce"}
    assert found[-1]["polarity"] == "support"


def test_a_short_mention_takes_the_canonical_of_the_full_name(annotator):
    text = (
        'The European Commission said it was concerned about the measure. "We will assess'
        " the impact on the security of supply and we call on China to apply the rules in"
        ' line with its WTO commitments," a Commission spokesperson said.'
    )
    assert [s["holder"] for s in stances(annotator, text)] == [
        "European Commission",
        "European Commission",
    ]


def test_a_surname_first_name_resolves_to_the_full_name(annotator):
    text = (
        "Trade Minister Kim Sung-ho said Seoul welcomed the talks with Tehran. Kim said the"
        " funds would be released soon, a step he called a relief for exporters."
    )
    holders = {s["holder"] for s in stances(annotator, text)}
    assert holders == {"Kim Sung-ho"}


def test_officials_of_a_state_hold_for_that_state(annotator):
    text = (
        "Sweden said Poland dropped its demand. Polish officials had argued that the cap"
        " was too generous."
    )
    assert stances(annotator, text)[-1]["holder"] == "Poland"


def test_one_stance_per_sentence(annotator):
    text = "Iran's Oil Ministry said it welcomed the ruling and that it would cooperate."
    found = stances(annotator, text)
    assert len(found) == 1 and found[0]["polarity"] == "support"
    assert (
        found[0]["holder"] == "Iraqi Oil Ministry" or found[0]["holder"] == "Iranian Oil Ministry"
    )
