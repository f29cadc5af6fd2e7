"""``project.listing``: the lazy document list read in pages or id ranges."""

from __future__ import annotations

from annotator.core.store import DocumentRow, ListingFilter, Project
from annotator.core.types import Document, Span


def _project_with_ten(project: Project) -> list[int]:
    ids = project.documents.add(
        Document(f"Doc {i} oil." if i % 2 else f"Doc {i}.") for i in range(10)
    ).ids
    done = project.sets.open(ids[3], "ann", seed=False)
    project.sets.add_span(done.id, Span(0, 3, "ACTOR"))
    project.sets.set_status(done.id, "done")
    project.sets.set_status(project.sets.open(ids[4], "ann").id, "skipped", "dup")
    project.sets.set_status(project.sets.open(ids[5], "bob").id, "done")
    return ids


def test_rows_between_equals_the_unfiltered_page(project: Project) -> None:
    ids = _project_with_ten(project)
    page = project.listing.page("ann", offset=2, limit=4)
    assert project.listing.rows_between("ann", ids[2], ids[5]) == page
    assert page[1] == DocumentRow(ids[3], "", "done", 1)
    assert project.listing.id_range() == (ids[0], ids[-1])


def test_done_count_counts_done_and_skipped_of_one_annotator(project: Project) -> None:
    _project_with_ten(project)
    assert project.listing.done_count("ann") == 2
    assert project.listing.done_count("bob") == 1
    assert project.listing.done_count("nobody") == 0


def test_neighbours_and_filters(project: Project) -> None:
    ids = _project_with_ten(project)
    assert project.listing.neighbour(ids[0], 1) == ids[1]
    assert project.listing.neighbour(ids[0], -1) is None
    assert project.listing.neighbour(ids[-1], 1) is None
    oil = ListingFilter(search="oil", status="todo")
    assert [r.id for r in project.listing.page("ann", oil)] == [ids[1], ids[5], ids[7], ids[9]]
    assert project.listing.count("ann", oil) == 4
    assert project.listing.row_of("ann", ids[7], oil) == 2
    assert project.listing.next_unfinished("ann", after=ids[2]) == ids[5]


def test_empty_project(project: Project) -> None:
    assert project.listing.id_range() == (0, 0)
    assert project.listing.count("ann") == 0
    assert project.listing.next_unfinished("ann") is None
