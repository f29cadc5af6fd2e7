"""The date of an article's opening dateline, marked before the model reads it.

Wire copy opens with where and when it was filed: "LUANDA, June 12 - Angola
said ...". The small model reads the filing date with the words after the
dash ("June 12 - Angola" as one DATE, so the state that acts is lost) or not
at all ("12" a CARDINAL). GUIDELINES.md makes the date a DATE and the place
no actor; this component, run before the ``ner``, presets the month and day
as a DATE entity, which the model then works around: its entities never cross
a preset one, and the name after the dash is read as the sentence's own.
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


def dateline_date(doc: Doc) -> tuple[int, int] | None:
    """Token range of the filing date in 'CITY, Month Day -' at the text's start."""
    separators = frozenset(load_rules().actor["dateline_separators"])
    i = 0
    while i < len(doc) and doc[i].is_space:
        i += 1
    start = i
    while i < len(doc) and (doc[i].is_upper or (doc[i].text == "," and i > start)):
        if "\n" in doc[i].whitespace_:
            return None
        i += 1
    if i == start or i + 2 >= len(doc) or doc[i - 1].text != ",":
        return None
    month, day, after = doc[i], doc[i + 1], doc[i + 2]
    if month.lower_.rstrip(".") not in _MONTHS or not (day.is_digit and len(day) <= 2):
        return None
    return (i, i + 2) if after.text in separators else None


@Language.component(DATELINE)
def mark_dateline_date(doc: Doc) -> Doc:
    found = dateline_date(doc)
    if found is not None:
        start, end = found
        if not any(e.start < end and start < e.end for e in doc.ents):
            doc.set_ents([Span(doc, start, end, label="DATE")], default="unmodified")
    return doc
