"""Whether a change to the rules left every suggestion as it was.

Speed work on the rules (actors, figures, dates, mentions, stance, polarity)
must not change a single result, and the tests pin only chosen sentences.
This dumps everything pre-annotation proposes (spans with their attributes,
HOLDER/TARGET relations, categories, most-to-learn scores) for a fixed corpus
through three pipelines: the base model (``load_pipeline()``), the rule-only
pipeline, and, with ``--model DIR``, a trained one. Save the dump before a
change, check against it after:

    PYTHONPATH=. python bench/same_suggestions.py --model DIR --save /tmp/before.jsonl
    PYTHONPATH=. python bench/same_suggestions.py --model DIR --check /tmp/before.jsonl

``--check`` prints how many documents differ and the first difference, and
exits 1 if any does. The corpus (default 400 documents): the seed gold
fixture's and the held-out gold's texts with their publication dates, the
seed articles, and documents of 4-8 sentences drawn from both (the
publication dates rotate through a day, a month, a year and none, so every
date resolution path is taken).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from annotator.core.nlp import load_pipeline
from annotator.core.nlp.own_labels import ModelPreannotator
from annotator.core.resources import seeds_dir

GOLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "gold"
PUBLISHED = ("2019-04-12", "2023-06", "2024", None)
_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[A-Z“\"])")


def _fixture_docs() -> list[tuple[str, str | None]]:
    docs = []
    for path in (GOLD / "seeds.jsonl", GOLD / "heldout" / "heldout.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                docs.append((row["text"], row.get("published")))
    return docs


def corpus(n: int, seed: int = 14) -> list[tuple[str, str | None]]:
    """(text, published) pairs: the fixtures' and seeds' texts, then generated ones."""
    docs = _fixture_docs()
    docs += [(p.read_text(encoding="utf-8"), None) for p in sorted(seeds_dir().glob("*.txt"))]
    sentences = [
        s for text, _ in docs for s in _SENTENCE.split(" ".join(text.split())) if len(s) > 20
    ]
    rng = random.Random(seed)
    seen = {text for text, _ in docs}
    while len(docs) < n:
        text = " ".join(rng.sample(sentences, rng.randint(4, 8)))
        if text not in seen:
            seen.add(text)
            docs.append((text, PUBLISHED[len(docs) % len(PUBLISHED)]))
    return docs


def dump(model: str | None, docs: list[tuple[str, str | None]]) -> Iterator[str]:
    """One JSON line per document: everything the pipeline suggests for it."""
    pipeline = load_pipeline(model)
    annotator = ModelPreannotator(pipeline)
    for i, found in enumerate(annotator.suggest(docs)):
        yield json.dumps(
            {
                "pipeline": model or "base",
                "doc": i,
                "spans": [[s.start, s.end, s.label, s.attrs, s.origin] for s in found.spans],
                "relations": [[r.head, r.child, r.label, r.origin] for r in found.relations],
                "categories": found.categories,
                "scores": found.scores,
            },
            sort_keys=True,
            ensure_ascii=False,
        )


def lines(model: Path | None, n: int) -> list[str]:
    docs = corpus(n)
    out: list[str] = []
    for name in (None, "rules", *([str(model)] if model else [])):
        out += dump(name, docs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, help="a trained model's folder, dumped too")
    ap.add_argument("--docs", type=int, default=400)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the dump here")
    group.add_argument("--check", type=Path, help="compare with a dump saved before")
    args = ap.parse_args()
    now = lines(args.model, args.docs)
    if args.save:
        args.save.write_text("\n".join(now) + "\n", encoding="utf-8")
        print(f"saved {len(now)} documents' suggestions to {args.save}")
        return
    before = args.check.read_text(encoding="utf-8").splitlines()
    differ = [i for i, (a, b) in enumerate(zip(before, now, strict=False)) if a != b]
    if len(before) != len(now):
        print(f"{len(before)} documents in {args.check}, {len(now)} now")
    if differ:
        first = differ[0]
        print(f"{len(differ)} of {len(now)} documents differ; the first:")
        print(f"  before: {before[first]}")
        print(f"  now:    {now[first]}")
    if differ or len(before) != len(now):
        sys.exit(1)
    print(f"identical: {len(now)} documents' suggestions (spans, attrs, relations, categories)")


if __name__ == "__main__":
    main()
