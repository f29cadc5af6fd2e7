"""Opening without the page-by-page check, for a caller that checks later.

The window opens its project with ``verify=False`` so that a large file's
``quick_check`` (every page read) does not delay the first document, then
runs ``damage_report`` on another thread and calls ``refuse_writes`` when
the file is damaged. These tests hold the store to that contract.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project, damage_report
from annotator.core.types import Document
from tests.store.test_safety_files import corrupt_a_table_page, make_project


def test_a_sound_project_has_no_damage_report(tmp_path: Path) -> None:
    path = make_project(tmp_path / "sound.db")
    assert damage_report(path) is None


def test_damage_found_later_refuses_every_write_from_then_on(tmp_path: Path) -> None:
    path = make_project(tmp_path / "damaged.db")
    corrupt_a_table_page(path)
    with pytest.raises(AnnotatorError, match="damaged"):
        Project.open(path, read_only=False)  # the default open checks and refuses
    with Project.open(path, verify=False) as project:
        assert not project.read_only  # nothing read every page yet
        found: list[str | None] = []
        worker = threading.Thread(target=lambda: found.append(damage_report(path)))
        worker.start()
        worker.join(30)
        assert found and found[0] is not None
        assert found[0].startswith(f"{path}: the project file is damaged (")
        assert "annotator check" in found[0]
        project.refuse_writes(found[0])
        assert project.read_only and project.write_refusal == found[0]
        with pytest.raises(AnnotatorError, match="damaged"):
            project.documents.add([Document("A new text.")])
        assert project.scheme().name == "sanctions-news"  # reading goes on
