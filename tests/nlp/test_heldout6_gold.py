"""The sixth held-out gold batch (tests/fixtures/gold/heldout6/) is what it claims.

Batch 5's test half was read at its round's first reading and again at its end,
and the holder errors it showed could not be studied without reading it, so a
sixth batch of twelve articles was written and annotated by GUIDELINES.md
before any rule saw it, by writers who did not read the rules' code
(heldout6/README.md). The checks are batch 2's own, imported from
test_heldout2_gold.py and run here on batch 6's files through the ``batch``
fixture: the marks strip back to the .txt, spans sit on tokens, entities never
overlap, categories are valid, every STANCE has one HOLDER to an ACTOR of its
holder's canonical and at most one TARGET, the split is the recorded stratified
one (seed 2031), the genres promised are there, no sentence or person of the
seeds or batches 1-5 comes back, and heldout6.jsonl is the build (attributes
and ``rel.manual`` placement: test_gold_fixture.py). Its TARGET links go to
actors and figures, at least as many as batch 5's, each to the span its STANCE
names.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_heldout2_gold import (  # noqa: F401  (collected here, on batch 6)
    Batch,
    test_categories_are_valid,
    test_every_stance_has_one_holder_to_an_actor_and_at_most_one_target,
    test_file_is_the_build_of_the_marked_up_sources,
    test_marks_strip_back_to_the_text_exactly,
    test_no_sentence_or_person_of_an_earlier_batch_or_the_seeds_comes_back,
    test_spans_sit_on_tokens_and_entities_never_overlap,
    test_split_is_the_recorded_stratified_random_one,
    test_the_genres_promised_are_there,
    test_twelve_articles_of_the_batch_word_range_with_their_exact_text,
)
from tests.nlp.test_heldout4_gold import assert_targets_as_many_as
from tests.nlp.test_heldout5_gold import BATCH5

BATCH6 = Batch(
    "heldout6",
    2031,
    (250, 300),
    (
        "heldout/heldout.jsonl",
        "heldout2/heldout2.jsonl",
        "heldout3/heldout3.jsonl",
        "heldout4/heldout4.jsonl",
        "heldout5/heldout5.jsonl",
        "seeds.jsonl",
    ),
)


@pytest.fixture
def batch() -> Batch:
    return BATCH6


def test_target_links_as_many_as_batch_5_and_each_to_a_span_its_stance_names():
    """Where a position is toward a marked actor or figure, GUIDELINES.md links it;
    batch 6 has at least as many such links as batch 5, to actors and to figures."""
    assert_targets_as_many_as(BATCH6, BATCH5)
