"""FIGURE and DATE rules of wire copy the fourth held-out batch's tuning half showed missing.

Each test is a new sentence written for it (never text from the gold files): a
country's own dollar sign glued to its number ('HK$', 'R$'), 'a year' after such
money as a rate, exchange rates quoted 'to the dollar' or 'per euro' with the
priced currency named by the sentence, qualifiers cut before money, a date that
ends on a range word, and a school term as a date.
"""

from __future__ import annotations

import re

import pytest

from annotator.core.nlp.figures import figure_currency, glued_money, normalize_figure
from annotator.core.nlp.rules import load_rules

from .conftest import texts_of
from .test_fresh_copy_rules import figures, marked, spans


def dates(annotator, text: str) -> list[str]:
    return [covered for covered, _ in marked(annotator, text, "DATE")]


# -- a country's own dollar sign ----------------------------------------------------
def test_every_glued_dollar_sign_of_the_table_is_matched_by_the_patterns():
    """The tokenizer keeps 'NZ$' on its number, so the Matcher reads it by a regular
    expression: it must know every sign ``currency_symbols`` lists, and each sign its code."""
    fig = load_rules().figure
    regexes = [
        p["pattern"][0]["LOWER"]["REGEX"]
        for p in fig["patterns"]
        if p["id"] in ("money_glued", "money_glued_rate")
    ]
    assert len(regexes) == 2
    signs = [s for s in fig["currency_symbols"] if s.endswith("$") and len(s) > 1]
    for regex in regexes:
        for sign in signs:
            assert re.match(regex, f"{sign}12"), (sign, regex)
    for sign, code in fig["currency_symbols"].items():
        if sign.endswith("$"):
            assert figure_currency(f"{sign}12 million") == code, sign


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit"),
    [
        (
            "Brazil's grid operator booked R$7 billion in losses, Sandoval said.",
            "R$7 billion",
            7_000_000_000,
            "BRL",
        ),
        (
            "Taipei has set aside NT$6.5 billion for the new reservoirs.",
            "NT$6.5 billion",
            6_500_000_000,
            "TWD",
        ),
        # 'a year' after money is per year, not a DATE
        (
            "The port authority will spend HK$2.8 billion a year on dredging, Lam Wai-ting said.",
            "HK$2.8 billion a year",
            2_800_000_000,
            "HKD per year",
        ),
    ],
)
def test_a_countrys_dollar_sign_is_its_own_currency(annotator, text, figure, value, unit):
    assert figures(annotator, text).get(figure) == {"value": value, "unit": unit}
    assert "a year" not in dates(annotator, text)


def test_a_glued_sign_is_money_though_no_token_looks_like_a_number():
    assert glued_money("S$40") and glued_money("NZ$1,250") and glued_money("HK$4.5")
    assert not glued_money("S$") and not glued_money("Sigma") and not glued_money("40")


def test_a_glued_sign_without_a_scale_word_is_a_figure(annotator):
    text = "Singapore will raise the carbon tax to S$45 per tonne, and kiosks charge S$3 each."
    found = figures(annotator, text)
    assert found.get("S$45 per tonne", {}).get("unit") == "SGD per tonne", found
    assert found.get("S$3", {}).get("unit") == "SGD", found


# -- exchange rates ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "figure", "value", "unit"),
    [
        # the figure names only the quoted currency: the sentence names the priced one
        (
            "Dealers said the rupee closed at 86.2 to the dollar in Mumbai.",
            "86.2 to the dollar",
            86.2,
            "INR per USD",
        ),
        ("The zloty firmed to 4.25 per euro after the vote.", "4.25 per euro", 4.25, "PLN per EUR"),
        # the figure names both
        (
            "Importers in Beira paid 64.5 meticais to the dollar on the street.",
            "64.5 meticais to the dollar",
            64.5,
            "MZN per USD",
        ),
    ],
)
def test_an_exchange_rate_prices_one_currency_in_another(annotator, text, figure, value, unit):
    assert figures(annotator, text).get(figure) == {"value": value, "unit": unit}


def test_a_bare_number_quoted_in_dollars_names_no_money_of_its_own():
    assert figure_currency("86.2 to the dollar") is None
    assert normalize_figure("86.2 to the dollar") == {"value": 86.2, "unit": "per USD"}
    assert figure_currency("64.5 meticais to the dollar") == "MZN"


# -- qualifiers before money -----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "figure"),
    [
        (
            "Nickel changed hands at $16,500 a tonne on Monday, far from a record above "
            "$48,000 in 2022.",
            "$48,000",
        ),
        ("Palm oil sold at $900 a tonne, down from a record above $1,900 last year.", "$1,900"),
    ],
)
def test_qualifiers_before_money_are_cut(annotator, text, figure):
    found = texts_of(text, spans(annotator, text), "FIGURE")
    assert figure in found, found
    assert not [f for f in found if f != figure and f.endswith(figure)], found


# -- date boundaries -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Sugar output in the season to April was 31 million tonnes.",
        "Cane crushing in the season to April rose sharply, the mills said.",
    ],
)
def test_a_season_up_to_a_month_is_the_month(annotator, text):
    """'the season' points back to a season named before; only 'April' is a date."""
    assert dates(annotator, text) == ["April"]


def test_a_school_term_is_a_date_without_a_value(annotator):
    text = "Teachers reported fewer absences in the second term, the Velmora union said."
    found = marked(annotator, text, "DATE")
    assert found == [("second term", {"kind": "date", "value": ""})], found


def test_a_term_won_is_no_date(annotator):
    text = "Mayor Ilse Varnholt won a second term in the port city of Dunmarrow."
    assert dates(annotator, text) == []
