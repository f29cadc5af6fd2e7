"""Candidate spans on a spaCy Doc, in token indices, before they become ``Span``s.

Kept separate so actors, figures, dates and stances share one small record
and the overlap resolution of GUIDELINES.md (ACTOR, FIGURE and DATE never
overlap; STANCE may) is written once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

ENTITY_PRIORITY = {"FIGURE": 3, "DATE": 2, "ACTOR": 1}
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@dataclass
class Cand:
    start: int  # token index
    end: int  # token index, exclusive
    label: str
    source: str = ""  # the spaCy label or rule that proposed it
    attrs: dict[str, Any] = field(default_factory=dict)
    # A STANCE's links to other candidates by relation label ("HOLDER" -> the ACTOR):
    # kept as candidates so the link survives until both ends are spans.
    links: dict[str, Cand] = field(default_factory=dict)

    def text(self, doc: Doc) -> str:
        """``doc[start:end].text``, kept per Doc and token range: a Span costs ~5 us to
        make, and the rules ask for a candidate's text a dozen times."""
        texts = doc.user_data.get("annotator_texts")
        if texts is None:
            texts = doc.user_data["annotator_texts"] = {}
        key = (self.start, self.end)
        found = texts.get(key)
        if found is None:
            found = texts[key] = _text(doc, self.start, self.end)
        return found

    def __len__(self) -> int:
        return self.end - self.start


def is_parsed(doc: Doc) -> bool:
    """Whether the Doc has a dependency parse (cached: ``has_annotation`` scans all tokens)."""
    flag = doc.user_data.get("annotator_parsed")
    if flag is None:
        flag = doc.user_data["annotator_parsed"] = doc.has_annotation("DEP")
    return bool(flag)


def _text(doc: Doc, start: int, end: int) -> str:
    """What ``Span.text`` gives, from the tokens: every word with its trailing space
    but the last one's."""
    if end <= start:
        return ""
    return "".join([doc[i].text_with_ws for i in range(start, end - 1)]) + doc[end - 1].text


def sentence_finder(doc: Doc) -> Callable[[int], Span]:
    """``i -> doc[i].sent`` from the Doc's sentences listed once: ``Token.sent`` scans
    for the boundaries on each call (~10 us), and the rules ask it of every cue word.
    A pipeline that hooks its own sentences keeps its hook."""
    if "sent" in doc.user_token_hooks or "sent" in doc.user_span_hooks:
        return lambda i: doc[i].sent
    sents: list[Span] = []
    starts: list[int] = []

    def find(i: int) -> Span:
        if not sents:
            sents.extend(_paragraphed(doc))
            starts.extend(s.start for s in sents)
        return sents[bisect_right(starts, i) - 1]

    return find


def _paragraphed(doc: Doc) -> list[Span]:
    """The Doc's sentences, each cut after a line break inside it: the parser may run a
    paragraph's last sentence into the quote that opens the next ('... a near-even
    split.' + '"The figures have changed," ... told lawmakers.', tuning7), but a
    sentence never crosses a paragraph."""
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent[:-1]:
            if tok.is_space and "\n" in tok.text:
                out.append(doc[start : tok.i + 1])
                start = tok.i + 1
        out.append(doc[start : sent.end])
    return out


def is_verb(tok: Token) -> bool:
    """Verb or auxiliary by its fine-grained tag, so the attribute_ruler (which maps tags
    to coarse POS) need not run."""
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"


def is_noun(tok: Token) -> bool:
    return tok.tag_.startswith("NN")


def strip_edges(
    doc: Doc, cand: Cand, leading: frozenset[str], keep: frozenset[str] = frozenset()
) -> Cand | None:
    """Drop leading ``leading`` words, a modal ('Will Nepal accept it?', tuning9: a
    question's first word the model read into the name) and edge punctuation or
    possessives; None if nothing is left."""
    start, end = cand.start, cand.end
    while start < end and (
        (doc[start].lower_ in leading and doc[start].lower_ not in keep)
        or doc[start].tag_ == "MD"
        or doc[start].is_punct
        or doc[start].is_space
    ):
        start += 1
    while end > start and (
        (doc[end - 1].is_punct and doc[end - 1].text not in ("%",))
        or doc[end - 1].is_space
        or doc[end - 1].lower_ in ("'s", "’s", "'", "’")
    ):
        end -= 1
    if start >= end:
        return None
    cand.start, cand.end = start, end
    return cand


def resolve_overlaps(cands: list[Cand]) -> list[Cand]:
    """Keep non-overlapping entity candidates: longer first, then FIGURE > DATE > ACTOR."""
    ordered = sorted(cands, key=lambda c: (-len(c), -ENTITY_PRIORITY.get(c.label, 0), c.start))
    taken: set[int] = set()
    kept: list[Cand] = []
    for cand in ordered:
        tokens = range(cand.start, cand.end)
        if not taken.isdisjoint(tokens):
            continue
        taken.update(tokens)
        kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def glued_after_hyphen(doc: Doc, end: int) -> Token | None:
    """The word a hyphen at ``end`` glues to the word before it, with no space on
    either side ('Panama-flagged', 'Ostapchuk-Verba'), else None."""
    if (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
    ):
        return doc[end + 1]
    return None


def conjunct_prev(doc: Doc, prev: Token | None) -> Token | None:
    """The word before a run of names joined by 'and'/'or' ('in Fujairah and Jebel
    Ali', 'traders in Lagos and Abidjan'): what the first of them follows."""
    if prev is None or prev.lower_ not in ("and", "or") or prev.i < 2:
        return prev
    j = prev.i - 1
    while j > 0 and doc[j - 1].is_title:
        j -= 1
    return doc[j - 1] if doc[prev.i - 1].is_title and j > 0 else prev
