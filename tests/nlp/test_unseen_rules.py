"""Rules written for copy the seed rules never saw, each with the sentence that motivated it.

The sentences come from the seeds, the tuning half of the held-out gold, or
were written for the test; none from the held-out test half.
"""

from __future__ import annotations

import pytest

from annotator.core.nlp.dates import normalize_date

from .conftest import texts_of


def spans(annotator, text: str, published: str = "2023-06-13"):
    return next(iter(annotator.annotate([(text, published)])))


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # the article belongs to "a year earlier" and "a week"
        ("Imports rose 8 percent from a year earlier, the ministry said.", ["a year earlier"]),
        ("Prices jumped 27 percent within a week of the announcement.", ["a week"]),
        # the model leaves "this" out of "this year's"
        ("Maduro allows opposition candidates to run in this year's election.", ["this year"]),
        # a duration joined to a date by "to" is two dates
        (
            "It saved $4.2 billion in the 12 months to March, an official said.",
            ["12 months", "March"],
        ),
        # bare plurals are no dates, except a duration after "for" (seeds: "for decades")
        ("He said he was ready to travel to Baghdad within days.", []),
        ("Japan has bought Iranian oil for decades.", ["decades"]),
        # a frequency is not a date
        ("EU countries will review the level of the caps every two months.", []),
    ],
)
def test_date_boundaries(annotator, text, dates):
    assert texts_of(text, spans(annotator, text), "DATE") == dates


def test_quantity_then_a_year_earlier_is_figure_plus_date(annotator):
    text = "China exported 35 tonnes of gallium, down from 700,000 tonnes a year earlier."
    got = spans(annotator, text)
    assert "700,000 tonnes" in texts_of(text, got, "FIGURE")
    assert texts_of(text, got, "DATE") == ["a year earlier"]


def test_a_year_earlier_resolves_against_the_publication_date():
    assert normalize_date("a year earlier", "2023-06-13") == {"kind": "date", "value": "2022-06"}
    assert normalize_date("two weeks ago", "2023-06-13")["value"] == "2023-05-30"
    assert normalize_date("six months", "2023-06-13") == {"kind": "duration", "value": "P6M"}
