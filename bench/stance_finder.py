"""Which sentences hold a STANCE: the rules against a learned sentence categorizer.

A measurement, not a feature: on unseen copy most STANCE misses are clauses
the rules never propose (bench/quality.py's ``stances`` line), so this asks
whether a categorizer trained on the annotated sentences finds them better.
The unit is a sentence (the base pipeline's parse) with at least one ACTOR
pre-annotation suggests; it holds a stance when a gold STANCE overlaps it.
The rules "find" a sentence when a suggested STANCE overlaps it; the learned
finder is an exclusive ``textcat`` (``stance`` / ``none``, the same generated
config and loop ``annotator train`` gives the polarity categorizer) over the
sentence with every suggested ACTOR read as ``ACTOR``, so names are not what
it learns. Also printed: a sentence either one finds ("or"), and one both
find ("and").

By default a k-fold cross-validation over the training documents (seeds,
tuning halves; folds by document). ``--test`` trains on all of
them and reports each test half and their pool; only figures are printed.

    PYTHONPATH=. python bench/stance_finder.py [--folds 5] [--max-steps 1000] [--seed 0] [--test]
"""

from __future__ import annotations

import argparse
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from annotator.core.nlp import Preannotator, load_pipeline
from annotator.core.training.polarity import answers, fit_polarity
from annotator.core.training.progress import Listener
from bench.polarity import BASE, TEST_SETS, TRAIN_SETS, folds, gold_tasks

VALUES = ["stance", "none"]


@dataclass(frozen=True)
class Sentence:
    document: str  # the gold task's source, the unit of a fold
    text: str  # the sentence, ACTOR suggestions read as ACTOR
    gold: bool  # a gold STANCE overlaps it
    rules: bool  # a suggested STANCE overlaps it


def sentences(tasks: list[dict], pre: Preannotator) -> list[Sentence]:
    """Every sentence of ``tasks`` that holds an ACTOR suggestion."""
    found = pre.suggest([(t["text"], t.get("published")) for t in tasks])
    docs = pre.pipeline.nlp.pipe([t["text"] for t in tasks])
    out = []
    for task, suggested, doc in zip(tasks, found, docs, strict=True):
        text = task["text"]
        actors = sorted((s.start, s.end) for s in suggested.spans if s.label == "ACTOR")
        gold = [(s["start"], s["end"]) for s in task["spans"] if s["label"] == "STANCE"]
        ours = [(s.start, s.end) for s in suggested.spans if s.label == "STANCE"]
        for sent in doc.sents:
            lo, hi = sent.start_char, sent.end_char
            inside = [(s, e) for s, e in actors if lo <= s and e <= hi]
            if not inside:
                continue
            parts, i = [], lo
            for s, e in inside:
                parts += [text[i:s], " ACTOR "]
                i = e
            parts.append(text[i:hi])
            out.append(
                Sentence(
                    task["meta"]["source"],
                    re.sub(r"\s+", " ", "".join(parts)).strip(),
                    any(s < hi and lo < e for s, e in gold),
                    any(s < hi and lo < e for s, e in ours),
                )
            )
    return out


def fit(train: list[Sentence], work: Path, max_steps: int, seed: int):
    data = ([s.text for s in train], [VALUES[0] if s.gold else VALUES[1] for s in train])
    quiet = Listener(lambda _: None, lambda: False, max_steps)
    return fit_polarity(VALUES, data, data, work, max_steps, seed, lambda _: None, quiet)


def found_by(nlp, units: list[Sentence]) -> list[bool]:
    return [a == VALUES[0] for a in answers(nlp, [u.text for u in units], VALUES)]


def line(name: str, said: list[bool], units: list[Sentence]) -> str:
    right = sum(s and u.gold for s, u in zip(said, units, strict=True))
    n_said, n_gold = sum(said), sum(u.gold for u in units)
    p = right / n_said if n_said else 0.0
    r = right / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"  {name:7} P {p:.3f} R {r:.3f} F1 {f:.3f} ({right} right of {n_said}, {n_gold} gold)"


def report(title: str, units: list[Sentence], learned: list[bool]) -> None:
    rules = [u.rules for u in units]
    print(f"== {title}: {len(units)} sentences with an actor, {sum(u.gold for u in units)} stance")
    print(line("rules", rules, units))
    print(line("learned", learned, units))
    print(line("or", [a or b for a, b in zip(rules, learned, strict=True)], units))
    print(line("and", [a and b for a, b in zip(rules, learned, strict=True)], units))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--max-steps", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--base", default=BASE)
    ap.add_argument("--test", action="store_true", help="train on all, report the test halves")
    args = ap.parse_args()
    tasks = gold_tasks()
    pre = Preannotator(load_pipeline(args.base))
    train = [u for name in TRAIN_SETS for u in sentences(tasks[name], pre)]
    with tempfile.TemporaryDirectory(prefix="bench-finder-") as tmp:
        if not args.test:
            said: dict[int, bool] = {}
            keys = sorted({u.document for u in train})
            for i, fold in enumerate(folds(keys, args.folds, args.seed)):
                inside = [u for u in train if u.document not in fold]
                held = [j for j, u in enumerate(train) if u.document in fold]
                nlp = fit(inside, Path(tmp) / f"fold-{i}", args.max_steps, args.seed)
                said.update(zip(held, found_by(nlp, [train[j] for j in held]), strict=True))
            title = f"{args.folds}-fold CV over the {len(keys)} training documents"
            report(title, train, [said[j] for j in range(len(train))])
            return
        nlp = fit(train, Path(tmp) / "all", args.max_steps, args.seed)
        pooled: list[Sentence] = []
        for name in TEST_SETS:
            units = sentences(tasks[name], pre)
            report(name, units, found_by(nlp, units))
            pooled += units
        report(" + ".join(TEST_SETS), pooled, found_by(nlp, pooled))


if __name__ == "__main__":
    main()
