"""The normalizers and the mapping file on their own: values, units, ISO dates, canonical names."""

from __future__ import annotations

import pytest

from annotator.core.nlp.aliases import AliasTable, alias_key, similar_name, split_handle
from annotator.core.nlp.dates import date_kind, duration_value, normalize_date, resolve_date
from annotator.core.nlp.figures import normalize_figure
from annotator.core.nlp.rules import alias_patterns, load_rules
from annotator.core.scheme import default_scheme


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1.7 million barrels per day", 1_700_000, "bpd"),
        ("1.08 million bpd", 1_080_000, "bpd"),
        ("300,000 barrels per day", 300_000, "bpd"),
        ("$2 billion", 2_000_000_000, "USD"),
        ("$11 billion", 11_000_000_000, "USD"),
        ("$38 million", 38_000_000, "USD"),
        ("11 percent", 11, "percent"),
        ("12.5%", 12.5, "percent"),
        ("20 million tonnes", 20_000_000, "tonnes"),
        ("500 million euros", 500_000_000, "EUR"),
        ("4 per cent", 4, "percent"),
    ],
)
def test_figure_value_and_unit(text, value, unit):
    assert normalize_figure(text) == {"value": value, "unit": unit}


def test_bare_count_has_no_unit():
    assert normalize_figure("eight")["unit"] == ""
    assert normalize_figure("three")["value"] == 3


@pytest.mark.parametrize(
    ("text", "published", "tense", "value"),
    [
        ("May 2", "2019-04", "present", "2019-05-02"),
        ("November 5", "2019-04", "past", "2018-11-05"),  # granted in the past: last year
        ("March", "2019-04", "past", "2019-03"),
        ("October last year", "2019-04", "past", "2018-10"),
        ("earlier this year", "2019-04-20", "past", "2019"),
        ("Friday", "2019-12-21", "past", "2019-12-20"),
        ("Saturday", "2019-12-21", "past", "2019-12-21"),
        ("Friday", "2019-04", "past", ""),  # a weekday needs a day-precise publication date
        ("Thursday, February 3", "2022-02-04", "past", "2022-02-03"),
        ("2015", None, "past", "2015"),
        ("May 2, 2019", None, "past", "2019-05-02"),
        ("March", None, "past", ""),  # nothing to resolve against
        ("second half of the 2000s", "2019-12-21", "past", ""),
        ("two weeks ago", "2019-12-21", "past", "2019-12-07"),  # via dateparser
    ],
)
def test_date_iso_values(text, published, tense, value):
    assert resolve_date(text, published, tense) == value


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("180-day", "P180D"),
        ("six months", "P6M"),
        ("19 years", "P19Y"),
        ("two-day", "P2D"),
        ("four more months", "P4M"),
        ("two decades", "P20Y"),
        ("decades", ""),
    ],
)
def test_durations(text, iso):
    assert date_kind(text) == "duration"
    assert duration_value(text) == iso
    assert normalize_date(text, "2019-04") == {"kind": "duration", "value": iso}


def test_calendar_expressions_are_dates_not_durations():
    for text in ("this year", "October last year", "start of the year", "May 2"):
        assert date_kind(text) == "date", text


def test_alias_table_canonical_names():
    table = AliasTable.default()
    for surface in ("Washington", "the United States", "U.S.", "US", "America", "U.S.'s"):
        assert table.lookup(surface) == ("United States", "state"), surface
    assert table.lookup("the Islamic Republic")[0] == "Iran"
    assert table.lookup("Tehran")[0] == "Iran"
    assert table.lookup("Seko") == ("Hiroshige Seko", "person")
    assert table.lookup("Abe")[0] == "Shinzo Abe"
    assert table.lookup("Atlantis") is None


def test_alias_table_learns_and_a_person_overrides():
    table = AliasTable.default()
    changed = table.learn([("Nippon Oil", "JXTG Nippon Oil & Energy", "company")])
    assert changed == 1
    assert table.lookup("nippon oil") == ("JXTG Nippon Oil & Energy", "company")
    table.add("Abe", "Abe Hiroshi", "person")  # a project about another Abe
    assert table.lookup("Abe") == ("Abe Hiroshi", "person")


def test_name_helpers():
    assert alias_key("The U.S.’s") == "us"
    assert split_handle("@HassanRouhani") == "Hassan Rouhani"
    assert similar_name("Araqchi", ["Araghchi", "Rouhani"]) == "Araghchi"
    assert similar_name("Abe", ["Ab"]) is None  # short names are not guessed


def test_label_map_maps_onto_the_default_scheme():
    rules = load_rules()
    scheme = default_scheme()
    mapped = {v["label"] for v in rules.label_map.values() if v}
    assert mapped <= set(scheme.names)
    assert rules.label_map["GPE"] == {"label": "ACTOR", "kind": "state"}
    assert rules.label_map["NORP"] is None  # demonyms are not actors
    assert rules.label_map["MONEY"]["label"] == "FIGURE"
    assert rules.label_map["TIME"]["label"] == "DATE"
    assert rules.label_map["ORDINAL"] is None and rules.label_map["CARDINAL"] is None


def test_alias_patterns_cover_every_alias():
    rules = load_rules()
    patterns = {p["pattern"] for p in alias_patterns(rules)}
    assert {"Washington", "S&P Global Platts", "Islamic Republic", "Hiroshige Seko"} <= patterns
