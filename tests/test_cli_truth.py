"""The command line tells the truth: what a message says is what was done,
every count it prints matches what it wrote, and it reads right in the
singular ("1 document") and plural; a refusal names the options that
would work."""

from __future__ import annotations

from pathlib import Path

import pytest
import srsly
from spacy.tokens import DocBin

from annotator.core.store import Project
from annotator.core.tokens import blank_english
from annotator.core.types import GOLD, Document, Span
from tests.helpers import run_cli as run

TEXTS = [f"Japan bought {n} barrels from Iran in May, Tokyo said." for n in range(3)]


def spans_for(text: str) -> list[Span]:
    return [
        Span(0, 5, "ACTOR", {"kind": "state"}),
        Span(text.index("Iran"), text.index("Iran") + 4, "ACTOR", {"kind": "state"}),
        Span(text.index("May"), text.index("May") + 3, "DATE", {"kind": "date"}),
    ]


def make(path: Path, texts: list[str], sets: dict[str, str]) -> Path:
    """A project with ``texts``; each named annotator's set of every document
    in the given status."""
    with Project.open(path) as project:
        ids = project.documents.add(Document(t, title=f"d{i}") for i, t in enumerate(texts)).ids
        for name, status in sets.items():
            for doc_id, text in zip(ids, texts, strict=True):
                project.sets.replace(doc_id, name, spans_for(text), status)
    return path


def test_export_of_unfinished_gold_names_who_has_done_sets_and_the_options(tmp_path, capsys):
    db = make(tmp_path / "p.db", TEXTS[:1], {GOLD: "in_progress", "alice": "done"})
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "export", "-f", "jsonl", "-o", str(out), "--db", str(db))
    assert code == 1 and not out.exists()
    assert err.strip() == (
        f"error: {db}: none of gold's 1 set is done; pass --annotator NAME to export an"
        " annotator's done sets (alice: 1 done set) or --include-unfinished to export it"
        " as it stands"
    )
    # each option it names does what it says
    code, said, _ = run(
        capsys, "export", "-f", "jsonl", "-o", str(out), "--db", str(db), "--annotator", "alice"
    )
    assert code == 0 and said.startswith("exported 1 document, 3 spans;")
    code, said, _ = run(
        capsys, "export", "-f", "jsonl", "-o", str(out), "--db", str(db), "--include-unfinished"
    )
    assert code == 0 and said.startswith("exported 1 document, 3 spans;")


def test_export_with_nobody_done_says_to_include_unfinished(tmp_path, capsys):
    db = make(tmp_path / "p.db", TEXTS[:2], {"alice": "in_progress"})
    out = str(tmp_path / "o.jsonl")
    code, _, err = run(capsys, "export", "-f", "jsonl", "-o", out, "--db", str(db))
    assert code == 1
    assert err.strip() == (
        f"error: {db}: the gold set is empty; pass --annotator NAME --include-unfinished"
        " (no annotator has a done set; annotators: alice)"
    )
    code, _, err = run(
        capsys, "export", "-f", "jsonl", "-o", out, "--db", str(db), "--annotator", "alice"
    )
    assert code == 1
    assert err.strip() == (
        f"error: {db}: none of alice's 2 sets is done; pass --include-unfinished to export"
        " them as they stand"
    )


@pytest.mark.parametrize("n", [1, 3])
def test_jsonl_export_counts_what_it_wrote(tmp_path, capsys, n):
    db = make(tmp_path / "p.db", TEXTS[:n], {GOLD: "done"})
    out = tmp_path / "out.jsonl"
    code, said, _ = run(capsys, "export", "-f", "jsonl", "-o", str(out), "--db", str(db))
    assert code == 0
    lines = list(srsly.read_jsonl(out))
    spans = sum(len(line["spans"]) for line in lines)
    documents = f"{len(lines)} document" + ("s" if len(lines) != 1 else "")
    assert said.startswith(f"exported {documents}, {spans} spans;")
    assert len(lines) == n


def test_split_of_one_document_warns_that_dev_is_empty(tmp_path, capsys):
    db = make(tmp_path / "p.db", TEXTS[:1], {GOLD: "done"})
    out = tmp_path / "corpus"
    code, said, _ = run(
        capsys, "export", "-f", "spacy", "-o", str(out), "--split", "0.8", "--db", str(db)
    )
    assert code == 0
    vocab = blank_english().vocab
    train = list(DocBin().from_disk(out / "train.spacy").get_docs(vocab))
    dev = list(DocBin().from_disk(out / "dev.spacy").get_docs(vocab))
    assert (len(train), len(dev)) == (1, 0)
    assert said.startswith("exported 1 document, 3 spans (1 train, 0 dev);")
    assert (
        "warning: dev.spacy holds no document (the split of 1 document put every one in"
        " train.spacy); `spacy train` needs documents in both"
    ) in said


def test_split_of_three_counts_train_and_dev_as_written(tmp_path, capsys):
    db = make(tmp_path / "p.db", TEXTS, {GOLD: "done"})
    out = tmp_path / "corpus"
    code, said, _ = run(capsys, "export", "-f", "spacy", "-o", str(out), "--db", str(db))
    assert code == 0
    vocab = blank_english().vocab
    train = len(list(DocBin().from_disk(out / "train.spacy").get_docs(vocab)))
    dev = len(list(DocBin().from_disk(out / "dev.spacy").get_docs(vocab)))
    assert said.startswith(f"exported 3 documents, 9 spans ({train} train, {dev} dev);")
    assert train + dev == 3 and dev > 0 and "warning" not in said


def test_merge_dry_run_says_what_would_change_and_that_nothing_was_written(tmp_path, capsys):
    lead = make(tmp_path / "lead.db", TEXTS[:1], {})
    other = make(tmp_path / "alice.db", TEXTS[:2], {"alice": "done"})
    code, said, _ = run(capsys, "merge", str(other), "--db", str(lead), "--dry-run")
    assert code == 0
    lines = said.strip().splitlines()
    assert "documents  1 added, 1 already present" in lines
    assert "annotators 1 added (alice)" in lines
    assert lines[-1] == "dry run: the changes above would be made; nothing was written"
    assert "no changes would be written" not in said
    with Project.open(lead) as project:
        assert project.documents.count() == 1 and project.sets.select() == []
    run(capsys, "merge", str(other), "--db", str(lead))
    code, said, _ = run(capsys, "merge", str(other), "--db", str(lead), "--dry-run")
    assert said.strip().splitlines()[-1] == (
        "dry run: nothing would change: the project already has everything"
    )
    assert "annotators 0 added (none)" in said
