"""The ``annotator`` command: a contract that scripts, tests and the README rely on.

Each group of commands lives in its own module and registers itself on the
shared ``app``; this module only assembles them and turns the core's
``AnnotatorError`` into a one-line message and a non-zero exit.
"""

from __future__ import annotations

import sys
from importlib import import_module

import typer

from annotator.core.errors import AnnotatorError

from .app import app

# In the order `annotator --help` lists them.
_COMMAND_MODULES = (
    "project_cmds",
    "file_cmds",
    "preannotate_cmds",
    "models_cmds",
    "train_cmds",
    "export_cmds",
    "gui_cmds",
    "agreement_cmds",
    "assign_cmds",
)


def _register() -> None:
    """Import the command modules for their side effect of adding commands to ``app``."""
    for name in _COMMAND_MODULES:
        import_module(f".{name}", __name__)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, mapping user errors to ``error: ...`` and exit 1."""
    try:
        code = app(args=argv, prog_name="annotator", standalone_mode=False)
        if isinstance(code, int) and not isinstance(code, bool) and code:
            sys.exit(code)  # typer.Exit(n) is returned, not raised, without standalone mode
    except AnnotatorError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # an output path that is a file, a folder we cannot write...
        where = f"{exc.filename}: " if exc.filename else ""
        typer.echo(f"error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted: finished work was kept", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    except Exception as exc:  # click usage errors and the like
        import click

        # typer 0.2x vendors its own click (typer._click): its usage errors are
        # not click.ClickException, so recognise them by what they can do
        usage = isinstance(exc, click.ClickException) or (
            hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int)
        )
        if usage:
            exc.show()  # type: ignore[attr-defined]
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        raise
