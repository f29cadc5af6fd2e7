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
