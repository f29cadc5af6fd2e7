"""``project.categories``: each set's answers to the scheme's document
categories (``relevance``: relevant; ``genre``: report).

One row per chosen value, so a many-choice category needs no list encoding
and agreement can count values with SQL. A value is a model suggestion until
confirmed, like a span. Every write is one transaction with its event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError

from .util import CHUNK, now_iso

if TYPE_CHECKING:
    from .project import Project


class Categories:
    """The ``categories`` table."""

    def __init__(self, project: Project):
        self._project = project
        self._conn = project.db.conn

    # -- reading ---------------------------------------------------------
    def of_set(self, set_id: int) -> dict[str, list[str]]:
        return self.by_set([set_id])[set_id]

    def by_set(self, set_ids: Iterable[int]) -> dict[int, dict[str, list[str]]]:
        """Answers of many sets: category name to its chosen values, sorted."""
        ids = list(dict.fromkeys(set_ids))
        found: dict[int, dict[str, list[str]]] = {i: {} for i in ids}
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            for set_id, name, value in self._conn.execute(
                f"SELECT set_id, name, value FROM categories WHERE set_id IN ({marks})"
                " ORDER BY set_id, name, value",
                chunk,
            ):
                found[set_id].setdefault(name, []).append(value)
        return found

    def origins(self, set_id: int) -> dict[tuple[str, str], str]:
        """(category, value) to ``model`` or ``human``: the window draws suggestions apart."""
        return {
            (r[0], r[1]): r[2]
            for r in self._conn.execute(
                "SELECT name, value, origin FROM categories WHERE set_id = ?", (set_id,)
            )
        }

    def value_counts(self) -> dict[tuple[str, str], int]:
        return {
            (r[0], r[1]): r[2]
            for r in self._conn.execute(
                "SELECT name, value, count(*) FROM categories GROUP BY name, value"
            )
        }

    # -- writing ---------------------------------------------------------
    def set(
        self, set_id: int, name: str, values: Sequence[str], origin: str = "human"
    ) -> list[str]:
        """Make ``values`` the set's answer to category ``name`` (an empty list
        clears it); returns the previous values so an undo can restore them."""
        values = sorted(dict.fromkeys(values))
        self.check(name, values)
        before = self.of_set(set_id).get(name, [])
        with self._project.transaction():
            self._conn.execute(
                "DELETE FROM categories WHERE set_id = ? AND name = ?", (set_id, name)
            )
            self._insert(set_id, name, values, origin)
            self._project.sets.touch(set_id)
            self._project.sets.log(
                "category.set", set_id, {"name": name, "old": before, "new": values}
            )
        return before

    def check(self, name: str, values: Sequence[str]) -> None:
        """Refuse, in one line, a category or value the scheme lacks, or two
        values for a one-choice category."""
        scheme = self._project.scheme()
        category = scheme.category(name)
        if category is None:
            known = ", ".join(scheme.category_names) or "none"
            raise AnnotatorError(f"unknown category {name!r} (the scheme has: {known})")
        for value in values:
            if value not in category.value_names:
                raise AnnotatorError(
                    f"{value!r} is not a value of {name!r} ({', '.join(category.value_names)})"
                )
        if category.exclusive and len(values) > 1:
            raise AnnotatorError(f"{name!r} takes one value, not {len(values)}")

    def insert(self, set_id: int, name: str, values: Iterable[str], origin: str = "human") -> None:
        """Add values inside the caller's transaction (seeding, replace, merge)."""
        values = list(values)
        self.check(name, values)
        self._insert(set_id, name, values, origin)

    def replace(self, set_id: int, answers: dict[str, list[str]]) -> None:
        """Make ``answers`` the set's whole answers, inside the caller's transaction."""
        self._conn.execute("DELETE FROM categories WHERE set_id = ?", (set_id,))
        for name, values in answers.items():
            self.insert(set_id, name, values)

    def set_origins(self, set_id: int, origin: str) -> list[tuple[str, str]]:
        """Turn the set's suggested answers into ``origin``; returns which changed."""
        other = "model" if origin == "human" else "human"
        changed = [
            (r[0], r[1])
            for r in self._conn.execute(
                "SELECT name, value FROM categories WHERE set_id = ? AND origin = ?",
                (set_id, other),
            )
        ]
        self.restore_origins(set_id, changed, origin)
        return changed

    def restore_origins(self, set_id: int, answers: Sequence[tuple], origin: str) -> None:
        self._conn.executemany(
            "UPDATE categories SET origin = ? WHERE set_id = ? AND name = ? AND value = ?",
            [(origin, set_id, name, value) for name, value in answers],
        )

    def delete_values(self, name: str, values: Iterable[str] | None, reason: str) -> int:
        """Delete answers a scheme change dropped (all of ``name`` when
        ``values`` is None), each set's deletion logged; returns how many."""
        where, args = "name = ?", [name]
        if values is not None:
            values = list(values)
            where += f" AND value IN ({','.join('?' * len(values))})"
            args += values
        with self._project.transaction():
            for set_id, value in self._conn.execute(
                f"SELECT set_id, value FROM categories WHERE {where}", args
            ).fetchall():
                self._project.log_event(
                    "category.delete",
                    {"name": name, "value": value, "reason": reason},
                    set_id=set_id,
                )
            return self._conn.execute(f"DELETE FROM categories WHERE {where}", args).rowcount

    def _insert(self, set_id: int, name: str, values: Iterable[str], origin: str) -> None:
        stamp = now_iso()
        self._conn.executemany(
            "INSERT OR IGNORE INTO categories (set_id, name, value, origin, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(set_id, name, value, origin, stamp) for value in values],
        )
