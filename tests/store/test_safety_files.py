"""Foreign, damaged, old and read-only files, through the real CLI on real
SQLite files: what each command says, its exit code, and that a refused file
is byte-identical afterwards with no ``-wal``/``-shm``/``-journal`` beside it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.resources import migrations_dir
from annotator.core.store import Project, database
from annotator.core.types import Document, Span
from annotator.core.words import count
from tests.conftest import SEEDS
from tests.helpers import run_cli

SIDECARS = ("-wal", "-shm", "-journal")
TEXT = "Japan imports oil from Iran."


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[str]:
    return [s for s in SIDECARS if path.with_name(path.name + s).exists()]


def make_project(path: Path) -> Path:
    with Project.open(path) as project:
        (doc_id,) = project.documents.add([Document(TEXT)]).ids
        project.sets.replace(doc_id, "alice", [Span(0, 5, "ACTOR", {})], status="done")
        project.sets.replace(doc_id, "bob", [Span(0, 5, "ACTOR", {})], status="done")
    return path


def corrupt_a_table_page(path: Path, table: str = "documents") -> None:
    """Overwrite bytes inside the root page of ``table`` (never the header page)."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    assert root > 1 and not sidecars(path)
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff" * 64)


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    """Another program's file: user_version 1 and its own settings table."""
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO settings VALUES ('theme', 'dark')")
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def scheme_file(tmp_path: Path) -> Path:
    path = tmp_path / "scheme.json"
    with Project.open(tmp_path / "for-scheme.db") as project:
        path.write_text(project.scheme().to_json(), encoding="utf-8")
    return path


def commands(target: Path, tmp_path: Path, scheme_file: Path, project: Path) -> list[list[str]]:
    db = ["--db", str(target)]
    out = str(tmp_path / "out.jsonl")
    return [
        ["stats", *db],
        ["stats", "--json", *db],
        ["import", str(SEEDS), *db],
        ["export", "--format", "jsonl", "--out", out, "--annotator", "alice", *db],
        ["agreement", *db],
        ["merge", str(project), *db],
        ["merge", str(target), "--db", str(project)],
        ["preannotate", "--model", "rules", *db],
        ["gui", "--screenshot", str(tmp_path / "shot.png"), *db],
        ["scheme", "show", *db],
        ["scheme", "set", str(scheme_file), *db],
        ["check", *db],
        ["backup", str(tmp_path / "copy.db"), *db],
    ]


def test_a_foreign_file_is_refused_by_every_command_and_left_byte_identical(
    foreign: Path, tmp_path: Path, scheme_file: Path, capsys
) -> None:
    project = make_project(tmp_path / "project.db")
    before = digest(foreign)
    line = (
        f"error: {foreign}: not an annotator project file (an SQLite file without "
        "annotator's application id, tables: settings); not changed\n"
    )
    for args in commands(foreign, tmp_path, scheme_file, project):
        code, _, err = run_cli(capsys, *args)
        assert (code, err) == (1, line), args
        assert digest(foreign) == before, args
        assert sidecars(foreign) == [], args
    assert not (tmp_path / "copy.db").exists()
    assert not (tmp_path / "out.jsonl").exists()


def test_a_wal_mode_file_of_another_program_is_refused_without_traces(
    tmp_path: Path, capsys
) -> None:
    path = tmp_path / "app.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA application_id = 305419896")
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = digest(path)
    for args in (["stats"], ["import", str(SEEDS)], ["check"]):
        code, _, err = run_cli(capsys, *args, "--db", str(path))
        assert (code, err) == (
            1,
            f"error: {path}: not an annotator project file (another program's SQLite file, "
            "application id 0x12345678); not changed\n",
        )
        assert digest(path) == before
        assert sidecars(path) == []


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"plain text, not a database\n" * 20)
    code, _, err = run_cli(capsys, "import", str(SEEDS), "--db", str(path))
    assert (code, err) == (
        1,
        f"error: {path}: not an annotator project file (not an SQLite file)\n",
    )
    assert path.read_bytes() == b"plain text, not a database\n" * 20


def test_a_new_project_carries_the_application_id(tmp_path: Path) -> None:
    path = make_project(tmp_path / "new.db")
    assert int.from_bytes(path.read_bytes()[68:72], "big") == database.APPLICATION_ID


def test_a_version_1_project_is_backed_up_migrated_and_keeps_every_span(tmp_path: Path) -> None:
    only_first = tmp_path / "migrations"
    only_first.mkdir()
    shutil.copy(migrations_dir() / "0001_initial.sql", only_first)
    path = tmp_path / "old.db"
    with Project.open(path, migrations=only_first) as old:
        ids = old.documents.add([Document(TEXT), Document("Tokyo said so.")]).ids
        assert old.schema_version == 1
    with sqlite3.connect(path) as conn:  # sets as that release's SQL wrote them
        conn.executemany(
            "INSERT INTO annotators (id, name, created_at) VALUES (?, ?, '')",
            [(1, "alice"), (2, "bob")],
        )
        for i, doc_id in enumerate(ids):
            for annotator, end in ((1, 5), (2, 5 - i)):
                set_id = conn.execute(
                    "INSERT INTO annotation_sets (document_id, annotator_id, status,"
                    " created_at, updated_at) VALUES (?, ?, 'done', '', '')",
                    (doc_id, annotator),
                ).lastrowid
                conn.execute(
                    "INSERT INTO spans (set_id, start_char, end_char, label, created_at,"
                    " updated_at) VALUES (?, 0, ?, 'ACTOR', '', '')",
                    (set_id, end),
                )
    assert int.from_bytes(path.read_bytes()[68:72], "big") == 0

    with Project.open(path) as project:
        assert project.schema_version == len(database.available_migrations())
        assert project.backup is not None and project.backup.name.startswith("old.db.v1-")
        spans = [s for item in project.sets.select(with_spans=True) for s in item.spans]
        assert len(spans) == 4
    assert int.from_bytes(path.read_bytes()[68:72], "big") == database.APPLICATION_ID
    backup = sqlite3.connect(project.backup)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert backup.execute("SELECT count(*) FROM spans").fetchone()[0] == 4
    backup.close()


def test_a_damaged_project_is_refused_for_writing_and_check_says_so(
    tmp_path: Path, scheme_file: Path, capsys
) -> None:
    path = make_project(tmp_path / "project.db")
    corrupt_a_table_page(path)
    before = digest(path)
    # quick_check names the documents table's root page; or, depending on what
    # SQLite has cached when it starts, it stops at one "malformed" error: the
    # finding each command quotes is the one its own check returned
    finding = r"(On tree page \d+ cell 0: [^;]*|database disk image is malformed)"
    refusal = re.compile(
        rf"error: {re.escape(str(path))}: the project file is damaged \({finding}\); "
        rf"nothing was written\. Run `annotator check --db {re.escape(str(path))}` for the "
        r"details; there is no backup beside it \(annotator backup makes one\)\n"
    )
    for args in (
        ["import", str(SEEDS)],
        ["preannotate", "--model", "rules"],
        ["scheme", "set", str(scheme_file)],
        ["merge", str(make_project(tmp_path / "other.db"))],
    ):
        code, _, err = run_cli(capsys, *args, "--db", str(path))
        assert code == 1 and refusal.fullmatch(err), (args, err)
        assert digest(path) == before, args
    assert sidecars(path) == []

    code, out, err = run_cli(capsys, "check", "--db", str(path))
    assert code == 1
    assert out.startswith(("integrity_check: On tree page 4 cell 0: ", "integrity_check: database"))
    problems = len(out.splitlines())
    assert err == (
        f"error: {path}: damaged, {count(problems, 'problem')} listed above;"
        " there is no backup "
        "beside it\n"
    )
    # reading still works where SQLite can read: the annotation tables are sound
    # and says first that it only reads a damaged file
    warned = re.compile("warning: reading only: " + refusal.pattern[len("error: ") :])
    code, out, err = run_cli(capsys, "scheme", "show", "--db", str(path))
    assert code == 0 and json.loads(out)["name"] == "sanctions-news"
    assert warned.fullmatch(err), err
    code, out, err = run_cli(capsys, "agreement", "--db", str(path), "--json")
    assert code == 0 and json.loads(out)["annotators"] == ["alice", "bob"]
    assert warned.fullmatch(err), err
    assert digest(path) == before and sidecars(path) == []

    with pytest.raises(AnnotatorError, match="damaged"):
        Project.open(path, read_only=False)
    with Project.open(path) as project:
        assert project.read_only
        assert refusal.fullmatch(f"error: {project.write_refusal}\n")


def test_a_damaged_project_names_its_most_recent_backup(tmp_path: Path, capsys) -> None:
    path = make_project(tmp_path / "project.db")
    backup = str(tmp_path / "project.db.monday.bak")
    assert run_cli(capsys, "backup", backup, "--db", str(path))[0] == 0
    corrupt_a_table_page(path)
    code, _, err = run_cli(capsys, "import", str(SEEDS), "--db", str(path))
    assert code == 1
    assert err.endswith(f"; the most recent backup is {tmp_path / 'project.db.monday.bak'}\n")
    code, out, err = run_cli(capsys, "check", "--db", str(path))
    assert (code, err) == (
        1,
        f"error: {path}: damaged, {count(len(out.splitlines()), 'problem')} listed above; the most "
        f"recent backup is {tmp_path / 'project.db.monday.bak'}\n",
    )


def test_check_passes_a_sound_project(tmp_path: Path, capsys) -> None:
    path = make_project(tmp_path / "project.db")
    code, out, err = run_cli(capsys, "check", "--db", str(path))
    assert (code, out, err) == (
        0,
        f"{path}: ok (integrity_check and foreign_key_check found nothing)\n",
        "",
    )


READ_COMMANDS = (
    ["stats"],
    ["export", "--format", "jsonl", "--out", "OUT", "--annotator", "alice"],
    ["agreement"],
    ["scheme", "show"],
    ["check"],
)


def _read_only_round(path: Path, tmp_path: Path, scheme_file: Path, capsys) -> None:
    """Reading commands work and say first that they only read; writing ones are refused."""
    refusal = f"{path} is read-only; nothing was changed"
    before = digest(path)
    for args in READ_COMMANDS:
        args = [str(tmp_path / "out.jsonl") if a == "OUT" else a for a in args]
        code, _, err = run_cli(capsys, *args, "--db", str(path))
        said = "" if args == ["check"] else f"warning: reading only: {refusal}\n"
        assert (code, err) == (0, said), args
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    for args in (
        ["import", str(SEEDS)],
        ["preannotate", "--model", "rules"],
        ["scheme", "set", str(scheme_file)],
        ["merge", str(make_project(tmp_path / "other.db"))],
    ):
        code, _, err = run_cli(capsys, *args, "--db", str(path))
        assert (code, err) == (1, f"error: {path} is read-only; nothing was changed\n"), args
    assert digest(path) == before
    assert sidecars(path) == []


def test_an_unwritable_project_opens_read_only(
    tmp_path: Path, scheme_file: Path, capsys, monkeypatch
) -> None:
    """What ``os.access`` reports for an unwritable file (a chmod 444 file or
    a read-only folder for a normal user; a read-only file system for root)
    is what decides. As root, ``os.access`` says yes to a chmod 444 file (and
    SQLite could write it), so this test makes ``is_writable`` answer as it
    does for a normal user; the connection is then really read-only
    (``immutable``), not a flag: reading commands work, writing ones are
    refused in one line, the file is byte-identical and nothing is created
    beside it. ``test_chmod_444_as_a_normal_user`` covers the same without
    the stand-in where the tests do not run as root."""
    path = make_project(tmp_path / "project.db")
    path.chmod(0o444)
    real = database.is_writable
    monkeypatch.setattr(database, "is_writable", lambda p: False if p == path else real(p))
    _read_only_round(path, tmp_path, scheme_file, capsys)
    with Project.open(path) as project:
        assert project.read_only
        assert project.checkpoint("TRUNCATE") == (0, -1, -1)
        with pytest.raises(AnnotatorError, match=r"is read-only; nothing was changed"):
            project.documents.add([Document("New text.")])


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes chmod 444 files: see the test above")
def test_chmod_444_as_a_normal_user(tmp_path: Path, scheme_file: Path, capsys) -> None:
    """A real chmod 444 file, then a real read-only folder."""
    path = make_project(tmp_path / "project.db")
    path.chmod(0o444)
    _read_only_round(path, tmp_path, scheme_file, capsys)
    path.chmod(0o644)
    folder = tmp_path / "ro"
    folder.mkdir()
    inside = make_project(folder / "project.db")
    folder.chmod(0o555)
    try:
        code, _, err = run_cli(capsys, "import", str(SEEDS), "--db", str(inside))
        assert (code, err) == (1, f"error: {inside} is read-only; nothing was changed\n")
        code, _, err = run_cli(capsys, "stats", "--db", str(inside))
        assert (code, err) == (0, "")
    finally:
        folder.chmod(0o755)


def test_opened_read_only_refuses_every_write_with_one_line(tmp_path: Path) -> None:
    """``read_only=True`` on a writable file: every write raises, nothing changes."""
    path = make_project(tmp_path / "project.db")
    before = digest(path)
    with Project.open(path, read_only=True) as project:
        assert project.read_only
        assert project.documents.count() == 1
        message = f"{path} was opened read-only; nothing was changed"
        for write in (
            lambda: project.documents.add([Document("More.")]),
            lambda: project.set_setting("x", 1),
            lambda: project.sets.replace(1, "carol", []),
            lambda: project.log_event("x", {}),
        ):
            with pytest.raises(AnnotatorError) as info:
                write()
            assert str(info.value) == message
    assert digest(path) == before
    assert sidecars(path) == []


def test_a_read_only_project_that_needs_an_upgrade_says_so(tmp_path: Path, monkeypatch) -> None:
    only_first = tmp_path / "migrations"
    only_first.mkdir()
    shutil.copy(migrations_dir() / "0001_initial.sql", only_first)
    path = tmp_path / "old.db"
    Project.open(path, migrations=only_first).close()
    before = digest(path)
    monkeypatch.setattr(database, "is_writable", lambda p: False)
    latest = len(database.available_migrations())
    with pytest.raises(AnnotatorError) as info:
        Project.open(path)
    assert str(info.value) == (
        f"{path}: needs an upgrade from schema version 1 to {latest}, which writes to it, and it "
        f"cannot be written now: {path} is read-only; nothing was changed"
    )
    assert digest(path) == before
