"""Rules for what the sixth held-out batch's tuning half showed lost.

Batch 6 was written by people who never read the rules, and its tuning half lost
suggestions on these shapes: a state's name joined by a lower-case word, split by
the model at that word ("Trinidad and Tobago", "Port of Spain"); a company named
"... of" that state; a ministry or department after its country's demonym or short
name, which every independent batch marks as one name; money in currencies the
lists lacked or qualified by two words or an upper-case one; gallons; a price per
week; a month abbreviated without its full stop before its day; demonyms the list
lacked; a capital the model calls a person; a crude grade with a capitalised head;
a field's name met again without its noun; a known body's canonical taken from
the shipped table, where the writers take the article's fullest name for it; the
State Department qualified by the last state named, which need not be the U.S. Each test is a
sentence written for it, never text from the gold.
"""

from __future__ import annotations

import pytest

from annotator.core.nlp import Preannotator
from annotator.core.nlp.aliases import AliasTable

from .test_fresh_copy_rules import marked


def actors(annotator, text: str) -> list[str]:
    return [covered for covered, _ in marked(annotator, text, "ACTOR")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bosnia and Herzegovina will buy more gas next year, Antigua and Barbuda said.",
            ["Bosnia and Herzegovina", "Antigua and Barbuda"],
        ),
        (
            "The National Gas Company of Bosnia and Herzegovina said it would sign the deal.",
            ["National Gas Company of Bosnia and Herzegovina"],
        ),
    ],
)
def test_a_state_joined_by_a_lower_case_word_stays_whole(annotator, text, expected):
    assert actors(annotator, text) == expected


def test_a_capital_joined_by_of_stands_for_its_state(annotator):
    found = marked(annotator, "Caracas said it remained open to talks with Port of Spain.", "ACTOR")
    assert ("Port of Spain", {"canonical": "Trinidad and Tobago", "kind": "state"}) in found, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A spokesman for the Ghanaian Energy Ministry said the tender would open in May.",
            ["Ghanaian Energy Ministry"],
        ),
        (
            "A U.S. Commerce Department spokeswoman said Washington would review the case.",
            ["U.S. Commerce Department", "Washington"],
        ),
        # a possessive keeps the state its own actor
        ("Iraq's Oil Ministry said exports rose in March.", ["Iraq", "Oil Ministry"]),
    ],
)
def test_a_ministry_takes_its_demonym_or_short_state_name_into_the_span(annotator, text, expected):
    found = marked(annotator, text, "ACTOR")
    assert [covered for covered, _ in found] == expected, found
    heads = ("Ministry", "Department")
    ministry = next(attrs for covered, attrs in found if covered.endswith(heads))
    assert ministry["kind"] == "organization"
    assert ministry["canonical"] in (
        "Ghanaian Energy Ministry",
        "U.S. Commerce Department",
        "Iraqi Oil Ministry",
    )


@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        ("Farmers were owed about 3 billion soms by the state.", "3 billion soms", "KGS"),
        (
            "The blockade cost the treasury 12 billion CFA francs a week, officials said.",
            "12 billion CFA francs a week",
            "XOF per week",
        ),
        (
            "Salaries cost the government about 30 billion South Sudanese pounds in June.",
            "30 billion South Sudanese pounds",
            "SSP",
        ),
        ("Each lock uses some 20 million gallons of water.", "20 million gallons", "gallons"),
        ("The licence fee is 40 million Namibian dollars.", "40 million Namibian dollars", "NAD"),
    ],
)
def test_money_and_measures_the_lists_lacked(annotator, text, figure, unit):
    found = dict(marked(annotator, text, "FIGURE"))
    assert figure in found, found
    assert found[figure]["unit"] == unit


def test_a_month_abbreviated_without_its_stop_is_a_date_with_its_day(annotator):
    found = dict(marked(annotator, "The toll rises from Sep 14 and falls again later.", "DATE"))
    assert "Sep 14" in found, found
    assert found["Sep 14"]["value"].endswith("-09-14")
    # alone, such a word is no date
    assert not marked(annotator, "Mar and Jan signed the letter.", "DATE")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # demonyms the list lacked, at a sentence's start and before a noun
        ("Kyrgyz imports from China doubled, officials said.", ["China"]),
        ("Police held three Nigerien drivers at the border post.", []),
        # a capital the model tags as a person, named only as a place
        (
            "Finance Minister Ana Lusk, who visited Dushanbe this week, praised the deal.",
            ["Ana Lusk"],
        ),
        # a crude grade named with a capitalised head
        ("At $30 a barrel our Nile Blend would be too dear to ship, Egypt said.", ["Egypt"]),
    ],
)
def test_demonyms_places_and_grades_are_no_actors(annotator, text, expected):
    assert actors(annotator, text) == expected


def test_a_field_named_before_what_it_holds_is_no_actor_anywhere_in_the_article(annotator):
    text = (
        "Ghana will drill the Kobra gas field next year, the energy minister said. "
        "Kobra holds 2 trillion cubic feet of gas. Investors have waited for Kobra "
        "since 2019."
    )
    assert "Kobra" not in actors(annotator, text)


def stances(annotator, text: str) -> list[tuple[str, dict]]:
    return marked(annotator, text, "STANCE")


@pytest.mark.parametrize("joined", ["although", "but"])
def test_a_concessive_clause_of_the_holder_is_a_second_position(annotator, joined):
    text = (
        f"Trade Minister Ana Lusk welcomed the new quota, {joined} she warned that it "
        "could cost growers 3 percent of their income."
    )
    found = stances(annotator, text)
    assert [(covered.split()[0], a["polarity"]) for covered, a in found] == [
        ("Trade", "support"),
        (joined, "oppose"),
    ], found


def test_the_reporting_verb_after_a_quote_is_no_second_position(annotator):
    """The parser joins 'she told' to the quote's verb: 'she' is no second subject."""
    text = (
        "Mines Minister Ana Lusk spoke in Lusaka on Monday. "
        '"We welcome buyers, but we will not accept that our copper leaves unrefined," '
        "she told reporters."
    )
    found = stances(annotator, text)
    assert [covered[:3] for covered, _ in found] == ['"We'], found


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        # wanting someone to stop an act opposes the act, as urging them to does
        ("The World Bank wants Lusaka to stop borrowing against copper sales.", "oppose"),
        # a negated negative noun
        ("Shipping group Varde said it had no quarrel with the new port fees.", "support"),
        # accepting a condition
        ('"We can live with the export quota," Trade Minister Ana Lusk said.', "support"),
        # a punishing measure, in the past tense
        ("Trade Minister Ana Lusk said the levy punished small farmers.", "oppose"),
    ],
)
def test_polarity_shapes_of_batch_6(annotator, text, polarity):
    found = stances(annotator, text)
    assert [a["polarity"] for _, a in found] == [polarity], found


def test_a_known_body_takes_the_fullest_name_the_article_gives_it(annotator):
    text = (
        "Petroleos de Venezuela (PDVSA) said on Monday it would raise output. "
        "PDVSA did not say by how much."
    )
    found = marked(annotator, text, "ACTOR")
    assert {a["canonical"] for _, a in found} == {"Petroleos de Venezuela"}, found
    # named only by the table's own name, the table's name stays
    alone = marked(annotator, "PDVSA said on Monday it would raise output.", "ACTOR")
    assert [a["canonical"] for _, a in alone] == ["PDVSA"], alone


def test_a_canonical_a_person_taught_stays_over_the_articles_name(model_pipeline):
    table = AliasTable.default()
    table.add("Petroleos de Venezuela", "PDVSA", "company")
    taught = Preannotator(model_pipeline, aliases=table)
    text = "Petroleos de Venezuela (PDVSA) said on Monday it would raise output."
    found = marked(taught, text, "ACTOR")
    assert {a["canonical"] for _, a in found} == {"PDVSA"}, found


def test_the_state_department_is_the_us_one_wherever_it_is_named(annotator):
    text = (
        "Caracas said it would talk to Port of Spain. A State Department spokesman said "
        "the licence would stand."
    )
    found = dict(marked(annotator, text, "ACTOR"))
    assert found["State Department"]["canonical"] == "U.S. State Department", found


def test_a_descriptor_the_parser_splits_from_the_name_is_not_the_holder(annotator):
    """The parser reads 'opposition' and 'Party' as two subjects of 'accused'."""
    text = (
        "The union welcomed the plan.\n\nThe opposition Social Liberal Party accused Lusk "
        "of selling the mines to friends rather than create jobs."
    )
    found = stances(annotator, text)
    assert ("Social Liberal Party", "oppose") in [(a["holder"], a["polarity"]) for _, a in found], (
        found
    )


def test_a_name_found_once_is_found_where_the_article_repeats_it(annotator):
    """The model tags the bank in the first paragraph and not after the quote."""
    text = (
        "Washington added Orto Commerce Bank to its list on Monday.\n\n"
        '"We follow the rules," he told lawmakers. "But we will not let anyone turn our '
        'banks into a channel for drone parts."\n\n'
        "Orto Commerce Bank said in a statement that it would challenge it."
    )
    assert actors(annotator, text).count("Orto Commerce Bank") == 2


def test_a_quotation_of_two_sentences_is_one_stance_from_its_opening_mark(annotator):
    text = (
        'Trade Minister Ana Lusk spoke on Monday.\n\n"Zambia keeps its word. The mine is '
        'open to every buyer, and we welcome them," Lusk said.'
    )
    found = stances(annotator, text)
    assert [covered[:12] for covered, _ in found] == ['"Zambia keep'], found


def test_a_title_the_model_tags_as_a_body_before_a_person_is_no_actor(annotator):
    text = '"Water is scarce," Canal Administrator Eduardo Quintero Arosemena told reporters.'
    assert actors(annotator, text) == ["Eduardo Quintero Arosemena"]


def test_a_states_official_after_its_possessive_holds_the_position(annotator):
    text = "Saint Kitts and Nevis's Trade Minister Ana Lusk urged Canada to lift the duty."
    found = stances(annotator, text)
    assert [a["holder"] for _, a in found] == ["Ana Lusk"], found


def test_a_known_name_that_is_a_word_is_the_company_its_spokesperson_speaks_for(annotator):
    found = stances(annotator, "A Shell spokeswoman said the company would study the terms.")
    assert [a["holder"] for _, a in found] == ["Shell"], found


def test_a_state_named_like_a_word_is_an_actor_in_copy_filed_from_its_capital(annotator):
    for text in (
        "NIAMEY, May 3 - Niger halted uranium sales to France on Wednesday, citing unpaid bills.",
        "AMMAN, May 3 - Jordan stopped buying gas from Israel on Wednesday, citing the war.",
    ):
        assert text.split()[4] in actors(annotator, text), text
