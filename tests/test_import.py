"""`annotator import`: every format, every bad input, dedup, exact text.

Driven through the real CLI entry point in a subprocess-free way (``main``
with argv) and, for the exit code contract, through a real subprocess.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.store import Project

from .conftest import SEEDS


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def texts(db: Path) -> list[str]:
    with Project.open(db) as project:
        return [d.text for d in project.documents.stream()]


def file_digest(db: Path) -> str:
    """Content of the project as a digest (the file itself may be checkpointed)."""
    with Project.open(db) as project:
        rows = project.db.conn.execute("SELECT hash, title FROM documents ORDER BY id").fetchall()
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def test_seeds_import_exactly_and_only_once(db_path: Path) -> None:
    first = run("import", SEEDS, "--db", db_path)
    assert first.returncode == 0, first.stderr
    assert "imported 5 new documents" in first.stdout
    stored = sorted(texts(db_path))
    originals = sorted(p.read_bytes().decode("utf-8-sig") for p in SEEDS.glob("*.txt"))
    assert stored == originals  # byte-exact: curly quotes, non-breaking spaces kept
    assert any("\u00a0" in t for t in stored) and any("\u2019" in t for t in stored)
    second = run("import", SEEDS, "--db", db_path)
    assert second.returncode == 0
    assert "imported 0 new documents" in second.stdout
    assert "5 already in the project" in second.stdout
    assert len(texts(db_path)) == 5


def test_txt_keeps_whitespace_and_drops_bom(tmp_path: Path, db_path: Path) -> None:
    raw = "  Line one\u00a0with nbsp,\r\n\tline\u2009two \u201cquoted\u201d\n\n\n"
    path = tmp_path / "article.txt"
    path.write_bytes(b"\xef\xbb\xbf" + raw.encode("utf-8"))
    assert run("import", path, "--db", db_path).returncode == 0
    with Project.open(db_path) as project:
        (doc,) = list(project.documents.stream())
    assert doc.text == raw
    assert doc.title == "Line one\u00a0with nbsp,"  # the first line, not the file name
    assert doc.source == str(path)


def test_jsonl_fields(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [
        {
            "text": "Tehran welcomed it.",
            "title": "T1",
            "published": "2019-05-03",
            "source": "wire",
            "meta": {"lang": "en"},
        },
        {"text": "Japan 🇯🇵 buys oil.", "published": "2019-04"},
    ]
    path.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8"
    )
    assert run("import", path, "--db", db_path).returncode == 0
    with Project.open(db_path) as project:
        first, second = list(project.documents.stream())
    assert (first.title, first.published, first.source, first.meta) == (
        "T1",
        "2019-05-03",
        "wire",
        {"lang": "en"},
    )
    assert second.text == "Japan 🇯🇵 buys oil."
    assert second.title == "Japan 🇯🇵 buys oil."  # no title: its first line
    assert second.published == "2019-04"  # reduced precision is ISO 8601 too


def test_csv_with_text_column(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text(
        'id,title,text\n7,First,"Iran, said ""no"".\nSecond line."\n8,,Other\n', encoding="utf-8"
    )
    assert run("import", path, "--db", db_path).returncode == 0
    with Project.open(db_path) as project:
        first, second = list(project.documents.stream())
    assert first.text == 'Iran, said "no".\nSecond line.'
    assert first.meta == {"id": "7"}
    assert second.title == "Other"


def test_folders_are_read_recursively(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "corpus" / "sub" / "b.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / "corpus" / "notes.md").write_text("ignored", encoding="utf-8")
    assert run("import", tmp_path / "corpus", "--db", db_path).returncode == 0
    assert sorted(texts(db_path)) == ["One.", "Two."]
    with Project.open(db_path) as project:  # named from the folder imported, not absolutely
        found = {d.text: (d.title, d.source) for d in project.documents.stream()}
    assert found == {"One.": ("One.", "corpus/a.txt"), "Two.": ("Two.", "corpus/sub/b.txt")}


def test_a_long_first_line_gives_its_first_words_as_title() -> None:
    from annotator.core.ingest.titles import derive_title

    paragraph = "Japan said on Friday that it would keep buying oil from Iran " * 3
    assert derive_title(paragraph) == "Japan said on Friday that it would keep buying oil…"
    assert derive_title("\n\n  Oil prices rise\nJapan said so.") == "Oil prices rise"


BAD = [
    ("latin1.txt", "Caf\xe9 au lait".encode("latin-1"), r"latin1\.txt:1: not UTF-8"),
    ("blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", r"blob\.txt: binary file"),
    ("empty.txt", b"", r"empty\.txt: empty file"),
    ("bad.jsonl", b'{"text": "fine"}\n{"text": "broken"\n', r"bad\.jsonl:2: malformed JSON"),
    ("notext.jsonl", b'{"text": "fine"}\n{"title": "x"}\n', r"notext\.jsonl:2: no 'text' field"),
    ("nocol.csv", b"title,body\nA,B\n", r"nocol\.csv:1: no 'text' column"),
    (
        "date.jsonl",
        b'{"text": "x", "published": "last May"}\n',
        r"date\.jsonl:1: published 'last May'",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_and_project_unchanged(
    tmp_path: Path, db_path: Path, name: str, content: bytes, message: str
) -> None:
    assert run("import", SEEDS, "--db", db_path).returncode == 0
    before = file_digest(db_path)
    good = tmp_path / "good.txt"
    good.write_text("A good document that must not be added either.", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run("import", good, bad, "--db", db_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert re.search(message, lines[0]), lines[0]
    assert file_digest(db_path) == before


def test_missing_path(db_path: Path, tmp_path: Path) -> None:
    result = run("import", tmp_path / "nowhere.txt", "--db", db_path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nowhere.txt'}: no such file or folder"


def test_stats_json_and_version(db_path: Path) -> None:
    run("import", SEEDS, "--db", db_path)
    result = run("stats", "--db", db_path, "--json")
    stats = json.loads(result.stdout)
    assert stats["documents"] == 5 and stats["predictions"] == 0
    assert stats["annotators"] == {}
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("annotator ")


def test_db_defaults_to_environment_variable(tmp_path: Path) -> None:
    target = tmp_path / "from-env.db"
    env_run = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(SEEDS)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "ANNOTATOR_DB": str(target)},
    )
    assert env_run.returncode == 0, env_run.stderr
    assert len(texts(target)) == 5


def test_an_unwritable_output_is_one_line(tmp_path: Path, db_path: Path) -> None:
    from annotator.core.types import Document, Span

    with Project.open(db_path) as project:
        (doc_id,) = project.documents.add([Document("Japan buys oil.")]).ids
        project.sets.replace(doc_id, "alice", [Span(0, 5, "ACTOR")], status="done")
    blocker = tmp_path / "a.txt"
    blocker.write_text("x", encoding="utf-8")
    result = run(
        "export",
        "--annotator",
        "alice",
        "--format",
        "jsonl",
        "--out",
        blocker / "out.jsonl",
        "--db",
        db_path,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {blocker}: File exists"
