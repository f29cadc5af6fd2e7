"""The hand-made gold of the seed articles (tests/fixtures/gold/seeds.jsonl) is what it claims.

Other tests and helpers reuse it as "annotated seeds", so its offsets must
be exact: every span's text is the text the annotator meant, spans sit on
token boundaries, ACTOR/FIGURE/DATE never overlap, attributes are valid in
the default scheme, and the file is what ``build_gold.py`` makes of the
marked-up sources (nobody edited offsets by hand).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
from pathlib import Path

import pytest

from annotator.core.scheme import default_scheme
from annotator.core.tokens import TokenIndex

GOLD_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "gold"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
#: Every gold file the span checks below hold to the guidelines: the seeds'
#: and the held-out articles' (test_heldout_gold.py checks the rest of it).
GOLD_FILES = ["seeds.jsonl", "heldout/heldout.jsonl"]


def load(name: str = "seeds.jsonl") -> list[dict]:
    with open(GOLD_DIR / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_gold_covers_all_seed_articles_with_their_exact_text():
    gold = load()
    assert len(gold) == 5
    for rec in gold:
        seed = Path(__file__).resolve().parents[2] / rec["meta"]["source"]
        assert seed.read_text(encoding="utf-8") == rec["text"]
        assert rec["published"]


@pytest.mark.parametrize("gold", GOLD_FILES)
def test_every_span_text_matches_and_sits_on_tokens(gold: str):
    for rec in load(gold):
        text = rec["text"]
        index = TokenIndex(text)
        for span in rec["spans"]:
            assert text[span["start"] : span["end"]] == span["text"]
            assert span["text"] == span["text"].strip()
            assert index.aligned(span["start"], span["end"]), span


@pytest.mark.parametrize("gold", GOLD_FILES)
def test_entity_labels_never_overlap(gold: str):
    for rec in load(gold):
        ents = sorted((s for s in rec["spans"] if s["label"] != "STANCE"), key=lambda s: s["start"])
        for a, b in itertools.pairwise(ents):
            assert a["end"] <= b["start"], (a["text"], b["text"])


@pytest.mark.parametrize("gold", GOLD_FILES)
def test_attributes_are_valid_in_the_default_scheme(gold: str):
    scheme = default_scheme()
    for rec in load(gold):
        for span in rec["spans"]:
            label = scheme.label(span["label"])
            assert label is not None
            assert set(span["attrs"]) == {a.name for a in label.attributes}
            for attr in label.attributes:
                if attr.type == "choice":
                    assert span["attrs"][attr.name] in attr.values, span
            if span["label"] == "FIGURE":
                assert isinstance(span["attrs"]["value"], int | float)


def test_gold_samples_follow_the_guidelines():
    by_text: dict[str, dict] = {}
    for rec in load():
        for s in rec["spans"]:
            by_text.setdefault(f"{s['label']}:{s['text']}", s["attrs"])
    assert by_text["ACTOR:Washington"] == {"kind": "state", "canonical": "United States"}
    assert by_text["ACTOR:Seko"]["canonical"] == "Hiroshige Seko"
    assert "ACTOR:the United States" not in by_text and "ACTOR:Iranian" not in by_text
    assert by_text["FIGURE:1.7 million barrels per day"] == {"value": 1_700_000, "unit": "bpd"}
    assert by_text["FIGURE:$11 billion"] == {"value": 11_000_000_000, "unit": "USD"}
    assert by_text["DATE:six months"] == {"kind": "duration", "value": "P6M"}
    assert by_text["DATE:May 2"] == {"kind": "date", "value": "2019-05-02"}


def test_file_is_the_build_of_the_marked_up_sources():
    spec = importlib.util.spec_from_file_location("build_gold", GOLD_DIR / "build_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == load()


def test_every_seed_stance_has_one_holder_link_to_the_actor_it_names():
    for rec in load():
        spans = rec["spans"]
        holders = [r for r in rec["relations"] if r["label"] == "HOLDER"]
        stance_ids = [i for i, s in enumerate(spans) if s["label"] == "STANCE"]
        assert sorted(r["from"] for r in holders) == stance_ids
        for r in holders:
            assert spans[r["to"]]["label"] == "ACTOR"
            assert spans[r["to"]]["attrs"]["canonical"] == spans[r["from"]]["attrs"]["holder"]
