"""``project.documents``: documents, predictions and prediction runs."""

from __future__ import annotations

from dataclasses import replace

from annotator.core.store import PredictionRun, Project, text_hash
from annotator.core.types import Document, Span


def test_hashes_stream_and_by_hash(project: Project) -> None:
    ids = project.documents.add(Document(f"Text number {i}.", title=f"t{i}") for i in range(5)).ids
    assert project.documents.hashes() == {
        i: text_hash(f"Text number {n}.") for n, i in enumerate(ids)
    }
    assert project.documents.hashes([ids[3], ids[1]]) == {
        ids[3]: text_hash("Text number 3."),
        ids[1]: text_hash("Text number 1."),
    }
    wanted = [ids[4], 12345, ids[0], ids[2]]  # an unknown id is left out
    assert [d.id for d in project.documents.stream(wanted, batch_size=2)] == [
        ids[4],
        ids[0],
        ids[2],
    ]
    assert [d.title for d in project.documents.stream(batch_size=2)] == [f"t{i}" for i in range(5)]
    found = project.documents.by_hash(text_hash("Text number 2."))
    assert found is not None and found.id == ids[2]
    assert project.documents.by_hash(text_hash("absent")) is None
    assert (project.documents.count(), project.documents.ids()) == (5, ids)


def test_a_prediction_run_is_kept_when_it_found_nothing(project: Project) -> None:
    a, b = project.documents.add([Document("Iran sells oil."), Document("Nothing here.")]).ids
    project.documents.replace_predictions([(a, [Span(0, 4, "ACTOR")]), (b, [])], "m", "1")
    assert project.documents.with_predictions() == {a, b}
    assert project.documents.with_predictions("other") == set()
    assert {(r.document_id, r.spans) for r in project.documents.prediction_runs()} == {
        (a, 1),
        (b, 0),
    }
    assert project.documents.models() == [("m", "1", 2)]
    assert project.documents.label_counts() == {"ACTOR": 1}


def test_add_prediction_run_keeps_the_run_as_it_was(project: Project) -> None:
    (doc,) = project.documents.add([Document("Iran sells oil to Japan.")]).ids
    run = PredictionRun(doc, "m", "2.0", 2, "2020-01-01T00:00:00.000000+00:00")
    spans = [Span(0, 4, "ACTOR", {"canonical": "Iran"}), Span(18, 23, "ACTOR")]
    project.documents.add_prediction_run(run, spans)
    assert project.documents.prediction_runs() == [run]
    assert project.documents.prediction_model(doc) == ("m", "2.0")
    assert [(s.start, s.end, s.attrs, s.origin) for s in project.documents.predictions(doc)] == [
        (0, 4, {"canonical": "Iran"}, "model"),
        (18, 23, {}, "model"),
    ]
    # a newer run of another model becomes the default
    project.documents.replace_predictions([(doc, [Span(5, 10, "ACTOR")])], "n", "1")
    assert project.documents.prediction_model(doc) == ("n", "1")
    assert [s.start for s in project.documents.predictions(doc)] == [5]
    assert [s.start for s in project.documents.predictions(doc, "m")] == [0, 18]
    assert replace(run, document_id=doc) in project.documents.prediction_runs()


def test_delete_label_removes_only_that_label(project: Project) -> None:
    (doc,) = project.documents.add([Document("Iran sells oil.")]).ids
    project.documents.replace_predictions(
        [(doc, [Span(0, 4, "ACTOR"), Span(5, 10, "PERSON")])], "m", "1"
    )
    assert project.documents.delete_label("PERSON") == 1
    assert [s.label for s in project.documents.predictions(doc)] == ["ACTOR"]
