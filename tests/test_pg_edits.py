"""A server project's edits, written with fewer round trips (server.py's
pipelined transactions, span_ids.ADD_ON_SERVER's one-statement add): the
rows, the event and the change counter's bump are what the general path
writes, ids are
never given twice, a stale version is still refused with nothing written,
a failed statement still rolls back the whole transaction, and a server
restarted between edits still gets the next edit, once."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.types import Document, Span

STALE = "this document was changed in another window or program since it was shown"


@pytest.fixture
def url_and_doc(pg_url: str) -> tuple[str, int]:
    with Project.open(pg_url) as p:
        doc_id = p.documents.add([Document("Sanctions on oil imports. " * 20)]).ids[0]
    return pg_url, doc_id


def _counts(p: Project, set_id: int) -> tuple[int, int]:
    spans = p.db.conn.execute("SELECT count(*) FROM spans WHERE set_id = ?", (set_id,))
    events = p.db.conn.execute("SELECT count(*) FROM events WHERE set_id = ?", (set_id,))
    return int(spans.fetchone()[0]), int(events.fetchone()[0])


def _span_of_no_set(p: Project) -> None:
    """A write the server refuses (no such set), whose answer nobody reads."""
    p.db.conn.execute(
        "INSERT INTO spans (set_id, start_char, end_char, label, created_at, updated_at)"
        " VALUES (999999, 0, 4, 'ACTOR', 'x', 'x')"
    )


def test_an_added_span_writes_its_row_its_set_and_its_event_and_is_announced(url_and_doc):
    url, doc_id = url_and_doc
    with Project.open(url) as p, Project.open(url) as watcher:
        set_id = p.sets.open(doc_id, "alice", seed=False).id
        seen = watcher.data_version()
        span_id = p.sets.add_span(set_id, Span(0, 9, "ACTOR", {"role": "x"}))
        aset = p.sets.get(set_id)
        assert [(s.id, s.start, s.end, s.label, s.attrs) for s in aset.spans] == [
            (span_id, 0, 9, "ACTOR", {"role": "x"})
        ]
        assert aset.status == "in_progress"  # todo -> in_progress, as touch does
        event = p.events(set_id, kinds=["span.add"])[0]
        assert event["payload"] == {
            "id": span_id, "start": 0, "end": 9, "label": "ACTOR",
            "attrs": {"role": "x"}, "origin": "human",
        }  # fmt: skip
        assert (event["annotator"], event["document_id"]) == ("alice", doc_id)
        assert aset.updated_at == event["ts"]
        assert watcher.data_version() > seen  # the commit bumped the change counter


def test_span_ids_from_two_connections_are_never_the_same(url_and_doc):
    url, doc_id = url_and_doc
    with Project.open(url) as a, Project.open(url) as b:
        set_a = a.sets.open(doc_id, "alice", seed=False).id
        set_b = b.sets.open(doc_id, "bob", seed=False).id
        ids = []
        for i in range(70):  # past one block of ids taken ahead (64)
            ids.append(a.sets.add_span(set_a, Span(i, i + 1, "ACTOR")))
            ids.append(b.sets.add_span(set_b, Span(i, i + 1, "ACTOR")))
        assert len(set(ids)) == 140
        stored = a.db.conn.execute("SELECT id FROM spans ORDER BY id").fetchall()
        assert sorted(ids) == [r[0] for r in stored]


def test_a_stale_version_inside_a_pipelined_transaction_is_refused_with_nothing_written(
    url_and_doc,
):
    url, doc_id = url_and_doc
    with Project.open(url) as window, Project.open(url) as other:
        set_id = window.sets.open(doc_id, "alice", seed=False).id
        known = window.sets.version(set_id)
        other.sets.add_span(set_id, Span(0, 3, "ACTOR"))  # the other window writes first
        before = _counts(window, set_id)
        with pytest.raises(AnnotatorError, match=STALE), window.transaction():
            if window.sets.version(set_id) != known:
                raise AnnotatorError(f"{STALE}; reloaded from the file, your edit was not made")
            window.sets.add_span(set_id, Span(5, 9, "ACTOR"))
        assert _counts(window, set_id) == before
        # with the version it now knows, the same write goes through, once
        known = window.sets.version(set_id)
        with window.transaction():
            assert window.sets.version(set_id) == known
            window.sets.add_span(set_id, Span(5, 9, "ACTOR"))
        assert _counts(other, set_id) == (before[0] + 1, before[1] + 1)


def test_a_statement_that_fails_unread_rolls_back_the_whole_transaction(url_and_doc):
    url, doc_id = url_and_doc
    with Project.open(url) as p:
        set_id = p.sets.open(doc_id, "alice", seed=False).id
        before = _counts(p, set_id)
        with pytest.raises(AnnotatorError) as failed, p.transaction():
            p.sets.add_span(set_id, Span(0, 4, "ACTOR"))
            _span_of_no_set(p)  # refused by the server, its answer never read
        assert str(failed.value).startswith(url)
        assert str(failed.value).endswith("nothing was changed")
        assert _counts(p, set_id) == before
        p.sets.add_span(set_id, Span(0, 4, "ACTOR"))  # the connection is usable after
        assert _counts(p, set_id) == (before[0] + 1, before[1] + 1)


def test_a_savepoint_undone_inside_a_pipelined_transaction_keeps_the_rest(url_and_doc):
    url, doc_id = url_and_doc
    with Project.open(url) as p:
        set_id = p.sets.open(doc_id, "alice", seed=False).id
        with p.transaction():
            p.sets.add_span(set_id, Span(0, 4, "ACTOR"))
            with pytest.raises(AnnotatorError), p.transaction():  # a savepoint
                p.sets.add_span(set_id, Span(5, 8, "ACTOR"))
                _span_of_no_set(p)
            p.sets.set_note(set_id, "kept")
        assert [(s.start, s.end) for s in p.sets.get(set_id).spans] == [(0, 4)]
        assert p.sets.state(set_id)["note"] == "kept"


def test_a_server_restarted_between_edits_gets_the_next_edit_once(pg_server, url_and_doc):
    url, doc_id = url_and_doc
    with Project.open(url) as p:
        set_id = p.sets.open(doc_id, "alice", seed=False).id
        p.sets.add_span(set_id, Span(0, 4, "ACTOR"))
        pg_server.stop("fast")
        try:
            with pytest.raises(AnnotatorError, match="server is not reachable"):
                p.sets.add_span(set_id, Span(5, 8, "ACTOR"))
        finally:
            pg_server.start()
        p.sets.add_span(set_id, Span(5, 8, "ACTOR"))  # reconnects first, then writes
        assert [(s.start, s.end) for s in p.sets.get(set_id).spans] == [(0, 4), (5, 8)]
        assert _counts(p, set_id) == (2, 3)  # two spans; set.create and two span.add
