"""Stance rules for what the fourth held-out batch's tuning half showed lost.

That half's stances were lost on four shapes: the first sentence's stance took the
dateline into its evidence, an actor announcing its own act ("will pay", "will not
sell") got no side, the listener of 'told reporters' became the target, a 'but'
after a supported position hid a second one ("supported the aim but asked for a
delay"), and an interview answer kept the question before it. Each test is a
sentence written for it, never text from the gold.
"""

from __future__ import annotations

import pytest

from .test_fresh_copy_rules import marked


def stances(annotator, text: str) -> list[tuple[str, dict]]:
    return marked(annotator, text, "STANCE")


def test_a_stance_in_the_first_sentence_starts_after_the_dateline(annotator):
    text = (
        "HARARE, May 3 - Zimbabwe will ban exports of raw lithium, Mines Minister Tendai Moyo said."
    )
    found = stances(annotator, text)
    assert [covered[:8] for covered, _ in found] == ["Zimbabwe"], found


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        # announcing one's own act, in a clause with no cue word, is for it
        ("Ghana will pay for the cargoes in cedis, Finance Minister Kwame Asante said.", "support"),
        (
            '"We will keep drilling through the winter," Anna Berg of Nordvik Energy said.',
            "support",
        ),
        # refusing it is against
        ("The Kremlin said Russia would not sell gas to buyers that observe the cap.", "oppose"),
    ],
)
def test_an_actor_announcing_its_own_act_takes_its_side(annotator, text, polarity):
    found = stances(annotator, text)
    assert [a["polarity"] for _, a in found] == [polarity], found


def test_the_listener_of_told_is_never_the_target(annotator):
    text = '"We will keep drilling through the winter," Anna Berg of Nordvik Energy told reporters.'
    found = stances(annotator, text)
    assert len(found) == 1, found
    assert "reporters" not in found[0][1]["target"], found


def test_a_reservation_after_but_is_a_second_position_against(annotator):
    text = "Kenya said it supported the aim of the rules but asked Brussels for two more years."
    found = stances(annotator, text)
    assert [(covered.split()[0], a["polarity"]) for covered, a in found] == [
        ("Kenya", "support"),
        ("but", "oppose"),
    ], found
    assert found[0][0].endswith("rules"), found


def test_a_refusal_after_but_is_a_reservation(annotator):
    # the shape of tuning2 n11: "welcomed the discounts but declined to give a date"
    text = "Kenya welcomed the payment plan but declined to give a date for the first transfer."
    found = stances(annotator, text)
    assert [(c.split()[0], a["polarity"]) for c, a in found] == [
        ("Kenya", "support"),
        ("but", "oppose"),
    ], found


def test_wanting_more_after_but_stays_one_position(annotator):
    text = "Kenya welcomed the payment plan but wanted direct access to its funds."
    found = stances(annotator, text)
    assert [a["polarity"] for _, a in found] == ["support"], found


def test_an_answer_keeps_its_refusals_and_leaves_the_question_out(annotator):
    text = (
        "LAGOS - Nigeria's Minister of Power Lina Okafor spoke to reporters on Monday.\n\n"
        "Q: Will you sell more gas to Ghana?\n\n"
        'OKAFOR: "Our own plants come first. We do not accept that price. '
        'We are not going to subsidise foreign industry."'
    )
    found = stances(annotator, text)
    assert not [c for c, _ in found if "Will you" in c or "OKAFOR" in c], found
    refusals = [(c, a) for c, a in found if c.startswith("We ")]
    assert [(a["holder"], a["polarity"]) for _, a in refusals] == [
        ("Lina Okafor", "oppose"),
        ("Lina Okafor", "oppose"),
    ], found


def test_a_question_run_into_the_answer_before_it_holds_its_own_position(annotator):
    # the parser runs '... price."' and the next question into one sentence, and the
    # tagger calls the closing quote an opening one: the question is neither quoted
    # nor the answer's
    text = (
        "LAGOS - Nigeria's Minister of Power Lina Okafor spoke to reporters on Monday.\n\n"
        "Q: Will exports rise?\n\n"
        'OKAFOR: "We do not accept that price."\n\n'
        "Q: Ghana wants more gas from the delta fields. Will you sell it?\n\n"
        'OKAFOR: "Our own plants come first."'
    )
    found = stances(annotator, text)
    held = [(c.split()[0], a["holder"], a["polarity"]) for c, a in found]
    assert ("We", "Lina Okafor", "oppose") in held, found
    assert ("Ghana", "Ghana", "support") in held, found


@pytest.mark.parametrize(
    "text",
    [
        "Secondary sanctions on our tankers are not fair, Omar Haddad of Gulf Terminals said.",
        "Kenya said the new sanctions were not acceptable.",
        "Kenya said the penalties were not justified.",
    ],
)
def test_a_negated_judgement_denies_the_judgement_not_its_subject(annotator, text):
    # 'not' on 'are' flips 'fair', never the 'sanctions' it is said of (which, flipped
    # too, cancelled it to neutral)
    found = stances(annotator, text)
    assert [a["polarity"] for _, a in found] == ["oppose"], found


def test_the_board_said_is_the_board_named_before(annotator):
    text = (
        "The Ghana Cocoa Board raised the farmgate price on Friday. "
        "The board said it welcomed the new rules."
    )
    found = stances(annotator, text)
    assert [(a["holder"], a["polarity"]) for _, a in found] == [("Ghana Cocoa Board", "support")], (
        found
    )


def test_a_measure_that_should_be_phased_out_is_opposed(annotator):
    # a figure without a word of judgement is news; 'phase out' is that word here
    text = (
        "The Asian Development Bank said the diesel subsidy cost 2 percent of output "
        "and should be phased out."
    )
    found = stances(annotator, text)
    assert [a["polarity"] for _, a in found] == ["oppose"], found


def test_an_answer_that_leaves_the_question_open_is_a_neutral_position(annotator):
    text = (
        "LAGOS - Nigeria's Minister of Power Lina Okafor spoke to reporters on Monday.\n\n"
        "Q: Will you join the forum?\n\n"
        'OKAFOR: "We are studying it. There will be no decision this year."\n\n'
        "Q: And the pipeline?\n\n"
        'OKAFOR: "It is too early to decide."'
    )
    found = stances(annotator, text)
    assert [(c, a["holder"], a["polarity"]) for c, a in found] == [
        ("We are studying it.", "Lina Okafor", "neutral"),
        ('It is too early to decide."', "Lina Okafor", "neutral"),
    ], found
