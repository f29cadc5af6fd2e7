"""The built wheel carries what the app ships, not only the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_resources_migrations_and_seeds(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("annotator-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "annotator/_data/"
    assert f"{data}resources/scheme.json" in names
    assert f"{data}resources/GUIDELINES.md" in names
    assert any(n.startswith(f"{data}db/migrations/0001_") for n in names)
    seeds = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith(f"{data}seeds/")) == seeds
    assert "annotator/core/store/project.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "annotator = annotator.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_seeds_are_the_shared_corpus_byte_for_byte() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    ours = sorted((ROOT / "seeds").glob("*.txt"))
    assert len(ours) == 5
    if shared.is_dir():  # beside the checkout on developer machines and CI
        assert [p.name for p in ours] == sorted(p.name for p in shared.glob("*.txt"))
        for path in ours:
            assert path.read_bytes() == (shared / path.name).read_bytes()
