"""Rules for what the twelfth held-out batch's tuning half showed lost.

Batch 12 was written by people who never read the rules, after its first
reading. Its tuning half lost actors on these shapes: a board the model ended
before 'of' and its state ('the Tea Board of Kenya'); a benchmark named
'Dated Brent' read as a company; a ministry named by the last word of its
portfolio wherever that word recurs ('Mines' of 'the Ministry of Energy and
Mines' in 'Energy and Mines Minister'). Each test fails without its rule.
"""

from __future__ import annotations

from .test_fresh_copy_rules import marked


def actors(annotator, text: str) -> list[str]:
    return [t for t, _ in marked(annotator, text, "ACTOR")]


def test_a_board_of_its_state_is_one_name(annotator):
    text = (  # tuning12 n03
        "NAIROBI, Nov. 30 - Njoki Wambugu-Chelimo, director of markets at the Tea Board of "
        "Kenya, spoke to Rift Valley Commodities Journal on Friday about auction prices."
    )
    assert "Tea Board of Kenya" in actors(annotator, text)


def test_dated_brent_is_a_benchmark_not_an_actor(annotator):
    text = (  # tuning12 n09
        "Urals crude delivered to western Indian ports sold at a discount of about $5.20 per "
        "barrel to Dated Brent in November, traders said."
    )
    assert "Dated Brent" not in actors(annotator, text)


def test_a_ministry_is_not_named_by_the_last_word_of_its_portfolio(annotator):
    text = (  # tuning12 n07
        "QUITO, Nov. 27 - Production from part of Block 43 will continue, the Ministry of "
        'Energy and Mines said on Thursday.\n\n"The country cannot give up that money," '
        "Energy and Mines Minister Rosalba Quishpe Andrango told reporters."
    )
    assert "Mines" not in actors(annotator, text)
