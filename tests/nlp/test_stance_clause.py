"""Which words of a sentence are the holder's, and which speak for a side: each rule with
the sentence that motivated it.

The sentences come from the seeds or the tuning half of the held-out gold (or, marked
so, were written for the test); none from the held-out test half.
"""

from __future__ import annotations

import pytest

from annotator.core.nlp.polarity import _predicate_cue
from annotator.core.nlp.quotes import quoted_tokens


def stances(annotator, text: str, published: str = "2023-06-13") -> list[tuple[str, str]]:
    out = next(iter(annotator.annotate([(text, published)])))
    return [(s.attrs["holder"], s.attrs["polarity"]) for s in out if s.label == "STANCE"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quotation of two sentences: the speaker after it is no quoted text, and the
        # first sentence is the speaker's too (tuning h01)
        (
            '"We will buy oil from wherever we get the best price for our people. Energy'
            ' security is not negotiable," Petroleum Minister Hardeep Singh Puri told'
            " reporters in New Delhi on Tuesday.",
            [("Hardeep Singh Puri", "support")],
        ),
        # a compound of a compound names the state (tuning h01)
        (
            '"India is not violating sanctions, and we have not asked them to stop," a U.S.'
            " Treasury official said last week.",
            [("United States", "support")],
        ),
        # a finite verb parsed as a modifier of its subject (tuning h04)
        (
            "The Kurdistan Regional Government, which depends on oil sales for about 80"
            " percent of its budget, called for talks with Baghdad.",
            [("Kurdistan Regional Government", "support")],
        ),
        # what another actor 'should' do is a criticism of it (tuning h01)
        (
            "Foreign Minister Subrahmanyam Jaishankar said the EU should look at its own"
            " rules, since products refined in India are no longer Russian under them.",
            [("Subrahmanyam Jaishankar", "oppose")],
        ),
        # an 'unless' condition weighs less than the refusal (tuning h03)
        (
            "The State Department has said it will not renew it unless the government of"
            " President Nicolas Maduro allows opposition candidates to run in this year's"
            " election.",
            [("U.S. State Department", "oppose")],
        ),
        # a figure reported without a word of judgement is no stance (tuning h07)
        (
            "Iraq owes Iran about $11 billion for gas and electricity, Iranian officials have"
            " said.",
            [],
        ),
        # the writer's aside after '..., the ministry said' is not the ministry's (tuning
        # h11): its 'retaliation' would oppose; what is left announces China's own measure
        (
            "BEIJING (Reuters) - China will require export licences for gallium and germanium"
            " from August 1, the Ministry of Commerce said on Monday, a move seen as"
            " retaliation for U.S. and Dutch curbs on sales of chip-making equipment to"
            " Chinese companies.",
            [("Chinese Ministry of Commerce", "support")],
        ),
        # evaluative words of the wider lexicon: 'better' ties (seeds), 'avoid' a harm (seeds)
        (
            "Araghchi said there are obstacles in the way of better ties between Iran and Japan.",
            [("Araghchi", "support")],
        ),
        (
            "Seko further noted that his country will take all necessary measures to avoid the"
            " negative impacts of U.S. actions on their energy supplies.",
            [("Hiroshige Seko", "oppose")],
        ),
        # another actor's measure judged: opposed, whatever cooperation the clause
        # speaks of (seeds 000, 003)
        (
            "“We intend to have close discussions with the US side in order to avoid having a"
            " harmful effect from the US measures on Japan’s stable energy supply and its"
            " corporate activity,” Seko added.",
            [("Hiroshige Seko", "oppose")],
        ),
        (
            "Rouhani said he had discussions on ways of “breaking” U.S. sanctions on his trip"
            " to Tokyo.",
            [("Hassan Rouhani", "oppose")],
        ),
        # ... but an evaluative verb keeps its own polarity (seeds 003), the holder's own
        # measure is no foreign one (seeds 004), and a measure named with no word against
        # it is only the background (seeds 002)
        (
            "Rouhani said he welcomed Japan’s decision not to join a U.S.-led naval mission in"
            " the Persian Gulf.",
            [("Hassan Rouhani", "support")],
        ),
        (
            "The United States and the European Union are hoping that sanctions on Iran's oil"
            " industry will put enough economic pressure on the Teheran government to restart"
            " talks.",
            [("United States", "support")],
        ),
        (
            "Japan has been looking for keeping friendly ties with Iran amid the maximum"
            " pressure of the US ex-administration against Iran.",
            [("Japan", "support")],
        ),
        # what a holder aims to do is what it is for, whatever its words (tuning h07)
        (
            "Prime Minister Mohammed Shia al-Sudani said last month that Iraq aims to stop"
            " flaring by 2027.",
            [("Mohammed Shia al-Sudani", "support")],
        ),
        # what happens 'amid' the clause is its background (seeds 000)
        (
            "Japan says it relies on crude imports from Iran and seeks to hold talks with the"
            " United States about the matter to keep its energy supply steady, amid ongoing"
            " attempts by Washington to curtail Iran’s oil sales and punish third countries"
            " that buy Iranian crude.",
            [("Japan", "support")],
        ),
        # written for the test: a vote is a position, 'against' after a verb opposes
        ("Japan voted against the new sanctions.", [("Japan", "oppose")]),
    ],
)
def test_clause_rules(annotator, text, expected):
    assert stances(annotator, text) == expected


@pytest.mark.parametrize(
    ("text", "word", "value"),
    [
        ("Japan voted against the new sanctions.", "against", -1.0),
        # seeds: "US sanctions against the country" only names the measure
        ("Zarif said the US sanctions against the country would fail.", "against", 0.0),
    ],
)
def test_against_takes_a_side_only_after_a_verb_or_adjective(
    model_pipeline, annotator, text, word, value
):
    doc = model_pipeline.nlp(text)
    tok = next(t for t in doc if t.lower_ == word)
    assert _predicate_cue(tok, annotator.stance_rules.polarity) == value


def test_a_straight_quote_closes_by_its_tag(model_pipeline):
    """The sentence after a quotation's first one starts inside it: its closing mark
    closes, it does not open a quotation over the speaker (tuning h01)."""
    doc = model_pipeline.nlp(
        '"We will buy oil from wherever we get the best price. Energy security is not'
        ' negotiable," Puri told reporters.'
    )
    last = list(doc.sents)[-1]
    assert last.text.startswith("Energy")
    marks = [t.i for t in doc if t.text in ('"', "“", "”", "‘", "’")]
    inside = {doc[i].text for i in quoted_tokens(doc, last.start, last.end, marks)}
    assert not inside & {"Puri", "told", "reporters"}


def holder_link(annotator, text: str) -> list[str]:
    """The text of the ACTOR mention each STANCE's HOLDER link ends on."""
    found = next(iter(annotator.suggest([(text, "2019-05-02")])))
    by_key = {s.key(): s for s in found.spans}
    return [
        text[by_key[r.child].start : by_key[r.child].end]
        for r in found.relations
        if r.label == "HOLDER"
    ]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        # the name ending a title the parser split (seeds)
        (
            "“Japan’s relationship with Iran is important,” Japanese Minister of Economy,"
            " Trade, and Industry Hiroshige Seko said at a Friday press conference in Tokyo.",
            "Hiroshige Seko",
        ),
        # a source tag before a colon is no subject (seeds)
        (
            "Iran PressIran News: Iran's Hossein Amir-Abdollahian welcomed the development of"
            " the cooperation with Japan in different areas.",
            "Hossein Amir-Abdollahian",
        ),
        # 'quoted the official': the person named before (seeds)
        (
            "Hiroshige Seko spoke in Tokyo. “Japan’s relationship with Iran is important,”"
            " S&P Global Platts quoted the official as saying.",
            "Hiroshige Seko",
        ),
    ],
)
def test_the_holder_link_ends_on_the_speaker(annotator, text, mention):
    assert holder_link(annotator, text) == [mention]


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        # a family name written first, alone after the full name (the seeds' "Hayashi
        # Yoshimasa"; issue #16: a surname after a full name resolves to it)
        (
            "Japan's Foreign Minister Hayashi Yoshimasa met Amir-Abdollahian. Hayashi said"
            " Japan welcomed the talks.",
            "Hayashi Yoshimasa",
        ),
        # written for the test: the model tags the bare family name ORG
        (
            "Foreign Ministry spokesperson Wang Wenbin spoke on Tuesday. Wang said China"
            " opposed the sanctions.",
            "Wang Wenbin",
        ),
    ],
)
def test_a_family_name_written_first_resolves_to_the_full_name(annotator, text, holder):
    assert [h for h, _ in stances(annotator, text)] == [holder]
