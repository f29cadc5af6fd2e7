"""Shared fixtures: real project files in tmp_path, the real seed corpus.

Qt runs offscreen so the suite needs no display; set before any Qt import.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.core.store import Project

if TYPE_CHECKING:
    from tests.pg_server import PgServer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def project(db_path: Path) -> Iterator[Project]:
    with Project.open(db_path) as opened:
        yield opened


@pytest.fixture
def seeded_project(db_path: Path) -> Iterator[Project]:
    """A project with the five seed articles imported (no predictions)."""
    from annotator.core.ingest import import_paths

    with Project.open(db_path) as opened:
        import_paths(opened, [SEEDS])
        yield opened


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One throw-away PostgreSQL cluster for the whole run (tests/pg_server.py);
    started only when a test asks for it, so SQLite-only runs never pay for it
    and never need psycopg (the `team` extra)."""
    from tests.pg_server import throwaway_server

    with throwaway_server() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh empty database for one test: ``postgresql://postgres@127.0.0.1:PORT/tN``.

    Dropped afterwards (with any connection the test left open), so tests
    never see each other's rows.
    """
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url.rsplit("/", 1)[1])
