"""The document list sorted by each column: pages and row numbers agree with
a plain Python sort of the same rows, ascending and descending, filtered.
Two models' predictions on part of the documents give "most to learn" scores
(ties among them, and documents that cannot be scored)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.store import ListingFilter, Project
from annotator.core.store.listing import LEARN, SORT_KEYS
from annotator.core.store.models import ModelInfo
from annotator.core.types import Document, Span

STATUS_RANK = {"todo": 0, "in_progress": 1, "done": 2, "skipped": 3}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    rng = random.Random(7)
    path = Path(tmp_path_factory.mktemp("order")) / "p.db"
    project = Project.open(path)
    titles = ["Oil", "oil imports", "Brief", None, "zeal", "Alpha", "alpha"]
    docs = [
        Document(
            f"Text number {i} about Japan.",
            title=rng.choice(titles),
            source=rng.choice(["reuters", "AP", None, "ap"]),
            published=rng.choice(["2019-05-02", "2019-04-30", None, "2020-01-01"]),
        )
        for i in range(60)
    ]
    ids = project.documents.add(docs).ids
    for doc_id in ids:
        status = rng.choice(["todo", "in_progress", "done", "skipped", None])
        if status is None:
            continue
        spans = [Span(0, 4, "ACTOR")] * rng.randint(0, 3)
        project.sets.replace(doc_id, "alice", spans, status=status)
    for model in ("base", "trained"):
        project.models.register(ModelInfo(model, model, "1", "pipeline"))
        seen = rng.sample(ids, 45)
        spans = [[Span(k * 5, k * 5 + 4, "ACTOR") for k in rng.sample(range(4), 2)] for _ in seen]
        project.documents.replace_predictions(list(zip(seen, spans, strict=True)), model, "1")
    project.models.use("trained")
    project.listing.learn.refresh()  # rows in id order show the scores as last refreshed
    yield project
    project.close()


def _python_order(project: Project, order: str, descending: bool, status: str | None) -> list:
    rows = project.listing.page("alice", ListingFilter(status=status), 0, 10_000)

    def key(row):
        return {
            "id": row.id,
            "title": row.title.lower() if row.title else None,
            "published": row.published,
            "source": row.source.lower() if row.source else None,
            "status": STATUS_RANK[row.status],
            "spans": row.spans,
            LEARN: row.learn,
        }[order]

    with_key = sorted((key(r), r.id) for r in rows if key(r) is None)
    rest = sorted(((key(r), r.id) for r in rows if key(r) is not None), key=lambda x: x[1])
    rest.sort(key=lambda x: x[0], reverse=descending)  # stable: ties stay in id order
    # NULLs first ascending, but a document without a score last either way
    ordered = rest + with_key if descending or order == LEARN else with_key + rest
    return [doc_id for _, doc_id in ordered]


@pytest.mark.parametrize("order", sorted(SORT_KEYS))
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("status", [None, "done"])
def test_sorted_pages_and_rows_match_a_python_sort(
    project: Project, order: str, descending: bool, status: str | None
) -> None:
    flt = ListingFilter(status=status, order=order, descending=descending)
    expected = _python_order(project, order, descending, status)
    paged = [
        r.id for offset in range(0, 80, 7) for r in project.listing.page("alice", flt, offset, 7)
    ]
    assert paged == expected
    assert [project.listing.row_of("alice", doc_id, flt) for doc_id in expected] == list(
        range(len(expected))
    )
    assert project.listing.sorted_ids("alice", flt) == expected
    assert [r.id for r in project.listing.rows_for("alice", expected[5:12])] == expected[5:12]


def test_an_unknown_sort_key_is_refused(project: Project) -> None:
    with pytest.raises(AnnotatorError, match="cannot sort the list by 'colour'"):
        project.listing.page("alice", ListingFilter(order="colour"))


def test_sorting_by_title_walks_the_index(project: Project) -> None:
    plan = project.db.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM documents d ORDER BY d.title COLLATE NOCASE, d.id"
    ).fetchall()
    assert any("documents_title" in str(row) for row in plan)
