"""Small helpers shared by test modules."""

from __future__ import annotations

from pathlib import Path

from annotator.cli import main


def run_cli(capsys, *args: str | Path) -> tuple[int, str, str]:
    """Run the real ``annotator`` entry point in-process: (exit code, stdout,
    stderr); paths may be given as they are."""
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


README = Path(__file__).resolve().parents[1] / "README.md"


def readme_key_table(header: str) -> list[tuple[str, str]]:
    """The rows (keys, what) of the two-column README table under ``header``."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        keys, what = (cell.strip() for cell in line.strip("|").split(" | "))
        rows.append((keys, what))
    return rows
