"""Rules for wire-copy patterns the second held-out batch's tuning half showed missing.

Each rule is a general pattern (units and currencies, date expressions, names,
speaker tags, stance wording); each test is a new invented sentence with
invented names, never text from the gold files.
"""

from __future__ import annotations

import pytest

from .conftest import texts_of


def spans(annotator, text: str, published: str = "2025-03-14"):
    return next(iter(annotator.annotate([(text, published)])))


def marked(annotator, text: str, label: str) -> list[tuple[str, dict]]:
    """(covered text, attributes) of the suggestions of one label, in order."""
    return [(text[s.start : s.end], s.attrs) for s in spans(annotator, text) if s.label == label]


def figures(annotator, text: str) -> dict[str, dict]:
    return dict(marked(annotator, text, "FIGURE"))


@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        # what is priced after money is the noun phrase 'per' heads, as written
        (
            "Rebar traded at 610 dollars per short ton in Ohio.",
            "610 dollars per short ton",
            "USD per short ton",
        ),
        (
            "Freight to Genoa cost $3,900 per 20-foot container last month.",
            "$3,900 per 20-foot container",
            "USD per 20-foot container",
        ),
        (
            "The grant is capped at 12,000 euros per household.",
            "12,000 euros per household",
            "EUR per household",
        ),
        # an exchange rate prices one currency in another, both by their codes
        (
            "The rand slipped to 18.40 rand per dollar on Tuesday.",
            "18.40 rand per dollar",
            "ZAR per USD",
        ),
        # a unit known to the rules ends the phrase: the cap is no unit
        ("Traders respect a $55 per barrel price cap.", "$55 per barrel", "USD per barrel"),
        # two-word energy units
        (
            "Power cost 71 euros per megawatt hour in Lyon.",
            "71 euros per megawatt hour",
            "EUR per megawatt hour",
        ),
    ],
)
def test_rates_keep_the_phrase_they_price(annotator, text, figure, unit):
    found = figures(annotator, text)
    assert found.get(figure, {}).get("unit") == unit, found


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit"),
    [
        (
            "Farmers there use about 4 billion litres of fuel a year.",
            "4 billion litres",
            4_000_000_000,
            "litres",
        ),
        (
            "The port of Veldstad handled 2.3 million TEU last year.",
            "2.3 million TEU",
            2_300_000,
            "TEU",
        ),
        # a qualified currency name is its own code, not the plain name's
        (
            "The bill reached 40 billion Lebanese pounds.",
            "40 billion Lebanese pounds",
            40_000_000_000,
            "LBP",
        ),
        (
            "Sales rose to 9 billion Swedish crowns.",
            "9 billion Swedish crowns",
            9_000_000_000,
            "SEK",
        ),
    ],
)
def test_units_and_currencies_beyond_oil(annotator, text, figure, value, unit):
    assert figures(annotator, text).get(figure) == {"value": value, "unit": unit}


def test_a_hedge_of_several_words_is_cut_from_a_figure(annotator):
    text = "Grants now cover as much as 45 percent of the cost, Tarvel said."
    assert texts_of(text, spans(annotator, text), "FIGURE") == ["45 percent"]


def test_cents_are_hundredths_of_the_articles_money(annotator):
    """'cents' in a story priced in euros are euro cents; with no money before, dollars."""
    text = (
        "The utility set aside 3 billion euros for the grid. "
        "Customers paid 28 cents per kilowatt hour in May, against 9 cents for gas."
    )
    found = figures(annotator, text)
    assert found["28 cents per kilowatt hour"] == {"value": 0.28, "unit": "EUR per kilowatt hour"}
    assert found["9 cents"] == {"value": 0.09, "unit": "EUR"}
    alone = "Gasoline rose 14 cents in a week, Morvane said."
    assert figures(annotator, alone)["14 cents"] == {"value": 0.14, "unit": "USD"}


def test_crowns_are_the_currency_of_the_state_named(annotator):
    sweden = "Sweden's budget office expects 75 billion crowns from the levy, Lindqvar said."
    assert figures(annotator, sweden)["75 billion crowns"]["unit"] == "SEK"
    denmark = "Denmark will spend 6 billion crowns on the dykes, Hollesen said."
    assert figures(annotator, denmark)["6 billion crowns"]["unit"] == "DKK"


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # a duration of a bare year is the duration and the year
        (
            "Vellmar sold 2 million tonnes in the first seven months of 2023.",
            ["seven months", "2023"],
        ),
        # 'of the year' names no date of its own
        ("Orvane earned $3 billion in the first nine months of the year.", ["nine months"]),
        # 'from' joins two expressions as 'to' does
        (
            "Sales fell 12 percent in the first four months of the year from a year earlier.",
            ["four months", "a year earlier"],
        ),
        # a comparative before a duration is a hedge
        ("Ships older than 15 years may not dock at Kestrel Bay.", ["15 years"]),
        # a fraction is no date; a lone unit or season after 'the' points back
        ("Brantia imports about a quarter of its grain.", []),
        ("Output reached 20 million tonnes in the month, Dallow said.", []),
        ("Stocks should last through the winter, Dallow said.", []),
    ],
)
def test_date_expressions_of_fresh_copy(annotator, text, dates):
    assert texts_of(text, spans(annotator, text), "DATE") == dates


def test_a_lone_capitalised_date_must_be_a_month_day_or_feast(annotator):
    """The model takes some place names for dates; months, days and feasts stay."""
    rules = annotator.date_spans
    doc = annotator.nlp("They met in Tarnovik on Friday after Ramadan.")
    at = {t.text: t.i for t in doc}
    assert not rules.refine(doc, at["Tarnovik"], at["Tarnovik"] + 1, at["Tarnovik"])
    for word in ("Friday", "Ramadan"):
        assert rules.refine(doc, at[word], at[word] + 1, at[word]) == [(at[word], at[word] + 1)]


def actors(annotator, text: str) -> dict[str, str]:
    return {covered: attrs.get("canonical") for covered, attrs in marked(annotator, text, "ACTOR")}


def test_an_interviewee_introduced_by_role_holds_the_hyphenated_speaker_tag(annotator):
    text = (
        "MUSCAT - Faisal al-Harthani, chief executive of Dunes Tanker Lines, spoke to "
        'reporters on Monday.\n\nQ: Will rates rise?\n\nAL-HARTHANI: "We expect higher rates."'
    )
    found = actors(annotator, text)
    assert found["Faisal al-Harthani"] == "Faisal al-Harthani"
    assert found["AL-HARTHANI"] == "Faisal al-Harthani"
    assert "MUSCAT" not in found and "HARTHANI" not in found


@pytest.mark.parametrize(
    "text",
    [
        # both ends of a route are places
        "Freight rates from Busan to Hamburg rose 8 percent, Pellow said.",
        # places the model takes for persons or organisations
        "Volumes in Ras Laffan and Jebel Dhanna rose, Pellow said.",
        "Two tankers called at Khor Fakkan last week.",
        "Output at the Varnholm processing plant fell.",
        # a fuel named by its acronym
        "The firm plans new LPG terminals, Pellow said.",
        # a market named by its exchange's city
        "London cocoa futures fell 3 percent on Tuesday, Pellow said.",
        "Chicago soybean futures rose after the report, Pellow said.",
    ],
)
def test_places_and_fuels_the_model_tags_are_no_actors(annotator, text):
    assert set(actors(annotator, text)) <= {"Pellow"}


def test_a_sentence_opening_common_noun_is_no_actor(annotator):
    text = "Buyers held back, brokers said. Diesel imports cost Tarvania more."
    assert "Diesel" not in actors(annotator, text)


def test_a_region_acts_only_as_a_subject(annotator):
    acting = "Prices rose, but Europe could not replace Russian gas, Pellow said."
    assert actors(annotator, acting).get("Europe") == "Europe"
    place = "The route between Asia and Europe is longer now, Pellow said."
    assert "Europe" not in actors(annotator, place)


def test_a_company_cut_by_the_model_is_whole_and_its_last_word_a_mention(annotator):
    text = (
        "Economist Rosa Quintal of Banco Mercantil Andino said growth would slow. "
        "Andino expects rates to fall."
    )
    found = actors(annotator, text)
    assert found["Banco Mercantil Andino"] == "Banco Mercantil Andino"
    assert found["Andino"] == "Banco Mercantil Andino"


def test_a_company_word_the_tagger_reads_as_a_noun_ends_the_companys_name(annotator):
    text = "Kenya buys most of its diesel from Oman's OQ Trading and from Vitol."
    assert "OQ Trading" in actors(annotator, text)


def stances(annotator, text: str) -> list[tuple[str, str, str]]:
    return [(c, a["holder"], a["polarity"]) for c, a in marked(annotator, text, "STANCE")]


def test_welcomed_but_warned_is_two_positions_of_one_holder(annotator):
    text = (
        "Farm lobby Velmor Growers welcomed the new quotas but warned that higher "
        "feed costs could ruin small farms."
    )
    assert stances(annotator, text) == [
        ("Farm lobby Velmor Growers welcomed the new quotas", "Velmor Growers", "support"),
        (
            "but warned that higher feed costs could ruin small farms.",
            "Velmor Growers",
            "oppose",
        ),
    ]


def test_a_but_on_the_same_side_stays_one_position(annotator):
    text = "Tarsan Bank welcomed the payment plan but wanted faster transfers, Oduya said."
    assert len(stances(annotator, text)) == 1


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        # urging an act supports it; urging to undo one opposes it
        ("Farm group Velmor urged the government to impose quotas on imported rice.", "support"),
        ("Farm group Velmor urged the government to reconsider the rice quotas.", "oppose"),
        # a phrasal verb takes a side with its particle, and a negation flips it
        (
            "Trade Minister Dora Velasquez said Tarvania would not rule out its own duties.",
            "support",
        ),
        ("Trade Minister Dora Velasquez ruled out new duties on Tarvanian grain.", "oppose"),
        # a condition is the position's background, not the position
        (
            "Trade Minister Dora Velasquez said Tarvania would not rule out duties "
            "if there was no agreement within 60 days.",
            "support",
        ),
        # scrapping a measure is against it
        (
            'Opposition spokesman Emil Garro called the levy "a bureaucratic monster" '
            "and said his party would scrap it.",
            "oppose",
        ),
    ],
)
def test_appeals_and_phrasal_verbs_take_a_side(annotator, text, polarity):
    assert [p for _, _, p in stances(annotator, text)] == [polarity]


def test_a_trailing_reporter_holds_what_it_reports(annotator):
    text = (
        "Tarvania will seek talks rather than retaliate against the levy, "
        "Trade Minister Dora Velasquez said on Monday."
    )
    assert [h for _, h, _ in stances(annotator, text)] == ["Dora Velasquez"]


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        # a positive word as the object of a negative verb is what the verb judges
        (
            '"These levies punish a partner that buys more of our grain than it sells '
            'to us," Trade Minister Dora Velasquez told reporters.',
            "oppose",
        ),
        # sanctioning someone opposes them
        ("The European Union sanctioned three Tarvanian shipping firms on Friday.", "oppose"),
    ],
)
def test_judged_objects_and_sanctions(annotator, text, polarity):
    assert [p for _, _, p in stances(annotator, text)] == [polarity]


def test_an_alias_in_brackets_takes_the_full_names_canonical(annotator):
    text = (
        "The National Union of Tarvanian Fishers (Natfish) met on Monday. "
        "Natfish welcomed the quota. The International Grain Council (IGC) met too. "
        "The IGC said stocks were ample."
    )
    found = [(text[s.start : s.end], s.attrs.get("canonical")) for s in spans(annotator, text)]
    assert ("Natfish", "National Union of Tarvanian Fishers") in found
    assert ("IGC", "International Grain Council") in found
    assert not any(c in ("Natfish", "IGC") for _, c in found)


def test_a_brand_and_a_country_opening_a_sentence_are_one_company(annotator):
    text = "Talks stalled.\n\nVeltrano Brazil said it did not oppose the deal."
    assert actors(annotator, text) == {"Veltrano Brazil": "Veltrano Brazil"}
    assert stances(annotator, text)[0][1:] == ("Veltrano Brazil", "support")
    assert actors(annotator, "Then Mexico said no.") == {"Mexico": "Mexico"}


@pytest.mark.parametrize(
    "text",
    [
        "Analyst Nora Pelk said the gain in growth would depend on how long the levy lasted.",
        "Trade Minister Dora Velasquez said it was too early to welcome the deal.",
        "Kenya said it would wait and see whether the new tariff helped its farmers.",
        'Vale said it would follow "all applicable rules" and gave no view on the sanctions.',
    ],
)
def test_a_hedge_leaves_the_question_open(annotator, text):
    assert [p for _, _, p in stances(annotator, text)] == ["neutral"]
