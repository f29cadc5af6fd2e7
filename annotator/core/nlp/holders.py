"""Who holds a STANCE: the ACTOR a reporting or evaluative verb's subject stands for.

Why apart from stance.py: the subject is often not the name itself. It is a
title of a name ("the Chairman of JETRO"), a pronoun ("he said": the last person
named), a word naming an actor named before ("the ministry said", "the minister
noted"), a demonym's official ("Polish officials"), a self pronoun in a reported
clause ("Japan says it seeks"), or an interviewee's "we". GUIDELINES.md links the
holder to one ACTOR mention: the subject's own, else the nearest earlier mention
of that actor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from .attributed import FIRST_PERSON
from .candidates import SUBJECTS, Cand

if TYPE_CHECKING:
    from .stance import StanceRules


def _actor_at(index: dict[int, Cand], tok: Token, links: frozenset[str]) -> Cand | None:
    """The ACTOR a subject stands for: itself, a compound, or one reached by ``links``
    ("the Chairman of JETRO", "Others, like China"); never a possessor ("Japan's ministers")."""
    hit = index.get(tok.i)
    if hit is not None:
        return hit
    frontier, seen = [tok], {tok.i}
    for _ in range(3):
        nxt = []
        for node in frontier:
            # an apposition names the subject itself ("Iran's ambassador to Iraq,
            # Mohammad Kazem Al-e Sadeq"): before a prepositional object
            for child in sorted(node.children, key=lambda c: c.dep_ != "appos"):
                if child.i in seen:
                    continue
                seen.add(child.i)
                if child.dep_ in ("compound",) or child.dep_ in links:
                    if child.i in index and child.dep_ != "prep":
                        return index[child.i]
                    # a compound of a compound: "a U.S. Treasury official" (tuning h01)
                    nxt.append(child)
        frontier = nxt
    return None


def _titled_after(doc: Doc, holder: Cand, index: dict[int, Cand], sr: StanceRules) -> Cand:
    """'Trinidad and Tobago's Energy Minister Marcus Ramdeen urged': a state's official,
    named after its possessive and a title, holds the position, not the state, even
    where the parser takes the state for the subject (the 'and' inside its name,
    tuning6)."""
    i = holder.end
    if i >= len(doc) or doc[i].lower_ not in ("'s", "’s"):
        return holder
    titled = False
    for tok in doc[i + 1 : i + 6]:
        person = index.get(tok.i)
        if person is not None:
            return person if titled and person.attrs.get("kind") == "person" else holder
        if not tok.is_title:
            return holder
        titled = titled or tok.lower_ in sr.titles
    return holder


# '... rejected Yaounde's request. "... not open to renegotiation," it said' (tuning7):
# only a body says, so the 'it' of a reporting verb is the last organisation, company
# or state that held a position before it (not the last one named: 'Yaounde')
_REPORTING = frozenset({"said", "says", "added", "adds", "told", "tells"})
# ... and of an appeal or a warning right after ("It urged the three Baltic states to agree
# first", tuning10): a thing neither urges nor warns
_APPEALS = frozenset({"urged", "urges", "warned", "warns"})


def _last_body(reported: dict[int, Cand], before: int) -> Cand | None:
    held = [(i, c) for i, c in reported.items() if i < before and c.attrs.get("kind") != "person"]
    return max(held, key=lambda ic: ic[0])[1] if held else None


def last_person(actors: list[Cand], before: int) -> Cand | None:
    best = None
    for cand in actors:
        if cand.start < before and cand.attrs.get("kind") == "person":
            best = cand
    return best


def _has_the(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)


def _antecedent(noun: Token, actors: list[Cand]) -> Cand | None:
    """'the ministry said' / 'the minister said': the last ACTOR before it named with that
    word, in its name ("Ministry of Commerce") or as the title before it ("Trade Minister
    Park Ji-won"), linked, as a pronoun is (GUIDELINES.md), at the nearest earlier
    mention of that actor ("Abe, for his part, said ..." after "Prime Minister Shinzo
    Abe", seeds)."""
    if not _has_the(noun):
        return None
    doc, word = noun.doc, noun.lower_
    best = None
    for cand in actors:
        if cand.start >= noun.i:
            break
        names = any(t.lower_ == word for t in doc[cand.start : cand.end])
        titled = any(doc[i].lower_ == word for i in range(max(0, cand.start - 3), cand.start))
        if names or titled:
            best = cand
        elif best is not None and cand.attrs.get("canonical") == best.attrs.get("canonical"):
            best = cand  # a later mention of the one found: 'Abe'
    return best


def named_after(noun: Token, actors: list[Cand]) -> Cand | None:
    """'..., its energy minister said on Thursday' in a lead that names him two
    paragraphs on ('Water Resources and Energy Minister Bertrand ...'), 'Malaysia's
    deputy transport minister told parliament' before 'the minister, Rosmawati
    Zainorin, said' (tuning7): a titled subject ('the', a possessive) named nowhere
    before is the first person after it who is given that title; GUIDELINES.md links a
    holder named in another sentence only at that mention."""
    owned = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in noun.children)
    if not owned:
        return None
    doc, word = noun.doc, noun.lower_
    for cand in actors:
        if cand.start <= noun.i or cand.attrs.get("kind") != "person":
            continue
        if any(doc[i].lower_ == word for i in range(max(0, cand.start - 3), cand.start)):
            return cand
    return None


def _state_of_demonym(noun: Token, actors: list[Cand], sr: StanceRules) -> Cand | None:
    """The last mention before ``noun`` of the state whose adjective modifies it."""
    adjective = next((c.text for c in noun.children if c.text in sr.state_of), None)
    state = sr.state_of.get(adjective or "")
    if state is None or noun.lower_ not in sr.spokespeople:
        return None
    best = None
    for cand in actors:
        if cand.start < noun.i and cand.attrs.get("canonical") == state:
            best = cand
    return best


def _named_at_end(subj: Token, index: dict[int, Cand]) -> Cand | None:
    """The person ending the subject phrase: "Japanese Minister of Economy, Trade, and
    Industry Hiroshige Seko said" (seeds), where the parser hangs the name on the
    title's last word."""
    last = index.get(subj.right_edge.i)
    if last is not None and last.attrs.get("kind") == "person" and last.start > subj.i:
        return last
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject; of two parted by a colon, the second ("Iran PressIran News:
    Iran's Hossein Amir-Abdollahian welcomed", seeds: a source tag parsed as a subject),
    and of two with nothing between, the second too: a descriptor the parser split
    from the name it describes ("The opposition Popular Democratic Movement accused",
    tuning6), or after a dateline's city the parser took for one."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if len(subjects) > 1:
        first, second = subjects[0], subjects[1]
        between = verb.doc[first.i : second.left_edge.i]
        joined = second.left_edge.i == first.right_edge.i + 1
        # 'TIRANA, Nov 3 - Albania's ... minister told' (tuning9): the dateline's city
        dateline = first.is_upper and all(t.is_space for t in verb.doc[: first.left_edge.i])
        return second if joined or dateline or any(t.text == ":" for t in between) else first
    if subjects:
        return subjects[0]
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head) if verb.dep_ != "advcl" else None
    return None


def _demanded_of(verb: Token, sr: StanceRules) -> bool:
    """Whether ``verb`` is the sentence's own verb with 'should' or 'must' on it."""
    return verb.dep_ == "ROOT" and any(
        c.dep_ == "aux" and c.lower_ in sr.demand_modals for c in verb.children
    )


def stance_holders(
    verb: Token,
    index: dict[int, Cand],
    actors: list[Cand],
    sr: StanceRules,
    reported: dict[int, Cand],
    speaker: Cand | None = None,
) -> list[Cand]:
    """Who holds the position a lexicon verb expresses (parsed documents); ``speaker``:
    the speaker tag of the interview answer the verb is in ('we', 'I' are the speaker)."""
    if verb.lower_ in sr.quote:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        hit = _actor_at(index, obj, sr.links) if obj is not None else None
        if hit is None and obj is not None and obj.lower_ in sr.named_before:
            # "S&P Global Platts quoted the official as saying" (seeds): the official
            # named before, as for "the minister said"
            hit = _antecedent(obj, actors) or (
                last_person(actors, obj.i) if _has_the(obj) else None
            )
        return [hit] if hit else []
    subj = _subject(verb)
    if subj is None:
        # The parser lost the subject ("... Hiroshige Seko said", "Abe, Rouhani tweeted"):
        # an actor right before the verb is taken as its subject.
        before = verb.i - 1
        while before >= 0 and verb.doc[before].is_space:
            before -= 1
        hit = index.get(before)
        if verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.i in index:
            # a finite verb parsed as the modifier of its subject: "The Kurdistan
            # Regional Government, which depends on ..., called for talks" (tuning h04)
            hit, before = index[verb.head.i], verb.i
        return [hit] if hit is not None and verb.dep_ in ("ROOT", "acl") else []
    holder = _actor_at(index, subj, sr.links)
    if holder is not None and _demanded_of(verb, sr):
        # 'The Commission should accept satellite data' with no one reporting it (an
        # opinion piece, tuning7): a demand made of the subject is not its position;
        # in an interview answer it is the speaker's
        return [speaker] if speaker is not None else []
    if holder is None:
        holder = _named_at_end(subj, index)
    if holder is None and subj.lower_ in sr.antecedents:
        holder = _antecedent(subj, actors) or named_after(subj, actors)
    if holder is None:  # "Polish officials had argued": the state they speak for
        holder = _state_of_demonym(subj, actors, sr)
    if holder is None and subj.lower_ in sr.pronouns:
        holder = last_person(actors, subj.i)
    if holder is None and subj.lower_ in sr.self_pronouns:
        holder = next((reported[a.i] for a in verb.ancestors if a.i in reported), None)
    if holder is None and speaker is not None and subj.lower_ in FIRST_PERSON:
        holder = speaker
    if holder is None and subj.lower_ == "it" and verb.lower_ in _REPORTING | _APPEALS:
        holder = _last_body(reported, subj.i)
    if holder is None:
        return []
    holder = _titled_after(verb.doc, holder, index, sr)
    found = [holder]
    for conj in subj.conjuncts:  # "The United States and the European Union are hoping"
        other = index.get(conj.i)
        if other is not None and other not in found:
            found.append(other)
    return found
