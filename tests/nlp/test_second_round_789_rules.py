"""Rules of a second round on the tuning halves of batches 7, 8 and 9.

What those halves still lost after their own rounds: a company's name written
whole once and cut into its words elsewhere; the body a spokesperson speaks for;
a one-word company tagged in one sentence only; an interviewer's question read
as a position ('Will Nepal accept it?'); a second complement after 'but'; places
after 'shipped to', 'a line to', 'a refinery at', 'in X and Y'; a family name
written first as a quote's speaker; a fuel at a sentence's start; a company
named before its description; a body named whole once and by its state alone
before. Where an invented sentence shows the loss it is used; where the model
reads invented copy right and only the article's own wording misled it, the
tuning half's sentence is (never a test half's).
"""

from __future__ import annotations

import pytest

from .test_fresh_copy_rules import marked


def actors(annotator, text: str) -> list[str]:
    return [t for t, _ in marked(annotator, text, "ACTOR")]


def stances(annotator, text: str) -> list[tuple[str, str, str]]:
    return [(t, a["holder"], a["polarity"]) for t, a in marked(annotator, text, "STANCE")]


def test_a_name_written_whole_again_is_one_mention_not_its_words(annotator):
    text = (  # tuning9 n04, the accusation and the reply
        "The minister, Ilirjana Hoxhallari, accused Petrolifera Italo Albanese of spending "
        "only 14 million euros of the 60 million euros it pledged in 2019.\n\n"
        "Petrolifera Italo Albanese rejected the accusation in a statement, saying the "
        "ministry had taken 27 months to issue the permits for the berth."
    )
    found = actors(annotator, text)
    assert found.count("Petrolifera Italo Albanese") == 2
    assert "Italo" not in found and "Albanese" not in found


def test_the_body_a_spokesperson_speaks_for_is_an_actor(annotator):
    text = "A Vantoria spokesman said the company would appeal the fine."
    assert actors(annotator, text) == ["Vantoria"]
    assert stances(annotator, text)[0][1] == "Vantoria"


def test_a_one_word_company_found_once_is_that_company_where_it_recurs(annotator):
    text = (  # tuning9 n04
        "The opposition Democratic Party backed the cancellation but said the terminal "
        "should be offered in a public tender rather than handed to Albpetrol, the state "
        "oil company, as the ministry has proposed. An Albpetrol spokesman said the "
        "company was still studying what it would cost to run the terminal."
    )
    assert actors(annotator, text).count("Albpetrol") == 2


def test_an_interviewers_question_is_no_name_and_no_stance(annotator):
    text = "Q: Ghana has offered a loan for the line. Will Togo accept it?"
    assert actors(annotator, text) == ["Ghana", "Togo"]
    assert stances(annotator, text) == []


def test_backing_then_but_warned_as_a_second_complement_is_two_stances(annotator):
    text = (  # tuning9 n02: the parser hangs 'warned' on 'said', not on 'backed'
        "A spokesman for the Chamber of Mines of Zimbabwe said its members backed local "
        "processing but warned that power cuts lasting up to 12 hours made refining costly."
    )
    assert [(h, p) for _, h, p in stances(annotator, text)] == [
        ("Chamber of Mines of Zimbabwe", "support"),
        ("Chamber of Mines of Zimbabwe", "oppose"),
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("About 200,000 tonnes of diesel will be shipped to Sihanoukville over six months.",
         "Sihanoukville"),
        ("A new refinery at Kampot began trial runs in September.", "Kampot"),
        ("China has offered a loan for a transmission line to Kerung.", "Kerung"),
        ("The money is for new industry and housing in Narva and Kohtla-Jarve.",
         "Kohtla-Jarve"),
    ],
)  # fmt: skip
def test_a_place_named_as_a_place_is_no_actor(annotator, text, place):
    assert place not in actors(annotator, text)


def test_a_family_name_written_first_names_the_quotes_speaker(annotator):
    text = (  # tuning9 n05
        "Commerce Minister Meas Sovanndara told reporters the tender would close soon.\n\n"
        '"The sea route costs more, but it is ours to control," Meas said, adding that '
        "the state would cover part of the extra freight."
    )
    assert actors(annotator, text) == ["Meas Sovanndara", "Meas"]
    assert {h for _, h, _ in stances(annotator, text)} == {"Meas Sovanndara"}


def test_a_fuel_opening_a_sentence_is_no_actor(annotator):
    text = "Diesel sold for 4,000 riel per litre at Phnom Penh pumps on Monday."
    assert actors(annotator, text) == []


def test_a_company_before_its_description_is_an_actor(annotator):
    text = (  # tuning9 n11
        "State-owned Eesti Energia, the main producer of shale power, said in a statement "
        "that it would meet the 2035 date."
    )
    assert actors(annotator, text) == ["Eesti Energia"]


def test_a_body_named_whole_once_is_named_whole_where_only_its_state_was_found(annotator):
    text = (  # tuning9 n10
        'BAJRACHARYA: "The Nepal Electricity Authority exported up to 1,100 megawatts at '
        'the peak over those five months."\n\nBAJRACHARYA: "Until then the Nepal '
        'Electricity Authority pays about 9 rupees per kilowatt hour for imported power."'
    )
    assert actors(annotator, text).count("Nepal Electricity Authority") == 2


def test_a_name_part_inside_a_hyphenated_place_is_no_mention(annotator):
    text = "Viru Keemia Grupp warned of job losses. The last units in Ida-Viru county will close."
    assert actors(annotator, text) == ["Viru Keemia Grupp"]
