"""What this window knows of each set's version, to refuse stale writes.

A set's version is its newest event (``project.sets.version``). A window
that writes a set another window or program changed since it read it would
act on what is no longer there, so every write checks the version it knows
inside the write's transaction, and every write of its own updates it.
"""

from __future__ import annotations

from annotator.core.store import Project


class SetVersions(dict[int, int]):
    """set id -> the version this window last read or wrote."""

    def __init__(self, project: Project):
        super().__init__()
        self._project = project

    def stale(self, set_id: int | None) -> bool:
        """Whether the set changed elsewhere since this window knew it."""
        known = self.get(set_id) if set_id is not None else None
        return known is not None and self._project.sets.version(set_id) != known

    def wrote(self, set_id: int | None) -> None:
        """This window's own write went through: it knows the set's new version."""
        if set_id is not None:
            self[set_id] = self._project.sets.version(set_id)

    def wrote_many(self) -> None:
        """A step over many documents went through: every set this window
        knows may have a new version, written by this window."""
        for set_id in list(self):
            self.wrote(set_id)

    def read(self, set_id: int) -> bool:
        """Remember the version read now; True when it differs from the one
        known before (the set was changed while this window was away)."""
        current = self._project.sets.version(set_id)
        known = self.get(set_id)
        self[set_id] = current
        return known is not None and known != current
