"""The project file: schema, migrations, refusals, and every write on disk."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, SchemaVersionError
from annotator.core.resources import migrations_dir
from annotator.core.store import Project
from annotator.core.types import Document, Span

TABLES = {
    "documents",
    "predictions",
    "prediction_runs",
    "annotators",
    "annotation_sets",
    "spans",
    "relations",
    "events",
    "settings",
}


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_more_migration(tmp_path: Path, name: str, sql: str) -> tuple[Path, int]:
    """The shipped migrations and one more after them: the folder and the
    shipped version."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    for path in migrations_dir().glob("*.sql"):
        (migrations / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    latest = len(list(migrations.glob("*.sql")))
    (migrations / f"{latest + 1:04d}_{name}.sql").write_text(sql, encoding="utf-8")
    return migrations, latest


def test_fresh_file_gets_schema_wal_and_version(db_path: Path) -> None:
    with Project.open(db_path) as project:
        conn = project.db.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        latest = len(list(migrations_dir().glob("[0-9][0-9][0-9][0-9]_*.sql")))
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest
        assert project.backup is None  # nothing to back up in a new file
    assert _tables(db_path) >= TABLES


def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    with Project.open(db_path) as project:
        project.documents.add([Document("Japan imports oil.")])
    with Project.open(db_path) as project:
        assert project.backup is None
        assert project.documents.count() == 1
    assert not list(db_path.parent.glob("*.bak"))


def test_newer_file_is_refused_and_left_untouched(db_path: Path) -> None:
    with Project.open(db_path) as project:
        project.documents.add([Document("Some text.")])
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA user_version = 999")
    before = _digest(db_path)
    with pytest.raises(SchemaVersionError, match=r"newer annotator.*999"):
        Project.open(db_path)
    assert _digest(db_path) == before
    assert not Path(f"{db_path}-wal").exists()


def test_migration_backs_up_first_and_runs_in_one_transaction(
    db_path: Path, tmp_path: Path
) -> None:
    with Project.open(db_path) as project:
        project.documents.add([Document("Kept across the migration.")])
    migrations, latest = _one_more_migration(
        tmp_path,
        "add_flag",
        "ALTER TABLE documents ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;\n",
    )
    with Project.open(db_path, migrations=migrations) as project:
        assert project.backup is not None and project.backup.exists()
        assert project.db.conn.execute("PRAGMA user_version").fetchone()[0] == latest + 1
        assert "flagged" in project.db["documents"].columns_dict
    with sqlite3.connect(project.backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest
        assert conn.execute("SELECT text FROM documents").fetchone()[0] == (
            "Kept across the migration."
        )


def test_a_migration_without_statements_moves_the_version_and_copies_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    """A number both engines share (the server's change counter) needs no
    table in a file: a large project is not copied for it."""
    migrations, latest = _one_more_migration(
        tmp_path,
        "server_only",
        "-- nothing for SQLite: the server's counterpart makes a sequence\n",
    )
    with Project.open(db_path) as project:
        project.documents.add([Document("Kept as it was.")])
    with Project.open(db_path, migrations=migrations) as project:
        assert project.backup is None
        assert project.db.conn.execute("PRAGMA user_version").fetchone()[0] == latest + 1
        assert project.documents.count() == 1
    assert not list(db_path.parent.glob("*.bak"))


def test_failing_migration_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    with Project.open(db_path):
        pass
    migrations, latest = _one_more_migration(
        tmp_path, "broken", "CREATE TABLE extra (x INTEGER);\nTHIS IS NOT SQL;\n"
    )
    with pytest.raises(AnnotatorError, match="migration failed"):
        Project.open(db_path, migrations=migrations)
    assert "extra" not in _tables(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest


def test_not_a_project_file_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(AnnotatorError, match=r"junk\.db"):
        Project.open(junk)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(AnnotatorError, match="not an annotator project"):
        Project.open(other)


def test_documents_dedup_by_text(project: Project) -> None:
    first = project.documents.add([Document("A"), Document("B"), Document("A")])
    assert (first.added, first.duplicates) == (2, 1)
    again = project.documents.add([Document("B"), Document("C")])
    assert (again.added, again.duplicates) == (1, 1)
    assert project.documents.count() == 3


def test_set_is_seeded_from_newest_predictions_per_annotator(project: Project) -> None:
    (doc_id,) = project.documents.add([Document("Seko met Zarif in Tokyo.")]).ids
    project.documents.replace_predictions([(doc_id, [Span(0, 4, "ACTOR")])], "old-model", "1")
    project.documents.replace_predictions([(doc_id, [Span(9, 14, "ACTOR")])], "new-model", "2")
    alice = project.sets.open(doc_id, "alice")
    assert [(s.start, s.end, s.origin) for s in alice.spans] == [(9, 14, "model")]
    project.sets.add_span(alice.id, Span(18, 23, "ACTOR", {"canonical": "Tokyo"}))
    bob = project.sets.open(doc_id, "bob")
    assert len(bob.spans) == 1  # bob's set is his own
    assert len(project.sets.open(doc_id, "alice").spans) == 2
    assert project.sets.find(doc_id, "alice").status == "in_progress"


def test_every_edit_is_committed_and_logged(db_path: Path) -> None:
    project = Project.open(db_path)
    (doc_id,) = project.documents.add([Document("Iran sells oil to Japan.")]).ids
    set_id = project.sets.open(doc_id, "ann").id
    span_id = project.sets.add_span(set_id, Span(0, 4, "ACTOR"))
    project.sets.update_span(span_id, label="FIGURE", attrs={"value": 1})
    project.sets.set_note(set_id, "check this")
    # A second connection (another process, say) sees it all without any save or close.
    with sqlite3.connect(db_path) as other:
        assert other.execute("SELECT label, attrs FROM spans").fetchall() == [
            ("FIGURE", '{"value":1}')
        ]
        kinds = [r[0] for r in other.execute("SELECT kind FROM events ORDER BY id")]
    assert kinds == ["set.create", "span.add", "span.update", "set.note"]
    project.sets.delete_span(span_id)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        project.db.conn.execute("DELETE FROM events")
    project.close()


def test_span_with_end_before_start_is_refused(project: Project) -> None:
    (doc_id,) = project.documents.add([Document("Text here.")]).ids
    set_id = project.sets.open(doc_id, "ann").id
    with pytest.raises(AnnotatorError, match="end must be after start"):
        project.sets.add_span(set_id, Span(5, 5, "ACTOR"))
    assert project.sets.spans(set_id) == []


def test_stats_counts_sets_by_status(seeded_project: Project) -> None:
    ids = seeded_project.documents.ids()
    seeded_project.documents.replace_predictions([(ids[0], [Span(0, 5, "ACTOR")])], "m", "1")
    done = seeded_project.sets.open(ids[0], "alice")
    seeded_project.sets.set_status(done.id, "done")
    skipped = seeded_project.sets.open(ids[1], "alice")
    seeded_project.sets.set_status(skipped.id, "skipped", reason="duplicate story")
    stats = seeded_project.stats()
    assert stats["documents"] == 5
    assert stats["predictions"] == 1
    assert stats["annotators"]["alice"] == {"todo": 3, "in_progress": 0, "done": 1, "skipped": 1}
    assert seeded_project.sets.find(ids[1], "alice").skip_reason == "duplicate story"


def test_listing_pages_filters_and_row_of(project: Project) -> None:
    from annotator.core.store import ListingFilter

    ids = project.documents.add(
        [Document(f"Document {i} about {'oil' if i % 2 else 'gas'}.") for i in range(10)]
    ).ids
    set_id = project.sets.open(ids[3], "ann").id
    project.sets.add_span(set_id, Span(0, 8, "ACTOR"))
    project.sets.set_status(set_id, "done")
    assert project.listing.count("ann") == 10
    assert [r.id for r in project.listing.page("ann", offset=2, limit=3)] == ids[2:5]
    assert project.listing.row_of("ann", ids[7]) == 7
    oil = ListingFilter(search="oil")
    assert project.listing.count("ann", oil) == 5
    assert project.listing.row_of("ann", ids[7], oil) == 3
    assert project.listing.row_of("ann", ids[2], oil) == -1
    done = ListingFilter(status="done")
    assert [(r.id, r.status, r.spans) for r in project.listing.page("ann", done)] == [
        (ids[3], "done", 1)
    ]
    assert project.listing.count("ann", ListingFilter(status="todo")) == 9
    assert project.listing.count("ann", ListingFilter(label="ACTOR")) == 1
    assert project.listing.next_unfinished("ann", after=ids[2]) == ids[4]
    assert (project.listing.done_count("ann"), project.documents.count()) == (1, 10)


def test_a_write_while_another_program_writes_is_a_clean_error(db_path: Path) -> None:
    project = Project.open(db_path)
    (doc_id,) = project.documents.add([Document("Tokyo and Tehran talk.")]).ids
    set_id = project.sets.open(doc_id, "ann").id
    project.db.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(AnnotatorError, match=r"project\.db: database is locked"):
            project.sets.add_span(set_id, Span(0, 5, "ACTOR"))
        assert not project.db.conn.in_transaction
    finally:
        other.execute("ROLLBACK")
        other.close()
    project.sets.add_span(set_id, Span(0, 5, "ACTOR"))  # works again once the lock is gone
    assert [s.start for s in project.sets.spans(set_id)] == [0]
    project.close()


def test_gold_is_never_seeded_from_predictions(project: Project) -> None:
    from annotator.core.types import GOLD

    (doc_id,) = project.documents.add([Document("Japan buys oil.")]).ids
    project.documents.replace_predictions([(doc_id, [Span(0, 5, "ACTOR")])], "m", "1")
    assert project.sets.open(doc_id, GOLD).spans == []
    assert len(project.sets.open(doc_id, "alice").spans) == 1


def test_human_aliases_read_surfaces_by_code_point(project: Project) -> None:
    text = "🇯🇵 Tokyo and Seko met; the model saw Abe."
    (doc_id,) = project.documents.add([Document(text)]).ids
    start = text.index("Seko")
    project.sets.replace(
        doc_id,
        "ann",
        [
            Span(start, start + 4, "ACTOR", {"canonical": "Hiroshige Seko", "kind": "person"}),
            Span(3, 8, "ACTOR", {"canonical": ""}),
            Span(
                text.index("Abe"),
                text.index("Abe") + 3,
                "ACTOR",
                {"canonical": "Shinzo Abe"},
                origin="model",
            ),
        ],
    )
    assert project.vocabulary.human_aliases() == [("Seko", "Hiroshige Seko", "person")]
