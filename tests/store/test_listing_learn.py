"""The document list's "most to learn" sort: the stored scores give the order
an independent count of two models' predictions gives, follow new runs and a
change of suggesting model, say how many documents are unscored, and a
version-7 project file upgrades to them."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from annotator.core.resources import migrations_dir
from annotator.core.store import ListingFilter, Project
from annotator.core.store.listing import LEARN
from annotator.core.store.models import ModelInfo
from annotator.core.types import Document, Span

MOST_FIRST = ListingFilter(order=LEARN, descending=True)


def spans(*starts: int, label: str = "ACTOR") -> list[Span]:
    return [Span(s, s + 2, label, origin="model") for s in starts]


# what each model proposed, by document number (7 documents; the last: no model ran)
BASE = {0: spans(0, 10), 1: spans(0), 2: spans(0, 10), 3: spans(0), 5: spans(0)}
TRAINED = {
    0: spans(0, 10),
    1: spans(0, 10, 20),
    2: spans(0) + spans(10, label="FIGURE"),
    3: spans(0, 30),
    4: spans(0),  # the base never ran here: scored by its uncertainty alone
    5: spans(0),
}
UNSURE = {0: 0.8, 3: 0.25, 4: 0.6}  # the trained model's span/category uncertainty


def expected_order(mine: dict, theirs: dict, unsure: dict, n: int) -> tuple[list[int], int]:
    """Most to learn first, counted here: spans not in both models' predictions,
    plus the uncertainty; documents with neither signal last, by number."""
    scores = {}
    for number, found in mine.items():
        if number in theirs:
            left = {(s.start, s.end, s.label) for s in found}
            right = {(s.start, s.end, s.label) for s in theirs[number]}
            scores[number] = len(left ^ right) + unsure.get(number, 0.0)
        elif number in unsure:
            scores[number] = unsure[number]
    ranked = sorted(scores, key=lambda i: (-scores[i], i))
    rest = [i for i in range(n) if i not in scores]
    return ranked + rest, len(rest)


def build(project: Project) -> list[int]:
    ids = project.documents.add([Document(f"Text {i} " * 10) for i in range(7)]).ids
    project.models.register(ModelInfo("base-1", "en_core_web_sm", "3.8.0", "pipeline"))
    project.models.register(
        ModelInfo("trained-1", "en_pipeline", "0.0.0", "trained", base="base-1")
    )
    project.documents.replace_predictions([(ids[i], s) for i, s in BASE.items()], "base-1", "3")
    with project.transaction():  # as pre-annotation writes a run and its uncertainty
        project.documents.replace_predictions(
            [(ids[i], s) for i, s in TRAINED.items()], "trained-1", "0"
        )
        project.listing.learn.keep_uncertainty("trained-1", {ids[i]: u for i, u in UNSURE.items()})
    project.models.use("trained-1")
    return ids


def test_the_sort_is_the_order_an_independent_count_gives(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        ids = build(project)
        listed, note = project.listing.learn_order("alice", MOST_FIRST)
        order, unscored = expected_order(TRAINED, BASE, UNSURE, 7)
        assert listed == [ids[i] for i in order]
        assert project.listing.sorted_ids("alice", MOST_FIRST) == listed
        assert [r.id for r in project.listing.page("alice", MOST_FIRST, 0, 100)] == listed
        assert [project.listing.row_of("alice", d, MOST_FIRST) for d in listed] == list(range(7))
        assert (note.scored, note.unscored) == (6, unscored) == (6, 1)
        assert note.message() == (
            "Most to learn for trained-1: disagreements with base-1 + its uncertainty;"
            " 1 document not scored comes last"
        )
        rows = {r.id: r.learn for r in project.listing.rows_for("alice", ids)}
        assert rows[ids[3]] == 1.25 and rows[ids[4]] == 0.6 and rows[ids[6]] is None
        # least first: the scored ones reversed (ties by id), the unscored still last
        least = project.listing.sorted_ids("alice", ListingFilter(order=LEARN))
        assert least[-1] == ids[6] and least[:2] == [ids[5], ids[4]]


def test_new_runs_and_another_suggesting_model_are_scored_again(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        ids = build(project)
        project.listing.learn_order("alice", MOST_FIRST)
        rerun = {**TRAINED, 0: spans(0, 10, 40)}  # a run without scores replaces one with
        project.documents.replace_predictions([(ids[0], rerun[0])], "trained-1", "0")
        listed, _ = project.listing.learn_order("alice", MOST_FIRST)
        unsure = {i: u for i, u in UNSURE.items() if i != 0}  # gone with the run it was of
        assert listed == [ids[i] for i in expected_order(rerun, BASE, unsure, 7)[0]]
        assert project.listing.learn.scores()[ids[0]].describe() == "1 disagreement"
        project.models.use("base-1")  # compared with the newest other model: trained-1
        listed, note = project.listing.learn_order("alice", MOST_FIRST)
        order, unscored = expected_order(BASE, rerun, {}, 7)
        assert listed == [ids[i] for i in order]
        assert (note.basis.model, note.basis.compared, note.unscored) == (
            "base-1",
            "trained-1",
            unscored,
        )
        assert note.message().endswith("2 documents not scored come last")


def test_a_read_only_project_sorts_by_the_scores_it_has_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        ids = build(project)
        before, _ = project.listing.learn_order("alice", MOST_FIRST)
        project.documents.replace_predictions([(ids[5], spans(0, 40, 50))], "trained-1", "0")
    with Project.open(path, read_only=True) as project:
        listed, note = project.listing.learn_order("alice", MOST_FIRST)
    assert listed == before and note.basis.stale
    assert note.message().endswith("; read-only project: scores may be out of date")


def test_without_a_suggesting_model_the_sort_says_so(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        ids = project.documents.add([Document("One."), Document("Two.")]).ids
        listed, note = project.listing.learn_order("alice", MOST_FIRST)
    assert listed == ids and note.unscored == 2
    assert note.message() == (
        "Most to learn: no suggesting model yet (pre-annotate first); in id order"
    )


def test_a_version_7_file_upgrades_and_sorts_by_most_to_learn(tmp_path: Path) -> None:
    seven = tmp_path / "migrations"
    seven.mkdir()
    for path in sorted(migrations_dir().glob("000[1-7]_*.sql")):
        shutil.copy(path, seven)
    path = tmp_path / "old.db"
    with Project.open(path, migrations=seven) as old:  # what the previous release wrote
        assert old.schema_version == 7
        ids = old.documents.add([Document(f"Text {i} " * 10) for i in range(3)]).ids
        for model, found in (("base-1", spans(0)), ("trained-1", spans(0, 10))):
            old.models.register(ModelInfo(model, model, "1", "pipeline"))
            old.documents.replace_predictions([(ids[1], found), (ids[2], spans(0))], model, "1")
        old.models.use("trained-1")
    with Project.open(path) as project:
        assert project.schema_version == 9  # 0008 and the statement-less 0009
        assert project.backup is not None and project.backup.name.startswith("old.db.v7-")
        assert "uncertainty" in project.db["prediction_runs"].columns_dict
        listed, note = project.listing.learn_order("alice", MOST_FIRST)
    assert listed == [ids[1], ids[2], ids[0]]  # 1 disagreement, 0, not seen
    assert (note.basis.compared, note.scored, note.unscored) == ("base-1", 2, 1)
    with sqlite3.connect(project.backup) as backup:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 7
