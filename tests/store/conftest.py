"""The store's contract suite runs on both engines.

Every test here that takes ``project`` or ``seeded_project`` runs twice: on
a SQLite file in tmp_path and on a fresh database of the throw-away
PostgreSQL server (tests/pg_server.py). One suite, not two copies: a store
object that behaves differently on a server fails the same test. Tests that
are about the file itself (WAL, backups, locks, staged runs) take
``db_path`` and stay SQLite's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.store import Project
from tests.conftest import SEEDS

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def location(engine: str, db_path: Path, request: pytest.FixtureRequest) -> str | Path:
    """Where the test's project lives on ``engine``."""
    if engine == "sqlite":
        return db_path
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def project(location: str | Path) -> Iterator[Project]:
    with Project.open(location) as opened:
        yield opened


@pytest.fixture
def seeded_project(location: str | Path) -> Iterator[Project]:
    """A project with the five seed articles imported (no predictions)."""
    from annotator.core.ingest import import_paths

    with Project.open(location) as opened:
        import_paths(opened, [SEEDS])
        yield opened
