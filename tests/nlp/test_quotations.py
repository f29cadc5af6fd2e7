"""Positions in quotations and who holds them: a quote that goes on after its speaker's
report, an interview question the parser ran into the answer before it, "the minister".

A quotation that goes on in a sentence of its own after '"...," X told reporters.' is
X's when it takes a side. An interview question ('Q: Greenpeace says ...') is a piece
of its own: the answer before it, run into one sentence by the parser, neither
adds its cues nor hides the question's. "The minister said" links the nearest earlier
mention of that minister, as a pronoun does. Each test is a sentence written for it, but
the interview's, which only the tuning half's text makes the parser misread.
"""

from __future__ import annotations

import pytest

from .test_fresh_copy_rules import marked


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
    assert ('"We', "Carlos Mendez", "support") in held(annotator, text)


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


def test_an_interview_question_run_into_the_answer_before_keeps_its_own_side(annotator):
    # tuning4 n05 (the tuning half): the parser makes one sentence of the answer's last
    # sentence and the question after it, and hangs the answer's verbs on 'says'
    text = (
        "MAPUTO - Mozambique's Minister of Mineral Resources and Energy Estevao Machava spoke"
        " to the Southern Africa Energy Review on Monday.\n\n"
        'MACHAVA: "In 2029, if the contractors keep to their schedule. The plant will make 13'
        " million tonnes a year. We thank Rwanda, whose soldiers helped make the province"
        ' safe again, and we hope they stay until our own forces are ready."\n\n'
        "Q: Friends of the Earth says the project should not go ahead until the killings"
        " near Palma in 2021 are investigated.\n\n"
        'MACHAVA: "We do not accept that."'
    )
    found = held(annotator, text)
    assert ("Friends", "Friends of the Earth", "oppose") in found, found


def test_a_speaker_tag_the_parser_hangs_on_the_verb_is_no_quotation(annotator):
    # tuning4 n05, its interviewee not introduced: the parser reads 'Q' as a clause
    # quoted before 'says', which left 'says' nothing of the question after it
    text = (
        'MACHAVA: "We hope they stay until our own forces are ready."\n\n'
        "Q: Friends of the Earth says the project should not go ahead until the killings"
        " near Palma in 2021 are investigated.\n\n"
        'MACHAVA: "We do not accept that."'
    )
    found = held(annotator, text)
    assert [h[1:] for h in found] == [("Friends of the Earth", "oppose")], found


def test_the_minister_said_links_the_nearest_earlier_mention_of_that_minister(annotator):
    text = (
        "Energy Minister Ana Costa met investors in Windhoek on Friday. Costa, for her part,"
        ' said, "Namibia would like to build a refinery." "I strongly hope the talks will'
        ' succeed," the energy minister noted.'
    )
    found = next(iter(annotator.suggest([(text, None)])))
    spans = {s.key(): s for s in found.spans}
    links = {
        text[spans[r.head].start : spans[r.head].end][:8]: r.child[0]
        for r in found.relations
        if r.label == "HOLDER"
    }
    assert links.get('"I stron') == text.index("Costa, for"), links


def test_a_stance_starts_at_its_own_words_not_at_the_quote_or_tag_before(annotator):
    text = (
        'MACHAVA: "We hope they stay until our own forces are ready."\n\n'
        "Q: Greenpeace says the project should not go ahead until the killings near Palma"
        " in 2021 are investigated.\n\n"
        'MACHAVA: "We do not accept that."'
    )
    found = marked(annotator, text, "STANCE")
    assert [covered.split()[0] for covered, _ in found] == ["Greenpeace"], found
