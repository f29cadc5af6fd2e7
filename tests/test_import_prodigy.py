"""Every Prodigy shape imports, span by span, and exports back as it came.

Fixtures in ``tests/fixtures/prodigy`` (README there: where each shape comes
from). Each is imported into a new project, checked, exported in Prodigy's
format and compared line by line with the file: every key of every line
comes back with its value (hashes, timestamps, sessions, scores), spans
with their own fields. A seeded random generator makes Prodigy-shaped files
for the property that import -> export -> import changes nothing.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import srsly

from annotator.core.errors import InputError
from annotator.core.formats.export import export_project
from annotator.core.ingest.annotations import import_annotated
from annotator.core.store import Project, text_hash
from annotator.core.tokens import blank_english
from tests.helpers import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "prodigy"


def spans_of(project: Project, name: str, text: str) -> list[tuple[int, int, str]]:
    doc_id = project.documents.by_hash(text_hash(text)).id
    found = project.sets.find(doc_id, name)
    assert found is not None
    return [s.key() for s in project.sets.get(found.id).spans]


def export_lines(project: Project, name: str, out: Path) -> list[dict]:
    export_project(
        project, "jsonl", out, source="annotator", annotator=name, include_unfinished=True
    )
    return list(srsly.read_jsonl(out))


def assert_comes_back(original: list[dict], exported: list[dict]) -> None:
    """Every original line is one exported line (matched by its task hash)
    holding all its keys and values; spans hold theirs; nothing added but
    what our export always writes."""
    by_hash = {(x["_input_hash"], x["_task_hash"]): x for x in exported}
    assert len(by_hash) == len(exported) == len(original)
    for line in original:
        out = by_hash[(line["_input_hash"], line["_task_hash"])]
        for key, value in line.items():
            if key == "spans":
                assert len(out["spans"]) == len(value)
                ours = {(x["start"], x["end"], x["label"]): x for x in out["spans"]}
                for theirs in value:
                    written = ours[(theirs["start"], theirs["end"], theirs["label"])]
                    assert {k: written.get(k) for k in theirs} == theirs
            else:
                assert out[key] == value, key
        extra = set(out) - set(line)
        assert extra <= {"spans", "relations", "cats", "attrs", "_status", "_skip_reason"}


@pytest.fixture
def fresh(tmp_path: Path):
    def opened(name: str = "p.db") -> Project:
        return Project.open(tmp_path / name)

    return opened


def test_ner_manual_with_and_without_spans(fresh, tmp_path):
    lines = list(srsly.read_jsonl(FIXTURES / "ner_manual.jsonl"))
    assert "spans" not in lines[2]  # Prodigy leaves it out when nothing was marked
    with fresh() as project:
        summary = import_annotated(project, [FIXTURES / "ner_manual.jsonl"])
        name = "news-ann1"
        assert spans_of(project, name, lines[0]["text"]) == [
            (0, 5, "ACTOR"),
            (11, 15, "ACTOR"),
            (19, 25, "DATE"),
        ]
        assert spans_of(project, name, lines[1]["text"]) == [(0, 23, "ACTOR")]
        empty = project.sets.find(project.documents.by_hash(text_hash(lines[2]["text"])).id, name)
        assert empty.status == "done" and project.sets.get(empty.id).spans == []
        rejected = project.sets.find(
            project.documents.by_hash(text_hash(lines[3]["text"])).id, name
        )
        assert (rejected.status, rejected.skip_reason) == ("skipped", "reject")
        assert empty.meta["prodigy"]["task"]["_task_hash"] == lines[2]["_task_hash"]
        assert "4 lines had fields the project does not model" in summary.message()
        assert_comes_back(lines, export_lines(project, name, tmp_path / "out.jsonl"))


def test_ner_correct_keeps_span_source_and_task_meta(fresh, tmp_path):
    (line,) = srsly.read_jsonl(FIXTURES / "ner_correct.jsonl")
    with fresh() as project:
        import_annotated(project, [FIXTURES / "ner_correct.jsonl"])
        doc_id = project.documents.by_hash(text_hash(line["text"])).id
        spans = project.sets.get(project.sets.find(doc_id, "news-ann2").id).spans
        assert [s.key() for s in spans] == [(0, 19, "ACTOR"), (34, 43, "FIGURE"), (47, 52, "DATE")]
        assert spans[0].meta["prodigy"]["source"] == "en_core_web_sm"
        assert spans[1].meta == {}  # the annotator's own span brought nothing else
        assert project.documents.get(doc_id).source == "reuters-2024-03.jsonl"
        assert_comes_back([line], export_lines(project, "news-ann2", tmp_path / "o.jsonl"))


def test_spans_manual_overlapping(fresh, tmp_path):
    (line,) = srsly.read_jsonl(FIXTURES / "spans_manual.jsonl")
    with fresh() as project:
        import_annotated(project, [FIXTURES / "spans_manual.jsonl"])
        assert spans_of(project, "news-ann1", line["text"]) == [(0, 23, "ACTOR"), (0, 49, "STANCE")]
        assert_comes_back([line], export_lines(project, "news-ann1", tmp_path / "o.jsonl"))


def test_ner_teach_one_set_per_text_rejections_kept(fresh, tmp_path):
    lines = list(srsly.read_jsonl(FIXTURES / "ner_teach.jsonl"))
    texts = [lines[0]["text"], lines[3]["text"], lines[5]["text"], lines[6]["text"]]
    with fresh() as project:
        summary = import_annotated(project, [FIXTURES / "ner_teach.jsonl"])
        name = "news-ann3"
        assert project.sets.count() == 4
        assert spans_of(project, name, texts[0]) == [(0, 5, "ACTOR"), (11, 15, "ACTOR")]
        all_rejected = project.sets.find(project.documents.by_hash(text_hash(texts[1])).id, name)
        assert (all_rejected.status, all_rejected.skip_reason) == ("skipped", "reject")
        kept = all_rejected.meta["prodigy"]["binary"]
        assert [(e["answer"], e["spans"][0]["label"], e["spans"][0]["score"]) for e in kept] == [
            ("reject", "ACTOR", 0.35),
            ("reject", "FIGURE", 0.12),
        ]
        assert project.sets.get(all_rejected.id).spans == []  # never turned into accepted ones
        # span-level answers: the rejected "Iraq" stays out, the accepted two are spans
        assert spans_of(project, name, texts[3]) == [(0, 19, "ACTOR"), (47, 52, "DATE")]
        message = summary.message()
        assert "5 suggestions rejected or ignored in binary lines kept as such" in message
        assert "kept, not shown" in message
        assert_comes_back(lines, export_lines(project, name, tmp_path / "o.jsonl"))


def test_textcat_teach_and_choice_become_categories(fresh, tmp_path):
    teach = list(srsly.read_jsonl(FIXTURES / "textcat_teach.jsonl"))
    choice = list(srsly.read_jsonl(FIXTURES / "choice.jsonl"))
    with fresh() as project:
        import_annotated(project, [FIXTURES / "textcat_teach.jsonl", FIXTURES / "choice.jsonl"])
        docs = {x["text"]: project.documents.by_hash(text_hash(x["text"])).id for x in teach}
        answers = {
            t: project.sets.find(d, "news-ann4").categories
            if project.sets.find(d, "news-ann4")
            else None
            for t, d in docs.items()
        }
        first, second, third = (x["text"] for x in teach)
        assert answers[first] == {"genre": ["report"], "relevance": ["relevant"]}
        assert answers[second] == {}  # "relevant" rejected: no answer made of it
        assert answers[third] == {}
        out = export_lines(project, "news-ann4", tmp_path / "o.jsonl")
        assert_comes_back(teach + choice, out)


def test_db_out_mixing_recipes(fresh, tmp_path):
    lines = list(srsly.read_jsonl(FIXTURES / "db_out_mixed.jsonl"))
    with fresh() as project:
        import_annotated(project, [FIXTURES / "db_out_mixed.jsonl"])
        doc_id = project.documents.by_hash(text_hash(lines[0]["text"])).id
        found = project.sets.get(project.sets.find(doc_id, "news-ann5").id)
        assert [s.key() for s in found.spans] == [(0, 5, "ACTOR"), (0, 57, "STANCE")]
        assert [(r.head, r.child, r.label) for r in found.relations] == [
            ((0, 57, "STANCE"), (0, 5, "ACTOR"), "HOLDER")
        ]
        assert found.categories == {"genre": ["report"], "relevance": ["relevant"]}
        assert spans_of(project, "news-ann5", lines[1]["text"]) == [(47, 52, "DATE")]
        assert_comes_back(lines, export_lines(project, "news-ann5", tmp_path / "o.jsonl"))


def test_answer_missing_default_and_options(tmp_path, capsys):
    db = tmp_path / "p.db"
    code, out, err = run_cli(capsys, "import", str(FIXTURES / "db_in.jsonl"), "--db", str(db))
    assert code == 0, err
    assert "lines without answer taken 2 as accept (--answer-missing)" in out
    with Project.open(db) as project:
        assert [s.status for s in project.sets.select(annotator="import")] == ["done", "done"]
    db2 = tmp_path / "q.db"
    args = ["import", str(FIXTURES / "db_in.jsonl"), "--db", str(db2), "--answer-missing"]
    code, out, err = run_cli(capsys, *args, "in-progress")
    assert code == 0, err
    assert "lines without answer taken 2 as in-progress" in out
    with Project.open(db2) as project:
        assert {s.status for s in project.sets.select(annotator="import")} == {"in_progress"}
    args[3] = str(tmp_path / "r.db")
    code, out, err = run_cli(capsys, *args, "ignore")
    assert code == 0, err
    assert "kept as skipped, not accepted: 2 ignore" in out


def test_unknown_labels_reported_together_with_counts(tmp_path, capsys):
    data = tmp_path / "foreign.jsonl"
    lines = [
        {"text": "Apple hired Tim Cook.", "spans": [{"start": 0, "end": 5, "label": "ORG"}]},
        {"text": "Tim Cook met IBM.", "spans": [{"start": 13, "end": 16, "label": "ORG"}]},
        {"text": "Paris and IBM.", "spans": [{"start": 0, "end": 5, "label": "GPE"}]},
        {"text": "Nice text.", "label": "SPORTS", "answer": "accept"},
    ]
    data.write_text("".join(json.dumps(x | {"answer": "accept"}) + "\n" for x in lines), "utf-8")
    db = tmp_path / "p.db"
    code, _, err = run_cli(capsys, "import", str(data), "--annotator", "a", "--db", str(db))
    assert code == 1
    assert err.count("error:") == 1
    assert f"label 'ORG' is not in the project's scheme (2 times, first at {data}:1)" in err
    assert f"'GPE' (once, first at {data}:3)" in err
    assert "--label-map ORG=LABEL,GPE=LABEL" in err
    assert f"'SPORTS' (once, first at {data}:4)" in err
    with Project.open(db) as project:
        assert project.documents.count() == 0
    code, out, err = run_cli(
        capsys,
        *("import", str(data), "--annotator", "a", "--db", str(db)),
        *("--label-map", "ORG=ACTOR,GPE=ACTOR,SPORTS=relevant"),
    )
    assert code == 0, err
    assert "3 span labels mapped" in out


def test_full_annotations_that_differ_are_a_conflict(fresh, tmp_path):
    text = "Japan told Iran on Monday."
    base = {"text": text, "_view_id": "ner_manual", "answer": "accept", "_annotator_id": "ann"}
    data = tmp_path / "twice.jsonl"
    data.write_text(
        json.dumps(base | {"spans": [{"start": 0, "end": 5, "label": "ACTOR"}]})
        + "\n"
        + json.dumps(base | {"spans": [{"start": 11, "end": 15, "label": "ACTOR"}]})
        + "\n",
        "utf-8",
    )
    with fresh() as project:
        summary = import_annotated(project, [data])
        assert spans_of(project, "ann", text) == [(0, 5, "ACTOR")]
        assert spans_of(project, "ann@twice", text) == [(11, 15, "ACTOR")]
        assert "1 conflict: full annotations of one text and annotator that differ" in (
            summary.message()
        )
        assert f"{data}:2 as ann@twice" in summary.message()


def test_identical_full_annotations_are_one_set(fresh, tmp_path):
    line = {"text": "Japan.", "_view_id": "ner_manual", "answer": "accept", "_annotator_id": "ann"}
    line["spans"] = [{"start": 0, "end": 5, "label": "ACTOR"}]
    data = tmp_path / "same.jsonl"
    data.write_text((json.dumps(line) + "\n") * 2, "utf-8")
    with fresh() as project:
        summary = import_annotated(project, [data])
        assert project.sets.annotators() == ["ann"] and not summary.conflicts


# -- property: random Prodigy files -----------------------------------------

WORDS = [
    "Japan",
    "Iran",
    "said",
    "oil",
    "the",
    "Commission",
    "on",
    "Monday",
    "would",
    "stay",
    "sanctions",
    "5",
    "percent",
    "March",
]


def random_file(rng: random.Random, path: Path) -> Path:
    """Prodigy-shaped lines: manual (tokens or not, spans or not), binary
    suggestions with line and span answers, textcat and choice decisions."""
    nlp = blank_english()
    lines = []
    for n in range(rng.randint(3, 8)):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))) + f" {n}."
        doc = nlp.make_doc(text)
        toks = [
            {
                "text": t.text,
                "start": t.idx,
                "end": t.idx + len(t),
                "id": t.i,
                "ws": bool(t.whitespace_),
            }
            for t in doc
        ]
        free = list(range(len(doc) - 1))
        rng.shuffle(free)
        spans = [
            {
                "start": doc[i].idx,
                "end": doc[i].idx + len(doc[i]),
                "label": rng.choice(["ACTOR", "DATE"]),
            }
            | ({"score": round(rng.random(), 3)} if rng.random() < 0.5 else {})
            for i in sorted(free[: rng.randint(0, 3)])
        ]
        hashes = {"_input_hash": rng.randint(-(2**31), 2**31 - 1), "_annotator_id": "rnd"}
        shape = rng.choice(["manual", "binary", "textcat", "choice"])
        if shape == "manual":
            line = {
                "text": text,
                **hashes,
                "_task_hash": rng.randint(0, 2**31),
                "_view_id": "ner_manual",
            }
            line |= {"tokens": toks} if rng.random() < 0.5 else {}
            line |= {"spans": spans} if spans or rng.random() < 0.5 else {}
            lines.append(line | {"answer": rng.choice(["accept", "accept", "reject", "ignore"])})
        elif shape == "binary":
            for s in spans or [
                {"start": doc[0].idx, "end": doc[0].idx + len(doc[0]), "label": "ACTOR"}
            ]:
                if rng.random() < 0.3:
                    s = s | {"answer": rng.choice(["accept", "reject"])}
                lines.append(
                    {"text": text, **hashes, "_task_hash": rng.randint(0, 2**31), "tokens": toks}
                    | {
                        "spans": [s],
                        "_view_id": "ner",
                        "answer": rng.choice(["accept", "reject", "ignore"]),
                    }
                )
        elif shape == "textcat":
            label = rng.choice(["relevant", "not relevant"])
            lines.append(
                {"text": text, **hashes, "_task_hash": rng.randint(0, 2**31), "label": label}
                | {"_view_id": "classification", "answer": rng.choice(["accept", "reject"])}
            )
        else:
            options = [{"id": v, "text": v} for v in ("report", "interview", "opinion", "brief")]
            lines.append(
                {"text": text, **hashes, "_task_hash": rng.randint(0, 2**31), "options": options}
                | {"accept": [rng.choice(options)["id"]], "_view_id": "choice", "answer": "accept"}
            )
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    return path


def state(project: Project) -> dict:
    """Every set's content by (document text, annotator), ids left out."""
    found = {}
    for s in project.sets.select():
        whole = project.sets.get(s.id)
        text = project.documents.get(s.document_id).text
        found[(text, s.annotator)] = (
            whole.status,
            whole.skip_reason,
            sorted(
                (x.key(), json.dumps(x.attrs), json.dumps(x.meta, sort_keys=True))
                for x in whole.spans
            ),
            sorted(r.key() for r in whole.relations),
            whole.categories,
            json.dumps(whole.meta, sort_keys=True),
        )
    return found


@pytest.mark.parametrize("seed", range(12))
def test_random_prodigy_files_round_trip(tmp_path, seed):
    rng = random.Random(seed)
    data = random_file(rng, tmp_path / "random.jsonl")
    with Project.open(tmp_path / "a.db") as first:
        import_annotated(first, [data])
        before = state(first)
        out = tmp_path / "out.jsonl"
        export_project(
            first, "jsonl", out, source="annotator", annotator="rnd", include_unfinished=True
        )
        import_annotated(first, [out])
        assert state(first) == before
    with Project.open(tmp_path / "b.db") as second:
        import_annotated(second, [out])
        assert state(second) == before


def test_bad_binary_span_answer_names_the_line(tmp_path):
    data = tmp_path / "bad.jsonl"
    span = {"start": 0, "end": 5, "label": "ACTOR", "answer": "maybe"}
    data.write_text(json.dumps({"text": "Japan.", "spans": [span], "answer": "accept"}) + "\n")
    with Project.open(tmp_path / "p.db") as project, pytest.raises(InputError) as caught:
        import_annotated(project, [data], annotator="a")
    assert str(caught.value) == f"{data}:1: span answer 'maybe' is not accept, reject or ignore"
