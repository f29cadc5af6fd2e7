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
    assert order.scores == {d0: 0, d1: 2, d2: 2, d3: 1}
    assert order.models == ("trained-1", "base-1")
    assert order.message() == (
        "most to learn: where trained-1 and base-1 disagree most; 1 not seen by both come last"
    )
    assert listed.ids == [d3, d0, d4]


def test_without_a_second_model_the_order_is_by_id_and_says_so(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        ids = project.documents.add([Document("One text."), Document("Two texts.")]).ids
        project.models.register(ModelInfo("trained-1", "en_pipeline", "0.0.0", "trained"))
        project.documents.replace_predictions([(i, _spans(0)) for i in ids], "trained-1", "0")
        project.models.use("trained-1")
        order = most_to_learn(project, list(reversed(ids)))
    assert order.ids == ids and order.models is None
    assert "needs a suggesting model and a second model" in order.message()
