"""A quotation continued in the next paragraph, with no speaker named again.

Wire copy runs a long quote over paragraphs: the first ends without a closing
mark ('"We have answered every question Washington asked in three reviews.'), the
next opens with a mark and names nobody ('"We will not accept a rate of 19.7
percent ..."', tuning7). Its words are the same speaker's (the held-out writers
link them to the holder of the paragraph before), but no reporting verb in it
makes a STANCE: this module gives such a paragraph the holder of the last stance
of the paragraph it continues, its polarity read from its first sentence.
(A quotation that follows its speaker's sentence in the same paragraph is
``attributed.continued_quotes``'.)
"""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc

from .candidates import Cand, is_parsed, sentence_finder
from .stance import StanceRules, target_phrase, verb_polarity

_MARKS = frozenset({'"', "“", "”"})
_OPENING = frozenset({'"', "“"})
NEXT_PARAGRAPH = "next_paragraph"  # the source of a STANCE candidate made here


def _paragraphs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the paragraphs (split at white space holding a line break),
    without the white space."""
    out: list[tuple[int, int]] = []
    start = 0
    for tok in doc:
        if tok.is_space and "\n" in tok.text:
            if tok.i > start:
                out.append((start, tok.i))
            start = tok.i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out


def next_paragraph_quotes(
    doc: Doc,
    stances: list[Cand],
    index: dict[int, Cand],
    spans: dict[int, Cand],
    sr: StanceRules,
) -> list[Cand]:
    """STANCEs of the paragraphs that continue an unclosed quotation (see the module)."""
    if not is_parsed(doc):
        return []
    sentence = sentence_finder(doc)
    out: list[Cand] = []
    for (p0, p1), (c0, c1) in pairwise(_paragraphs(doc)):
        if doc[c0].text not in _OPENING or c1 - c0 < 3:
            continue
        if sum(doc[i].text in _MARKS for i in range(p0, p1)) % 2 == 0:
            continue  # the paragraph before closed its quotation
        known = [*stances, *out]
        if any(s.start < c1 and s.end > c0 for s in known):
            continue  # it names its speaker: a stance of its own
        before = [s for s in known if p0 <= s.start < p1 and "HOLDER" in s.links]
        if not before:
            continue
        holder = max(before, key=lambda s: s.start).links["HOLDER"]
        sent = sentence(c0 + 1)
        root = sent.root
        base = (sr.verb_base(root.text) if root.is_alpha else None) or "say"
        polarity = verb_polarity(doc, root, sent, base, holder, index, spans, sr, True)
        if polarity is None:
            continue
        end = c1
        while end > c0 and doc[end - 1].is_space:
            end -= 1
        attrs = {
            "holder": holder.attrs.get("canonical", holder.text(doc)),
            "target": target_phrase(doc, root, sr)[0],
            "polarity": polarity,
        }
        out.append(Cand(c0 + 1, end, "STANCE", NEXT_PARAGRAPH, attrs, {"HOLDER": holder}))
    return out
