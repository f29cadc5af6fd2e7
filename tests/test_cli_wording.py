"""What the CLI says is so: counts read right and name what exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.store import Project
from annotator.core.types import GOLD, Document, Relation, Span
from annotator.core.words import count
from tests.helpers import run_cli


@pytest.mark.parametrize(
    ("n", "noun", "plural", "said"),
    [
        (0, "document", None, "0 documents"),
        (1, "document", None, "1 document"),
        (2, "annotation set", None, "2 annotation sets"),
        (1, "entry", "entries", "1 entry"),
        (3, "entry", "entries", "3 entries"),
    ],
)
def test_count_reads_right(n: int, noun: str, plural: str | None, said: str) -> None:
    assert count(n, noun, plural) == said


def test_gold_is_nobodys_progress_until_it_holds_a_set(tmp_path: Path, capsys) -> None:
    db = tmp_path / "p.db"
    with Project.open(db) as project:
        ids = project.documents.add([Document("Japan buys oil."), Document("Iran sells.")]).ids
        project.sets.ensure_annotator(GOLD)  # what opening the review window does
        project.sets.replace(ids[0], "alice", [Span(0, 5, "ACTOR")])
    code, out, _ = run_cli(capsys, "stats", "--db", str(db), "--json")
    assert code == 0 and list(json.loads(out)["annotators"]) == ["alice"]
    with Project.open(db) as project:
        project.sets.replace(ids[0], GOLD, [Span(0, 5, "ACTOR")])
    code, out, _ = run_cli(capsys, "stats", "--db", str(db), "--json")
    gold = json.loads(out)["annotators"][GOLD]
    assert gold["done"] == 1 and gold["todo"] == 1  # the unopened document counts as todo


def test_stats_counts_relations_and_categories(tmp_path: Path, capsys) -> None:
    db = tmp_path / "p.db"
    text = "Japan said it would buy oil."
    with Project.open(db) as project:
        (doc,) = project.documents.add([Document(text)]).ids
        project.sets.replace(
            doc,
            "alice",
            [Span(0, 5, "ACTOR"), Span(0, 28, "STANCE")],
            relations=[Relation((0, 28, "STANCE"), (0, 5, "ACTOR"), "HOLDER")],
            categories={"genre": ["brief"], "relevance": ["relevant"]},
        )
    code, out, _ = run_cli(capsys, "stats", "--db", str(db))
    assert code == 0
    assert "predictions  0 documents pre-annotated" in out
    assert "relations    1 (HOLDER 1)" in out
    assert "categories   genre=brief 1, relevance=relevant 1" in out


def test_demo_without_a_display_names_the_demo_command(monkeypatch, capsys) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    code, _, err = run_cli(capsys, "demo")
    assert code == 1
    assert err.strip().endswith("xvfb-run annotator demo")
