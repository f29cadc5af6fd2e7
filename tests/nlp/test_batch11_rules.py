"""Rules for what the eleventh held-out batch's tuning half showed lost.

Batch 11 was written by people who never read the rules, after its first
reading. Its tuning half lost actors on these shapes: a double surname the
model ended at the hyphen; a company the model took for a person whose last
word is a metal, so that every 'Nickel' became a mention of it; a province
the model tagged with its head word. The sentences are the tuning half's own
(the model reads invented ones right), never a test half's; each test fails
without its rule.
"""

from __future__ import annotations

from .test_fresh_copy_rules import marked


def actors(annotator, text: str) -> list[str]:
    return [t for t, _ in marked(annotator, text, "ACTOR")]


def test_a_double_surname_cut_at_its_hyphen_is_named_whole(annotator):
    text = (  # tuning11 n09
        "Kyiv welcomed the proposal. But Deputy Foreign Minister Halyna Ostapchuk-Verba said "
        "in a statement that Ukraine would not accept Russian officials at the inspection "
        "centre."
    )
    assert "Halyna Ostapchuk-Verba" in actors(annotator, text)


def test_a_metal_is_no_surname_of_a_company_read_as_a_person(annotator):
    text = (  # tuning11 n05, the lead and the company's paragraph
        "JAKARTA, Nov 18 - Nickel ore mining quotas for 2027 have been cut to 250 million "
        "wet tonnes, the energy ministry said on Wednesday.\n\n"
        "Harita Nickel, which runs smelters on Obi island, said in a statement that the cut "
        "would leave its furnaces short of about 6 million tonnes of ore next year."
    )
    assert "Nickel" not in actors(annotator, text)


def test_a_province_named_with_its_head_word_is_a_place(annotator):
    text = (  # tuning11 n11
        "The governor of Catamarca province accused the federal government of taking "
        'revenue that belongs to the provinces. "The lithium is ours under the constitution, '
        'and so is the money," Eusebio Cardozo Tinte told the broadcaster Radio Valle Viejo.'
    )
    assert "Catamarca province" not in actors(annotator, text)
