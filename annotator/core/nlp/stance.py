"""STANCE suggestions: an ACTOR as the subject of a reporting or evaluative verb.

With a dependency parse, the verb's nominal subject must stand for an
ACTOR ("Rouhani said", "Japan ... seeks", "he said", "the minister noted":
holders.py finds which); "NHK quoted Araqchi as saying" makes the quoted
actor the holder. Polarity comes from the verb when it is evaluative (welcomed,
criticized), otherwise from the clause's cue words in the lexicon, a
negation just before a cue flipping it. Without a parser (the rule-only
pipeline) an ACTOR right before or after a lexicon verb in a sentence is
taken as its subject. All of it is a guess the annotator confirms.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from .alternatives import act_phrase, rejected_act
from .attributed import (
    answer_speakers,
    attributed_stances,
    clip_to_answer,
    continued_quotes,
    segment_start,
    tag_at,
)
from .candidates import Cand, is_noun, is_parsed, is_verb, sentence_finder
from .datelines import dateline_end
from .holders import stance_holders
from .polarity import PolarityRules, clause_weights, commitment, cue_score, decide, negative_cues
from .quotes import quote_opened_before, quoted_tokens, speaker_words
from .rules import NlpRules

_SUBJECTS = ("nsubj", "nsubjpass")
_QUOTE_MARKS = frozenset({"“", "‘", "”", "’", '"'})
_MODIFIERS = ("det", "amod", "compound", "poss", "nummod", "nmod", "case")


class StanceRules:
    def __init__(self, rules: NlpRules):
        lex = rules.stance
        self.verbs: dict[str, str] = {k.lower(): v for k, v in lex["verbs"].items()}
        self.irregular: dict[str, str] = {k.lower(): v for k, v in lex["irregular_forms"].items()}
        self.quote = rules.words("stance", "quote_verbs")
        self.targets = rules.words("stance", "target_nouns")
        self.pronouns = rules.words("stance", "pronoun_subjects")
        self.antecedents = rules.words("stance", "antecedent_nouns")
        self.spokespeople = rules.words("stance", "official_nouns")
        self.named_before = self.spokespeople | self.antecedents
        adjectives = rules.actor.get("mentions", {}).get("state_adjectives", {})
        self.state_of: dict[str, str] = {adj: state for state, adj in adjectives.items()}
        self.self_pronouns = rules.words("stance", "self_pronouns")
        self.demand_modals = rules.words("stance", "demand_modals")
        self.measures = rules.words("stance", "measure_nouns")
        self.links = rules.words("stance", "holder_links")
        self.titles = rules.words("actor", "titles")
        self.refusals = rules.words("stance", "refusal_verbs")
        self.no_comment = [
            tuple(p.lower().split()) for p in rules.stance.get("no_comment_phrases", ())
        ]
        self.addressed = rules.words("stance", "addressee_verbs")
        self.reservations = rules.words("stance", "reservation_verbs")
        self.max_target = int(lex["max_target_tokens"])
        self.datelines = frozenset(rules.actor["dateline_separators"])
        self.lean_support = frozenset(
            {"seek", "hope", "want", "wish", "aim", "plan", "try", "look", "intend"}
        )
        self.polarity = PolarityRules(rules)
        self.acts: dict[str, dict[str, int]] = {
            verb.lower(): {noun.lower(): int(v) for noun, v in nouns.items()}
            for verb, nouns in lex.get("act_objects", {}).items()
        }
        self._bases: dict[str, str | None] = {}
        # orth id -> (lexicon verb it is a form of, whether a quote verb, whether a quote mark)
        self.forms: dict[int, tuple[str | None, bool, bool]] = {}

    def form(self, vocab: Vocab, orth: int) -> tuple[str | None, bool, bool]:
        """What a word form is to the stance rules, by its orth id: which lexicon verb
        it is a form of (only alphabetic words are), whether it is a quote verb, whether
        a quotation mark. All three depend on the form alone, so each is read once, and
        a document's words that are none are passed over without a ``Token``."""
        found = self.forms.get(orth)
        if found is None:
            if len(self.forms) >= 50_000:
                self.forms.clear()
            lex = vocab[orth]
            text = lex.orth_
            base = self.verb_base(text) if lex.is_alpha else None
            found = self.forms[orth] = (base, lex.lower_ in self.quote, text in _QUOTE_MARKS)
        return found

    def verb_cue(self, tok: Token) -> int:
        """+1 / -1 / 0: the lexicon polarity of a verb form met inside a clause."""
        base = self.verb_base(tok.text) if tok.is_alpha else None
        lexical = self.verbs.get(base or "", "neutral")
        return 1 if lexical == "support" else -1 if lexical == "oppose" else 0

    def verb_base(self, word: str) -> str | None:
        """The lexicon entry a verb form belongs to (said -> say, welcomed -> welcome);
        asked of every word of every document, so each form is looked up once."""
        if word in self._bases:
            return self._bases[word]
        if len(self._bases) >= 50_000:
            self._bases.clear()
        base = self._bases[word] = self._lookup_base(word)
        return base

    def _lookup_base(self, word: str) -> str | None:
        w = word.lower()
        if w in self.irregular:
            return self.irregular[w]
        for cand in (w, w[:-1], w[:-2], w[:-3], w[:-3] + "e", w[:-1] if w.endswith("d") else ""):
            if cand and cand in self.verbs:
                return cand
        if w.endswith("ied") and w[:-3] + "y" in self.verbs:
            return w[:-3] + "y"
        return None


def _foreign_measures(
    clause: list[Token], holder: Cand, index: dict[int, Cand], sr: StanceRules
) -> list[Token]:
    """Measures of another actor named in the clause, in full weight ("the US measures",
    "U.S. unfair pressures", "the hostile approach of the US"): the position the holder
    takes toward them is what the clause is about."""
    named = [tok for tok in clause if tok.lower_ in sr.measures]
    if not named:
        return []  # most clauses name none: their weights need not be read
    own = holder.attrs.get("canonical")
    weights = clause_weights(clause, sr.polarity)
    found = []
    for tok in named:
        if weights[tok.i] < 1.0:
            continue
        owners = [c for c in tok.children if c.dep_ in ("compound", "poss", "nmod", "amod")]
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "by", "from"):
                owners += [g for g in prep.children if g.dep_ == "pobj"]
        owners += [g for o in list(owners) for g in o.children if g.dep_ == "compound"]
        for owner in owners:
            cand = index.get(owner.i)
            canon = cand.attrs.get("canonical") if cand else sr.state_of.get(owner.text)
            if canon and canon != own:
                found.append(tok)
                break
    return found


def _polarity(
    verb: Token, base: str, clause: list[Token], sr: StanceRules, others: dict[int, Cand]
) -> tuple[str | None, bool]:
    """(polarity, whether any cue was seen): the verb's own polarity when it is
    evaluative (negation flips it), else the clause's cue score (polarity.py), with a
    demand on another actor counting against it (``_demands``); None when the clause
    takes no position and the lexicon says such clauses are no stance."""
    if base == "ask" and _asks_a_question(verb):
        return "neutral", True  # 'has asked how the lost revenue will be replaced'
    lexical = sr.verbs.get(base, "neutral")
    negated = any(c.dep_ == "neg" for c in verb.children)
    if base in sr.acts:
        value = _act(verb, sr.acts[base])
        if not value:
            return None, False  # 'opened a terminal': an act that takes no side
        value = -value if negated else value
        return ("support" if value > 0 else "oppose"), True
    refused = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if base in sr.refusals and (refused is not None or base != "refuse"):
        return _refusal(verb, refused, sr)
    if lexical in ("support", "oppose") and base not in sr.lean_support:
        if negated:
            return ("oppose" if lexical == "support" else "support"), True
        return lexical, True
    clause = _without_aims(clause, sr)
    demanded = _demands(clause, others, sr)
    score, seen = cue_score(
        clause, verb, sr.polarity, lambda t: 0 if t.i in demanded else sr.verb_cue(t)
    )
    score -= len(demanded)
    seen = seen or bool(demanded)
    if not seen:
        pledge = commitment(
            clause, sr.polarity, lambda t: t.i in others or t.lower_ in sr.self_pronouns
        )
        score, seen = float(pledge), bool(pledge)
    if base in sr.lean_support and (base != "look" or _looks_for(verb)):
        score += -1.0 if negated else 1.0
        seen = True
    return decide(score, seen, sr.polarity), seen


def _act(verb: Token, objects: dict[str, int]) -> int:
    """+1 / -1 / 0: the side an act takes by its object ('opened an infringement
    procedure', 'filed a request for arbitration', 'issued the licence'; tuning5-7)."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return 0
    return next((objects[t.lower_] for t in obj.subtree if t.lower_ in objects), 0)


def _looks_for(verb: Token) -> bool:
    """'looking to buy', 'looks for partners', 'looks forward to': an aim; 'will look at
    any proposal' only says the proposal will be read (tuning5)."""
    return any(
        c.dep_ == "xcomp" or c.lower_ in ("for", "forward", "to")
        for c in verb.children
        if c.dep_ in ("xcomp", "prep", "advmod", "prt")
    )


def _asks_a_question(verb: Token) -> bool:
    """'asked how the revenue will be replaced', 'asked whether ...': an indirect
    question asserts nothing, so its words take no side (tuning4)."""
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        opener = clause.left_edge
        if opener.tag_ in ("WRB", "WP", "WDT") or opener.lower_ in ("whether", "if"):
            return True
    return False


def _refusal(verb: Token, act: Token | None, sr: StanceRules) -> tuple[str | None, bool]:
    """'declined to criticise the tariffs': refusing an act takes the other side of it
    (support); 'refused to accept the cap' opposes; 'declined to comment' takes none."""
    if act is None:
        return None, False
    score, seen = cue_score(list(act.subtree), verb, sr.polarity, sr.verb_cue)
    if not seen or not score:
        return ("oppose", True) if verb.lower_.startswith("refus") else (None, False)
    return ("oppose" if score > 0 else "support"), True


def _without_aims(clause: list[Token], sr: StanceRules) -> list[Token]:
    """The clause less what a holder aims, plans, seeks or wants to do: that is what the
    holder is for, whatever its words ("Iraq aims to stop flaring by 2027" supports,
    tuning h07); the aiming verb itself counts for support."""
    inside: set[int] = set()
    for tok in clause:
        if sr.verb_base(tok.text) in sr.lean_support and is_verb(tok):
            for child in tok.children:
                if child.dep_ == "xcomp":
                    inside.update(t.i for t in child.subtree)
    return [t for t in clause if t.i not in inside]


def _demands(clause: list[Token], actors: dict[int, Cand], sr: StanceRules) -> set[int]:
    """Verbs of the clause that another actor 'should' or 'must' do: telling someone
    else what to do is a criticism of them, whatever the verb ("Jaishankar said the EU
    should look at its own rules", tuning h01), so such a verb's own cue is not counted."""
    out: set[int] = set()
    for tok in clause:
        if tok.lower_ not in sr.demand_modals or tok.dep_ != "aux":
            continue
        subj = next((c for c in tok.head.children if c.dep_ in _SUBJECTS), None)
        if subj is not None and subj.i in actors:
            out.add(tok.head.i)
    return out


def target_phrase(doc: Doc, verb: Token, sr: StanceRules) -> tuple[str, list[Token]]:
    """Best-effort target phrase: the object, else the first noun chunk naming a policy;
    never whom a position was told to ('told reporters', 'told a news conference') nor
    whom an appeal was made to ('urged Congress to block the decree': the decree;
    'asked Brussels for a transition': the transition)."""
    tokens: list[Token] = []
    if verb.lower_ in sr.polarity.appeals:
        act = next((c for c in verb.children if c.dep_ == "xcomp" and is_verb(c)), None)
        if act is not None:
            return target_phrase(doc, act, sr)
        asked = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"), None)
        obj = next((c for c in asked.children if c.dep_ == "pobj"), None) if asked else None
        tokens = list(obj.subtree) if obj is not None else []
    addressed = sr.verb_base(verb.text) in sr.addressed  # 'told reporters': no target
    if not tokens and not addressed:
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr") and is_noun(c)), None)
        tokens = list(obj.subtree) if obj is not None else []
    if not tokens and is_parsed(doc):
        lo, hi = verb.left_edge.i, verb.right_edge.i + 1
        after = list(doc[verb.i + 1 : hi])  # the complement first: the subject is the holder
        # (not Span.noun_chunks: it walks the whole Doc on every call)
        for tok in after + list(doc[lo : verb.i]):
            if tok.lower_ not in sr.targets or not is_noun(tok):
                continue
            lefts = [c.left_edge.i for c in tok.lefts if c.dep_ in _MODIFIERS]
            tokens = list(doc[min([*lefts, tok.i]) : tok.i + 1])
            prep = next((c for c in tok.rights if c.dep_ == "prep"), None)
            if prep is not None:
                tokens += list(prep.subtree)
            break
    while tokens and (
        tokens[0].is_punct
        or tokens[0].lower_ in ("the", "a", "an", "any", "its", "their", "his", "her")
    ):
        tokens = tokens[1:]
    tokens = tokens[: sr.max_target]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return "".join(t.text_with_ws for t in tokens).strip(), tokens


def verb_polarity(
    doc: Doc,
    verb: Token,
    sent: Span,
    base: str,
    holder: Cand,
    index: dict[int, Cand],
    spans: dict[int, Cand],
    sr: StanceRules,
    parsed: bool,
) -> str | None:
    """The polarity of the position ``holder`` takes with ``verb``: the verb's, else its
    clause's (the speaker's words, the holder's own left out), a judged measure of
    another actor opposed; None when it takes none."""
    if parsed:
        lo = max(verb.left_edge.i, sent.start, dateline_end(doc, sr.datelines))
        hi = min(verb.right_edge.i + 1, sent.end)
        clause = speaker_words(doc, verb, sent, list(doc[lo:hi]), sr.verb_base)
    else:
        clause = list(sent)
    if _a_deal(verb, base, holder):
        return None
    own = [t for t in clause if not (holder.start <= t.i < holder.end)]
    polarity, seen = _polarity(verb, base, own, sr, index)
    evaluative = sr.verbs.get(base, "neutral") != "neutral" and base not in sr.lean_support
    measures = _foreign_measures(own, holder, index, sr) if parsed and not evaluative else []
    if measures and polarity != "oppose":
        against = [t for t in negative_cues(own, verb, sr.polarity) if t not in measures]
        if against:
            # what another actor's measure does is judged ("to avoid having a harmful
            # effect from the US measures", seeds): the holder opposes it, whatever
            # cooperation it also speaks of
            polarity, seen = "oppose", True
    if not seen and (_reports_news(verb, own, spans, holder) or _no_comment(own, sr)):
        polarity = None
    return polarity


def _no_comment(words: list[Token], sr: StanceRules) -> bool:
    """'did not respond to a request for comment': saying nothing is no position."""
    lows = [t.lower_ for t in words]
    return any(tuple(lows[i : i + len(p)]) == p for p in sr.no_comment for i in range(len(lows)))


def _a_deal(verb: Token, base: str, holder: Cand) -> bool:
    """A company agreeing to something ('Sonatrach agreed with Naturgy to raise the
    price', 'Codelco and SQM agreed to run the salt flat together', tuning3) makes a
    deal, not a position; a company that does not agree takes one."""
    if base != "agree" or holder.attrs.get("kind") != "company":
        return False
    return not any(c.dep_ == "neg" for c in verb.children)


def _reports_news(verb: Token, words: list[Token], spans: dict[int, Cand], holder: Cand) -> bool:
    """Whether words with no cue report a figure or a date: news, not a position ("Iraq
    owes Iran about $11 billion ..., Iranian officials have said", h07; "maintenance
    planned for March would cut capacity for about nine days, Gassco said", tuning2).
    The report's own time ("said on Tuesday") is not what it reports."""
    own_time = {t.i for c in verb.children if c.dep_ in ("prep", "npadvmod") for t in c.subtree}
    for tok in words:
        label = spans.get(tok.i, holder).label
        if label == "FIGURE" or (label == "DATE" and tok.i not in own_time):
            return True
    return False


def stance_candidates(
    doc: Doc, actors: list[Cand], sr: StanceRules, others: list[Cand] = ()
) -> list[Cand]:
    """STANCE candidates (sentence token ranges) with holder, target and polarity attrs;
    ``others`` (FIGURE and DATE spans) can be a TARGET too, never a holder."""
    index = {i: c for c in actors for i in range(c.start, c.end)}
    spans = {i: c for c in others for i in range(c.start, c.end)} | index
    parsed = is_parsed(doc)
    found: dict[int, tuple[Cand, int]] = {}
    reported: dict[int, Cand] = {}  # verb index -> its holder, for nested clauses
    quoted: dict[int, set[int]] = {}
    orths = doc.to_array(ORTH).tolist() if len(doc) else []
    known, vocab = sr.forms, doc.vocab
    forms = [known.get(orth) or sr.form(vocab, orth) for orth in orths]
    marks = [i for i, form in enumerate(forms) if form[2]]
    sentence = sentence_finder(doc)
    speakers = answer_speakers(doc, actors)
    opening = dateline_end(doc, sr.datelines)  # 'PRETORIA, July 1 -' is no evidence
    for i, (base, quote, _) in enumerate(forms):
        if base is None and not quote:
            continue
        verb = doc[i]
        sent = sentence(i)
        if _question(sent):
            continue
        key = segment_start(doc, sent, verb.i, speakers)
        if parsed:
            if not is_verb(verb):
                continue
            if sent.start not in quoted:
                quoted[sent.start] = quoted_tokens(doc, sent.start, sent.end, marks)
            if verb.i in quoted[sent.start]:
                continue  # inside a quotation: the quoted speaker is the holder
            holders = stance_holders(verb, index, actors, sr, reported, speakers.get(verb.i))
            if quote:
                base = "say"
            outer = next(
                (
                    reported[a.i]
                    for a in verb.ancestors
                    if a.i in reported and segment_start(doc, sent, a.i, speakers) == key
                ),
                None,
            )  # an answer and the question after it, run into one sentence, are two
            if outer is not None and holders and outer is not holders[0]:
                continue  # a position reported by someone else ("Araghchi said Iran aims...")
            if holders:
                reported[verb.i] = holders[0]
        else:
            near = [index.get(i) for i in (verb.i - 1, verb.i - 2, verb.i + 1)]
            holders = [c for c in near if c is not None][:1]
        if not holders or base is None:
            continue
        holder = holders[0]
        evaluative = sr.verbs.get(base, "neutral") != "neutral" and base not in sr.lean_support
        # One stance per sentence, with one holder (GUIDELINES.md: exactly one HOLDER
        # link): the first verb's holder, the polarity of the verb or clause that takes
        # the clearest position (rank: an evaluative verb 1, a clause 0, no position -1).
        old = found.get(key)
        if old is not None and (old[1] == 1 or (old[1] == 0 and not evaluative)):
            polarity, rank = None, -1  # it cannot take a clearer position: not read
        else:
            piece = doc[slice(*clip_to_answer(doc, sent.start, sent.end, i))] if speakers else sent
            polarity = verb_polarity(doc, verb, piece, base, holder, index, spans, sr, parsed)
            rank = -1 if polarity is None else 1 if evaluative else 0
        if old is not None and rank <= old[1] and old[0].attrs["target"]:
            continue  # a later verb that takes no clearer position changes nothing
        target, target_tokens = target_phrase(doc, verb, sr) if parsed else ("", [])
        links = {"HOLDER": holder}
        marked = _marked_target(target_tokens, spans)
        if marked is not None and marked is not holder:
            links["TARGET"] = marked  # GUIDELINES.md: the target is itself a span
            target = marked.attrs.get("canonical") or target
        if old is None:
            lo, hi = max(sent.start, opening), sent.end
            lo = _evidence_start(doc, lo, hi)
            before = quote_opened_before(doc, sent) if parsed else []
            if before and before[0].i - 1 >= opening and tag_at(doc, lo) is None:
                lo = before[0].i - 1  # the quotation this sentence closes is its evidence
            while hi > lo and doc[hi - 1].is_space:
                hi -= 1
            if speakers or tag_at(doc, lo) is not None:
                lo, hi = clip_to_answer(doc, lo, hi, verb.i)
            canonical = holder.attrs.get("canonical") or holder.text(doc)
            attrs: dict[str, Any] = {"holder": canonical, "target": target, "polarity": polarity}
            found[key] = (Cand(lo, hi, "STANCE", base, attrs, links), rank)
            continue
        prev, prev_rank = old
        if rank > prev_rank:
            prev.attrs["polarity"] = polarity
            if target:
                prev.attrs["target"] = target
                prev.links.pop("TARGET", None)
                prev.links.update({k: v for k, v in links.items() if k == "TARGET"})
            found[key] = (prev, rank)
        elif not prev.attrs["target"]:
            prev.attrs["target"] = target
            prev.links.update({k: v for k, v in links.items() if k == "TARGET"})
    taken = {key for key, (c, _) in found.items() if c.attrs["polarity"] is not None}
    stances = [c for c, _ in found.values() if c.attrs["polarity"] is not None]
    for stance in stances if parsed else ():
        refused = rejected_act(doc[stance.start : stance.end])
        if refused is not None:  # 'will seek talks rather than retaliate'
            stance.attrs.update(polarity="oppose", target=act_phrase(refused))
            stance.links.pop("TARGET", None)
    positions = attributed_stances(doc, index, speakers, taken, sr.polarity, sr.verb_cue)
    if parsed and not speakers:
        read = set(found) | {sentence(pos.start).start for pos in positions}
        reports = [c for c, _ in found.values()]
        positions += continued_quotes(doc, reports, read, sr.polarity, sr.verb_cue)
    for pos in positions:
        target = target_phrase(doc, pos.top, sr)[0] if parsed else ""
        canonical = pos.holder.attrs.get("canonical") or pos.holder.text(doc)
        attrs = {"holder": canonical, "target": target, "polarity": pos.polarity}
        stances.append(
            Cand(pos.start, pos.end, "STANCE", "attributed", attrs, {"HOLDER": pos.holder})
        )
    return stances


def _question(sent: Span) -> bool:
    """A question outside quotation marks asks, it takes no side: an interviewer's 'Will
    Nepal accept it?' (tuning9; no gold STANCE of any set holds a question)."""
    words = [t for t in sent if not t.is_space]
    return bool(words) and words[-1].text == "?" and not any(t.is_quote for t in words)


def _evidence_start(doc: Doc, lo: int, hi: int) -> int:
    """Where a stance's evidence starts in its sentence: past spaces, punctuation that
    opens nothing, and a quote closing the paragraph before ('...ready."' then 'Q: ...',
    which the parser may start the next sentence with)."""
    while lo < hi:
        tok = doc[lo]
        closing = tok.text == '"' and lo + 1 < hi and "\n" in doc[lo + 1].text
        if not (tok.is_space or closing or (tok.is_punct and tok.text not in "“\"'(")):
            break
        lo += 1
    return lo


def _marked_target(tokens: list[Token], index: dict[int, Cand]) -> Cand | None:
    """The span a target phrase is, when it is one: an ACTOR ("Tehran criticized India"),
    a FIGURE ("he supported 1.5 million barrels per day") or a DATE; never a span that is
    only part of the phrase ("the 25% tariff" is about the tariff, GUIDELINES.md)."""
    if not tokens:
        return None
    hit = index.get(tokens[0].i)
    if hit is None or hit.start != tokens[0].i or hit.end != tokens[-1].i + 1:
        return None
    return hit
