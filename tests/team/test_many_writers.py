"""Many writers on one server project: two annotators never block each
other, one annotator in two places cannot both pass one version check, a
server that goes away loses nothing, and no message shows a password."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.types import Document, Span
from tests.helpers import run_cli as run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_docs(pg_url: str) -> tuple[str, list[int]]:
    with Project.open(pg_url) as p:
        ids = p.documents.add([Document("Sanctions on oil. " * 20), Document("Talks. " * 40)]).ids
    return pg_url, ids


def test_two_annotators_in_two_processes_write_at_once(two_docs) -> None:
    url, ids = two_docs
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.team.writers", url, name, str(ids[0]), "60"],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("alice", "bob")
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    with Project.open(url) as p:
        alice, bob = p.sets.find(ids[0], "alice"), p.sets.find(ids[0], "bob")
        assert len(alice.spans) == 60 and len(bob.spans) == 60
        span_ids = [s.id for s in alice.spans + bob.spans]
        assert len(set(span_ids)) == 120  # no id given twice across processes
        added = p.events(alice.id, limit=500, kinds=["span.add"])
        assert len(added) == 60  # every edit logged with its set


def test_one_annotator_in_two_places_cannot_both_pass_a_version_check(two_docs) -> None:
    """Both read version V, both try to write after checking it in their
    transaction: the second waits for the first's row lock, then sees V+1."""
    url, ids = two_docs
    with Project.open(url) as p:
        set_id = p.sets.open(ids[1], "alice", seed=False).id
        known = p.sets.version(set_id)
    outcomes: list[str] = []
    ready = threading.Barrier(2)

    def window(start: int) -> None:
        with Project.open(url) as p:
            ready.wait()
            with p.transaction():
                if p.sets.version(set_id) != known:
                    outcomes.append("refused")
                    return
                p.sets.add_span(set_id, Span(start, start + 5, "ACTOR"))
            outcomes.append("written")

    threads = [threading.Thread(target=window, args=(n,)) for n in (0, 10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["refused", "written"]
    with Project.open(url) as p:
        assert len(p.sets.get(set_id).spans) == 1  # nothing doubled, nothing lost


def test_one_annotator_in_two_processes_the_later_write_is_refused(two_docs) -> None:
    """Another process passes the version check and writes, holding its
    transaction; this one's check waits for it, then sees the new version."""
    url, ids = two_docs
    with Project.open(url) as p:
        set_id = p.sets.open(ids[1], "alice", seed=False).id
        known = p.sets.version(set_id)
    other = subprocess.Popen(
        [sys.executable, "-m", "tests.team.writers", "hold", url, str(set_id), str(known)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout.readline().strip() == "written"  # its transaction still open
        with Project.open(url) as p, p.transaction():
            assert p.sets.version(set_id) != known  # waited for the other's commit
    finally:
        other.wait(30)
    assert other.returncode == 0
    with Project.open(url) as p:
        assert [(s.start, s.end) for s in p.sets.get(set_id).spans] == [(20, 25)]


def test_a_newer_or_foreign_database_is_refused_unchanged(pg_server, pg_url: str) -> None:
    import psycopg

    from annotator.core.errors import SchemaVersionError

    Project.open(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE schema_version SET version = 999")
    with pytest.raises(SchemaVersionError, match="schema version 999") as newer:
        Project.open(pg_url)
    assert str(newer.value).startswith(pg_url) and "not changed" in str(newer.value)
    other = pg_server.create_database("another_programs")
    try:
        with psycopg.connect(other, autocommit=True) as conn:
            conn.execute("CREATE TABLE invoices (id integer)")
        with pytest.raises(AnnotatorError, match=r"not an annotator project.*invoices"):
            Project.open(other)
        with psycopg.connect(other) as conn:
            tables = conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchall()
        assert tables == [("invoices",)]  # nothing was written to it
    finally:
        pg_server.drop_database("another_programs")


def test_a_server_that_goes_away_loses_nothing(pg_server, two_docs) -> None:
    url, ids = two_docs
    with Project.open(url) as p:
        set_id = p.sets.open(ids[0], "alice", seed=False).id
        p.sets.add_span(set_id, Span(0, 9, "ACTOR"))
        pg_server.stop("fast")
        try:
            with pytest.raises(AnnotatorError) as refused:
                p.sets.add_span(set_id, Span(10, 13, "ACTOR"))
            assert "server is not reachable" in str(refused.value)
            assert str(refused.value).startswith(url)
            with pytest.raises(AnnotatorError, match="not reachable"):
                p.sets.get(set_id)  # a read says so too, in one line
        finally:
            pg_server.start()
        p.sets.add_span(set_id, Span(10, 13, "ACTOR"))  # the same connection object, back
        assert [(s.start, s.end) for s in p.sets.get(set_id).spans] == [(0, 9), (10, 13)]


def test_a_password_never_shows(capsys, pg_server, pg_url: str, monkeypatch) -> None:
    pg_server.create_role("carol", "s3cret-pw")
    with Project.open(pg_url) as p:  # the superuser makes the schema; carol may use it
        p.db.conn.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO carol")
        p.db.conn.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO carol")
    host_db = pg_url.split("@", 1)[1]
    with_password = f"postgresql://carol:s3cret-pw@{host_db}"
    code, out, err = run(capsys, "stats", "--db", with_password)
    assert code == 0, err
    assert "s3cret-pw" not in out + err
    assert f"postgresql://carol:***@{host_db}" in out
    code, out, err = run(capsys, "stats", "--db", f"postgresql://carol:wrong-pw@{host_db}")
    assert code == 1
    assert "wrong-pw" not in out + err and "carol:***@" in err
    assert len(err.strip().splitlines()) == 1  # one line naming the project
    monkeypatch.setenv("PGPASSWORD", "s3cret-pw")  # libpq's own way, no password in the URL
    code, out, err = run(capsys, "stats", "--db", f"postgresql://carol@{host_db}")
    assert code == 0, err
    with Project.open(pg_url) as p:
        stored = p.db.conn.execute("SELECT value FROM settings").fetchall()
        logged = p.db.conn.execute("SELECT payload FROM events").fetchall()
    assert "s3cret-pw" not in repr(stored) + repr(logged)


def test_a_libpq_service_file_names_the_server(capsys, pg_url: str, tmp_path, monkeypatch):
    """libpq's own ways of naming a server work: the URL is handed to it as given."""
    host, rest = pg_url.split("@", 1)[1].split(":", 1)
    port, dbname = rest.split("/", 1)
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[team]\nhost={host}\nport={port}\nuser=postgres\ndbname={dbname}\n", encoding="utf-8"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    with Project.open(pg_url) as p:
        p.documents.add([Document("One article.")])
    code, out, err = run(capsys, "stats", "--db", "postgresql://?service=team")
    assert code == 0, err
    assert "documents    1" in out


def test_a_killed_client_leaves_no_half_written_set(two_docs) -> None:
    url, ids = two_docs
    with Project.open(url) as p:
        set_id = p.sets.open(ids[0], "alice", seed=False).id
        p.sets.add_span(set_id, Span(0, 9, "ACTOR"))
        before = (p.sets.get(set_id), p.sets.version(set_id))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.team.writers", "hang", url, str(ids[0])],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "written, not committed"
    finally:
        proc.kill()  # SIGKILL: no rollback of its own, the server undoes it
        proc.wait(30)
    with Project.open(url) as p:
        after = p.sets.get(set_id)
        assert [(s.start, s.end, s.label) for s in after.spans] == [(0, 9, "ACTOR")]
        assert after.status == before[0].status
        assert p.sets.version(set_id) == before[1]  # no event of the killed write either
