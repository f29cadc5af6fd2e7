"""Relations and document categories in the store: the scheme that allows
them, the migration that adds them, and every write with its event."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, SchemeError
from annotator.core.resources import migrations_dir
from annotator.core.scheme import Scheme, default_scheme
from annotator.core.store import Project, database
from annotator.core.types import Document, Relation, Span

TEXT = "Japan said it would keep buying oil from Iran."
STANCE = (0, 46, "STANCE")
JAPAN = (0, 5, "ACTOR")
IRAN = (41, 45, "ACTOR")


def _spans() -> list[Span]:
    return [Span(*JAPAN), Span(*IRAN), Span(*STANCE)]


@pytest.fixture
def project(tmp_path: Path):
    with Project.open(tmp_path / "p.db") as project:
        project.documents.add([Document(TEXT)])
        yield project


def _doc(project: Project) -> int:
    return project.documents.ids()[0]


def _ids(project: Project, set_id: int) -> dict:
    return {s.key(): s.id for s in project.sets.get(set_id).spans}


# -- scheme --------------------------------------------------------------
def test_default_scheme_has_the_guidelines_relations_and_categories() -> None:
    scheme = default_scheme()
    holder, target = scheme.relation("HOLDER"), scheme.relation("TARGET")
    assert holder.allows("STANCE", "ACTOR") and not holder.allows("ACTOR", "STANCE")
    assert set(target.children) == {"ACTOR", "FIGURE", "DATE"}
    assert scheme.category("relevance").value_names == ["relevant", "not relevant"]
    assert scheme.category("genre").value_names == ["report", "interview", "opinion", "brief"]
    assert all(cat.exclusive for cat in scheme.categories)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"relations": [{"name": "R", "key": "1", "heads": ["A"], "children": ["A"]}]}, "key '1'"),
        ({"relations": [{"name": "R", "key": "r", "heads": ["A"], "children": ["B"]}]}, "'B'"),
        ({"categories": [{"name": "c", "values": ["x", "X"]}]}, "value of 'c' 'X'"),
        ({"categories": [{"name": "c", "values": []}]}, "categories.0.values"),
        ({"categories": [{"name": "c", "values": [{"name": "x", "key": "a"}]}]}, "key 'a'"),
    ],
)
def test_scheme_refuses_bad_relations_and_categories(change: dict, message: str) -> None:
    data = {"labels": [{"name": "A", "key": "1", "mnemonic": "a"}], **change}
    with pytest.raises(SchemeError, match=message):
        Scheme.from_dict(data)


def test_a_scheme_change_that_orphans_relations_or_answers_is_refused(project: Project) -> None:
    set_id = project.sets.replace(
        _doc(project),
        "alice",
        _spans(),
        relations=[Relation(STANCE, JAPAN, "HOLDER")],
        categories={"genre": ["brief"]},
    )
    smaller = default_scheme()
    smaller.relations = [r for r in smaller.relations if r.name != "HOLDER"]
    smaller.categories[1].values = smaller.categories[1].values[:3]  # no "brief"
    with pytest.raises(SchemeError, match=r"relations HOLDER \(1\); category values genre=brief"):
        project.set_scheme(smaller)
    assert project.sets.get(set_id).relations  # nothing changed
    assert project.set_scheme(smaller, force=True) == 2
    after = project.sets.get(set_id)
    assert after.relations == [] and after.categories == {}
    kinds = [e["kind"] for e in project.events(set_id)]
    assert "relation.delete" in kinds and "category.delete" in kinds


# -- relations -----------------------------------------------------------
def test_relations_are_added_checked_relabelled_and_deleted(project: Project) -> None:
    set_id = project.sets.replace(_doc(project), "alice", _spans(), status="in_progress")
    ids = _ids(project, set_id)
    rel = project.relations.add(set_id, ids[STANCE], ids[JAPAN], "HOLDER")
    assert project.relations.of_set(set_id)[0].key() == (STANCE, JAPAN, "HOLDER")
    with pytest.raises(AnnotatorError, match="HOLDER goes from STANCE to ACTOR, not from ACTOR"):
        project.relations.add(set_id, ids[JAPAN], ids[STANCE], "HOLDER")
    with pytest.raises(AnnotatorError, match="unknown relation 'OWNS'"):
        project.relations.add(set_id, ids[STANCE], ids[IRAN], "OWNS")
    assert project.relations.relabel(rel, "TARGET") == "HOLDER"
    assert project.relations.get(rel).label == "TARGET"
    old = project.relations.delete(rel)
    assert project.relations.of_set(set_id) == []
    project.relations.add_by_key(set_id, old)
    assert [r.key() for r in project.relations.of_set(set_id)] == [(STANCE, JAPAN, "TARGET")]
    kinds = [e["kind"] for e in project.events(set_id)]
    assert kinds[:4] == ["relation.add", "relation.delete", "relation.update", "relation.add"]


def test_deleting_a_span_deletes_its_relations_with_events(project: Project) -> None:
    set_id = project.sets.replace(
        _doc(project),
        "alice",
        _spans(),
        relations=[Relation(STANCE, JAPAN, "HOLDER"), Relation(STANCE, IRAN, "TARGET")],
    )
    ids = _ids(project, set_id)
    used = project.relations.of_span(ids[IRAN])
    assert [r.label for r in used] == ["TARGET"]
    project.sets.delete_span(ids[IRAN])
    assert [r.label for r in project.relations.of_set(set_id)] == ["HOLDER"]
    event = next(e for e in project.events(set_id) if e["kind"] == "relation.delete")
    assert event["payload"]["child"] == list(IRAN)


def test_relations_outside_the_set_are_refused(project: Project) -> None:
    doc = _doc(project)
    alice = project.sets.replace(doc, "alice", _spans())
    bob = project.sets.replace(doc, "bob", _spans())
    with pytest.raises(AnnotatorError, match="no span with id"):
        project.relations.add(
            alice, _ids(project, alice)[STANCE], _ids(project, bob)[JAPAN], "HOLDER"
        )
    with pytest.raises(AnnotatorError, match="no span ACTOR at 1-2"):
        project.sets.replace(
            doc, "carol", _spans(), relations=[Relation(STANCE, (1, 2, "ACTOR"), "HOLDER")]
        )
    assert project.sets.find(doc, "carol") is None  # the whole replace rolled back


# -- categories ----------------------------------------------------------
def test_categories_are_set_checked_and_undone(project: Project) -> None:
    set_id = project.sets.open(_doc(project), "alice").id
    assert project.categories.set(set_id, "genre", ["report"]) == []
    assert project.categories.set(set_id, "genre", ["opinion"]) == ["report"]
    assert project.sets.get(set_id).categories == {"genre": ["opinion"]}
    with pytest.raises(AnnotatorError, match="'genre' takes one value, not 2"):
        project.categories.set(set_id, "genre", ["report", "brief"])
    with pytest.raises(AnnotatorError, match="'essay' is not a value of 'genre'"):
        project.categories.set(set_id, "genre", ["essay"])
    project.categories.set(set_id, "genre", [])
    assert project.sets.get(set_id).categories == {}
    event = project.events(set_id)[0]
    assert event["kind"] == "category.set" and event["payload"]["old"] == ["opinion"]


# -- predictions seed sets ------------------------------------------------
def test_a_new_set_is_seeded_with_suggested_relations_and_answers(project: Project) -> None:
    doc = _doc(project)
    project.documents.replace_predictions(
        [(doc, [Span(*k, origin="model") for k in (JAPAN, IRAN, STANCE)])],
        "rules",
        "1",
        relations={doc: [Relation(STANCE, JAPAN, "HOLDER", "model")]},
        categories={doc: {"relevance": ["relevant"]}},
    )
    seeded = project.sets.open(doc, "alice")
    assert [(r.key(), r.origin) for r in seeded.relations] == [((STANCE, JAPAN, "HOLDER"), "model")]
    assert project.categories.origins(seeded.id) == {("relevance", "relevant"): "model"}
    status, reason, span_ids = project.sets.accept(seeded.id)
    assert project.relations.of_set(seeded.id)[0].origin == "human"
    assert project.categories.origins(seeded.id) == {("relevance", "relevant"): "human"}
    project.sets.undo_accept(seeded.id, status, reason, span_ids)
    assert project.relations.of_set(seeded.id)[0].origin == "model"
    assert project.categories.origins(seeded.id) == {("relevance", "relevant"): "model"}


def test_a_predicted_relation_must_join_predicted_spans(project: Project) -> None:
    doc = _doc(project)
    with pytest.raises(AnnotatorError, match="names span ACTOR at 41-45, which the model did not"):
        project.documents.replace_predictions(
            [(doc, [Span(*STANCE)])],
            "rules",
            "1",
            relations={doc: [Relation(STANCE, IRAN, "HOLDER")]},
        )
    assert project.documents.predictions(doc) == []


# -- migration -------------------------------------------------------------
def test_a_version_2_project_migrates_keeps_spans_and_gains_the_relations(tmp_path: Path) -> None:
    first_two = tmp_path / "migrations"
    first_two.mkdir()
    for name in ("0001_initial.sql", "0002_application_id.sql"):
        shutil.copy(migrations_dir() / name, first_two)
    path = tmp_path / "old.db"
    with Project.open(path, migrations=first_two) as old:  # what the previous release wrote
        doc = old.documents.add([Document(TEXT)]).ids[0]
        shipped = default_scheme().model_dump()
        old.set_setting("scheme", {k: v for k, v in shipped.items() if k in ("name", "labels")})
        assert old.schema_version == 2
    with sqlite3.connect(path) as conn:  # its sets, written as that release's SQL did
        conn.execute("INSERT INTO annotators (name, created_at) VALUES ('alice', '')")
        conn.execute(
            "INSERT INTO annotation_sets (document_id, annotator_id, created_at, updated_at)"
            " VALUES (?, 1, '', '')",
            (doc,),
        )
        conn.executemany(
            "INSERT INTO spans (set_id, start_char, end_char, label, created_at, updated_at)"
            " VALUES (1, ?, ?, ?, '', '')",
            [s.key() for s in _spans()],
        )
    with Project.open(path) as project:
        assert project.schema_version == len(database.available_migrations())
        assert project.backup is not None and project.backup.name.startswith("old.db.v2-")
        assert len(project.sets.find(doc, "alice").spans) == 3
        assert project.scheme().relation_names == ["HOLDER", "TARGET"]
        assert project.scheme().category_names == ["relevance", "genre"]
        set_id = project.sets.find(doc, "alice").id
        ids = _ids(project, set_id)
        project.relations.add(set_id, ids[STANCE], ids[JAPAN], "HOLDER")
    with sqlite3.connect(project.backup) as backup:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 2
        assert backup.execute("SELECT count(*) FROM spans").fetchone()[0] == 3


def test_a_custom_scheme_is_left_as_it_was_by_the_migration(tmp_path: Path) -> None:
    first_two = tmp_path / "migrations"
    first_two.mkdir()
    for name in ("0001_initial.sql", "0002_application_id.sql"):
        shutil.copy(migrations_dir() / name, first_two)
    path = tmp_path / "own.db"
    own = {"name": "mine", "version": 1, "labels": [{"name": "PER", "key": "1"}]}
    with Project.open(path, migrations=first_two) as old:
        old.set_setting("scheme", own)
    with Project.open(path) as project:
        assert project.scheme().names == ["PER"]
        assert project.scheme().relations == [] and project.scheme().categories == []


# -- what an import keeps without modelling it ----------------------------
def test_set_and_span_meta_are_kept_verbatim(project: Project) -> None:
    doc = _doc(project)
    kept = {"_input_hash": -1203, "_task_hash": 77, "_session_id": "news-alice", "extra": [1]}
    spans = [Span(*JAPAN, meta={"score": 0.93, "source": "en_core_web_sm", "rank": 2})]
    set_id = project.sets.replace(doc, "alice", spans, meta=kept)
    found = project.sets.get(set_id)
    assert found.meta == kept
    assert found.spans[0].meta == {"score": 0.93, "source": "en_core_web_sm", "rank": 2}
    assert project.sets.spans_by_set([set_id])[set_id][0].meta["rank"] == 2
    project.sets.replace(doc, "alice", spans, status="in_progress")  # meta None: left as it is
    assert project.sets.get(set_id).meta == kept
