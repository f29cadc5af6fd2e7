"""Every doccano layout imported span by span, exported back, compared.

The fixtures in tests/fixtures/doccano/ are written as doccano writes them
(tests/fixtures/doccano/README.md says where each shape comes from).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.store import Project
from tests.helpers import run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "doccano"


run = run_cli  # the real entry point, in-process (tests/helpers.py)


def items(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def spans_of(db: Path, annotator: str) -> dict[str, list[tuple[int, int, str]]]:
    with Project.open(db) as project:
        return {
            project.documents.get(s.document_id).text: sorted(x.key() for x in s.spans)
            for s in project.sets.select(annotator=annotator, with_spans=True)
        }


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    Project.open(path).close()
    return path


def expected_spans(line: dict) -> list[tuple[int, int, str]]:
    if "entities" in line:
        return sorted(
            (e["start_offset"], e["end_offset"], e["label"]) if isinstance(e, dict) else tuple(e)
            for e in line["entities"]
        )
    return sorted(tuple(x) for x in line["label"] if not isinstance(x, str))


@pytest.mark.parametrize(
    "name",
    [
        "sequence_labeling.jsonl",
        "relation_extraction.jsonl",
        "intent_detection.jsonl",
        "text_classification.json",
    ],
)
def test_each_layout_comes_in_span_by_span_and_goes_back_out_as_it_was(db, tmp_path, capsys, name):
    source = FIXTURES / name
    code, out, err = run(capsys, "import", source, "--annotator", "alice", "--db", db)
    assert code == 0, err
    lines = items(source)
    assert f"per file: {name}: {len(lines)} lines -> {len(lines)} new documents" in out
    assert f"{len(lines)} lines with fields kept, not shown" in out
    got = spans_of(db, "alice")
    for line in lines:
        assert got[line["text"]] == expected_spans(line)
    back = tmp_path / "back.jsonl"
    code, out, err = run(
        capsys, "export", "-f", "doccano", "--annotator", "alice", "-o", back, "--db", db
    )
    assert code == 0, err
    written = {line["text"]: line for line in items(back)}
    for line in lines:
        again = dict(written[line["text"]])
        assert again.pop("_annotator_id") == "alice"
        assert list(again) == list(line)  # the line's own key order
        assert again == line


def test_relations_keep_their_entity_and_relation_ids(db, capsys):
    source = FIXTURES / "relation_extraction.jsonl"
    code, out, err = run(capsys, "import", source, "--annotator", "alice", "--db", db)
    assert code == 0, err
    assert "3 relations" in out


def test_label_ids_without_names_are_refused_naming_the_id(db, capsys):
    source = FIXTURES / "annotations_label_ids.jsonl"
    code, _out, err = run(capsys, "import", source, "--annotator", "bob", "--db", db)
    assert code == 1
    assert err.strip() == (
        f"error: {source}:1: label id 7 has no name in this file (doccano's older export writes"
        " label ids); name it with --label-map 7=LABEL (doccano's label export lists each id's"
        " name)"
    )
    with Project.open(db) as project:
        assert project.documents.count() == 0


def test_label_ids_named_by_label_map_come_in(db, tmp_path, capsys):
    source = FIXTURES / "annotations_label_ids.jsonl"
    code, out, err = run(
        capsys, "import", source, "--annotator", "bob",
        "--label-map", "7=ACTOR,8=DATE,9=FIGURE", "--db", db,
    )  # fmt: skip
    assert code == 0, err
    t1, t3 = (line["text"] for line in items(source))
    assert spans_of(db, "bob") == {
        t1: [(0, 5, "ACTOR"), (11, 15, "ACTOR")],
        t3: [(17, 27, "FIGURE"), (31, 34, "DATE")],
    }
    back = tmp_path / "back.doccano"
    code, _, err = run(
        capsys, "export", "-f", "doccano", "--annotator", "bob", "-o", back, "--db", db
    )
    assert code == 0, err
    first = items(back)[0]
    assert first["id"] == 15 and first["annotation_approver"] is None
    assert first["label"] == [[0, 5, "ACTOR"], [11, 15, "ACTOR"]]
    # a file we exported as .doccano comes back in: identical, so nothing changes
    code, out, err = run(capsys, "import", back, "--db", db)
    assert code == 0, err
    assert "2 unchanged, 0 conflicts" in out


def test_text_classification_labels_become_categories(db, capsys):
    source = FIXTURES / "text_classification.json"
    code, _out, err = run(capsys, "import", source, "--annotator", "alice", "--db", db)
    assert code == 0, err
    with Project.open(db) as project:
        answers = {
            project.documents.get(s.document_id).text: project.categories.of_set(s.id)
            for s in project.sets.select(annotator="alice")
        }
    first, second, third = items(source)
    assert answers[first["text"]] == {"relevance": ["relevant"]}
    assert answers[second["text"]] == {"relevance": ["not relevant"]}
    assert answers[third["text"]] == {}
