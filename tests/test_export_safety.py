"""Exports under faults: a killed export's ``.part`` is removed by the next,
two exports to one target cannot run at once, and values JSON cannot carry
are refused before anything is written. Real files, the real CLI."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.store import Project
from annotator.core.types import Document, Span
from tests.helpers import run_cli as run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Project.open(path) as p:
        for doc_id in p.documents.add(Document(f"Tokyo said {i} things.") for i in range(50)).ids:
            p.sets.replace(doc_id, "bob", [Span(0, 5, "ACTOR", {"canonical": "Japan"})])
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


KILLED = """
import os, sys
from annotator.cli import main
from annotator.core.formats import export
real = export._reporting
def dying(*args, **kwargs):
    for n, record in enumerate(real(*args, **kwargs)):
        if n == 10:
            os._exit(9)  # as kill -9 would, halfway through writing
        yield record
export._reporting = dying
main(sys.argv[1:])
"""


def test_a_killed_export_leaves_a_part_the_next_export_removes(db, tmp_path, capsys):
    out = tmp_path / "out" / "bob.jsonl"
    out.parent.mkdir()
    args = ["export", "--format", "jsonl", "--annotator", "bob", "--out", str(out)]
    killed = subprocess.run(
        [sys.executable, "-c", KILLED, *args, "--db", str(db)], capture_output=True, text=True
    )
    assert killed.returncode == 9, killed.stderr
    assert any(name.endswith(".part") for name in leftovers(out.parent))
    assert not out.exists()
    code, _, err = run(capsys, *args, "--db", str(db))
    assert code == 0, err
    assert leftovers(out.parent) == []  # the stale .part and the lock file are gone
    assert len(out.read_text().splitlines()) == 50


HOLDER = """
import sys, time
from pathlib import Path
from annotator.core.formats.output import replace_when_done
with replace_when_done(Path(sys.argv[1])) as (staged,):
    staged.write_text("")
    print("holding", flush=True)
    sys.stdin.readline()
"""


def test_a_second_export_to_the_same_target_is_refused(db, tmp_path, capsys):
    out = tmp_path / "bob.jsonl"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.perf_counter()
        code, _, err = run(
            capsys,
            "export",
            "--format",
            "jsonl",
            "--annotator",
            "bob",
            "--out",
            str(out),
            "--db",
            str(db),
        )
        assert time.perf_counter() - started < 5  # refused at once, not after a wait
        assert code == 1
        assert (
            err.strip() == f"error: {out}: another export is writing it now; this one wrote nothing"
        )
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0
    assert out.read_text() == ""  # the holder's file, not a mix of both
    assert leftovers(tmp_path) == []


def test_two_concurrent_spacy_exports_to_one_folder(db, tmp_path, capsys):
    out = tmp_path / "corpus"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HOLDER.replace(
                "replace_when_done(Path(sys.argv[1]))",
                "replace_when_done(*(Path(sys.argv[1]) / n for n in ('train.spacy', 'dev.spacy')))",
            ).replace("(staged,)", "(staged, _)"),
            str(out),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        code, _, err = run(
            capsys,
            "export",
            "--format",
            "spacy",
            "--annotator",
            "bob",
            "--out",
            str(out),
            "--db",
            str(db),
        )
        assert code == 1
        assert f"{out}: another export is writing it now" in err
    finally:
        holder.communicate("\n", timeout=30)


@pytest.mark.parametrize("where", ["attrs", "meta"])
def test_nan_is_refused_by_export_before_writing(tmp_path, capsys, where):
    path = tmp_path / "p.db"
    with Project.open(path) as p:
        meta = {"score": float("nan")} if where == "meta" else {}
        ids = p.documents.add([Document("Fine text."), Document("Tokyo said so.", meta=meta)]).ids
        p.sets.replace(ids[0], "bob", [Span(0, 4, "ACTOR")])
        attrs = {"canonical": "Japan", "confidence": float("inf")} if where == "attrs" else {}
        p.sets.replace(ids[1], "bob", [Span(0, 5, "ACTOR", attrs)])
        span_id = p.sets.find(ids[1], "bob").spans[0].id
    out = tmp_path / "bob.jsonl"
    for fmt in ("jsonl", "doccano", "spacy"):
        target = tmp_path / "corpus" if fmt == "spacy" else out
        code, _, err = run(
            capsys,
            "export",
            "--format",
            fmt,
            "--annotator",
            "bob",
            "--out",
            str(target),
            "--db",
            str(path),
        )
        assert code == 1 and "Traceback" not in err
        if where == "meta":
            assert f"document {ids[1]} meta (NaN)" in err
        else:
            assert f"document {ids[1]} span {span_id} ACTOR 0-5 (Infinity)" in err
        assert err.rstrip().endswith("nothing was exported")
        assert not target.exists()
    assert leftovers(tmp_path) == []
