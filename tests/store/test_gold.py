"""``project.gold``: adjudication writes into the gold set, one transaction each."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.types import GOLD, Document, Span

TEXT = "Japan imports oil from Iran and the United States objects on Friday."


def at(part: str, label: str, attrs: dict | None = None) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part), label, dict(attrs or {}))


def test_change_is_one_transaction_and_refuses_foreign_spans(project: Project) -> None:
    (doc,) = project.documents.add([Document(TEXT)]).ids
    other = project.sets.open(doc, "alice", seed=False)
    alice_span = project.sets.add_span(other.id, at("Japan", "ACTOR"))
    change = project.gold.change(doc, add=[at("Iran", "ACTOR")], reject=[(0, 5)])
    assert [s.key() for s in change.added] == [at("Iran", "ACTOR").key()]
    before = project.sets.find(doc, GOLD).spans
    with pytest.raises(AnnotatorError, match=f"span {alice_span} is not in the gold set"):
        project.gold.change(doc, remove=[alice_span], add=[at("Friday", "DATE")], unreject=[(0, 5)])
    assert project.sets.find(doc, GOLD).spans == before  # nothing added
    assert project.sets.spans(other.id)[0].id == alice_span  # nothing deleted
    assert project.gold.rejected() == {doc: {(0, 5)}}
    # the undo direction: remove what was added, drop the rejected range
    back = project.gold.change(doc, remove=[s.id for s in change.added], unreject=[(0, 5)])
    assert [s.key() for s in back.removed] == [at("Iran", "ACTOR").key()]
    assert project.sets.find(doc, GOLD).spans == []
    assert project.gold.rejected() == {}
    kinds = [e["kind"] for e in project.events(project.sets.find(doc, GOLD).id)]
    assert kinds.count("span.add") == 1 and kinds.count("span.delete") == 1


def test_gold_set_is_never_seeded_from_predictions(project: Project) -> None:
    (doc,) = project.documents.add([Document(TEXT)]).ids
    project.documents.replace_predictions([(doc, [at("Japan", "ACTOR")])], "m", "1")
    set_id = project.gold.set_id(doc)
    assert project.sets.spans(set_id) == []
    assert project.gold.set_id(doc) == set_id  # created once


def test_change_many_is_all_or_nothing(project: Project) -> None:
    d1, d2 = project.documents.add([Document(TEXT), Document(TEXT + " Again.")]).ids
    foreign = project.sets.add_span(
        project.sets.open(d2, "alice", seed=False).id, at("Iran", "ACTOR")
    )
    with pytest.raises(AnnotatorError):
        project.gold.change_many({d1: ((), [at("Japan", "ACTOR")]), d2: ([foreign], [])})
    assert project.sets.select(annotator=GOLD) == []  # not even the gold set of d1
    done = project.gold.change_many(
        {d1: ((), [at("Japan", "ACTOR")]), d2: ((), [at("Iran", "ACTOR")])}
    )
    assert {d: [s.key() for s in c.added] for d, c in done.items()} == {
        d1: [at("Japan", "ACTOR").key()],
        d2: [at("Iran", "ACTOR").key()],
    }


def test_added_spans_are_human_copies(project: Project) -> None:
    (doc,) = project.documents.add([Document(TEXT)]).ids
    suggestion = Span(0, 5, "ACTOR", {"canonical": "Japan"}, origin="model", id=99)
    (added,) = project.gold.change(doc, add=[suggestion]).added
    assert (added.origin, added.attrs) == ("human", {"canonical": "Japan"})
    assert added.id != 99 and added.attrs is not suggestion.attrs
    assert project.sets.span(added.id) == added


def test_rejected_and_spans_per_document(project: Project) -> None:
    d1, d2 = project.documents.add([Document(TEXT), Document(TEXT + " Again.")]).ids
    project.gold.change(d1, add=[at("Japan", "ACTOR")], reject=[(23, 27)])
    project.gold.change(d2, reject=[(0, 5), (23, 27)])
    assert project.gold.rejected(d2) == {d2: {(0, 5), (23, 27)}}
    assert project.gold.rejected() == {d1: {(23, 27)}, d2: {(0, 5), (23, 27)}}
    assert project.setting("review.rejected") == {str(d1): [[23, 27]], str(d2): [[0, 5], [23, 27]]}
    spans = project.gold.spans()
    assert {d: [s.key() for s in found] for d, found in spans.items()} == {
        d1: [at("Japan", "ACTOR").key()],
        d2: [],
    }
    assert list(project.gold.spans([d2])) == [d2]
