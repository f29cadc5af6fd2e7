"""Rules for what the seventh held-out batch's tuning half showed lost.

Batch 7 was written by people who never read the rules, and its tuning half lost
suggestions on these shapes: a dateline filed from two cities at once or with the
city's region or state after it, read by the model as a date running into the
first sentence; a department "of" its portfolio, or an embassy, after the state's
short name, which the model splits from it; a person of three names the model cut
to two, and a person after a naval rank read as an organisation, whose stances then
named someone else; a demonym and a body's name after 'the'; a known body whose name
ends in 'Programme'; a state's name read into the share given to it; nautical miles;
a range 'between' two months; 'the first three years'; a given name alone after a name
of three; a clause that takes no position before 'but' and a warning, which the
parser may join to the reporting verb; 'decide whether to'; a clause after 'and' with
another actor as its subject; a flag, a base or a sea; a sentence never crossing a
paragraph; buying nothing; detaining, seizing or revoking as stances by action; 'it
said' after a body's position; a quotation continued in the next paragraph; an act that
takes a side by its object (opening a procedure, filing for arbitration, issuing a
licence; seen in tuning5-7); a demand made of an actor that nobody reports. Each test
is a sentence written for it, never text from the gold.
"""

from __future__ import annotations

import pytest

from annotator.core.nlp.actors import ActorRules, actor_candidates
from annotator.core.nlp.candidates import Cand, sentence_finder
from annotator.core.nlp.datelines import dateline_date, dateline_end, dateline_place
from annotator.core.nlp.rules import load_rules
from annotator.core.tokens import blank_english

from .test_batch3_rules import dates
from .test_batch6_rules import actors
from .test_fresh_copy_rules import figures, marked, stances


# -- datelines ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "date", "place"),
    [
        ("DOHA/RIYADH, Sept 3 - Qatar and Saudi Arabia agreed", "Sept 3", "DOHA"),
        ("PERTH, Western Australia, May 9 - Woodside said", "May 9", "PERTH"),
        ("KOTA KINABALU, Malaysia, Feb 2 (Reuters) - Petronas said", "Feb 2", "KOTA KINABALU"),
    ],
)
def test_a_dateline_from_two_cities_or_with_its_region_is_found(text, date, place):
    doc = blank_english()(text)
    assert doc[slice(*dateline_date(doc))].text == date
    assert dateline_place(doc) == place
    assert doc[dateline_end(doc, frozenset({"-"})) - 1].text == "-"


def test_a_list_of_names_at_the_start_is_no_dateline():
    """A guard (it passes before the change too): a region between commas needs a
    date or a dash after it."""
    doc = blank_english()("OPEC, Russia, and Kazakhstan agreed to cut output on May 3 - again.")
    assert dateline_date(doc) is None and dateline_end(doc, frozenset({"-"})) == 0


@pytest.mark.parametrize(
    ("text", "expected", "not_actor"),
    [
        ("LIMA/QUITO, Sept 3 - Peru and Ecuador will share a field.", "Sept 3", "LIMA"),
        ("DARWIN, Australia, Feb 2 - Santos will cut its output.", "Feb 2", "Australia"),
    ],
)
def test_the_datelines_date_stays_apart_from_the_first_sentence(
    annotator, text, expected, not_actor
):
    assert dates(annotator, text)[0] == expected
    assert not_actor not in actors(annotator, text)


# -- bodies after a state's short name ------------------------------------------
@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "The U.S. Department of Agriculture said on Monday the quota would stay.",
            "U.S. Department of Agriculture",
        ),
        (
            "The U.S. Department of Housing and Urban Development declined to comment.",
            "U.S. Department of Housing and Urban Development",
        ),
        ("A spokeswoman for the U.S. Embassy in Lima welcomed the vote.", "U.S. Embassy"),
    ],
)
def test_a_department_of_its_portfolio_or_an_embassy_takes_the_states_short_name(
    annotator, text, body
):
    found = actors(annotator, text)
    assert body in found and "U.S." not in found, found


# -- persons of three names and of a rank -----------------------------------------
def _cut(model_pipeline, text: str, cut: str) -> list[str]:
    """The ACTOR candidates when the model tagged only ``cut`` of a name a PERSON (it
    does so on some names and not on others of the same shape)."""
    doc = model_pipeline.nlp(text)
    start = text.index(cut)
    span = doc.char_span(start, start + len(cut), label="PERSON")
    doc.set_ents([span], default="outside")
    cand = Cand(span.start, span.end, "ACTOR", "PERSON")
    return [c.text(doc) for c in actor_candidates(doc, [cand], ActorRules(load_rules()))]


@pytest.mark.parametrize(
    ("text", "cut", "person"),
    [
        (
            '"The terms must change," Mines Minister Esperance Nkoulou Mbarga told lawmakers.',
            "Esperance Nkoulou",
            "Esperance Nkoulou Mbarga",
        ),
        (
            "The port authority quoted its chairman, Anatole Biyiti Ndzana, as saying it agreed.",
            "Biyiti Ndzana",
            "Anatole Biyiti Ndzana",
        ),
        # a title or a body's word beside the cut name is no part of it
        (
            "Petrovia Chief Executive Dana Lupu Varga said the tax was unfair.",
            "Dana Lupu",
            "Dana Lupu Varga",
        ),
        (
            "The Chamber of Commerce Dana Lupu said the tax was unfair.",
            "Dana Lupu",
            "Dana Lupu",
        ),
    ],
)
def test_a_person_the_model_cut_short_takes_the_name_word_beside_it(
    model_pipeline, text, cut, person
):
    assert _cut(model_pipeline, text, cut) == [person]


def test_a_person_after_a_rank_in_an_organisation_is_the_person(annotator):
    text = "The navy's eastern chief, Rear Admiral Hasnul Tengku Ariffin, said two ships sailed."
    found = marked(annotator, text, "ACTOR")
    assert ("Hasnul Tengku Ariffin", "person") in [(t, a["kind"]) for t, a in found], found
    assert [a["holder"] for _, a in marked(annotator, text, "STANCE")] in (
        [],
        ["Hasnul Tengku Ariffin"],
    )


# -- bodies named with their demonym, known bodies named as programmes -------------
@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "KUANTAN - The Malaysian Coastal Patrol Agency (MCPA) held a tanker on Monday.",
            "Malaysian Coastal Patrol Agency",
        ),
        (
            "The Ghanaian Cocoa Marketing Board said on Friday it would raise prices.",
            "Ghanaian Cocoa Marketing Board",
        ),
    ],
)
def test_a_body_after_the_and_its_demonym_takes_the_demonym(annotator, text, body):
    found = actors(annotator, text)
    assert body in found, found


def test_a_demonym_before_a_title_stays_apart(annotator):
    """A guard (it passes before the change too): after 'the', a demonym before a
    title and a body's head is no body's name ('the Malaysian Agency Director ...')."""
    text = "The Malaysian Agency Director Hasnul Ariffin said two ships sailed."
    found = actors(annotator, text)
    assert not [a for a in found if a.startswith("Malaysian")], found


def test_a_known_body_named_as_a_programme_is_an_actor(annotator):
    text = "The scheme is run by the United Nations Development Programme, the minister said."
    assert "United Nations Development Programme" in actors(annotator, text)


# -- figures and dates -------------------------------------------------------------
def test_a_state_before_its_share_is_an_actor_not_part_of_the_figure(annotator):
    text = "The deal gives Equatorial Guinea 60 percent of the block and Cameroon 40 percent."
    assert "40 percent" in figures(annotator, text)
    assert "Cameroon" in actors(annotator, text)


def test_nautical_miles_are_a_unit(annotator):
    found = figures(annotator, "The tankers anchored about 15 nautical miles off the coast.")
    assert found["15 nautical miles"]["unit"] == "nautical miles", found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Imports rose 12 percent between March and October, customs data showed.",
         ["March", "October"]),
        ("The exemption covers the first four years of the contract.", ["four years"]),
        # with 'of' and a year the duration and the year stand apart, as before
        ("Output fell in the first six months of 2025.", ["six months", "2025"]),
    ],
)  # fmt: skip
def test_a_range_between_two_months_is_two_dates_and_the_first_years_a_duration(
    annotator, text, expected
):
    assert dates(annotator, text) == expected


def test_a_given_name_alone_after_a_name_of_three_is_that_person(annotator):
    """The model reads the rank and the name as an organisation ('Maritime First
    Admiral') and the given name alone as a place: the rules' person names both."""
    text = (
        "The agency director, Maritime First Admiral Hasnul Tengku Ariffin, said two "
        'tankers were held. "Any master who moves cargo here will lose his ship," '
        "Hasnul told reporters."
    )
    found = marked(annotator, text, "ACTOR")
    assert [(t, a["canonical"]) for t, a in found] == [
        ("Hasnul Tengku Ariffin", "Hasnul Tengku Ariffin"),
        ("Hasnul", "Hasnul Tengku Ariffin"),
    ]
    holders = [a["holder"] for _, a in marked(annotator, text, "STANCE")]
    assert holders == ["Hasnul Tengku Ariffin"] * 2, holders


# -- stances -------------------------------------------------------------------------
def test_no_position_but_a_warning_is_two_stances_neutral_then_oppose(annotator):
    text = (
        "Petrovia, which has spent about $90 million on wells, said in a statement that it "
        "took no position on the quotas but warned that a long dispute could delay the "
        "project by two years."
    )
    found = stances(annotator, text)
    assert [(h, p) for _, h, p in found] == [("Petrovia", "neutral"), ("Petrovia", "oppose")]
    assert found[1][0].startswith("but warned")


def test_deciding_whether_to_act_takes_no_side(annotator):
    text = "A Commission spokesman said it would decide within 30 days whether to open an inquiry."
    assert [p for _, _, p in stances(annotator, text)] == ["neutral"]


def test_a_titled_holder_named_only_later_is_linked_at_that_name(annotator):
    text = (
        "LIBREVILLE, Sept 2 - Gabon has asked Congo to reopen their 2015 agreement on the "
        "Mayumba field, its oil minister said on Friday. The field holds about 2 trillion "
        'cubic feet of gas. "The shares must change," Oil Minister Anatole Biyiti Ndzana '
        "told lawmakers."
    )
    found = stances(annotator, text)
    assert found[0][0].startswith("Gabon has asked")
    assert [h for _, h, _ in found] == ["Anatole Biyiti Ndzana"] * 2, found


def test_a_clause_after_and_with_another_actor_as_subject_is_its_stance(annotator):
    text = (
        "The U.S. Department of Energy has called the rules a barrier to trade, and "
        "Petrovia has warned that it could send its cargoes to Asia instead."
    )
    found = stances(annotator, text)
    assert [(h, p) for _, h, p in found] == [
        ("U.S. Department of Energy", "oppose"),
        ("Petrovia", "oppose"),
    ], found
    assert found[1][0].startswith("and Petrovia has warned")
    assert not found[0][0].endswith("and")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("A Panama-flagged tanker and a Liberia-flagged barge were held on Monday.", "Panama"),
        ("A Singapore-based broker said owners were moving east.", "Singapore"),
    ],
)
def test_a_flag_or_a_base_is_no_actor(annotator, text, place):
    assert place not in actors(annotator, text)


def test_a_sea_the_model_calls_an_organisation_is_no_actor(model_pipeline):
    text = "Owners were moving the transfers towards the Sulu Sea, a broker said."
    doc = model_pipeline.nlp(text)
    start = text.index("Sulu Sea")
    span = doc.char_span(start, start + len("Sulu Sea"), label="ORG")
    doc.set_ents([span], default="outside")
    cand = Cand(span.start, span.end, "ACTOR", "ORG")
    assert actor_candidates(doc, [cand], ActorRules(load_rules())) == []


def test_a_sentence_never_crosses_a_paragraph():
    """The parser may run a paragraph's last sentence into the quote that opens the
    next; the rules' sentences end at the line break."""
    doc = blank_english()('A study points to an even split.\n\n"The shares must change," he said.')
    for tok in doc:
        tok.is_sent_start = tok.i == 0  # one sentence over both paragraphs
    sentence = sentence_finder(doc)
    quote = next(t.i for t in doc if t.text == '"')
    assert sentence(quote).text == '"The shares must change," he said.'
    assert sentence(0).text.startswith("A study") and "shares" not in sentence(0).text


def test_buying_nothing_from_a_supplier_opposes(annotator):
    text = '"We buy nothing from Rosneft now," Energy Minister Ana Lusk told reporters.'
    assert [p for _, _, p in stances(annotator, text)] == ["oppose"]


@pytest.mark.parametrize(
    "text",
    [
        "The Coastal Patrol Agency detained three tankers off Sabah on Monday for moving "
        "crude without permits.",
        "The Office of Foreign Assets Control revoked a licence for the Sarn field in May.",
    ],
)
def test_detaining_or_revoking_takes_a_side_against(annotator, text):
    assert [p for _, _, p in stances(annotator, text)] == ["oppose"]


def test_it_said_after_a_body_takes_a_position_is_that_body(annotator):
    text = (
        "In Lome, Togo's Ministry of Mines rejected Accra's request. \"The 2015 treaty was "
        'ratified by both parliaments and is not open to renegotiation," it said.'
    )
    holders = [h for _, h, _ in stances(annotator, text)]
    assert holders == ["Ministry of Mines"] * 2, holders


def test_a_quotation_continued_in_the_next_paragraph_is_the_same_speakers(annotator):
    text = (
        '"These duties punish a company for being efficient," Trade Minister Ana Lusk told '
        'reporters. "We have answered every question Washington asked.\n\n"We will not '
        'accept a rate of 19.7 percent, and we expect the panel to agree with us."'
    )
    found = stances(annotator, text)
    assert [(h, p) for _, h, p in found] == [("Ana Lusk", "oppose"), ("Ana Lusk", "oppose")]
    assert found[1][0].startswith("We will not accept")


def test_a_closed_quotation_is_not_continued(annotator):
    """A guard: the paragraph before closed its quotation, so a quote opening the next
    one without a speaker is nobody's position the rules can name."""
    text = (
        '"These duties punish a company," Trade Minister Ana Lusk told reporters.\n\n'
        '"We will not accept a rate of 19.7 percent."'
    )
    assert len(stances(annotator, text)) == 1


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("The European Commission opened an infringement procedure against Norland on "
         "Tuesday over a tax on gas exports.", "oppose"),
        ("Petrovia has also filed a request for arbitration at the World Bank's centre.",
         "oppose"),
        ("The Office of Foreign Assets Control issued the licence on Wednesday to the state "
         "gas company.", "support"),
    ],
)  # fmt: skip
def test_an_act_takes_a_side_by_what_it_acts_on(annotator, text, polarity):
    assert [p for _, _, p in stances(annotator, text)] == [polarity]


def test_an_act_on_something_else_is_no_stance(annotator):
    """A guard: opening an office takes no side."""
    assert stances(annotator, "Petrovia opened a new office in Lagos on Monday.") == []


def test_a_demand_made_of_an_actor_with_no_one_reporting_it_is_not_its_stance(annotator):
    text = "The Commission should accept satellite data as proof of equivalence."
    assert stances(annotator, text) == []
    reported = "Petrovia said the Commission should accept satellite data as proof."
    assert [h for _, h, _ in stances(annotator, reported)] == ["Petrovia"]
