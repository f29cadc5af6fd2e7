"""Turning texts into proposed spans: the model's entities, the rules, the normalizers.

``Preannotator.annotate`` streams (text, published) pairs through
``nlp.pipe`` and yields one list of ``Span`` per text, in order. Texts
longer than ``CHUNK_CHARS`` are cut at paragraph (else sentence, else word)
boundaries and their pieces' offsets shifted back, so a 2 MB document costs
no more memory than many small ones and its offsets stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc

from annotator.core.scheme import Scheme, default_scheme
from annotator.core.types import Relation, Span

from .actors import (
    ActorRules,
    acronym_candidates,
    actor_candidates,
    bloc,
    canonicalize,
    company_names,
    cut_descriptor,
    demonym_companies,
    norp_company,
    person_names,
    surname_candidates,
)
from .aliases import AliasTable, similar_name
from .attributed import speaker_candidates, tag_named_persons
from .bodies import (
    BodyRules,
    adjective_bodies,
    demonym_bodies,
    described_companies,
    infrastructure_names,
    joined_media,
    joined_trades,
    listed_companies,
    mission_names,
    national_ministries,
    region_places,
    state_bodies,
    untagged_bodies,
)
from .candidates import Cand, is_parsed, is_verb, resolve_overlaps, strip_edges
from .contrast import contrast_stances
from .datelines import dateline_place
from .dates import DateSpanRules, Tense, normalize_date
from .figures import figure_currency, glued_money, normalize_figure
from .introduced import (
    IntroRules,
    introduced_persons,
    short_name_candidates,
    subsidiary_names,
)
from .learned_polarity import LearnedPolarity, polarity_note, polarity_values
from .mentions import (
    MentionRules,
    article_names,
    hyphenated_surnames,
    link_mentions,
    repeated_names,
)
from .name_repairs import titled_name
from .pipeline import Pipeline
from .quote_paragraphs import next_paragraph_quotes
from .rates import priced_end, settle_local_currencies, share_measures
from .reported import reporters_hold
from .rules import NlpRules, load_rules
from .stance import StanceRules, stance_candidates

CHUNK_CHARS = 100_000
CACHE_SIZE = 50_000  # normalized texts kept per Preannotator (a bound on a long run's memory)
_BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?][\"'”’)]?\s"),
    re.compile(r"\s"),
)


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pairs covering ``text`` exactly, each piece at most ``limit`` chars."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window, limit // 2)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _tense(doc: Doc, cand: Cand) -> Tense:
    if not is_parsed(doc):
        return "present"
    tok = doc[cand.start : cand.end].root
    for _ in range(6):
        if is_verb(tok) or tok.head.i == tok.i:
            break
        tok = tok.head
    kids = list(tok.children)
    if any(k.lower_ in ("will", "'ll", "shall") for k in kids) or tok.lower_ == "will":
        return "future"
    if tok.tag_ in ("VBD", "VBN") or any(k.tag_ == "VBD" for k in kids if k.dep_ == "aux"):
        return "past"
    return "present"


@dataclass
class Suggestions:
    """What pre-annotation proposes for one text: spans, and the relations between them
    (a STANCE's HOLDER and TARGET links, ends named by span key, origin ``model``)."""

    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    # a text categorizer's answers (category -> chosen values); a long text's first piece's
    categories: dict[str, list[str]] = field(default_factory=dict)
    # the span and text categorizers' scores (most_to_learn.doc_scores), every piece's
    scores: list[float] = field(default_factory=list)

    def extend(self, other: Suggestions) -> None:
        self.spans.extend(other.spans)
        self.relations.extend(other.relations)
        self.scores.extend(other.scores)
        self.categories = self.categories or other.categories


class Preannotator:
    """Proposes ACTOR, FIGURE, DATE and STANCE spans with their attributes."""

    def __init__(
        self,
        pipeline: Pipeline,
        scheme: Scheme | None = None,
        aliases: AliasTable | None = None,
        rules: NlpRules | None = None,
    ):
        self.pipeline = pipeline
        self.nlp = pipeline.nlp
        self.rules = rules or load_rules()
        self.scheme = scheme or default_scheme()
        self.aliases = aliases or AliasTable.default(self.rules)
        self._words = frozenset(name.lower() for name in self.rules.ambiguous)  # 'ONE', 'one'
        self.labels = set(self.scheme.names)
        self.relation_names = set(self.scheme.relation_names)
        self.actor_rules = ActorRules(self.rules)
        self.intro_rules = IntroRules(self.rules, self.actor_rules)
        self.body_rules = BodyRules(self.rules, self.actor_rules)
        self.mention_rules = MentionRules(self.rules)
        self.stance_rules = StanceRules(self.rules)
        self.fig_approx = self.rules.words("figure", "approximators")
        self.per_units = self.rules.words("figure", "per_units")
        self.date_leading = self.rules.words("date", "leading_words_to_strip")
        self.date_keep = self.rules.words("date", "keep_leading")
        self.not_dates = self.rules.words("date", "not_dates")
        self.date_spans = DateSpanRules(self.rules)
        self.matcher = Matcher(self.nlp.vocab)
        for p in self.rules.figure["patterns"]:
            self.matcher.add(f"FIGURE:{p['id']}", [p["pattern"]])
        for p in self.rules.actor.get("institution_patterns", ()):
            self.matcher.add(f"ACTOR:{p['id']}", [p["pattern"]])
        for p in self.rules.date["patterns"]:
            if p.get("rules_only") and pipeline.kind != "rules":
                continue
            self.matcher.add(f"DATE:{p['id']}", [p["pattern"]])
        # a trained model's STANCE polarity categorizer, when it beat the lexicon
        stance = polarity_values(self.scheme)
        self.polarity_label = stance[0] if stance else None
        self.learned_polarity = LearnedPolarity.of(self.nlp, stance[1]) if stance else None
        self.polarity_note = polarity_note(self.nlp, self.learned_polarity) if stance else None
        self._figures: dict[str, dict[str, Any]] = {}
        self._dates: dict[tuple[str, str | None, Tense], dict[str, Any]] = {}
        if self.nlp.max_length < CHUNK_CHARS + 1:
            self.nlp.max_length = CHUNK_CHARS + 1

    # -- one Doc -----------------------------------------------------------------
    def doc_spans(self, doc: Doc, published: str | None = None, offset: int = 0) -> list[Span]:
        """The proposed spans of one processed Doc, offsets shifted by ``offset``."""
        return self.doc_suggestions(doc, published, offset).spans

    def doc_suggestions(
        self, doc: Doc, published: str | None = None, offset: int = 0
    ) -> Suggestions:
        """The proposed spans and relations of one processed Doc, offsets shifted."""
        entities = self._entities(doc)
        for cand in entities:
            self._normalize(doc, cand, published)
        settle_local_currencies(doc, entities, self.rules)
        share_measures(doc, entities)
        actors = [c for c in entities if c.label == "ACTOR"]
        link_mentions(doc, actors, self.mention_rules)
        article_names(doc, actors, self.aliases)
        others = [c for c in entities if c.label in ("FIGURE", "DATE")]
        stances = (
            stance_candidates(doc, actors, self.stance_rules, others)
            if "STANCE" in self.labels
            else []
        )
        if stances:
            index = {i: c for c in actors for i in range(c.start, c.end)}
            spans = {i: c for c in others for i in range(c.start, c.end)} | index
            reporters_hold(doc, stances, index, self.stance_rules)
            stances += contrast_stances(doc, stances, index, spans, self.stance_rules)
            stances += next_paragraph_quotes(doc, stances, index, spans, self.stance_rules)
        out = Suggestions()
        keys: dict[int, tuple[int, int, str]] = {}
        for cand in [*entities, *stances]:
            if cand.label not in self.labels:
                continue
            span = doc[cand.start : cand.end]
            made = Span(
                start=span.start_char + offset,
                end=span.end_char + offset,
                label=cand.label,
                attrs=cand.attrs,
                origin="model",
            )
            keys[id(cand)] = made.key()
            out.spans.append(made)
        for cand in stances:
            for label, end in cand.links.items():
                if label in self.relation_names and id(cand) in keys and id(end) in keys:
                    out.relations.append(
                        Relation(keys[id(cand)], keys[id(end)], label, origin="model")
                    )
        out.spans.sort(key=lambda s: (s.start, s.end, s.label))
        return out

    def _state_name(self, text: str) -> bool:
        """A state's name or capital (states.json) that is no common word: the model
        may call it a place or a product, but the place rules decide that."""
        found = self.aliases.lookup(text)
        return found is not None and found[1] == "state" and text not in self.rules.ambiguous

    def _home_state(self, doc: Doc) -> list[Cand]:
        """A state whose every name is also a word or a given name (``ambiguous``:
        Niger, Chad, Jordan) is no pattern, and the model often leaves it untagged;
        in an article filed from its own capital ('NIAMEY, Oct 7 - Niger stopped
        pumping', tuning6) a capitalised mention of it is that state."""
        place = dateline_place(doc)
        found = self.aliases.lookup(place) if place else None
        if found is None or found[1] != "state":
            return []
        state = self.rules.states.get(found[0], {})
        names = {n for n in (found[0], *state.get("names", ())) if n in self.rules.ambiguous}
        return [
            Cand(t.i, t.i + 1, "ACTOR", "GPE") for t in doc if t.text in names and not t.ent_type_
        ]

    def _body_name(self, text: str) -> bool:
        """A known company's or organisation's name (organizations.json) that is no common
        word, which the model called a product or a work ('told the Bundestag')."""
        found = self.aliases.lookup(text)
        return (
            found is not None
            and found[1] in ("organization", "company")
            and text.lower() not in self._words
        )

    def _entities(self, doc: Doc) -> list[Cand]:
        r = self.actor_rules
        mapped: list[Cand] = []
        norps: list[Cand] = []
        for ent in doc.ents:
            target = self.rules.label_map.get(ent.label_)
            if ent.label_ == "NORP":
                company = norp_company(doc, ent.start, ent.end, r)
                if company is not None:
                    mapped.append(company)
                    continue
                norps.append(Cand(ent.start, ent.end, "ACTOR", "PERSON"))
            if not target:
                found = None
                if ent.label_ in r.titled_labels:
                    found = titled_name(doc, ent.start, ent.end, r)
                elif ent.label_ == "LOC":
                    found = bloc(doc, ent.start, ent.end, r)
                if found is None and self._state_name(ent.text):
                    found = Cand(ent.start, ent.end, "ACTOR", "GPE")  # "Ivory Coast" as LOC
                elif found is None and self._body_name(ent.text):
                    found = Cand(ent.start, ent.end, "ACTOR", "ORG")
                if found is not None:
                    mapped.append(found)
                continue
            source = ent.label_
            if source in ("PERSON", "ORG") and self._state_name(ent.text):
                source = "GPE"  # 'who visited Bishkek' tagged PERSON: the place rules decide
            mapped.append(Cand(ent.start, ent.end, target["label"], source))
        for match_id, start, end in self.matcher(doc):
            label = self.nlp.vocab.strings[match_id].split(":")[0]
            mapped.append(Cand(start, end, label, "ORG" if label == "ACTOR" else "RULE"))
        mapped.extend(self._home_state(doc))
        mapped.extend(company_names(doc, r))
        mapped.extend(subsidiary_names(doc, self.intro_rules))
        demonym_companies(doc, [(n.start, n.end) for n in norps], mapped, r)
        actors_in = [c for c in mapped if c.label == "ACTOR"]
        actors = actor_candidates(doc, actors_in, r)
        actors = [a for a in actors if self._keep_short_org(doc, a)]
        adjective_bodies(doc, actors, self.body_rules)
        mission_names(doc, actors, self.body_rules)
        actors = national_ministries(doc, actors, self.body_rules)
        actors = state_bodies(doc, actors, self.body_rules)
        actors = demonym_bodies(doc, actors, self.body_rules)
        actors = region_places(doc, actors, self.body_rules)
        actors = joined_media(doc, actors, self.body_rules)
        actors = joined_trades(doc, actors, self.body_rules)
        actors = infrastructure_names(doc, actors, self.body_rules)
        taken = {i for c in mapped + actors for i in range(c.start, c.end)}
        actors += introduced_persons(doc, self.intro_rules, taken)
        actors += described_companies(doc, taken, self.body_rules)
        actors += untagged_bodies(doc, taken, self.body_rules)
        actors += listed_companies(doc, actors, taken)
        actors += tag_named_persons(doc, taken)
        names = person_names(doc, actors)
        for word in [w for w in names if w.lower() in self.actor_rules.commodities]:
            del names[word]  # 'Harita Nickel' read as a person: 'Nickel' names no one
        # the rules' persons ('Hasnul Tengku Ariffin' cut out of a rank the model read
        # as an organisation) name their short mentions too, after the model's own
        model_names = self._names_cache(doc)
        for short, full in names.items():
            model_names.setdefault(short, full)
        for norp in norps:  # "Rouhani" tagged NORP: a known surname is a person
            text = norp.text(doc)
            if " " not in text and (text in names or similar_name(text, names)):
                actors.append(norp)
        others = [t for c in mapped if c.label != "ACTOR" for t in self._trim(doc, c)]
        kept = resolve_overlaps(actors + others)
        speakers = speaker_candidates(doc, names)
        if speakers:  # a speaker tag replaces what the model made of it
            tagged = {i for c in speakers for i in range(c.start, c.end)}
            kept = [c for c in kept if tagged.isdisjoint(range(c.start, c.end))] + speakers
        covered = {i for c in kept for i in range(c.start, c.end)}
        extra = acronym_candidates(doc, [c for c in kept if c.label == "ACTOR"], covered)
        aliased = {(c.start, c.end) for c in extra}
        kept = [c for c in kept if (c.start, c.end) not in aliased]
        covered |= {i for c in extra for i in range(c.start, c.end)}
        actors_kept = [c for c in kept if c.label == "ACTOR"]
        # a short name replaces a one-word tag of the model ('Albury' as PERSON), so it
        # takes the full name's canonical, as an acronym does
        single = {c.start for c in actors_kept if len(c) == 1}
        short = short_name_candidates(doc, actors_kept, covered - single, self.intro_rules)
        named = {(c.start, c.end) for c in short}
        kept = [c for c in kept if (c.start, c.end) not in named]
        extra += short
        covered |= {i for c in extra for i in range(c.start, c.end)}
        # a name written again in full is one mention before any of its words is one
        # ('accused Petrolifera Italo Albanese', tagged whole only further on: tuning9)
        actors_kept = [c for c in kept if c.label == "ACTOR"]
        extra += repeated_names(doc, actors_kept, covered, self.actor_rules)
        covered |= {i for c in extra for i in range(c.start, c.end)}
        extra += hyphenated_surnames(doc, names, actors_kept, covered)
        covered |= {i for c in extra for i in range(c.start, c.end)}
        extra += surname_candidates(doc, names, covered)
        kept = resolve_overlaps(kept + extra)
        return self._merge_adjacent_dates(doc, kept)

    def _keep_short_org(self, doc: Doc, cand: Cand) -> bool:
        if cand.source != "ORG":
            return True
        text = cand.text(doc)
        return len(text) >= self.actor_rules.min_org or self.aliases.lookup(text) is not None

    def _trim(self, doc: Doc, cand: Cand) -> list[Cand]:
        """The FIGURE or DATE span(s) a model entity or rule match stands for (maybe none)."""
        if cand.label == "FIGURE":
            trimmed = strip_edges(doc, cand, self.fig_approx)
            if trimmed is None or not any(
                t.like_num or glued_money(t.text, self.rules)
                for t in doc[trimmed.start : trimmed.end]
            ):
                return []
            trimmed = self._cut_relative_rate(doc, trimmed)
            state = self._leading_state(doc, trimmed)
            if not self._figure(trimmed.text(doc))["unit"]:
                return state  # a bare count is not a figure
            return [*state, trimmed]
        if cand.label == "DATE":
            first = cand.start
            trimmed = strip_edges(doc, cand, self.date_leading, self.date_keep)
            if trimmed is None:
                return []
            out = []
            for start, end in self.date_spans.refine(doc, trimmed.start, trimmed.end, first):
                part = Cand(start, end, "DATE", cand.source)
                if part.text(doc).lower() not in self.not_dates:
                    out.append(part)
            return out
        return [cand]

    def _leading_state(self, doc: Doc, cand: Cand) -> list[Cand]:
        """'... and Cameroon 45 percent' read as one PERCENT (tuning7): a state's name
        before the number is no part of the figure but the actor it is given to."""
        first = doc[cand.start]
        if len(cand) < 2 or not first.is_title or not self._state_name(first.text):
            return []
        cand.start += 1
        return [Cand(first.i, first.i + 1, "ACTOR", "GPE")]

    def _cut_relative_rate(self, doc: Doc, cand: Cand) -> Cand:
        """A rate keeps its 'per' part ('$68 per barrel', '1.5 billion cubic feet per day';
        after money the noun phrase priced, '$4,200 per 40-foot container'), but in
        '700,000 tonnes a year earlier' ``a year`` starts a DATE: no rate."""
        end = cand.end
        if (
            end + 1 < len(doc)
            and doc[end].lower_ == "per"
            and not any(t.lower_ == "per" for t in doc[cand.start : end])
        ):
            priced = (
                priced_end(doc, end + 1, self.per_units)
                if figure_currency(cand.text(doc))
                else None
            )
            if priced is None and doc[end + 1].lower_ in self.per_units:
                priced = end + 2
            if priced is not None:
                cand.end = priced
                return self._second_per(doc, cand)
        nxt = doc[cand.end].lower_ if cand.end < len(doc) else ""
        if (
            cand.end - cand.start > 2
            and doc[cand.end - 2].lower_ in ("a", "an")
            and nxt in self.date_spans.relative_after
        ):
            cand.end -= 2
        return self._second_per(doc, cand)

    def _second_per(self, doc: Doc, cand: Cand) -> Cand:
        """A tariff priced by two measures keeps both ('$0.04 per tonne per
        kilometre'): one more 'per' phrase after a money rate joins it."""
        end = cand.end
        if (
            end + 1 < len(doc)
            and doc[end].lower_ == "per"
            and any(t.lower_ == "per" for t in doc[cand.start : end])
            and figure_currency(cand.text(doc))
        ):
            priced = priced_end(doc, end + 1, self.per_units)
            if priced is not None:
                cand.end = priced
        return cand

    def _merge_adjacent_dates(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """'Saturday' + 'morning' (DATE + TIME) separated by one space are one DATE."""
        out: list[Cand] = []
        for cand in cands:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.label == cand.label == "DATE"
                and prev.end == cand.start
                and doc[prev.end - 1].whitespace_ == " "
                and doc[cand.start].lower_ in ("morning", "afternoon", "evening", "night")
            ):
                prev.end = cand.end
                continue
            out.append(cand)
        return out

    def _normalize(self, doc: Doc, cand: Cand, published: str | None) -> None:
        text = cand.text(doc)
        if cand.label == "FIGURE":
            cand.attrs = self._figure(text)
        elif cand.label == "DATE":
            cand.attrs = self._date(text, published, _tense(doc, cand))
        elif cand.label == "ACTOR":
            canonicalize(doc, cand, self.actor_rules, self.aliases, self._names_cache(doc))

    def _figure(self, text: str) -> dict[str, Any]:
        """``normalize_figure`` of a text, computed once per text: a trained model
        finds the same figures in document after document, and each is read with
        a dozen regular expressions. A copy, since a span's attrs are its own."""
        found = self._figures.get(text)
        if found is None:
            if len(self._figures) >= CACHE_SIZE:
                self._figures.clear()
            found = self._figures[text] = normalize_figure(text, self.rules)
        return dict(found)

    def _date(self, text: str, published: str | None, tense: Tense) -> dict[str, Any]:
        """``normalize_date``, once per (text, publication date, tense): all it reads."""
        key = (text, published, tense)
        found = self._dates.get(key)
        if found is None:
            if len(self._dates) >= CACHE_SIZE:
                self._dates.clear()
            found = self._dates[key] = normalize_date(text, published, tense, self.rules)
        return dict(found)

    def _names_cache(self, doc: Doc) -> dict[str, str]:
        cached = doc.user_data.get("annotator_names")
        if cached is None:
            actors = [
                cut_descriptor(doc, Cand(e.start, e.end, "ACTOR", "PERSON"), self.actor_rules)
                for e in doc.ents
                if e.label_ == "PERSON"
            ]
            cached = person_names(doc, actors)
            doc.user_data["annotator_names"] = cached
        return cached

    # -- streams ------------------------------------------------------------------
    def annotate(
        self,
        texts_with_published: Iterable[tuple[str, str | None]],
        batch_size: int = 64,
        n_process: int = 1,
    ) -> Iterator[list[Span]]:
        """One list of proposed spans per input text, in input order (empty texts: [])."""
        for found in self.suggest(texts_with_published, batch_size, n_process):
            yield found.spans

    def suggest(
        self,
        texts_with_published: Iterable[tuple[str, str | None]],
        batch_size: int = 64,
        n_process: int = 1,
    ) -> Iterator[Suggestions]:
        """Spans and relations per input text, in input order (empty texts: nothing)."""
        items = texts_with_published
        counts: list[int] = []
        published_of: list[str | None] = []

        def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
            for i, (text, published) in enumerate(items):
                published_of.append(published)
                if not text or not text.strip():
                    counts.append(0)
                    continue
                parts = split_text(text)
                counts.append(len(parts))
                for offset, piece in parts:
                    yield piece, (i, offset)

        pending: dict[int, Suggestions] = {}
        remaining: dict[int, int] = {}
        next_out = 0
        docs = self.nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process)
        for doc, (i, offset) in docs:
            remaining.setdefault(i, counts[i])
            found = self.doc_suggestions(doc, published_of[i], offset)
            if self.learned_polarity is not None and self.polarity_label:
                self.learned_polarity.relabel(doc.text, found.spans, self.polarity_label, offset)
            pending.setdefault(i, Suggestions()).extend(found)
            remaining[i] -= 1
            while next_out < len(counts) and (
                counts[next_out] == 0 or remaining.get(next_out) == 0
            ):
                done = pending.pop(next_out, Suggestions())
                done.spans.sort(key=lambda s: (s.start, s.end, s.label))
                yield done
                remaining.pop(next_out, None)
                next_out += 1
        while next_out < len(counts):
            yield pending.pop(next_out, Suggestions())
            next_out += 1
