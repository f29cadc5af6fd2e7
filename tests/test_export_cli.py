"""``annotator export`` on real project files: sources, done-only, the split,
the JSONL keys a Prodigy user (and the pre-annotation work) relies on."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import srsly
from spacy.tokens import DocBin

from annotator.core.store import Project
from annotator.core.tokens import blank_english
from annotator.core.types import GOLD, Document, Span
from tests.helpers import run_cli as run

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    f"Japan imported {n} barrels per day from Iran in May, Tokyo said on Friday." for n in range(12)
]


def spans_for(text: str) -> list[Span]:
    japan = text.index("Japan")
    n = text.index("imported") + len("imported ")
    return [
        Span(japan, japan + 5, "ACTOR", {"kind": "state", "canonical": "Japan"}),
        Span(n, text.index(" from"), "FIGURE", {"unit": "bpd"}),
        Span(text.index("May"), text.index("May") + 3, "DATE", {"kind": "date"}),
    ]


@pytest.fixture
def filled(db_path: Path) -> Path:
    """12 documents: gold done on 10, in progress on 1; alice done on 3; predictions on 2."""
    with Project.open(db_path) as project:
        ids = project.documents.add(Document(t, title=f"d{i}") for i, t in enumerate(TEXTS)).ids
        for doc_id, text in zip(ids[:11], TEXTS, strict=False):
            project.sets.replace(doc_id, GOLD, spans_for(text), "done")
        project.sets.set_status(project.sets.find(ids[10], GOLD).id, "in_progress")
        for doc_id, text in zip(ids[:3], TEXTS, strict=False):
            project.sets.replace(doc_id, "alice", spans_for(text)[:1], "done")
        project.documents.replace_predictions(
            [(ids[0], spans_for(TEXTS[0])), (ids[1], [])], "en_core_web_sm", "3.8.0"
        )
    return db_path


def test_spacy_export_done_gold_split_and_reproducible(filled, tmp_path, capsys):
    code, out, _ = run(
        capsys, "export", "--format", "spacy", "--out", str(tmp_path / "a"), "--db", str(filled)
    )
    assert code == 0
    assert "exported 10 documents, 30 spans (8 train, 2 dev)" in out
    run(capsys, "export", "-f", "spacy", "-o", str(tmp_path / "b"), "--db", str(filled))
    run(
        capsys,
        "export",
        "-f",
        "spacy",
        "-o",
        str(tmp_path / "c"),
        "--db",
        str(filled),
        "--seed",
        "7",
    )
    for name in ("train.spacy", "dev.spacy"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "dev.spacy").read_bytes() != (
        tmp_path / "c" / "dev.spacy"
    ).read_bytes()
    nlp = blank_english()
    train = list(DocBin().from_disk(tmp_path / "a" / "train.spacy").get_docs(nlp.vocab))
    assert len(train) == 8 and [e.label_ for e in train[0].ents] == ["ACTOR", "FIGURE", "DATE"]


def test_split_is_byte_identical_across_processes(filled, tmp_path):
    """Python's str hashing differs per process; the files must not."""
    outs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"p{hash_seed}"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "annotator",
                "export",
                "--format",
                "spacy",
                "--out",
                str(out),
                "--db",
                str(filled),
                "--split",
                "0.5",
                "--seed",
                "11",
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        outs.append(out)
    for name in ("train.spacy", "dev.spacy"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()


def test_include_unfinished_and_annotator_source(filled, tmp_path, capsys):
    out = tmp_path / "all.jsonl"
    run(
        capsys, "export", "-f", "jsonl", "-o", str(out), "--db", str(filled), "--include-unfinished"
    )
    tasks = list(srsly.read_jsonl(out))
    assert len(tasks) == 11
    assert [t["answer"] for t in tasks].count("ignore") == 1
    assert {t["_status"] for t in tasks} == {"done", "in_progress"}
    run(
        capsys,
        "export",
        "-f",
        "doccano",
        "-o",
        str(out),
        "--db",
        str(filled),
        "--annotator",
        "alice",
    )
    lines = list(srsly.read_jsonl(out))
    assert len(lines) == 3 and all(len(x["entities"]) == 1 for x in lines)  # relation shape


def test_jsonl_has_every_prodigy_key(filled, tmp_path, capsys):
    out = tmp_path / "gold.jsonl"
    code, _, _ = run(capsys, "export", "--format", "jsonl", "--out", str(out), "--db", str(filled))
    assert code == 0
    tasks = list(srsly.read_jsonl(out))
    assert len(tasks) == 10
    for task in tasks:
        for key in (
            "text",
            "meta",
            "tokens",
            "spans",
            "relations",
            "answer",
            "_annotator_id",
            "_input_hash",
            "_task_hash",
        ):
            assert key in task, key
        assert isinstance(task["_input_hash"], int) and isinstance(task["_task_hash"], int)
        assert task["answer"] == "accept" and task["_annotator_id"] == GOLD
        assert task["meta"]["title"].startswith("d")
        for tok in task["tokens"]:
            assert set(tok) == {"text", "start", "end", "id", "ws"}
            assert task["text"][tok["start"] : tok["end"]] == tok["text"]
        for span in task["spans"]:
            assert set(span) == {"start", "end", "token_start", "token_end", "label", "attrs"}
            first, last = task["tokens"][span["token_start"]], task["tokens"][span["token_end"]]
            assert (first["start"], last["end"]) == (span["start"], span["end"])
    assert tasks[0]["spans"][0]["attrs"] == {"kind": "state", "canonical": "Japan"}
    assert len({t["_task_hash"] for t in tasks}) == 10


def test_predictions_export_as_jsonl(filled, tmp_path, capsys):
    """The pre-annotation work compares model output to gold through this."""
    out = tmp_path / "pred.jsonl"
    code, stdout, _ = run(
        capsys,
        "export",
        "--predictions",
        "--format",
        "jsonl",
        "--out",
        str(out),
        "--db",
        str(filled),
    )
    assert code == 0, stdout
    tasks = list(srsly.read_jsonl(out))
    assert [len(t["spans"]) for t in tasks] == [3, 0]
    first = tasks[0]
    assert first["text"] == TEXTS[0] and first["_annotator_id"] == "en_core_web_sm"
    assert {"text", "meta", "tokens", "spans"} <= set(first)
    assert {"start", "end", "token_start", "token_end", "label", "attrs"} == set(first["spans"][1])
    assert first["spans"][1]["attrs"] == {"unit": "bpd"}


def test_empty_gold_fails_and_suggests_annotator(db_path, tmp_path, capsys):
    with Project.open(db_path) as project:
        (doc_id,) = project.documents.add([Document(TEXTS[0])]).ids
        project.sets.replace(doc_id, "alice", spans_for(TEXTS[0]), "done")
    code, _, err = run(
        capsys, "export", "-f", "spacy", "-o", str(tmp_path / "o"), "--db", str(db_path)
    )
    assert code == 1
    assert "gold set is empty" in err and "--annotator NAME" in err and "alice" in err
    assert not (tmp_path / "o").exists()


def test_unfinished_only_fails_and_suggests_include_unfinished(db_path, tmp_path, capsys):
    with Project.open(db_path) as project:
        (doc_id,) = project.documents.add([Document(TEXTS[0])]).ids
        project.sets.replace(doc_id, "bob", [], "in_progress")
    code, _, err = run(
        capsys,
        "export",
        "-f",
        "jsonl",
        "-o",
        str(tmp_path / "o.jsonl"),
        "--db",
        str(db_path),
        "--annotator",
        "bob",
    )
    assert code == 1 and "--include-unfinished" in err


def test_sources_are_exclusive_and_out_kinds_checked(filled, tmp_path, capsys):
    code, _, err = run(
        capsys,
        "export",
        "-f",
        "jsonl",
        "-o",
        str(tmp_path / "x.jsonl"),
        "--db",
        str(filled),
        "--gold",
        "--predictions",
    )
    assert code == 1 and "choose one source" in err
    (tmp_path / "file").write_text("x")
    code, _, err = run(
        capsys, "export", "-f", "spacy", "-o", str(tmp_path / "file"), "--db", str(filled)
    )
    assert code == 1 and "writes a directory" in err


@pytest.mark.parametrize("fmt", ["spacy", "jsonl", "conll"])
def test_cancelled_export_writes_nothing_and_reports(filled, tmp_path, fmt):
    from annotator.core.formats.export import ExportCancelled, export_project

    out = tmp_path / ("out" if fmt == "spacy" else "out.txt")
    seen: list[tuple[int, int]] = []
    with Project.open(filled) as project:
        with pytest.raises(ExportCancelled):
            export_project(
                project,
                fmt,
                out,
                progress=lambda d, t: seen.append((d, t)),
                should_stop=lambda: len(seen) >= 1,
            )
        assert not out.exists() and not list(tmp_path.glob("out*"))
        seen.clear()
        summary = export_project(project, fmt, out, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 10) and seen[-1] == (10, 10)
    assert summary.documents == 10 and out.exists()


def stderr_of_export(filled: Path, out: Path, terminal: bool) -> bytes:
    """The export command's stderr, on a 100-column terminal or piped."""
    args = [sys.executable, "-m", "annotator", "export", "-f", "spacy", "-o", str(out)]
    args += ["--db", str(filled)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not terminal:
        return subprocess.run(args, env=env, capture_output=True, check=True).stderr
    pty, fcntl, termios = (pytest.importorskip(m) for m in ("pty", "fcntl", "termios"))
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # rows, columns
    child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    assert child.wait() == 0
    return data


def test_export_draws_a_bar_on_a_terminal_and_nothing_when_piped(filled, tmp_path):
    assert stderr_of_export(filled, tmp_path / "piped", terminal=False) == b""
    drawn = stderr_of_export(filled, tmp_path / "tty", terminal=True)
    assert b"export: 100%" in drawn and b"10/10" in drawn
