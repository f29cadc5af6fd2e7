"""ACTOR spans from the model's entities, per GUIDELINES.md.

The statistical NER finds names; these rules make them annotations: titles
and articles are left out, demonyms and places named only as places are
dropped (a press conference *in* Tokyo), metonyms are kept (Washington,
the Islamic Republic), a government noun joins its name (the Trump
administration), an acronym defined in parentheses becomes an actor
wherever it recurs, and a surname alone is linked to the full name met
earlier in the document. Every decision reads a word list in resources/.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .aliases import AliasTable, expanded, similar_name, split_handle
from .attributed import SPEAKER
from .candidates import SUBJECTS, Cand, glued_after_hyphen, is_parsed, strip_edges
from .datelines import dateline_end
from .name_repairs import bridge_bodies, extend_cut_names, join_split_names, titled_person
from .places import is_place, misread_place, on_route, word_before
from .rules import NlpRules


class ActorRules:
    """Word lists of actor_rules.json as sets, built once per pipeline."""

    def __init__(self, rules: NlpRules):
        w = rules.words
        self.leading = w("actor", "leading_words_to_strip") | w("actor", "titles")
        self.demonyms = w("actor", "demonyms")
        self.place_preps = w("actor", "place_prepositions")
        self.place_adjectives = frozenset(rules.actor.get("place_adjectives", ()))
        self.motion = w("actor", "motion_words")
        self.place_heads = w("actor", "place_heads")
        self.government = w("actor", "government_heads")
        self.not_actor_heads = w("actor", "not_actor_heads")
        self.media = w("actor", "media_words")
        self.company = w("actor", "company_words")
        self.portfolio = w("actor", "portfolio_title_heads")
        self.title_followers = w("actor", "title_followers")
        self.datelines = frozenset(rules.actor["dateline_separators"])
        self.min_org = int(rules.actor["min_unknown_org_length"])
        self.adj_prefixes = w("actor", "adjective_prefixes")
        self.label_map = rules.label_map
        self.institutions = w("actor", "institution_heads")
        self.cased_keep = frozenset(rules.actor["case_sensitive_keep"])
        self.products = w("actor", "product_heads")
        self.connectors = w("actor", "name_connectors")
        self.compound_heads = w("actor", "compound_heads") | self.place_heads
        self.benchmarks = w("actor", "benchmark_names")
        self.commodities = w("actor", "commodities")
        self.state_words = w("actor", "state_words")
        self.blocs = frozenset(rules.actor["bloc_names"])
        self.regions = frozenset(rules.actor["acting_regions"])
        self.titled_labels = frozenset(rules.actor["titled_name_labels"])
        self.titles = w("actor", "titles") - {"of"}
        self.roles = w("actor", "appositive_roles")
        self.features = w("actor", "feature_heads")
        self.of_state_heads = w("actor", "of_state_heads")
        self.portfolio_bodies = w("actor", "portfolio_bodies")
        self.for_heads = w("actor", "for_name_heads")
        self.company_suffixes = frozenset(rules.actor.get("company_suffixes", ()))
        self.routes = w("actor", "route_nouns")
        self.currencies = frozenset(rules.figure["currency_words"])
        self.ambiguous = rules.ambiguous
        self.descriptors = w("actor", "company_descriptors") - {"group"}  # 'Group of Seven'
        names = {  # organizations.json's names: 'Romgaz Chief Executive ...'
            name
            for canonical, body in rules.bodies.items()
            for name in (canonical, *body["aliases"])
        }
        self.bodies = frozenset(names - rules.ambiguous)


def common_noun(doc: Doc, cand: Cand, ambiguous: frozenset[str]) -> bool:
    """One word capitalised only because a sentence or quote starts with it, which
    the tagger reads as a common noun ('Diesel imports cost', '"Bunker fuel costs'),
    or which the article writes in lower case elsewhere ("Farmers' union leader ..."
    after "what farmers ... receive", tuning4): a name is never written so. A known
    name that is also a word (``ambiguous``: Shell, Total) stays a name."""
    if len(cand) != 1:
        return False
    tok = doc[cand.start]
    if tok.is_upper or tok.text in ambiguous:
        return False
    prev = doc[cand.start - 1] if cand.start > 0 else None
    if not (tok.is_sent_start or prev is None or prev.is_quote or prev.is_space):
        return False
    if tok.tag_ in ("NN", "NNS"):
        return True
    low = tok.lower_
    return any(t.text == low for t in doc)


def _hyphen_modifier(doc: Doc, cand: Cand) -> bool:
    """'a Panama-flagged supertanker', 'a Singapore-based shipbroker', 'the U.S.-led
    mission' (tuning7, seeds): a name glued by a hyphen to a lower-case word is part of
    an adjective, no actor."""
    glued = glued_after_hyphen(doc, cand.end)
    return glued is not None and glued.is_lower


def _in_compound(doc: Doc, cand: Cand, r: ActorRules) -> bool:
    """'the Iraq-Turkey pipeline': a name hyphenated to another name modifies a thing
    (but 'Iran-Japan ties' are the two states' ties)."""
    s, e = cand.start, cand.end
    head = next((doc[i] for i in range(e, min(e + 4, len(doc))) if doc[i].is_lower), None)
    if head is None or head.lower_ not in r.compound_heads:
        return False
    after = e + 1 < len(doc) and doc[e].text == "-" and not doc[e - 1].whitespace_
    after = after and not doc[e].whitespace_ and doc[e + 1].is_title
    before = s >= 2 and doc[s - 1].text == "-" and not doc[s - 1].whitespace_
    before = before and not doc[s - 2].whitespace_ and doc[s - 2].is_title
    inside = any(  # the model took both names as one: 'the Sarn-Velda pipeline'
        doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_
        for i in range(s + 1, e - 1)
    )
    return after or before or inside


_ARTICLES = frozenset({"the", "a", "an"})


def _joint_portfolio(doc: Doc, i: int) -> bool:
    """Whether 'and' at ``i`` joins the name before it to more title-case words and
    'Minister': 'Climate and Energy Minister', 'Public Works and Transport Minister',
    one title of two portfolios (the title word alone, not 'officials': 'Exxon and
    Chevron officials' are two companies' officials)."""
    if i >= len(doc) or doc[i].lower_ != "and":
        return False
    j = i + 1
    while j < min(i + 5, len(doc)) and doc[j].is_title and doc[j].lower_ not in _MINISTER:
        j += 1
    return j > i + 1 and j < len(doc) and doc[j].lower_ in _MINISTER


_MINISTER = frozenset({"minister", "ministers"})


def _strip_actor(doc: Doc, cand: Cand, r: ActorRules) -> Cand | None:
    """Leading articles and titles off; a ministry or department keeps its name words
    ('Foreign Ministry'), and a capitalised 'New' is part of the name ('New Delhi'); a
    name the model ran into its own acronym's parenthesis ends before it ('Office of
    Foreign Assets Control (OFAC': the acronym is its own mention)."""
    opened = next((i for i in range(cand.start, cand.end) if doc[i].text == "("), None)
    closed = opened is not None and any(doc[i].text == ")" for i in range(opened, cand.end))
    if opened is not None and opened > cand.start and not closed:
        cand.end = opened
    if doc[cand.end - 1].lower_ in r.institutions:
        return strip_edges(doc, cand, _ARTICLES)  # "Chinese Foreign Ministry" stays whole
    first = next((t for t in doc[cand.start : cand.end] if t.lower_ not in _ARTICLES), None)
    if first is not None and first.text in r.cased_keep and first.i + 1 < cand.end:
        return strip_edges(doc, cand, r.leading - {first.lower_})  # "The New Zealand ..."
    if first is not None and first.text == "General" and cand.source == "ORG":
        # 'General Administration of Customs' (tuning8), 'General Motors': the first
        # word of a body's name, not a rank
        return strip_edges(doc, cand, r.leading - {"general"})
    return strip_edges(doc, cand, r.leading)


def bloc(doc: Doc, start: int, end: int, r: ActorRules) -> Cand | None:
    """'the West' as a side in a dispute (tagged LOC, which is not mapped to ACTOR): its
    subject, object or possessor, or the agent after 'by'; not a destination ('sailed to
    the West') or any other prepositional object. A region (``acting_regions``) is an
    actor only as a clause's subject ('Europe needs reliable barrels')."""
    parsed = is_parsed(doc)
    if doc[start:end].text in r.regions and parsed and doc[start:end].root.dep_ in SUBJECTS:
        return Cand(start, end, "ACTOR", "LOC")  # "Europe could not rely on ...": it acts
    if doc[start:end].text not in r.blocs or start == 0 or doc[start - 1].lower_ != "the":
        return None
    root = doc[start:end].root
    if parsed and root.dep_ == "pobj" and root.head.lower_ != "by":
        return None
    return Cand(start, end, "ACTOR", "LOC")


def _institution_names(doc: Doc, cands: list[Cand], r: ActorRules) -> list[Cand]:
    """A body named after two states is one organisation, not two states: the model
    finds 'Iran' and 'Japan' in "the Iran – Japan Joint Committee of Commerce" (seeds).
    From a candidate, capitalised words with a dash between them that reach an
    institution head, with an 'of' + capitalised words after it, make one ACTOR of kind
    organization; the candidates inside it go. Without the dash this is no body of two
    states ("U.S. State Department": a department, which ``bodies.national_ministries``
    gives its state's short name)."""
    starts = {c.start: c for c in cands}
    swallowed: set[int] = set()
    merged: list[Cand] = []
    for cand in cands:
        if cand.start in swallowed:
            continue
        i, head, dashed = cand.end, None, False
        while i < len(doc) and i - cand.end < 6:
            tok = doc[i]
            if tok.text in r.datelines or tok.text == "-":
                i, dashed = i + 1, True
                continue
            if not (tok.is_title and tok.is_alpha):
                break
            if tok.lower_ in r.institutions:
                head = i
                break
            i += 1
        if head is None or not dashed or not doc[head - 1].is_title:
            continue
        end = head + 1
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            j = end + 1
            while j < len(doc) and j < end + 4 and doc[j].is_title and j not in starts:
                j += 1
            if j > end + 1:
                end = j
        inside = [c for c in cands if cand.start <= c.start and c.end <= end]
        swallowed.update(c.start for c in inside)
        org = Cand(cand.start, end, "ACTOR", "ORG", {"kind": "organization"})
        merged.append(org)
    kept = [c for c in cands if c.start not in swallowed]
    return sorted(kept + merged, key=lambda c: c.start)


def company_names(doc: Doc, r: ActorRules) -> list[Cand]:
    """Companies named with a legal or group suffix ('Abu Dhabi National Oil Co',
    'Omani Petrol Holdings'): the capitalised words before the suffix, back to a
    lower-case word, a stop word, a date or the line's start, are one company. The
    small model leaves such names out or cuts a place off their front ('Abu Dhabi' +
    'National Oil Co'); the suffix says the whole run is the firm's name, two names
    glued by a hyphen in it too ('Laos-China Railway Company')."""
    out: list[Cand] = []
    if not r.company_suffixes:
        return out
    for tok in doc:
        if tok.text not in r.company_suffixes or tok.i == 0:
            continue
        start = tok.i
        while start > 0:
            prev = doc[start - 1]
            name_word = (prev.is_title or prev.is_upper) and (prev.is_alpha or prev.text == "&")
            # 'the Laos-China Railway Company' (tuning8): two names glued by a hyphen
            glued = prev.text == "-" and not prev.whitespace_ and start >= 2
            glued = glued and not doc[start - 2].whitespace_ and doc[start - 2].is_title
            if glued:
                start -= 1
                continue
            if not name_word or prev.is_stop or prev.ent_type_ in ("DATE", "TIME"):
                break
            start -= 1
            if prev.is_sent_start:
                break
        if start < tok.i and any(t.is_alpha for t in doc[start : tok.i]):
            out.append(Cand(start, tok.i + 1, "ACTOR", "ORG", {"kind": "company"}))
    return out


def norp_company(doc: Doc, start: int, end: int, r: ActorRules) -> Cand | None:
    """A NORP entity that is a demonym and then a name is a company ('Saudi Aramco',
    tagged NORP after 'State oil giant'): a nationality is one word or a plural
    ('South Koreans'), never an adjective before a singular proper noun."""
    if end - start < 2 or doc[start].lower_ not in r.demonyms:
        return None
    rest = doc[start + 1 : end]
    if all(
        t.is_title and t.is_alpha and t.tag_ == "NNP" and t.lower_ not in r.demonyms for t in rest
    ):
        return Cand(start, end, "ACTOR", "ORG", {"kind": "company"})
    return None


def demonym_companies(
    doc: Doc, norps: list[tuple[int, int]], cands: list[Cand], r: ActorRules
) -> None:
    """'Saudi' (NORP) + 'Zarnoco' (ORG): an organisation the model found right after a
    lone demonym takes it back as the first word of its name, as 'Saudi Aramco' is one
    name; a ministry or department is no company and takes its demonym in
    ``bodies.national_ministries``."""
    before = {end: start for start, end in norps if end - start == 1}
    for cand in cands:
        start = before.get(cand.start)
        if (
            start is None
            or cand.source != "ORG"
            or doc[start].lower_ not in r.demonyms
            or doc[start].whitespace_ != " "
            or doc[cand.end - 1].lower_ in r.institutions
            or not doc[cand.start].is_title
        ):
            continue
        cand.start = start
        cand.attrs["kind"] = "company"


def cut_descriptor(doc: Doc, cand: Cand, r: ActorRules) -> Cand:
    """'Broadcaster RTE said': what a body is, opening a sentence, then its name; the
    name alone is the actor."""
    first = doc[cand.start]
    if len(cand) > 1 and first.is_sent_start and first.lower_ in r.descriptors:
        cand.start += 1
    return cand


def _portfolio(doc: Doc, cand: Cand, r: ActorRules) -> bool:
    """'Moldovan Energy Minister Dorin Ciobanu': the words before a minister's title and
    name, which the model may call a person, are a portfolio (a person's name is never
    followed by a title and another name)."""
    title = cand.end
    if title + 1 >= len(doc) or doc[title].lower_ not in r.portfolio:
        return False
    return doc[title + 1].ent_type_ == "PERSON"


def _cut_dateline(doc: Doc, cand: Cand, r: ActorRules) -> Cand | None:
    """'BRUSSELS - The European Commission' -> 'European Commission' (a dateline swallowed)."""
    for i in range(cand.start + 1, cand.end - 1):
        if doc[i].text in r.datelines and all(
            doc[j].is_upper for j in range(cand.start, i) if doc[j].is_alpha
        ):
            cand.start = i + 1
            return strip_edges(doc, cand, r.leading)
    return cand


def _kind(doc: Doc, cand: Cand, r: ActorRules) -> str:
    words = {doc[i].lower_ for i in range(cand.start, cand.end)}
    mapped = r.label_map.get(cand.source) or {}
    kind = mapped.get("kind", "other")
    if kind == "organization":
        if words & r.media:
            return "media"
        if words & r.company:
            return "company"
    return kind


def actor_candidates(doc: Doc, ents: list[Cand], r: ActorRules) -> list[Cand]:
    """Filter and trim the ACTOR-mapped entities of ``doc`` (NORP handled by the caller)."""
    out: list[Cand] = []
    opening = dateline_end(doc, r.datelines)
    for cand in ents:
        source = cand.source
        if cand.start < opening:
            continue
        if source == "ORG":
            cand = titled_person(doc, cand, r) or cand
            source = cand.source
        trimmed = _strip_actor(doc, cand, r)
        if trimmed is None:
            continue
        cand = trimmed
        cand = _cut_dateline(doc, cand, r)
        if cand is None:
            continue
        cut_descriptor(doc, cand, r)
        text = cand.text(doc)
        low = text.lower()
        if not any(ch.isupper() for ch in text):
            continue  # names are capitalised; a lower-case "entity" is noise
        last = doc[cand.end - 1]
        if low in r.demonyms or low in r.benchmarks:
            continue
        if last.lower_ in r.not_actor_heads and text not in r.bodies:
            continue  # 'the Paris Agreement'; a known body keeps its name ('... Programme')
        if len(cand) > 1 and last.lower_ in r.currencies:
            continue  # 'paid in Chinese yuan': a currency, named after its state
        if len(cand) > 1 and last.lower_ in r.products:
            continue  # 'our Dar Blend would cost': a crude grade, named with its head
        if len(cand) > 1 and last.is_title and last.lower_ in r.features:
            continue  # 'towards the Natuna Sea' (tuning7): a sea, a strait, a basin
        if len(cand) > 1 and last.is_lower and last.lower_ in r.place_heads:
            continue  # 'the governor of Catamarca province' (tuning11): the place
        if (
            cand.start >= 2
            and doc[cand.start - 1].text == "-"
            and doc[cand.start - 2].lower_ in r.adj_prefixes
        ):
            continue  # "anti-Iran sanctions": part of an adjective
        after = doc[cand.end] if cand.end < len(doc) else None
        if after is not None and after.is_lower and after.lower_ in r.products:
            continue  # "Brent crude": a product named after a place or a field
        if _in_compound(doc, cand, r) or _hyphen_modifier(doc, cand):
            continue
        if source == "ORG":
            if (
                after is not None
                and after.lower_ in r.title_followers
                and last.lower_ not in r.institutions
                and text not in r.bodies
                and not after.lower_.startswith("spokes")
            ):
                # "Trade Minister": part of a title; "Romgaz Chief Executive" not, nor the
                # body a spokesperson speaks for ('a Shell spokeswoman', tuning6; 'An
                # Albpetrol spokesman said', tuning9: every such name is the gold's actor)
                continue
            if _joint_portfolio(doc, cand.end):
                continue  # 'Climate and Energy Minister Ilze ...' (tuning10)
            p1, p2 = word_before(doc, cand.start, skip_det=True), None
            if p1 is not None and p1.lower_ == "of":
                p2 = word_before(doc, p1.i, skip_det=False)
            if p2 is not None and p2.lower_ in r.portfolio:
                continue  # "Minister of Economy, Trade": a portfolio
        if source == "PERSON" and _portfolio(doc, cand, r):
            continue
        if source in ("GPE", "LOC") and (is_place(doc, cand, r) or on_route(doc, cand)):
            continue
        if source in ("PERSON", "ORG") and (
            misread_place(doc, cand, r) or common_noun(doc, cand, r.ambiguous)
        ):
            continue
        if low in r.commodities:
            continue  # "new LNG terminals": a fuel, not an organisation
        if cand.end < len(doc) and doc[cand.end].lower_ in r.government:
            cand.end += 1  # "the Trump administration", "the Teheran government"
            cand.attrs["kind"] = "state"
        out.append(cand)
    extend_cut_names(doc, out, r)
    bridge_bodies(doc, out, r)
    return _institution_names(doc, join_split_names(doc, out, r), r)


def acronym_candidates(doc: Doc, actors: list[Cand], covered: set[int]) -> list[Cand]:
    """'the Japan External Trade Organization (JETRO)': JETRO becomes an actor everywhere;
    so does a one-word alias in brackets after a name of three words or more ('the
    National Chamber of the Iron and Steel Industry (Canacero)'). Where the model
    tagged the alias itself, the mention replaces that tag (the caller drops it), so
    it takes the full name's canonical."""
    found: dict[str, Cand] = {}
    for cand in actors:
        if cand.end + 2 < len(doc) and doc[cand.end].text == "(" and doc[cand.end + 2].text == ")":
            acr = doc[cand.end + 1].text
            alias = acr.istitle() and len(cand) >= 3
            if (acr.isupper() or alias) and acr.isalpha() and 2 <= len(acr) <= 10:
                found[acr] = cand
    extra: list[Cand] = []
    if not found:
        return extra
    alone = {c.start for c in actors if len(c) == 1}  # the model's own tag of the alias
    for tok in doc:
        full = found.get(tok.text)
        if full is not None and (tok.i not in covered or tok.i in alone):
            extra.append(
                Cand(tok.i, tok.i + 1, "ACTOR", "ACRONYM", {"full": full.text(doc), "of": full})
            )
    return extra


def person_names(doc: Doc, actors: list[Cand]) -> dict[str, str]:
    """Surname -> full name of the multi-word persons in the document; then, where no
    surname is spelled so, the other words of a name of three ('Azrulnizam' of
    'Azrulnizam Tengku Badrol', a Malay name's given name, tuning7; 'Quintero' of
    'Eduardo Quintero Arosemena', a Spanish name's first surname)."""
    names: dict[str, str] = {}
    fulls = [cand.text(doc) for cand in actors if cand.source == "PERSON" and len(cand) >= 2]
    for full in fulls:
        parts = full.split()
        if len(parts) >= 2:
            names.setdefault(parts[-1], full)
            if "-" in parts[-1]:  # surname first: "Park Ji-won", then "Park said"
                names.setdefault(parts[0], full)
    for full in fulls:
        parts = full.split()
        for part in parts[:-1] if len(parts) >= 3 else ():
            if part[:1].isupper() and len(part) >= 4:
                names.setdefault(part, full)
    return names


_SAID = frozenset({"said", "says", "told", "added"})


def surname_candidates(doc: Doc, names: dict[str, str], covered: set[int]) -> list[Cand]:
    """Bare surnames the model left untagged ('Seko added'), spelling variants included;
    never a word glued by a hyphen to the one before ('Viru' of 'Viru Keemia Grupp' in
    'Ida-Viru county', tuning9)."""
    out: list[Cand] = []
    if not names:
        return out
    # a family name written first, the speaker of a quote ('"...," Meas said' after
    # 'Commerce Minister Meas Sovanndara', tuning9)
    firsts = {full.split()[0] for full in names.values() if len(full.split()) == 2}
    for tok in doc:
        if (
            tok.i in covered
            or not tok.is_title
            or len(tok.text) < 4
            or (tok.is_sent_start and tok.is_stop)
            or (tok.i > 0 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_)
        ):
            continue
        if (
            tok.text in names
            or (tok.tag_ in ("NNP", "") and similar_name(tok.text, names))
            or (tok.text in firsts and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in _SAID)
        ):
            out.append(Cand(tok.i, tok.i + 1, "ACTOR", "PERSON"))
    return out


def canonicalize(
    doc: Doc, cand: Cand, r: ActorRules, aliases: AliasTable, names: dict[str, str]
) -> None:
    """Fill ``kind`` and ``canonical`` of an ACTOR candidate."""
    text = cand.text(doc)
    if cand.source == SPEAKER:  # an interview's tag: the person the article introduced
        full = cand.attrs.pop("full")
        hit = aliases.lookup(full)
        cand.attrs.update(canonical=hit[0] if hit else full, kind="person")
        return
    if cand.source == "ACRONYM":
        full = cand.attrs.pop("full")
        of = cand.attrs.pop("of")
        hit = aliases.lookup(full)  # the article defines what its acronym stands for
        cand.attrs.update(
            canonical=hit[0] if hit else full, kind=of.attrs.get("kind") or "organization"
        )
        return
    lookups = [text]
    if text.startswith("@"):
        lookups.append(split_handle(text))
    for name in lookups:
        hit = aliases.lookup(name)
        if hit is not None:
            cand.attrs["canonical"] = hit[0]
            cand.attrs["kind"] = hit[1] or cand.attrs.get("kind") or _kind(doc, cand, r)
            return
    single = " " not in text
    surname = text if text in names else (similar_name(text, names) if single else None)
    if single and surname is None and cand.source in ("PERSON", "ORG"):
        # a family name written first ("Wang Wenbin ... Wang said", "Hayashi Yoshimasa"
        # in the seeds): a name the model found itself (as PERSON, or as ORG for
        # "Wang"), never a new span
        surname = next((k for k, full in names.items() if full.split()[0] == text), None)
    if single and surname is not None:
        full = names[surname]
        hit = aliases.lookup(full)
        cand.attrs["canonical"] = hit[0] if hit else full
        cand.attrs["kind"] = "person"
        return
    cand.attrs.setdefault("kind", _kind(doc, cand, r))
    handle = text.startswith("@")
    cand.attrs["canonical"] = split_handle(text) if handle else expanded(text, aliases)
