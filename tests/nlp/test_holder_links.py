"""Pre-annotation's HOLDER and TARGET links (issue #12) on the seeds' gold, and a set
seeded from a pre-annotated document carrying them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from annotator.core.nlp import run_preannotation

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "gold" / "seeds.jsonl"


def gold_docs() -> list[dict]:
    with open(GOLD, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_every_predicted_stance_has_one_holder_link_to_an_actor_it_names(annotator):
    gold = gold_docs()
    for doc, found in zip(
        gold, annotator.suggest([(d["text"], d["published"]) for d in gold]), strict=True
    ):
        by_key = {s.key(): s for s in found.spans}
        holders = Counter(r.head for r in found.relations if r.label == "HOLDER")
        for span in found.spans:
            if span.label == "STANCE":
                assert holders[span.key()] == 1, doc["text"][span.start : span.end]
        for rel in found.relations:
            head, child = by_key[rel.head], by_key[rel.child]
            assert head.label == "STANCE" and rel.origin == "model"
            if rel.label == "HOLDER":
                assert child.label == "ACTOR"
                assert child.attrs["canonical"] == head.attrs["holder"]
            else:
                assert rel.label == "TARGET" and child.label in ("ACTOR", "FIGURE", "DATE")


def test_holder_links_point_at_the_mention_with_the_gold_holders_canonical(annotator):
    """On the seed articles (the gold's HOLDER links, tests/fixtures/gold/src): for each
    gold STANCE the overlapping predicted STANCE links to a mention whose canonical is the
    gold holder's. 40 of 49 when written; a rule that loses holders fails here."""
    gold = gold_docs()
    hits = total = 0
    for doc, found in zip(
        gold, annotator.suggest([(d["text"], d["published"]) for d in gold]), strict=True
    ):
        canonical = {s.key(): s.attrs.get("canonical") for s in found.spans}
        holder_of = {r.head: r.child for r in found.relations if r.label == "HOLDER"}
        by_key = {(s["start"], s["end"], s["label"]): s for s in doc["spans"]}
        for rel in doc["relations"]:
            g, mention = (
                by_key[tuple(rel[end][k] for k in ("start", "end", "label"))]
                for end in ("head_span", "child_span")
            )
            total += 1
            linked = [
                canonical[child]
                for head, child in holder_of.items()
                if head[0] < g["end"] and g["start"] < head[1]
            ]
            hits += mention["attrs"]["canonical"] in linked
    assert total == 49
    assert hits >= 38, f"{hits}/{total}"


def test_a_pre_annotated_set_comes_seeded_with_the_model_relations(seeded_project, model_pipeline):
    summary = run_preannotation(seeded_project, pipeline=model_pipeline)
    assert summary.relations > 20 and f"{summary.relations} relations" in summary.message()
    doc_id = seeded_project.documents.ids()[0]
    predicted = seeded_project.documents.prediction_relations(doc_id)
    assert predicted and {r.label for r in predicted} <= {"HOLDER", "TARGET"}
    opened = seeded_project.sets.open(doc_id, "ann")
    assert sorted(r.key() for r in opened.relations) == sorted(r.key() for r in predicted)
    assert {r.origin for r in opened.relations} == {"model"}
    spans = {s.key() for s in opened.spans}
    assert all(r.head in spans and r.child in spans for r in opened.relations)
