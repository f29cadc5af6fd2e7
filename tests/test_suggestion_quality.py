"""Suggestion quality: each model's suggestions against the done sets they
seeded, checked against counts made by hand for a project built here."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.agreement.suggestion_quality import compare, suggestion_quality
from annotator.core.store import Project
from annotator.core.store.models import ModelInfo
from annotator.core.store.util import now_iso
from annotator.core.types import GOLD, Document, Span
from tests.helpers import run_cli

T1 = "Japan and Iran met in Tokyo on Friday and agreed on $5 billion."
T2 = "Iraq exported 3 million barrels in March."
T3 = "Saudi Arabia cut output by 5 percent."
T4 = "Oman and Qatar signed a deal."


def at(text: str, words: str, label: str, **attrs: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words), label, dict(attrs), origin="model")


def _span_id(project: Project, set_id: int, text: str, words: str) -> int:
    start = text.index(words)
    return next(s.id for s in project.sets.spans(set_id) if s.start == start)


def _legacy_set(project: Project, doc_id: int, annotator: str, spans: list[Span]) -> int:
    """A set as the app made it before models were registered: its
    ``set.create`` event says how many spans it was seeded with, not from what."""
    stamp = now_iso()
    with project.transaction():
        cursor = project.db.conn.execute(
            "INSERT INTO annotation_sets (document_id, annotator_id, created_at, updated_at)"
            " VALUES (?, ?, ?, ?)",
            (doc_id, project.sets.ensure_annotator(annotator), stamp, stamp),
        )
        set_id = int(cursor.lastrowid)
        project.sets.insert_spans(set_id, spans, stamp)
        project.log_event("set.create", {"seeded": 2}, set_id=set_id, document_id=doc_id)
    return set_id


def build(path: Path) -> None:
    """Four documents, two models, done sets with known corrections (see the
    expected figures in the tests for the count, document by document)."""
    with Project.open(path) as project:
        d1, d2, d3, d4 = project.documents.add([Document(t) for t in (T1, T2, T3, T4)]).ids
        project.models.register(ModelInfo("rules", "rules", "1", "rules"))
        project.models.register(ModelInfo("trained-1", "en_pipeline", "0.0.0", "trained"))
        rules = {
            d1: [at(T1, "Japan", "ACTOR")],
            d2: [at(T2, "Iraq", "ACTOR")],
            d3: [at(T3, "Saudi Arabia", "ACTOR"), at(T3, "5 percent", "FIGURE")],
            d4: [at(T4, "Oman", "ACTOR"), at(T4, "Qatar", "ACTOR")],
        }
        project.documents.replace_predictions(list(rules.items()), "rules", "1")
        # d4: an annotator's set from before the registry, seeded with rules'
        # two spans, Qatar deleted; trained-1 runs on d4 only afterwards.
        legacy = _legacy_set(project, d4, "ann", rules[d4][:1])
        project.sets.set_status(legacy, "done")
        trained = {
            d1: [
                at(T1, "Japan", "ACTOR", canonical="Japan"),
                at(T1, "Iran", "ACTOR"),
                at(T1, "Tokyo", "ACTOR"),
                at(T1, "on Friday", "DATE"),
                at(T1, "$5 billion", "FIGURE"),
            ],
            d2: [at(T2, "Iraq", "ACTOR"), at(T2, "3 million barrels", "FIGURE")],
            d4: [at(T4, "Oman", "ACTOR")],
        }
        project.documents.replace_predictions(list(trained.items()), "trained-1", "0.0.0")
        project.models.use("trained-1")

        # d1, seeded by trained-1: Tokyo deleted, "on Friday" -> "Friday",
        # Japan's canonical corrected, a STANCE added over the kept FIGURE.
        s1 = project.sets.open(d1, "ann")
        project.sets.delete_span(_span_id(project, s1.id, T1, "Tokyo"))
        friday = T1.index("Friday")
        project.sets.update_span(_span_id(project, s1.id, T1, "on Friday"), start=friday)
        project.sets.update_span(
            _span_id(project, s1.id, T1, "Japan"), attrs={"canonical": "Japan (state)"}
        )
        project.sets.add_span(s1.id, at(T1, "agreed on $5 billion", "STANCE"))
        project.sets.set_status(s1.id, "done")
        # d2, seeded by trained-1 and accepted as it was; trained-1 then runs
        # again and also proposes March: compared with that newer run.
        s2 = project.sets.open(d2, "ann")
        project.sets.set_status(s2.id, "done")
        project.documents.replace_predictions(
            [(d2, [*trained[d2], at(T2, "March", "DATE")])], "trained-1", "0.0.0"
        )
        # d3: trained-1 never ran there, so rules seeded it; the FIGURE widened.
        s3 = project.sets.open(d3, "ann")
        project.sets.update_span(
            _span_id(project, s3.id, T3, "5 percent"), start=T3.index("by 5 percent")
        )
        project.sets.set_status(s3.id, "done")

        # Not counted: a set still in progress, gold (never seeded), a set
        # made without suggestions.
        project.sets.open(d1, "bob")
        gold = project.sets.open(d1, GOLD)
        project.sets.add_span(gold.id, at(T1, "Japan", "ACTOR"))
        project.sets.set_status(gold.id, "done")
        carol = project.sets.open(d2, "carol", seed=False)
        project.sets.add_span(carol.id, at(T2, "Iraq", "ACTOR"))
        project.sets.set_status(carol.id, "done")


def _label(suggested: int, accepted: int, matched: int, p, r) -> dict:
    return {"suggested": suggested, "accepted": accepted, "matched": matched,
            "precision": p, "recall": r}  # fmt: skip


# Counted by hand from build(): d1 + d2 for trained-1, d3 + d4 for rules.
TRAINED = {
    "sets": 2,
    "documents": 2,
    "labels": {
        "ACTOR": _label(4, 3, 3, 0.75, 1.0),  # d1 Japan Iran Tokyo / Japan Iran; d2 Iraq
        "DATE": _label(2, 1, 0, 0.0, 0.0),  # d1 on Friday / Friday; d2 March / -
        "FIGURE": _label(2, 2, 2, 1.0, 1.0),
        "STANCE": _label(0, 1, 0, None, 0.0),
    },
    "overall": _label(8, 7, 5, 0.625, 0.7143),
    # added: the STANCE; deleted: Tokyo, March; changed: Friday, Japan's canonical
    "corrections": {"added": 1, "deleted": 2, "changed": 2, "per_document": 2.5},
    "inferred": 0,
    "rerun": 1,
}
RULES = {
    "sets": 2,
    "documents": 2,
    "labels": {
        "ACTOR": _label(3, 2, 2, 0.6667, 1.0),  # d3 Saudi Arabia; d4 Oman Qatar / Oman
        "FIGURE": _label(1, 1, 0, 0.0, 0.0),  # 5 percent / by 5 percent
    },
    "overall": _label(4, 3, 2, 0.5, 0.6667),
    "corrections": {"added": 0, "deleted": 1, "changed": 1, "per_document": 1.0},
    "inferred": 1,
    "rerun": 0,
}


def test_quality_equals_the_count_by_hand(tmp_path: Path) -> None:
    build(tmp_path / "p.db")
    with Project.open(tmp_path / "p.db") as project:
        found = {model: q.to_dict() for model, q in suggestion_quality(project).items()}
    assert found == {"trained-1": TRAINED, "rules": RULES}


def test_stats_json_and_text_carry_the_figures(tmp_path: Path, capsys) -> None:
    db = tmp_path / "p.db"
    build(db)
    code, out, _ = run_cli(capsys, "stats", "--db", str(db), "--json")
    assert code == 0
    models = {m["model"]: m for m in json.loads(out)["models"]}
    assert models["trained-1"]["quality"] == TRAINED
    assert models["rules"]["quality"] == RULES
    code, out, _ = run_cli(capsys, "stats", "--db", str(db))
    assert code == 0
    assert (
        "    suggestions  2 done sets: precision 0.62, recall 0.71;"
        " 2.5 corrections per document (1 added, 2 deleted, 2 changed)"
    ) in out
    assert "    1 set compared with a newer run than it was seeded with" in out
    assert "    1 set from before model ids: compared with the run newest when it was made" in out
    assert "    per label    ACTOR P 0.75 R 1.00 · DATE P 0.00 R 0.00" in out


def test_a_model_that_seeded_no_done_set_has_no_figures(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        (doc,) = project.documents.add([Document(T2)]).ids
        project.documents.replace_predictions([(doc, [at(T2, "Iraq", "ACTOR")])], "m", "1")
        project.sets.open(doc, "ann")  # seeded, never finished
        (entry,) = project.stats()["models"]
    assert entry["model"] == "m" and entry["quality"] is None


def test_compare_pairs_one_to_one_by_largest_overlap() -> None:
    suggested = [Span(0, 10, "STANCE"), Span(12, 14, "ACTOR")]
    accepted = [Span(0, 4, "STANCE"), Span(2, 11, "STANCE"), Span(12, 14, "FIGURE")]
    labels, corrections = compare(suggested, accepted)
    # 0-10 pairs with 2-11 (8 shared) not 0-4; 12-14 relabelled; 0-4 is new
    assert (corrections.changed, corrections.added, corrections.deleted) == (2, 1, 0)
    assert labels["STANCE"].matched == 0 and labels["FIGURE"].accepted == 1


def test_predictions_by_document_reads_one_model_for_many_documents(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        d1, d2, d3 = project.documents.add([Document(T1), Document(T2), Document(T3)]).ids
        project.documents.replace_predictions(
            [(d1, [at(T1, "Iran", "ACTOR"), at(T1, "Japan", "ACTOR")]), (d2, [])], "m", "1"
        )
        project.documents.replace_predictions([(d1, [at(T1, "Tokyo", "ACTOR")])], "other", "1")
        found = project.documents.predictions_by_document([d3, d1, d2, d1], "m")
    assert list(found) == [d3, d1, d2]
    assert [(s.start, s.label, s.origin) for s in found[d1]] == [
        (0, "ACTOR", "model"),
        (10, "ACTOR", "model"),
    ]
    assert found[d2] == [] and found[d3] == []
