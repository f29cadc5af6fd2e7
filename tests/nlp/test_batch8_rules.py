"""Rules for what the eighth held-out batch's tuning half showed lost.

Batch 8 was written by people who never read the rules, and its tuning half lost
suggestions on these shapes: an opinion piece's author named in the closing line
'X is a senior fellow at Y', which the model leaves untagged; manats; a company
named with two names glued by a hyphen; a body the model ended before 'of' and
its state, or a ministry before the rest of its portfolio after 'and'; 'General'
opening a body's name, stripped as a rank; a trailing attribution the parser hung on
the reported verb; an answer that leaves the question to others ('a matter for the
negotiators'). Each test is a sentence written for it, never text from the gold.
"""

from __future__ import annotations

import pytest

from annotator.core.nlp.actors import ActorRules
from annotator.core.nlp.introduced import IntroRules, introduced_persons
from annotator.core.nlp.rules import load_rules

from .test_batch6_rules import actors
from .test_fresh_copy_rules import marked


def test_the_author_in_an_opinion_pieces_closing_line_is_a_person(model_pipeline):
    """The model tags some such names and not others of the same shape; the rule
    reads the line, not the model's entities."""
    rules = load_rules()
    intro = IntroRules(rules, ActorRules(rules))
    text = "Insurers should pool the risk.\n\nHenrike Vaaldijk is a senior fellow at Chatham House."
    doc = model_pipeline.nlp(text)
    found = [c.text(doc) for c in introduced_persons(doc, intro, set())]
    assert found == ["Henrike Vaaldijk"]
    plain = model_pipeline.nlp("Insurers should pool the risk.\n\nChatham House is a think tank.")
    assert introduced_persons(plain, intro, set()) == []


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("SOCAR earned 7 billion manats from gas sales, Azerbaijan's data showed.", "AZN"),
        ("Turkmenistan's gas sales reached 12 billion manats in 2024.", "TMT"),
    ],
)
def test_manats_are_azerbaijans_or_turkmenistans(annotator, text, unit):
    figures = dict(marked(annotator, text, "FIGURE"))
    assert [f["unit"] for f in figures.values()] == [unit], figures


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "The line is run by the Kenya-Uganda Railway Company, in which Kenya holds 30 percent.",
            "Kenya-Uganda Railway Company",
        ),
        ("The State Railway of Vietnam raised its fees on Monday.", "State Railway of Vietnam"),
        (
            "Exports rose 9 percent, Cambodia's Ministry of Public Works and Transport said.",
            "Ministry of Public Works and Transport",
        ),
        (
            "Vietnam's General Department of Customs said imports rose in May.",
            "General Department of Customs",
        ),
    ],
)
def test_a_bodys_name_stays_whole(annotator, text, body):
    assert body in actors(annotator, text)


def test_a_trailing_attribution_the_parser_hung_on_the_reported_verb_holds(annotator):
    text = (
        "TBILISI, Nov 26 - Georgia wants European buyers to sign ten-year contracts before "
        "it expands the Middle Corridor, Economy Minister Levan Gorgadze said on Thursday, "
        "after transit through the route rose 8 percent between January and October."
    )
    holders = [a["holder"] for _, a in marked(annotator, text, "STANCE")]
    assert holders == ["Levan Gorgadze"], holders


@pytest.mark.parametrize(
    "answer",
    ["Resale rights are a matter for the negotiators.", "That is a question for after May."],
)
def test_an_answer_that_leaves_the_question_to_others_is_neutral(annotator, answer):
    text = (
        "MUSCAT - Salim al-Harthy, an adviser at Oman's energy ministry, spoke to the "
        "Gulf Energy Review on Monday.\n\nQ: Will buyers get resale rights?\n\n"
        f'AL-HARTHY: "{answer}"'
    )
    found = [(a["holder"], a["polarity"]) for _, a in marked(annotator, text, "STANCE")]
    assert found == [("Salim al-Harthy", "neutral")], found
