"""A STANCE's polarity, read from its clause: cue words, negation, contrast.

Why a clause score and not the reporting verb alone: in wire copy almost
every stance is reported with a neutral verb ("said", "told reporters"),
and the position sits in the complement ("it does not object to India's
purchases", "respected the ruling but would appeal"). Each cue word of the
lexicon (evaluative verbs, nouns and adjectives, with weights) counts
toward support or oppose; a negation on the cue or on a word above it in
the parse, up to the reporting verb, flips it ("did not support" is
oppose, "have not asked them to stop" is support); after a contrastive
"but"/"however" the cues weigh more, inside a concessive "although",
"despite", "while" clause less. For a clause without any cue the lexicon's
``no_cue_polarity`` says what is proposed (``null``: no STANCE at all); it
ships as ``support``, because a position stated with no cue word is most
often for what it states ("The port belongs to the people who work in it"),
as every held-out batch's writers marked it, while a hedge or a neutral
cue still makes a clause ``neutral``.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from .candidates import is_parsed, is_verb
from .rules import NlpRules

FOCUS_WORDS = frozenset({"just", "only", "merely", "simply", "solely"})
# a verb whose object is one of these is denied: 'We buy nothing from Gazprom' (tuning7)
_NOTHING = frozenset({"nothing", "none"})


class PolarityRules:
    """The polarity part of ``stance_lexicon.json``, parsed once."""

    def __init__(self, rules: NlpRules):
        lex = rules.stance
        pol = lex.get("polarity", {})
        self.weights: dict[str, float] = {}
        for word in lex.get("positive_cues", ()):
            self.weights[word.lower()] = 1.0
        for word in lex.get("negative_cues", ()):
            self.weights[word.lower()] = -1.0
        for word, weight in pol.get("weighted_cues", {}).items():
            self.weights[word.lower()] = float(weight)
        # a cue verb the lexicon lists in some forms counts in all of them ('criticized'
        # and 'criticize' listed, 'criticizes' met in new copy): only as a verb, so the
        # noun 'goods' or the preposition 'concerning' stay no cue
        self.verb_forms: dict[str, float] = {
            form: weight
            for word, weight in self.weights.items()
            if any(f in self.weights for f in _inflections(word) - {word})
            for form in _inflections(word) - self.weights.keys()
        }
        self.negations = frozenset(w.lower() for w in lex.get("negations", ()))
        self.contrast = frozenset(w.lower() for w in pol.get("contrast_markers", ()))
        self.concessive = frozenset(w.lower() for w in pol.get("concessive_markers", ()))
        self.neutral = frozenset(
            form for w in pol.get("neutral_cues", ()) for form in _inflections(w.lower())
        )  # 'we are studying it' is as neutral as 'study'; read once, not per word
        self.intensifiers = frozenset(w.lower() for w in pol.get("excess_markers", ()))
        self.after_contrast = float(pol.get("after_contrast_weight", 2.0))
        self.in_concession = float(pol.get("concession_weight", 0.25))
        self.no_cue: str | None = pol.get("no_cue_polarity")
        self.window = int(pol.get("negation_window", 3))
        self.predicate_cues: dict[str, float] = {
            w.lower(): float(v) for w, v in pol.get("predicate_cues", {}).items()
        }
        self.hedges = [tuple(h.lower().split()) for h in pol.get("hedges", ())]
        self.appeals = frozenset(w.lower() for w in pol.get("appeal_verbs", ()))
        self.commitments = frozenset(w.lower() for w in lex.get("commitment_modals", ()))
        self.reversals = frozenset(w.lower() for w in pol.get("reversal_verbs", ()))
        self.phrasal: dict[tuple[str, str], float] = {
            tuple(w.lower().split()): float(v) for w, v in pol.get("phrasal_cues", {}).items()
        }


def _hedged(clause: list[Token], pr: PolarityRules) -> bool:
    """Whether the clause holds one of the lexicon's hedges, word for word."""
    words = [t.lower_ for t in clause]
    return any(
        words[i : i + len(hedge)] == list(hedge)
        for hedge in pr.hedges
        for i in range(len(words) - len(hedge) + 1)
    )


def undecided(clause: list[Token], pr: PolarityRules) -> bool:
    """Whether the clause says the question is open: a hedge ('too early to decide') or a
    neutral cue ('we are studying it'), a position of its own in an interview answer."""
    return _hedged(clause, pr) or any(t.lower_ in pr.neutral for t in clause)


def _considering(clause: list[Token], top: Token, pr: PolarityRules) -> bool:
    """Whether what is reported is that the holder is weighing something: 'Vietnam is
    considering a cap on rice exports after floods cut the harvest, the deputy minister
    said' (tuning10) is undecided, whatever the words around the cap say."""
    return any(
        t.lower_ in pr.neutral
        and t.tag_ == "VBG"
        and (t.i == top.i or (t.dep_ == "ccomp" and t.head.i == top.i))
        for t in clause
    )


def _inflections(verb: str) -> set[str]:
    """A regular verb's forms: study -> studies, studied, studying; assess -> assessed."""
    if verb.endswith("y"):
        return {verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    stem = verb[:-1] if verb.endswith("e") else verb
    third = verb + ("es" if verb.endswith(("s", "sh", "ch", "x")) else "s")
    return {verb, third, stem + "ed", stem + "ing"}


def _base_forms(word: str) -> tuple[str, ...]:
    """A verb form and the stems it may be of ('ruled' -> 'rule'), for phrasal cues."""
    return (word, word[:-1], word[:-2], word[:-3], word[:-3] + "e")


def _action_cue(tok: Token, pr: PolarityRules) -> float:
    """What a verb says of an act by its construction, not its word: an appeal for an
    act supports it ('urged them to impose quotas', 'asked Brussels for a transition'),
    or opposes it when the act undoes something ('urged them to reconsider') or is
    refused ('urged members not to reopen the baselines': the gold's target is the act,
    so whatever the act, against it); a phrasal verb takes a side with its particle
    ('rule out' opposes). 0 when the verb is neither, or the Doc has no parse to tell
    (the rule-only pipeline's tokens have no dependents to read)."""
    if not is_parsed(tok.doc):
        return 0.0
    if tok.lower_ in pr.appeals:
        act = next((c for c in tok.children if _asked_act(c)), None)
        if act is not None:
            if any(c.dep_ == "neg" for c in act.children):
                return -1.0
            return -1.0 if act.lower_ in pr.reversals else 1.0
        if any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
            return 1.0
    # the parser reads 'ahead' of 'go ahead' as an adverb, 'out' of 'rule out' a particle,
    # 'with' of 'live with' a preposition
    for particle in (c.lower_ for c in tok.children if c.dep_ in ("prt", "advmod", "prep")):
        for stem in _base_forms(tok.lower_):
            if (stem, particle) in pr.phrasal:
                return pr.phrasal[(stem, particle)]
    return 0.0


def _asked_act(tok: Token) -> bool:
    """The act an appeal asks for: its xcomp ('urged them to impose'), or a 'to' clause
    with its own subject, as the parser reads 'wants Juba to stop selling'."""
    if not is_verb(tok):
        return False
    if tok.dep_ == "xcomp":
        return True
    return (
        tok.dep_ == "ccomp"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        and any(c.dep_ == "nsubj" for c in tok.children)
    )


def _negated(tok: Token, top: Token, pr: PolarityRules) -> bool:
    """Whether an odd number of negations governs ``tok``: on itself, on a word above it
    up to the verb of its clause (through 'asked them to stop' to the asking verb), a
    'no'/'without' before it, 'not' just before, or 'nothing' as a verb's object. A
    verb's negation denies its predicate, not its subject: in 'unilateral sanctions are
    not fair' only 'fair' is flipped."""
    flips = 0
    node = tok
    subject = False  # reached from its subject: 'sanctions ... are not fair' denies 'fair'
    for _ in range(8):
        flips += sum(
            1
            for c in node.children
            if (c.dep_ == "neg" and not _focus(c) and not subject)
            or (c.dep_ == "det" and c.lower_ == "no")
            or (c.dep_ == "dobj" and c.lower_ in _NOTHING and is_verb(node))
        )
        if node.dep_ == "pobj" and node.head.lower_ == "without":
            flips += 1
        if node.i == top.i or node.head.i == node.i:
            break
        if is_verb(node) and node.dep_ != "xcomp":
            break  # a negation reaches the words of its own clause, not an 'as long as' one
        subject = node.dep_ in ("nsubj", "nsubjpass")
        node = node.head
    if not flips:
        flips = int(_negation_before(tok, pr))
    return flips % 2 == 1


def _focus(neg: Token) -> bool:
    """'not just a quarry', 'not only oil': a negation that adds, not denies."""
    nxt = neg.nbor(1) if neg.i + 1 < len(neg.doc) else None
    return nxt is not None and nxt.lower_ in FOCUS_WORDS


def _negation_before(tok: Token, pr: PolarityRules) -> bool:
    """A negation among the ``window`` words before ``tok`` in its sentence: read back
    to the sentence's first word at most (``Token.sent`` would find both of its ends)."""
    if tok.is_sent_start:
        return False
    doc = tok.doc
    for i in range(tok.i - 1, max(tok.i - pr.window, 0) - 1, -1):
        word = doc[i]
        if word.lower_ in pr.negations and not _focus(word):
            return True
        if word.is_sent_start:
            return False
    return False


def clause_weights(clause: list[Token], pr: PolarityRules) -> dict[int, float]:
    """How much each token's cue counts: more after 'but', less inside 'although ...'."""
    out = {t.i: 1.0 for t in clause}
    for tok in clause:
        low = tok.lower_
        if low in pr.contrast and tok.dep_ in ("cc", "advmod", "mark", "prep"):
            for t in clause:
                if t.i > tok.i:
                    out[t.i] = max(out[t.i], pr.after_contrast)
        elif low in pr.concessive:
            for t in tok.head.subtree if tok.dep_ == "mark" else tok.subtree:
                if t.i in out:
                    out[t.i] = min(out[t.i], pr.in_concession)
    return out


def cue_weight(tok: Token, pr: PolarityRules) -> float:
    """The lexicon weight of a word (0 for none), another form of a listed verb only
    when the tagger reads it as a verb."""
    low = tok.lower_
    if low in pr.weights:
        return pr.weights[low]
    return pr.verb_forms.get(low, 0.0) if tok.tag_.startswith("VB") else 0.0


def _judged(tok: Token, value: float, pr: PolarityRules) -> bool:
    """Whether a cue word of the other sign judges the word: its object ('punish a
    partner', 'hurt growth', 'comply with the sanctions', 'support for the sanctions')
    or its means ('breached a treaty by allowing exports', tuning h04); the word's own
    cue then says nothing of its own."""
    head = tok.head
    by_means = tok.dep_ == "pcomp" and head.lower_ == "by"
    if by_means or (tok.dep_ == "pobj" and head.dep_ == "prep"):
        head = head.head
    elif tok.dep_ != "dobj":
        return False
    return cue_weight(head, pr) * value < 0


def _predicate_cue(tok: Token, pr: PolarityRules) -> float:
    """A preposition that takes a side only after a verb or an adjective: "voted
    against", "is against the cap" oppose; "sanctions against the country" (seeds)
    only names the measure."""
    value = pr.predicate_cues.get(tok.lower_, 0.0)
    head = tok.head
    return value if value and (is_verb(head) or head.tag_.startswith("JJ")) else 0.0


def negative_cues(clause: list[Token], top: Token, pr: PolarityRules) -> list[Token]:
    """The clause's negative cue words that count in full (not negated, not in a
    concession): what a holder says against something."""
    weights = clause_weights(clause, pr)
    return [
        t
        for t in clause
        if (cue_weight(t, pr) or _predicate_cue(t, pr)) < 0
        and weights[t.i] >= 1.0
        and not _negated(t, top, pr)
    ]


def cue_score(clause: list[Token], top: Token, pr: PolarityRules, verb_cue) -> tuple[float, bool]:
    """(signed score, whether any cue was seen) of a clause; ``verb_cue(token)`` gives the
    lexicon polarity of a verb form (+1, -1 or 0). A hedge ('would depend on', 'too
    early to') makes the clause neutral whatever else it says."""
    if _hedged(clause, pr) or _considering(clause, top, pr):
        return 0.0, True
    weights = clause_weights(clause, pr)
    score, seen = 0.0, False
    for tok in clause:  # the reporting verb too: its construction ('urged X to') counts
        low = tok.lower_
        value = (
            _action_cue(tok, pr)
            or cue_weight(tok, pr)
            or (_predicate_cue(tok, pr) if low in pr.predicate_cues else 0.0)
        )
        if not value and tok.tag_.startswith("VB"):
            value = float(verb_cue(tok))
        if not value:
            if low in pr.neutral:
                seen = True
            continue
        if value > 0 and tok.i > 0 and tok.doc[tok.i - 1].lower_ in pr.intensifiers:
            value = -value  # 'too generous' is a complaint
        elif _judged(tok, value, pr):
            value = 0.0
        seen = True
        if _negated(tok, top, pr):
            value = -value
        score += value * weights[tok.i]
    return score, seen


def commitment(clause: list[Token], pr: PolarityRules, own: Callable[[Token], bool]) -> int:
    """+1 / -1 / 0: what a subject ``own`` accepts (an ACTOR, 'we', 'it') says it will or
    will not do, for a clause with no cue word. Announcing one's own act is for it
    ("Pakistan will pay for a second shipment in yuan", "we will keep doing so through
    the winter", tuning halves); a refusal ("Russia would not sell oil to countries that
    observe the cap", "We are not going to subsidise South African industry") against."""
    for tok in clause:
        if tok.dep_ == "aux" and tok.lower_ in pr.commitments:
            verb = tok.head
        elif tok.lower_ == "going" and any(c.dep_ == "aux" for c in tok.children):
            verb = tok  # 'are (not) going to subsidise'
            if not any(c.dep_ == "xcomp" for c in tok.children):
                continue
        else:
            continue
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and own(subj):
            return -1 if any(c.dep_ == "neg" for c in verb.children) else 1
    return 0


def decide(score: float, seen: bool, pr: PolarityRules) -> str | None:
    """support / oppose by the score's sign; neutral for a clause with only neutral cues;
    the lexicon's ``no_cue_polarity`` (maybe None: no stance) when nothing was seen."""
    if score > 0:
        return "support"
    if score < 0:
        return "oppose"
    return "neutral" if seen else pr.no_cue
