"""Names the model misses where wire copy introduces them, and their short forms after.

Persons introduced by a name, a comma and a role:
an interview or profile opens "DUBAI - Saeed al-Mansoori, chief executive of
...": the small model often tags nothing there (a particle and a hyphen inside
the name, right after a dateline), and then every later mention, above all
the interview's speaker tags ("AL-MANSOORI:"), has no full name to resolve
to. A run of capitalised words (name particles and hyphens allowed) at the
start of a line or sentence, followed by a comma and a role word
(``appositive_roles`` and the titles of actor_rules.json), is that person; so is
one followed by 'is a' and a role ('... is a senior fellow at Chatham House', the
author's line that closes an opinion piece, tuning8).

Companies named in full once and by their last, distinctive word after ("Grupo
Financiero Banorte ... Banorte expects"), or by their first when the rest only
says it is a company ("Woodside Energy ... Woodside said"): the short form is a
mention of the full name, as an acronym defined in brackets is.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .actors import ActorRules
from .candidates import Cand, is_parsed
from .datelines import dateline_end
from .rules import NlpRules

_MAX_NAME_TOKENS = 6


class IntroRules:
    """The words that say a comma introduces a person's role."""

    def __init__(self, rules: NlpRules, actor_rules: ActorRules):
        self.roles = rules.words("actor", "appositive_roles") | actor_rules.titles
        self.connectors = actor_rules.connectors
        self.actor_rules = actor_rules


def _name_end(doc: Doc, start: int, connectors: frozenset[str]) -> int | None:
    """End of a personal name from ``start`` ('Saeed al-Mansoori', 'Ana de la Cruz'):
    capitalised words, particles between them, hyphens inside a word; None if it is
    not at least two words ending in a capitalised one."""
    j, words = start, 0
    while j < min(start + _MAX_NAME_TOKENS, len(doc)):
        tok = doc[j]
        inside = j > start and not doc[j - 1].whitespace_ and tok.text == "-"
        if tok.is_title and tok.is_alpha and not tok.is_stop:
            words += 1
        elif not (inside or (words and tok.lower_ in connectors)):
            break
        j += 1
    while j > start and not (doc[j - 1].is_title and doc[j - 1].is_alpha):
        j -= 1  # end on a capitalised word, not a particle or hyphen
    return j if words >= 2 else None


def introduced_persons(doc: Doc, r: IntroRules, taken: set[int]) -> list[Cand]:
    """PERSON candidates for names introduced with a role that no entity covers."""
    starts = {dateline_end(doc, r.actor_rules.datelines)}
    starts |= {s.start for s in doc.sents}
    out: list[Cand] = []
    for start in sorted(starts):
        if start >= len(doc) or start in taken:
            continue
        end = _name_end(doc, start, r.connectors)
        if end is None or end + 1 >= len(doc) or doc[end].lower_ not in (",", "is", "was"):
            continue
        role = end + 1
        while role < len(doc) and doc[role].lower_ in ("the", "a", "an"):
            role += 1
        # 'Marguerite Olsthoorn is a senior fellow at ...', 'Yamuna Ojha Bajracharya, a
        # joint secretary in ...' (tuning9): lower-case words before the role word
        while role < min(end + 5, len(doc)) and doc[role].is_lower and doc[role].is_alpha:
            if doc[role].lower_ in r.roles:
                break
            role += 1
        if role < len(doc) and doc[role].lower_ in r.roles and taken.isdisjoint(range(start, end)):
            out.append(Cand(start, end, "ACTOR", "PERSON"))
    return out


def short_name_candidates(
    doc: Doc, actors: list[Cand], covered: set[int], r: IntroRules
) -> list[Cand]:
    """Mentions of an organisation or company of three or more words by its last word,
    when that word is a name ('Banorte'), not a generic head ('Holdings', 'Agency',
    'Co') that any other organisation could end in; and of a company by its first
    word when every word after it is such a head ('Woodside Energy' ... 'accused
    Woodside of', 'Chevron Corp' ... 'Chevron said'), never a demonym ('Indian Oil
    Corp' ... 'Indian refiners')."""
    a = r.actor_rules
    suffixes = a.company | {s.lower() for s in a.company_suffixes}
    generic = suffixes | a.institutions | a.media | a.place_heads | a.state_words
    found: dict[str, Cand] = {}
    for cand in actors:
        last = doc[cand.end - 1]
        if cand.source != "ORG" or not (last.is_title and last.is_alpha):
            continue
        # a body whose name opens with its head ('Ministry of Energy and Mines',
        # 'Ministry of Public Works', tuning12) is never named by its last word
        headed = doc[cand.start].lower_ in a.institutions
        if len(cand) >= 3 and last.lower_ not in generic and not headed:
            found.setdefault(last.text, cand)
        first = doc[cand.start]
        if (
            len(cand) >= 2
            and first.is_title
            and first.is_alpha
            and first.lower_ not in a.demonyms | generic
            and all(t.lower_ in suffixes for t in doc[cand.start + 1 : cand.end])
        ):
            found.setdefault(first.text, cand)
    out: list[Cand] = []
    for tok in doc:
        full = found.get(tok.text)
        if full is None or tok.i in covered or tok.i < full.end or tok.ent_type_ == "GPE":
            continue
        out.append(Cand(tok.i, tok.i + 1, "ACTOR", "ACRONYM", {"full": full.text(doc), "of": full}))
    return out


def subsidiary_names(doc: Doc, r: IntroRules) -> list[Cand]:
    """'Ternium Mexico said': a brand and a country, the name of a company's national
    arm, where the model tags only the country. Only at a sentence's start, when the
    brand word is a proper noun no entity, title or demonym covers and the pair is
    the subject of a verb."""
    a = r.actor_rules
    out: list[Cand] = []
    if not is_parsed(doc):
        return out
    for ent in doc.ents:
        brand = ent.start - 1
        if ent.label_ != "GPE" or brand < 0 or not doc[brand].is_sent_start:
            continue
        tok = doc[brand]
        if not (tok.is_title and tok.is_alpha and tok.tag_ == "NNP") or tok.ent_type_:
            continue
        if tok.is_stop or tok.lower_ in a.leading | a.demonyms | a.title_followers:
            continue
        if ent.root.dep_ == "nsubj" and ent.root.head.i >= ent.end:
            out.append(Cand(brand, ent.end, "ACTOR", "ORG", {"kind": "company"}))
    return out
