"""The pre-annotation rules, read from ``resources/nlp/`` once per process.

Mapping, word lists, Matcher patterns, aliases and the stance lexicon are
files, not constants, so a project can adapt them to its own domain without
touching code; this module only parses them into plain Python sets and dicts
that the other nlp modules consume.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.resources import resource


def _load(name: str) -> Any:
    path: Path = resource(f"nlp/{name}")
    try:
        if name.endswith(".jsonl"):
            return [
                json.loads(line)
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read rule file ({exc})", path=str(path)) from None


def _lower_set(values: list[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


@dataclass(frozen=True)
class NlpRules:
    """Everything the rules need, parsed from the resource files."""

    label_map: dict[str, dict[str, str] | None]
    actor: dict[str, Any]
    figure: dict[str, Any]
    date: dict[str, Any]
    stance: dict[str, Any]
    aliases: dict[str, dict[str, Any]]
    gazetteer: list[dict[str, Any]]
    states: dict[str, dict[str, list[str]]]
    ambiguous: frozenset[str]
    bodies: dict[str, dict[str, Any]]  # organizations.json: canonical -> kind, aliases

    def words(self, section: str, key: str) -> frozenset[str]:
        """A lower-cased word set from one of the rule files."""
        return _lower_set(getattr(self, section)[key])


@lru_cache(maxsize=1)
def load_rules() -> NlpRules:
    return NlpRules(
        label_map=_load("label_map.json")["labels"],
        actor=_load("actor_rules.json"),
        figure=_load("figure_rules.json"),
        date=_load("date_rules.json"),
        stance=_load("stance_lexicon.json"),
        aliases=_load("aliases.json")["actors"],
        gazetteer=_load("gazetteer_patterns.jsonl"),
        states=(states := _load("states.json"))["states"],
        ambiguous=frozenset(states.get("ambiguous", ()))
        | frozenset((orgs := _load("organizations.json")).get("ambiguous", ())),
        bodies={
            **{n: {"kind": "company", **e} for n, e in orgs["companies"].items()},
            **{n: {"kind": "organization", **e} for n, e in orgs["organizations"].items()},
        },
    )


def alias_entries(rules: NlpRules) -> dict[str, dict[str, Any]]:
    """The alias table's entries: aliases.json's, and every state of states.json with
    its other names and capitals as aliases (Maputo -> Mozambique), and every
    company and organisation of organizations.json with its kind. An entry of
    aliases.json wins over a state's or a body's of the same canonical name and
    keeps its own aliases, taking only the state's names it lacks."""
    entries = {name: dict(entry) for name, entry in rules.aliases.items()}
    for canonical, body in rules.bodies.items():
        entries.setdefault(canonical, {"kind": body["kind"], "aliases": list(body["aliases"])})
    for canonical, state in rules.states.items():
        names = [*state.get("names", ()), *state.get("capitals", ())]
        entry = entries.setdefault(canonical, {"kind": "state", "aliases": []})
        known = set(entry.get("aliases", ()))
        entry["aliases"] = [*entry.get("aliases", ()), *(n for n in names if n not in known)]
    return entries


def state_patterns(rules: NlpRules) -> list[dict[str, Any]]:
    """GPE patterns for every state's names and capitals, but those that are also
    common words or given names (``ambiguous``: Chad, Jordan), which only the
    model's NER may tag."""
    out = []
    for canonical, state in rules.states.items():
        for name in [canonical, *state.get("names", ()), *state.get("capitals", ())]:
            if name not in rules.ambiguous:
                out.append({"label": "GPE", "pattern": name})
    return out


def body_patterns(rules: NlpRules) -> list[dict[str, Any]]:
    """ORG patterns for the companies and organisations of organizations.json, but
    names that are also common words (``ambiguous``: Shell, Total)."""
    return [
        {"label": "ORG", "pattern": name}
        for canonical, body in rules.bodies.items()
        for name in [canonical, *body["aliases"]]
        if name not in rules.ambiguous and not name.lower().startswith("the ")
    ]


def alias_patterns(rules: NlpRules) -> list[dict[str, Any]]:
    """EntityRuler patterns for every name in the alias table.

    They run before the statistical NER so that names it tends to split
    ("S&P Global Platts" as ORG + PERSON) come out whole. An alias that is a city's
    name (an entry's ``places``: Brussels for the EU) is tagged as a place, so the
    place rules drop it where it is named as a place.
    """
    kind_label = {"state": "GPE", "person": "PERSON"}
    patterns = []
    for canonical, entry in rules.aliases.items():
        label = kind_label.get(entry.get("kind", ""), "ORG")
        places = set(entry.get("places", ()))
        for name in [canonical, *entry.get("aliases", [])]:
            if name.lower().startswith("the "):
                continue
            patterns.append({"label": "GPE" if name in places else label, "pattern": name})
    return patterns
