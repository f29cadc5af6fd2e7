"""Where the files the app ships live, in a checkout and in an installed wheel.

The wheel carries ``resources/``, ``db/`` and ``seeds/`` under
``annotator/_data/`` (pyproject's force-include); a source checkout or an
editable install has them at the repository root. A PyInstaller build sets
``sys._MEIPASS``. One function answers for all three so no other module
guesses paths.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _candidates(name: str) -> list[Path]:
    found = [_PACKAGE / "_data" / name, _PACKAGE.parent / name]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        found.insert(0, Path(frozen) / "annotator" / "_data" / name)
    return found


def data_dir(name: str) -> Path:
    """Return the shipped folder ``name`` (resources, db or seeds)."""
    for path in _candidates(name):
        if path.is_dir():
            return path
    raise FileNotFoundError(f"shipped folder {name!r} not found (looked in {_candidates(name)})")


def resource(name: str) -> Path:
    """Path of a file in ``resources/``."""
    return data_dir("resources") / name


def migrations_dir() -> Path:
    return data_dir("db") / "migrations"


def seeds_dir() -> Path:
    return data_dir("seeds")
