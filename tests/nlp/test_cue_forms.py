"""Stance rules for cue words in other forms and for quotations that go on.

A cue verb the lexicon lists as 'criticize' and 'criticized' is met in new copy as
'criticizes' or 'criticizing'; the same word as a noun or a preposition
('concerning the tanker') is no cue. A positive word a negative verb governs as
its means ('breached the treaty by allowing exports') is judged by that verb. A
quotation that goes on in a sentence of its own after '"...," X told reporters.' is
X's, when it takes a side.
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
    assert polarities(annotator, text) == ["neutral"]


def test_a_positive_word_a_negative_verb_governs_as_its_means_is_judged_by_it(annotator):
    text = "Chile said Peru had breached the accord by allowing exports."
    assert polarities(annotator, text) == ["oppose"]


def held(annotator, text: str) -> list[tuple[str, str, str]]:
    return [
        (covered.split()[0], a["holder"], a["polarity"])
        for covered, a in marked(annotator, text, "STANCE")
    ]


def test_a_quotation_after_its_speakers_report_is_the_speakers_position(annotator):
    text = (
        '"Prices will not fall this winter," Energy Minister Carlos Mendez told reporters. '
        '"We will keep importing diesel from Texas."'
    )
    assert held(annotator, text)[1:] == [('"We', "Carlos Mendez", "support")]


@pytest.mark.parametrize(
    "after",
    [
        # a fact in the speaker's words takes no side
        '"The refinery was built in 1975."',
        # a quotation with its own reporting verb is someone else's, or nobody's
        '"We will keep importing diesel," a trader added.',
    ],
)
def test_a_quotation_after_a_report_that_takes_no_side_or_has_its_own_verb_is_none(
    annotator, after
):
    report = '"Prices will not fall this winter," Energy Minister Carlos Mendez told reporters.'
    text = f"{report} {after}"
    assert [h for h in held(annotator, text) if h[0] != '"Prices'] == []
