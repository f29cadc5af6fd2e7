"""Money figures read against their sentence and article: rates and local currency names.

A price's ``per`` part is whatever is priced, often more than one word ("$4,200
per 40-foot container", "920 dollars per short ton", "32 cents per kilowatt
hour"): a fixed list of units cannot hold them all, so after money the noun
phrase ``per`` heads is read from the tagger. And some currency names say
which currency only in context: "cents" are hundredths of the article's money
("32 cents" in a story priced in euros is 0.32 EUR), "crowns" are Norway's,
Sweden's, Denmark's or the Czech Republic's by the state the article is about.
Both are read from ``resources/nlp/figure_rules.json`` (``local_currencies``).
And an exchange rate often names only the currency it is quoted in ("the metical
has held at 63.9 to the dollar"): the currency priced is the one its sentence
names before it, so it is read from the sentence too.
"""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Doc

from .candidates import Cand
from .figures import figure_currency
from .rules import NlpRules

NOUN_TAGS = frozenset({"NN", "NNS"})
# what may stand in the priced phrase: '40-foot', 'short', 'megawatt hour'
PRICED_TAGS = NOUN_TAGS | {"JJ", "CD", "HYPH"}
PRICED_MAX_TOKENS = 5


def priced_end(doc: Doc, start: int, units: frozenset[str]) -> int | None:
    """End (exclusive) of the noun phrase priced from token ``start`` ('short ton',
    '40-foot container'), or None when no noun stands there or the Doc has no tags
    (the rule-only pipeline then keeps to its fixed list of units). A known unit
    ends it: in '$60 per barrel price cap' the cap is what the price is, not a unit."""
    last = None
    j = start
    while j < min(start + PRICED_MAX_TOKENS, len(doc)):
        tok = doc[j]
        # a lower-case word the tagger calls a proper noun is a noun ('kilowatt' NNP)
        noun = tok.tag_ in NOUN_TAGS or (tok.is_lower and tok.tag_ in ("NNP", "NNPS"))
        if not tok.tag_ or (not noun and tok.tag_ not in PRICED_TAGS and tok.text != "-"):
            break
        if noun:
            last = j + 1
            if tok.lower_ in units:
                break
        j += 1
    return last


def _local_name(text: str, rules: NlpRules) -> str | None:
    """The context-dependent currency word a figure's money comes from, if any: not
    when a qualifier ('Swedish crowns') or a symbol ('$') says which currency."""
    fig = rules.figure
    low = " ".join(text.lower().split())
    if any(
        re.search(rf"(?<![a-z]){re.escape(n)}s?(?![a-z])", low) for n in fig["qualified_currencies"]
    ):
        return None
    if any(s in low for s in fig["currency_symbols"] if not s.isalpha()):
        return None
    money = low.split(" per ")[0]
    return next((w for w in re.findall(r"[a-z]+", money) if w in fig["local_currencies"]), None)


def _word_currency(word: str, fig: dict, states: list) -> str | None:
    """The code a currency noun stands for in this article ('metical' MZN, 'shilling'
    the first state's that uses one); a subunit ('cent') names no currency."""
    entry = fig["local_currencies"].get(word)
    if entry is not None:
        if entry.get("subunit"):
            return None
        by_state: dict[str, str] = entry.get("by_state", {})
        return next((by_state[s] for s in states if s in by_state), entry["default"])
    return fig["currency_words"].get(word)


def named_currency(doc: Doc, cand: Cand, rules: NlpRules, states: list) -> str | None:
    """The currency an exchange rate prices when it names only the quoted one: the
    nearest 'the <currency>' ('the metical', 'the Kenyan shilling') before it in its
    sentence. Only after 'the': a bare 'won' or 'real' is as often a verb or adjective."""
    fig = rules.figure
    first = doc[cand.start].sent.start
    for i in range(cand.start - 1, first, -1):
        word = doc[i].lower_
        code = _word_currency(word, fig, states)
        if code is None:
            continue
        before = doc[i - 1].lower_
        if before == "the":
            return code
        qualified = fig["qualified_currencies"].get(f"{before} {word}".removesuffix("s"))
        if qualified and i - 2 >= first and doc[i - 2].lower_ == "the":
            return qualified
    return None


def settle_local_currencies(doc: Doc, entities: list[Cand], rules: NlpRules) -> None:
    """Give each FIGURE in a local currency name the currency its article means.

    Runs after the figures and actors are normalized: a subunit takes the money of
    the figure before it, a shared name the first state named that uses it; else the
    table's default (what the plain word already reads as). An exchange rate that
    names only the quoted currency ('63.9 to the dollar', unit 'per USD') takes the
    currency its sentence names before it (``named_currency``)."""
    local = rules.figure["local_currencies"]
    states = [
        c.attrs.get("canonical")
        for c in sorted(entities, key=lambda c: c.start)
        if c.label == "ACTOR" and c.attrs.get("kind") == "state"
    ]
    last_money: str | None = None
    for cand in sorted((c for c in entities if c.label == "FIGURE"), key=lambda c: c.start):
        text = cand.text(doc)
        code = figure_currency(text, rules)
        unit = str(cand.attrs.get("unit", ""))
        if code is None and unit.startswith("per "):
            code = named_currency(doc, cand, rules, states)
            if code is not None:
                cand.attrs["unit"] = f"{code} {unit}"
        word = _local_name(text, rules)
        if word is not None and code is not None:
            entry = local[word]
            by_state: dict[str, str] = entry.get("by_state", {})
            if entry.get("subunit"):
                settled = last_money or entry["default"]
            else:
                settled = next((by_state[s] for s in states if s in by_state), None)
                if settled is None:
                    settled = last_money if last_money in by_state.values() else entry["default"]
            unit = str(cand.attrs.get("unit", ""))
            if unit.startswith(code):
                cand.attrs["unit"] = settled + unit[len(code) :]
            code = settled
        if code is not None:
            last_money = code


def _rate_parts(unit: str) -> tuple[str, str] | None:
    currency, sep, measure = unit.partition(" per ")
    return (currency, measure) if sep and currency and measure else None


def share_measures(doc: Doc, entities: list[Cand]) -> None:
    """A second price in a sentence that names no measure of its own keeps the one
    before it ('171 shillings a litre, against 205 shillings a year ago': both
    per litre): same currency, no 'per' of its own, nothing it prices named after it
    ('against 9 cents for gas'), and of the same order (within a factor of five, so
    '$80 a barrel, earning $2 billion' stays a sum)."""
    figures = sorted((c for c in entities if c.label == "FIGURE"), key=lambda c: c.start)
    for prev, cand in itertools.pairwise(figures):
        rate = _rate_parts(str(prev.attrs.get("unit", "")))
        if rate is None or cand.attrs.get("unit") != rate[0]:
            continue
        if doc[prev.start].sent.start != doc[cand.start].sent.start:
            continue
        if cand.end < len(doc) and doc[cand.end].lower_ in ("for", "of", "on"):
            continue  # '9 cents for gas': it prices something of its own
        value, before = cand.attrs.get("value"), prev.attrs.get("value")
        if not value or not before or not 0.2 <= float(value) / float(before) <= 5:
            continue
        cand.attrs["unit"] = f"{rate[0]} per {rate[1]}"
