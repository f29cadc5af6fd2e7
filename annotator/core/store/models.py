"""``project.models``: the models a project knows, and which one suggests.

A model's id is what makes it that model: a training run of this project,
or a pipeline's name, version and a digest of its files. Names alone are not
enough (every ``spacy train`` output is ``en_pipeline 0.0.0``). The
suggesting model is chosen by the user (``annotator models use``), never by
whichever model ran last, so one run of another pipeline changes nobody's
suggestions; the first model that predicts in a project without one becomes
it, and the caller says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError

from .util import dumps, loads, now_iso

if TYPE_CHECKING:
    from .project import Project

SUGGESTING = "models.suggesting"
KINDS = ("rules", "pipeline", "trained", "imported")


@dataclass
class ModelInfo:
    """One registered model and what is known of it."""

    id: str
    name: str
    version: str
    kind: str
    path: str | None = None
    digest: str | None = None
    base: str | None = None
    trained_on: dict[str, Any] = field(default_factory=dict)
    scores: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "kind": self.kind,
            "path": self.path,
            "digest": self.digest,
            "base": self.base,
            "trained_on": self.trained_on,
            "scores": self.scores,
            "created_at": self.created_at,
        }


_COLUMNS = "id, name, version, kind, path, digest, base, trained_on, scores, created_at"


def _model(row: tuple) -> ModelInfo:
    return ModelInfo(*row[:7], trained_on=loads(row[7]), scores=loads(row[8]), created_at=row[9])


class Models:
    """The ``models`` table and the suggesting-model setting."""

    def __init__(self, project: Project):
        self._project = project
        self._conn = project.db.conn

    def all(self) -> list[ModelInfo]:
        rows = self._conn.execute(f"SELECT {_COLUMNS} FROM models ORDER BY created_at, id")
        return [_model(r) for r in rows]

    def find(self, model_id: str) -> ModelInfo | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM models WHERE id = ?", (model_id,)
        ).fetchone()
        return _model(row) if row else None

    def get(self, model_id: str) -> ModelInfo:
        found = self.find(model_id)
        if found is None:
            known = ", ".join(m.id for m in self.all()) or "none yet"
            raise AnnotatorError(f"no model {model_id!r} in this project (models: {known})")
        return found

    def register(self, info: ModelInfo) -> bool:
        """Record a model; returns False when that id was already known (its
        record is then left as it was: the same files are the same model)."""
        if info.kind not in KINDS:
            raise AnnotatorError(f"unknown model kind {info.kind!r} (one of {', '.join(KINDS)})")
        if self.find(info.id) is not None:
            return False
        with self._project.transaction():
            self._conn.execute(
                f"INSERT INTO models ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    info.id,
                    info.name,
                    info.version,
                    info.kind,
                    info.path,
                    info.digest,
                    info.base,
                    dumps(info.trained_on),
                    dumps(info.scores),
                    info.created_at or now_iso(),
                ),
            )
            self._project.log_event("model.register", {"id": info.id, "kind": info.kind})
        return True

    def set_scores(self, model_id: str, scores: dict[str, Any]) -> None:
        self.get(model_id)
        with self._project.transaction():
            self._conn.execute(
                "UPDATE models SET scores = ? WHERE id = ?", (dumps(scores), model_id)
            )

    def suggesting(self) -> str | None:
        """The id of the model whose predictions seed new sets, if one is chosen."""
        return self._project.setting(SUGGESTING)

    def use(self, model_id: str) -> str | None:
        """Make ``model_id`` the suggesting model; returns the one before.
        Sets already made keep their spans: only untouched sets follow it."""
        self.get(model_id)
        before = self.suggesting()
        with self._project.transaction():
            self._project.set_setting(SUGGESTING, model_id)
            self._project.log_event("model.use", {"id": model_id, "before": before})
        return before

    def adopt_first(self, model_id: str) -> bool:
        """Make ``model_id`` the suggesting model if the project has none yet;
        returns whether it did (the caller tells the user)."""
        if self.suggesting() is not None:
            return False
        self.use(model_id)
        return True
