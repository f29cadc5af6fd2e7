"""README.md against the code, so the documentation cannot drift from it.

In the manner of sqlite-utils' ``test_docs.py``: every command of the CLI
(walked from the typer application itself) has a row in the README's command
table, every option it takes appears in that row, and the README names no
command the CLI does not have. The keyboard shortcuts are checked the same
way in ``tests/gui/test_shortcuts_docs.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main

from annotator.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
TABLE_HEADER = "| command | what it does |"


def cli_commands() -> Iterator[tuple[str, list[str]]]:
    """(command path, its long options) for every leaf command of the CLI, and
    for every group that runs on its own (``annotator models``)."""

    def options(command: object) -> list[str]:
        return [
            opt
            for param in command.params  # type: ignore[attr-defined]
            for opt in (*param.opts, *param.secondary_opts)
            if opt.startswith("--") and opt != "--help"
        ]

    def walk(group: object, prefix: str) -> Iterator[tuple[str, list[str]]]:
        for name, sub in group.commands.items():  # type: ignore[attr-defined]
            path = f"{prefix} {name}".strip()
            if hasattr(sub, "commands"):
                if getattr(sub, "invoke_without_command", False):
                    yield path, options(sub)
                yield from walk(sub, path)
                continue
            yield path, options(sub)

    yield from walk(typer.main.get_command(app), "")


def readme_command_cells() -> list[str]:
    """The first cell (the code span) of each row of the README's command table."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(TABLE_HEADER)
    cells = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        match = re.match(r"\|\s*`([^`]+)`", line)
        assert match, f"README command table row without a code span: {line}"
        cells.append(match.group(1))
    return cells


COMMANDS = dict(cli_commands())


def rows_for(command: str) -> list[str]:
    return [
        cell
        for cell in readme_command_cells()
        if cell == f"annotator {command}" or cell.startswith(f"annotator {command} ")
    ]


def test_the_cli_has_commands_to_check() -> None:
    assert {"import", "export", "scheme show", "scheme set", "gui"} <= set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_readme_row(command: str) -> None:
    assert rows_for(command), f"README's command table has no row for `annotator {command}`"


@pytest.mark.parametrize(
    ("command", "option"),
    sorted((command, option) for command, options in COMMANDS.items() for option in options),
)
def test_every_option_is_in_its_commands_row(command: str, option: str) -> None:
    rows = " ".join(rows_for(command))
    assert re.search(rf"{re.escape(option)}\b", rows), (
        f"`annotator {command}` takes {option}, which its README row does not show"
    )


def test_readme_names_no_command_the_cli_lacks() -> None:
    known = set(COMMANDS) | {"--version"}
    for cell in readme_command_cells():
        words = cell.split()[1:]
        named = " ".join(words[:2]) if " ".join(words[:2]) in known else words[0]
        assert named in known, f"README lists `{cell}`, which the CLI does not have"


def test_version_option_is_documented() -> None:
    assert "annotator --version" in readme_command_cells()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_readme_rows_show_no_option_the_command_lacks(command: str) -> None:
    for cell in rows_for(command):
        for option in re.findall(r"--[a-z][a-z-]*", cell):
            assert option in COMMANDS[command], (
                f"README shows `{option}` for `annotator {command}`, which does not take it"
            )


def code_map_paths() -> list[str]:
    """Every path named in the first column of README's "Code map" table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Code map\n", 1)[1].split("\n## ", 1)[0]
    paths = []
    for line in section.splitlines():
        if line.startswith("| `"):
            first = line.split(" | ")[0]
            paths += re.findall(r"`([^`]+)`", first)
    return paths


def test_code_map_names_only_paths_that_exist() -> None:
    root = README.parent
    paths = code_map_paths()
    assert len(paths) >= 8
    for path in paths:
        candidates = [root / path, root / "annotator" / path]
        assert any(c.exists() for c in candidates), f"README's code map names {path}"


def test_readme_python_examples_import_what_exists() -> None:
    """The names README's Python examples import from annotator are there."""
    import importlib

    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    imports = [
        m.groups()
        for block in blocks
        for m in re.finditer(r"^from (annotator[\w.]*) import ([\w, ]+)$", block, flags=re.M)
    ]
    assert imports
    for module, names in imports:
        loaded = importlib.import_module(module)
        for name in (n.strip() for n in names.split(",")):
            assert hasattr(loaded, name), f"README imports {name} from {module}"
    for block in blocks:
        compile(block, "README.md", "exec")
