"""A position stated against an alternative: "will seek talks rather than retaliate".

Why a rule of its own: wire copy often gives a decision by what it refuses, and
the annotators mark the position on the refused act ("retaliating against the
tariff", oppose; "joining the U.S.-led mission", oppose), not on the chosen one
the clause's other cues speak of (seeds, tuning2). Only the phrase "rather than"
or "instead of" right before a verb counts: "would rather pay for gas than lose
the factories" prefers what it names first, and "tankers rather than pipelines"
compares things, not acts.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .candidates import is_verb

MARKERS = (("rather", "than"), ("instead", "of"))


def rejected_act(words: Span) -> Token | None:
    """The verb of the act a stance's words reject ('retaliate' in 'seek talks rather
    than retaliate'), or None."""
    doc = words.doc
    for tok in words[:-2]:
        pair = (tok.lower_, doc[tok.i + 1].lower_)
        if pair in MARKERS and is_verb(doc[tok.i + 2]):
            return doc[tok.i + 2]
    return None


def act_phrase(verb: Token) -> str:
    """The act as a short phrase: the verb up to its object's head ('retaliate against
    the tariff', 'joining the U.S.-led mission'), relative clauses after it left out."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ == "dobj":
            return doc[verb.i : child.i + 1].text
        if child.dep_ == "prep":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return doc[verb.i : obj.i + 1].text
    return verb.text
