"""The review's resolution rules, without a window: which disagreements
gold has settled (Qt-free core code the review window stands on). The gold
store calls themselves are tested in tests/store/test_gold.py."""

from __future__ import annotations

from annotator.core.agreement import align
from annotator.core.agreement.adjudication import (
    belongs,
    chosen_versions,
    is_resolved,
    missing_agreed,
    review_documents,
)
from annotator.core.store import Project
from annotator.core.types import Document, Span

ENTS = {"ACTOR", "FIGURE", "DATE"}
TEXT = "Japan imports oil from Iran and the United States objects on Friday."


def at(part: str, label: str, attrs: dict | None = None) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part), label, dict(attrs or {}))


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
