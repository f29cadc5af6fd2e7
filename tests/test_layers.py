"""The layering, as tests: a Qt-free core, a GUI without SQL."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "core").rglob("*.py")
        if any(name.split(".")[0] == "PySide6" for name in _imports(path))
    ]
    assert offenders == []


def test_only_the_store_talks_sql() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if (PACKAGE / "core" / "store") in path.parents:
            continue
        source = path.read_text(encoding="utf-8")
        if "sqlite3" in _imports(path) or ".execute(" in source or "executemany(" in source:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_core_runs_without_qt_loaded() -> None:
    code = (
        "import sys, annotator.core.store, annotator.core.ingest, annotator.core.scheme;"
        "import annotator.core.tokens;"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_import_linter_contracts_hold() -> None:
    root = PACKAGE.parent
    command = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(command), "--config", str(root / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout
