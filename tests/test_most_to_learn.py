""" "Most to learn": uncertainty from a Doc's scores, and the document order
from two models' stored disagreement."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from annotator.core.nlp.most_to_learn import doc_scores, most_to_learn, uncertainty
from annotator.core.store import Project
from annotator.core.store.models import ModelInfo
from annotator.core.types import Document, Span


def test_uncertainty_reads_span_and_category_scores_from_the_doc() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Japan says it relies on Iran.")
    doc.cats = {"relevant": 0.5, "not relevant": 1.0}
    doc.spans["sc"] = [doc[0:2], doc[2:4]]
    doc.spans["sc"].attrs["scores"] = [0.9, 0.6]
    scores = doc_scores(doc, ["sc", "absent"])
    assert scores == [0.5, 1.0, 0.9, 0.6]
    # 1 - |2p - 1|: 1.0, 0.0, 0.2, 0.8
    assert abs(uncertainty(scores) - 0.5) < 1e-9
    assert uncertainty(doc_scores(nlp("No scores here."))) is None


def _spans(*starts: int, label: str = "ACTOR") -> list[Span]:
    return [Span(s, s + 2, label, origin="model") for s in starts]


@pytest.mark.parametrize("named_by", ["id", "directory"])
def test_order_puts_the_most_disagreement_first_and_unseen_last(
    tmp_path: Path, named_by: str
) -> None:
    """The trained model is compared with its base however its record names
    it (``annotator train --base`` takes a directory or a package name)."""
    folder = tmp_path / "base"
    folder.mkdir()
    with Project.open(tmp_path / "p.db") as project:
        ids = project.documents.add([Document(f"Text {i} " * 10) for i in range(5)]).ids
        d0, d1, d2, d3, d4 = ids
        project.models.register(
            ModelInfo("base-1", "en_core_web_sm", "3.8.0", "pipeline", path=str(folder))
        )
        base = "base-1" if named_by == "id" else str(folder)
        project.models.register(
            ModelInfo("trained-1", "en_pipeline", "0.0.0", "trained", base=base)
        )
        project.models.register(ModelInfo("rules", "rules", "1", "rules"))
        before = {d0: _spans(0, 10), d1: _spans(0), d2: _spans(0, 10), d3: _spans(0)}
        trained = {
            d0: _spans(0, 10),  # agrees: 0
            d1: _spans(0, 10, 20),  # two more: 2
            d2: _spans(0) + _spans(10, label="FIGURE"),  # relabelled: 2 (one each side)
            d3: _spans(0, 30),  # one more: 1
            d4: _spans(0),  # base never ran here
        }
        project.documents.replace_predictions(list(before.items()), "base-1", "3.8.0")
        project.documents.replace_predictions(list(trained.items()), "trained-1", "0.0.0")
        # a newer model that is not the trained one's base is not what it is compared with
        project.documents.replace_predictions([(d0, _spans(40))], "rules", "1")
        project.models.use("trained-1")
        order = most_to_learn(project)
        listed = most_to_learn(project, [d4, d3, d0])
    assert order.ids == [d1, d2, d3, d0, d4]
    assert {d: s.disagreements for d, s in order.scores.items()} == {d0: 0, d1: 2, d2: 2, d3: 1}
    assert (order.note.basis.model, order.note.basis.compared) == ("trained-1", "base-1")
    assert order.message() == (
        "Most to learn for trained-1: disagreements with base-1; 1 document not scored comes last"
    )
    assert listed.ids == [d3, d0, d4]


def test_without_a_second_model_the_order_is_by_id_and_says_so(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        ids = project.documents.add([Document("One text."), Document("Two texts.")]).ids
        project.models.register(ModelInfo("trained-1", "en_pipeline", "0.0.0", "trained"))
        project.documents.replace_predictions([(i, _spans(0)) for i in ids], "trained-1", "0")
        project.models.use("trained-1")
        order = most_to_learn(project, list(reversed(ids)))
    assert order.ids == ids and order.note.basis.compared is None and not order.scores
    assert order.message() == (
        "Most to learn: nothing scored for trained-1 (it needs a second model's predictions,"
        " or span or category scores); in id order"
    )


def test_pre_annotation_keeps_a_text_categorizers_uncertainty_and_the_list_sorts_by_it(
    tmp_path: Path,
) -> None:
    """A pipeline with ``textcat_multilabel`` on the scheme's categories (not
    trained: its scores are near 0.5) is scored without a second model."""
    from annotator.core.nlp.run import run_preannotation
    from annotator.core.store import ListingFilter
    from annotator.core.store.listing import LEARN

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    textcat = nlp.add_pipe("textcat_multilabel")
    for label in ("relevant", "not relevant", "report", "opinion"):
        textcat.add_label(label)
    nlp.initialize()  # (clears the ruler's patterns: added after)
    ruler.add_patterns([{"label": "ACTOR", "pattern": "Iran"}])
    nlp.to_disk(tmp_path / "cats")
    texts = ["Iran said it would sell oil to Japan.", "Prices rose.", "Iran and Japan met."]
    with Project.open(tmp_path / "p.db") as project:
        ids = project.documents.add([Document(t) for t in texts]).ids
        summary = run_preannotation(project, model=str(tmp_path / "cats"))
        stored = dict(
            project.db.conn.execute(
                "SELECT document_id, uncertainty FROM prediction_runs WHERE model = ?",
                (summary.model,),
            )
        )
        listed, note = project.listing.learn_order(
            "alice", ListingFilter(order=LEARN, descending=True)
        )
    loaded = spacy.load(tmp_path / "cats")
    expected = {i: uncertainty(doc_scores(loaded(t))) for i, t in zip(ids, texts, strict=True)}
    assert None not in expected.values() and stored == pytest.approx(expected)
    assert listed == sorted(ids, key=lambda i: (-expected[i], i))
    assert note.message() == f"Most to learn for {summary.model}: its uncertainty"
