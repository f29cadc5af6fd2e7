"""How a server project's windows notice others' work: every committed write
bumps the ``change_counter`` sequence, and ``data_version`` moves when the
bumps of other connections moved. It replaced ``NOTIFY``, whose commit
takes a database-wide lock; these tests hold the counter to what the window
needs: others' commits always seen, a connection's own never, an early
read corrected at the next poll."""

from __future__ import annotations

import psycopg
import pytest

from annotator.core.store import Project
from annotator.core.types import Document, Span

pytestmark = pytest.mark.usefixtures("pg_server")


@pytest.fixture
def project_url(pg_url: str) -> tuple[str, int]:
    with Project.open(pg_url) as p:
        doc_id = p.documents.add([Document("Oil sanctions and trade talks. " * 10)]).ids[0]
    return pg_url, doc_id


def _counter(url: str) -> int:
    with psycopg.connect(url) as raw:
        return int(raw.execute("SELECT last_value FROM change_counter").fetchone()[0])


def test_every_kind_of_commit_bumps_the_counter_once(project_url):
    url, doc_id = project_url
    with Project.open(url) as p:
        set_id = p.sets.open(doc_id, "alice", seed=False).id
        before = _counter(url)
        span_id = p.sets.add_span(set_id, Span(0, 3, "ACTOR"))  # one statement, alone
        assert _counter(url) == before + 1
        p.sets.delete_span(span_id)  # a pipelined transaction
        assert _counter(url) == before + 2


def test_a_connection_does_not_see_its_own_commits_as_changes(project_url):
    url, doc_id = project_url
    with Project.open(url) as p:
        set_id = p.sets.open(doc_id, "alice", seed=False).id
        seen = p.data_version()
        for i in range(3):
            span_id = p.sets.add_span(set_id, Span(i, i + 2, "ACTOR"))
        p.sets.delete_span(span_id)
        with p.transaction():
            p.sets.add_span(set_id, Span(5, 9, "DATE"))  # inside a transaction: one bump
        assert p.data_version() == seen
        assert p.data_version() == seen  # and stays


def test_another_connections_commit_moves_it_once_more_at_the_next_poll(project_url):
    """Inside one statement the bump is seen a moment before the commit is:
    the poll after a change moves again, so a window that re-read too early
    reads once more; then it stays still."""
    url, doc_id = project_url
    with Project.open(url) as watcher, Project.open(url) as other:
        set_id = other.sets.open(doc_id, "bob", seed=False).id
        first = watcher.data_version()
        other.sets.add_span(set_id, Span(0, 3, "ACTOR"))
        second = watcher.data_version()
        assert second > first
        third = watcher.data_version()
        assert third > second  # the re-read
        assert watcher.data_version() == third  # nothing new: still
        other.documents.add([Document("A second article about tariffs.")])
        assert watcher.data_version() > third


def test_a_rolled_back_write_is_no_change_and_the_next_commit_is(project_url):
    """The bump goes out just before ``COMMIT``: a transaction given up
    before it bumps nothing, so no window re-reads for it; the next commit
    is seen as ever."""
    url, doc_id = project_url
    with Project.open(url) as watcher, Project.open(url) as other:
        set_id = other.sets.open(doc_id, "bob", seed=False).id
        seen = watcher.data_version()
        before = _counter(url)
        with pytest.raises(RuntimeError), other.transaction():
            other.sets.add_span(set_id, Span(0, 3, "ACTOR"))
            raise RuntimeError("the caller gives up")
        assert other.sets.get(set_id).spans == []
        assert _counter(url) == before
        assert watcher.data_version() == seen
        other.sets.add_span(set_id, Span(0, 3, "ACTOR"))
        assert watcher.data_version() > seen
