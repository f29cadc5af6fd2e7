"""The held-out gold (tests/fixtures/gold/heldout/) is what it claims.

Twelve articles written for this project and annotated by GUIDELINES.md
before any rule looked at them; they are the measure of the rules on copy
they were not written from. Checked here: the marks strip back to the .txt
exactly, categories are valid, every STANCE has exactly one HOLDER link to
an ACTOR of its document whose canonical is the STANCE's holder, at most
one TARGET, the split is the recorded one, and heldout.jsonl is the build.
Spans on tokens, entities that never overlap and valid attributes are
checked with the seeds' gold in test_gold_fixture.py.
"""

from __future__ import annotations

import importlib.util
import json
import random
from collections import Counter
from pathlib import Path

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "gold" / "heldout"


def load() -> list[dict]:
    with open(HELDOUT / "heldout.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def builder():
    spec = importlib.util.spec_from_file_location("build_gold", HELDOUT.parent / "build_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_twelve_or_more_articles_of_the_right_length_with_their_exact_text():
    gold = load()
    assert len(gold) >= 12
    for rec in gold:
        txt = HELDOUT.parent / rec["meta"]["source"]
        assert txt.read_text(encoding="utf-8") == rec["text"]
        assert 150 <= len(rec["text"].split()) <= 600
        assert rec["published"]


def test_marks_strip_back_to_the_text_exactly():
    module = builder()
    for src in sorted((HELDOUT / "src").glob("*.md")):
        markup = src.read_text(encoding="utf-8").split("\n", 2)[2]
        plain, _ = module.parse(markup)
        assert plain == (HELDOUT / "texts" / f"{src.stem}.txt").read_text(encoding="utf-8")


def key(span: dict) -> tuple[int, int, str]:
    return span["start"], span["end"], span["label"]


def test_every_stance_has_one_holder_to_an_actor_and_at_most_one_target():
    for rec in load():
        spans, rels = {key(s): s for s in rec["spans"]}, rec["relations"]
        for r in rels:
            assert r["label"] in ("HOLDER", "TARGET")
            assert key(r["head_span"]) in spans and key(r["child_span"]) in spans
            assert r["head_span"]["label"] == "STANCE"
        for k, span in spans.items():
            links = Counter(r["label"] for r in rels if key(r["head_span"]) == k)
            if span["label"] != "STANCE":
                assert not links
                continue
            assert links["HOLDER"] == 1, span["text"]
            assert links["TARGET"] <= 1, span["text"]
            holder = next(
                spans[key(r["child_span"])]
                for r in rels
                if key(r["head_span"]) == k and r["label"] == "HOLDER"
            )
            assert holder["label"] == "ACTOR"
            assert holder["attrs"]["canonical"] == span["attrs"]["holder"]
            for r in rels:
                if key(r["head_span"]) == k and r["label"] == "TARGET":
                    assert r["child_span"]["label"] in ("ACTOR", "FIGURE", "DATE")


def test_categories_are_valid():
    for rec in load():
        cats = rec["categories"]
        assert set(cats) == {"relevance", "genre"}
        assert cats["relevance"] in ("relevant", "not relevant")
        assert cats["genre"] in ("report", "interview", "opinion", "brief")


def test_split_is_the_recorded_random_one():
    split = json.loads((HELDOUT / "split.json").read_text(encoding="utf-8"))
    names = sorted(p.stem for p in (HELDOUT / "texts").glob("*.txt"))
    random.Random(split["seed"]).shuffle(names)
    half = len(names) // 2
    assert split["tuning"] == sorted(names[:half])
    assert split["test"] == sorted(names[half:])
    for rec in load():
        stem = Path(rec["meta"]["source"]).stem
        assert rec["meta"]["split"] == ("tuning" if stem in split["tuning"] else "test")


def test_file_is_the_build_of_the_marked_up_sources():
    assert builder().build_heldout() == load()
