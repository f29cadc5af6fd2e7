"""Quoted speech in a stance's sentence: what is inside quotation marks, and whose words.

Why apart from stance.py: reported speech has its own speaker, so a verb inside
quotation marks is never a stance's verb, and the words a reporting verb gives
its speaker are not all the sentence's: a writer's aside after '..., the
ministry said' is not the ministry's, and a quotation of several sentences that
this one closes is. Which marks open and which close is read from the tagger,
with the fixes the small model needs.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from .attributed import tag_at


def speaker_words(
    doc: Doc,
    verb: Token,
    sent: Span,
    clause: list[Token],
    verb_base: Callable[[str], str | None],
) -> list[Token]:
    """The words a reporting verb attributes to its speaker.

    After '"...," X said' what follows the verb is the writer's, not the speaker's ("the
    Ministry of Commerce said on Monday, a move seen as retaliation for U.S. curbs",
    tuning h11): only its time and place phrases and a further verb of saying ("adding
    that ...") stay. A quotation of several sentences that this sentence closes is the
    speaker's too ('"We will buy oil from wherever we get the best price ... Energy
    security is not negotiable," Petroleum Minister Hardeep Singh Puri told reporters',
    tuning h01): its earlier sentences are added."""
    # neither a speaker tag the parser hung on the verb ('Q: X says ...') nor a clause
    # of the answer before it, run into this sentence, is a quotation of this verb's
    if not any(
        c.dep_ == "ccomp" and sent.start <= c.i < verb.i and tag_at(doc, c.i) is None
        for c in verb.children
    ):
        return clause
    keep = {t.i for t in clause if t.i <= verb.i}
    for child in verb.rights:
        saying = child.dep_ in ("advcl", "conj") and verb_base(child.text) is not None
        if child.dep_ in ("prep", "npadvmod", "advmod", "punct") or saying:
            keep.update(t.i for t in child.subtree)
    words = [t for t in clause if t.i in keep]
    return quote_opened_before(doc, sent) + words


def quote_opened_before(doc: Doc, sent: Span) -> list[Token]:
    """The earlier sentences of a quotation that closes in ``sent`` (empty if none)."""
    marks = [t for t in sent if t.text in ('"', "“", "”")]
    if not marks or not (marks[0].text == "”" or marks[0].tag_ == "''"):
        return []
    for i in range(sent.start - 1, max(sent.start - 150, 0) - 1, -1):
        tok = doc[i]
        if tok.text == "“" or (tok.text == '"' and tok.tag_ == "``"):
            return list(doc[i + 1 : sent.start])
        if tok.text == "”" or (tok.text == '"' and tok.tag_ == "''"):
            return []
    return []


def quoted_tokens(doc: Doc, start: int, end: int, marks: list[int]) -> set[int]:
    """Indices of tokens of ``doc[start:end]`` (a sentence) inside quotation marks:
    reported speech has its own speaker. ``marks``: the Doc's quotation marks' indices,
    in order (only they change what is inside, so only they are read).

    A straight quote opens or closes by its tag (the tagger tells `` from ''), not by
    toggling: a quotation of two sentences leaves the second starting inside it, and a
    toggle there took the speaker after the closing mark for quoted text ('... is not
    negotiable," Petroleum Minister Hardeep Singh Puri told reporters', tuning h01); a
    straight quote right after a full stop closes, whatever its tag."""
    inside: set[int] = set()
    depth = False
    after = start  # first token after the last mark read
    for i in marks[bisect_left(marks, start) : bisect_left(marks, end)]:
        if depth:
            inside.update(range(after, i))
        after = i + 1
        tok = doc[i]
        # '... Cabo Delgado."' closes whatever its tag: the tagger calls a straight quote
        # before a blank line and a speaker tag an opening one
        glued = i > 0 and doc[i - 1].is_punct and not doc[i - 1].whitespace_
        if tok.text in ("“", "‘") or (tok.text == '"' and tok.tag_ == "``" and not glued):
            depth = True
        elif (tok.text in ("”", "’") and tok.is_punct) or (
            tok.text == '"' and (tok.tag_ == "''" or glued)
        ):
            depth = False
        elif tok.text == '"':
            depth = not depth
        elif depth:
            inside.add(i)  # a non-punctuation ’: a word like any other
    if depth:
        inside.update(range(after, end))
    return inside
