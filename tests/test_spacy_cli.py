"""The real consumer: spaCy's own ``debug data`` and ``train`` on our export.

The seeds come from the hand-made gold fixture (tests/fixtures/gold/) when it
is present, else from our rule-made fixture of the same five articles
(tests/fixtures/export/seeds_gold.jsonl). Five documents are fewer than the
100 ``debug data`` demands of a new pipeline (a fixed rule of spaCy, about the
amount of data, not its form), so on the seeds we assert that this is its only
failure; a 150-document export must pass ``debug data`` outright.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from annotator.core.formats.categories import CategoryLabels
from annotator.core.formats.docbin import write_docbin
from annotator.core.formats.records import ExportRecord, split_keys
from annotator.core.scheme import default_scheme
from annotator.core.types import Document, Span

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "ANSI_COLORS_DISABLED": "1", "NO_COLOR": "1"}


def seeds_fixture() -> Path:
    gold = sorted((FIXTURES / "gold").glob("*.jsonl")) if (FIXTURES / "gold").is_dir() else []
    return gold[0] if gold else FIXTURES / "export" / "seeds_gold.jsonl"


def cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *map(str, args)],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """The seeds imported and exported by the real CLI, and a spaCy config."""
    work = tmp_path_factory.mktemp("spacy_cli")
    db = work / "seeds.db"
    fixture = seeds_fixture()
    n_docs = sum(1 for line in fixture.read_text(encoding="utf-8").splitlines() if line.strip())
    done = cli("-m", "annotator", "import", fixture, "--annotator", "gold", "--db", db, cwd=work)
    assert done.returncode == 0, done.stderr
    done = cli(
        "-m",
        "annotator",
        "export",
        "--format",
        "spacy",
        "--out",
        work / "corpus",
        "--db",
        db,
        "--include-unfinished",
        cwd=work,
    )
    assert done.returncode == 0, done.stderr
    assert f"exported {n_docs} documents" in done.stdout
    done = cli(
        "-m", "spacy", "init", "config", "-l", "en", "-p", "ner,spancat", "cfg.cfg", cwd=work
    )
    assert done.returncode == 0, done.stderr
    assert 'spans_key = "sc"' in (work / "cfg.cfg").read_text()
    return work


def debug_data(work: Path, corpus: Path) -> subprocess.CompletedProcess:
    return cli(
        "-m",
        "spacy",
        "debug",
        "data",
        "cfg.cfg",
        "--paths.train",
        corpus / "train.spacy",
        "--paths.dev",
        corpus / "dev.spacy",
        cwd=work,
    )


def test_debug_data_on_the_seed_export(workdir):
    done = debug_data(workdir, workdir / "corpus")
    out = done.stdout
    assert "Pipeline can be initialized with data" in out
    assert "Corpus is loadable" in out
    assert "No entities consisting of or starting/ending with whitespace" in out
    assert "spans_key 'sc'" in out and "ACTOR" in out and "STANCE" in out
    failures = [line for line in out.splitlines() if line.startswith("✘")]
    assert [f.split("(")[0].strip() for f in failures[:-1]] == [
        "✘ Low number of examples to train a new pipeline"
    ], out
    assert failures[-1] == "✘ 1 error"


def synthetic_records(n: int) -> list[ExportRecord]:
    actors = ["Japan", "Iran", "Washington", "Tehran", "Shinzo Abe", "JETRO", "Hiroshige Seko"]
    figures = ["1.7 million barrels per day", "11 percent", "$2 billion", "300,000 bpd"]
    dates = ["May 2", "Friday", "March", "October last year", "2015"]
    records = []
    for i in range(n):
        a, f, d = actors[i % 7], figures[i % 4], dates[i % 5]
        b = actors[(i + 3) % 7]
        text = f"{a} said on {d} that imports of {f} from {b} would continue (report {i})."
        spans = [
            Span(0, len(a), "ACTOR"),
            Span(text.index(d), text.index(d) + len(d), "DATE"),
            Span(text.index(f), text.index(f) + len(f), "FIGURE"),
            Span(text.index(f" {b} ") + 1, text.index(f" {b} ") + 1 + len(b), "ACTOR"),
            Span(0, text.index(" (report"), "STANCE", {"polarity": "support"}),
        ]
        records.append(ExportRecord(Document(text), spans, "gold"))
    return records


def test_debug_data_passes_on_a_larger_export(workdir):
    records = synthetic_records(150)
    train = split_keys([r.key for r in records], 0.8, seed=0)
    summary = write_docbin(records, workdir / "big", default_scheme(), lambda r: r.key in train)
    assert (summary.train, summary.dev, summary.expanded) == (120, 30, 0)
    done = debug_data(workdir, workdir / "big")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✘" not in done.stdout


def test_debug_data_and_train_read_directories_of_shards(workdir):
    """A large export's parts are directories of DocBin files; spaCy reads them."""
    records = synthetic_records(150)
    train = split_keys([r.key for r in records], 0.8, seed=0)
    out = workdir / "sharded"
    write_docbin(records, out, default_scheme(), lambda r: r.key in train, shard_docs=25)
    assert len(list((out / "train.spacy").iterdir())) == 5
    assert len(list((out / "dev.spacy").iterdir())) == 2
    done = debug_data(workdir, out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✘" not in done.stdout and "120 training docs" in done.stdout, done.stdout
    done = cli(
        "-m",
        "spacy",
        "train",
        "cfg.cfg",
        "--output",
        "sharded_model",
        "--paths.train",
        out / "train.spacy",
        "--paths.dev",
        out / "dev.spacy",
        "--training.max_steps",
        "10",
        "--training.eval_frequency",
        "5",
        cwd=workdir,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (workdir / "sharded_model" / "model-last").is_dir()


def test_spacy_train_runs_on_the_seed_export(workdir):
    done = cli(
        "-m",
        "spacy",
        "train",
        "cfg.cfg",
        "--output",
        "model",
        "--paths.train",
        workdir / "corpus" / "train.spacy",
        "--paths.dev",
        workdir / "corpus" / "dev.spacy",
        "--training.max_steps",
        "20",
        "--training.eval_frequency",
        "10",
        cwd=workdir,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    nlp = spacy.load(workdir / "model" / "model-last")
    assert set(nlp.get_pipe("ner").labels) == {"ACTOR", "FIGURE", "DATE"}
    assert set(nlp.get_pipe("spancat").labels) == {"ACTOR", "FIGURE", "DATE", "STANCE"}


def test_step_5_preannotates_with_the_trained_model_and_keeps_its_labels(workdir):
    """README "Training spaCy on an export", step 5: the pipeline `spacy train`
    wrote suggests with its own labels, stored under its id."""
    model = workdir / "model" / "model-best"
    if not model.is_dir():  # step 4 runs in the test above; run it when this one runs alone
        test_spacy_train_runs_on_the_seed_export(workdir)
    db = workdir / "seeds.db"
    done = cli(
        "-m", "annotator", "preannotate", "--model", model, "--force", "--db", db, cwd=workdir
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "labels from the model: ACTOR, DATE, FIGURE, STANCE" in done.stdout
    model_id = done.stdout.split(" as ", 1)[1].split(" ", 1)[0]
    assert model_id.startswith("en_pipeline-0.0.0-")
    listed = cli("-m", "annotator", "models", "--db", db, "--json", cwd=workdir)
    kinds = {m["id"]: (m["kind"], m["documents"]) for m in json.loads(listed.stdout)["models"]}
    assert kinds[model_id] == ("pipeline", 5)


def categorised_records(n: int) -> list[ExportRecord]:
    """Synthetic records with both one-choice categories of the default scheme answered."""
    genres = ["report", "interview", "opinion", "brief"]
    records = synthetic_records(n)
    for i, record in enumerate(records):
        relevance = "relevant" if i % 3 else "not relevant"
        record.categories = {"relevance": [relevance], "genre": [genres[i % 4]]}
    return records


def train_categories(work: Path, pipe: str) -> subprocess.CompletedProcess:
    """``spacy train`` of a one-component ``pipe`` on a categorised DocBin export, 4 steps."""
    records = categorised_records(40)
    train = split_keys([r.key for r in records], 0.8, seed=0)
    summary = write_docbin(records, work / "corpus", default_scheme(), lambda r: r.key in train)
    assert summary.categorised == 40
    done = cli("-m", "spacy", "init", "config", "-l", "en", "-p", pipe, "cats.cfg", cwd=work)
    assert done.returncode == 0, done.stderr
    return cli(
        "-m", "spacy", "train", "cats.cfg", "--output", "cats_model",
        "--paths.train", work / "corpus" / "train.spacy",
        "--paths.dev", work / "corpus" / "dev.spacy",
        "--training.max_steps", "4", "--training.eval_frequency", "2", cwd=work,
    )  # fmt: skip


def test_exported_categories_train_textcat_multilabel(tmp_path):
    """doc.cats of an export (each answered category one-hot over its values) is what
    spaCy's textcat_multilabel trains on: it learns every value as a label."""
    done = train_categories(tmp_path, "textcat_multilabel")
    assert done.returncode == 0, done.stdout + done.stderr
    nlp = spacy.load(tmp_path / "cats_model" / "model-last")
    labels = set(nlp.get_pipe("textcat_multilabel").labels)
    every_value = CategoryLabels(default_scheme()).cats(categorised_records(1)[0].categories)
    assert labels == set(every_value) and len(labels) == 6, labels
    cats = nlp("Japan said on Friday that imports would continue.").cats
    assert set(cats) == labels and all(0.0 <= v <= 1.0 for v in cats.values())


def test_exclusive_textcat_refuses_two_answered_categories_with_E895(tmp_path):
    """Two one-choice categories answered give two positive labels per document, which
    the exclusive textcat refuses (README: train textcat_multilabel, or one category)."""
    done = train_categories(tmp_path, "textcat")
    assert done.returncode != 0
    assert "E895" in done.stdout + done.stderr
