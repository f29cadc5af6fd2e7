"""bench/quality.py runs and reports the three sets: seeds, held-out tuning and held-out test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quality_bench_prints_seeds_tuning_and_test():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "quality.py"), "--limit", "1"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=True,
    ).stdout  # fmt: skip
    for name in ("seeds", "tuning", "test"):
        assert f"== {name}: 1 documents" in out, out
    assert out.count("naive") >= 3
    for lab in ("ACTOR", "FIGURE", "DATE", "STANCE"):
        assert out.count(f"\n{lab} ") == 3, (lab, out)
    # every set has HOLDER links: the link accuracy is reported for each
    assert out.count("\nholder ") == 3, out
    assert out.count("link accuracy") == 3, out
