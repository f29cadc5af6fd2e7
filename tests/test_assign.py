"""``annotator assign``: balanced, reproducible dealing with overlap, re-runs
that only add (and say so), --replace and --clear logged, --documents
queries, bad input refused in one line with nothing changed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from annotator.core.store import Project
from annotator.core.types import Document
from tests.helpers import run_cli

SOURCES = ("reuters", "Reuters Asia", "ap", None)


def make_project(path: Path, n: int = 30) -> list[int]:
    with Project.open(path) as p:
        docs = [
            Document(
                f"Text {i}: {'Japan buys oil' if i % 3 == 0 else 'Iran sells gas'}.",
                title=f"doc {i}",
                source=SOURCES[i % len(SOURCES)],
            )
            for i in range(n)
        ]
        return p.documents.add(docs).ids


def pairs(path: Path) -> set[tuple[int, str]]:
    """(document, annotator) of every assignment, read without the store's helpers."""
    with Project.open(path) as p:
        rows = p.db.conn.execute(
            "SELECT g.document_id, a.name FROM assignments g JOIN annotators a"
            " ON a.id = g.annotator_id"
        )
        return {(int(d), str(n)) for d, n in rows}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    make_project(path)
    return path


@pytest.mark.parametrize(("n", "team", "overlap"), [(30, 4, 2), (37, 3, 2), (10, 5, 3), (7, 3, 1)])
def test_balanced_and_every_document_has_overlap_annotators(
    tmp_path: Path, capsys, n: int, team: int, overlap: int
) -> None:
    path = tmp_path / "p.db"
    ids = make_project(path, n)
    names = [f"ann{k}" for k in range(team)]
    code, out, err = run_cli(
        capsys, "assign", "--db", str(path), "--annotators", ",".join(names),
        "--overlap", str(overlap),
    )  # fmt: skip
    assert code == 0, err
    found = pairs(path)
    per_doc = Counter(d for d, _ in found)
    assert set(per_doc) == set(ids) and set(per_doc.values()) == {overlap}
    per_name = Counter(name for _, name in found)
    assert set(per_name) == set(names)
    assert max(per_name.values()) - min(per_name.values()) <= 1
    assert f"assigned {n} documents ({n} new) with overlap {overlap}, seed 0" in out
    assert f"{n * overlap} assignments" in out


def test_pairs_vary_so_every_pair_meets(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    ids = make_project(path, 40)
    with Project.open(path) as p:
        p.assignments.assign(["a", "b", "c", "d"], 2, ids, seed=1)
    by_doc: dict[int, set[str]] = {}
    for doc_id, name in pairs(path):
        by_doc.setdefault(doc_id, set()).add(name)
    met = {frozenset(names) for names in by_doc.values()}
    assert len(met) == 6  # all of the 4 choose 2 pairs share some document


def test_reproducible_with_a_seed_and_different_with_another(tmp_path: Path) -> None:
    results = []
    for run, (seed, names) in enumerate([(7, "a,b,c"), (7, "c,a,b"), (8, "a,b,c")]):
        path = tmp_path / f"p{run}.db"
        make_project(path)
        with Project.open(path) as p:
            p.assignments.assign(names.split(","), 2, p.assignments.select_documents(None), seed)
        results.append(pairs(path))
    assert results[0] == results[1]  # the same seed, the names in another order
    assert results[0] != results[2]


def test_overlap_of_the_team_size_gives_everyone_everything(db: Path, capsys) -> None:
    code, out, _ = run_cli(
        capsys, "assign", "--db", str(db), "--annotators", "x,y,z", "--overlap", "3"
    )
    assert code == 0
    with Project.open(db) as p:
        ids = set(p.assignments.select_documents(None))
        assert {n: set(p.assignments.of_annotator(n)) for n in "xyz"} == dict.fromkeys("xyz", ids)
    assert "new to this project: x, y, z" in out


def test_rerun_adds_only_unassigned_documents_and_says_so(db: Path, capsys) -> None:
    run_cli(capsys, "assign", "--db", str(db), "--annotators", "a,b,c", "--overlap", "2")
    before = pairs(db)
    with Project.open(db) as p:
        new_ids = p.documents.add([Document(f"Later text {i}.") for i in range(5)]).ids
    code, out, _ = run_cli(
        capsys, "assign", "--db", str(db), "--annotators", "a,b,c", "--overlap", "2"
    )
    assert code == 0
    after = pairs(db)
    assert before <= after
    assert {d for d, _ in after - before} == set(new_ids)
    assert "assigned 5 documents (5 new)" in out
    assert "30 documents already had 2 or more annotators: kept as they were" in out
    assert "--replace deals them again" in out
    per_name = Counter(name for _, name in after)
    assert max(per_name.values()) - min(per_name.values()) <= 1  # balanced over both runs


def test_a_document_short_of_overlap_is_topped_up(db: Path, capsys) -> None:
    run_cli(capsys, "assign", "--db", str(db), "--annotators", "a,b,c", "--overlap", "2")
    code, out, _ = run_cli(capsys, "assign", "--db", str(db), "--clear", "--annotators", "c")
    assert code == 0 and "took back 20 assignments (c 20)" in out
    assert "sets and work done are untouched" in out
    assigned = {d for d, _ in pairs(db)}
    code, out, _ = run_cli(
        capsys, "assign", "--db", str(db), "--annotators", "a,b,d", "--overlap", "2"
    )
    assert code == 0
    assert "20 topped up to 2 annotators" in out and "new to this project: d" in out
    per_doc = Counter(d for d, _ in pairs(db))
    assert set(per_doc.values()) == {2} and set(per_doc) == assigned


def test_replace_keeps_started_work_and_logs_what_it_took_back(db: Path, capsys) -> None:
    run_cli(capsys, "assign", "--db", str(db), "--annotators", "a,b", "--overlap", "1")
    with Project.open(db) as p:
        a_docs = p.assignments.of_annotator("a")
        p.sets.replace(a_docs[0], "a", [], status="in_progress")
        p.sets.replace(a_docs[1], "a", [], status="done")
        started = {(a_docs[0], "a"), (a_docs[1], "a")}
    before = pairs(db)
    code, out, _ = run_cli(
        capsys, "assign", "--db", str(db), "--annotators", "a,b,c", "--overlap", "1",
        "--replace", "--seed", "3",
    )  # fmt: skip
    assert code == 0
    after = pairs(db)
    assert started <= after
    taken = before - started  # every unstarted one, some dealt again to the same person
    assert len(taken) == 28
    assert "replaced: took back 28 assignments nobody had started" in out
    assert "kept 2 assignments already started" in out
    with Project.open(db) as p:
        logged = {
            (doc_id, e["annotator"])
            for e in p.events(limit=100)
            if e["kind"] == "assignment.remove"
            for doc_id in e["payload"]["documents"]
        }
        assert logged == taken
        assert p.sets.find(a_docs[1], "a").status == "done"  # the set itself untouched
    per_name = Counter(name for _, name in after)
    assert max(per_name.values()) - min(per_name.values()) <= 1


def test_the_default_team_is_named(db: Path, capsys) -> None:
    with Project.open(db) as p:
        p.sets.open(1, "alice", seed=False)
        p.sets.open(1, "bob", seed=False)
        p.sets.ensure_annotator("idle")  # no set, no assignment: not on the team
    code, out, _ = run_cli(capsys, "assign", "--db", str(db), "--overlap", "2")
    assert code == 0
    assert out.splitlines()[0].startswith("team: alice, bob (everyone with sets or assignments")
    assert {name for _, name in pairs(db)} == {"alice", "bob"}


def test_a_new_name_close_to_an_existing_one_is_named_with_the_way_back(db: Path, capsys) -> None:
    with Project.open(db) as p:
        p.sets.ensure_annotator("carol")
    code, out, _ = run_cli(capsys, "assign", "--db", str(db), "--annotators", "carl,bob")
    assert code == 0
    assert "'carl' is close to 'carol'" in out
    assert "`annotator assign --clear --annotators carl` takes its assignments back" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--documents", "sorce=reuters"], "--documents: unknown term 'sorce=reuters'"),
        (["--documents", "id=9-2"], "--documents: id='9-2' ends before it starts"),
        (["--documents", "status=finished"], "status='finished' is not one of"),
        (["--documents", "id=1-"], "id='1-' is not an id or a range"),
        (["--documents", "text='oil"], "--documents:"),
        (["--annotators", "a,b", "--overlap", "3"], "--overlap 3: must be 1 to the team's size"),
        (["--annotators", "a,b", "--overlap", "0"], "--overlap 0"),
        (["--annotators", "Alice,b"], "'Alice' is not in this project; did you mean 'alice'?"),
        (["--annotators", "a,a"], "'a' is named twice"),
        (["--annotators", "a,,b"], "an empty name"),
        (["--annotators", "gold,a"], "gold is the reviewer's set"),
        (["--annotators", "alice@laptop"], "a merge's conflict copy"),
        (["--clear", "--replace"], "--clear takes assignments back"),
        (["--clear", "--annotators", "nobody"], "not in this project: nobody"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_changes_nothing(
    db: Path, capsys, args: list[str], message: str
) -> None:
    with Project.open(db) as p:
        p.sets.ensure_annotator("alice")
    run_cli(capsys, "assign", "--db", str(db), "--annotators", "alice,zed", "--overlap", "1")
    before = pairs(db)
    code, out, err = run_cli(capsys, "assign", "--db", str(db), *args)
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")
    assert message in err
    assert pairs(db) == before


def test_documents_queries_select_what_they_say(db: Path) -> None:
    with Project.open(db) as p:
        docs = {i: p.documents.get(i) for i in p.assignments.select_documents("all")}
        p.assignments.assign(["a"], 1, [1, 2, 3])
        p.sets.replace(5, "a", [], status="done")
        p.sets.replace(6, "a", [], status="todo")
        p.sets.replace(7, "gold", [], status="done")

        def ids(query: str) -> list[int]:
            return p.assignments.select_documents(query)

        assert ids("id=1-4,10") == [1, 2, 3, 4, 10]
        reuters = sorted(
            i for i, d in docs.items() if (d.source or "").lower().startswith("reuters")
        )
        assert ids("source=REUTERS*") == reuters and len(reuters) == 16
        assert ids("'source=Reuters A?ia'") == [i for i in reuters if docs[i].source != "reuters"]
        assert ids("unassigned") == [i for i in docs if i > 3]
        assert ids("status=done") == [5]  # gold's done set is not an annotator's
        assert ids("status=todo id=1-8") == [1, 2, 3, 4, 6, 7, 8]
        oil = [i for i, d in docs.items() if "Japan buys oil" in d.text]
        assert ids("'text=japan BUYS'") == oil
        assert ids("text=oil unassigned id=1-12") == [i for i in oil if 3 < i <= 12]


def test_a_query_matching_nothing_says_so(db: Path, capsys) -> None:
    code, out, _ = run_cli(
        capsys, "assign", "--db", str(db), "--annotators", "a", "--documents", "source=nyt*"
    )
    assert code == 0
    assert out.strip() == "no documents matching 'source=nyt*': nothing assigned"
    assert pairs(db) == set()


def test_json_and_stats_show_the_assignment(db: Path, capsys) -> None:
    code, out, _ = run_cli(
        capsys, "assign", "--db", str(db), "--annotators", "a,b", "--overlap", "2", "--json"
    )
    assert code == 0
    summary = json.loads(out)
    assert summary["added"] == {"a": 30, "b": 30} and summary["fresh"] == 30
    with Project.open(db) as p:
        p.sets.replace(1, "a", [], status="done")
        p.sets.replace(2, "a", [], status="skipped")
        p.sets.replace(3, "a", [], status="in_progress")
    code, out, _ = run_cli(capsys, "stats", "--db", str(db), "--json")
    assert json.loads(out)["assignments"] == {
        "a": {"assigned": 30, "todo": 27, "in_progress": 1, "done": 1, "skipped": 1},
        "b": {"assigned": 30, "todo": 30, "in_progress": 0, "done": 0, "skipped": 0},
    }
    code, out, _ = run_cli(capsys, "stats", "--db", str(db))
    lines = out.splitlines()
    table = lines[[line.startswith("assigned to") for line in lines].index(True) :]
    assert table[1].split() == ["a", "30", "27", "1", "1", "1"]
    assert table[2].split() == ["b", "30", "30", "0", "0", "0"]


def test_stats_without_assignments_has_no_assignment_table(db: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, "stats", "--db", str(db))
    assert code == 0 and "assigned to" not in out
    code, out, _ = run_cli(capsys, "stats", "--db", str(db), "--json")
    assert json.loads(out)["assignments"] == {}
