"""The suggesting model and what its suggestions do to sets: seed new ones,
follow untouched ones, never change edited ones without ``pull``."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.store import Project
from annotator.core.store.models import ModelInfo
from annotator.core.types import Document, Span

TEXT = "Japan said on Friday it would keep buying oil from Iran."
JAPAN, FRIDAY, IRAN = Span(0, 5, "ACTOR"), Span(14, 20, "DATE"), Span(51, 55, "ACTOR")


@pytest.fixture
def project(tmp_path: Path):
    with Project.open(tmp_path / "p.db") as project:
        project.documents.add([Document(TEXT)])
        for model in ("rules", "trained-1"):
            project.models.register(
                ModelInfo(model, model, "1", "rules" if model == "rules" else "trained")
            )
        yield project


def _predict(project: Project, model: str, spans: list[Span]) -> None:
    doc = project.documents.ids()[0]
    suggested = [Span(s.start, s.end, s.label, origin="model") for s in spans]
    project.documents.replace_predictions([(doc, suggested)], model, "1")


def _keys(spans) -> list:
    return sorted(s.key() for s in spans)


def test_another_model_running_changes_nobodys_suggestions(project: Project) -> None:
    doc = project.documents.ids()[0]
    _predict(project, "trained-1", [JAPAN, IRAN])
    project.models.use("trained-1")
    _predict(project, "rules", [JAPAN])  # newer, but not the suggesting model
    assert _keys(project.sets.open(doc, "alice").spans) == _keys([JAPAN, IRAN])
    assert project.suggestions.seeded_by(project.sets.find(doc, "alice").id).model == "trained-1"


def test_an_untouched_set_follows_the_chosen_model_and_an_edited_one_does_not(
    project: Project,
) -> None:
    doc = project.documents.ids()[0]
    _predict(project, "rules", [JAPAN])
    project.models.use("rules")
    untouched = project.sets.open(doc, "alice")
    edited = project.sets.open(doc, "bob")
    project.sets.add_span(edited.id, Span(14, 20, "DATE"))
    _predict(project, "trained-1", [JAPAN, IRAN])
    assert project.models.use("trained-1") == "rules"
    followed = project.sets.open(doc, "alice")
    assert _keys(followed.spans) == _keys([JAPAN, IRAN])
    event = project.events(untouched.id)[0]
    assert event["kind"] == "set.follow" and event["payload"]["before"] == "rules"
    assert _keys(project.sets.open(doc, "bob").spans) == _keys([JAPAN, FRIDAY])


def test_pull_adds_what_does_not_collide_and_undo_takes_it_back(project: Project) -> None:
    doc = project.documents.ids()[0]
    set_id = project.sets.open(doc, "alice").id
    project.sets.add_span(set_id, Span(0, 20, "FIGURE"))  # overlaps JAPAN and FRIDAY
    _predict(project, "rules", [JAPAN, FRIDAY, IRAN])
    pulled = project.suggestions.pull(set_id)
    assert pulled.skipped == 2 and len(pulled.span_ids) == 1
    assert _keys(project.sets.get(set_id).spans) == _keys([Span(0, 20, "FIGURE"), IRAN])
    assert project.events(set_id)[0]["kind"] == "set.pull"
    project.suggestions.undo_pull(set_id, pulled)
    assert _keys(project.sets.get(set_id).spans) == _keys([Span(0, 20, "FIGURE")])


def test_using_an_unknown_model_is_refused_in_one_line(project: Project) -> None:
    with pytest.raises(AnnotatorError, match=r"no model 'nope' in this project \(models: rules"):
        project.models.use("nope")
    assert project.models.suggesting() is None


def test_the_same_files_are_the_same_model(project: Project) -> None:
    assert not project.models.register(ModelInfo("rules", "rules", "2", "rules"))
    assert project.models.get("rules").version == "1"
