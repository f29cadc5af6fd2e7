"""Agreement on relations (F1 over exact relation keys) and document
categories (Cohen's/Fleiss' kappa, Krippendorff's alpha), the review units
built from them, gold's relations and answers, and the ``agreement`` command.

References: relation F1 is worked by hand in the comments; kappas come
from scikit-learn's ``cohen_kappa_score`` and statsmodels' ``fleiss_kappa``,
alpha from the ``krippendorff`` package, each fed the raw answers (not our
code matrices).
"""

from __future__ import annotations

import json
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

from annotator.core.agreement import compute_agreement, project_agreement
from annotator.core.agreement.adjudication import document_state, review_documents
from annotator.core.agreement.linkstats import CategorySpec
from annotator.core.agreement.report import DocumentSets
from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.types import Document, Relation, Span
from tests.helpers import run_cli

TEXT = "Iraq said on Friday that Japan must pay more for oil."


def at(part: str, label: str) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part), label)


IRAQ, JAPAN, FRIDAY = at("Iraq", "ACTOR"), at("Japan", "ACTOR"), at("Friday", "DATE")
STANCE = at("Japan must pay more for oil", "STANCE")
WIDE = at("that Japan must pay more for oil", "STANCE")  # bob's boundary in doc 2
SPANS = [IRAQ, FRIDAY, JAPAN, STANCE]


def rel(head: Span, child: Span, label: str) -> Relation:
    return Relation(head.key(), child.key(), label)


#: alice, bob, carol's answers per document (None: finished without answering)
RELEVANCE = [
    ("relevant", "relevant", "relevant"),
    ("relevant", "not relevant", "relevant"),
    ("not relevant", "not relevant", "not relevant"),
    ("relevant", "relevant", "not relevant"),
    ("not relevant", "relevant", None),
    ("relevant", "relevant", "relevant"),
]
GENRE = [
    ("report", "report", "report"),
    ("interview", "report", "interview"),
    ("opinion", "opinion", "brief"),
    ("report", "report", "report"),
    ("brief", "brief", "brief"),
    (None, "report", "report"),
]
NAMES = ("alice", "bob", "carol")


def versions(doc: int, name: str) -> tuple[list[Span], list[Relation]]:
    """Everyone: HOLDER STANCE -> Iraq, TARGET STANCE -> Japan, except
    doc 0 bob: HOLDER -> Japan (other child); doc 1 bob: no TARGET;
    doc 2 bob: a wider STANCE (other head for both); doc 3 carol: no relations."""
    stance = WIDE if (doc, name) == (2, "bob") else STANCE
    spans = [IRAQ, FRIDAY, JAPAN, stance]
    holder = rel(stance, JAPAN if (doc, name) == (0, "bob") else IRAQ, "HOLDER")
    links = [holder, rel(stance, JAPAN, "TARGET")]
    if (doc, name) == (1, "bob"):
        links = [holder]
    if (doc, name) == (3, "carol"):
        links = []
    return spans, links


def answers(doc: int, k: int) -> dict[str, list[str]]:
    out = {}
    for name, table in (("relevance", RELEVANCE), ("genre", GENRE)):
        value = table[doc][k]
        if value is not None:
            out[name] = [value]
    return out


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "links.db"
    with Project.open(path) as p:
        ids = p.documents.add(Document(f"{TEXT} ({i})") for i in range(6)).ids
        for doc, doc_id in enumerate(ids):
            for k, name in enumerate(NAMES):
                spans, links = versions(doc, name)
                p.sets.replace(
                    doc_id, name, spans, "done", relations=links, categories=answers(doc, k)
                )
    return path


def test_relation_f1_per_label_by_hand(project_path: Path) -> None:
    with Project.open(project_path) as p:
        report = project_agreement(p)
    assert report.relation_labels == ["HOLDER", "TARGET"]
    ab = report.pair("alice", "bob")
    # HOLDER: alice 6, bob 6; matched: docs 1, 3, 4, 5 (0: other child, 2: other head) -> 4
    assert (ab.relations["HOLDER"].relations_a, ab.relations["HOLDER"].relations_b) == (6, 6)
    assert ab.relations["HOLDER"].matched == 4
    assert ab.relations["HOLDER"].f1 == pytest.approx(2 * 4 / 12)
    # TARGET: alice 6, bob 5 (none in doc 1); matched docs 0, 3, 4, 5 -> 4
    assert ab.relations["TARGET"].f1 == pytest.approx(2 * 4 / 11)
    assert ab.relations_overall.f1 == pytest.approx(2 * 8 / 23)
    ac = report.pair("alice", "carol")
    # carol has no relations in doc 3: 5 of 6 each label, all matching
    assert ac.relations["HOLDER"].f1 == pytest.approx(2 * 5 / 11)


def test_category_kappa_and_alpha_against_references(project_path: Path) -> None:
    with Project.open(project_path) as p:
        report = project_agreement(p)
    for name, table in (("relevance", RELEVANCE), ("genre", GENRE)):
        domain = sorted({v for row in table for v in row if v is not None})
        for (ia, a), (ib, b) in [((0, "alice"), (1, "bob")), ((0, "alice"), (2, "carol"))]:
            both = [row for row in table if row[ia] is not None and row[ib] is not None]
            expected = cohen_kappa_score([r[ia] for r in both], [r[ib] for r in both])
            fig = report.pair(a, b).categories[name]
            assert fig.kappa == pytest.approx(expected, abs=1e-12)
            assert fig.units == len(both)
            pair_data = np.array(
                [[np.nan if r[i] is None else domain.index(r[i]) for r in table] for i in (ia, ib)]
            )
            alpha = krippendorff.alpha(reliability_data=pair_data, level_of_measurement="nominal")
            assert fig.alpha == pytest.approx(alpha, abs=1e-12)
        complete = [row for row in table if None not in row]
        counts, _ = aggregate_raters(np.array([[domain.index(v) for v in r] for r in complete]))
        overall = report.categories[name]
        assert overall.kappa == pytest.approx(sm_fleiss(counts, method="fleiss"), abs=1e-12)
        assert overall.units == len(complete)
        data = np.array(
            [[np.nan if r[i] is None else domain.index(r[i]) for r in table] for i in range(3)]
        )
        assert overall.alpha == pytest.approx(
            krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"), abs=1e-12
        )


def test_many_choice_category_is_one_yes_no_unit_per_value() -> None:
    # two documents, values x, y, z: a = {x, y}, {} ; b = {x}, {z}
    sets = {"a": [], "b": []}
    docs = [
        DocumentSets(
            1, sets, text="a b", categories={"a": {"tags": ["x", "y"]}, "b": {"tags": ["x"]}}
        ),
        DocumentSets(2, sets, text="a b", categories={"a": {}, "b": {"tags": ["z"]}}),
    ]
    report = compute_agreement(docs, categories=[CategorySpec("tags", False, ("x", "y", "z"))])
    fig = report.pair("a", "b").categories["tags"]
    a = [1, 1, 0, 0, 0, 0]  # (doc, value) units: doc 1 x y z, doc 2 x y z
    b = [1, 0, 0, 0, 0, 1]
    assert fig.units == 6 and not fig.exclusive
    assert fig.kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert fig.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal"), abs=1e-12
    )


def test_review_units_and_agreed_links(project_path: Path) -> None:
    with Project.open(project_path) as p:
        ids = [d.id for d in p.documents.stream()]
        state = document_state(p, ids[0], ["alice", "bob"])
        (unit,) = [d for d in state.disagreements if d.type == "relation"]
        assert unit.label == "HOLDER" and unit.aspects == ("child",)
        assert unit.version("bob") == ((STANCE.key(), JAPAN.key(), "HOLDER"),)
        assert [r.label for r in state.agreed_relations] == ["TARGET"]
        assert state.agreed_categories == {"genre": ["report"], "relevance": ["relevant"]}
        wide = document_state(p, ids[2], ["alice", "bob"])
        # the wider STANCE: one boundary disagreement and one unit per relation label,
        # whose versions differ in the head
        kinds = [(d.type, getattr(d, "aspects", ())) for d in wide.disagreements]
        assert ("relation", ("head",)) in kinds and ("boundary", ("boundary",)) in kinds
        cats = document_state(p, ids[1], ["alice", "bob"]).disagreements
        both = [d for d in cats if d.type == "category"]
        assert [(d.name, d.aspects) for d in both] == [
            ("relevance", ("value",)),
            ("genre", ("value",)),
        ]
        assert cats[-2:] == both  # categories come after spans and relations, in scheme order
        missing = document_state(p, ids[5], ["alice", "bob"]).disagreements
        (genre,) = [d for d in missing if d.type == "category"]
        assert genre.aspects == ("extra",)  # alice (the reference) left it blank
        counts = {item.doc_id: item.counts for item in review_documents(p, ["alice", "bob"])}
        assert counts[ids[0]]["relation"] == 1 and counts[ids[1]]["category"] == 2


def test_gold_takes_a_relation_with_its_end_and_undoes_it(project_path: Path) -> None:
    with Project.open(project_path) as p:
        doc = next(d.id for d in p.documents.stream())
        gold_id = p.gold.set_id(doc)
        p.gold.change(doc, add=[STANCE])
        holder = rel(STANCE, IRAQ, "HOLDER")
        with pytest.raises(AnnotatorError, match="no span ACTOR"):
            p.gold.change(doc, link=[holder])  # Iraq is not in gold yet
        change = p.gold.change(doc, add=[IRAQ], link=[holder], categories={"genre": ["report"]})
        assert [r.key() for r in change.linked] == [holder.key()]
        assert change.categories == {"genre": []}
        assert p.gold.links(doc) == (p.relations.of_set(gold_id), {"genre": ["report"]})
        # removing the end span takes the relation along, and says which
        stance_id = next(s.id for s in p.sets.spans(gold_id) if s.label == "STANCE")
        gone = p.gold.change(doc, remove=[stance_id])
        assert [r.key() for r in gone.unlinked] == [holder.key()]
        assert p.relations.of_set(gold_id) == []
        # the undo: the span back, then the relation by key
        p.gold.change(doc, add=gone.removed, link=gone.unlinked)
        assert [r.key() for r in p.relations.of_set(gold_id)] == [holder.key()]
        p.gold.change(doc, reject=[("relation", "TARGET", 24, 51), ("category", "relevance")])
        assert p.gold.rejected(doc)[doc] == {
            ("relation", "TARGET", 24, 51),
            ("category", "relevance"),
        }


def test_agreement_cli_text_and_json(project_path: Path, capsys) -> None:
    code, out, err = run_cli(
        capsys, "agreement", "--db", str(project_path), "--annotators", "alice,bob"
    )
    assert code == 0, err
    assert "relations (F1: both ends and the label exactly the same)" in out
    holder = next(line for line in out.splitlines() if line.startswith("HOLDER"))
    assert holder.split()[1:] == ["6", "6", "4", "0.667"]
    genre = next(line for line in out.splitlines() if line.startswith("genre"))
    assert genre.split()[1] == "5"  # documents both answered
    code, out, err = run_cli(capsys, "agreement", "--db", str(project_path), "--json")
    data = json.loads(out)
    pair = data["pairs"][0]
    assert pair["relations"]["labels"]["HOLDER"]["matched"] == 4
    assert set(pair["categories"]["genre"]) == {
        "kappa",
        "alpha",
        "units",
        "alpha_units",
        "exclusive",
    }
    assert data["categories"]["relevance"]["units"] == 5
    assert data["relation_labels"] == ["HOLDER", "TARGET"]
