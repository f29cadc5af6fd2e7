"""Rules for wire-copy conventions the third held-out batch's tuning half showed missing.

Each test is a new sentence written for it, with invented names where the
rule must not lean on the alias table (never text from the gold files): a
dateline's date, bodies of several words, places named as places, local
currencies and rates of two measures, date boundaries, and stance wording.
"""

from __future__ import annotations

import pytest

from annotator.core.nlp.actors import ActorRules
from annotator.core.nlp.bodies import BodyRules, joined_media
from annotator.core.nlp.candidates import Cand
from annotator.core.nlp.datelines import dateline_date
from annotator.core.nlp.rules import load_rules
from annotator.core.tokens import blank_english

from .test_fresh_copy_rules import actors, figures, marked, stances


def dates(annotator, text: str) -> list[str]:
    return [covered for covered, _ in marked(annotator, text, "DATE")]


# -- datelines ------------------------------------------------------------------
def test_the_dateline_date_is_found_on_the_tokens():
    nlp = blank_english()
    doc = nlp("KAMPALA, March 4 - Norland will raise duties.")
    assert doc[slice(*dateline_date(doc))].text == "March 4"
    assert dateline_date(nlp("Norland will raise duties on March 4 - or later.")) is None


@pytest.mark.parametrize(
    "text",
    [
        "ISLAMABAD, March 4 - Pakistan will raise fuel duties, Finance Minister Ola Brenn said.",
        "ACCRA, Sept 9 - Ghana's cocoa board cut its forecast on Monday.",
    ],
)
def test_a_datelines_date_is_a_date_of_its_own(annotator, text):
    found = dates(annotator, text)
    assert found[0] in ("March 4", "Sept 9"), found
    assert not [d for d in found if " - " in d], found


def test_the_state_after_the_dateline_is_an_actor(annotator):
    text = "ISLAMABAD, March 4 - Pakistan will raise fuel duties, Finance Minister Ola Brenn said."
    assert "Pakistan" in actors(annotator, text)


# -- actors ---------------------------------------------------------------------
def test_a_portfolio_before_a_title_is_not_part_of_the_bloc(annotator):
    found = actors(annotator, "EU Energy Commissioner Mara Veltin said the bloc wanted more gas.")
    assert "EU" in found and "EU Energy" not in found, found


@pytest.mark.parametrize(
    ("text", "not_actor"),
    [
        ("Q: Ugandan officials say the transit fee is too high.", "Ugandan"),
        ("The refiner paid for the cargo in Chinese yuan, officials said.", "Chinese yuan"),
        ("The cargo is due at Karachi in May.", "Karachi"),
        ("The cargo was priced at a discount to Arab Light.", "Arab Light"),
        ("Kenya has plans for a pipeline to Rwanda.", "Rwanda"),
        ("Gas reaches Italy through Tunisia under a 1983 contract.", "Tunisia"),
        ("Fines will hit the brokers in Dubai and Hong Kong who book the cargoes.", "Hong Kong"),
        ("Cheaper fuel is good for West Africa.", "West Africa"),
        ("The deal was signed at a ceremony in Brussels on Monday.", "Brussels"),
    ],
)
def test_places_currencies_and_grades_are_no_actors(annotator, text, not_actor):
    assert not_actor not in actors(annotator, text)


def test_a_seat_city_after_in_is_still_the_eu_when_it_acts(annotator):
    found = actors(annotator, "Brussels said on Monday it would answer the complaint.")
    assert found.get("Brussels") == "European Union", found


def test_the_government_in_a_city_that_acts_is_named_by_the_city(annotator):
    assert "Nairobi" in actors(annotator, "The government in Nairobi blamed the rebels.")
    text = "They acted without the consent of the government in Nairobi."
    assert "Nairobi" not in actors(annotator, text)


@pytest.mark.parametrize(
    ("text", "body", "canonical"),
    [
        # a name, lower-case adjectives, an institution head
        ("The Karsa regional council said it would appeal the ruling.",
         "Karsa regional council", "Karsa regional council"),
        # a mission keeps where it serves, and its abbreviation is spelled out
        ("The U.N. Assistance Mission in Sudan urged both sides to talk.",
         "U.N. Assistance Mission in Sudan", "United Nations Assistance Mission in Sudan"),
        # a company right after what it is
        ("Ecuador's state oil company Petroecuador agreed with Chile's Enap on Monday.",
         "Petroecuador", "Petroecuador"),
        ("When the G7 set the cap, buyers adjusted.", "G7", "Group of Seven"),
    ],
)  # fmt: skip
def test_bodies_named_in_several_words_are_whole(annotator, text, body, canonical):
    found = actors(annotator, text)
    assert found.get(body) == canonical, found


def test_a_place_and_a_name_before_a_media_word_are_one_outlet():
    rules = load_rules()
    doc = blank_english()("They told Kenya al-Sabah television that they would stay.")
    place, name = Cand(2, 3, "ACTOR", "GPE"), Cand(3, 6, "ACTOR", "ORG")
    joined = joined_media(doc, [place, name], BodyRules(rules, ActorRules(rules)))
    assert [(c.text(doc), c.attrs.get("kind")) for c in joined] == [("Kenya al-Sabah", "media")]


def test_an_untagged_name_opening_a_list_of_companies_is_one_of_them(annotator):
    found = actors(annotator, "Korvel, Shell and BP, which operate there, moved staff.")
    assert "Korvel" in found, found


def test_a_name_before_a_route_noun_is_the_pipe_everywhere(annotator):
    text = "Flows through the Velda link rose. Velda carries gas under the sea."
    assert "Velda" not in actors(annotator, text)


# -- figures --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        ("Uganda's pump price is 5,200 shillings a litre.", "5,200 shillings a litre",
         "UGX per litre"),
        ("Kenya's pump price is 180 shillings a litre.", "180 shillings a litre", "KES per litre"),
        ("The loan is worth 9 billion cedis.", "9 billion cedis", "GHS"),
        ("Hanoi set a floor of 21,000 dong per kg.", "21,000 dong per kg", "VND per kg"),
        ("Potash fetched C$410 per tonne in March.", "C$410 per tonne", "CAD per tonne"),
        # a tariff priced by two measures keeps both
        ("Transit costs $0.04 per tonne per kilometre.", "$0.04 per tonne per kilometre",
         "USD per tonne per kilometre"),
        # a comparison word is a hedge, as 'about' is
        ("Their crude has sold above $65 for most of the year.", "$65", "USD"),
    ],
)  # fmt: skip
def test_local_currencies_and_rates(annotator, text, figure, unit):
    found = figures(annotator, text)
    assert found.get(figure, {}).get("unit") == unit, found


def test_a_second_price_in_the_sentence_keeps_the_first_ones_measure(annotator):
    text = "Diesel sells for 96 rupees a litre, against 110 rupees in March, and cost 2 billion."
    found = figures(annotator, text)
    assert found["110 rupees"]["unit"] == "INR per litre", found


# -- dates ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Revenue rose in the fiscal year to June, ending months of losses.", ["June"]),
        ("The two firms agreed on Friday, ending months of talks.", ["Friday"]),
        ("Output fell by a fifth in the first year.", []),
        ("Prices may ease in the coming months.", ["coming months"]),
    ],
)
def test_a_date_holds_no_verb_and_no_period_of_something(annotator, text, expected):
    assert dates(annotator, text) == expected


# -- stances --------------------------------------------------------------------
def test_not_just_adds_and_flips_nothing(annotator):
    text = (
        '"This pact makes Peru a partner in Europe\'s energy shift, not just a quarry,"'
        " Peruvian Trade Minister Ola Brenn said."
    )
    assert stances(annotator, text)[0][2] == "support"


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ('Velgas said the new tariff was "acceptable" to its customers.', "support"),
        ("The Velmor Institute says the contract hides costs.", "oppose"),
    ],
)
def test_judgement_words_of_batch_three(annotator, text, polarity):
    assert stances(annotator, text)[0][2] == polarity


def test_said_and_praised_is_two_positions(annotator):
    text = (
        "Trade Minister Ola Brenn said Norland wanted stable supply and praised Chile"
        " for its rules."
    )
    found = stances(annotator, text)
    assert [(holder, polarity) for _, holder, polarity in found] == [
        ("Ola Brenn", "support"),
        ("Ola Brenn", "support"),
    ], found
    assert found[1][0].startswith("and praised")


def test_said_and_added_stays_one_report(annotator):
    text = "Trade Minister Ola Brenn said Norland wanted stable supply and added that talks go on."
    assert len(stances(annotator, text)) == 1
