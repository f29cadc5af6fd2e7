"""The model in the loop: does annotating "most to learn" first beat random order?

A simulated annotator works through a pool of documents whose gold is known,
a batch at a time; after each batch the model is trained again on everything
done so far (``train_project``: spaCy's own training, the base pipeline's
tagger and parser sourced), and scored on a fixed test set. Two orders:

- **random**: the next batch drawn at random from what is left;
- **most to learn**: the trained model pre-annotates the pool
  (``run_preannotation``, rules included) and the next batch is the top of
  ``most_to_learn`` (disagreement with the base pipeline plus rules).

Both start from the same first batch (so their first points should be close).

The gold corpus: the pool is made of documents of 4-8 sentences drawn from
the seed articles and the tuning half of the held-out articles
(tests/fixtures/gold), each sentence with its gold ACTOR, FIGURE and DATE
spans; the test set is the held-out test half as it is, never drawn from.
STANCE is left out: a span categorizer doubles the training time, and
``ner``, which gives no scores, is where disagreement is the only signal.

Prints the learning curve (entity F1 on the test set per documents done)
for both orders as a table, with the load average (2 shared cores).

    PYTHONPATH=. python bench/loop.py [--pool 40] [--batch 8] [--rounds 3] [--steps 100]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import filter_spans

from annotator.core.nlp import load_pipeline, run_preannotation
from annotator.core.nlp.most_to_learn import most_to_learn
from annotator.core.store import Project
from annotator.core.training.trainer import TrainOptions, train_project
from annotator.core.types import GOLD, Document, Span

GOLD_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "gold"
LABELS = ("ACTOR", "FIGURE", "DATE")
Gold = tuple[str, list[Span]]


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _entities(row: dict) -> list[Span]:
    return [
        Span(s["start"], s["end"], s["label"], s.get("attrs") or {})
        for s in row["spans"]
        if s["label"] in LABELS
    ]


def sentences(rows: list[dict]) -> list[Gold]:
    """Each gold sentence with its spans shifted to it; a sentence a span
    crosses out of is dropped, so no gold span is cut."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    out: list[Gold] = []
    for row in rows:
        spans = _entities(row)
        for sent in nlp(row["text"]).sents:
            start, end = sent.start_char, sent.end_char
            inside = [s for s in spans if start <= s.start and s.end <= end]
            if any(s.start < end and start < s.end for s in spans if s not in inside):
                continue
            shifted = [Span(s.start - start, s.end - start, s.label, s.attrs) for s in inside]
            out.append((sent.text, shifted))
    return out


def generated(pool: list[Gold], n: int, rng: random.Random) -> list[Gold]:
    """``n`` documents of 4-8 sentences drawn from ``pool``, spans carried along."""
    docs: list[Gold] = []
    for _ in range(n):
        text, spans = "", []
        for sentence, found in rng.sample(pool, rng.randint(4, 8)):
            if text:
                text += " "
            spans += [Span(s.start + len(text), s.end + len(text), s.label) for s in found]
            text += sentence
        docs.append((text, spans))
    return docs


def test_examples(nlp: spacy.language.Language, test: list[Gold]) -> list[Example]:
    examples = []
    for text, spans in test:
        reference = nlp.make_doc(text)
        made = [
            reference.char_span(s.start, s.end, s.label, alignment_mode="expand") for s in spans
        ]
        reference.ents = filter_spans([m for m in made if m is not None])
        examples.append(Example(nlp.make_doc(text), reference))
    return examples


def test_f1(path: Path, test: list[Gold]) -> float:
    nlp = spacy.load(path)
    scores = nlp.evaluate(test_examples(nlp, test))
    return float(scores["ents_f"] or 0.0)


def annotate(project: Project, gold: dict[int, list[Span]], batch: list[int]) -> None:
    """The simulated annotator: each document of the batch done as its gold says."""
    for doc_id in batch:
        spans = [Span(s.start, s.end, s.label, s.attrs, origin="human") for s in gold[doc_id]]
        project.sets.replace(doc_id, GOLD, spans, status="done")


def curve(
    path: Path,
    pool: list[Gold],
    test: list[Gold],
    first: list[int],
    args: argparse.Namespace,
    learn: bool,
) -> list[tuple[int, float]]:
    """One learning curve: (documents done, test F1) after each round."""
    rng = random.Random(args.seed + 1)
    points: list[tuple[int, float]] = []
    with Project.open(path) as project:
        ids = project.documents.add(Document(t) for t, _ in pool).ids
        gold = {i: spans for i, (_, spans) in zip(ids, pool, strict=True)}
        if learn:
            run_preannotation(project, pipeline=load_pipeline(None, project.scheme()))
        done: list[int] = []
        batch = [ids[i] for i in first]
        for round_no in range(args.rounds):
            annotate(project, gold, batch)
            done += batch
            options = TrainOptions(
                max_steps=args.steps, seed=args.seed, out=path.parent / f"{path.stem}-{round_no}"
            )
            result = train_project(project, options)
            points.append((len(done), test_f1(result.path, test)))
            left = [i for i in ids if i not in set(done)]
            if learn:
                run_preannotation(
                    project, pipeline=load_pipeline(str(result.path), project.scheme())
                )
                project.models.use(result.model_id)
                batch = most_to_learn(project, left).ids[: args.batch]
            else:
                batch = rng.sample(left, min(args.batch, len(left)))
    return points


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pool", type=int, default=40, help="generated documents to choose from")
    ap.add_argument("--batch", type=int, default=8, help="documents annotated per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=100, help="training steps per round")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    rows = _rows(GOLD_DIR / "seeds.jsonl") + _rows(GOLD_DIR / "heldout" / "heldout.jsonl")
    test_rows = [r for r in rows if r.get("meta", {}).get("split") == "test"]
    source = sentences([r for r in rows if r not in test_rows])
    test = [(r["text"], _entities(r)) for r in test_rows]
    rng = random.Random(args.seed)
    pool = generated(source, args.pool, rng)
    first = rng.sample(range(len(pool)), args.batch)
    print(
        f"pool {len(pool)} documents from {len(source)} gold sentences; test {len(test)}"
        f" held-out articles; {args.batch} per round, {args.rounds} rounds, {args.steps} steps"
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, learn in (("most to learn", True), ("random", False)):
            load = os.getloadavg()[0]
            started = time.perf_counter()
            results[name] = curve(Path(tmp) / f"{name[0]}.db", pool, test, first, args, learn)
            took = time.perf_counter() - started
            print(f"  {name}: {took:.0f} s (load average {load:.1f} at start)")
    print("documents done   random F1   most-to-learn F1")
    for (n, f_random), (_, f_learn) in zip(
        results["random"], results["most to learn"], strict=True
    ):
        print(f"{n:>14}   {f_random:>9.3f}   {f_learn:>16.3f}")


if __name__ == "__main__":
    main()
