"""The second held-out gold batch (tests/fixtures/gold/heldout2/) is what it claims.

Batch 1's test half had been scored too often to stay a clean measure, so a
fresh batch of twelve articles was written and annotated by GUIDELINES.md
before any rule saw it (heldout2/README.md). Checked here, as
test_heldout_gold.py and test_gold_fixture.py check batch 1: the marks strip
back to the .txt exactly, spans sit on tokens with their own text, entities
never overlap, attributes and categories are valid in the default scheme,
every STANCE has exactly one HOLDER link to an ACTOR whose canonical is its
holder and at most one TARGET, links are written as Prodigy's ``rel.manual``
writes them, the split is the recorded stratified one, and heldout2.jsonl is
the build. Also: the batch has the genres it promises and shares no sentence
and no person with batch 1 or the seeds (a copy would not be unseen).

The checks read the batch from the ``batch`` fixture, so a later batch made the
same way runs these very tests on its own files by importing them and giving
its own ``batch`` (test_heldout3_gold.py).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.core.tokens import blank_english

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "gold"


@dataclass(frozen=True)
class Batch:
    """One held-out batch made as heldout2/README.md tells: its folder (and
    ``<folder>.jsonl`` in it), the seed of its split, the word range its
    articles keep, and the earlier gold files it must share nothing with."""

    folder: str
    seed: int
    words: tuple[int, int]
    earlier: tuple[str, ...]

    @property
    def path(self) -> Path:
        return GOLD / self.folder

    def load(self) -> list[dict]:
        return load(self.path / f"{self.folder}.jsonl")


BATCH2 = Batch("heldout2", 2027, (200, 400), ("heldout/heldout.jsonl", "seeds.jsonl"))


@pytest.fixture
def batch() -> Batch:
    return BATCH2


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def builder():
    spec = importlib.util.spec_from_file_location("build_gold", GOLD / "build_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def key(span: dict) -> tuple[int, int, str]:
    return span["start"], span["end"], span["label"]


def test_twelve_articles_of_the_batch_word_range_with_their_exact_text(batch: Batch):
    gold = batch.load()
    assert len(gold) == 12
    low, high = batch.words
    for rec in gold:
        assert rec["meta"]["source"].startswith(f"{batch.folder}/texts/")
        assert (GOLD / rec["meta"]["source"]).read_text(encoding="utf-8") == rec["text"]
        assert low <= len(rec["text"].split()) <= high, rec["meta"]["source"]
        assert rec["published"]


def test_marks_strip_back_to_the_text_exactly(batch: Batch):
    module = builder()
    for src in sorted((batch.path / "src").glob("*.md")):
        plain, _ = module.parse(src.read_text(encoding="utf-8").split("\n", 2)[2])
        assert plain == (batch.path / "texts" / f"{src.stem}.txt").read_text(encoding="utf-8")


def test_spans_sit_on_tokens_and_entities_never_overlap(batch: Batch):
    for rec in batch.load():
        doc = blank_english().make_doc(rec["text"])
        for s in rec["spans"]:
            assert rec["text"][s["start"] : s["end"]] == s["text"] == s["text"].strip()
            assert doc[s["token_start"]].idx == s["start"], s
            assert doc[s["token_end"]].idx + len(doc[s["token_end"]]) == s["end"], s
        ents = sorted((s for s in rec["spans"] if s["label"] != "STANCE"), key=key)
        for a, b in itertools.pairwise(ents):
            assert a["end"] <= b["start"], (a["text"], b["text"])


def test_categories_are_valid(batch: Batch):
    """The spans' attributes are checked for every gold file in test_gold_fixture.py."""
    for rec in batch.load():
        assert set(rec["categories"]) == {"relevance", "genre"}
        assert rec["categories"]["relevance"] in ("relevant", "not relevant")
        assert rec["categories"]["genre"] in ("report", "interview", "opinion", "brief")


def test_the_genres_promised_are_there(batch: Batch):
    genres = Counter(rec["categories"]["genre"] for rec in batch.load())
    relevance = Counter(rec["categories"]["relevance"] for rec in batch.load())
    assert genres["interview"] >= 2 and genres["opinion"] >= 1, genres
    assert relevance["not relevant"] >= 1, relevance


def test_every_stance_has_one_holder_to_an_actor_and_at_most_one_target(batch: Batch):
    for rec in batch.load():
        spans, rels = {key(s): s for s in rec["spans"]}, rec["relations"]
        assert rels, rec["meta"]["source"]
        for r in rels:
            assert set(r) == {"head", "child", "head_span", "child_span", "label"}
            assert r["label"] in ("HOLDER", "TARGET")
            assert r["head_span"]["label"] == "STANCE"
            for token, end in ((r["head"], r["head_span"]), (r["child"], r["child_span"])):
                assert key(end) in spans and token == end["token_end"]
        for k, span in spans.items():
            links = Counter(r["label"] for r in rels if key(r["head_span"]) == k)
            if span["label"] != "STANCE":
                assert not links
                continue
            assert links["HOLDER"] == 1 and links["TARGET"] <= 1, span["text"]
            for r in (r for r in rels if key(r["head_span"]) == k):
                child = spans[key(r["child_span"])]
                if r["label"] == "HOLDER":
                    assert child["label"] == "ACTOR"
                    assert child["attrs"]["canonical"] == span["attrs"]["holder"]
                else:
                    assert child["label"] in ("ACTOR", "FIGURE", "DATE")


def test_split_is_the_recorded_stratified_random_one(batch: Batch):
    """Sorted stems; one Random(seed) shuffles the interviews, then the rest; the first
    half of each is tuning, so each half holds one interview."""
    split = json.loads((batch.path / "split.json").read_text(encoding="utf-8"))
    genre = {Path(r["meta"]["source"]).stem: r["categories"]["genre"] for r in batch.load()}
    names = sorted(p.stem for p in (batch.path / "texts").glob("*.txt"))
    assert sorted(genre) == names
    interviews = [n for n in names if genre[n] == "interview"]
    rest = [n for n in names if genre[n] != "interview"]
    rng = random.Random(split["seed"])
    rng.shuffle(interviews)
    rng.shuffle(rest)
    tuning = interviews[: len(interviews) // 2] + rest[: len(rest) // 2]
    assert split["seed"] == batch.seed
    assert split["tuning"] == sorted(tuning)
    assert split["test"] == sorted(set(names) - set(tuning))
    for part in ("tuning", "test"):
        assert sum(genre[n] == "interview" for n in split[part]) == 1, part
    for rec in batch.load():
        stem = Path(rec["meta"]["source"]).stem
        assert rec["meta"]["split"] == ("tuning" if stem in split["tuning"] else "test")


def sentences(text: str) -> set[str]:
    return {s.strip() for s in re.split(r"(?<=[.!?\"])\s+", text) if len(s.split()) >= 6}


def test_no_sentence_or_person_of_an_earlier_batch_or_the_seeds_comes_back(batch: Batch):
    earlier = [rec for name in batch.earlier for rec in load(GOLD / name)]
    old_sentences = set().union(*(sentences(r["text"]) for r in earlier))
    people = {
        s["attrs"]["canonical"]
        for r in earlier
        for s in r["spans"]
        if s["label"] == "ACTOR" and s["attrs"]["kind"] == "person"
    }
    for rec in batch.load():
        assert not sentences(rec["text"]) & old_sentences, rec["meta"]["source"]
        for s in rec["spans"]:
            if s["label"] == "ACTOR" and s["attrs"]["kind"] == "person":
                assert s["attrs"]["canonical"] not in people, s


def test_file_is_the_build_of_the_marked_up_sources(batch: Batch):
    module = builder()
    assert module.build_heldout(batch.path) == batch.load()
