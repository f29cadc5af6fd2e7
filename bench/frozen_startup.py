"""Start-up of the desktop build against ``annotator`` from the virtual environment.

What it measures: the built folder's size and the frozen app's
start-to-first-document time, against ``annotator gui`` run by the Python
environment, in the same run. "Start to first document" is the wall time
of ``annotator gui --screenshot PNG`` offscreen: process start, Python and
Qt start-up, project open, window built, first document laid out and
painted, PNG written, exit. Both sides do exactly that work on the same
project; runs alternate between the two so disk caches favour neither,
after one warm-up run each. ``--version`` (CLI start-up alone) is timed the
same way. Goal: folder < 400 MB, frozen no slower than the environment.

    PYTHONPATH=. python bench/frozen_startup.py [--dist dist/annotator] [--runs 7] [--db P]

The environment side is ``<this python> -m annotator`` with the checkout on
PYTHONPATH (what the ``annotator`` console script runs), so run the script
with the environment's Python.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folder_size_mb(folder: Path) -> float:
    """Disk usage like ``du``: allocated blocks of every file, in MB (10^6 bytes)."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            st = os.lstat(os.path.join(dirpath, name))
            total += st.st_blocks * 512
    return total / 1e6


def environment(settings: Path, extra_path: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("ANNOTATOR_DB", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["ANNOTATOR_SETTINGS_DIR"] = str(settings)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    else:
        env.pop("PYTHONPATH", None)
    return env


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"error: {' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr}")
    return elapsed


def prepare_project(frozen: list[str], env: dict[str, str], work: Path) -> Path:
    """A project of the shipped seed articles, pre-annotated by the frozen app's model."""
    db = work / "bench.db"
    subprocess.run([*frozen, "import", str(ROOT / "seeds"), "--db", str(db)], env=env, check=True)
    subprocess.run(
        [*frozen, "preannotate", "--db", str(db)], env=env, check=True, capture_output=True
    )
    return db


def compare(
    name: str,
    sides: dict[str, tuple[list[str], dict[str, str]]],
    args_for: list[str],
    runs: int,
    work: Path,
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {side: [] for side in sides}
    for cmd, env in sides.values():  # warm-up: disk cache, .pyc files, fontconfig
        timed([*cmd, *args_for], env, work)
    for i in range(runs):
        order = list(sides) if i % 2 == 0 else list(reversed(sides))
        for side in order:
            cmd, env = sides[side]
            times[side].append(timed([*cmd, *args_for], env, work))
    print(f"\n{name} ({runs} runs each, seconds)")
    for side, values in times.items():
        print(
            f"  {side:<12} median {statistics.median(values):6.2f}  "
            f"min {min(values):6.2f}  max {max(values):6.2f}"
        )
    ratio = statistics.median(times["frozen"]) / statistics.median(times["environment"])
    print(f"  frozen / environment: {ratio:.2f}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "annotator")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, help="project to open (default: the seeds)")
    args = parser.parse_args()

    app = args.dist / "annotator"
    if not app.is_file():
        raise SystemExit(f"error: no built app at {app} (run packaging/build.sh first)")
    size = folder_size_mb(args.dist)
    print(f"folder {args.dist}: {size:.0f} MB (goal < 400 MB)")

    with tempfile.TemporaryDirectory(prefix="annotator-frozen-bench-") as tmp:
        work = Path(tmp)
        frozen_env = environment(work / "settings-frozen", extra_path=False)
        venv_env = environment(work / "settings-env", extra_path=True)
        sides = {
            "frozen": ([str(app)], frozen_env),
            "environment": ([sys.executable, "-m", "annotator"], venv_env),
        }
        db = args.db or prepare_project([str(app)], frozen_env, work)
        print(f"project: {db}")
        compare("annotator --version", sides, ["--version"], args.runs, work)
        gui = ["gui", "--db", str(db), "--annotator", "bench", "--screenshot", str(work / "s.png")]
        times = compare("start to first document (gui --screenshot)", sides, gui, args.runs, work)

    frozen = statistics.median(times["frozen"])
    env_median = statistics.median(times["environment"])
    verdict = "no slower" if frozen <= env_median * 1.05 else "SLOWER"
    print(
        f"\nsummary: folder {size:.0f} MB; first document frozen {frozen:.2f} s vs "
        f"environment {env_median:.2f} s ({verdict})"
    )


if __name__ == "__main__":
    main()
