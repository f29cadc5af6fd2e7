"""Pipelines from elsewhere: known by their files, their scheme labels kept, loadable
with their own sentence and entity components."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import spacy

from annotator.core.nlp import load_pipeline
from annotator.core.store import Project
from annotator.core.types import Document
from tests.helpers import run_cli

TEXT = "Rouhani said on Friday that Iran would sell 1.5 million barrels per day to Japan."


def probe(path: Path, words: dict[str, str], extra: str | None = None) -> Path:
    """A pipeline that tags ``words`` with labels (scheme labels or spaCy's), saved."""
    nlp = spacy.blank("en")
    if extra:
        nlp.add_pipe(extra)
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": label, "pattern": word} for word, label in words.items()])
    nlp.meta["name"] = "pipeline"  # what every `spacy train` output is called
    nlp.to_disk(path)
    return path


def labelled(db: Path, model_id: str) -> list[tuple[str, str]]:
    with Project.open(db) as project:
        doc_id = project.documents.ids()[0]
        text = project.documents.get(doc_id).text
        return sorted(
            (text[s.start : s.end], s.label)
            for s in project.documents.predictions(doc_id, model_id)
        )


def test_a_pipeline_tagging_scheme_labels_comes_through_with_them(tmp_path, capsys):
    model = probe(tmp_path / "probe", {"Iran": "ACTOR", "Rouhani": "ACTOR", "Friday": "DATE"})
    db = tmp_path / "p.db"
    with Project.open(db) as project:
        project.documents.add([Document(TEXT, published="2019-12-21")])
    code, out, err = run_cli(capsys, "preannotate", "--db", str(db), "--model", str(model))
    assert code == 0, err
    pipe = load_pipeline(str(model))
    assert pipe.kind == "pipeline" and pipe.own_labels == {
        "ACTOR": "entity_ruler",
        "DATE": "entity_ruler",
    }
    found = labelled(db, pipe.id)
    assert ("Iran", "ACTOR") in found and ("Rouhani", "ACTOR") in found
    assert ("Friday", "DATE") in found
    assert ("1.5 million barrels per day", "FIGURE") in found  # the rules still run for FIGURE
    assert f"with {pipe.id} 0.0.0 (pipeline)" in out
    assert "labels from the model: ACTOR, DATE" in out
    assert "from rules only: FIGURE, STANCE" in out
    assert f"suggesting model: {pipe.id} (the project had none)" in out
    with Project.open(db) as project:
        date = next(s for s in project.documents.predictions(1, pipe.id) if s.label == "DATE")
        # the normalizer fills the ISO date: a Friday next to the publication date
        # (no parser here, so the rules cannot read the tense)
        assert dt.date.fromisoformat(date.attrs["value"]).weekday() == 4
        assert project.models.get(pipe.id).digest == pipe.digest


def test_same_name_and_version_different_files_are_two_models(tmp_path, capsys):
    first = probe(tmp_path / "a", {"Iran": "ACTOR"})
    second = probe(tmp_path / "b", {"Japan": "ACTOR"})
    assert json.loads((first / "meta.json").read_text())["name"] == "pipeline"
    a, b = load_pipeline(str(first)), load_pipeline(str(second))
    assert (a.name, a.version) == (b.name, b.version) == ("en_pipeline", "0.0.0")
    assert a.id != b.id and a.id.startswith("en_pipeline-0.0.0-") and len(a.id) == 28
    assert load_pipeline(str(first)).id == a.id  # the same files are the same model
    db = tmp_path / "p.db"
    with Project.open(db) as project:
        project.documents.add([Document(TEXT)])
    assert run_cli(capsys, "preannotate", "--db", str(db), "--model", str(first))[0] == 0
    code, out, _ = run_cli(capsys, "preannotate", "--db", str(db), "--model", str(second))
    assert code == 0 and "pre-annotated 1 of 1" in out  # not "already had predictions"
    assert f"suggesting model stays {a.id}; `annotator models use {b.id}` to switch" in out
    assert ("Iran", "ACTOR") in labelled(db, a.id) and ("Japan", "ACTOR") in labelled(db, b.id)
    with Project.open(db) as project:
        assert {a.id, b.id} <= {m.id for m in project.models.all()}
        assert project.models.suggesting() == a.id


def test_a_pipeline_with_its_own_sentencizer_loads(tmp_path):
    model = probe(tmp_path / "own", {"Iran": "ACTOR"}, extra="sentencizer")
    pipe = load_pipeline(str(model))
    assert pipe.nlp.pipe_names == ["sentencizer", "entity_ruler", "annotator_ruler"]
    doc = pipe.nlp(TEXT)
    assert [e.text for e in doc.ents if e.label_ == "ACTOR"] == ["Iran"]


def test_a_pipeline_without_sentences_gets_ours_under_our_name(tmp_path):
    pipe = load_pipeline(str(probe(tmp_path / "bare", {"Iran": "ACTOR"})))
    assert pipe.nlp.pipe_names[0] == "annotator_sentencizer"
    assert len(list(pipe.nlp("Iran sells. Japan buys.").sents)) == 2


def test_foreign_labels_still_go_through_the_label_map(tmp_path):
    pipe = load_pipeline(str(probe(tmp_path / "foreign", {"Iran": "GPE"})))
    assert pipe.own_labels == {}
    from annotator.core.nlp.own_labels import ModelPreannotator

    spans = next(ModelPreannotator(pipe).annotate([(TEXT, None)]))
    assert ("Iran", "ACTOR") in {(TEXT[s.start : s.end], s.label) for s in spans}


def test_a_text_categorizer_on_the_scheme_categories_is_read(tmp_path):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    textcat = nlp.add_pipe("textcat_multilabel")
    for label in ("relevant", "not relevant", "report", "opinion", "unrelated"):
        textcat.add_label(label)
    nlp.initialize()  # (clears the ruler's patterns: added after)
    ruler.add_patterns([{"label": "ACTOR", "pattern": "Iran"}])
    nlp.to_disk(tmp_path / "cats")
    pipe = load_pipeline(str(tmp_path / "cats"))
    assert "textcat_multilabel" in pipe.nlp.pipe_names  # kept: it predicts the scheme's values
    assert pipe.own_labels == {
        "ACTOR": "entity_ruler",
        "relevant": "textcat_multilabel",
        "not relevant": "textcat_multilabel",
        "report": "textcat_multilabel",
        "opinion": "textcat_multilabel",
    }
    from annotator.core.nlp.own_labels import ModelPreannotator

    annotator = ModelPreannotator(pipe)
    doc = pipe.nlp(TEXT)
    doc.cats = {"relevant": 0.9, "not relevant": 0.7, "report": 0.2, "opinion": 0.4}
    # one choice: the surest value at or above 0.5; nothing for genre (all below)
    assert annotator.doc_suggestions(doc).categories == {"relevance": ["relevant"]}


def test_a_foreign_text_categorizer_is_left_out(tmp_path):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    nlp.add_pipe("textcat").add_label("POSITIVE")
    nlp.get_pipe("textcat").add_label("NEGATIVE")
    nlp.initialize()
    ruler.add_patterns([{"label": "GPE", "pattern": "Iran"}])
    nlp.to_disk(tmp_path / "sentiment")
    pipe = load_pipeline(str(tmp_path / "sentiment"))
    assert "textcat" not in pipe.nlp.pipe_names and pipe.own_labels == {}
    assert ("Iran", "GPE") in [(e.text, e.label_) for e in pipe.nlp(TEXT).ents]
