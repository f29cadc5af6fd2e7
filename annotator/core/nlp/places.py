"""Where a state or city is named only as a place, and so is no actor.

GUIDELINES.md: "a press conference in Tokyo" or "the Strait of Hormuz" name
places, not participants. The model tags them GPE (or, misreading them,
PERSON or ORG); these rules, applied to every ACTOR candidate, read the
words around the name: a place preposition or a motion word before it
(past articles and place adjectives: "in neighbouring Ghana"), a place noun
after it, a market's futures after it ("New York cocoa futures"), a dateline,
both ends of a route. A possessor acts ("in Iran's oil
sector") and a government's seat that is its clause's subject stands for it
("The government in Tripoli blamed").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from .candidates import SUBJECTS, Cand, conjunct_prev, is_parsed

if TYPE_CHECKING:
    from .actors import ActorRules


def word_before(doc: Doc, i: int, skip_det: bool = True) -> Token | None:
    """The token before ``i``, past any articles (unless ``skip_det`` is False)."""
    j = i - 1
    while skip_det and j >= 0 and doc[j].lower_ in ("the", "a", "an"):
        j -= 1
    return doc[j] if j >= 0 else None


def is_place(doc: Doc, cand: Cand, r: ActorRules) -> bool:
    """A state/city named only as a place: 'in Tokyo', 'trip to Japan', 'TEHRAN -'."""
    after = doc[cand.end] if cand.end < len(doc) else None
    if after is not None and after.lower_ in ("'s", "’s", "'", "’"):
        return False  # "in Iran's oil sector": the possessor acts
    line_start = cand.start == 0 or (
        doc[cand.start - 1].is_space and "\n" in doc[cand.start - 1].text
    )
    if line_start and after is not None and (after.text in r.datelines or after.text[0] == "("):
        return True  # a dateline
    if any(doc[i].lower_ in r.place_heads for i in range(cand.end, min(cand.end + 2, len(doc)))):
        return True
    if _market(doc, cand.end):
        return True  # "New York cocoa futures": where a market trades
    prev = word_before(doc, cand.start)
    while prev is not None and prev.lower_ in r.place_adjectives:
        prev = word_before(doc, prev.i)  # "farmers in neighbouring Karsa"
    prev = conjunct_prev(doc, prev)
    if prev is None:
        return False
    if prev.lower_ in r.motion:
        return True  # "to visit Tokyo"
    if prev.lower_ in r.place_preps:
        return not _acting_seat(doc, prev, r)
    if prev.lower_ == "of" and prev.i > 0 and doc[prev.i - 1].lower_ in r.place_heads:
        return True  # "the port of Ceyhan"
    if prev.lower_ == "to":
        if is_parsed(doc) and prev.dep_ == "prep":
            return prev.head.lower_ in r.motion | r.routes  # 'a pipeline to Uganda'
        return any(doc[i].lower_ in r.motion for i in range(max(0, prev.i - 4), prev.i))
    return False


def _market(doc: Doc, i: int) -> bool:
    """Whether 'futures' follows at ``i`` past at most two lower-case words: "New York
    cocoa futures", "Shanghai copper futures" name an exchange's market by its city."""
    for j in range(i, min(i + 3, len(doc))):
        if doc[j].lower_ == "futures":
            return True
        if not doc[j].is_lower:
            return False
    return False


def _acting_seat(doc: Doc, prep: Token, r: ActorRules) -> bool:
    """'The government in Tripoli blamed ...': where a government that acts (the subject
    of its clause) sits stands for it; 'the consent of the government in Baghdad' is a
    place."""
    if prep.lower_ != "in" or prep.i == 0 or not is_parsed(doc):
        return False
    noun = doc[prep.i - 1]
    return noun.lower_ in r.government and noun.dep_ in SUBJECTS


def on_route(doc: Doc, cand: Cand) -> bool:
    """'rates from Shanghai to Rotterdam': both ends of a route are places (also when
    the model made one entity of the route, 'from Kelso Point to Marra')."""
    prev = doc[cand.start - 1].lower_ if cand.start > 0 else ""
    if prev == "from" and any(doc[i].lower_ == "to" for i in range(cand.start + 1, cand.end)):
        return True
    if prev == "from" and cand.end + 1 < len(doc) and doc[cand.end].lower_ == "to":
        return doc[cand.end + 1].is_title
    if prev != "to":
        return False
    j = cand.start - 2
    while j >= max(0, cand.start - 5) and doc[j].is_title:
        j -= 1
    return j < cand.start - 2 and j >= 0 and doc[j].lower_ == "from"


def misread_place(doc: Doc, cand: Cand, r: ActorRules) -> bool:
    """A place the model took for a person or an organisation (GUIDELINES.md: a place
    named as a place is no actor): before a place noun ('the Kollsnes processing
    plant'), on a route, a 'person' right after 'in' or 'at' ('volumes in Jebel Ali'),
    an 'organisation' where a ship calls ('tankers that called at Fujairah'), where a
    plant stands ('a refinery at Kampot') or joined to a place ('in Narva and ...')."""
    after = doc[cand.end] if cand.end < len(doc) else None
    if after is not None and after.lower_ in ("'s", "’s", "'", "’"):
        return False
    if any(doc[i].lower_ in r.place_heads for i in range(cand.end, min(cand.end + 2, len(doc)))):
        return True
    if on_route(doc, cand):
        return True
    # 'terminals in Fujairah and Jebel Ali': joined to a place after a preposition
    prev = word_before(doc, cand.start, skip_det=False)
    while prev is not None and prev.lower_ in r.place_adjectives:
        prev = word_before(doc, prev.i, skip_det=False)
    first = conjunct_prev(doc, prev)
    if first is None or first.lower_ not in r.place_preps:
        return False
    if first is not prev and doc[first.i + 1].ent_type_ in ("GPE", "LOC"):
        return True  # 'housing in Narva and Kohtla-Jarve' (tuning9)
    before = doc[first.i - 1].lower_ if first.i > 0 else ""
    return cand.source == "PERSON" or before in r.motion or before in r.place_heads
