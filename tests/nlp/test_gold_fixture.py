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

from annotator.core.ingest.annotations import import_annotated
from annotator.core.scheme import default_scheme
from annotator.core.store import Project, text_hash
from annotator.core.tokens import TokenIndex, blank_english

GOLD_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "gold"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
#: Every gold file the span checks below hold to the guidelines: the seeds'
#: and the held-out articles' (test_heldout_gold.py checks the rest of it).
GOLD_FILES = [
    "seeds.jsonl",
    "heldout/heldout.jsonl",
    "heldout2/heldout2.jsonl",
    "heldout3/heldout3.jsonl",
    "heldout4/heldout4.jsonl",
    "heldout5/heldout5.jsonl",
    "heldout6/heldout6.jsonl",
    "heldout7/heldout7.jsonl",
    "heldout8/heldout8.jsonl",
    "heldout9/heldout9.jsonl",
    "heldout10/heldout10.jsonl",
    "heldout11/heldout11.jsonl",
    "heldout12/heldout12.jsonl",
]


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


def key(span: dict) -> tuple[int, int, str]:
    return span["start"], span["end"], span["label"]


def spans_at(rec: dict, end: dict) -> list[dict]:
    """The spans of ``rec`` a relation end (``head_span``/``child_span``) names: one,
    or two STANCEs of one extent held by two actors (seed 004: the US and the EU),
    which a relation, naming its ends by offsets and label, cannot tell apart."""
    found = [s for s in rec["spans"] if key(s) == key(end)]
    assert found, end
    return found


def test_every_seed_stance_has_one_holder_link_to_the_actor_it_names():
    for rec in load():
        holders = [r for r in rec["relations"] if r["label"] == "HOLDER"]
        stances = [s for s in rec["spans"] if s["label"] == "STANCE"]
        assert sorted(key(r["head_span"]) for r in holders) == sorted(map(key, stances))
        for r in holders:
            (mention,) = spans_at(rec, r["child_span"])
            assert mention["label"] == "ACTOR" and r["head_span"]["label"] == "STANCE"
            holders_named = {s["attrs"]["holder"] for s in spans_at(rec, r["head_span"])}
            assert mention["attrs"]["canonical"] in holders_named


@pytest.mark.parametrize("gold", GOLD_FILES)
def test_spans_and_relations_are_written_as_prodigy_rel_manual_saves_them(gold: str):
    """Token indices are spaCy's ``Token.i`` of the project's tokenizer (blank English,
    whitespace tokens counted), ``token_end`` inclusive; a relation's ``head``/``child``
    is its span's last token and ``head_span``/``child_span`` is that span's placement."""
    keys = {"start", "end", "token_start", "token_end", "label"}
    for rec in load(gold):
        doc = blank_english().make_doc(rec["text"])
        for s in rec["spans"]:
            assert doc[s["token_start"]].idx == s["start"], s
            assert doc[s["token_end"]].idx + len(doc[s["token_end"]]) == s["end"], s
        assert rec["relations"]
        for r in rec["relations"]:
            assert set(r) == {"head", "child", "head_span", "child_span", "label"}
            for token, end in ((r["head"], r["head_span"]), (r["child"], r["child_span"])):
                assert set(end) == keys and token == end["token_end"]
                assert {k: spans_at(rec, end)[0][k] for k in keys} == end


def test_the_seed_gold_imports_with_every_relation(tmp_path: Path):
    """``annotator import`` reads the gold as a Prodigy file: all 49 HOLDER links
    come in, each between the spans the file names (the spaCy CLI test imports it so)."""
    with Project.open(tmp_path / "p.db") as project:
        summary = import_annotated(project, [GOLD_DIR / "seeds.jsonl"], annotator="gold")
        assert "49 relations" in summary.message()
        for rec in load():
            doc = project.documents.by_hash(text_hash(rec["text"]))
            got = project.relations.of_set(project.sets.find(doc.id, "gold").id)
            want = {
                (r["label"], key(r["head_span"]), key(r["child_span"])) for r in rec["relations"]
            }
            assert {(r.label, r.head, r.child) for r in got} == want
