"""The project file whole on its own: checkpoints on close, ``annotator
backup``, ``merge`` of a copy with a pending ``-wal``, and merge refusing
labels of the same name that carry other span keys or attributes."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.core.store import Project
from annotator.core.types import Document, Span
from tests.helpers import run_cli

TEXT = "Japan imports oil from Iran."
LATE = "Tokyo said on Friday it would keep buying."


def documents_in_file_alone(path: Path) -> list[str]:
    """The texts ``path`` holds by itself, as a copy without its ``-wal`` would."""
    alone = path.with_name(f"alone-{path.name}")
    shutil.copyfile(path, alone)
    conn = sqlite3.connect(f"{alone.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT text FROM documents ORDER BY id")]
    finally:
        conn.close()
        alone.unlink()


def wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def test_closing_the_last_connection_leaves_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.documents.add([Document(TEXT)])
        assert wal(path).exists()
    assert not wal(path).exists() or wal(path).stat().st_size == 0
    assert documents_in_file_alone(path) == [TEXT]


def test_closing_beside_another_connection_checkpoints_passively(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    window = Project.open(path)  # stays open, as the window would
    try:
        command = Project.open(path)
        command.documents.add([Document(TEXT), Document(LATE)])
        window.db.conn.execute("BEGIN")  # the window is reading as the command closes
        assert window.documents.count() == 2
        command.close()
        window.db.conn.execute("COMMIT")
        assert wal(path).stat().st_size > 0  # in use: not truncated...
        assert documents_in_file_alone(path) == [TEXT, LATE]  # ...but copied into the file
        window.documents.add([Document("A third text.")])
        busy, frames, done = window.checkpoint("PASSIVE")
        assert busy == 0 and frames == done > 0
    finally:
        window.close()
    assert wal(path).stat().st_size == 0 if wal(path).exists() else True


def test_backup_copies_what_is_still_in_the_wal(tmp_path: Path, capsys) -> None:
    path = tmp_path / "p.db"
    dest = tmp_path / "copy.db"
    window = Project.open(path)
    try:
        window.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
        window.documents.add([Document(TEXT)])
        (doc_id,) = window.documents.ids()
        window.sets.replace(doc_id, "alice", [Span(0, 5, "ACTOR", {})])
        assert documents_in_file_alone(path) == []  # a plain copy would lack the edits
        code, out, err = run_cli(capsys, "backup", str(dest), "--db", str(path))
        size = dest.stat().st_size
        assert (code, out, err) == (
            0,
            f"wrote {dest}: 1 document, 1 annotation set, {size:,} bytes, a complete "
            f"copy of {path}\n",
            "",
        )
        code, _, err = run_cli(capsys, "backup", str(dest), "--db", str(path))
        assert (code, err) == (
            1,
            f"error: {dest}: already exists; nothing was written (--force replaces it)\n",
        )
        window.documents.add([Document(LATE)])
        code, out, _ = run_cli(capsys, "backup", str(dest), "--db", str(path), "--force")
        assert code == 0 and out.startswith(f"replaced {dest}: 2 documents, 1 annotation set, ")
    finally:
        window.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(("copy", ".copy"))] == [
        "copy.db"
    ]
    with Project.open(dest) as copy:
        assert [d.text for d in copy.documents.stream(copy.documents.ids())] == [TEXT, LATE]


def test_backup_refuses_a_destination_that_has_a_wal_beside_it(tmp_path: Path, capsys) -> None:
    path = tmp_path / "p.db"
    Project.open(path).close()
    dest = tmp_path / "old.db"
    dest.write_bytes(b"x")
    wal(dest).write_bytes(b"y")
    code, _, err = run_cli(capsys, "backup", str(dest), "--db", str(path), "--force")
    assert (code, err) == (
        1,
        f"error: {dest}: has a old.db-wal beside it, so it may be open; close it or choose "
        "another name; nothing was written\n",
    )
    assert dest.read_bytes() == b"x"


KILLED_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("INSERT INTO documents (text, hash, created_at) VALUES (?, 'late-hash', 'now')",
             (sys.argv[2],))
conn.commit()
os.kill(os.getpid(), 9)
"""


def test_merge_reads_a_copied_file_with_its_pending_wal(tmp_path: Path, capsys) -> None:
    """A laptop's project copied with its ``-wal`` while the writer is gone
    (killed, no checkpoint): the late commit is in the WAL only, and merge
    takes it along."""
    laptop = tmp_path / "laptop" / "alice.db"
    laptop.parent.mkdir()
    with Project.open(laptop) as p:
        p.documents.add([Document(TEXT)])
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(laptop), LATE])
    assert killed.returncode == -9
    assert wal(laptop).stat().st_size > 0
    assert documents_in_file_alone(laptop) == [TEXT]
    copied = tmp_path / "copied.db"
    shutil.copyfile(laptop, copied)
    shutil.copyfile(wal(laptop), wal(copied))

    lead = tmp_path / "lead.db"
    Project.open(lead).close()
    code, out, err = run_cli(capsys, "merge", str(copied), "--db", str(lead), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["documents_added"] == 2
    with Project.open(lead) as p:
        assert sorted(d.text for d in p.documents.stream(p.documents.ids())) == sorted([TEXT, LATE])


def test_merge_refuses_a_file_it_cannot_read_with_its_wal(tmp_path: Path, capsys) -> None:
    """Never merged without its ``-wal``: when SQLite cannot open the pair
    (here the ``-wal`` is a folder), the file is refused."""
    other = tmp_path / "other.db"
    with Project.open(other) as p:
        p.documents.add([Document(TEXT)])
    wal(other).mkdir()
    lead = tmp_path / "lead.db"
    Project.open(lead).close()
    before = lead.read_bytes()
    code, _, err = run_cli(capsys, "merge", str(other), "--db", str(lead))
    assert (code, err) == (
        1,
        f"error: {other}: cannot be read together with the other.db-wal beside it (unable to "
        "open database file); nothing was changed. Copy both files to a folder you can "
        "write, or copy the project with `annotator backup`\n",
    )
    assert lead.read_bytes() == before


def _with_scheme(path: Path, edit) -> Path:
    with Project.open(path) as p:
        data = p.scheme().model_dump()
        edit({label["name"]: label for label in data["labels"]})
        from annotator.core.scheme import Scheme

        p.set_scheme(Scheme.model_validate(data))
        (doc_id,) = p.documents.add([Document(TEXT)]).ids
        p.sets.replace(doc_id, "alice", [Span(0, 5, "ACTOR", {})], status="done")
    return path


def test_merge_refuses_labels_that_differ_unless_forced(tmp_path: Path, capsys) -> None:
    lead = _with_scheme(tmp_path / "lead.db", lambda labels: None)

    def differ(labels: dict) -> None:
        labels["ACTOR"]["attributes"][0]["values"] = ["state", "person"]
        labels["STANCE"]["span_key"] = "sc"
        labels["DATE"]["attributes"].append({"name": "era", "type": "text", "values": []})
        labels["FIGURE"]["color"] = "#000000"  # presentation: never a difference

    other = _with_scheme(tmp_path / "other.db", differ)
    listed = (
        "ACTOR.kind values ['state', 'person', 'organization', 'company', 'media', 'other'] "
        "here, ['state', 'person'] there; DATE.era there only; STANCE span_key 'stance' here, "
        "'sc' there"
    )
    before = lead.read_bytes()
    code, _, err = run_cli(capsys, "merge", str(other), "--db", str(lead))
    assert (code, err) == (
        1,
        f"error: {other}: its scheme gives labels of the same name other span keys or "
        f"attributes: {listed}; nothing was changed (--force merges anyway, keeping this "
        "project's scheme)\n",
    )
    assert lead.read_bytes() == before

    code, out, err = run_cli(capsys, "merge", str(other), "--db", str(lead), "--force", "--json")
    warning = (
        f"{other}: merged with --force although its scheme differs: {listed}; this project's "
        "scheme was kept"
    )
    assert (code, err) == (0, f"warning: {warning}\n")
    assert json.loads(out)["warnings"] == [warning]
    with Project.open(lead) as p:
        assert p.scheme().label("STANCE").span_key == "stance"


def test_merge_of_a_file_open_elsewhere_takes_its_wal_along(tmp_path: Path, capsys) -> None:
    """The source still open in its window, edits only in its ``-wal``; the
    files copied as they are while it stays open."""
    source = tmp_path / "alice.db"
    window = Project.open(source)
    try:
        window.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
        window.documents.add([Document(TEXT), Document(LATE)])
        assert documents_in_file_alone(source) == []
        copied = tmp_path / "copy" / "alice.db"
        copied.parent.mkdir()
        shutil.copyfile(source, copied)
        shutil.copyfile(wal(source), wal(copied))
        lead = tmp_path / "lead.db"
        Project.open(lead).close()
        for other in (source, copied):
            code, out, err = run_cli(capsys, "merge", str(other), "--db", str(lead), "--dry-run")
            assert (code, err) == (0, "")
            assert out.startswith("documents  2 added, 0 already present\n")
    finally:
        window.close()
