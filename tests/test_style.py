"""House style as tests: ruff clean, and no module grows into a god file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ["annotator", "tests", "bench", "packaging", "docs"]
MAX_LINES = 600


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    ruff = Path(sys.executable).parent / "ruff"
    return subprocess.run([str(ruff), *args, *CODE], capture_output=True, text=True, cwd=ROOT)


def test_ruff_check_is_clean() -> None:
    result = _ruff("check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_over_the_size_limit() -> None:
    too_long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / "annotator").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
