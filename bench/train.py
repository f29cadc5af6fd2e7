"""Training and suggesting with a trained model: how long, and how fast.

- Training time: ``train_project`` on D documents (default 200) of done gold
  for S steps (default 200). The gold is what the base pipeline with our rules
  proposes for the documents (bench/preannotate.py's corpus: 4-8 seed-article
  sentences each), made human and done, so the figures are about spaCy's
  training on realistic spans, not about the quality of the labels.
- Suggesting: ``run_preannotation`` with the trained model on N documents
  (default 1,000) against bare ``nlp.pipe`` of that same model directory
  (``spacy.load(path)``: all its components), same texts, same run. The goal
  is ours / bare >= 0.9, as for the base pipeline. Wall time is the figure;
  CPU time of this process is printed beside it, since on a shared machine
  other jobs stretch wall time unevenly between the two.

Model loading and importing are not timed. Run on a quiet machine; the load
average is printed with the figures. On a shared one, ``--repeat N`` times
bare and ours alternately N times (a fresh project file each time) and
prints each pair and the ratio of the sums, since one pair's ratio moves by
+-5% with the other jobs. ``--model DIR`` skips training and
suggests with a model this script (or ``annotator train``) made before, so a
change to pre-annotation is measured before and after on the same model.

    PYTHONPATH=. python bench/train.py [--docs 200] [--steps 200] [--suggest 1000] [--model DIR]
        [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import spacy

from annotator.core.nlp import load_pipeline, run_preannotation
from annotator.core.nlp.pipeline import Pipeline
from annotator.core.store import Project
from annotator.core.training.trainer import TrainOptions, train_project
from annotator.core.types import GOLD, Document
from bench.preannotate import corpus, timed_pipe


def gold_project(path: Path, texts: list[str]) -> Project:
    """A project whose gold sets are the base pipeline's suggestions, marked done."""
    project = Project.open(path)
    project.documents.add(Document(text=t) for t in texts)
    run_preannotation(project, pipeline=load_pipeline())
    for doc_id in project.documents.ids():
        spans = [
            s.__class__(s.start, s.end, s.label, s.attrs, origin="human")
            for s in project.documents.predictions(doc_id)
        ]
        project.sets.replace(doc_id, GOLD, spans, status="done")
    return project


def train(path: Path, texts: list[str], steps: int) -> Path:
    """Train on ``texts`` made gold; print the time and held-out scores; the model's folder."""
    project = gold_project(path, texts)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    result = train_project(project, TrainOptions(max_steps=steps))
    t_train = time.perf_counter() - started
    project.close()
    print(
        f"training: {len(texts)} documents ({result.trained_on['documents']} train,"
        f" {result.trained_on['held_out']} held out), {steps} steps:"
        f" {t_train:.1f} s (load average {load:.1f} at start, {os.getloadavg()[0]:.1f} at end)"
    )
    print(f"  held-out: {result.scores.get('overall')}")
    return result.path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--suggest", type=int, default=1000)
    ap.add_argument("--model", type=Path, help="suggest with this trained model; no training")
    ap.add_argument(
        "--repeat", type=int, default=1, help="bare and ours alternately, this many times each"
    )
    args = ap.parse_args()

    texts = corpus(args.docs + args.suggest, seed=1)
    train_texts, suggest_texts = texts[: args.docs], texts[args.docs :]
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = args.model or train(Path(tmp) / "train.db", train_texts, args.steps)
        bare = spacy.load(model_dir)
        ours = load_pipeline(str(model_dir))
        for nlp in (bare, ours.nlp):
            list(nlp.pipe(suggest_texts[:50]))
        sums = [0.0, 0.0, 0.0, 0.0]  # bare wall, bare CPU, ours wall, ours CPU
        for run in range(1, args.repeat + 1):
            times = compare(bare, ours, suggest_texts, Path(tmp) / f"suggest{run}.db", run, args)
            sums = [total + value for total, value in zip(sums, times, strict=True)]
        if args.repeat > 1:
            print(
                f"all {args.repeat} runs: ratio of the summed times {sums[0] / sums[2]:.3f} wall,"
                f" {sums[1] / sums[3]:.3f} CPU"
            )


def compare(
    bare: spacy.language.Language,
    ours: Pipeline,
    texts: list[str],
    path: Path,
    run: int,
    args: argparse.Namespace,
) -> tuple[float, float, float, float]:
    """Bare ``nlp.pipe`` then ``run_preannotation`` on a fresh project: print both and
    their ratios; (bare wall, bare CPU, ours wall, ours CPU)."""
    n = len(texts)
    with Project.open(path) as target:
        target.documents.add(Document(text=t) for t in texts)
        load = os.getloadavg()[0]
        cpu = time.process_time()
        t_bare = timed_pipe(bare, texts, 64, 1)
        cpu_bare, cpu = time.process_time() - cpu, time.process_time()
        started = time.perf_counter()
        summary = run_preannotation(target, pipeline=ours)
        t_ours = time.perf_counter() - started
        cpu_ours = time.process_time() - cpu
    print(
        f"suggesting with {ours.id}: {n} documents, run {run} of {args.repeat}"
        f" (load average {load:.1f} at start, {os.getloadavg()[0]:.1f} at end)"
    )
    for label, wall, cpu in (
        ("bare nlp.pipe of the model dir", t_bare, cpu_bare),
        ("ours: preannotate incl. writes", t_ours, cpu_ours),
    ):
        print(f"  {label}  {wall:7.2f} s  {n / wall:7.1f} docs/s  (CPU {cpu:7.2f} s)")
    print(f"  ratio ours / bare: {t_bare / t_ours:.3f}  (goal >= 0.9); {summary.spans} spans")
    print(f"  CPU-time ratio (other jobs on the machine count less): {cpu_bare / cpu_ours:.3f}")
    return t_bare, cpu_bare, t_ours, cpu_ours


if __name__ == "__main__":
    main()
