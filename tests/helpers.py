"""Small helpers shared by test modules."""

from __future__ import annotations

from annotator.cli import main


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run the real ``annotator`` entry point in-process: (exit code, stdout, stderr)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
