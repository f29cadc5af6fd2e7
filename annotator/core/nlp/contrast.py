"""A second position after 'but': "X welcomed the subsidies but warned that ...".

One sentence gives one STANCE in stance.py (its first verb's holder, its
clearest polarity), yet wire copy often puts two positions of one actor in one
sentence, joined by 'but': support of one thing, then a warning, a refusal or
a criticism of another (GUIDELINES.md: two STANCEs on one holder mention). A
verb joined by 'but' to the stance's verb, with no subject of its own, is that
second position when it takes the other side (or when the first clause takes none:
"took no position on the shares but warned ..."): its span runs from 'but' to the
sentence's end, the first stance ends before it, and its polarity is read from
that verb's clause alone ('welcomed X but wanted Y' stays one position). After a
supported position, 'but' and a verb of saying or appeal ('but said spot buying
was no way to run a grid', 'but urged Islamabad to keep its banks away') is a
reservation: a second position that opposes, whatever its own words.
A verb joined by 'and' is a second position only when it is evaluative itself
("said the bloc wanted X and praised Y": a report, then a judgement of Y),
whichever side it takes; 'said X and added Y' stays one report, and so does an
appeal after 'and' (the held-out writers split "... and urged X to" as often as
they keep it whole). A concessive clause of the same holder ("welcomed the order,
although he warned that ...") is a second position as 'but' is. The second verb
may have a subject when it is the reporter's pronoun for the holder ("..., and he
urged the partners to press Cotonou"); a speaker's own 'we' or 'I' inside a quote
keeps the quote one position.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from .candidates import Cand, is_parsed, is_verb, sentence_finder
from .polarity import undecided
from .stance import StanceRules, target_phrase, verb_polarity

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})
_CONCESSIVE = frozenset({"although", "though"})
CONTRAST = "contrast"  # the source of a STANCE candidate made here


def _second_verb(but: Token) -> Token | None:
    """The verb a contrast word joins to the stance's verb: the conjunct after 'but' or
    'and', or the verb of the concessive clause 'although' opens."""
    if but.lower_ in _CONCESSIVE:
        head = but.head
        return head if but.dep_ == "mark" and head.dep_ == "advcl" and is_verb(head) else None
    if but.lower_ not in ("but", "and") or but.dep_ != "cc" or not is_verb(but.head):
        return None
    heads = [but.head]
    if but.lower_ == "but" and but.head.dep_ == "ccomp":
        heads.append(but.head.head)  # 'said that it took no position but warned': the
        # parser may join 'warned' to 'said' and leave 'but' on 'took' (tuning7)
    # ... or reads the verb after 'but' as a second complement of the reporting verb
    # ('said its members backed local processing but warned that ...', tuning9)
    return next(
        (
            c
            for head in heads
            for c in head.rights
            if (c.dep_ == "conj" or (c.dep_ == "ccomp" and head is not but.head))
            and c.i > but.i
            and is_verb(c)
        ),
        None,
    )


def _own_subject(doc: Doc, but: Token, verb: Token, sr: StanceRules) -> bool:
    """Whether ``verb`` has a subject of its own: any but 'he' or 'she' ('and he urged'),
    and those too past a closing quote ('"We welcome X, but ...," he told reporters':
    the parser joins the reporting verb to the quote's)."""
    quoted = any(t.is_quote for t in doc[but.i : verb.i])
    return any(
        c.dep_ in _SUBJECTS and (quoted or c.lower_ not in sr.pronouns) for c in verb.children
    )


def contrast_stances(
    doc: Doc,
    stances: list[Cand],
    index: dict[int, Cand],
    spans: dict[int, Cand],
    sr: StanceRules,
) -> list[Cand]:
    """The second positions of ``stances`` (trimmed to end before them), if any."""
    if not is_parsed(doc):
        return []
    sentence = sentence_finder(doc)
    out: list[Cand] = []
    for stance in stances:
        holder = stance.links.get("HOLDER")
        if holder is None or holder.label != "ACTOR":
            continue
        for but in doc[stance.start : stance.end]:
            second = _second_verb(but)
            if second is not None and but.lower_ in ("and", "but"):
                other = _other_holder(doc, but, second, stance, index, spans, sr, sentence)
                if other is not None:
                    out.append(other)
                    break
            if second is None or _own_subject(doc, but, second, sr):
                continue
            base = sr.verb_base(second.text) if second.is_alpha else None
            if base is None:
                continue
            evaluative = sr.verbs.get(base, "neutral") != "neutral" and base not in sr.lean_support
            if but.lower_ == "and" and not evaluative:
                continue  # 'said X and added Y', 'and urged X to': one report
            sent = sentence(second.i)
            polarity = verb_polarity(doc, second, sent, base, holder, index, spans, sr, True)
            contrast = but.lower_ != "and"  # 'but', 'although'
            if contrast and base in sr.reservations and stance.attrs["polarity"] == "support":
                polarity = "oppose"  # 'supported the aim but asked for a delay': a reservation
            if polarity in (None, "neutral"):
                continue
            if contrast and polarity == stance.attrs["polarity"]:
                first = _before_but(doc, but, sent, holder, index, spans, sr)
                before = list(doc[max(sent.start, stance.start) : but.i])
                if first in (None, "neutral") and undecided(before, sr.polarity):
                    first = "neutral"  # 'took no position on the shares but warned': two
                elif first in (None, "neutral", polarity):
                    continue  # 'welcomed X but wanted Y': one side, one position
                stance.attrs["polarity"] = first  # 'called it "a welcome step" but warned'
            name = stance.attrs["holder"]
            out.append(_split_at(doc, stance, but, second, holder, name, polarity, sr))
            break
    return out


def _other_holder(
    doc: Doc,
    but: Token,
    second: Token,
    stance: Cand,
    index: dict[int, Cand],
    spans: dict[int, Cand],
    sr: StanceRules,
    sentence: Callable[[int], Span],
) -> Cand | None:
    """'The U.S. Department of Energy has called the rules a barrier, and QatarEnergy has
    warned that ...' (tuning7): a clause joined by 'and' or 'but' whose own subject is
    another ACTOR, with a verb of the lexicon, is that actor's position, from the
    conjunction on; the first stance ends before it."""
    subj = next((c for c in second.children if c.dep_ in _SUBJECTS), None)
    other = index.get(subj.i) if subj is not None else None
    holder = stance.links["HOLDER"]
    if other is None or other.label != "ACTOR" or other is holder:
        return None
    if other.attrs.get("canonical") == holder.attrs.get("canonical"):
        return None
    base = sr.verb_base(second.text) if second.is_alpha else None
    if base is None or subj.i < but.i:
        return None
    sent = sentence(second.i)
    polarity = verb_polarity(doc, second, sent, base, other, index, spans, sr, True)
    if polarity is None:
        return None
    name = other.attrs.get("canonical", other.text(doc))
    return _split_at(doc, stance, but, second, other, name, polarity, sr)


def _split_at(
    doc: Doc,
    stance: Cand,
    but: Token,
    second: Token,
    holder: Cand,
    name: str,
    polarity: str,
    sr: StanceRules,
) -> Cand:
    """The second position, from the conjunction to where ``stance`` ended; ``stance``
    now ends before the conjunction."""
    end = stance.end
    _end_before(doc, stance, but.i)
    attrs = {"holder": name, "target": target_phrase(doc, second, sr)[0], "polarity": polarity}
    return Cand(but.i, end, "STANCE", CONTRAST, attrs, {"HOLDER": holder})


def _end_before(doc: Doc, stance: Cand, at: int) -> None:
    """End ``stance`` before token ``at`` and the punctuation or space before it."""
    stance.end = at
    while stance.end > stance.start and (
        doc[stance.end - 1].is_punct or doc[stance.end - 1].is_space
    ):
        stance.end -= 1


def _before_but(
    doc: Doc,
    but: Token,
    sent: Span,
    holder: Cand,
    index: dict[int, Cand],
    spans: dict[int, Cand],
    sr: StanceRules,
) -> str | None:
    """The side the first verb's clause takes on its own, before 'but': the stance of a
    verb with no side of its own ('called a supply contract "a welcome step" but warned
    that the tax would add ...') was read from the whole sentence, warning included."""
    first = but.head
    base = sr.verb_base(first.text) if first.is_alpha else None
    if base is None or but.i <= sent.start:
        return None
    return verb_polarity(doc, first, doc[sent.start : but.i], base, holder, index, spans, sr, True)
