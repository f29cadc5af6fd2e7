"""Doc-level canonical names: later or shorter mentions take the canonical of the
mention that introduced them.

Why after each ACTOR is canonicalised on its own: a mention's full name is
often only in an earlier sentence. "a Commission spokesperson" after "the
European Commission" is that Commission; GUIDELINES.md gives a ministry its
country ("Iraq's Oil Ministry" -> `Iraqi Oil Ministry`, "the State
Department" in a story about Washington -> `U.S. State Department`), so a
STANCE held by it names the same canonical wherever it is mentioned.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .actors import ActorRules
from .aliases import AliasTable
from .candidates import Cand
from .places import is_place, misread_place
from .rules import NlpRules


class MentionRules:
    """``mentions`` of actor_rules.json: which heads take a country, and its adjective."""

    def __init__(self, rules: NlpRules):
        spec = rules.actor.get("mentions", {})
        self.heads = frozenset(w.lower() for w in spec.get("qualified_heads", ()))
        self.adjectives: dict[str, str] = dict(spec.get("state_adjectives", {}))
        self.prefixes = frozenset(self.adjectives.values())
        self.demonyms = rules.words("actor", "demonyms")  # 'Kazakh' too, not only the 32


def _state_before(doc: Doc, cand: Cand, actors: list[Cand]) -> Cand | None:
    """The state right before ("Iraq's Oil Ministry", "U.S. State Department"), else the
    last state named earlier in the document."""
    last = None
    for other in actors:
        if other.start >= cand.start:
            break
        if other.attrs.get("kind") != "state":
            continue
        gap = cand.start - other.end  # "Iraq's Oil Ministry": nothing or a possessive
        if gap <= 0 or (gap == 1 and doc[other.end].lower_ in ("'s", "’s")):
            return other
        last = other
    return last


def _qualify(doc: Doc, cand: Cand, actors: list[Cand], mr: MentionRules) -> None:
    canonical = str(cand.attrs.get("canonical", ""))
    if canonical != cand.text(doc) or not any(
        doc[i].lower_ in mr.heads for i in range(cand.start, cand.end)
    ):
        return
    cand.attrs["kind"] = "organization"  # a ministry is no company, whatever its words
    if any(canonical.startswith(p + " ") for p in mr.prefixes):
        return
    before = doc[cand.start - 1].text if cand.start else ""
    # "Chinese Foreign Ministry", "Kazakh Energy Ministry": a demonym inside the span
    # names it already; one left outside still names it
    first = doc[cand.start].text
    if first.istitle() and first.lower() in mr.demonyms:
        return
    if before in mr.prefixes or (before.istitle() and before.lower() in mr.demonyms):
        cand.attrs["canonical"] = f"{before} {canonical}"
        return
    state = _state_before(doc, cand, actors)
    adjective = mr.adjectives.get(str(state.attrs.get("canonical"))) if state else None
    if adjective:
        cand.attrs["canonical"] = f"{adjective} {canonical}"


def link_mentions(doc: Doc, actors: list[Cand], mr: MentionRules) -> None:
    """Qualify ministries and departments with their country, then give a one-word
    organisation mention ("Commission") the canonical of the earlier name it ends
    ("European Commission")."""
    for cand in actors:
        if cand.attrs.get("kind") != "state" and cand.attrs.get("kind") != "person":
            _qualify(doc, cand, actors, mr)
    full: dict[str, str] = {}
    for cand in actors:
        text = cand.text(doc)
        kind = cand.attrs.get("kind")
        if kind in ("organization", "company", "media") and " " in text:
            full.setdefault(text.rsplit(" ", 1)[1], str(cand.attrs["canonical"]))
        elif (
            kind == "organization"
            and " " not in text
            and cand.attrs.get("canonical") == text
            and text in full
        ):
            cand.attrs["canonical"] = full[text]


def article_names(doc: Doc, actors: list[Cand], aliases: AliasTable) -> None:
    """A body the shipped table names by one canonical ('Galp', 'ECOWAS', 'PDVSA') takes
    the fullest name the article itself gives it ('Galp Energia', 'Economic Community
    of West African States', 'Petroleos de Venezuela'), as every held-out batch's
    writers took the canonical from the article. Fullest is most words; it replaces
    the table's name when that name has fewer words or is not in the article at all
    ('Kuwait Petroleum Corp' for 'Kuwait Petroleum Corporation'), never for an acronym
    alone nor for the table's name without its qualifier ('State Department' is still
    `U.S. State Department`). A canonical a person taught the project stays."""
    groups: dict[str, list[str]] = {}
    for cand in actors:
        canonical = str(cand.attrs.get("canonical", ""))
        if cand.attrs.get("kind") not in ("organization", "company") or aliases.taught(canonical):
            continue
        text = cand.text(doc)
        found = aliases.lookup(text)
        if found is not None and found[0] == canonical:
            groups.setdefault(canonical, []).append(text)
    renamed: dict[str, str] = {}
    for canonical, texts in groups.items():
        fullest = max(texts, key=lambda t: (len(t.split()), len(t)))
        words = len(fullest.split())
        shortened = canonical.endswith(" " + fullest)  # 'State Department': the U.S. one
        if (
            words > 1
            and not shortened
            and (words > len(canonical.split()) or canonical not in texts)
        ):
            renamed[canonical] = fullest
    for cand in actors:
        new = renamed.get(str(cand.attrs.get("canonical", "")))
        if new is not None and cand.attrs.get("kind") in ("organization", "company"):
            cand.attrs["canonical"] = new


def repeated_names(doc: Doc, actors: list[Cand], covered: set[int], r: ActorRules) -> list[Cand]:
    """A name of two words or more found once is that actor wherever the article
    writes it again, word for word, where nothing else was found: the model tags a
    name in one sentence and not in the next ("Washington added Tunduk Commerce Bank
    to its list ... Tunduk Commerce Bank said", tuning6), or only a part of it the
    first time (replaced by the whole). The place rules still
    decide each new mention ('exports from Ivory Coast')."""
    words = [t.text for t in doc]  # read once: a Span per position and length is slow
    vocabulary = frozenset(words)
    names: dict[tuple[str, ...], Cand] = {}
    for cand in actors:
        if len(cand) > 1 or _one_word_company(doc, cand, r, vocabulary):
            names.setdefault(tuple(words[cand.start : cand.end]), cand)
    out: list[Cand] = []
    lengths = sorted({len(k) for k in names}, reverse=True)
    firsts = {k[0] for k in names}
    taken = set(covered)
    for i, word in enumerate(words):
        if word not in firsts:
            continue
        for n in (n for n in lengths if i + n <= len(words)):
            key = tuple(words[i : i + n])
            if key in names and _free(range(i, i + n), taken, actors):
                cand = Cand(i, i + n, "ACTOR", names[key].source)
                taken.update(range(i, i + n))
                if not (is_place(doc, cand, r) or misread_place(doc, cand, r)):
                    out.append(cand)
                break
    return out


def hyphenated_surnames(
    doc: Doc, names: dict[str, str], actors: list[Cand], covered: set[int]
) -> list[Cand]:
    """A double surname alone ('Grzymala-Teodorczyk rejected ...' after 'Wojslaw
    Grzymala-Teodorczyk', tuning10): three tokens, so no one-token surname rule finds
    it, and the model may take its first half for a place; the whole replaces that."""
    out: list[Cand] = []
    for i in range(len(doc) - 2):
        first, dash, second = doc[i], doc[i + 1], doc[i + 2]
        if dash.text != "-" or first.whitespace_ or dash.whitespace_:
            continue
        if f"{first.text}-{second.text}" in names and _free(range(i, i + 3), covered, actors):
            out.append(Cand(i, i + 3, "ACTOR", "PERSON"))
    return out


def _free(tokens: range, taken: set[int], actors: list[Cand]) -> bool:
    """Whether a name written again may be marked at ``tokens``: nothing found there, or
    only shorter actors inside it, which the longer name replaces ('the Nepal
    Electricity Authority' tagged once, 'Nepal' alone of it the first time, tuning9)."""
    hit = taken.intersection(tokens)
    if not hit:
        return True
    inner = [c for c in actors if tokens.start <= c.start and c.end <= tokens.stop]
    if any(c.start == tokens.start and c.end == tokens.stop for c in inner):
        return False
    return hit <= {i for c in inner for i in range(c.start, c.end)}


def _one_word_company(doc: Doc, cand: Cand, r: ActorRules, words: frozenset[str]) -> bool:
    """A one-word organisation's name that is no word ('An Albpetrol spokesman said',
    tagged there only, and 'handed to Albpetrol, the state oil company' before it,
    tuning9): never a state, which the place rules guard, nor a known word."""
    tok = doc[cand.start]
    return (
        cand.source == "ORG"
        and cand.attrs.get("kind") != "state"
        and tok.text not in r.ambiguous
        and tok.is_title
        and tok.lower_ not in words
    )
