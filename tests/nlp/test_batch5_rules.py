"""Rules for what the fifth held-out batch's tuning half showed lost.

Batch 5 was written by people who never read the rules, and its tuning half lost
suggestions on these shapes: an appeal not to act ("urged X not to ...") read as
for the act, an appeal for a thing ("asked X for Y") read as no side, a company
named in full once and by its first word after ("Woodside"), a company before a
title, a group described before its name, a portfolio the model called a person,
a ministry's demonym, a verb with no side of its own before "but warned", "the
other 18 percent", and currency names several states share. Each test is a
sentence written for it, never text from the gold.
"""

from __future__ import annotations

import pytest

from .test_fresh_copy_rules import marked


def stances(annotator, text: str) -> list[tuple[str, dict]]:
    return marked(annotator, text, "STANCE")


def actors(annotator, text: str) -> list[tuple[str, dict]]:
    return marked(annotator, text, "ACTOR")


@pytest.mark.parametrize(
    "text",
    [
        "The Chilean Mining Ministry urged lawmakers not to raise the royalty this year.",
        "Trade Minister Olga Brandt urged Brussels not to delay the vote on the tariff.",
    ],
)
def test_an_appeal_not_to_act_opposes_the_act(annotator, text):
    found = stances(annotator, text)
    assert [a["polarity"] for _, a in found] == ["oppose"], found


def test_an_appeal_to_undo_still_opposes_and_an_appeal_to_act_supports(annotator):
    undo = stances(annotator, "Trade Minister Olga Brandt urged Brussels to scrap the tariff.")
    act = stances(annotator, "Trade Minister Olga Brandt urged Brussels to approve the tariff.")
    assert [a["polarity"] for _, a in undo] == ["oppose"], undo
    assert [a["polarity"] for _, a in act] == ["support"], act


def test_asking_for_a_thing_supports_it_and_the_thing_is_the_target(annotator):
    found = stances(annotator, "Kenya has asked the World Bank for a grace period of two years.")
    assert len(found) == 1, found
    attrs = found[0][1]
    assert attrs["polarity"] == "support", found
    assert attrs["target"].startswith("grace period"), found


def test_a_company_named_in_full_is_named_after_by_its_first_word(annotator):
    text = (
        "Chile fined Albury Energy $30 million on Monday. Mining Minister Pablo Reyes "
        "accused Albury of hiding spills. Albury has appealed."
    )
    found = actors(annotator, text)
    short = [a for covered, a in found if covered == "Albury"]
    assert len(short) == 2, found
    assert all(a["canonical"] == "Albury Energy" and a["kind"] == "company" for a in short)


def test_a_demonym_is_not_taken_as_a_short_company_name(annotator):
    text = "Indian Oil Corp will buy more crude. Indian refiners said they were pleased."
    found = actors(annotator, text)
    assert "Indian" not in [covered for covered, _ in found], found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a known company before a title is an actor, not part of the title
        ("Sonatrach Chief Executive Rachid Hamdi said prices would rise.", "Sonatrach"),
        # a group described before its name
        ("Austria's state energy group OMV filed a complaint with the Commission.", "OMV"),
    ],
)
def test_a_company_written_beside_a_title_or_a_description_is_a_company(annotator, text, name):
    found = actors(annotator, text)
    assert (name, "company") in [(c, a["kind"]) for c, a in found], found


def test_a_portfolio_before_a_ministers_title_and_name_is_no_actor(annotator):
    text = "Moldovan Energy Minister Ion Cebotari said the contract was a good one."
    found = actors(annotator, text)
    assert [covered for covered, _ in found] == ["Ion Cebotari"], found


def test_a_ministry_takes_the_demonym_before_it_into_its_canonical(annotator):
    text = "The Kazakh Energy Ministry rejected the criticism on Friday."
    found = stances(annotator, text)
    assert [a["holder"] for _, a in found] == ["Kazakh Energy Ministry"], found


def test_a_verb_with_no_side_before_but_warned_is_a_position_of_its_own(annotator):
    text = (
        'Georgian Economy Minister Levan Kapanadze called the pipeline deal "a good step" '
        "but warned that the transit fee would cost Tbilisi $40 million a year."
    )
    found = stances(annotator, text)
    assert [(covered.split()[0], a["polarity"]) for covered, a in found] == [
        ("Georgian", "support"),
        ("but", "oppose"),
    ], found


@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        ("Shell holds 60 percent and Petrobras the other 40 percent.", "40 percent", "percent"),
        ("Prices rose another 3 percent in May.", "3 percent", "percent"),
        # a currency name several states use is the one of the state the article names
        ("DAKAR - Senegal will borrow 200 billion CFA francs.", "200 billion CFA francs", "XOF"),
        ("BELGRADE - Serbia will spend 20 billion dinars on the grid.", "20 billion dinars", "RSD"),
        ("KUWAIT CITY - Kuwait will spend 3 billion dinars.", "3 billion dinars", "KWD"),
        ("BOGOTA - Colombia will lend 900 billion pesos.", "900 billion pesos", "COP"),
        ("COLOMBO - Sri Lanka will pay 90 billion rupees for fuel.", "90 billion rupees", "LKR"),
        ("Zurich traders paid 5 million francs.", "5 million francs", "CHF"),
        ("ULAANBAATAR - Mongolia earned 4 trillion tugrik from coal.", "4 trillion tugrik", "MNT"),
    ],
)
def test_figures_keep_their_number_and_take_the_articles_currency(annotator, text, figure, unit):
    found = dict(marked(annotator, text, "FIGURE"))
    assert figure in found, found
    assert found[figure]["unit"] == unit, found


def test_he_said_after_a_states_position_gives_it_to_the_person_named_before(annotator):
    text = (
        "Oil Minister Omar Haddad spoke on Tuesday. Bahrain had already rejected an offer "
        "of 20,000 bpd from the committee as too small, he said."
    )
    found = stances(annotator, text)
    assert [(covered.split()[0], a["holder"]) for covered, a in found] == [
        ("Bahrain", "Omar Haddad")
    ], found


def test_looking_at_a_proposal_takes_no_side_and_looking_to_buy_does(annotator):
    interview = (
        "KATHMANDU - Nepal's Energy Minister Priya Nadar spoke to the Himal Review on "
        'Monday.\n\nQ: Will Tokyo build the plant?\n\nNADAR: "We will look at any proposal '
        'from Tokyo when it arrives."'
    )
    at = stances(annotator, interview)
    to = stances(annotator, "Nepal was looking to buy more power from India, Priya Nadar said.")
    assert [a["polarity"] for _, a in at] == ["neutral"], at
    assert [a["polarity"] for _, a in to] == ["support"], to


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Karvo, the country's largest gold mine, produced 12 tonnes last year.", "Karvo"),
        ("Nepal began selling power from the Tamor Bhatti project last year.", "Tamor Bhatti"),
    ],
)
def test_a_field_mine_or_project_is_no_actor(annotator, text, name):
    found = actors(annotator, text)
    assert name not in [covered for covered, _ in found], found


def test_a_descriptor_opening_a_sentence_is_no_part_of_the_name(annotator):
    text = "It gave no figure. Broadcaster NTV said an audience of 2 million watched."
    found = actors(annotator, text)
    assert [covered for covered, _ in found] == ["NTV"], found
    assert found[0][1]["canonical"] == "NTV", found


@pytest.mark.parametrize(
    ("text", "date", "kept"),
    [
        ("Tickets for children under 16 were 10 euros each.", "under 16", False),
        ("The fund will run out before 2030, the minister said.", "2030", True),
    ],
)
def test_a_bare_number_is_a_date_only_when_it_is_a_year(annotator, text, date, kept):
    found = [covered for covered, _ in marked(annotator, text, "DATE")]
    assert (date in found) is kept, found
