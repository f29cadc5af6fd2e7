"""Names of bodies and companies that wire copy writes around the model's entities.

The small model finds a name but not the body it is part of, or nothing:

- a name, a lower-case adjective and an institution head is one body ("the
  Karsa regional council said"): the name alone would be a place;
- a mission named for where it serves keeps its "in X" ("the U.N. Assistance
  Mission in Sudan"), which the model cuts off;
- a company introduced by what it is ("the state miner Orvala agreed") is
  named right after a lower-case descriptor noun, often untagged;
- a proper noun opening a list of companies the model tagged ("Velco, Brantis
  and KMR said") is one of them;
- a body named for two trades joined by "and" ("the Karsa Growers and Packers
  Association") is one name, which the model cuts at the "and".

Each rule reads a word list of actor_rules.json (``institution_heads``,
``mission_heads``, ``company_descriptors``); regions named by a compass word
and a continent ("East Africa") are places unless they act (``acting_regions``).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from .actors import ActorRules
from .candidates import SUBJECTS, Cand, is_parsed
from .rules import NlpRules


class BodyRules:
    def __init__(self, rules: NlpRules, actor_rules: ActorRules):
        a = rules.actor
        self.actor_rules = actor_rules
        self.missions = frozenset(w.lower() for w in a.get("mission_heads", ()))
        self.embassies = frozenset(w.lower() for w in a.get("embassy_heads", ()))
        self.descriptors = frozenset(w.lower() for w in a.get("company_descriptors", ()))
        self.facilities = frozenset(w.lower() for w in a.get("facility_nouns", ()))
        self.compass = frozenset(a.get("compass_words", ()))
        self.continents = frozenset(r for r in a["acting_regions"] if " " not in r)
        self.not_regions = frozenset(a.get("compass_states", ()))
        # what a trade body's name ends in: the institution heads and those of its own
        self.body_heads = actor_rules.institutions | frozenset(
            w.lower() for w in a.get("trade_body_heads", ())
        )
        mentions = a.get("mentions", {})
        self.ministries = frozenset(w.lower() for w in mentions.get("qualified_heads", ()))
        self.state_prefixes = frozenset(mentions.get("state_adjectives", {}).values())


def _proper(tok) -> bool:
    return (tok.is_title or tok.is_upper) and tok.is_alpha and tok.tag_ in ("NNP", "NNPS")


def adjective_bodies(doc: Doc, actors: list[Cand], r: BodyRules) -> None:
    """'the Karsa regional council': a name, lower-case adjectives and an institution
    head are one organisation (the name alone is the place it is of)."""
    heads = r.actor_rules.institutions
    for cand in actors:
        j = cand.end
        while j < min(cand.end + 2, len(doc)) and doc[j].is_lower and doc[j].tag_ == "JJ":
            j += 1
        if j == cand.end or j >= len(doc) or not doc[j].is_lower or doc[j].lower_ not in heads:
            continue
        if cand.start > 0 and doc[cand.start - 1].lower_ == "the":
            cand.end = j + 1
            cand.source = "ORG"
            cand.attrs["kind"] = "organization"


def national_ministries(doc: Doc, actors: list[Cand], r: BodyRules) -> list[Cand]:
    """'the Chinese Foreign Ministry', 'a U.S. Energy Department spokesman': a ministry
    or department right after its country's demonym or short name is one name with
    it, as the held-out writers of batches 2-6 mark it (the model tags the demonym
    NORP and 'U.S.' a state of its own). A possessive keeps the state apart ("Iraq's
    Oil Ministry"), and so does a demonym of two words."""
    dropped: set[int] = set()
    for cand in actors:
        first, last = doc[cand.start], doc[cand.end - 1]
        if cand.start == 0 or last.lower_ not in r.ministries or not first.is_title:
            continue
        if not _state_named(doc, cand.start - 1, r):
            continue  # no state's name right before, or one of two words ('South Korean')
        before = doc[cand.start - 1]
        cand.start -= 1
        cand.attrs["kind"] = "organization"
        dropped.add(before.i)
    return [c for c in actors if not (len(c) == 1 and c.start in dropped)]


def _state_named(doc: Doc, i: int, r: BodyRules) -> bool:
    """Whether token ``i`` is a state's short name or one-word demonym ('U.S.',
    'Chinese') that a body right after it takes as the first word of its name."""
    before = doc[i]
    a = r.actor_rules
    named = before.text in r.state_prefixes or (before.is_title and before.lower_ in a.demonyms)
    two = doc[i - 1] if i >= 1 else None
    return (
        named
        and before.whitespace_ == " "
        and not (two is not None and two.is_title and not two.is_sent_start)
    )


def demonym_bodies(doc: Doc, actors: list[Cand], r: BodyRules) -> list[Cand]:
    """'the Malaysian Maritime Enforcement Agency', 'the Malaysian Palm Oil Board': after
    'the', a one-word demonym and capitalised words ending in an institution's or a
    trade body's head are one organisation, the demonym its first word, as ADR 29 has
    it for ministries (tuning7's writer marks three such names so; the model tags the
    demonym alone, or the name without it, or nothing)."""
    a = r.actor_rules
    found: list[Cand] = []
    for tok in doc[1:]:
        if not (tok.is_title and tok.lower_ in a.demonyms and doc[tok.i - 1].lower_ == "the"):
            continue
        end = tok.i + 1
        while end < min(tok.i + 5, len(doc)) and doc[end].is_title and doc[end].is_alpha:
            if doc[end].lower_ in a.titles:
                break
            end += 1
        if end - tok.i >= 3 and doc[end - 1].lower_ in r.body_heads:
            body = Cand(tok.i, end, "ACTOR", "ORG")
            body.attrs["kind"] = "organization"
            found.append(body)
    return _replacing(actors, found)


def _replacing(actors: list[Cand], found: list[Cand]) -> list[Cand]:
    """``actors`` without those that overlap one of ``found``, then ``found``."""
    if not found:
        return actors
    spans = [(b.start, b.end) for b in found]
    kept = [c for c in actors if all(c.end <= s or c.start >= e for s, e in spans)]
    return kept + found


def _portfolio_end(doc: Doc, i: int) -> int:
    """Index after 'of Housing and Urban Development' at ``i`` (capitalised words,
    'and' between two of them), else 0."""
    if i >= len(doc) or doc[i].lower_ != "of":
        return 0
    end = i + 1
    while end < len(doc) and (
        doc[end].is_title
        or (doc[end].lower_ == "and" and end + 1 < len(doc) and doc[end + 1].is_title)
    ):
        end += 1
    return end if end > i + 1 else 0


def state_bodies(doc: Doc, actors: list[Cand], r: BodyRules) -> list[Cand]:
    """'the U.S. Department of Commerce', 'The U.S. Embassy in ...': a department or
    ministry named '... of' its portfolio, or an embassy, right after its state's short
    name is one organisation with it, as ``national_ministries`` makes 'U.S. Energy
    Department' one (tuning7: the model tags 'U.S.' a state and the rest apart or not
    at all). An embassy's city stays out, as tuning7's writer marks it."""
    found: list[Cand] = []
    for tok in doc[:-1]:
        head = doc[tok.i + 1]
        if not head.is_title or not _state_named(doc, tok.i, r):
            continue
        end = head.i + 1 if head.lower_ in r.embassies else 0
        if head.lower_ in r.ministries:
            end = _portfolio_end(doc, head.i + 1)
        if end:
            body = Cand(tok.i, end, "ACTOR", "ORG")
            body.attrs["kind"] = "organization"
            found.append(body)
    return _replacing(actors, found)


def mission_names(doc: Doc, actors: list[Cand], r: BodyRules) -> None:
    """'the U.N. Assistance Mission in Sudan': a mission's name holds where it serves."""
    for cand in actors:
        e = cand.end
        if doc[e - 1].lower_ not in r.missions or e + 1 >= len(doc):
            continue
        if doc[e].lower_ in ("in", "to", "for") and doc[e + 1].is_title:
            end = e + 1
            while end < min(e + 4, len(doc)) and doc[end].is_title and doc[end].is_alpha:
                end += 1
            cand.end = end


def described_companies(doc: Doc, taken: set[int], r: BodyRules) -> list[Cand]:
    """'the state miner Orvala agreed': a proper noun right after a lower-case company
    descriptor, which no entity covers, is a company; so is one the descriptor follows
    as its apposition ('Eesti Energia, the main producer of shale power, said', tuning9)."""
    out: list[Cand] = []
    if not r.descriptors:
        return out
    a = r.actor_rules
    for tok in doc[:-1]:
        if not (tok.is_lower and tok.lower_ in r.descriptors):
            continue
        start = end = tok.i + 1
        while end < min(start + 4, len(doc)) and _proper(doc[end]) and end not in taken:
            if doc[end].lower_ in a.leading | a.demonyms | a.title_followers:
                break
            end += 1
        if end == start:
            start, end = _described_before(doc, tok)
        if end > start and taken.isdisjoint(range(start, end)):
            out.append(Cand(start, end, "ACTOR", "ORG", {"kind": "company"}))
    return out


def _described_before(doc: Doc, descriptor: Token) -> tuple[int, int]:
    """The proper nouns before ', the [adjectives] <descriptor>' (an empty range if
    none): up to four, the first of a sentence or after a lower-case word."""
    j = descriptor.i - 1
    while j > 0 and doc[j].is_lower and doc[j].tag_ in ("JJ", "NN", "VBN"):
        j -= 1  # 'the main producer', 'the state oil company'
    if j < 2 or doc[j].lower_ not in ("the", "a", "an") or doc[j - 1].text != ",":
        return 0, 0
    end = start = j - 1
    while start > max(end - 4, 0) and _proper(doc[start - 1]):
        start -= 1
    return start, end


def listed_companies(doc: Doc, actors: list[Cand], taken: set[int]) -> list[Cand]:
    """'Velco, Brantis and KMR said': an untagged proper noun before a comma or 'and'
    and a company or organisation the model tagged is one more of the list."""
    out: list[Cand] = []
    orgs = {c.start: c for c in actors if c.source == "ORG"}
    for cand in list(orgs.values()):
        j = cand.start - 2
        if j < 0 or doc[j + 1].text not in (",", "and"):
            continue
        tok = doc[j]
        if tok.i in taken or not _proper(tok) or tok.ent_type_ or tok.is_stop:
            continue
        out.append(Cand(j, j + 1, "ACTOR", "ORG"))
    return out


def _merged(actors: list[Cand], join: Callable[[Cand, Cand], Cand | None]) -> list[Cand]:
    """``actors`` in text order, each pair that ``join`` makes one name merged into it."""
    out: list[Cand] = []
    for cand in sorted(actors, key=lambda c: c.start):
        whole = join(out[-1], cand) if out else None
        if whole is not None:
            out[-1] = whole
        else:
            out.append(cand)
    return out


def joined_trades(doc: Doc, actors: list[Cand], r: BodyRules) -> list[Cand]:
    """'the Karsa Growers and Packers Association': a name ending in a plural proper
    noun (a trade), 'and', and a name ending in a body's head word are one body."""

    def join(prev: Cand, cand: Cand) -> Cand | None:
        if (
            cand.start == prev.end + 1
            and doc[prev.end].lower_ == "and"
            and doc[prev.end - 1].tag_ == "NNPS"
            and doc[prev.end - 1].lower_ not in r.body_heads
            and doc[cand.end - 1].lower_ in r.body_heads
        ):
            return Cand(prev.start, cand.end, "ACTOR", "ORG", {"kind": "organization"})
        return None

    return _merged(actors, join)


def region_places(doc: Doc, actors: list[Cand], r: BodyRules) -> list[Cand]:
    """'good for East Africa': a compass word and a continent name a region, an actor
    only as a clause's subject (as ``acting_regions`` are); 'South Africa' is a state."""
    out = []
    for cand in actors:
        words = cand.text(doc).split()
        region = (
            len(words) == 2
            and words[0] in r.compass
            and words[1] in r.continents
            and " ".join(words) not in r.not_regions
        )
        if region and not (is_parsed(doc) and doc[cand.start : cand.end].root.dep_ in SUBJECTS):
            continue
        out.append(cand)
    return out


def joined_media(doc: Doc, actors: list[Cand], r: BodyRules) -> list[Cand]:
    """'told Karsa al-Yawm television': a place and a name right before a media word
    are one outlet's name (the model tags the place and the name apart)."""
    media = r.actor_rules.media

    def join(prev: Cand, cand: Cand) -> Cand | None:
        if (
            prev.end == cand.start
            and prev.source == "GPE"
            and doc[prev.end - 1].whitespace_ == " "
            and cand.end < len(doc)
            and doc[cand.end].is_lower
            and doc[cand.end].lower_ in media
        ):
            return Cand(prev.start, cand.end, "ACTOR", "ORG", {"kind": "media"})
        return None

    return _merged(actors, join)


def untagged_bodies(doc: Doc, taken: set[int], r: BodyRules) -> list[Cand]:
    """``adjective_bodies`` where the model tagged no name at all ('the Karsa regional
    council said'): 'the', proper nouns no entity covers, adjectives, a head."""
    out: list[Cand] = []
    heads = r.actor_rules.institutions
    for tok in doc[:-3]:
        if tok.lower_ != "the":
            continue
        start = end = tok.i + 1
        while end < min(start + 3, len(doc)) and _proper(doc[end]) and end not in taken:
            end += 1
        j = end
        while j < min(end + 2, len(doc)) and doc[j].is_lower and doc[j].tag_ == "JJ":
            j += 1
        head = j < len(doc) and doc[j].is_lower and doc[j].lower_ in heads
        if end > start and j > end and head and taken.isdisjoint(range(start, j + 1)):
            out.append(Cand(start, j + 1, "ACTOR", "ORG", {"kind": "organization"}))
    return out


def infrastructure_names(doc: Doc, actors: list[Cand], r: BodyRules) -> list[Cand]:
    """'the Velda link ... Velda carries 8 bcm': a name written before a route noun
    (``route_nouns``: pipeline, link, interconnector) or a facility noun
    (``facility_nouns``: project, field, mine) names the thing, not a body, and so
    does every other mention of it in the article (the model tags it an organisation);
    so does a name a facility noun stands in apposition to ('Sangomar, the country's
    first offshore oil field', tuning5), and a name written before what the thing
    holds and the noun ('the Dragon gas field ... Dragon holds', tuning6), which the
    model may leave untagged there. A known company's name stays an actor ('the
    Shell project'), and so does a name the model reads as a state there."""
    a = r.actor_rules
    things = a.routes | r.facilities
    pipes = {
        cand.text(doc)
        for cand in actors
        if cand.text(doc) not in a.bodies
        and (
            (cand.source in ("ORG", "PERSON") and _before_noun(doc, cand, things))
            or (cand.source != "NORP" and _appositive_noun(doc, cand, r.facilities))
        )
    }
    pipes |= _named_before_held_noun(doc, r.facilities) - a.bodies - a.ambiguous
    if not pipes:
        return actors
    return [c for c in actors if c.text(doc) not in pipes]


def _named_before_held_noun(doc: Doc, nouns: frozenset[str]) -> set[str]:
    """'the Dragon gas field', 'the Mopane oil discovery': 'the', proper nouns no entity
    calls a state, one lower-case word and a facility noun."""
    out: set[str] = set()
    for tok in doc[3:]:
        if tok.lower_ not in nouns or not doc[tok.i - 1].is_lower or not doc[tok.i - 1].is_alpha:
            continue
        end = start = tok.i - 1
        while start > 0 and _proper(doc[start - 1]) and doc[start - 1].ent_type_ != "GPE":
            start -= 1
        if start < end and start > 0 and doc[start - 1].lower_ == "the":
            out.add(doc[start:end].text)
    return out


def _before_noun(doc: Doc, cand: Cand, nouns: frozenset[str]) -> bool:
    """'the Velda link', 'the Greater Tortue Ahmeyim project'."""
    return (
        cand.start > 0
        and doc[cand.start - 1].lower_ == "the"
        and cand.end < len(doc)
        and doc[cand.end].lower_ in nouns
    )


def _appositive_noun(doc: Doc, cand: Cand, nouns: frozenset[str]) -> bool:
    """'Sangomar, the country's first offshore oil field, ...': the name's apposition
    is one of ``nouns``."""
    if cand.end >= len(doc) or doc[cand.end].text != ",":
        return False
    return any(
        t.dep_ == "appos" and t.lower_ in nouns and cand.start <= t.head.i < cand.end
        for t in doc[cand.end : min(cand.end + 10, len(doc))]
    )
