"""Where the per-user default project lives (platformdirs)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path


def default_project_path() -> Path:
    """``<user data dir>/annotator/project.db``, e.g. ~/.local/share/annotator/ on Linux."""
    return user_data_path("annotator", appauthor=False) / "project.db"
