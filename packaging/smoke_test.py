"""Smoke test of the built desktop app: ``python3 packaging/smoke_test.py [dist/annotator]``.

Why a separate script and not pytest: it must exercise the *frozen* folder
as a user gets it (no Python environment, no project checkout behind it),
so it only runs ``dist/annotator/annotator`` as a subprocess and reads
what it writes. Standard library only, so CI can run it with any Python 3.

Steps, each one line of output; the first failure prints the command's
output and exits non-zero:
  0. the folder carries the data, migrations, desktop entry and icons
  1. ``--version``
  2. ``import`` the seed articles shipped inside the bundle into a temporary project
  3. ``preannotate``, then ``stats --json``: the predictions must come from
     the spaCy model en_core_web_sm*, not the rule-only fallback
  4. ``export --format spacy --predictions``: train.spacy/dev.spacy written
  5. ``gui --screenshot`` offscreen: a non-empty PNG
  6. ``demo --screenshot``: a demo project from the bundled seeds, and its window
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class SmokeFailure(Exception):
    """A step's command failed or its result was wrong."""


def _environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The frozen app must not lean on the build's or the caller's Python.
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "ANNOTATOR_DB"):
        env.pop(name, None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    # The GUI's remembered settings go to the temporary folder, not the user's.
    env["ANNOTATOR_SETTINGS_DIR"] = str(work / "settings")
    return env


def run(app: Path, *args: str, cwd: Path, timeout: float = 300) -> str:
    """Run the frozen app; return stdout, raise SmokeFailure on a non-zero exit."""
    cmd = [str(app), *args]
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            env=_environment(cwd),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise SmokeFailure(f"{' '.join(cmd)} did not finish within {timeout:.0f} s") from exc
    if proc.returncode != 0:
        raise SmokeFailure(
            f"{' '.join(cmd)} exited {proc.returncode}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
        )
    return proc.stdout


def bundled_seeds(dist: Path) -> Path:
    """The seeds folder inside the bundle (what ``annotator demo`` imports)."""
    for base in (dist / "_internal", dist):
        seeds = base / "annotator" / "_data" / "seeds"
        if seeds.is_dir():
            return seeds
    raise SmokeFailure(f"no annotator/_data/seeds inside {dist}")


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk; SmokeFailure if it is not a PNG."""
    if not path.is_file() or path.stat().st_size == 0:
        raise SmokeFailure(f"{path} was not written")
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise SmokeFailure(f"{path} is not a PNG file")
    width, height = struct.unpack(">II", head[16:24])
    if width == 0 or height == 0:
        raise SmokeFailure(f"{path} is an empty image ({width}x{height})")
    return width, height


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def step_bundle(app: Path) -> str:
    """What the folder must carry besides code: data, migrations, desktop entry, icons."""
    dist = app.parent
    data = bundled_seeds(dist).parent
    missing = [
        str(path.relative_to(dist))
        for path in (
            data / "resources" / "scheme.json",
            data / "resources" / "icons" / "annotator.svg",
            dist / "annotator.desktop",
            dist / "install-desktop.sh",
            dist / "icons" / "annotator.svg",
            *(dist / "icons" / f"annotator-{size}.png" for size in ICON_SIZES),
        )
        if not path.is_file()
    ]
    migrations = sorted((data / "db" / "migrations").glob("*.sql"))
    if not migrations:
        missing.append("annotator/_data/db/migrations/*.sql")
    if missing:
        raise SmokeFailure(f"missing from {dist}: {', '.join(missing)}")
    return f"data, {len(migrations)} migration(s), desktop entry, {len(ICON_SIZES)} icon sizes"


def step_version(app: Path, work: Path) -> str:
    out = run(app, "--version", cwd=work).strip()
    if not out.startswith("annotator "):
        raise SmokeFailure(f"--version printed {out!r}")
    return out


def step_import(app: Path, work: Path, db: Path) -> str:
    seeds = bundled_seeds(app.parent)
    run(app, "import", str(seeds), "--db", str(db), cwd=work)
    stats = json.loads(run(app, "stats", "--json", "--db", str(db), cwd=work))
    expected = len(list(seeds.glob("*.txt")))
    if stats.get("documents") != expected or expected == 0:
        raise SmokeFailure(f"expected {expected} documents, stats say {stats.get('documents')}")
    return f"{expected} seed documents imported"


def step_preannotate(app: Path, work: Path, db: Path) -> str:
    out = run(app, "preannotate", "--db", str(db), cwd=work, timeout=600)
    stats = json.loads(run(app, "stats", "--json", "--db", str(db), cwd=work))
    models = stats.get("models") or []
    names = [str(m.get("model", "")) if isinstance(m, dict) else str(m) for m in models]
    if not any(name.startswith("en_core_web_sm") for name in names):
        raise SmokeFailure(f"predictions not made by the spaCy model: models={models!r}\n{out}")
    if "rules" in names:
        raise SmokeFailure(f"the rule-only fallback ran: models={models!r}")
    if not stats.get("predictions"):
        raise SmokeFailure(f"the model made no predictions: {stats!r}")
    said = out.strip().splitlines()[-1] if out.strip() else ""
    return f"by {', '.join(names)}: {said}"


def step_export(app: Path, work: Path, db: Path) -> str:
    out_dir = work / "export"
    run(
        app,
        "export",
        "--format",
        "spacy",
        "--predictions",
        "--out",
        str(out_dir),
        "--db",
        str(db),
        cwd=work,
    )
    written = sorted(p.name for p in out_dir.glob("*.spacy") if p.stat().st_size > 0)
    if "train.spacy" not in written:
        raise SmokeFailure(f"export wrote {written or 'nothing'} in {out_dir}, no train.spacy")
    return f"exported {', '.join(written)}"


def step_screenshot(app: Path, work: Path, db: Path) -> str:
    shot = work / "shot.png"
    start = time.perf_counter()
    run(
        app,
        "gui",
        "--screenshot",
        str(shot),
        "--db",
        str(db),
        "--annotator",
        "smoke",
        cwd=work,
        timeout=180,
    )
    width, height = png_size(shot)
    return f"{shot.name} {width}x{height} in {time.perf_counter() - start:.1f} s"


def step_demo(app: Path, work: Path) -> str:
    """``annotator demo``: what a new user runs first (seeds, pre-annotated, window)."""
    shot = work / "demo.png"
    run(
        app,
        "demo",
        "--db",
        str(work / "demo.db"),
        "--annotator",
        "smoke",
        "--screenshot",
        str(shot),
        cwd=work,
        timeout=600,
    )
    width, height = png_size(shot)
    return f"{shot.name} {width}x{height}"


def main(argv: list[str]) -> int:
    # Resolved: every step runs in a temporary folder, where a relative path means nothing.
    dist = (Path(argv[0]) if argv else ROOT / "dist" / "annotator").resolve()
    app = dist / ("annotator.exe" if os.name == "nt" else "annotator")
    if not app.is_file():
        print(f"smoke: FAIL no built app at {app} (run packaging/build.sh)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="annotator-smoke-") as tmp:
        work = Path(tmp)
        db = work / "smoke.db"
        steps = [
            ("bundle", lambda: step_bundle(app)),
            ("version", lambda: step_version(app, work)),
            ("import", lambda: step_import(app, work, db)),
            ("preannotate", lambda: step_preannotate(app, work, db)),
            ("export", lambda: step_export(app, work, db)),
            ("screenshot", lambda: step_screenshot(app, work, db)),
            ("demo", lambda: step_demo(app, work)),
        ]
        for name, step in steps:
            try:
                detail = step()
            except SmokeFailure as exc:
                print(f"smoke: FAIL {name}: {exc}", file=sys.stderr)
                return 1
            print(f"smoke: ok   {name}: {detail}", flush=True)
    print("smoke: all steps passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
