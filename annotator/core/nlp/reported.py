"""The reporter holds a position it reports after the fact: "X will do Y, Z said".

stance.py gives a sentence's STANCE to its first verb's holder, and a reporting
verb that comes first already claims the clauses under it ("Z said X would ...").
Wire copy more often puts the attribution last: "Mexico will seek talks rather
than retaliate ..., Economy Minister Alejandro Ibarra said on Wednesday". There
the state is the subject of the reported words, but the position is the
speaker's (GUIDELINES.md: the one who states it), so the holder becomes the
ACTOR subject of the sentence's reporting verb when the first holder lies
inside what that verb reports; "he said" there is the last person named, as
a pronoun holder is everywhere ("Kuwait had already rejected the offer, he
said", tuning5).
"""

from __future__ import annotations

from spacy.tokens import Doc

from .candidates import Cand, is_parsed, is_verb, sentence_finder
from .holders import last_person, named_after
from .stance import StanceRules


def reporters_hold(doc: Doc, stances: list[Cand], index: dict[int, Cand], sr: StanceRules) -> None:
    """Move each stance's HOLDER to the actor whose trailing reporting verb reports it."""
    if not is_parsed(doc):
        return
    sentence = sentence_finder(doc)
    actors = sorted({id(c): c for c in index.values()}.values(), key=lambda c: c.start)
    for stance in stances:
        holder = stance.links.get("HOLDER")
        if holder is None:
            continue
        sent = sentence(holder.start)
        root = sent.root
        if not is_verb(root) or root.i < holder.end:
            continue  # no reporting verb after the holder
        trailing = _trailing_attribution(doc, sent, holder, sr)
        hung = trailing is not None and trailing.i != root.i
        if hung:
            root = trailing  # the parser hung '..., Minister X said' on the reported verb
        base = sr.verb_base(root.text) if root.is_alpha else None
        if base is None or sr.verbs.get(base, "neutral") != "neutral":
            continue  # an evaluative verb's subject takes its own position
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        reporter = index.get(subj.i) if subj is not None else None
        if reporter is None and subj is not None and subj.lower_ in sr.pronouns:
            reporter = last_person(actors, subj.i)
        if reporter is None and subj is not None and subj.lower_ in sr.antecedents:
            reporter = named_after(subj, actors)  # '..., its oil minister said' (tuning7)
        if reporter is None or reporter is holder:
            continue
        said = [
            c
            for c in root.children
            if c.dep_ == "ccomp" and c.left_edge.i <= holder.start < c.right_edge.i
        ]
        if said or hung:
            stance.links["HOLDER"] = reporter
            stance.attrs["holder"] = reporter.attrs.get("canonical") or reporter.text(doc)


def _trailing_attribution(doc: Doc, sent, holder: Cand, sr: StanceRules):
    """'Azerbaijan wants ... Corridor, Energy Minister Tofig Agakerimli said on Thursday'
    (tuning8), parsed with 'wants' as the root and 'said' under it: a verb of saying
    after the holder, whose subject follows a comma and which reports nothing after
    itself, is the sentence's attribution."""
    for tok in doc[holder.end : sent.end]:
        base = sr.verb_base(tok.text) if tok.is_alpha and is_verb(tok) else None
        if base is None or sr.verbs.get(base, "neutral") != "neutral":
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.i > tok.i:
            continue
        before = subj.left_edge.i - 1
        if before < holder.end or doc[before].text != ",":
            continue
        if any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children):
            continue  # '..., X said that ...': it reports what follows
        return tok
    return None
