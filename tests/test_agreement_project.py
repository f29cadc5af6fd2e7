"""Agreement over real project files: what counts (done sets, gold left out),
the review helpers, and the ``annotator agreement`` command."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from annotator.core.agreement import (
    annotator_progress,
    compute_agreement,
    document_alignment,
    load_documents,
    project_agreement,
    review_queue,
)
from annotator.core.agreement.linkstats import CategorySpec
from annotator.core.agreement.synthetic import generate
from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.types import GOLD, Document, Span
from tests.helpers import run_cli as run


@pytest.fixture(scope="module")
def generated():
    return generate(40, annotators=("alice", "bob", "carol"), noise=0.4, seed=21)


@pytest.fixture
def filled(tmp_path: Path, generated) -> Path:
    """40 documents; alice, bob, carol done on most; bob has 3 in progress;
    a gold set on the first document."""
    path = tmp_path / "agree.db"
    with Project.open(path) as p:
        ids = p.documents.add(Document(d.text) for d in generated).ids
        for doc_id, d in zip(ids, generated, strict=True):
            for name, spans in d.sets.items():
                p.sets.replace(doc_id, name, spans, status="done")
        for doc_id in ids[:3]:
            p.sets.set_status(p.sets.find(doc_id, "bob").id, "in_progress")
        p.sets.replace(ids[0], GOLD, generated[0].sets["alice"], status="done")
    return path


def test_project_agreement_matches_the_pure_computation(filled: Path, generated) -> None:
    with Project.open(filled) as p:
        report = project_agreement(p)
    assert report.annotators == ["alice", "bob", "carol"]  # gold left out
    # the same data given directly, bob's unfinished documents removed
    generated = copy.deepcopy(generated)
    for i, d in enumerate(generated):
        if i < 3:
            d.sets.pop("bob", None)
    direct = compute_agreement(
        generated,
        labels=["ACTOR", "FIGURE", "DATE", "STANCE"],
        entity_labels=["ACTOR", "FIGURE", "DATE"],
        relation_labels=["HOLDER", "TARGET"],
        categories=[
            CategorySpec("relevance", True, ("relevant", "not relevant")),
            CategorySpec("genre", True, ("report", "interview", "opinion", "brief")),
        ],
    )
    assert report.pair("alice", "bob").documents == 37
    assert report.pair("alice", "carol").documents == 40
    assert report.to_dict()["pairs"] == direct.to_dict()["pairs"]
    assert report.fleiss.to_dict() == direct.fleiss.to_dict()
    assert report.progress["bob"]["in_progress"] == 3
    assert report.progress["bob"]["done"] == 37
    assert report.progress["alice"]["documents"] == 40
    assert report.progress[GOLD]["done"] == 1


def test_gold_only_when_named(filled: Path) -> None:
    with Project.open(filled) as p:
        report = project_agreement(p, ["alice", GOLD])
        assert [(x.a, x.b) for x in report.pairs] == [("alice", GOLD)]
        pair = report.pairs[0]
        assert pair.documents == 1
        assert pair.overall.f1_exact == 1.0  # gold copied alice
        with pytest.raises(AnnotatorError, match="unknown annotator 'zoe'"):
            project_agreement(p, ["alice", "zoe"])


def test_review_helpers(filled: Path) -> None:
    with Project.open(filled) as p:
        ids = p.documents.ids()
        queue = review_queue(p)
        assert [item.doc_id for item in queue] == ids
        assert queue[0].annotators == ["alice", "carol"]  # bob not done there
        assert queue[0].gold_status == "done" and queue[1].gold_status is None
        assert sum(item.total for item in queue) > 0
        alignment = document_alignment(p, ids[5])
        assert alignment.annotators == ["alice", "bob", "carol"]
        assert len(alignment.disagreements) == queue[5].total
        # named explicitly, an annotator with no finished set is compared as empty
        alignment = document_alignment(p, ids[0], ["alice", "bob"])
        assert all(d.type == "missing" for d in alignment.disagreements)
        # the reviewer takes the agreed spans into gold in one step
        agreed = document_alignment(p, ids[5]).agreed
        p.sets.replace(ids[5], GOLD, agreed, status="in_progress")
        assert [s.key() for s in p.sets.find(ids[5], GOLD).spans] == [s.key() for s in agreed]
        assert annotator_progress(p)[GOLD]["in_progress"] == 1
        assert len(load_documents(p, ["alice", "bob"])) == 37


def test_cli_json(filled: Path, capsys) -> None:
    code, out, _ = run(capsys, "agreement", "--db", str(filled), "--json")
    assert code == 0
    data = json.loads(out)
    assert [(x["a"], x["b"]) for x in data["pairs"]] == [
        ("alice", "bob"),
        ("alice", "carol"),
        ("bob", "carol"),
    ]
    pair = data["pairs"][0]
    assert pair["documents"] == 37
    assert set(pair["labels"]) == {"ACTOR", "FIGURE", "DATE", "STANCE"}
    assert 0 < pair["labels"]["ACTOR"]["f1_exact"] <= pair["labels"]["ACTOR"]["f1_overlap"] < 1
    assert 0 < pair["overall"]["kappa"] < 1
    assert data["fleiss"]["documents"] == 37
    assert 0 < data["fleiss"]["overall"]["kappa"] < 1
    assert set(data["attributes"]) == {"ACTOR.canonical", "FIGURE.unit", "STANCE.polarity"}
    assert data["progress"]["carol"]["done"] == 40


def test_cli_table_and_annotator_choice(filled: Path, capsys) -> None:
    code, out, _ = run(capsys, "agreement", "--db", str(filled), "--annotators", "alice,carol")
    assert code == 0
    lines = out.splitlines()
    assert "alice vs carol: 40 documents both finished" in lines
    header = next(line for line in lines if line.startswith("label"))
    assert header.split() == ["label", "spans", "alice", "spans", "carol", "F1", "exact",
                              "F1", "overlap", "kappa"]  # fmt: skip
    actor = next(line for line in lines if line.startswith("ACTOR"))
    assert len(actor) == len(header)  # aligned columns
    assert "Fleiss" not in out  # two annotators


def test_cli_errors(filled: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "agreement", "--db", str(filled), "--annotators", "alice,zoe")
    assert code == 1 and "unknown annotator 'zoe'" in err
    code, _, err = run(capsys, "agreement", "--db", str(filled), "--annotators", "alice")
    assert code == 1 and "two or more annotators" in err
    code, _, err = run(capsys, "agreement", "--db", str(tmp_path / "none.db"))
    assert code == 1 and "no such project file" in err
    assert not (tmp_path / "none.db").exists()


def test_annotators_without_shared_documents(tmp_path: Path, capsys) -> None:
    path = tmp_path / "apart.db"
    with Project.open(path) as p:
        a, b = p.documents.add([Document("Japan and Iran."), Document("Seko said so.")]).ids
        p.sets.replace(a, "alice", [Span(0, 5, "ACTOR")])
        p.sets.replace(b, "bob", [Span(0, 4, "ACTOR")])
    code, out, _ = run(capsys, "agreement", "--db", str(path), "--json")
    assert code == 0
    pair = json.loads(out)["pairs"][0]
    assert pair["documents"] == 0
    assert pair["overall"] == {
        "f1_exact": None,
        "f1_overlap": None,
        "kappa": None,
        "spans_a": 0,
        "spans_b": 0,
        "matched_exact": 0,
        "matched_overlap": 0,
    }
    code, out, _ = run(capsys, "agreement", "--db", str(path))
    assert code == 0 and "alice vs bob: 0 documents" in out


def test_a_finished_set_without_spans_counts(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    with Project.open(path) as p:
        (doc,) = p.documents.add([Document("Japan and Iran met.")]).ids
        p.sets.replace(doc, "alice", [Span(0, 5, "ACTOR", {"canonical": "Japan"})])
        p.sets.replace(doc, "bob", [])  # done, nothing to mark
        p.sets.replace(doc, "carol", [Span(0, 5, "ACTOR")], status="in_progress")
        (loaded,) = load_documents(p, ["alice", "bob", "carol"])
        assert loaded.sets == {"alice": [p.sets.find(doc, "alice").spans[0]], "bob": []}
        pair = project_agreement(p).pair("alice", "bob")
        assert pair.documents == 1 and pair.overall.f1_exact == 0.0
        assert project_agreement(p).pair("alice", "carol").documents == 0
