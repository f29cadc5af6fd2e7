"""Pre-annotation quality against the hand-made gold: seeds and twelve held-out batches' halves.

For each set (the five seed articles the rules were written from; then the
held-out batches ``tests/fixtures/gold/heldout/``, ``heldout2/`` ...
``heldout12/``, each split once at random into a tuning half and a test half
(``tuning``/``test``, ``tuning2``/``test2`` ... ``tuning12``/``test12``), a
fresh batch made whenever the earlier test halves had been scored too often
to stay clean, see each batch's README) prints per-label
precision, recall and F1 of ``Preannotator`` (model + rules + normalizers)
next to the bare model (the pipeline without the components pre-annotation adds,
``annotator_*``) with its labels mapped naively
(PERSON/ORG/GPE -> ACTOR, MONEY/PERCENT/QUANTITY -> FIGURE, DATE/TIME ->
DATE, spans as the model drew them, no STANCE). ACTOR, FIGURE and DATE
match on exact boundaries; a STANCE matches a gold STANCE that it overlaps
with the same holder and polarity (GUIDELINES.md leaves the clause's extent
to judgement). Also prints how often the attributes of exactly matched
spans agree with the gold.

HOLDER: for every gold STANCE (each has one HOLDER link) the line
``holder`` reports whether a predicted STANCE overlapping it links HOLDER
to the very ACTOR mention the gold links to ("link accuracy"), and whether
it links to a mention with the same canonical ("same canonical": another
mention of the same actor, which GUIDELINES.md would not pick but which
names the right holder).

    PYTHONPATH=. python bench/quality.py [--gold FILE.jsonl] [--sets seeds,tuning2] [--model NAME]
                                         [--limit N] [--errors]

Without ``--sets`` all twenty-five sets are reported: seeds, tuning, test, tuning2,
test2, tuning3, test3, tuning4, test4, tuning5, test5, tuning6, test6, tuning7, test7,
tuning8, test8, tuning9, test9, tuning10, test10, tuning11, test11, tuning12, test12.
``--errors`` lists
misses, false positives and stances of the seeds and the tuning halves only: a
test half is there to be reported, not read, so its errors are never printed (a
document whose ``meta.split`` is ``test``, in any batch, is skipped also when it
comes in through ``--gold``). An unknown name in ``--sets`` is an error, not an
empty report.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from annotator.core.nlp import Preannotator, load_pipeline
from annotator.core.types import Relation, Span

GOLD_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "gold"
GOLD = GOLD_DIR / "seeds.jsonl"
BATCHES = tuple(  # suffix, file: heldout/, heldout2/ ... heldout12/
    (n, GOLD_DIR / f"heldout{n}" / f"heldout{n}.jsonl") for n in ("", *map(str, range(2, 13)))
)
TEST_SPLIT = "test"
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


def holder_links(
    pred_docs: list[list[dict]], pred_rels: list[list[Relation]], gold_docs: list[dict]
) -> tuple[int, int, int]:
    """(gold STANCEs whose overlapping predicted STANCE links HOLDER to the gold's very
    ACTOR mention, ... to a mention with the gold holder's canonical, all gold STANCEs)."""
    exact = same = total = 0
    for pred, rels, doc in zip(pred_docs, pred_rels, gold_docs, strict=True):
        spans = {(s["start"], s["end"], s["label"]): s for s in doc["spans"]}
        canonical = {(p["start"], p["end"], p["label"]): p["attrs"].get("canonical") for p in pred}
        holder_of = {r.head: r.child for r in rels if r.label == "HOLDER"}
        for rel in doc.get("relations", ()):
            if rel["label"] != "HOLDER":
                continue
            # rel.manual's shape: each end named by its span's offsets and label
            g, m = (
                spans[tuple(rel[end][k] for k in ("start", "end", "label"))]
                for end in ("head_span", "child_span")
            )
            total += 1
            children = [
                holder_of[k]
                for p in pred
                if p["label"] == "STANCE"
                and p["start"] < g["end"]
                and g["start"] < p["end"]
                and (k := (p["start"], p["end"], "STANCE")) in holder_of
            ]
            exact += (m["start"], m["end"], "ACTOR") in children
            same += any(canonical.get(c) == m["attrs"]["canonical"] for c in children)
    return exact, same, total


def stance_breakdown(pred_docs: list[list[dict]], gold_docs: list[list[dict]]) -> Counter:
    """Where each gold STANCE is lost, in the order a suggestion must get it right:
    ``found`` (a predicted STANCE overlaps it), ``holder`` (one of those has its
    holder), ``matched`` (one of those also has its polarity), ``neutral`` (of the
    polarity misses, those suggested ``neutral`` for a side the gold takes), and
    ``spurious``: predicted STANCEs that overlap no gold STANCE. The STANCE F1
    alone cannot tell a clause never found from one found with the wrong side."""
    out: Counter = Counter()
    for pred, gold in zip(pred_docs, gold_docs, strict=True):
        p = [s for s in pred if s["label"] == "STANCE"]
        g = [s for s in gold if s["label"] == "STANCE"]
        for stance in g:
            over = [s for s in p if s["start"] < stance["end"] and stance["start"] < s["end"]]
            held = [s for s in over if s["attrs"].get("holder") == stance["attrs"].get("holder")]
            sides = {s["attrs"].get("polarity") for s in held}
            out["gold"] += 1
            out["found"] += bool(over)
            out["holder"] += bool(held)
            out["matched"] += stance["attrs"].get("polarity") in sides
            side = stance["attrs"].get("polarity")
            out["neutral"] += bool(held) and sides == {"neutral"} != {side}
        out["spurious"] += sum(
            not any(s["start"] < t["end"] and t["start"] < s["end"] for t in g) for s in p
        )
    return out


def prf(st: dict) -> tuple[float, float, float]:
    p = st["tp"] / st["pred"] if st["pred"] else 0.0
    r = st["tp"] / st["gold"] if st["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def as_dicts(spans: list[Span]) -> list[dict]:
    return [{"start": s.start, "end": s.end, "label": s.label, "attrs": s.attrs} for s in spans]


def gold_sets(path: Path | None) -> list[tuple[str, list[dict]]]:
    """(name, documents) of every set to report: one file if given, else the twenty-five sets
    (the seeds, then each held-out batch's tuning and test halves, a later batch's
    named with its number, ``tuning2``: each batch's halves are reported apart,
    never pooled with another batch's)."""
    if path is not None:
        return [(path.name, load_gold(path))]
    sets = [("seeds", load_gold(GOLD))]
    for suffix, batch in BATCHES:
        docs = load_gold(batch)
        for half in ("tuning", TEST_SPLIT):
            sets.append((half + suffix, [d for d in docs if d["meta"]["split"] == half]))
    return sets


def chosen(sets: list[tuple[str, list[dict]]], wanted: str | None) -> list[tuple[str, list[dict]]]:
    """The sets ``--sets`` names (all when it is not given), in report order; a name
    that is no set stops the run, so a typo never prints a silently shorter report."""
    if wanted is None:
        return sets
    names = [n.strip() for n in wanted.split(",") if n.strip()]
    known = [name for name, _ in sets]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        what = f"no set named {', '.join(unknown)}" if unknown else "names no set"
        raise ValueError(f"--sets {wanted!r}: {what} (known: {','.join(known)})")
    return [(name, docs) for name, docs in sets if name in names]


def report(name: str, gold: list[dict], pipe, ann, errors: bool = False) -> None:
    found = list(ann.suggest([(d["text"], d.get("published")) for d in gold]))
    ours = [as_dicts(f.spans) for f in found]
    naive = []
    ours_only = [n for n in pipe.nlp.pipe_names if n.startswith("annotator_")]
    with pipe.nlp.select_pipes(disable=ours_only):  # the bare model
        bare = list(pipe.nlp.pipe([d["text"] for d in gold]))
    for doc in bare:
        naive.append(
            [{"start": e.start_char, "end": e.end_char, "label": NAIVE[e.label_], "attrs": {}}
             for e in doc.ents if e.label_ in NAIVE]
        )  # fmt: skip
    gold_spans = [d["spans"] for d in gold]
    s_ours, s_naive = score(ours, gold_spans), score(naive, gold_spans)
    print(f"== {name}: {len(gold)} documents")
    head = f"{'P':>7} {'R':>6} {'F1':>6}"
    print(f"{'label':8} {'gold':>5} | ours {head} | naive {head}")
    for lab in LABELS:
        po, ro, fo = prf(s_ours[lab])
        pn, rn, fn = prf(s_naive[lab])
        n = int(s_ours[lab]["gold"])
        ours_s = f"{po:7.3f} {ro:6.3f} {fo:6.3f}"
        naive_s = (
            f"{pn:7.3f} {rn:6.3f} {fn:6.3f}" if lab != "STANCE" else f"{'—':>7} {'—':>6} {'—':>6}"
        )
        print(f"{lab:8} {n:5d} | ours {ours_s} | naive {naive_s}")
    if any("relations" in d for d in gold):
        exact, same, total = holder_links(ours, [f.relations for f in found], gold)
        n = total or 1
        print(
            f"holder   {total:5d} | ours link accuracy {exact / n:.3f} ({exact}/{total}),"
            f" same canonical {same / n:.3f} ({same}/{total}) | naive —"
            "  (HOLDER link of the overlapping predicted STANCE vs the gold's)"
        )
    b = stance_breakdown(ours, gold_spans)
    print(
        f"stances  {b['gold']:5d} | ours found {b['found']}, holder right {b['holder']},"
        f" polarity right {b['matched']} (neutral for a side: {b['neutral']});"
        f" {b['spurious']} suggested where the gold has none"
    )
    print("attribute agreement on exactly matched spans (ours):")
    for lab in ("ACTOR", "FIGURE", "DATE"):
        tp = s_ours[lab]["tp"] or 1
        parts = ", ".join(f"{a} {s_ours[lab][f'attr_{a}'] / tp:.2f}" for a in ATTRS[lab])
        print(f"  {lab:7} {parts}")
    if errors:
        for d, pred in zip(gold, ours, strict=True):
            if d.get("meta", {}).get("split") == TEST_SPLIT:
                continue
            text, tag_of = d["text"], Path(d["meta"]["source"]).stem[:3]
            g = {(s["start"], s["end"], s["label"]) for s in d["spans"] if s["label"] != "STANCE"}
            p = {(s["start"], s["end"], s["label"]) for s in pred if s["label"] != "STANCE"}
            for tag, items in (("MISS", g - p), ("FP  ", p - g)):
                for s, e, lab in sorted(items):
                    print(f"{tag_of} {tag} {lab:6} {text[s:e]!r} @{s}")
            for who, spans in (("PRED", pred), ("GOLD", d["spans"])):
                for s in spans:
                    if s["label"] == "STANCE":
                        head = text[s["start"] : s["start"] + 40]
                        print(f"{tag_of} {who} STANCE {head!r} {s['attrs']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--gold", type=Path, default=None, help="one gold file instead of the twenty-five sets"
    )
    ap.add_argument("--model", default=None)
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each set")
    ap.add_argument(
        "--errors",
        action="store_true",
        help="list misses and false positives (never of a test half)",
    )
    ap.add_argument(
        "--sets",
        default=None,
        help="comma-separated subset of seeds,tuning,test,tuning2,test2,tuning3,test3,"
        "tuning4,test4,tuning5,test5,tuning6,test6,tuning7,test7,tuning8,test8,tuning9,"
        "test9,tuning10,test10,tuning11,test11,tuning12,test12 (default: all twenty-five)",
    )
    args = ap.parse_args()
    try:
        sets = chosen(gold_sets(args.gold), args.sets)
    except ValueError as exc:
        ap.error(str(exc))
    pipe = load_pipeline(args.model)
    ann = Preannotator(pipe)
    print(f"pipeline: {pipe.describe()}")
    for name, gold in sets:
        report(name, gold[: args.limit], pipe, ann, errors=args.errors)


if __name__ == "__main__":
    main()
