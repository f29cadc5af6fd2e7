"""Rules for what the tenth held-out batch's tuning half showed lost.

Batch 10 was written by people who never read the rules. Its tuning half lost
suggestions on these shapes: a position stated with no cue word suggested
`neutral` (most such clauses take the side of what they state); a holder
weighing a measure ('is considering a cap') read as against it; a dateline with
the day first ('HANOI, 26 November -'); zlotys and kronur; energy and tonnes per
week or per year; a title of two portfolios ('Climate and Energy Minister'); a
double surname alone; a border crossing; 'It urged' after a body's statement; a
dateline's city the parser took for the subject. Each test fails without its
rule: a sentence written for it where one shows the loss, else the tuning half's
or the seeds' own (never a test half's).
"""

from __future__ import annotations

import pytest

from .test_fresh_copy_rules import marked


def actors(annotator, text: str) -> list[str]:
    return [t for t, _ in marked(annotator, text, "ACTOR")]


def stances(annotator, text: str) -> list[tuple[str, str]]:
    return [(a["holder"], a["polarity"]) for _, a in marked(annotator, text, "STANCE")]


def test_a_position_with_no_cue_word_is_suggested_as_support(annotator):
    text = '"The port belongs to the people who work in it," Mayor Dalia Okonjo told reporters.'
    assert stances(annotator, text) == [("Dalia Okonjo", "support")]


def test_a_clause_that_has_reached_no_conclusion_stays_neutral(annotator):
    text = (  # the seeds: a hedge the no-cue default would otherwise turn into support
        "We are closely negotiating with the United States and are moving forward toward "
        "mutual understanding, but it is not the case that we have reached a conclusion, "
        "Trade Minister Yukio Edano told reporters in Tokyo."
    )
    assert stances(annotator, text) == [("Yukio Edano", "neutral")]


def test_weighing_a_measure_takes_no_side_whatever_the_words_around_it(annotator):
    text = (
        "Thailand is considering a ban on sugar exports after droughts cut the harvest, "
        "Commerce Minister Anan Srisuk said on Monday."
    )
    assert stances(annotator, text) == [("Anan Srisuk", "neutral")]


def test_a_dateline_with_the_day_first_gives_the_date_and_leaves_the_actor(annotator):
    text = "LIMA, 3 December - Peru will raise its copper royalty next year, the minister said."
    assert next(t for t, _ in marked(annotator, text, "DATE")) == "3 December"
    assert actors(annotator, text) == ["Peru"]


@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        ("Tickets cost 600 zlotys each.", "600 zlotys", "PLN"),
        ("The state lent 96 billion kronur to the utility.", "96 billion kronur", "ISK"),
        ("The smelter uses 4.3 terawatt hours a year.", "4.3 terawatt hours a year",
         "TWh per year"),
        ("The blockade cost the mine 4,800 tonnes a week.", "4,800 tonnes a week",
         "tonnes per week"),
    ],
)  # fmt: skip
def test_local_currencies_and_rates_per_week_or_of_energy(annotator, text, figure, unit):
    assert dict(marked(annotator, text, "FIGURE"))[figure]["unit"] == unit


def test_a_title_of_two_portfolios_is_no_actor(annotator):
    text = (  # tuning10 n09
        "RIGA, Nov 18 - Latvia will lease a floating liquefied natural gas terminal at Skulte "
        "for ten years, Climate and Energy Minister Ilze Varkavska said on Tuesday."
    )
    assert "Climate" not in actors(annotator, text)


def test_a_double_surname_alone_is_the_person(annotator):
    text = (  # tuning10 n08
        "The jury of 17, chaired by the Polish pianist Wojslaw Grzymala-Teodorczyk, announced "
        "the results.\n\nGrzymala-Teodorczyk rejected Dovhaniuk's criticism, saying every "
        'juror had voted in secret "as the rules demand".'
    )
    assert "Grzymala-Teodorczyk" in actors(annotator, text)


def test_a_border_crossing_is_a_place(annotator):
    text = "Q: When will the crossing at Shivee Khuren get its rail link?"  # tuning10 n03
    assert actors(annotator, text) == []


def test_it_urged_after_a_bodys_statement_is_that_bodys_position(annotator):
    text = (
        "In a statement, Lithuania's Ministry of Finance said it would not share the cost of "
        "the vessel. It urged the three Baltic states to agree first on how tariffs are split."
    )
    assert stances(annotator, text) == [
        ("Ministry of Finance", "oppose"),
        ("Ministry of Finance", "support"),
    ]


def test_the_dateline_city_is_not_the_subject_of_the_first_sentence(annotator):
    text = (
        "TIRANA, Nov 3 - Albania's energy minister told lawmakers on Monday that the port "
        "concession should be cancelled, saying its operator had broken it.\n\n"
        "The minister, Arben Kolaj, accused the operator of spending too little."
    )
    assert [h for h, _ in stances(annotator, text)] == ["Arben Kolaj", "Arben Kolaj"]
