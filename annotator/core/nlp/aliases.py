"""ACTOR canonical names: the alias table of resources/ plus what people taught it.

GUIDELINES.md wants one canonical name per actor (Washington, the US,
America -> United States). The shipped table covers the common cases; the
rest is learnt from the project itself: every ACTOR span a person annotated
with a ``canonical`` is an alias for next time, so corrections are made once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Any

from .rules import NlpRules, alias_entries, load_rules

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def alias_key(text: str) -> str:
    """Lookup key: case, a leading article, dots, a possessive and spacing ignored."""
    key = _POSSESSIVE.sub("", text.strip())
    key = key.replace(".", "").lower()
    key = re.sub(r"^the\s+", "", key)
    return " ".join(key.split())


def split_handle(text: str) -> str:
    """'@HassanRouhani' -> 'Hassan Rouhani' (a social-media handle as a name)."""
    body = text.lstrip("@")
    return " ".join(re.findall(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+", body)) or body


class AliasTable:
    """Maps surface names to (canonical, kind)."""

    def __init__(self, entries: dict[str, dict[str, Any]] | None = None):
        self._map: dict[str, tuple[str, str | None]] = {}
        for canonical, entry in (entries or {}).items():
            kind = entry.get("kind")
            for name in [canonical, *entry.get("aliases", [])]:
                self._map[alias_key(name)] = (canonical, kind)
        self.learned = 0
        self._taught: set[str] = set()

    @classmethod
    def default(cls, rules: NlpRules | None = None) -> AliasTable:
        return cls(alias_entries(rules or load_rules()))

    def __len__(self) -> int:
        return len(self._map)

    def add(self, alias: str, canonical: str, kind: str | None = None) -> None:
        """Teach one alias; a person's choice overrides the shipped table."""
        key = alias_key(alias)
        if not key or not canonical.strip():
            return
        old = self._map.get(key)
        self._taught.add(canonical.strip())
        if old is None or old[0] != canonical or (kind and old[1] != kind):
            self._map[key] = (canonical.strip(), kind or (old[1] if old else None))
            self.learned += 1
        ckey = alias_key(canonical)
        if ckey not in self._map:
            self._map[ckey] = (canonical.strip(), kind)

    def lookup(self, text: str) -> tuple[str, str | None] | None:
        return self._map.get(alias_key(text))

    def taught(self, canonical: str) -> bool:
        """Whether a person's annotations chose this canonical (not only the shipped
        table): such a choice is kept as it is everywhere."""
        return canonical in self._taught

    def learn(self, examples: Iterable[tuple[str, str, str | None]]) -> int:
        """Add (surface, canonical, kind) triples; returns how many changed the table."""
        before = self.learned
        for surface, canonical, kind in examples:
            self.add(surface, canonical, kind)
        return self.learned - before


def similar_name(name: str, candidates: Iterable[str], threshold: float = 0.8) -> str | None:
    """The candidate spelled most like ``name`` (Araqchi ~ Araghchi), if close enough.

    Only names of six letters or more: short names differ by one letter too often.
    """
    best, best_ratio = None, threshold
    if len(name) < 6:
        return None
    for cand in candidates:
        if len(cand) < 6 or cand[0].lower() != name[0].lower():
            continue
        ratio = SequenceMatcher(None, name.lower(), cand.lower()).ratio()
        if ratio >= best_ratio:
            best, best_ratio = cand, ratio
    return best


def expanded(text: str, aliases: AliasTable) -> str:
    """'U.N. Support Mission in Sudan' -> 'United Nations Support Mission in Sudan': a
    body named with an organisation's dotted abbreviation first takes its full name."""
    first, _, rest = text.partition(" ")
    if not rest or "." not in first.rstrip("."):
        return text
    hit = aliases.lookup(first)
    if hit is None or hit[1] != "organization" or hit[0] == first:
        return text
    return f"{hit[0]} {rest}"
