"""Shared fixtures: real project files in tmp_path, the real seed corpus.

Qt runs offscreen so the suite needs no display; set before any Qt import.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.core.store import Project

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
