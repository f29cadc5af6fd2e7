"""The review mode's store calls and resolution rules, without a window
(Qt-free core code the review window stands on)."""

from __future__ import annotations

import pytest

from annotator.core.agreement import align
from annotator.core.agreement.adjudication import (
    belongs,
    chosen_versions,
    is_resolved,
    missing_agreed,
    review_documents,
)
from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.types import GOLD, Document, Span

ENTS = {"ACTOR", "FIGURE", "DATE"}
TEXT = "Japan imports oil from Iran and the United States objects on Friday."


def at(part: str, label: str, attrs: dict | None = None) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part), label, dict(attrs or {}))


def test_change_gold_is_one_transaction_and_refuses_foreign_spans(project: Project) -> None:
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


def test_a_stance_in_gold_does_not_settle_an_actor_inside_it() -> None:
    sets = {"a": [at("Iran", "ACTOR")], "b": []}
    (dis,) = align(sets, ENTS).disagreements
    stance = Span(0, len(TEXT), "STANCE")
    assert not belongs(stance, dis, ENTS)
    assert not is_resolved(dis, [stance], set(), ENTS)
    # an overlapping entity of another exclusive label does (a label decision)
    assert is_resolved(dis, [at("Iran", "DATE")], set(), ENTS)
    assert is_resolved(dis, [], {(dis.start, dis.end)}, ENTS)
    assert not is_resolved(dis, None, set(), ENTS)
    assert chosen_versions(dis, [], ENTS) == ["b"]
    assert chosen_versions(dis, [at("Iran", "ACTOR")], ENTS) == ["a"]


def test_missing_agreed_compares_attributes() -> None:
    agreed = [at("Japan", "ACTOR", {"canonical": "Japan"}), at("Iran", "ACTOR")]
    gold = [at("Japan", "ACTOR", {"canonical": "Tokyo"})]
    assert missing_agreed(agreed, gold) == agreed
    assert missing_agreed(agreed, [agreed[0]]) == [agreed[1]]


def test_review_documents_counts_unresolved(project: Project) -> None:
    (doc,) = project.documents.add([Document(TEXT)]).ids
    for name, spans in (
        ("alice", [at("Japan", "ACTOR"), at("Iran", "ACTOR")]),
        ("bob", [at("Japan", "ACTOR"), at("Iran", "DATE"), at("Friday", "DATE")]),
        ("carol", [at("Japan", "ACTOR")]),  # not done: not compared
    ):
        aset = project.sets.open(doc, name, seed=False)
        for span in spans:
            project.sets.add_span(aset.id, span)
        if name != "carol":
            project.sets.set_status(aset.id, "done")
    (item,) = review_documents(project)
    assert (item.annotators, item.total, item.unresolved, item.state) == (
        ["alice", "bob"],
        2,
        2,
        "unresolved",
    )
    assert item.counts["label"] == 1 and item.counts["extra"] == 1
    assert item.gold_status is None
    project.gold.change(doc, add=[at("Iran", "ACTOR")])
    (item,) = review_documents(project)
    assert (item.unresolved, item.gold_status) == (1, "in_progress")


def test_change_gold_many_is_all_or_nothing(project: Project) -> None:
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
