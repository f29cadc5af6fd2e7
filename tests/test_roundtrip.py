"""Export -> import into a new project -> export gives the same annotations;
and the import of annotated data from elsewhere (Prodigy, doccano)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import srsly

from annotator.core.store import Project
from annotator.core.types import GOLD
from tests.helpers import run_cli

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "export" / "seeds_gold.jsonl"


run = run_cli  # the real entry point, in-process (tests/helpers.py)


@pytest.fixture
def gold_db(tmp_path: Path, capsys) -> Path:
    """The seeds with the fixture's spans as gold, two sets skipped/in progress."""
    db = tmp_path / "first.db"
    code, _, err = run(capsys, "import", FIXTURE, "--annotator", GOLD, "--db", db)
    assert code == 0, err
    with Project.open(db) as project:
        sets = project.sets.select(annotator=GOLD)
        project.sets.set_status(sets[3].id, "skipped", "reject")
        project.sets.set_status(sets[4].id, "in_progress")
    return db


def annotations(db: Path) -> dict[str, list[tuple]]:
    with Project.open(db) as project:
        found = {}
        for item in project.sets.select(annotator=GOLD, with_spans=True):
            text = project.documents.get(item.document_id).text
            found[text[:40]] = [
                item.status,
                sorted((s.start, s.end, s.label, json.dumps(s.attrs)) for s in item.spans),
            ]
        return found


@pytest.mark.parametrize("fmt", ["jsonl", "spacy", "doccano"])
def test_roundtrip_gives_the_same_annotations(gold_db, tmp_path, capsys, fmt):
    first = tmp_path / ("first" if fmt == "spacy" else f"first.{fmt}.jsonl")
    second = tmp_path / ("second" if fmt == "spacy" else f"second.{fmt}.jsonl")
    extra = ["--include-unfinished"] if fmt != "doccano" else []
    code, summary, err = run(capsys, "export", "-f", fmt, "-o", first, "--db", gold_db, *extra)
    assert code == 0, err
    new_db = tmp_path / "second.db"
    inputs = [first / "train.spacy", first / "dev.spacy"] if fmt == "spacy" else [first]
    who = ["--annotator", GOLD] if fmt == "doccano" else []
    code, _out, err = run(capsys, "import", *inputs, "--db", new_db, *who)
    assert code == 0, err
    code, _, err = run(capsys, "export", "-f", fmt, "-o", second, "--db", new_db, *extra)
    assert code == 0, err
    if fmt == "spacy":
        for name in ("train.spacy", "dev.spacy"):
            assert (first / name).read_bytes() == (second / name).read_bytes()
    else:
        assert first.read_bytes() == second.read_bytes()
    before, after = annotations(gold_db), annotations(new_db)
    if fmt == "doccano":  # no attributes, done sets only
        before = {k: ["done", [s[:3] for s in v[1]]] for k, v in before.items() if v[0] == "done"}
        after = {k: [v[0], [s[:3] for s in v[1]]] for k, v in after.items()}
    if fmt == "spacy":  # spaCy's tokens widened the spans the summary counted, no others
        expanded = re.search(r"(\d+) spans? expanded", summary)
        changed = [s for k, v in before.items() for s in v[1] if s not in after[k][1]]
        assert len(changed) == (int(expanded.group(1)) if expanded else 0) == 1
        assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    else:
        assert after == before
    assert sum(len(v[1]) for v in after.values()) > 100


def test_spacy_roundtrip_through_directories_of_shards(gold_db, tmp_path, capsys, monkeypatch):
    from annotator.core.formats import docbin

    monkeypatch.setattr(docbin, "SHARD_DOCS", 2)  # the seeds' 4 train documents: 2 shards
    first, second, new_db = tmp_path / "first", tmp_path / "second", tmp_path / "second.db"
    code, summary, err = run(
        capsys, "export", "-f", "spacy", "-o", first, "--db", gold_db, "--include-unfinished"
    )
    assert code == 0, err
    assert "(4 train, 1 dev)" in summary and (first / "train.spacy").is_dir()
    code, out, err = run(
        capsys, "import", first / "train.spacy", first / "dev.spacy", "--db", new_db
    )
    assert code == 0, err
    assert "imported 5 annotation sets" in out
    run(capsys, "export", "-f", "spacy", "-o", second, "--db", new_db, "--include-unfinished")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert [str(p) for p in files] == [
        "dev.spacy",
        "train.spacy/00000.spacy",
        "train.spacy/00001.spacy",
    ]
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes()
    assert {k: v[0] for k, v in annotations(new_db).items()} == {
        k: v[0] for k, v in annotations(gold_db).items()
    }


def test_jsonl_roundtrip_keeps_reject_as_skipped(gold_db, tmp_path, capsys):
    out = tmp_path / "x.jsonl"
    run(capsys, "export", "-f", "jsonl", "-o", out, "--db", gold_db, "--include-unfinished")
    answers = [t["answer"] for t in srsly.read_jsonl(out)]
    assert answers.count("reject") == 1 and answers.count("ignore") == 1
    new_db = tmp_path / "n.db"
    run(capsys, "import", out, "--db", new_db)
    with Project.open(new_db) as project:
        skipped = project.sets.select(annotator=GOLD, status="skipped")
        assert [s.skip_reason for s in skipped] == ["reject"]


def prodigy_line(text: str, spans: list, **extra) -> dict:
    return {"text": text, "spans": spans, "answer": "accept", "_annotator_id": "ds-alice", **extra}


def write_jsonl(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


TEXT = "Apple hired Tim Cook in Cupertino."


def test_prodigy_import_with_foreign_labels(tmp_path, capsys, db_path):
    data = write_jsonl(
        tmp_path / "prodigy.jsonl",
        [
            prodigy_line(
                TEXT,
                [
                    {"start": 0, "end": 5, "label": "ORG"},
                    {"start": 12, "end": 20, "label": "PERSON"},
                ],
            ),
            prodigy_line(
                "Iran said no.", [{"start": 0, "end": 4, "label": "GPE"}], answer="reject"
            ),
            prodigy_line("Nothing here.", [], answer="ignore"),
        ],
    )
    code, _, err = run(capsys, "import", data, "--db", db_path)
    assert code == 1 and "label 'ORG' is not in the project's scheme" in err
    assert "--label-map" in err and f"{data}:1" in err
    with Project.open(db_path) as project:
        assert project.documents.count() == 0
    code, out, err = run(
        capsys, "import", data, "--db", db_path, "--label-map", "ORG=ACTOR,PERSON=ACTOR,GPE=ACTOR"
    )
    assert code == 0, err
    assert "kept as skipped, not accepted: 1 ignore, 1 reject" in out
    with Project.open(db_path) as project:
        assert project.documents.count() == 3
        done = project.sets.select(annotator="ds-alice", status="done", with_spans=True)
        assert [(s.start, s.end, s.label) for s in done[0].spans] == [
            (0, 5, "ACTOR"),
            (12, 20, "ACTOR"),
        ]
        reasons = sorted(s.skip_reason for s in project.sets.select(status="skipped"))
        assert reasons == ["ignore", "reject"]
    code, out, err = run(
        capsys, "import", data, "--db", db_path, "--add-labels", "--annotator", "bob"
    )
    assert code == 0, err
    assert "labels added to the scheme: ORG, PERSON, GPE" in out
    with Project.open(db_path) as project:
        assert {"ORG", "PERSON", "GPE"} <= set(project.scheme().names)
        assert project.documents.count() == 3  # matched by text hash
        bob = project.sets.select(annotator="bob", status="done", with_spans=True)
        assert [s.label for s in bob[0].spans] == ["ORG", "PERSON"]


@pytest.mark.parametrize(
    ("span", "message"),
    [
        ({"start": 30, "end": 40, "label": "ACTOR"}, "lies outside the text"),
        ({"start": 5, "end": 5, "label": "ACTOR"}, "ends at or before its start"),
        ({"start": -1, "end": 3, "label": "ACTOR"}, "lies outside the text"),
        ({"start": "0", "end": 3, "label": "ACTOR"}, "must be integers"),
    ],
)
def test_bad_span_names_file_and_line_and_keeps_nothing(tmp_path, capsys, db_path, span, message):
    good = write_jsonl(tmp_path / "good.jsonl", [prodigy_line("Iran said no.", [])])
    bad = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            prodigy_line(TEXT, [{"start": 0, "end": 5, "label": "ACTOR"}]),
            prodigy_line(TEXT, [span]),
        ],
    )
    plain = tmp_path / "plain.txt"
    plain.write_text("A plain document.", encoding="utf-8")
    code, _, err = run(capsys, "import", good, plain, bad, "--db", db_path)
    assert code == 1
    assert f"{bad}:2:" in err and message in err
    with Project.open(db_path) as project:
        assert project.documents.count() == 0 and project.sets.select() == []


def test_doccano_both_variants_and_missing_annotator(tmp_path, capsys, db_path):
    labels = write_jsonl(tmp_path / "a.jsonl", [{"text": TEXT, "label": [[0, 5, "ACTOR"]]}])
    entities = write_jsonl(
        tmp_path / "b.jsonl",
        [
            {
                "id": 7,
                "text": "Iran said no.",
                "entities": [{"id": 1, "start_offset": 0, "end_offset": 4, "label": "ACTOR"}],
            }
        ],
    )
    code, _, err = run(capsys, "import", labels, "--db", db_path)
    assert code == 1 and "pass --annotator NAME" in err and f"{labels}:1" in err
    code, _out, err = run(
        capsys, "import", labels, entities, "--db", db_path, "--annotator", "carol"
    )
    assert code == 0, err
    with Project.open(db_path) as project:
        sets = project.sets.select(annotator="carol", status="done", with_spans=True)
        assert sorted((s.spans[0].start, s.spans[0].end) for s in sets) == [(0, 4), (0, 5)]


def test_label_map_syntax_error(tmp_path, capsys, db_path):
    data = write_jsonl(tmp_path / "p.jsonl", [prodigy_line(TEXT, [])])
    code, _, err = run(capsys, "import", data, "--db", db_path, "--label-map", "ORG")
    assert code == 1 and "'ORG' is not FROM=TO" in err


def test_plain_jsonl_still_imports_as_documents(tmp_path, capsys, db_path):
    data = write_jsonl(tmp_path / "docs.jsonl", [{"text": TEXT, "title": "x"}])
    code, out, _ = run(capsys, "import", data, "--db", db_path)
    assert code == 0 and "imported 1 new document" in out
    with Project.open(db_path) as project:
        assert project.sets.select() == []


def test_foreign_docbin_and_json_suffix(tmp_path, capsys, db_path):
    import spacy
    from spacy.tokens import DocBin
    from spacy.tokens import Span as SpacySpan

    nlp = spacy.blank("en")
    doc = nlp.make_doc(TEXT)
    doc.ents = [SpacySpan(doc, 0, 1, "ACTOR")]
    doc.spans["sc"] = [SpacySpan(doc, 2, 4, "ACTOR")]
    DocBin(docs=[doc]).to_disk(tmp_path / "other.spacy")
    code, _, err = run(capsys, "import", tmp_path / "other.spacy", "--db", db_path)
    assert code == 1 and "pass --annotator NAME" in err
    code, _, err = run(
        capsys, "import", tmp_path / "other.spacy", "--db", db_path, "--annotator", "dora"
    )
    assert code == 0, err
    json_file = write_jsonl(tmp_path / "p.json", [prodigy_line("Iran said no.", [])])
    code, _, err = run(capsys, "import", json_file, "--db", db_path)
    assert code == 0, err
    with Project.open(db_path) as project:
        (dora,) = project.sets.select(annotator="dora", with_spans=True)
        assert [(s.start, s.end) for s in dora.spans] == [(0, 5), (12, 20)]
        assert dora.status == "done"
        assert project.documents.get(dora.document_id).title == "other #1"
        assert len(project.sets.select(annotator="ds-alice")) == 1


def test_prodigy_binary_lines_unite_accepted_spans(tmp_path, capsys, db_path):
    """ner.teach writes one line per suggestion, accepted or rejected."""
    data = write_jsonl(
        tmp_path / "teach.jsonl",
        [
            prodigy_line(TEXT, [{"start": 0, "end": 5, "label": "ACTOR"}]),
            prodigy_line(TEXT, [{"start": 24, "end": 33, "label": "ACTOR"}], answer="reject"),
            prodigy_line(TEXT, [{"start": 12, "end": 20, "label": "ACTOR"}]),
            prodigy_line(
                "Iran said no.", [{"start": 0, "end": 4, "label": "ACTOR"}], answer="reject"
            ),
            prodigy_line("Iran said no.", [], answer="ignore"),
        ],
    )
    code, out, err = run(capsys, "import", data, "--db", db_path)
    assert code == 0, err
    assert "3 lines repeated a document and annotator" in out
    with Project.open(db_path) as project:
        (done,) = project.sets.select(annotator="ds-alice", status="done", with_spans=True)
        assert [(s.start, s.end) for s in done.spans] == [(0, 5), (12, 20)]
        (skipped,) = project.sets.select(annotator="ds-alice", status="skipped")
        assert skipped.skip_reason == "ignore"
