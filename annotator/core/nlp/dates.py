"""DATE spans' attributes: ``kind`` (date or duration) and an ISO 8601 ``value``.

Values are resolved against the document's publication date (GUIDELINES.md:
"May 2" in an article of 2019-04 is 2019-05-02; "180-day" is P180D). The
common news forms (month names, weekdays, "last year") are read directly,
because their granularity matters (March -> 2019-03, not a day); anything
else goes to dateparser with the publication date as RELATIVE_BASE. What
cannot be resolved keeps an empty value rather than a guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, Literal

from spacy.tokens import Doc

from .rules import NlpRules, load_rules

Tense = Literal["past", "present", "future"]

_MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100, "a": 1, "an": 1, "several": 0,
}  # fmt: skip
_SHIFT = {"earlier": -1, "ago": -1, "later": 1}
_SHIFT_UNITS = {"day", "days", "week", "weeks", "month", "months", "year", "years"}
_RELATIVE = {"this", "last", "next", "ago", "earlier", "later", "previous", "coming", "past"}


def parse_published(published: str | None) -> tuple[date | None, str]:
    """(date, precision) of a publication value: 'day', 'month', 'year' or ''."""
    if not published:
        return None, ""
    text = str(published).strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            return datetime.strptime(
                text[: len(datetime(2000, 1, 1).strftime(fmt))], fmt
            ).date(), precision
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text).date(), "day"
    except ValueError:
        return None, ""


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+|\d+(?:\.\d+)?", text.lower().replace("’", "'"))


def date_kind(text: str, rules: NlpRules | None = None) -> str:
    """'duration' for spans that measure time ("six months", "180-day"), else 'date'."""
    rules = rules or load_rules()
    words = _words(text)
    units = rules.date["duration_units"]
    counted = any(w.replace(".", "").isdigit() or w in _NUM_WORDS for w in words)
    if not words or (_RELATIVE & set(words) and not counted):
        return "date"  # "last week"; but "the next 18 months" is a duration
    if _SHIFT.keys() & set(words):
        return "date"  # "a year earlier", "two weeks ago": a point in time
    has_unit = any(w in units for w in words)
    has_calendar = any(w in _MONTHS or w in _WEEKDAYS for w in words) or any(
        len(w) == 4 and w.isdigit() for w in words
    )
    bare = all(w in units or w in {"few", "many", "several", "more"} for w in words)
    return "duration" if has_unit and not has_calendar and (counted or bare) else "date"


def duration_value(text: str, rules: NlpRules | None = None) -> str:
    """ISO 8601 duration: '180-day' -> P180D, 'six months' -> P6M, 'decades' -> ''."""
    rules = rules or load_rules()
    words = _words(text)
    number: float | None = None
    code = None
    for w in words:
        if number is None and re.fullmatch(r"\d+(?:\.\d+)?", w):
            number = float(w)
        elif number is None and _NUM_WORDS.get(w):
            number = float(_NUM_WORDS[w])
        if w in rules.date["duration_units"]:
            code = rules.date["duration_units"][w]
    if number is None or code is None:
        return ""
    factor = 1
    if code.startswith("Y") and len(code) > 1:  # decades, centuries
        factor, code = int(code[1:]), "Y"
    amount = number * factor
    amount_s = str(int(amount)) if float(amount).is_integer() else str(amount)
    if code in ("H", "MIN"):
        return f"PT{amount_s}{'M' if code == 'MIN' else 'H'}"
    return f"P{amount_s}{code}"


def _shift_year(value: date, base: date, tense: Tense, month_only: bool) -> date:
    """Move a year-less date to the year that the tense implies."""
    later = (value.year, value.month) > (base.year, base.month) if month_only else value > base
    earlier = (value.year, value.month) < (base.year, base.month) if month_only else value < base
    if tense == "past" and later:
        return value.replace(year=value.year - 1)
    if tense == "future" and earlier:
        return value.replace(year=value.year + 1)
    return value


def resolve_date(text: str, published: str | None, tense: Tense = "present") -> str:
    """ISO value of a calendar expression, or '' when it cannot be resolved."""
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if iso:
        return iso.group(0)
    base, precision = parse_published(published)
    words = _words(text)
    years = [int(w) for w in words if len(w) == 4 and w.isdigit() and 1000 < int(w) < 2200]
    month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
    day = next((int(w) for w in words if w.isdigit() and 1 <= int(w) <= 31 and len(w) <= 2), None)
    weekday = next((_WEEKDAYS.index(w) for w in words if w in _WEEKDAYS), None)
    if "s" in words or any(re.fullmatch(r"\d{4}s", w) for w in text.lower().split()):
        return ""  # "the 2000s", "the second half of the 2000s": a span of years
    if years and len(years) == 1:
        if month and day:
            return f"{years[0]:04d}-{month:02d}-{day:02d}"
        if month:
            return f"{years[0]:04d}-{month:02d}"
        return f"{years[0]:04d}" if not ({"half", "quarter"} & set(words)) else ""
    if base is None:
        return ""
    shifted = _shifted(words, base)
    if shifted is not None:
        return shifted
    year = base.year
    if ("last" in words and "year" in words) or ("previous" in words and "year" in words):
        year -= 1
    elif "next" in words and "year" in words:
        year += 1
    relative_year = "year" in words
    if month:
        if day:
            try:
                value = date(year, month, day)
            except ValueError:
                return ""
            if not relative_year:
                value = _shift_year(value, base, tense, month_only=False)
            return value.isoformat()
        value = date(year, month, 1)
        if not relative_year:
            value = _shift_year(value, base, tense, month_only=True)
        return f"{value.year:04d}-{value.month:02d}"
    if weekday is not None:
        if precision != "day":
            return ""
        delta = (base.weekday() - weekday) % 7
        if tense != "past" and delta:  # "they meet on Sunday": the coming one
            return (base + timedelta(days=7 - delta)).isoformat()
        return (base - timedelta(days=delta)).isoformat()
    if relative_year and not ({"half", "quarter", "end"} & set(words)):
        return f"{year:04d}"
    if {"month"} & set(words) and ({"this", "last", "next"} & set(words)):
        m = base.month + (-1 if "last" in words else 1 if "next" in words else 0)
        y = year + (m - 1) // 12
        return f"{y:04d}-{(m - 1) % 12 + 1:02d}"
    return _dateparser_value(text, base, precision)


def _shifted(words: list[str], base: date) -> str | None:
    """'a year earlier' -> the publication month a year before; None if not that form."""
    sign = next((_SHIFT[w] for w in words if w in _SHIFT), None)
    if sign is None or len(words) != 3 or words[1] not in _SHIFT_UNITS:
        return None
    n = int(words[0]) if words[0].isdigit() else _NUM_WORDS.get(words[0])
    if not n:
        return None
    unit, amount = words[1].rstrip("s"), sign * n
    if unit in ("year", "month"):
        months = base.year * 12 + base.month - 1 + amount * (12 if unit == "year" else 1)
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    return (base + timedelta(days=amount * (7 if unit == "week" else 1))).isoformat()


def _dateparser_value(text: str, base: date, precision: str) -> str:
    import dateparser
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": [],
    }
    parser = DateDataParser(languages=["en"], settings=settings)
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return ""
    del dateparser
    period = data.period or "day"
    if period == "day" and precision != "day":
        return ""
    if period == "year":
        return f"{data.date_obj.year:04d}"
    if period == "month":
        return f"{data.date_obj.year:04d}-{data.date_obj.month:02d}"
    return data.date_obj.date().isoformat()


def normalize_date(
    text: str, published: str | None, tense: Tense = "present", rules: NlpRules | None = None
) -> dict[str, Any]:
    """``{"kind": "date"|"duration", "value": ISO or ""}`` for a DATE span's text."""
    kind = date_kind(text, rules)
    if kind == "duration":
        return {"kind": kind, "value": duration_value(text, rules)}
    return {"kind": kind, "value": resolve_date(text, published, tense)}


#: words that bound a number ('under 16', 'more than 20'): with numbers alone they name
#: no time unless a number is a year ('before 2030')
_BOUNDS = frozenset({
    "under", "over", "about", "around", "nearly", "almost", "some", "more", "less", "than",
    "at", "least", "most", "before", "after", "by", "since",
})  # fmt: skip


class DateSpanRules:
    """Where a DATE span starts and ends on the Doc (GUIDELINES.md, DATE).

    The model's DATE boundaries are close but not the guidelines': it keeps
    "the 12 months to March" as one span, drops the article of "a year
    earlier" or the "this" of "this year's election", and tags bare plurals
    ("within days") and frequencies ("every two months") that are no date.
    """

    def __init__(self, rules: NlpRules):
        d = rules.date
        units = {u.lower() for u in d["duration_units"]}
        self.singular = frozenset(u for u in units if u + "s" in units or u == "century")
        self.plural = frozenset(units - self.singular)
        self.relative_after = frozenset(w.lower() for w in d["relative_after"])
        self.relative_before = frozenset(w.lower() for w in d["relative_before"])
        self.frequency = frozenset(w.lower() for w in d["frequency_words"])
        self.bare_plural_after = frozenset(w.lower() for w in d["bare_plural_kept_after"])
        self.range_words = frozenset(w.lower() for w in d["range_words"])
        self.seasons = frozenset(w.lower() for w in d["seasons"])
        self.date_names = frozenset(d["date_names"])
        self.kept_participles = frozenset(w.lower() for w in d.get("kept_participles", ()))
        self.period_qualifiers = frozenset(w.lower() for w in d.get("period_qualifiers", ()))

    def refine(self, doc: Doc, start: int, end: int, first: int) -> list[tuple[int, int]]:
        """Token ranges of the DATE(s) in ``doc[start:end]`` (already stripped of hedges);
        ``first`` is where the model's span began before stripping."""
        return [part for part in self._split(doc, start, end, first) if self._dated(doc, *part)]

    def _dated(self, doc: Doc, start: int, end: int) -> bool:
        """Whether one token range still names a time: a lone unit or season after
        'the' points back to one named before ('in the month', 'through the winter'),
        and a lone capitalised word that is no month, day or feast is a place or a name
        the model took for a date ('an industry conference in Stavanger'), and a lone
        number that is no year is a count or an age ('children under 16')."""
        words = doc[start:end]
        if all(t.like_num or t.lower_ in _BOUNDS for t in words):
            return any(t.shape_ == "dddd" for t in words)  # 'under 16': an age (tuning5)
        if end - start == 2 and start > 0 and doc[start - 1].lower_ == "the":
            first, unit = doc[start], doc[start + 1].lower_
            # 'the fiscal year', 'the first year': a period of something named, no date
            return not (unit in self.singular and first.lower_ in self.period_qualifiers)
        if end - start != 1:
            return True
        tok = doc[start]
        after_the = start > 0 and doc[start - 1].lower_ == "the"
        if after_the and (tok.lower_ in self.singular or tok.lower_ in self.seasons):
            return False
        return not tok.is_title or tok.text.rstrip(".") in self.date_names

    def _of_year(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """'the first eight months of 2024' is a duration and a year ('eight months',
        '2024'); 'of the year' adds no date of its own ('ten months'); 'the first nine
        months of last year' stays one expression (its parts read apart lose the year)."""
        of = next(
            (
                i
                for i in range(start + 2, end - 1)
                if doc[i].lower_ == "of" and doc[i - 1].lower_ in self.plural
            ),
            None,
        )
        if of is None or not doc[of - 2].like_num:
            return [(start, end)]
        rest = [doc[i].lower_ for i in range(of + 1, end)]
        if len(rest) == 1 and doc[of + 1].shape_ == "dddd":
            return [(of - 2, of), (of + 1, end)]
        if len(rest) == 2 and rest[0] == "the" and rest[1] in self.singular:
            return [(of - 2, of)]
        return [(start, end)]

    def _verb(self, tok) -> bool:
        return tok.is_lower and tok.tag_[:2] == "VB" and tok.lower_ not in self.kept_participles

    def _no_verbs(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """A date holds no verb: the model runs a span on into the next clause ('June,
        ending months of talks') or starts it on one ('ending months'); the span ends
        before a verb after a comma and starts after a verb it opens with ('the coming
        months' keeps its participle: ``kept_participles``)."""
        while start < end and self._verb(doc[start]):
            start += 1
        for i in range(start + 1, end):
            if doc[i - 1].text == "," and self._verb(doc[i]):
                return start, i - 1
        return start, end

    def _split(self, doc: Doc, start: int, end: int, first: int) -> list[tuple[int, int]]:
        """The DATE expressions one model span holds, before ``_dated`` filters them."""

        def low(i: int) -> str:  # per token, never the whole Doc: a Doc may be 2 MB
            return doc[i].lower_

        start, end = self._no_verbs(doc, start, end)
        while end > start and low(end - 1) in self.range_words:
            end -= 1  # 'the season to' before 'September': a date never ends on 'to'
        if start >= end:
            return []
        prev = low(start - 1) if start > 0 else ""
        if low(start) in self.frequency or prev in self.frequency:
            return []  # "every two months": a frequency, not a date
        nxt = low(end) if end < len(doc) else ""
        if prev in ("a", "an") and low(start) in self.singular:
            if start - 1 >= first or self.relative_after & {nxt, low(end - 1)}:
                start -= 1  # "a year earlier", "within a week": the article is part of it
        elif prev in self.relative_before and low(start) in self.singular:
            start -= 1  # "this year's election": the model left "this" out
        if end - start == 1 and low(start) in self.plural and prev not in self.bare_plural_after:
            return []  # "within days", "in recent years": no measure of time
        if low(start) == "between" and end - start >= 4:
            joint = next((i for i in range(start + 2, end - 1) if low(i) == "and"), None)
            if joint is not None:  # 'between January and September': two dates (tuning7)
                return [(start + 1, joint), (joint + 1, end)]
        if end - start >= 2 and low(end - 1) in self.relative_after and nxt == "than":
            end -= 1  # 'five years earlier than planned': the duration (tuning9)
        counted = low(start) == "first" and end - start >= 3 and doc[start + 1].like_num
        if counted and "of" not in {low(i) for i in range(start + 2, end)}:
            start += 1  # 'the first three years': the duration, as of a year below
        periods = self.plural | self.singular | self.seasons | _MONTHS.keys()
        for i in range(start + 1, end - 1):
            if low(i) in self.range_words and low(i - 1) in periods:
                # "12 months to March", "five months from a year earlier", "the season
                # to March", "September from a year earlier" (tuning9): two expressions
                return [*self._of_year(doc, start, i), (i + 1, end)]
        return self._of_year(doc, start, end)
