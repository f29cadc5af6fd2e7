"""Which run seeded many sets at once, read from their events in bulk.

``project.suggestions.seeded_by`` answers for one set (the window's status
bar); suggestion quality asks for every done set of the project, so it reads
the ``set.create`` / ``set.follow`` events of a chunk of sets per query
instead of one query per set. A set made before the models registry logged
``set.create`` with ``"seeded": N`` and no model: it is marked ``legacy`` so
the caller can say that the model had to be inferred.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .util import CHUNK, loads

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True, slots=True)
class SeedRecord:
    """The newest create/follow event of a set: the model and run it names,
    how many spans it put in, when, and whether it predates model ids."""

    model: str | None
    run: str | None
    seeded: int
    ts: str
    legacy: bool


def seeds_by_set(project: Project, set_ids: Iterable[int]) -> dict[int, SeedRecord]:
    """set id -> the seed its events record; a set without such an event
    (none is made without one) is left out."""
    wanted = list(dict.fromkeys(set_ids))
    found: dict[int, SeedRecord] = {}
    for i in range(0, len(wanted), CHUNK):
        chunk = wanted[i : i + CHUNK]
        marks = ",".join("?" * len(chunk))
        for set_id, kind, ts, payload in project.db.conn.execute(
            "SELECT set_id, kind, ts, payload FROM events"
            f" WHERE kind IN ('set.create', 'set.follow') AND set_id IN ({marks}) ORDER BY id",
            chunk,
        ):
            data = loads(payload)
            found[set_id] = SeedRecord(
                model=data.get("model"),
                run=data.get("run"),
                seeded=int(data.get("seeded", data.get("spans", 0)) or 0),
                ts=ts,
                legacy=kind == "set.create" and "model" not in data,
            )
    return found
