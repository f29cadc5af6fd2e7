"""Relations and document categories in every export format and back.

The fixtures in tests/fixtures/relations/ are written as Prodigy's
``rel.manual`` and ``choice`` view and doccano save them (their README says
where each shape comes from: in ``rel.manual``, ``head``/``child`` are the
index of the *last* token of each span, per Explosion's
``tutorials/rel_component/scripts/parse_data.py`` and a saved task).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.store import Project
from annotator.core.types import GOLD, Document, Relation, Span
from tests.helpers import run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "relations"
ROOT = Path(__file__).resolve().parent.parent
T1 = "Japan told Iran that imports would continue."
T2 = "The European Commission said on Friday that sanctions would stay."


run = run_cli  # the real entry point, in-process (tests/helpers.py)


def key(text: str, part: str, label: str) -> tuple[int, int, str]:
    start = text.index(part)
    return (start, start + len(part), label)


def sets_of(db: Path, annotator: str) -> dict[str, tuple[str, list, dict]]:
    """text -> (status, relation keys, categories) of an annotator's sets."""
    with Project.open(db) as project:
        found = {}
        for item in project.sets.select(annotator=annotator):
            text = project.documents.get(item.document_id).text
            rels = sorted(r.key() for r in project.relations.of_set(item.id))
            found[text] = (item.status, rels, project.categories.of_set(item.id))
        return found


@pytest.fixture
def gold_db(tmp_path: Path) -> Path:
    """Two gold sets with relations and categories, a skipped one, one without either."""
    db = tmp_path / "first.db"
    with Project.open(db) as project:
        ids = project.documents.add(
            [Document(T1, title="a"), Document(T2, title="b"), Document("Markets were shut.")]
        ).ids
        spans1 = [
            Span(*key(T1, p, lab))
            for p, lab in (
                ("Japan", "ACTOR"),
                ("Iran", "ACTOR"),
                ("imports would continue", "STANCE"),
            )
        ]
        stance = spans1[2].key()
        project.sets.replace(
            ids[0],
            GOLD,
            spans1,
            "done",
            relations=[
                Relation(stance, spans1[0].key(), "HOLDER"),
                Relation(stance, spans1[1].key(), "TARGET"),
            ],
            categories={"relevance": ["relevant"], "genre": ["report"]},
        )
        spans2 = [
            Span(*key(T2, "European Commission", "ACTOR")),
            Span(*key(T2, "Friday", "DATE"), attrs={"value": "2019-05-03"}),
            Span(*key(T2, "sanctions would stay", "STANCE"), attrs={"holder": "EU"}),
        ]
        project.sets.replace(
            ids[1],
            GOLD,
            spans2,
            "skipped",
            relations=[Relation(spans2[2].key(), spans2[0].key(), "HOLDER")],
            categories={"relevance": ["not relevant"]},
        )
        project.sets.replace(ids[2], GOLD, [], "in_progress")
    return db


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "spacy"])
def test_relations_and_categories_round_trip_byte_identical(gold_db, tmp_path, capsys, fmt):
    first = tmp_path / ("first" if fmt == "spacy" else "first.jsonl")
    second = tmp_path / ("second" if fmt == "spacy" else "second.jsonl")
    code, summary, err = run(
        capsys, "export", "-f", fmt, "-o", first, "--db", gold_db, "--include-unfinished"
    )
    assert code == 0, err
    assert "3 relations, 2 documents with categories" in summary
    new_db = tmp_path / "second.db"
    inputs = [first / "train.spacy", first / "dev.spacy"] if fmt == "spacy" else [first]
    code, out, err = run(capsys, "import", *inputs, "--db", new_db, "--annotator", GOLD)
    assert code == 0, err
    assert "3 relations, categories for 2" in out
    code, _, err = run(
        capsys, "export", "-f", fmt, "-o", second, "--db", new_db, "--include-unfinished"
    )
    assert code == 0, err
    if fmt == "spacy":
        for name in ("train.spacy", "dev.spacy"):
            assert (first / name).read_bytes() == (second / name).read_bytes()
    else:
        assert first.read_bytes() == second.read_bytes()
    before, after = sets_of(gold_db, GOLD), sets_of(new_db, GOLD)
    if fmt == "doccano":  # doccano has no status: every line comes back done
        before = {k: ("done", *v[1:]) for k, v in before.items()}
    assert after == before
    assert after[T1][1] == sorted(
        [
            (key(T1, "imports would continue", "STANCE"), key(T1, "Japan", "ACTOR"), "HOLDER"),
            (key(T1, "imports would continue", "STANCE"), key(T1, "Iran", "ACTOR"), "TARGET"),
        ]
    )


def test_prodigy_lines_as_rel_manual_and_choice_write_them(gold_db, tmp_path, capsys):
    out = tmp_path / "x.jsonl"
    run(capsys, "export", "-f", "jsonl", "-o", out, "--db", gold_db, "--include-unfinished")
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    main_line = lines[0]
    assert main_line["_view_id"] == "relations"
    holder = main_line["relations"][0]
    stance = holder["head_span"]
    assert (stance["start"], stance["end"], stance["label"]) == key(
        T1, "imports would continue", "STANCE"
    )
    assert holder["head"] == stance["token_end"] == 6  # the span's last token, "continue"
    assert holder["child"] == holder["child_span"]["token_end"] == 0
    assert main_line["cats"] == {
        "report": 1.0,
        "interview": 0.0,
        "opinion": 0.0,
        "brief": 0.0,
        "relevant": 1.0,
        "not relevant": 0.0,
    }
    relevance, genre = lines[1], lines[2]
    assert relevance["_view_id"] == "choice" and relevance["accept"] == ["relevant"]
    assert [o["id"] for o in relevance["options"]] == ["relevant", "not relevant"]
    assert genre["accept"] == ["report"] and genre["config"] == {"choice_style": "single"}
    assert lines[-1]["text"] == "Markets were shut." and lines[-1]["cats"] == {}


def test_rel_manual_and_choice_fixtures_import_relation_by_relation(tmp_path, capsys):
    db = tmp_path / "p.db"
    code, out, err = run(
        capsys,
        "import",
        FIXTURES / "prodigy_rel_manual.jsonl",
        FIXTURES / "prodigy_choice.jsonl",
        "--db",
        db,
    )
    assert code == 0, err
    assert "3 relations" in out
    assert "1 choice line answered reject/ignore gave no category" in out
    found = sets_of(db, "news-ann1")
    stance1 = key(T1, "imports would continue", "STANCE")
    assert found[T1] == (
        "done",
        sorted(
            [
                (stance1, key(T1, "Japan", "ACTOR"), "HOLDER"),
                (stance1, key(T1, "Iran", "ACTOR"), "TARGET"),
            ]
        ),
        {"relevance": ["relevant"]},
    )
    stance2 = key(T2, "sanctions would stay", "STANCE")
    assert found[T2] == (
        "done",
        [(stance2, key(T2, "European Commission", "ACTOR"), "HOLDER")],
        {"relevance": ["not relevant"]},
    )
    assert found["Markets were closed."] == ("skipped", [], {})


def test_doccano_fixtures_import_relations_and_categories(tmp_path, capsys):
    db = tmp_path / "d.db"
    code, _, err = run(
        capsys,
        "import",
        FIXTURES / "doccano_relations.jsonl",
        "--db",
        db,
        "--annotator",
        "carol",
    )
    assert code == 0, err
    code, _, err = run(
        capsys,
        "import",
        FIXTURES / "doccano_classification.jsonl",
        FIXTURES / "doccano_intent.jsonl",
        "--db",
        db,
        "--annotator",
        "dora",
    )
    assert code == 0, err
    carol = sets_of(db, "carol")
    stance1 = key(T1, "imports would continue", "STANCE")
    assert carol[T1][1] == sorted(
        [
            (stance1, key(T1, "Japan", "ACTOR"), "HOLDER"),
            (stance1, key(T1, "Iran", "ACTOR"), "TARGET"),
        ]
    )
    assert carol[T2][1] == [
        (
            key(T2, "sanctions would stay", "STANCE"),
            key(T2, "European Commission", "ACTOR"),
            "HOLDER",
        )
    ]
    dora = sets_of(db, "dora")
    assert dora[T1][2] == {"relevance": ["relevant"]}
    # a later file's differing set is kept beside dora's, not over it (issue 13)
    assert dora[T2][2] == {"relevance": ["not relevant"]}
    assert sets_of(db, "dora@doccano_intent")[T2][2] == {"genre": ["report"]}


def write_line(path: Path, obj: dict) -> Path:
    path.write_text(json.dumps(obj) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(label="OWNS"), "relation 'OWNS' is not in the project's scheme"),
        (
            lambda r: r.update(
                label="TARGET", head_span=r["child_span"], child_span=r["head_span"]
            ),
            "TARGET goes from STANCE to ACTOR/FIGURE/DATE, not from ACTOR",
        ),
        (lambda r: r["child_span"].update(start=1), "is none of the line's spans"),
        (lambda r: r["child_span"].update(label=None), "is a token, not a span"),
    ],
)
def test_a_relation_the_scheme_lacks_is_refused_with_its_line(tmp_path, capsys, change, message):
    line = json.loads((FIXTURES / "prodigy_rel_manual.jsonl").read_text().splitlines()[0])
    change(line["relations"][0])
    bad = write_line(tmp_path / "bad.jsonl", line)
    db = tmp_path / "x.db"
    code, _, err = run(capsys, "import", bad, "--db", db)
    assert code == 1 and f"{bad}:1:" in err and message in err, err
    with Project.open(db) as project:
        assert project.documents.count() == 0


def test_a_category_the_scheme_lacks_is_refused(tmp_path, capsys):
    bad = write_line(tmp_path / "c.jsonl", {"text": T1, "label": ["sports"]})
    code, _, err = run(capsys, "import", bad, "--db", tmp_path / "y.db", "--annotator", "x")
    assert code == 1 and f"{bad}:1:" in err
    assert "category label 'sports' is no value of the project's categories" in err
    two = write_line(tmp_path / "t.jsonl", {"text": T1, "label": ["relevant", "not relevant"]})
    code, _, err = run(capsys, "import", two, "--db", tmp_path / "y.db", "--annotator", "x")
    assert code == 1 and "'relevance' takes one value, not 2" in err


README_LINES = (
    'docs = DocBin().from_disk("corpus/train.spacy").get_docs(spacy.blank("en").vocab)',
    'links = [(doc.char_span(*r["head"][:2]), r["label"], doc.char_span(*r["child"][:2]))'
    ' for doc in docs for r in doc.user_data["annotator_relations"]]',
)


def test_docbin_relations_read_with_plain_spacy(gold_db, tmp_path, capsys):
    """The README's two lines, in a Python where annotator cannot be imported."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(line in readme for line in README_LINES)
    code, _, err = run(
        capsys,
        "export",
        "-f",
        "spacy",
        "-o",
        tmp_path / "corpus",
        "--db",
        gold_db,
        "--split",
        "1.0",
        "--include-unfinished",
    )
    assert code == 0, err
    script = "\n".join(
        [
            "import sys",
            "sys.modules['annotator'] = None  # importing annotator now fails",
            "import spacy",
            "from spacy.tokens import DocBin",
            *README_LINES,
            "print([(h.text, label, c.text) for h, label, c in links])",
            "docs = DocBin().from_disk('corpus/train.spacy').get_docs(spacy.blank('en').vocab)",
            "print([doc.cats for doc in docs])",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    links, cats = done.stdout.splitlines()
    assert links == repr(
        [
            ("imports would continue", "HOLDER", "Japan"),
            ("imports would continue", "TARGET", "Iran"),
            ("sanctions would stay", "HOLDER", "European Commission"),
        ]
    )
    assert cats == repr(
        [
            {
                "report": 1.0,
                "interview": 0.0,
                "opinion": 0.0,
                "brief": 0.0,
                "relevant": 1.0,
                "not relevant": 0.0,
            },
            {"relevant": 0.0, "not relevant": 1.0},
            {},
        ]
    )


def test_conll_says_relations_and_categories_are_not_written(gold_db, tmp_path, capsys):
    code, summary, err = run(
        capsys,
        "export",
        "-f",
        "conll",
        "-o",
        tmp_path / "x.conll",
        "--db",
        gold_db,
        "--include-unfinished",
    )
    assert code == 0, err
    assert "3 relations and the categories of 2 documents not written" in summary
