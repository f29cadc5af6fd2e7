"""The lexicon's polarity for gold STANCE spans, to set beside the learned one.

The learned categorizer reads a gold STANCE's text; for the comparison to be
about polarity and nothing else, the rules are given what they would
otherwise have to find themselves: the document's gold ACTOR spans (with
their canonical names and kinds) as the actors, its gold FIGURE and DATE
spans as the other spans. ``stance_candidates`` then proposes its stances
over the document parsed by the base pipeline (the trained pipeline's
tagger and parser are the base's, frozen, so the parse is the same one
pre-annotation sees). Each gold STANCE takes the polarity of the rule stance
that overlaps it with the gold holder (the HOLDER relation's ACTOR, else
the ``holder`` attribute's canonical name), else of the one overlapping it
most; a gold stance no rule stance overlaps has no lexicon answer and counts
as wrong: the lexicon could not have suggested its polarity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from annotator.core.formats import ExportRecord
from annotator.core.nlp.annotate import Preannotator
from annotator.core.nlp.candidates import Cand
from annotator.core.nlp.pipeline import RULES_NAME, load_pipeline
from annotator.core.nlp.stance import stance_candidates
from annotator.core.scheme import Scheme
from annotator.core.types import Span


@dataclass(frozen=True)
class GoldStance:
    """One gold STANCE with a polarity: its document, span and gold polarity."""

    record: ExportRecord
    span: Span
    polarity: str

    @property
    def text(self) -> str:
        return self.record.document.text[self.span.start : self.span.end]


def _cands(doc: Doc, spans: Iterable[Span], labels: tuple[str, ...]) -> list[Cand]:
    out = []
    for span in spans:
        found = doc.char_span(span.start, span.end, alignment_mode="expand")
        if span.label in labels and found is not None:
            out.append(Cand(found.start, found.end, span.label, "gold", dict(span.attrs)))
    return out


def _holder(stance: GoldStance) -> tuple[int, int] | None:
    """The gold holder's character range: the HOLDER relation's ACTOR."""
    head = stance.span.key()
    for rel in stance.record.relations:
        if rel.head == head and rel.label == "HOLDER":
            return rel.child[0], rel.child[1]
    return None


def _answer(doc: Doc, rules: list[Cand], stance: GoldStance) -> str | None:
    def overlap(c: Cand) -> int:
        span = doc[c.start : c.end]
        return max(0, min(span.end_char, stance.span.end) - max(span.start_char, stance.span.start))

    def same_holder(c: Cand) -> bool:
        holder = c.links.get("HOLDER")
        if holder is None:
            return False
        wanted = _holder(stance)
        if wanted is not None:
            found = doc[holder.start : holder.end]
            return (found.start_char, found.end_char) == wanted
        return holder.attrs.get("canonical") == stance.span.attrs.get("holder")

    hits = [c for c in rules if overlap(c)]
    if not hits:
        return None
    best = max(hits, key=lambda c: (same_holder(c), overlap(c)))
    return best.attrs.get("polarity")


def lexicon_answers(
    stances: list[GoldStance], base: str | None, scheme: Scheme
) -> list[str | None]:
    """The rules' polarity for each gold stance, in order (None: no rule stance there)."""
    pre = Preannotator(load_pipeline(base or RULES_NAME, scheme), scheme)
    records: dict[str, ExportRecord] = {}
    for stance in stances:
        records.setdefault(stance.record.key, stance.record)
    texts = [r.document.text for r in records.values()]
    proposed: dict[str, tuple[Doc, list[Cand]]] = {}
    for record, doc in zip(records.values(), pre.nlp.pipe(texts), strict=True):
        actors = _cands(doc, record.spans, ("ACTOR",))
        others = _cands(doc, record.spans, ("FIGURE", "DATE"))
        proposed[record.key] = (doc, stance_candidates(doc, actors, pre.stance_rules, others))
    return [_answer(*proposed[s.record.key], s) for s in stances]
