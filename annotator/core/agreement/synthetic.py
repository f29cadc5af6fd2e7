"""Generated multi-annotator data, for the benchmark and the tests.

Agreement figures must be checked on data large and varied enough to hit
every case (shifted boundaries, relabelled, missed and invented spans,
changed attributes), with a seed so a failure can be reproduced. Annotators
are simulated as noisy copies of a hidden "truth" per document.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from annotator.core.types import Span

from .report import DocumentSets

WORDS = [
    "Japan",
    "Iran",
    "oil",
    "imports",
    "sanctions",
    "barrels",
    "said",
    "minister",
    "officials",
    "the",
    "of",
    "in",
    "and",
    "to",
    "on",
    "Tokyo",
    "Washington",
    "talks",
    "crude",
    "percent",
    "million",
    "trade",
    "policy",
    "waiver",
]
ENTITY_LABELS = ("ACTOR", "FIGURE", "DATE")
POLARITIES = ("support", "oppose", "neutral")
CANONICAL = ("Japan", "Iran", "United States", "Hiroshige Seko", "JETRO")
UNITS = ("bpd", "USD", "percent", "barrels")


def _attrs(label: str, rng: random.Random) -> dict:
    if label == "ACTOR":
        return {"canonical": rng.choice(CANONICAL), "kind": "state"}
    if label == "FIGURE":
        return {"unit": rng.choice(UNITS), "value": rng.randint(1, 100)}
    if label == "STANCE":
        return {"polarity": rng.choice(POLARITIES), "holder": "Japan"}
    return {"kind": "date"}


def _noisy(truth: list[Span], n_tokens: int, offs, rng: random.Random, noise: float) -> list[Span]:
    """One annotator's version of ``truth``: each span kept, shifted,
    relabelled, re-attributed or dropped; sometimes an invented span."""
    out: list[Span] = []
    for s in truth:
        r = rng.random()
        if r < noise * 0.3:
            continue  # missed
        span = Span(s.start, s.end, s.label, dict(s.attrs))
        if r < noise * 0.55:  # boundary: one token more or less at the end
            ti = next(i for i, (a, _) in enumerate(offs) if a == s.start)
            tj = next(i for i, (_, b) in enumerate(offs) if b == s.end)
            if tj + 1 < n_tokens and rng.random() < 0.5:
                tj += 1
            elif tj > ti:
                tj -= 1
            span = Span(offs[ti][0], offs[tj][1], s.label, dict(s.attrs))
        elif r < noise * 0.7 and s.label in ENTITY_LABELS:
            span.label = rng.choice([lab for lab in ENTITY_LABELS if lab != s.label])
            span.attrs = _attrs(span.label, rng)
        elif r < noise:
            span.attrs = _attrs(s.label, rng)
        out.append(span)
    if rng.random() < noise:  # an invented DATE on a token no entity covers
        taken = [(s.start, s.end) for s in out if s.label in ENTITY_LABELS]
        free = [i for i, (a, b) in enumerate(offs) if not any(a < e and s < b for s, e in taken)]
        if free:
            i = rng.choice(free)
            out.append(Span(offs[i][0], offs[i][1], "DATE", {"kind": "date"}))
    return out


def generate(
    n_docs: int,
    annotators: Sequence[str] = ("ann1", "ann2", "ann3"),
    spans_per_doc: int = 10,
    noise: float = 0.3,
    seed: int = 0,
    words_per_doc: int = 120,
) -> list[DocumentSets]:
    """``n_docs`` documents, each annotated by all ``annotators`` with about
    ``spans_per_doc`` spans (a tenth of them STANCE, over the others)."""
    rng = random.Random(seed)
    docs: list[DocumentSets] = []
    for d in range(n_docs):
        words = [rng.choice(WORDS) for _ in range(words_per_doc)]
        text = " ".join(words)
        offs: list[tuple[int, int]] = []
        pos = 0
        for w in words:
            offs.append((pos, pos + len(w)))
            pos += len(w) + 1
        n_ent = max(1, spans_per_doc - max(1, spans_per_doc // 10))
        slots = sorted(rng.sample(range(0, words_per_doc - 3, 3), n_ent))
        truth: list[Span] = []
        for t in slots:
            label = rng.choice(ENTITY_LABELS)
            length = rng.randint(0, 1)
            truth.append(Span(offs[t][0], offs[t + length][1], label, _attrs(label, rng)))
        for _ in range(spans_per_doc - n_ent):
            t = rng.randrange(words_per_doc - 12)
            truth.append(Span(offs[t][0], offs[t + 10][1], "STANCE", _attrs("STANCE", rng)))
        sets = {name: _noisy(truth, len(offs), offs, rng, noise) for name in annotators}
        docs.append(DocumentSets(doc_id=d + 1, sets=sets, text=text, tokens=None))
    return docs
