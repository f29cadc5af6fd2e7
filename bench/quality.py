"""Pre-annotation quality against the hand-made gold of the seed articles.

Prints per-label precision, recall and F1 of ``Preannotator`` (model +
rules + normalizers) next to the bare model with its labels mapped naively
(PERSON/ORG/GPE -> ACTOR, MONEY/PERCENT/QUANTITY -> FIGURE, DATE/TIME ->
DATE, spans as the model drew them, no STANCE). ACTOR, FIGURE and DATE
match on exact boundaries; a STANCE matches a gold STANCE that it overlaps
with the same holder and polarity (GUIDELINES.md leaves the clause's extent
to judgement). Also prints how often the attributes of exactly matched
spans agree with the gold.

    PYTHONPATH=. python bench/quality.py [--gold tests/fixtures/gold/seeds.jsonl] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from annotator.core.nlp import Preannotator, load_pipeline
from annotator.core.types import Span

GOLD = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "gold" / "seeds.jsonl"
LABELS = ("ACTOR", "FIGURE", "DATE", "STANCE")
NAIVE = {"PERSON": "ACTOR", "ORG": "ACTOR", "GPE": "ACTOR", "MONEY": "FIGURE",
         "PERCENT": "FIGURE", "QUANTITY": "FIGURE", "DATE": "DATE", "TIME": "DATE"}  # fmt: skip
ATTRS = {"ACTOR": ("kind", "canonical"), "FIGURE": ("value", "unit"), "DATE": ("kind", "value"),
         "STANCE": ("holder", "polarity", "target")}  # fmt: skip


def load_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _stance_match(pred: list[dict], gold: list[dict]) -> int:
    used: set[int] = set()
    hits = 0
    for p in pred:
        for i, g in enumerate(gold):
            if i in used:
                continue
            overlap = p["start"] < g["end"] and g["start"] < p["end"]
            same = all(p["attrs"].get(k) == g["attrs"].get(k) for k in ("holder", "polarity"))
            if overlap and same:
                used.add(i)
                hits += 1
                break
    return hits


def score(pred_docs: list[list[dict]], gold_docs: list[list[dict]]) -> dict:
    """Per label: tp, predicted, gold counts and attribute agreement on matches."""
    stats: dict[str, dict[str, float]] = {lab: defaultdict(float) for lab in LABELS}
    for pred, gold in zip(pred_docs, gold_docs, strict=True):
        for lab in LABELS:
            p = [s for s in pred if s["label"] == lab]
            g = [s for s in gold if s["label"] == lab]
            st = stats[lab]
            st["pred"] += len(p)
            st["gold"] += len(g)
            if lab == "STANCE":
                st["tp"] += _stance_match(p, g)
                continue
            gmap = {(s["start"], s["end"]): s for s in g}
            for s in p:
                hit = gmap.pop((s["start"], s["end"]), None)
                if hit is None:
                    continue
                st["tp"] += 1
                for attr in ATTRS[lab]:
                    st[f"attr_{attr}"] += float(
                        str(s["attrs"].get(attr)) == str(hit["attrs"].get(attr))
                    )
    return stats


def prf(st: dict) -> tuple[float, float, float]:
    p = st["tp"] / st["pred"] if st["pred"] else 0.0
    r = st["tp"] / st["gold"] if st["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def as_dicts(spans: list[Span]) -> list[dict]:
    return [{"start": s.start, "end": s.end, "label": s.label, "attrs": s.attrs} for s in spans]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--model", default=None)
    ap.add_argument("--errors", action="store_true", help="list misses and false positives")
    args = ap.parse_args()
    gold = load_gold(args.gold)
    pipe = load_pipeline(args.model)
    ann = Preannotator(pipe)
    ours = [as_dicts(s) for s in ann.annotate([(d["text"], d.get("published")) for d in gold])]
    naive = []
    for doc in pipe.nlp.pipe([d["text"] for d in gold]):
        naive.append(
            [{"start": e.start_char, "end": e.end_char, "label": NAIVE[e.label_], "attrs": {}}
             for e in doc.ents if e.label_ in NAIVE]
        )  # fmt: skip
    gold_spans = [d["spans"] for d in gold]
    s_ours, s_naive = score(ours, gold_spans), score(naive, gold_spans)
    print(f"gold: {args.gold.name}, {len(gold)} documents; pipeline: {pipe.describe()}")
    head = f"{'P':>7} {'R':>6} {'F1':>6}"
    print(f"{'label':8} {'gold':>5} | ours {head} | naive {head}")
    for lab in LABELS:
        po, ro, fo = prf(s_ours[lab])
        pn, rn, fn = prf(s_naive[lab])
        n = int(s_ours[lab]["gold"])
        ours_s, naive_s = f"{po:7.3f} {ro:6.3f} {fo:6.3f}", f"{pn:7.3f} {rn:6.3f} {fn:6.3f}"
        print(f"{lab:8} {n:5d} | ours {ours_s} | naive {naive_s}")
    print("attribute agreement on exactly matched spans (ours):")
    for lab in ("ACTOR", "FIGURE", "DATE"):
        tp = s_ours[lab]["tp"] or 1
        parts = ", ".join(f"{a} {s_ours[lab][f'attr_{a}'] / tp:.2f}" for a in ATTRS[lab])
        print(f"  {lab:7} {parts}")
    if args.errors:
        for d, pred in zip(gold, ours, strict=True):
            text = d["text"]
            g = {(s["start"], s["end"], s["label"]) for s in d["spans"] if s["label"] != "STANCE"}
            p = {(s["start"], s["end"], s["label"]) for s in pred if s["label"] != "STANCE"}
            for tag, items in (("MISS", g - p), ("FP  ", p - g)):
                for s, e, lab in sorted(items):
                    print(f"{d['meta']['source'][6:9]} {tag} {lab:6} {text[s:e]!r} @{s}")
            for s in pred:
                if s["label"] == "STANCE":
                    head = text[s["start"] : s["start"] + 40]
                    print(f"{d['meta']['source'][6:9]} PRED STANCE {head!r} {s['attrs']}")
            for s in d["spans"]:
                if s["label"] == "STANCE":
                    head = text[s["start"] : s["start"] + 40]
                    print(f"{d['meta']['source'][6:9]} GOLD STANCE {head!r} {s['attrs']}")


if __name__ == "__main__":
    main()
