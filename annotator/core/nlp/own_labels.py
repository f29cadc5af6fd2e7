"""A pipeline that predicts the scheme's own labels: its output passes through.

The label map (resources/nlp/label_map.json) turns a foreign pipeline's
labels (PERSON, ORG, MONEY) into the scheme's; a pipeline trained on the
project (``annotator train``, or ``spacy train`` on an export) already says
ACTOR, FIGURE, DATE and STANCE. Its entity labels pass through unchanged
(the map is consulted for foreign labels only), its span categorizer's spans
are read (STANCE), and the domain rules keep doing what they do for every
label: trimming, filling attributes (canonical, value, unit, ISO date),
finding HOLDER links, and proposing what the model missed. Where a model
span and a rule span of one label overlap, the model's boundaries win and
the rule's attributes and links move onto it.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc

from annotator.core.formats.categories import CategoryLabels
from annotator.core.scheme import Scheme, default_scheme
from annotator.core.types import Relation, Span

from .aliases import AliasTable
from .annotate import Preannotator, Suggestions
from .most_to_learn import doc_scores
from .pipeline import ENTITY_FACTORIES, Pipeline
from .rules import NlpRules, load_rules

THRESHOLD = 0.5  # a category value's score from which it is suggested


def passthrough_rules(rules: NlpRules, pipeline: Pipeline) -> NlpRules:
    """``rules`` with the pipeline's own scheme labels mapped to themselves."""
    own = {label: {"label": label} for label in pipeline.own_labels}
    if not own:
        return rules
    return dataclasses.replace(rules, label_map={**rules.label_map, **own})


def label_sources(pipeline: Pipeline, scheme: Scheme, rules: NlpRules) -> dict[str, str]:
    """Where each scheme label's suggestions come from: ``model`` (the pipeline
    predicts the label itself), ``mapped`` (from its own labels through the
    label map) or ``rules`` (the domain rules alone; components we add, named
    ``annotator_*``, are rules)."""
    theirs: set[str] = set()
    if pipeline.kind != "rules":
        for name, factory in pipeline.nlp.pipe_factories.items():
            if factory in ENTITY_FACTORIES and not name.startswith("annotator_"):
                theirs.update(str(label) for label in pipeline.nlp.get_pipe(name).labels)
    mapped = {t["label"] for label in theirs if (t := rules.label_map.get(label))}
    return {
        label: "model" if label in pipeline.own_labels else "mapped" if label in mapped else "rules"
        for label in scheme.names
    }


def _overlap(a: Span, start: int, end: int) -> int:
    return max(0, min(a.end, end) - max(a.start, start))


class ModelPreannotator(Preannotator):
    """The pre-annotator for any pipeline: foreign labels mapped, own labels kept."""

    def __init__(
        self,
        pipeline: Pipeline,
        scheme: Scheme | None = None,
        aliases: AliasTable | None = None,
        rules: NlpRules | None = None,
    ):
        scheme = scheme or default_scheme()
        super().__init__(
            pipeline, scheme, aliases, passthrough_rules(rules or load_rules(), pipeline)
        )
        entity = set(scheme.entity_labels())
        # span-key labels (STANCE) the pipeline's span categorizers predict
        self.span_labels = {
            label
            for label, factory in pipeline.own_labels.items()
            if factory.startswith("spancat") and label in self.labels and label not in entity
        }
        textcat = any(f.startswith("textcat") for f in pipeline.own_labels.values())
        self.categories = CategoryLabels(self.scheme) if textcat else None

    def doc_suggestions(
        self, doc: Doc, published: str | None = None, offset: int = 0
    ) -> Suggestions:
        out = super().doc_suggestions(doc, published, offset)
        out.scores = doc_scores(doc, self.pipeline.span_keys.values())  # kept as uncertainty
        if doc.cats and self.categories:
            out.categories = self._answers(doc.cats)
        if not self.span_labels:
            return out
        taken: list[Span] = []
        for key in self.pipeline.span_keys.values():
            if key not in doc.spans:
                continue
            group = doc.spans[key]
            scores = group.attrs.get("scores")
            ranked = sorted(
                range(len(group)),
                key=lambda i: -float(scores[i]) if scores is not None else i,
            )
            for i in ranked:  # the surest first; overlapping candidates of one label drop
                found = group[i]
                start, end = found.start_char + offset, found.end_char + offset
                if found.label_ not in self.span_labels or any(
                    t.label == found.label_ and _overlap(t, start, end) for t in taken
                ):
                    continue
                taken.append(self._take(out, start, end, found.label_))
        out.spans.sort(key=lambda s: (s.start, s.end, s.label))
        return out

    def _answers(self, cats: dict[str, float]) -> dict[str, list[str]]:
        """A categorizer's scores as answers: a one-choice category's surest value
        at or above ``THRESHOLD``, every such value of a many-choice one."""
        answers: dict[str, list[str]] = {}
        for cat in self.scheme.categories:
            scored = [
                (cats[label], value)
                for value in cat.value_names
                if (label := self.categories.label(cat.name, value)) in cats
                and cats[label] >= THRESHOLD
            ]
            if scored:
                chosen = [max(scored)[1]] if cat.exclusive else [v for _, v in scored]
                answers[cat.name] = chosen
        return answers

    @staticmethod
    def _take(out: Suggestions, start: int, end: int, label: str) -> Span:
        """Add the model's span; an overlapping rule span of the label gives it its
        attributes and links and is replaced by it."""
        same = [s for s in out.spans if s.label == label and _overlap(s, start, end)]
        exact = next((s for s in same if (s.start, s.end) == (start, end)), None)
        if exact is not None:
            return exact
        rule = max(same, key=lambda s: _overlap(s, start, end), default=None)
        made = Span(start, end, label, dict(rule.attrs) if rule else {}, origin="model")
        if rule is not None:
            out.spans.remove(rule)
            old = rule.key()
            out.relations = [
                Relation(
                    made.key() if r.head == old else r.head,
                    made.key() if r.child == old else r.child,
                    r.label,
                    origin=r.origin,
                )
                for r in out.relations
            ]
        out.spans.append(made)
        return made
