"""Stance rules for cue words in other forms, verbs that take a side with an adverb, and news.

A cue verb the lexicon lists as 'criticize' and 'criticized' is met in new copy as
'criticizes' or 'criticizing'; the same word as a noun or a preposition
('concerning the tanker') is no cue. A positive word a negative verb governs as
its means ('breached the treaty by allowing exports') is judged by that verb, as a
negative word a positive one governs ('comply with the sanctions'); 'go
ahead' takes a side as 'rule out' does, though the parser reads 'ahead' as an adverb.
Words with no cue that report a date, as those that report a figure, are news; the
report's own date ('said on Tuesday', the dateline's) is not what it reports. Not
responding to a request for comment is no position. Wire copy reports positions with
more verbs than 'said': 'questioned', 'defended', 'disputed', 'reiterated', and acts of
policy ('suspended the accord', 'signed the pact'), not operations. A company
that agrees with another makes a deal, not a position. An indirect question ('asked how
...') takes no side; whom an appeal is made to is not its target.
Each test is a sentence written for it, never text from the gold.
"""

from __future__ import annotations

import pytest

from .test_fresh_copy_rules import marked


def polarities(annotator, text: str) -> list[str]:
    return [a["polarity"] for _, a in marked(annotator, text, "STANCE")]


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("Chile said the new quota was eroding its copper industry.", "oppose"),
        ("Norway said Sweden was blocking deliveries to its buyers.", "oppose"),
        ("Peru said Bolivia was pressuring its fishing fleet.", "oppose"),
        ("Ghana said the treaty strengthens trade with Togo.", "support"),
    ],
)
def test_a_cue_verb_counts_in_its_other_forms(annotator, text, polarity):
    assert polarities(annotator, text) == [polarity], text


def test_a_cue_word_used_as_a_preposition_is_no_cue(annotator):
    text = "Ghana said it had received a letter concerning the tanker from Lagos."
    assert polarities(annotator, text) == ["support"]  # the no-cue default, not 'oppose'


@pytest.mark.parametrize(
    "text",
    [
        "Japan said it would comply with the sanctions on Russia.",
        "Japan said there was broad support for the sanctions on Russia.",
    ],
)
def test_a_negative_word_a_positive_one_governs_is_judged_by_it(annotator, text):
    assert polarities(annotator, text) == ["support"], text


def test_a_positive_word_a_negative_verb_governs_as_its_means_is_judged_by_it(annotator):
    text = "Chile said Peru had breached the accord by allowing exports."
    assert polarities(annotator, text) == ["oppose"]


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        # the parser reads 'ahead' as an adverb, not a particle
        ("Greenpeace said the pipeline should not go ahead.", "oppose"),
        ("Shell said it would go ahead with the gas project in Namibia.", "support"),
    ],
)
def test_a_verb_and_its_adverb_take_a_side_together(annotator, text, polarity):
    assert polarities(annotator, text) == [polarity], text


def test_a_date_reported_without_a_cue_is_news_not_a_position(annotator):
    text = "Petrobras said the platform, shut in June, would restart in the first week of August."
    assert polarities(annotator, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # the report's own time is not what it reports
        '"Brazil buys fuel where it is cheapest," Mines Minister Rodrigo Vasconcelos told'
        " lawmakers on Tuesday.",
        # nor is the dateline's date
        "KARACHI, April 8 - Pakistan buys fuel where it is cheapest, Petroleum Minister"
        " Faisal Durrani said.",
    ],
)
def test_the_reports_own_date_leaves_a_position_without_a_cue_a_stance(annotator, text):
    assert polarities(annotator, text) == ["support"]  # the no-cue default


@pytest.mark.parametrize(
    "text",
    [
        "QatarEnergy did not respond to a request for comment.",
        "Saudi Aramco said it had no plans to comment on the report.",
    ],
)
def test_saying_nothing_is_no_position(annotator, text):
    assert polarities(annotator, text) == []


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("Chile questioned the new copper quota on Monday.", "oppose"),
        ("Peru defended the tariff on Chilean wine.", "support"),
        ("Kenya disputed the arbitration ruling.", "oppose"),
        ("Ghana complained about the levy on cocoa.", "oppose"),
        ("Egypt regretted the decision of the shipping lines.", "oppose"),
        # verbs of saying: the clause decides
        ("Brazil reiterated that it would keep buying Russian diesel.", "support"),
        # acts of policy (tuning3: 'Algeria suspended a friendship treaty')
        ("Morocco suspended a fisheries accord with the European Union in March.", "oppose"),
        ("Chile signed the trade pact with the EU on Monday.", "support"),
    ],
)
def test_verbs_of_judging_and_saying_beyond_said_make_a_stance(annotator, text, polarity):
    assert polarities(annotator, text) == [polarity], text


def test_an_operational_act_is_no_position(annotator):
    # tuning h03: 'Turkey halted the pumping of Iraqi Kurdish crude' has no STANCE
    assert polarities(annotator, "Turkey halted the pumping of crude on Saturday.") == []


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("Chile said the new quota was a disaster for its miners.", "oppose"),
        ("Peru said the ruling was regrettable.", "oppose"),
        ("Kenya said it was hopeful about the new pipeline.", "support"),
    ],
)
def test_evaluative_words_of_wire_copy_take_a_side(annotator, text, polarity):
    assert polarities(annotator, text) == [polarity], text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a company's agreement is a deal
        ("Gazprom agreed with Uniper on Tuesday to raise the price of pipeline gas.", []),
        # its refusal, and a state's agreement, are positions
        ("Gazprom did not agree to the new terms.", ["oppose"]),
        ("Hungary agreed to the new terms.", ["support"]),
    ],
)
def test_a_company_agreeing_makes_a_deal_not_a_position(annotator, text, found):
    assert polarities(annotator, text) == found, text


@pytest.mark.parametrize(
    "text",
    [
        "The IMF, whose loan requires Chile to cut its deficit, asked how the lost revenue"
        " would be replaced.",
        "Chile asked whether the quota would hurt its miners.",
    ],
)
def test_an_indirect_question_takes_no_side(annotator, text):
    assert polarities(annotator, text) == ["neutral"], text


def test_whom_an_appeal_is_made_to_is_not_its_target(annotator):
    found = marked(annotator, "Chile asked Peru to lift the quota on copper.", "STANCE")
    assert [(a["polarity"], a["target"]) for _, a in found] == [("oppose", "quota")]
