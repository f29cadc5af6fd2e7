"""A staged run's held-back events reach the log after its commit point in
short transactions, all of them, in the order they were made; the commit
point itself writes none."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.store import Project, staging
from annotator.core.store.merge import merge_projects
from annotator.core.types import Document, Relation, Span


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    """300 documents, each with carol's one-span set."""
    path = tmp_path / "laptop.db"
    with Project.open(path) as p:
        for doc_id in p.documents.add(Document(f"Laptop text {i}.") for i in range(300)).ids:
            p.sets.replace(doc_id, "carol", [Span(0, 6, "DATE")])
    return path


def per_transaction(statements: list[str], prefix: str) -> list[int]:
    """How many statements starting with ``prefix`` each transaction ran."""
    counts, n = [], 0
    for sql in statements:
        if sql.startswith(prefix):
            n += 1
        elif sql in ("COMMIT", "ROLLBACK"):
            counts.append(n)
            n = 0
    return counts


def test_a_merge_publishes_its_events_in_short_transactions_in_order(
    tmp_path: Path, laptop: Path, monkeypatch
) -> None:
    monkeypatch.setattr(staging, "CHUNK_ROWS", 50)
    statements: list[str] = []
    with Project.open(tmp_path / "lead.db") as lead:
        lead.db.conn.set_trace_callback(statements.append)
        result = merge_projects(lead, [laptop])
        lead.db.conn.set_trace_callback(None)
        events = list(reversed(lead.events(limit=10_000)))
        assert not [k for k in lead.db.conn.execute("SELECT key FROM settings") if "run/" in k[0]]
    assert result.sets_added == 300
    inserts = [n for n in per_transaction(statements, "INSERT INTO events") if n]
    assert sum(inserts) == len(events)
    assert len(inserts) >= 4 and max(inserts) <= 2 * 50  # never all in one transaction
    kinds = [e["kind"] for e in events]
    assert kinds.count("set.replace") == 300 and kinds[-1] == "project.merge"
    assert [e["ts"] for e in events] == sorted(e["ts"] for e in events)  # made in this order
    # The commit point (the transaction that marks the journal kept) writes no event.
    marks = [i for i, sql in enumerate(statements) if '"state":"kept"' in sql]
    assert len(marks) == 1
    commit_point = statements[marks[0] : statements.index("COMMIT", marks[0])]
    assert not [sql for sql in commit_point if sql.startswith("INSERT INTO events")]


def test_a_run_failing_before_its_commit_point_leaves_no_event(
    tmp_path: Path, laptop: Path, monkeypatch
) -> None:
    monkeypatch.setattr(staging, "CHUNK_ROWS", 50)
    with Project.open(tmp_path / "lead.db") as lead:
        before = lead.events(limit=10_000)
        run = staging.StagedRun(lead, "merge")
        run.begin()
        for i in range(120):
            with run.write(2):
                doc_id = lead.documents.add([Document(f"Text {i}.")]).ids[0]
                lead.sets.replace(doc_id, "carol", [Span(0, 4, "DATE")])
        assert run.commits >= 4
        assert run.abort() == run.commits
        assert lead.events(limit=10_000) == before
        assert lead.documents.count() == 0


def test_an_undone_run_gives_a_replaced_set_its_relations_and_answers_back(
    tmp_path: Path,
) -> None:
    text = "Tokyo said it would keep buying."
    with Project.open(tmp_path / "p.db") as p:
        doc_id = p.documents.add([Document(text)]).ids[0]
        stance = (text.index("would"), len(text) - 1, "STANCE")
        spans = [Span(0, 5, "ACTOR"), Span(stance[0], stance[1], "STANCE")]
        holder = Relation(stance, (0, 5, "ACTOR"), "HOLDER")
        p.sets.replace(doc_id, "carol", spans, relations=[holder], categories={"genre": ["brief"]})
        before = p.sets.find(doc_id, "carol")
        run = staging.StagedRun(p, "merge")
        run.begin()
        with run.write():
            run.keep_set(doc_id, "carol")
            p.sets.replace(doc_id, "carol", [Span(0, 5, "ACTOR")], categories={})
        assert p.sets.find(doc_id, "carol").relations == []
        run.abort()
        after = p.sets.find(doc_id, "carol")
    assert before is not None and after is not None
    assert [r.key() for r in after.relations] == [holder.key()]
    assert after.categories == {"genre": ["brief"]}
    assert [s.id for s in after.spans] == [s.id for s in before.spans]  # ids kept
