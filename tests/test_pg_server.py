"""The throw-away PostgreSQL server the team-project tests stand on (tests/pg_server.py).

If these fail, every PostgreSQL test after them would fail for a reason
that is not theirs; here the reason is named.
"""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
import pytest

from tests.pg_server import HOST, SUPERUSER, PgServer

URL = re.compile(rf"^postgresql://{SUPERUSER}@{re.escape(HOST)}:(\d+)/(\w+)$")


def _tables(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return [row[0] for row in rows]


def test_pg_url_is_a_fresh_empty_database_on_the_servers_port(
    pg_server: PgServer, pg_url: str
) -> None:
    match = URL.match(pg_url)
    assert match, pg_url
    assert int(match.group(1)) == pg_server.port
    assert _tables(pg_url) == []
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE left_behind (x INTEGER)")
        # The cluster compares text by code point, as SQLite does.
        assert conn.execute("SHOW lc_collate").fetchone() == ("C",)
        assert conn.execute("SHOW server_encoding").fetchone() == ("UTF8",)
    assert _tables(pg_url) == ["left_behind"]


def test_the_next_test_gets_another_database(pg_server: PgServer, pg_url: str) -> None:
    # The previous test's database was dropped, its table with it.
    assert _tables(pg_url) == []
    with psycopg.connect(pg_server.url()) as conn:
        names = {r[0] for r in conn.execute("SELECT datname FROM pg_database").fetchall()}
    assert pg_url.rsplit("/", 1)[1] in names
    assert not {n for n in names if re.fullmatch(r"t\d+", n)} - {pg_url.rsplit("/", 1)[1]}


def test_a_password_role_connects_with_pgpassword_or_pgpassfile_and_not_without(
    pg_server: PgServer, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pg_server.create_role("reviewer_pw", "s3cret word")
    dbname = pg_url.rsplit("/", 1)[1]
    url = pg_server.url(dbname, user="reviewer_pw")
    assert "s3cret" not in url
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(url).close()

    monkeypatch.setenv("PGPASSWORD", "s3cret word")
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("reviewer_pw",)

    monkeypatch.delenv("PGPASSWORD")
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"{HOST}:{pg_server.port}:{dbname}:reviewer_pw:s3cret word\n")
    passfile.chmod(0o600)  # libpq ignores a password file others can read
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("reviewer_pw",)


def test_a_restarted_server_keeps_its_port_and_what_was_committed(
    pg_server: PgServer, pg_url: str
) -> None:
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE kept (x INTEGER)")
        conn.execute("INSERT INTO kept VALUES (7)")
    port = pg_server.port
    pg_server.stop("immediate")
    assert not pg_server.running
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(pg_url, connect_timeout=2).close()
    pg_server.start()
    assert pg_server.port == port
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT x FROM kept").fetchall() == [(7,)]
