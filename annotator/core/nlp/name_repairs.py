"""Names the model cut, ran together or read into a title, put right.

Why apart from actors.py: these rules repair a name's extent (where it starts
and ends), before actors.py decides whether the name is an actor at all. The
small model cuts a person of three names to two ('Bertrand Nkwelle' +
'Ebongue'), a name after a lower-case connector ('Mohammad Kazem Al-e' +
'Sadeq') or an organisation before the rest of its name ('Grupo' +
'Financiero Banorte'), splits one name in two ('Hyundai' + 'Oilbank'), and
reads a title or a rank and a name as one organisation or a work of art
('Maritime First Admiral Azrulnizam Tengku Badrol', 'Petroleum Minister
Hardeep Singh Puri').
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from .candidates import Cand, glued_after_hyphen

if TYPE_CHECKING:
    from .actors import ActorRules


def titled_name(doc: Doc, start: int, end: int, r: ActorRules) -> Cand | None:
    """The person in an entity that is a title and a name ('Petroleum Minister Hardeep
    Singh Puri', which the model tags WORK_OF_ART): the capitalised words after the last
    title word, when there are at least two of them."""
    last = max((i for i in range(start, end) if doc[i].lower_ in r.titles), default=None)
    if last is None or end - (last + 1) < 2:
        return None
    if not all(t.is_title and t.is_alpha for t in doc[last + 1 : end]):
        return None
    return Cand(last + 1, end, "ACTOR", "PERSON")


def titled_person(doc: Doc, cand: Cand, r: ActorRules) -> Cand | None:
    """The person at the end of an 'organisation' that is a rank and a name ('Maritime
    First Admiral Azrulnizam Tengku Badrol', tuning7): the proper nouns after the last
    title word, when the title is not the name's first word ('General Motors' stays a
    company) and none of them is a company or institution word."""
    found = titled_name(doc, cand.start, cand.end, r)
    if found is None or found.start - 1 == cand.start:
        return None
    words = doc[found.start : found.end]
    if any(t.lower_ in r.company | r.institutions or t.tag_ not in ("NNP", "NNPS") for t in words):
        return None
    return found


def extend_cut_names(doc: Doc, cands: list[Cand], r: ActorRules) -> None:
    """'Mohammad Kazem Al-e' + 'Sadeq': a person the model cut after a lower-case name
    connector takes the capitalised word after it when no other candidate starts there."""
    starts = {c.start for c in cands}
    ends = {c.end for c in cands}
    for cand in cands:
        if cand.source == "ORG":
            _extend_org(doc, cand, starts, r)
            person = titled_person(doc, cand, r)  # 'Maritime First Admiral' + the name
            if person is not None:
                cand.start, cand.source = person.start, person.source
        if cand.source == "PERSON":
            _extend_person(doc, cand, starts, ends, r)
            _extend_double_surname(doc, cand, starts)
        last = doc[cand.end - 1]
        if (
            cand.source == "PERSON"
            and last.lower_ in r.connectors
            and last.is_lower
            and cand.end < len(doc)
            and cand.end not in starts
            and doc[cand.end].is_title
            and doc[cand.end].is_alpha
        ):
            cand.end += 1


def _extend_double_surname(doc: Doc, cand: Cand, starts: set[int]) -> None:
    """'Halyna Ostapchuk' + '-Verba' (tuning11): a person the model ended at the hyphen
    of a double surname takes its second half."""
    glued = glued_after_hyphen(doc, cand.end)
    if glued is not None and glued.is_title and glued.i not in starts:
        cand.end = glued.i + 1


def _name_word(tok, r: ActorRules) -> bool:
    """A capitalised proper noun outside every entity that is no title, demonym or
    body word: the kind of word a person's name the model cut short lacks."""
    return (
        tok.is_title
        and tok.is_alpha
        and tok.tag_ in ("NNP", "NNPS")
        and not tok.ent_type_
        and tok.lower_ not in r.leading | r.title_followers | r.demonyms | r.company
        and tok.lower_ not in r.institutions | r.media
    )


def _extend_person(doc: Doc, cand: Cand, starts: set[int], ends: set[int], r: ActorRules) -> None:
    """'Bertrand Nkwelle' + 'Ebongue', 'Hortense' + 'Abessolo Mebenga': a person of
    three names the model cut to two takes the proper noun beside it on the line, when
    no other candidate begins or ends there (tuning7: the holder's canonical was the
    cut name, so every stance of that person named someone else)."""
    end = cand.end
    free = end < len(doc) and end not in starts and doc[end - 1].whitespace_ == " "
    if free and _name_word(doc[end], r):
        after = doc[end + 1] if end + 1 < len(doc) else None
        if after is None or after.lower_ not in r.title_followers:
            cand.end = end + 1
    start = cand.start
    if start > 0 and start not in ends and doc[start - 1].whitespace_ == " ":
        word, before = doc[start - 1], doc[start - 2] if start > 1 else None
        if before is not None and not before.is_punct:
            return  # 'Chief Executive' + 'Adrian Moraru', 'and Industry' + 'Hiroshige Seko'
        if _name_word(word, r) and word.lower_ not in r.roles:
            cand.start = start - 1  # ', Hortense' + 'Abessolo Mebenga'


def _extend_org(doc: Doc, cand: Cand, starts: set[int], r: ActorRules) -> None:
    """'Grupo' + 'Financiero Banorte': an organisation the model cut before the rest of
    its capitalised name takes the proper nouns that follow on the line (not a title,
    not another entity), and a company word the tagger reads as a noun ('OQ' +
    'Trading')."""
    end = cand.end
    while end < min(cand.end + 3, len(doc)) and end not in starts:
        tok = doc[end]
        if "\n" in doc[end - 1].whitespace_ or not (tok.is_title and tok.is_alpha):
            break
        named = tok.tag_ == "NNP" or tok.lower_ in r.company  # 'OQ Trading': read as a noun
        if not named or tok.ent_type_ or tok.lower_ in r.leading | r.title_followers:
            break
        if end + 1 < len(doc) and doc[end + 1].lower_ in r.title_followers:
            break  # 'EU Trade Commissioner': a portfolio before a title, not the name
        end += 1
    cand.end = end


def _for_name_end(doc: Doc, cand: Cand, r: ActorRules) -> int:
    """End of 'for' + capitalised words after a body's head ('Estonian Fund' + 'for
    Nature', 'Centre' + 'for Strategic Studies', tuning9), else the candidate's end."""
    end = cand.end
    if end + 1 >= len(doc) or doc[end].lower_ != "for" or doc[end - 1].lower_ not in r.for_heads:
        return end
    j = end + 1
    while j < min(end + 5, len(doc)) and (
        (doc[j].is_title and doc[j].is_alpha) or (doc[j].lower_ == "and" and j > end + 1)
    ):
        j += 1
    while j > end + 1 and not doc[j - 1].is_title:
        j -= 1
    return j if j > end + 1 and not doc[end + 1].ent_type_ else end


def bridge_bodies(doc: Doc, cands: list[Cand], r: ActorRules) -> None:
    """'The State Railway' + 'of' + 'Thailand', 'Ministry of Public Works' + 'and' +
    'Transport' (tuning8): an organisation the model ended before 'of' and a state, when
    its last word is a body's head, or a ministry of a portfolio ended before 'and' and
    the rest of the portfolio, takes the joining word, so that ``join_split_names``
    joins it with what follows (an untagged portfolio word it takes itself)."""
    starts = {c.start: c for c in cands}
    for cand in cands:
        if cand.source == "ORG":
            cand.end = _for_name_end(doc, cand, r)
        end = cand.end
        if cand.source != "ORG" or end + 1 >= len(doc) or doc[end - 1].whitespace_ != " ":
            continue
        word, after = doc[end].lower_, starts.get(end + 1)
        if word == "of" and after is not None and after.source in ("GPE", "LOC"):
            if doc[end - 1].lower_ in r.of_state_heads:
                cand.end = end + 1
            continue
        portfolio = doc[cand.start].lower_ in r.portfolio_bodies and any(
            t.lower_ == "of" for t in doc[cand.start : end]
        )
        if word != "and" or not portfolio:
            continue
        if after is not None and after.source == "ORG":
            cand.end = end + 1
        elif doc[end + 1].is_title and doc[end + 1].is_alpha and not doc[end + 1].ent_type_:
            cand.end = end + 2


def join_split_names(doc: Doc, cands: list[Cand], r: ActorRules) -> list[Cand]:
    """Names the model cut in two: 'Trade Bank of' + 'Iraq', 'Ursula von der' + 'Leyen',
    'Hyundai' + 'Oilbank' (two organisation/person names with only a space between).
    The name before is any kept one that ends where this one starts, not only the last:
    a shorter reading of it may start at the same word ('National Gas Company' beside
    'National Gas Company of' + 'Trinidad and Tobago', tuning6). An 'organisation'
    ending in a title before a person is that person's title ('Canal Administrator' +
    'Eduardo Quintero Arosemena', tuning6): the person alone is the actor."""
    out: list[Cand] = []
    for cand in sorted(cands, key=lambda c: c.start):
        prev = next((c for c in reversed(out) if c.end == cand.start), None)
        if prev is not None and cand.source == "PERSON" and doc[prev.end - 1].lower_ in r.titles:
            out.remove(prev)  # 'Canal Administrator' + 'Eduardo Quintero': a title, no name
            out.append(cand)
            continue
        if prev is not None:
            last = doc[prev.end - 1]
            cut = last.lower_ in r.connectors and last.is_lower
            names = {prev.source, cand.source} <= {"ORG", "PERSON"} and last.whitespace_ == " "
            if cut or (names and not doc[cand.start].is_punct):
                prev.end = cand.end
                continue
        out.append(cand)
    return out
