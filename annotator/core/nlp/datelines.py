"""An article's opening dateline, marked before the model reads it.

Wire copy opens with where and when it was filed: "LUANDA, June 12 - Angola
said ...", or where only: "MAPUTO - Mozambique's minister ...". The small
model reads the filing date with the words after the dash ("June 12 - Angola"
as one DATE, so the state that acts is lost) or not at all ("12" a CARDINAL),
and an undated place with the name after it ("MAPUTO - Mozambique's" as one
ORG). GUIDELINES.md makes the date a DATE and the place no actor; this
component, run before the ``ner``, presets the month and day as a DATE entity
and blocks the place and the dash from any entity, which the model then works
around: its entities never cross a preset or blocked token, and the name
after the dash is read as the sentence's own.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .rules import load_rules

DATELINE = "annotator_dateline"
_MONTHS = frozenset(
    {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
     "dec", "january", "february", "march", "april", "june", "july", "august", "september",
     "october", "november", "december"}
)  # fmt: skip


def _first(doc: Doc) -> int:
    """Index of the text's first token that is not white space."""
    return next((t.i for t in doc if not t.is_space), len(doc))


def _place_end(doc: Doc, start: int) -> int:
    """Index after the place that opens a dateline: upper-case words and the commas
    between them, two cities filed from at once ('YAOUNDE/MALABO, Sept 24 -'), and a
    region or state in title case between commas ('JOHOR BAHRU, Malaysia, Dec 1 -',
    tuning7), which is as much the place as the city."""
    i = start
    while i < len(doc):
        token = doc[i]
        joins = token.text == "," or (
            token.text == "/" and i + 1 < len(doc) and doc[i + 1].is_upper
        )
        if token.is_upper or (joins and i > start):
            i += 1
        elif i > start and doc[i - 1].text == "," and _region_end(doc, i):
            i = _region_end(doc, i)
        else:
            break
    return i


def _region_end(doc: Doc, i: int) -> int:
    """Index after 'Malaysia,' (up to three title-case words and a comma, no month) at
    ``i``, else 0."""
    j = i
    while j < min(i + 3, len(doc)) and doc[j].is_title and doc[j].is_alpha:
        j += 1
    if j == i or j >= len(doc) or doc[j].text != "," or doc[i].lower_ in _MONTHS:
        return 0
    return j + 1


def _dateline(doc: Doc) -> tuple[int, int, tuple[int, int] | None] | None:
    """(end of the place, the separator's index, the date's token range or None) of a
    'CITY, Month Day -' (or 'Day Month') or 'CITY -' at the text's start, on one line."""
    separators = frozenset(load_rules().actor["dateline_separators"])
    start = _first(doc)
    i = _place_end(doc, start)
    if i == start or i >= len(doc) or any("\n" in t.whitespace_ for t in doc[start:i]):
        return None
    if doc[i].text in separators and doc[i - 1].text != "," and i + 1 < len(doc):
        return i, i, None
    if i + 2 >= len(doc) or doc[i - 1].text != ",":
        return None
    month, day, after = doc[i], doc[i + 1], doc[i + 2]
    if day.lower_.rstrip(".") in _MONTHS:
        month, day = day, month  # 'HANOI, 26 November -' (tuning10): the day first
    if month.lower_.rstrip(".") not in _MONTHS or not (day.is_digit and len(day) <= 2):
        return None
    return (i - 1, i + 2, (i, i + 2)) if after.text in separators else None


def dateline_place(doc: Doc) -> str | None:
    """The place of an opening dateline ('NIAMEY' of 'NIAMEY, Oct 7 -'), else None."""
    end = dateline_end(doc, frozenset(load_rules().actor["dateline_separators"]))
    if not end:
        return None
    i = 0
    while i < end and doc[i].is_space:
        i += 1
    words = []
    while i < end and doc[i].is_upper and doc[i].is_alpha:
        words.append(doc[i].text)
        i += 1
    return " ".join(words) or None


def dateline_date(doc: Doc) -> tuple[int, int] | None:
    """Token range of the filing date in 'CITY, Month Day -' at the text's start."""
    found = _dateline(doc)
    return found[2] if found else None


def dateline_end(doc: Doc, separators: frozenset[str]) -> int:
    """Token index after an article's opening dateline ('NEW DELHI (Reuters) -'), else 0.

    A dateline says where the copy was filed and by whom: never an actor, never part
    of a stance's evidence. ``separators`` are the dashes that end one.
    """
    start = _first(doc)
    i = _place_end(doc, start)
    if i == start or i >= len(doc):
        return 0
    if doc[i - 1].text == ",":  # 'ANKARA, June 5 (Reuters) -': the filing date
        j = i
        while j < min(i + 4, len(doc)) and (doc[j].like_num or doc[j].is_title):
            j += 1
        if j > i and j < len(doc) and (doc[j].text == "(" or doc[j].text in separators):
            i = j
    if doc[i].text == "(":
        close = next((j for j in range(i + 1, min(i + 6, len(doc))) if doc[j].text == ")"), None)
        if close is None:
            return 0
        i = close + 1
    if i < len(doc) and doc[i].text in separators and doc[i].text != "(":
        return i + 1
    return 0


@Language.component(DATELINE)
def mark_dateline_date(doc: Doc) -> Doc:
    found = _dateline(doc)
    if found is None:
        return doc
    place_end, separator, date = found
    first = next(t.i for t in doc if not t.is_space)
    blocked = [Span(doc, first, place_end), Span(doc, separator, separator + 1)]
    taken = [(e.start, e.end) for e in doc.ents]
    if any(s < separator + 1 and first < e for s, e in taken):
        return doc  # a name the alias table knows: it stays as the ruler tagged it
    ents = [Span(doc, *date, label="DATE")] if date else []
    doc.set_ents(ents, blocked=blocked, default="unmodified")
    return doc
