"""Positions attributed without a reporting verb: interview answers, "according to X"
and a quotation that goes on after its speaker's report.

Why beside stance.py's verb rule: wire copy attributes whole paragraphs
without a verb of saying. An interview transcript gives each answer after a
speaker tag ("VANTERPOOL: We will not accept the cap."), and GUIDELINES.md
makes the tag the ACTOR mention that holds the answer's stances; a report
says "the levy would hurt farmers, according to Trade Minister X"; a quote
goes on in a sentence of its own after '"...," X told reporters.'. Such a
sentence takes a position only when its cue words take one (polarity.py):
a fact attributed to someone ("exports rose 5%, according to customs data")
is no stance.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .candidates import Cand, sentence_finder
from .polarity import PolarityRules, commitment, cue_score, decide, undecided

SPEAKER = "SPEAKER"  # the source of an ACTOR candidate made from a speaker tag
FIRST_PERSON = frozenset({"we", "i"})  # in an answer, the speaker
_MAX_TAG_WORDS = 3


@dataclass
class Attributed:
    """A sentence's position held by an actor named outside any verb's subject."""

    start: int  # token range of the evidence
    end: int
    holder: Cand
    polarity: str
    top: Token  # the word the position hangs from, for its target


def _line_start(doc: Doc, i: int) -> bool:
    return (
        i == 0
        or (doc[i - 1].is_space and "\n" in doc[i - 1].text)
        or "\n" in doc[i - 1].whitespace_
    )


def _joined_hyphen(doc: Doc, j: int) -> bool:
    """Whether token ``j`` is a hyphen inside one upper-case word ('AL-MANSOORI')."""
    return (
        doc[j].text == "-"
        and j + 1 < len(doc)
        and not doc[j - 1].whitespace_
        and not doc[j].whitespace_
        and doc[j + 1].is_upper
        and doc[j + 1].is_alpha
    )


def tag_at(doc: Doc, i: int) -> int | None:
    """Index of the colon of a speaker tag starting a line at ``i`` ("BAYRAKTAR:",
    "AL-MANSOORI:", "Q:"): one to three upper-case words and a colon; else None."""
    if not _line_start(doc, i):
        return None
    j, words = i, 0
    while j < len(doc) and words < _MAX_TAG_WORDS:
        if doc[j].is_upper and doc[j].is_alpha:
            words += 1
        elif not (j > i and _joined_hyphen(doc, j)):
            break
        j += 1
    if j == i or j >= len(doc) or doc[j].text != ":":
        return None
    return j


def clip_to_answer(doc: Doc, lo: int, hi: int, anchor: int) -> tuple[int, int]:
    """The part of ``doc[lo:hi]`` (a sentence) around ``anchor`` between speaker tags: the
    parser runs a question and the answer after it into one sentence ("Q: And the
    pipeline?  VANTERPOOL: It is a good project"); trailing blank lines go too."""
    for i in range(lo, hi):
        colon = tag_at(doc, i) if doc[i].is_upper else None
        if colon is None:
            continue
        if colon <= anchor:  # the anchor may be the tag's own colon
            lo = colon + 1
        elif i > anchor:
            hi = i
            break
    while lo < hi and (doc[lo].is_space or doc[lo].is_punct):
        lo += 1
    while hi > lo and doc[hi - 1].is_space:
        hi -= 1
    return lo, hi


def segment_start(doc: Doc, sent: Span, anchor: int, speakers: dict[int, Cand]) -> int:
    """Where the part of ``sent`` holding ``anchor`` starts: the sentence's start, or in
    an interview the start of its piece between speaker tags, since the parser runs an
    answer and the question after it into one sentence and each may hold a position
    ("... jobs from the people of Cabo Delgado.\"  Q: South Africa wants more gas")."""
    return clip_to_answer(doc, sent.start, sent.end, anchor)[0] if speakers else sent.start


def speaker_candidates(doc: Doc, names: dict[str, str]) -> list[Cand]:
    """ACTOR mentions of the speaker tags that name a person of the document ('VANTERPOOL:'
    after 'Energy Minister Ilse Vanterpool told Reuters'); an interviewer's tag ('Q:',
    'REUTERS:') names nobody the article introduced and stays out."""
    out: list[Cand] = []
    by_lower = {surname.lower(): full for surname, full in names.items()}
    for tok in doc:
        colon = tag_at(doc, tok.i) if tok.is_upper else None
        if colon is None:
            continue
        # the tag's last word, or its hyphenated whole ('AL-MANSOORI' -> 'al-Mansoori')
        word = colon - 1
        while word - 2 >= tok.i and _joined_hyphen(doc, word - 1):
            word -= 2
        whole = doc[word:colon].text.lower()
        full = by_lower.get(whole) or by_lower.get(doc[colon - 1].lower_)
        if full is not None:
            out.append(Cand(tok.i, colon, "ACTOR", SPEAKER, {"full": full}))
    return out


def tag_named_persons(doc: Doc, taken: set[int]) -> list[Cand]:
    """The interviewee the model left untagged ("... Energy Estevao Machava spoke to the
    Review", then "MACHAVA:" before each answer): the first title-case mention of a
    speaker tag's word, right after another capitalised name word no entity covers,
    is that person's full name, so the tag has a person to name."""
    wanted: set[str] = set()
    for tok in doc:
        colon = tag_at(doc, tok.i) if tok.is_upper else None
        if colon is not None and colon - tok.i == 1 and len(tok) > 2:
            wanted.add(tok.text.title())
    out: list[Cand] = []
    for tok in doc[1:]:
        first = doc[tok.i - 1]
        if tok.text not in wanted or tok.i in taken or first.i in taken:
            continue
        if first.is_title and first.is_alpha and first.tag_ == "NNP":
            out.append(Cand(first.i, tok.i + 1, "ACTOR", "PERSON", {"kind": "person"}))
            wanted.discard(tok.text)
    return out


def answer_speakers(doc: Doc, actors: list[Cand]) -> dict[int, Cand]:
    """Token index -> the speaker tag whose answer holds it, from the tag to the next
    speaker tag of any kind (an interviewer's question ends the answer)."""
    tags = {c.start: c for c in actors if c.source == SPEAKER}
    if not tags:
        return {}
    out: dict[int, Cand] = {}
    current: Cand | None = None
    for tok in doc:
        if tok.i in tags:
            current = tags[tok.i]
        elif tok.is_upper and tag_at(doc, tok.i) is not None:
            current = None
        if current is not None and tok.i >= current.end:
            out[tok.i] = current
    return out


def _according_to(sent: Span, index: dict[int, Cand]) -> tuple[Cand, set[int]] | None:
    """The actor of an 'according to X' phrase in the sentence, and the phrase's tokens."""
    doc = sent.doc
    for tok in sent:
        if tok.lower_ != "according" or tok.i + 1 >= sent.end or doc[tok.i + 1].lower_ != "to":
            continue
        phrase = {t.i for t in tok.subtree} | {tok.i, tok.i + 1}
        # the actor itself, not "according to data from Kpler": data is a fact's source
        obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
        named = [obj, *(c for c in obj.children if c.dep_ in ("compound", "appos"))] if obj else []
        hit = next((index[t.i] for t in named if t.i in index), None)
        if hit is not None:
            return hit, phrase | set(range(hit.start, hit.end))
    return None


def attributed_stances(
    doc: Doc,
    index: dict[int, Cand],
    speakers: dict[int, Cand],
    taken: set[int],
    pr: PolarityRules,
    verb_cue,
) -> list[Attributed]:
    """Positions of sentences no verb rule gave a stance (``taken``: their
    ``segment_start``s): an interview answer's, held by its speaker, and an 'according
    to X' sentence's, held by X; only when the sentence's cue words take a side."""
    out: list[Attributed] = []
    if not speakers and not any(t.lower_ == "according" for t in doc):
        return out
    find = sentence_finder(doc)
    seen_sents: set[int] = set()
    for tok in doc:
        if tok.i not in speakers and tok.lower_ != "according":
            continue
        sent = find(tok.i)
        start, end = clip_to_answer(doc, sent.start, sent.end, tok.i)
        if start >= end:
            continue  # 'VANTERPOOL:' ending its sentence: the answer is the next one
        key = segment_start(doc, sent, tok.i, speakers)
        if key in seen_sents or key in taken:
            continue
        seen_sents.add(key)
        found = _according_to(sent, index)
        holder, left_out = found if found else (speakers.get(tok.i), set())
        if holder is None:
            continue
        words = [t for t in doc[start:end] if t.i not in left_out]
        if not words:
            continue
        score, cued = cue_score(words, sent.root, pr, verb_cue)
        if not cued and holder.source == SPEAKER:  # 'We are not going to subsidise it'
            score = commitment(words, pr, lambda t: t.lower_ in FIRST_PERSON)
            cued = bool(score)
        polarity = decide(score, cued, pr) if cued else None
        answered = holder.source == SPEAKER and polarity == "neutral" and undecided(words, pr)
        if polarity in ("support", "oppose") or answered:  # 'We are studying it.
            out.append(Attributed(start, end, holder, polarity, sent.root))
    return out


def _closing_mark(doc: Doc, opening: int) -> int | None:
    """The mark closing the quotation opened at ``opening`` within its paragraph."""
    for j in range(opening + 1, min(opening + 200, len(doc))):
        tok = doc[j]
        if "\n" in tok.text or "\n" in doc[j - 1].whitespace_:
            return None
        if tok.text in ('"', "”"):
            return j
    return None


def _ends_paragraph(doc: Doc, i: int) -> bool:
    return i + 1 >= len(doc) or "\n" in doc[i].whitespace_ or "\n" in doc[i + 1].text


def continued_quotes(
    doc: Doc,
    reports: list[Cand],
    skip: set[int],
    pr: PolarityRules,
    verb_cue,
) -> list[Attributed]:
    """A quotation right after its speaker's reported sentence, closing its paragraph
    ('"Our people cannot wait," Durrani told a news conference. "We will keep
    buying."'): the same speaker's words, held by the report's holder; only when its
    cue words take a side. ``reports``: the verb rule's STANCE candidates, taking a
    position or not; ``skip``: sentence starts any rule has read (a sentence with its
    own reporting verb names its own speaker)."""
    out: list[Attributed] = []
    find = sentence_finder(doc)
    for report in reports:
        i = report.end
        while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
            i += 1
        if i >= len(doc) or doc[i].text not in ('"', "“") or "\n" in doc[i - 1].whitespace_:
            continue
        close = _closing_mark(doc, i)
        if close is None or close == i + 1 or not _ends_paragraph(doc, close):
            continue
        starts = {find(j).start for j in range(i + 1, close)}
        if starts & skip:
            continue
        words = list(doc[i + 1 : close])
        top = find(i + 1).root
        score, cued = cue_score(words, top, pr, verb_cue)
        if not cued:  # '"We will keep buying."'
            score = commitment(words, pr, lambda t: t.lower_ in FIRST_PERSON)
            cued = bool(score)
        polarity = decide(score, cued, pr) if cued else None
        if polarity in ("support", "oppose") or (polarity == "neutral" and undecided(words, pr)):
            out.append(Attributed(i, close + 1, report.links["HOLDER"], polarity, top))
    return out
