"""A throw-away PostgreSQL cluster for tests, CI and benchmarks (issue 17).

Team projects live on a PostgreSQL server, so their tests need one that no
other run shares and that leaves nothing behind: ``initdb`` into a temporary
folder, ``pg_ctl start`` on a free loopback port with its unix socket in
/tmp, one empty database per test, ``pg_ctl stop`` and the folder removed at
the end. ``initdb`` and ``pg_ctl`` refuse to run as root (CI and this
machine run as root), so as root the server runs as the unprivileged OS user
``postgres`` through ``runuser``; as any other user it runs as that user.

Authentication is what a team server would do, made cheap: the superuser
``postgres`` is trusted on loopback (tests connect without a secret), every
other role must give a scram-sha-256 password, so tests of ``PGPASSWORD`` and
``PGPASSFILE`` go through libpq's real password path (``create_role``).

``fsync=off``: nothing here must survive a crash of the machine, and the test
machine is shared, so the cluster does not wait for the disk. A stopped and
restarted server (``stop`` then ``start``, as the fault tests do) keeps all
committed data; only an operating-system crash could lose it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

SUPERUSER = "postgres"
HOST = "127.0.0.1"
# The unprivileged OS user a root process runs the server as (Debian's
# postgresql package creates it).
OS_USER = "postgres"
_START_ATTEMPTS = 3

_HBA = f"""\
# Written by tests/pg_server.py: the superuser is trusted, other roles need a password.
local all all trust
host all {SUPERUSER} {HOST}/32 trust
host all all {HOST}/32 scram-sha-256
"""


class PgServerError(RuntimeError):
    """The cluster could not be found, created or started; the message says why."""


def find_bin_dir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``.

    Debian's ``postgresql`` package keeps them in /usr/lib/postgresql/N/bin
    and puts only wrappers on PATH, so that is looked at first (newest N);
    ``$PG_BIN`` overrides, and PATH is the last resort (a laptop's Homebrew
    or a source build).
    """
    override = os.environ.get("PG_BIN")
    candidates = [Path(override)] if override else []
    debian = glob.glob("/usr/lib/postgresql/*/bin")
    debian.sort(key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    candidates += [Path(p) for p in reversed(debian)]
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PgServerError(
        "PostgreSQL not found: no initdb/pg_ctl in $PG_BIN, /usr/lib/postgresql/*/bin "
        "or on PATH (install Debian's `postgresql`, as .ci/run does)"
    )


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class PgServer:
    """One temporary cluster: its folders, port, and the databases made in it."""

    def __init__(self, bin_dir: Path | None = None) -> None:
        self.bin_dir = bin_dir or find_bin_dir()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            try:
                owner = pwd.getpwnam(OS_USER)
            except KeyError:
                raise PgServerError(
                    f"running as root, but there is no OS user {OS_USER!r} to run PostgreSQL as"
                ) from None
            self._uid, self._gid = owner.pw_uid, owner.pw_gid
        self.base = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
        self.data_dir = self.base / "data"
        # The socket path must stay under 107 bytes, hence its own short folder.
        self.socket_dir = Path(tempfile.mkdtemp(prefix="pgs-", dir="/tmp"))
        self.log_file = self.base / "server.log"
        self.port = 0
        self._count = 0
        self._own(self.base)
        self._own(self.socket_dir)

    def _own(self, path: Path) -> None:
        if self.as_root:
            os.chown(path, self._uid, self._gid)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL program as the server's OS user; its output kept for errors."""
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", OS_USER, "--", *command]
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False)

    def _check(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            log = (
                self.log_file.read_text(errors="replace").strip().splitlines()[-5:]
                if (self.log_file.exists())
                else []
            )
            raise PgServerError(f"{what} failed: {' | '.join(detail[-3:] + log)}")

    def init(self) -> None:
        """Create the cluster: UTF-8 with the C locale, so text compares by code point
        as SQLite's does, and the superuser named ``postgres`` whoever runs it."""
        result = self._run(
            "initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "-E", "UTF8",
            "--locale=C", "-A", "trust", "--no-sync",
        )  # fmt: skip
        self._check(result, "initdb")
        hba = self.data_dir / "pg_hba.conf"
        hba.write_text(_HBA, encoding="utf-8")
        self._own(hba)

    def start(self) -> None:
        """Start (or restart after ``stop``) the server; a new free port on first start.

        The port is found free and then bound by the server a moment later;
        another process may take it in between, so a failed start is retried
        on a fresh port. A restart keeps its port: URLs handed out stay valid.
        """
        attempts = 1 if self.port else _START_ATTEMPTS
        for attempt in range(attempts):
            if not self.port or attempt:
                self.port = free_port()
            options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses={HOST} -c fsync=off"
            result = self._run(
                "pg_ctl", "start", "-w", "-D", str(self.data_dir), "-l", str(self.log_file),
                "-o", options,
            )  # fmt: skip
            if result.returncode == 0:
                return
        self._check(result, f"pg_ctl start on port {self.port}")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``: roll back open transactions, disconnect
        clients; ``immediate``: as if it crashed, recovery on the next start)."""
        self._check(self._run("pg_ctl", "stop", "-w", "-D", str(self.data_dir), "-m", mode), "stop")

    @property
    def running(self) -> bool:
        return self._run("pg_ctl", "status", "-D", str(self.data_dir)).returncode == 0

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """``postgresql://USER@127.0.0.1:PORT/DBNAME``: no password in it, ever."""
        return f"postgresql://{user}@{HOST}:{self.port}/{dbname}"

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(self.url(), autocommit=True)

    def create_database(self, name: str | None = None) -> str:
        """A new empty database (``t1``, ``t2``, ... unless named); its URL."""
        if name is None:
            self._count += 1
            name = f"t{self._count}"
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database even if a test left connections to it open."""
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def create_role(self, name: str, password: str) -> None:
        """A login role that must give ``password`` (scram-sha-256) to connect."""
        with self._admin() as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(name), sql.Literal(password)
                )
            )

    def remove(self) -> None:
        """Stop the server if it runs and delete its folders."""
        if self.data_dir.exists() and self.running:
            self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)
        shutil.rmtree(self.socket_dir, ignore_errors=True)


@contextmanager
def throwaway_server(bin_dir: Path | None = None) -> Iterator[PgServer]:
    """A started cluster for the length of the block, gone afterwards."""
    server = PgServer(bin_dir)
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.remove()
