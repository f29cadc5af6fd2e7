"""The label scheme lives in the project file and can be replaced safely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import SchemeError
from annotator.core.scheme import Scheme, default_scheme
from annotator.core.store import Project
from annotator.core.types import Document, Span


def test_default_scheme_has_the_four_guideline_labels() -> None:
    scheme = default_scheme()
    assert scheme.names == ["ACTOR", "FIGURE", "DATE", "STANCE"]
    assert [lab.key for lab in scheme.labels] == ["1", "2", "3", "4"]
    assert scheme.entity_labels() == ["ACTOR", "FIGURE", "DATE"]
    assert scheme.label("STANCE").span_key == "stance"
    assert scheme.label("STANCE").attribute("polarity").values == ["support", "oppose", "neutral"]


def test_invalid_scheme_names_the_value(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps({"labels": [{"name": "A", "key": "1", "color": "blue"}]}), encoding="utf-8"
    )
    with pytest.raises(SchemeError, match=r"s\.json: labels\.0\.color.*'blue'"):
        Scheme.from_file(path)
    path.write_text(
        json.dumps({"labels": [{"name": "A", "key": "1"}, {"name": "B", "key": "1"}]}),
        encoding="utf-8",
    )
    with pytest.raises(SchemeError, match="key '1' is used twice"):
        Scheme.from_file(path)


def test_project_keeps_its_own_scheme(db_path: Path, tmp_path: Path, capsys) -> None:
    custom = tmp_path / "team.json"
    custom.write_text(
        json.dumps(
            {
                "name": "team",
                "labels": [
                    {"name": "ORG", "key": "1", "color": "#112233"},
                    {"name": "PERSON", "key": "2", "color": "#445566"},
                ],
            }
        ),
        encoding="utf-8",
    )
    main(["scheme", "set", str(custom), "--db", str(db_path)])
    with Project.open(db_path) as project:
        assert project.scheme().names == ["ORG", "PERSON"]
    capsys.readouterr()
    main(["scheme", "show", "--db", str(db_path)])
    shown = json.loads(capsys.readouterr().out)
    assert shown["name"] == "team" and shown["labels"][1]["color"] == "#445566"


def test_change_that_orphans_spans_needs_force(db_path: Path, tmp_path: Path, capsys) -> None:
    with Project.open(db_path) as project:
        (doc_id,) = project.documents.add([Document("Japan buys oil.")]).ids
        set_id = project.sets.open(doc_id, "ann").id
        project.sets.add_span(set_id, Span(0, 5, "ACTOR"))
    smaller = default_scheme().model_dump()
    smaller["labels"] = [lab for lab in smaller["labels"] if lab["name"] != "ACTOR"]
    smaller["relations"] = []  # both join ACTOR
    path = tmp_path / "smaller.json"
    path.write_text(json.dumps(smaller), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["scheme", "set", str(path), "--db", str(db_path)])
    assert exit_info.value.code == 1
    assert "drops what is still in use: labels ACTOR (1)" in capsys.readouterr().err
    with Project.open(db_path) as project:
        assert "ACTOR" in project.scheme().names
        assert len(project.sets.spans(set_id)) == 1
    main(["scheme", "set", str(path), "--db", str(db_path), "--force"])
    with Project.open(db_path) as project:
        assert "ACTOR" not in project.scheme().names
        assert project.sets.spans(set_id) == []
        assert any(e["payload"].get("reason") == "scheme change" for e in project.events())
