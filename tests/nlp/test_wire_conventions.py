"""Rules for wire-copy conventions, each with the invented sentence that motivated it.

Written for session 5 from newswire style and GUIDELINES.md, not from any
held-out article: every name here is made up (the tests must not lean on the
alias table), so a rule passes only if it reads the convention itself.
"""

from __future__ import annotations

import pytest


def suggest(annotator, text: str, published: str = "2024-03-10"):
    return next(iter(annotator.suggest([(text, published)])))


def actors(annotator, text: str) -> dict[str, str]:
    """ACTOR text -> kind."""
    found = suggest(annotator, text).spans
    return {text[s.start : s.end]: s.attrs["kind"] for s in found if s.label == "ACTOR"}


@pytest.mark.parametrize(
    ("text", "company"),
    [
        # the model tags a demonym + name NORP after a description ("State oil giant")
        ("State oil giant Saudi Zarnoco cut supplies to two refiners.", "Saudi Zarnoco"),
        # it cuts the place off the front of a suffixed name: "Abu Dhabi" + "National Oil Co"
        ("Kuwait Petroleum Corp and Abu Dhabi Velmar Oil Co raised prices.",
         "Abu Dhabi Velmar Oil Co"),
        # it misses a suffixed name altogether
        ("Omani Petrol Holdings signed the contract on Monday.", "Omani Petrol Holdings"),
    ],
)  # fmt: skip
def test_a_company_name_stays_whole(annotator, text, company):
    found = actors(annotator, text)
    assert found.get(company) == "company", found
    # and no piece of it is an actor of its own
    assert not [a for a in found if a != company and a in company], found


def test_a_nationality_is_still_no_actor(annotator):
    """A demonym alone or a plural people noun stays out (GUIDELINES.md: demonyms)."""
    text = "Saudi officials and South Koreans said Indian buyers paid more on Monday."
    assert actors(annotator, text) == {}


def test_a_date_before_a_company_is_not_part_of_its_name(annotator):
    text = "Shipments resumed on Monday. Tuesday Borvex Holdings said it would pay."
    assert "Tuesday Borvex Holdings" not in actors(annotator, text)


def stances(annotator, text: str) -> list[tuple[str, str, str, str]]:
    """(evidence text, holder, polarity, text of the HOLDER link's ACTOR mention)."""
    found = suggest(annotator, text)
    holder_of = {r.head: r.child for r in found.relations if r.label == "HOLDER"}
    out = []
    for s in found.spans:
        if s.label == "STANCE":
            child = holder_of[s.key()]
            out.append((text[s.start : s.end], s.attrs["holder"], s.attrs["polarity"],
                        text[child[0] : child[1]]))  # fmt: skip
    return out


INTERVIEW = (
    "ANKARA, May 3 (Reuters) - Velmaria's Energy Minister Ilse Vanterpool told Reuters in an"
    " interview the country would keep buying gas from its neighbour.\n\n"
    "Q: How do you see the new price cap?\n\n"
    "VANTERPOOL: The cap is unfair and it will damage our industry. We reject it.\n\n"
    "Q: And the pipeline?\n\n"
    "VANTERPOOL: It is a good project and we strongly support it."
)


def test_an_interview_speaker_tag_is_the_actor_holding_the_answer(annotator):
    """GUIDELINES.md: the holder is the ACTOR mention that holds the position; in a
    transcript that is the speaker tag, resolved to the person the article introduced."""
    found = suggest(annotator, INTERVIEW).spans
    tags = [s for s in found if s.label == "ACTOR" and INTERVIEW[s.start : s.end] == "VANTERPOOL"]
    assert [s.attrs["canonical"] for s in tags] == ["Ilse Vanterpool"] * 2
    found = stances(annotator, INTERVIEW)
    # the introduction is the minister's own sentence, linked to her full name
    assert all(child != "VANTERPOOL" for _, _, _, child in found[:-3])
    assert {holder for _, holder, _, _ in found[:-3]} <= {"Ilse Vanterpool"}
    assert found[-3:] == [
        # a sentence of the answer with no verb of saying takes its side from its words
        ("The cap is unfair and it will damage our industry.", "Ilse Vanterpool", "oppose",
         "VANTERPOOL"),
        # 'we' in an answer is the speaker
        ("We reject it.", "Ilse Vanterpool", "oppose", "VANTERPOOL"),
        # the question the parser ran into the answer's sentence is left out
        ("It is a good project and we strongly support it.", "Ilse Vanterpool", "support",
         "VANTERPOOL"),
    ]  # fmt: skip


def test_an_interviewers_tag_is_no_actor(annotator):
    found = suggest(annotator, INTERVIEW).spans
    assert "Q" not in [INTERVIEW[s.start : s.end] for s in found if s.label == "ACTOR"]


def test_according_to_an_actor_holds_the_sentence(annotator):
    text = "The new levy will hurt exporters, according to Trade Minister Olek Brandt."
    assert stances(annotator, text) == [(text, "Olek Brandt", "oppose", "Olek Brandt")]


@pytest.mark.parametrize(
    "text",
    [
        # a fact attributed to someone takes no side
        "Exports rose 5 percent in March, according to Finance Minister Teodor Ashby.",
        # data is the source, not the firm that compiled it
        "Imports rose despite Western pressure, according to data from tracking firm Zorvik.",
    ],
)
def test_according_to_with_no_position_is_no_stance(annotator, text):
    assert stances(annotator, text) == []


@pytest.mark.parametrize(
    ("text", "holder", "polarity"),
    [
        # declining to criticise a measure is not opposing it
        ("Foreign Minister Adela Korvin declined to criticise the tariffs on Monday.",
         "Adela Korvin", "support"),
        # refusing to accept it is
        ("Foreign Minister Adela Korvin refused to accept the price cap.", "Adela Korvin",
         "oppose"),
        # a negated evaluative verb flips
        ("Deputy Energy Minister Lorenzo Vastrik did not oppose the new export quota.",
         "Lorenzo Vastrik", "support"),
        # what follows 'but' is the point of a wire quote
        ("Trade Minister Olek Brandt said the talks were useful but the quota remained"
         " unacceptable.", "Olek Brandt", "oppose"),
    ],
)  # fmt: skip
def test_negated_hedged_and_contrasted_positions(annotator, text, holder, polarity):
    assert [(s[1], s[2]) for s in stances(annotator, text)] == [(holder, polarity)]


def test_declining_to_comment_takes_no_side(annotator):
    text = "Foreign Minister Adela Korvin declined to comment on the tariffs."
    assert stances(annotator, text) == []
