"""The list's "My queue" filter (``ListingFilter.queue``) and the next
unfinished document of an annotator with assignments, against the
assignments and statuses counted independently."""

from __future__ import annotations

import random

import pytest

from annotator.core.store import ListingFilter, Project
from annotator.core.store.listing import SORT_KEYS
from annotator.core.types import Document

STATUSES = ("todo", "in_progress", "done", "skipped")


@pytest.fixture
def dealt(project: Project) -> tuple[Project, list[int], set[int]]:
    """40 documents dealt to alice and bob with overlap 1; alice has set a
    status on a random half of all documents, hers and others'."""
    rng = random.Random(3)
    ids = project.documents.add(
        [Document(f"Text {i} about oil.", title=f"doc {i % 7}") for i in range(40)]
    ).ids
    project.assignments.assign(["alice", "bob"], 1, ids, seed=5)
    for doc_id in rng.sample(ids, 20):
        project.sets.replace(doc_id, "alice", [], status=rng.choice(STATUSES))
    queue = {
        doc_id
        for doc_id in project.assignments.of_annotator("alice")
        if (found := project.sets.find(doc_id, "alice")) is None
        or found.status in ("todo", "in_progress")
    }
    return project, ids, queue


def test_queue_lists_exactly_the_assigned_unfinished_documents(dealt) -> None:
    project, ids, queue = dealt
    flt = ListingFilter(queue=True)
    assert 0 < len(queue) < 20  # some of alice's are finished, bob's are not hers
    assert project.listing.count("alice", flt) == len(queue)
    assert [r.id for r in project.listing.page("alice", flt, 0, 100)] == sorted(queue)
    for order in SORT_KEYS:
        listed = project.listing.sorted_ids("alice", ListingFilter(order=order, queue=True))
        assert sorted(listed) == sorted(queue), order
    outside = next(i for i in ids if i not in queue)
    assert project.listing.row_of("alice", outside, flt) == -1
    first = min(queue)
    assert project.listing.row_of("alice", first, flt) == 0


def test_queue_combines_with_the_other_filters(dealt) -> None:
    project, _ids, queue = dealt
    todo = {r.id for r in project.listing.page("alice", ListingFilter(status="todo"), 0, 100)}
    both = ListingFilter(status="todo", queue=True)
    assert {r.id for r in project.listing.page("alice", both, 0, 100)} == queue & todo
    titled = ListingFilter(search="doc 3", queue=True)
    expected = {i for i in queue if project.documents.get(i).title == "doc 3"}
    assert {r.id for r in project.listing.page("alice", titled, 0, 100)} == expected


def test_next_unfinished_walks_the_queue(dealt) -> None:
    project, _ids, queue = dealt
    walked, at = [], None
    for _ in range(len(queue)):
        at = project.listing.next_unfinished("alice", after=at)
        walked.append(at)
    assert walked == sorted(queue)  # every queued document, in id order, none of bob's
    assert project.listing.next_unfinished("alice", after=walked[-1]) == walked[0]  # wraps


def test_without_assignments_next_unfinished_is_any_unfinished(project: Project) -> None:
    ids = project.documents.add([Document(f"Text {i}.") for i in range(3)]).ids
    project.sets.replace(ids[0], "carol", [], status="done")
    assert not project.listing.has_assignments("carol")
    assert project.listing.next_unfinished("carol") == ids[1]
    assert project.listing.count("carol", ListingFilter(queue=True)) == 0
