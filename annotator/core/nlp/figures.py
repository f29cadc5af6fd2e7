"""FIGURE spans: whole quantities with their unit, and their ``value``/``unit``.

GUIDELINES.md: "1.7 million barrels per day" is one figure (value 1700000,
unit bpd), "$2 billion" is 2000000000 USD, "11 percent" is 11 percent; bare
counts ("eight countries") and ordinals are not figures. An exchange rate prices
one currency in another ("18.40 rand per dollar", "63.9 to the dollar": ZAR or
MZN per USD); when the figure names only the quoted currency, its unit is
``per USD`` here and the sentence says which currency is priced (``rates.py``).
"""

from __future__ import annotations

import re
from typing import Any

from .rules import NlpRules, load_rules

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
_WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a": 1, "an": 1, "half": 0.5,
}  # fmt: skip


def _number(text: str) -> float | None:
    match = _NUMBER.search(text)
    if match:
        return float(match.group().replace(",", ""))
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _WORD_NUMBERS:
            return float(_WORD_NUMBERS[word])
    return None


def _currency(low: str, fig: dict[str, Any]) -> str | None:
    # "Egyptian pounds" before "pounds": the qualifier names the currency, the longest
    # first ("South Sudanese pounds" before "Sudanese pounds")
    qualified = fig.get("qualified_currencies", {})
    for name, unit in sorted(qualified.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"(?<![a-z]){re.escape(name)}s?(?![a-z])", low):
            return unit
    for symbol, unit in sorted(fig["currency_symbols"].items(), key=lambda kv: -len(kv[0])):
        if (
            low.startswith(symbol)
            or f" {symbol}" in low
            or (symbol in ("$", "€", "£", "¥") and symbol in low)
        ):
            return unit
    for word, unit in fig["currency_words"].items():
        if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", low):
            return unit
    return None


# '63.9 to the dollar', '150 per dollar', '18.40 rand to one euro': the quoted currency last
_EXCHANGE = re.compile(r"^(?P<money>.*?)\s+(?:per|to (?:the|one|a|an|each)) (?P<quote>[a-z$€£¥]+)$")


def _exchange(low: str, fig: dict[str, Any]) -> tuple[str, str] | None:
    """(money as written, quoted currency's code) when a figure is an exchange rate."""
    match = _EXCHANGE.match(low)
    if match is None or not _NUMBER.search(match.group("money")):
        return None
    if match.group("quote") in fig["scales"]:
        return None  # '4 per cent' is a percentage, no price in cents
    quote = _currency(match.group("quote"), fig)
    return (match.group("money"), quote) if quote else None


def glued_money(text: str, rules: NlpRules | None = None) -> bool:
    """Whether a token is a currency sign glued to its number ('NZ$8', 'HK$4.5'): the
    tokenizer keeps a country's dollar sign on the number, so no token of 'NZ$8' looks
    like a number, yet it is money (``currency_symbols`` lists the signs)."""
    rules = rules or load_rules()
    low = text.lower()
    return any(
        low.startswith(s) and _NUMBER.fullmatch(low[len(s) :]) is not None
        for s in rules.figure["currency_symbols"]
        if not s.isalpha()
    )


def figure_currency(text: str, rules: NlpRules | None = None) -> str | None:
    """The ISO code of the money a figure's text names ('30,000 euros' -> EUR), else None.

    What it is priced in is no part of it ('$45 per barrel', '63.9 to the dollar': a
    bare number quoted in dollars names no money of its own)."""
    rules = rules or load_rules()
    low = " ".join(text.lower().split())
    exchange = _exchange(low, rules.figure)
    money = exchange[0] if exchange else low.split(" per ")[0]
    return _currency(money, rules.figure)


def figure_unit(text: str, rules: NlpRules | None = None) -> str | None:
    """The unit a figure's text names, or None for a bare number.

    A price per unit names both ("$68 per barrel", "$45 a barrel" -> "USD per
    barrel"): the currency alone would hide what is priced, the measure alone the money.
    """
    rules = rules or load_rules()
    fig = rules.figure
    low = " ".join(text.lower().split())
    exchange = _exchange(low, fig)
    if exchange:  # the priced currency, if named: 'rand per dollar' ZAR per USD, else 'per USD'
        return " ".join(filter(None, (_currency(exchange[0], fig), "per", exchange[1])))
    per = re.search(r"\b(per|an?) ([a-z0-9][a-z0-9 -]*)$", low)  # '$45 a barrel' too
    if per and (per.group(1) == "per" or per.group(2) in fig["per_units"]):
        currency = _currency(low[: per.start()], fig)
        if currency:  # what is priced, as written; a currency by its code ('per dollar')
            priced = per.group(2)
            return f"{currency} per {_currency(priced, fig) or priced}"
    for surface, unit in sorted(fig["units"].items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"(?<![a-z]){re.escape(surface)}(?![a-z])", low):
            return unit
    return _currency(low, fig)


def normalize_figure(text: str, rules: NlpRules | None = None) -> dict[str, Any]:
    """``{"value": number, "unit": str}`` for a figure's text (value None if unreadable)."""
    rules = rules or load_rules()
    value = _number(text)
    low = text.lower()
    if value is not None:
        words = re.findall(r"[a-z]+", low)
        for i, word in enumerate(words):
            scale = rules.figure["scales"].get(word)
            if word == "m" and not re.search(r"\d\s*m\b", low):
                continue  # "m" is a scale only right after a number ("3m barrels")
            if i and words[i - 1] == "per":
                continue  # "4 per cent" is 4 percent, not 0.04: a unit, not a scale
            if scale:
                value *= scale
                break
    if value is not None and float(value).is_integer():
        value = int(value)
    elif value is not None:
        value = round(value, 6)
    return {"value": value, "unit": figure_unit(text, rules) or ""}
