"""``project.sets``: annotators, sets, spans and the one bulk span reader."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.types import GOLD, Document, Span

TEXT = "Iran sells oil to Japan on Monday."


def test_spans_by_set_answers_every_id_in_offset_order(project: Project) -> None:
    a, b = project.documents.add([Document(TEXT), Document(TEXT + " Again.")]).ids
    first = project.sets.replace(
        a, "ann", [Span(18, 23, "ACTOR"), Span(0, 4, "ACTOR", {"canonical": "Iran"})]
    )
    empty = project.sets.replace(b, "ann", [])
    found = project.sets.spans_by_set([empty, first, 999])
    assert list(found) == [empty, first, 999]
    assert found[empty] == [] and found[999] == []
    assert found[first] == project.sets.spans(first)
    assert [s.start for s in found[first]] == [0, 18]


def test_spans_by_set_gives_each_span_its_own_attributes(project: Project) -> None:
    (doc,) = project.documents.add([Document(TEXT)]).ids
    same = {"canonical": "Iran"}
    set_id = project.sets.replace(
        doc, "ann", [Span(0, 4, "ACTOR", same), Span(18, 23, "ACTOR", same)]
    )
    one, two = project.sets.spans_by_set([set_id])[set_id]
    one.attrs["canonical"] = "changed"
    assert two.attrs == {"canonical": "Iran"}


def test_spans_by_set_reads_more_sets_than_one_query_binds(project: Project) -> None:
    ids = project.documents.add(Document(f"Doc {i} is here.") for i in range(950)).ids
    set_ids = [project.sets.replace(d, "ann", [Span(0, 3, "ACTOR")]) for d in ids]
    found = project.sets.spans_by_set(set_ids)
    assert len(found) == 950 and all(len(spans) == 1 for spans in found.values())
    assert [s.id for s in project.sets.select(annotator="ann", with_spans=True)] == set_ids


def test_done_spans_is_what_select_with_spans_says(project: Project) -> None:
    a, b = project.documents.add([Document(TEXT), Document(TEXT + " Again.")]).ids
    project.sets.replace(b, "bob", [Span(0, 4, "ACTOR")])
    project.sets.replace(a, "bob", [])  # done without spans: compared as []
    project.sets.replace(a, "alice", [Span(18, 23, "ACTOR")])
    project.sets.replace(a, "carol", [Span(0, 4, "ACTOR")], status="in_progress")
    found = project.sets.done_spans(["bob", "alice", "carol", "bob"])
    assert list(found) == [a, b] and list(found[a]) == ["alice", "bob"]
    expected = {
        s.document_id: {}
        for s in project.sets.select(status="done", with_spans=True)
        if s.annotator in ("alice", "bob")
    }
    for s in project.sets.select(status="done", with_spans=True):
        expected[s.document_id][s.annotator] = s.spans
    assert found == expected
    assert project.sets.done_spans([]) == {}


def test_accept_and_undo_accept_restore_exactly(project: Project) -> None:
    (doc,) = project.documents.add([Document(TEXT)]).ids
    project.documents.replace_predictions(
        [(doc, [Span(0, 4, "ACTOR"), Span(18, 23, "ACTOR")])], "m", "1"
    )
    aset = project.sets.open(doc, "ann")
    human = project.sets.add_span(aset.id, Span(27, 33, "DATE"))
    project.sets.set_status(aset.id, "skipped", "later")
    status, reason, ids = project.sets.accept(aset.id)
    assert (status, reason, sorted(ids)) == ("skipped", "later", sorted(s.id for s in aset.spans))
    assert project.sets.state(aset.id) == {"status": "done", "skip_reason": "", "note": ""}
    assert {s.origin for s in project.sets.spans(aset.id)} == {"human"}
    project.sets.delete_span(ids[0])  # gone since: ignored by the undo
    project.sets.undo_accept(aset.id, status, reason, ids)
    assert project.sets.state(aset.id)["skip_reason"] == "later"
    assert {s.id: s.origin for s in project.sets.spans(aset.id)} == {
        ids[1]: "model",
        human: "human",
    }
    kinds = [e["kind"] for e in project.events(aset.id, limit=3)]
    assert kinds == ["set.status", "span.origin", "span.delete"]


def test_every_change_is_logged_under_its_set(project: Project) -> None:
    (doc,) = project.documents.add([Document(TEXT)]).ids
    set_id = project.sets.open(doc, "ann", seed=False).id
    span_id = project.sets.add_span(set_id, Span(0, 4, "ACTOR"))
    project.sets.update_span(span_id, end=3)
    project.sets.set_note(set_id, "short")
    events = project.events(set_id)
    assert [e["kind"] for e in events] == ["set.note", "span.update", "span.add", "set.create"]
    assert {(e["document_id"], e["annotator"]) for e in events} == {(doc, "ann")}
    with pytest.raises(AnnotatorError, match="no span with id 999"):
        project.sets.delete_span(999)
    with pytest.raises(AnnotatorError, match="no annotation set with id 999"):
        project.sets.add_span(999, Span(0, 4, "ACTOR"))


def test_copy_record_keeps_times_and_skip_reason(project: Project) -> None:
    (doc,) = project.documents.add([Document(TEXT)]).ids
    source = project.sets.get(project.sets.replace(doc, "ann", [], status="skipped"))
    source.skip_reason, source.seconds_spent = "duplicate", 42.0
    source.created_at, source.updated_at = "2020-01-01", "2020-01-02"
    target = project.sets.replace(doc, GOLD, [])
    project.sets.copy_record(target, source)
    copied = project.sets.get(target)
    assert (copied.skip_reason, copied.seconds_spent, copied.created_at, copied.updated_at) == (
        "duplicate",
        42.0,
        "2020-01-01",
        "2020-01-02",
    )


def test_attribute_values_count_spans_and_predictions(project: Project) -> None:
    (doc,) = project.documents.add([Document(TEXT)]).ids
    project.documents.replace_predictions(
        [(doc, [Span(0, 4, "ACTOR", {"canonical": "Iran"})])], "m", "1"
    )
    project.sets.replace(
        doc,
        "ann",
        [
            Span(0, 4, "ACTOR", {"canonical": "Iran"}),
            Span(18, 23, "ACTOR", {"canonical": "Japan"}),
            Span(27, 33, "DATE", {"canonical": "Monday"}),
        ],
    )
    assert project.vocabulary.attribute_values("ACTOR", "canonical") == ["Iran", "Japan"]
    assert project.vocabulary.attribute_values("ACTOR", "canonical", limit=1) == ["Iran"]
    assert project.vocabulary.attribute_values("FIGURE", "value") == []


def test_status_and_label_counts(project: Project) -> None:
    a, b = project.documents.add([Document(TEXT), Document(TEXT + " Again.")]).ids
    project.sets.replace(a, "ann", [Span(0, 4, "ACTOR"), Span(27, 33, "DATE")])
    project.sets.replace(b, "ann", [Span(0, 4, "ACTOR")], status="in_progress")
    project.sets.replace(a, "bob", [])
    assert project.sets.status_counts() == {
        ("ann", "done"): 1,
        ("ann", "in_progress"): 1,
        ("bob", "done"): 1,
    }
    assert project.sets.label_counts() == {"ACTOR": 2, "DATE": 1}
    assert project.sets.count() == 3
    assert project.sets.delete_label("DATE", reason="test") == 1
    assert project.events(limit=1)[0]["payload"] == {"id": 2, "label": "DATE", "reason": "test"}


def test_a_deleted_spans_id_is_never_given_again(tmp_path) -> None:
    """The window's undo and pending writes name spans by id: SQLite would
    hand the largest deleted id to the next row, so "span N" could come to
    mean another span (a FIGURE made over a DATE, undone, and made again
    left its edits unwritable)."""
    from annotator.core.store import Project
    from annotator.core.types import Document, Span

    with Project.open(tmp_path / "p.db") as project:
        (doc,) = project.documents.add([Document("Japan said on Friday.")]).ids
        set_id = project.sets.open(doc, "alice").id
        first = project.sets.add_span(set_id, Span(0, 5, "ACTOR"))
        project.sets.delete_span(first)
        second = project.sets.add_span(set_id, Span(14, 20, "DATE"))
        assert second > first
        project.sets.replace(doc, "alice", [Span(0, 5, "ACTOR")])
        assert project.sets.get(set_id).spans[0].id > second
