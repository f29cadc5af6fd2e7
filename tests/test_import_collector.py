"""An import holds Python's cycle collector off while it keeps its parsed
records (ingest/collector.py), and gives it back however it ends: a window
that imported must not be left without it."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.ingest import import_any, import_paths
from annotator.core.store import Project


def _lines(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    return path


@pytest.mark.parametrize("importer", [import_paths, import_any])
def test_the_collector_is_off_while_storing_and_back_after(tmp_path: Path, importer) -> None:
    corpus = _lines(tmp_path / "a.jsonl", ["Oil prices rose.", "Talks on tariffs resumed."])
    seen: list[bool] = []
    with Project.open(tmp_path / "p.db") as project:
        importer(project, [corpus], progress=lambda *_: seen.append(gc.isenabled()))
        assert project.documents.count() == 2
    assert seen and not any(seen)
    assert gc.isenabled()


def test_a_refused_file_gives_the_collector_back(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": \n', encoding="utf-8")
    with Project.open(tmp_path / "p.db") as project:
        with pytest.raises(InputError, match=r"bad\.jsonl"):
            import_any(project, [bad])
        assert project.documents.count() == 0
    assert gc.isenabled()


def test_an_import_leaves_a_collector_switched_off_by_its_caller_off(tmp_path: Path) -> None:
    corpus = _lines(tmp_path / "a.jsonl", ["Sanctions were extended."])
    gc.disable()
    try:
        with Project.open(tmp_path / "p.db") as project:
            import_paths(project, [corpus])
        assert not gc.isenabled()
    finally:
        gc.enable()
