"""``Project`` itself: the event log, the schema version, the cached scheme,
and the shape of the store (objects by what they hold, no private reach-ins)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from annotator.core.resources import migrations_dir
from annotator.core.scheme import Scheme
from annotator.core.store import Project
from annotator.core.store.database import available_migrations

STORE = Path(__file__).resolve().parents[2] / "annotator" / "core" / "store"


def test_log_event_joins_the_open_transaction(project: Project) -> None:
    with pytest.raises(RuntimeError), project.transaction():
        project.log_event("test.rolled-back", {"n": 1})
        raise RuntimeError
    assert project.events() == []
    project.log_event("test.alone", {"n": 2}, document_id=7, annotator="ann")
    (event,) = project.events()
    assert (event["kind"], event["payload"], event["document_id"], event["annotator"]) == (
        "test.alone",
        {"n": 2},
        7,
        "ann",
    )
    assert event["set_id"] is None


def test_schema_version_is_the_last_migration(project: Project) -> None:
    assert project.schema_version == available_migrations(migrations_dir())[-1].version


def test_a_rolled_back_scheme_change_is_forgotten(project: Project) -> None:
    original = project.scheme()
    smaller = Scheme.from_dict({**original.model_dump(), "name": "smaller"})
    with pytest.raises(RuntimeError), project.transaction():
        project.set_scheme(smaller)
        assert project.scheme().name == "smaller"
        raise RuntimeError
    assert project.scheme() == original


def _modules() -> dict[str, ast.Module]:
    return {p.name: ast.parse(p.read_text(encoding="utf-8")) for p in STORE.glob("*.py")}


def test_the_store_is_grouped_by_what_it_holds() -> None:
    modules = _modules()
    assert not [name for name in modules if name.endswith("_queries.py")]
    for name, tree in modules.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                assert not node.name.endswith("Mixin"), f"{name}: {node.name}"
    project = next(n for n in ast.walk(modules["project.py"]) if isinstance(n, ast.ClassDef))
    assert project.bases == []


def test_no_store_code_calls_another_objects_private_members() -> None:
    """``x._name`` is allowed only on ``self`` (and ``cls``); the objects talk
    to each other and to ``Project`` through public methods."""
    offenders = []
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                base = node.value
                owner = base.id if isinstance(base, ast.Name) else None
                if owner in ("self", "cls"):
                    continue
                if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
                    if base.value.id == "self" and base.attr in ("_project", "_conn"):
                        offenders.append(f"{name}:{node.lineno} self.{base.attr}.{node.attr}")
                    continue
                offenders.append(f"{name}:{node.lineno} {ast.unparse(node)}")
    assert offenders == []
