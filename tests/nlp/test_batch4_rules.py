"""Rules for what the fourth held-out batch's tuning half showed missing: states.

Most of that half's ACTOR misses were states the small model leaves untagged
or calls a place: the state that opens a story after its dateline, a
capital standing for its government (which also needs the state's canonical
name, or the STANCE it holds names the wrong holder), a state the table did
not list. Each test is a sentence written for it, never text from the gold.
"""

from __future__ import annotations

import pytest

from annotator.core.nlp.aliases import AliasTable
from annotator.core.nlp.rules import alias_entries, body_patterns, load_rules, state_patterns

from .test_fresh_copy_rules import actors, marked


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("DAKAR, Oct 2 - Senegal will cut fuel subsidies, Minister Awa Ndiaye said.", "Senegal"),
        (
            "LUSAKA, Sept 14 - Zambia asked its creditors for more time, the ministry said.",
            "Zambia",
        ),
        ("WINDHOEK - Namibia will tax exports of raw lithium, its mines ministry said.", "Namibia"),
    ],
)
def test_the_state_that_opens_a_story_after_its_dateline_is_an_actor(annotator, text, state):
    found = actors(annotator, text)
    assert found.get(state) == state, found
    assert not [a for a in found if a.isupper() or " - " in a], found


def test_an_undated_dateline_is_no_part_of_the_name_after_it(annotator):
    text = "GABORONE - Botswana's Minister of Minerals Tumelo Kgosi said diamond sales fell."
    found = actors(annotator, text)
    assert found.get("Botswana") == "Botswana", found
    assert "GABORONE" not in " ".join(found), found


@pytest.mark.parametrize(
    ("text", "capital", "state"),
    [
        ("Lusaka rejected the proposal on Friday.", "Lusaka", "Zambia"),
        ("Talks stalled after Kigali recalled its envoy.", "Kigali", "Rwanda"),
        ("Ulaanbaatar wants a bigger share of the copper.", "Ulaanbaatar", "Mongolia"),
    ],
)
def test_a_capital_standing_for_its_government_is_its_state(annotator, text, capital, state):
    found = {c: a for c, a in marked(annotator, text, "ACTOR")}
    assert found[capital]["canonical"] == state and found[capital]["kind"] == "state", found


def test_a_stance_held_by_a_capital_names_the_state(annotator):
    text = "Lusaka criticized the new copper tax on Friday."
    holders = [a["holder"] for _, a in marked(annotator, text, "STANCE")]
    assert holders == ["Zambia"], holders


def test_a_state_the_model_calls_a_place_is_an_actor(annotator):
    found = actors(annotator, "Ivory Coast raised the price it pays farmers.")
    assert found.get("Ivory Coast") == "Ivory Coast", found


def test_a_capital_named_as_a_place_is_still_no_actor(annotator):
    text = "The minister Joana Ferreira told reporters in Maputo that talks would resume."
    assert "Maputo" not in actors(annotator, text)


def test_names_that_are_common_words_are_aliases_but_never_patterns():
    rules = load_rules()
    patterns = {p["pattern"] for p in state_patterns(rules)}
    assert {"Chad", "Jordan", "Niger", "Turkey"} <= rules.ambiguous
    assert not patterns & rules.ambiguous
    assert {"Mozambique", "Maputo", "Ivory Coast", "Pretoria"} <= patterns
    table = AliasTable.default(rules)
    assert table.lookup("N'Djamena") == ("Chad", "state")


def test_the_alias_table_keeps_its_own_entries_over_the_states():
    rules = load_rules()
    entries = alias_entries(rules)
    for canonical, entry in rules.aliases.items():
        assert entries[canonical]["aliases"][: len(entry["aliases"])] == entry["aliases"]
        assert entries[canonical]["kind"] == entry["kind"]
    table = AliasTable.default(rules)
    assert table.lookup("Brussels")[0] == "European Union"
    assert table.lookup("Washington") == ("United States", "state")
    assert table.lookup("Pretoria") == ("South Africa", "state")


def test_a_capitalised_new_after_the_article_stays_in_the_name(annotator):
    found = actors(annotator, "The New Karsa Teachers' Federation said the meals were too small.")
    assert "New Karsa Teachers' Federation" in found, found
    found = actors(annotator, "The new minister, Ola Brenn, said the meals were too small.")
    assert "Ola Brenn" in found and not any(a.startswith("new") for a in found), found


def test_a_body_named_for_two_trades_is_one_name(annotator):
    text = "The Velmor Garment Makers and Exporters Association said factories had cut shifts."
    found = actors(annotator, text)
    assert "Velmor Garment Makers and Exporters Association" in found, found


def test_an_interviewee_the_model_missed_is_named_by_the_speaker_tag(annotator):
    text = (
        "KARSA - Norland's Minister of Mines and Energy Tavio Renkala spoke to reporters "
        'about the project.\n\nQ: Will you sell the gas?\n\nRENKALA: "We welcome the new '
        'investors."'
    )
    found = {c: a for c, a in marked(annotator, text, "ACTOR")}
    assert found["Tavio Renkala"]["kind"] == "person", found
    assert found["RENKALA"]["canonical"] == "Tavio Renkala", found
    holders = [a["holder"] for _, a in marked(annotator, text, "STANCE")]
    assert holders == ["Tavio Renkala"], holders


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        # asking someone to do something is an appeal for the act, as urging is
        ("Velmor Growers asked the ministry to raise the import quota.", "support"),
        ("Velmor Growers asked the ministry to delay the new quota.", "oppose"),
        # an appeal to block or veto a measure opposes the measure
        ("Senator Ola Brenn urged the assembly to block the new fuel decree.", "oppose"),
    ],
)
def test_appeals_to_ask_and_to_block_take_the_side_of_the_act(annotator, text, polarity):
    found = [a["polarity"] for _, a in marked(annotator, text, "STANCE")]
    assert found == [polarity], found


@pytest.mark.parametrize(
    "text",
    [
        "Cocoa prices are higher for farmers in neighbouring Togo this season.",
        "The pipeline runs through northern Iraq to the coast.",
    ],
)
def test_a_state_after_a_place_preposition_and_a_place_adjective_is_a_place(annotator, text):
    found = actors(annotator, text)
    assert not {"Togo", "Iraq"} & set(found), found


def test_a_known_company_the_model_left_untagged_is_an_actor_of_its_kind(annotator):
    text = "Q: TotalEnergies lifted force majeure on the project in May. When will it restart?"
    found = {c: a for c, a in marked(annotator, text, "ACTOR")}
    assert found["TotalEnergies"]["kind"] == "company", found


def test_known_bodies_keep_their_kind_and_common_words_stay_out_of_the_patterns():
    rules = load_rules()
    patterns = {p["pattern"] for p in body_patterns(rules)}
    assert {"TotalEnergies", "Sasol", "International Energy Agency"} <= patterns
    assert not {"Total", "Shell"} & patterns
    table = AliasTable.default(rules)
    assert table.lookup("IEA") == ("International Energy Agency", "organization")
    assert table.lookup("Total") == ("TotalEnergies", "company")
    assert table.lookup("Platts")[0] == "S&P Global Platts"  # aliases.json's canonical
