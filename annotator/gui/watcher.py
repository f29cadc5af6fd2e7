"""Following the project file while the window is open.

Other programs write to the same file (an ``import`` or ``merge`` in a
terminal, another window): the window polls SQLite's change counter
(``project.data_version()``, free: no read of the file) at most every two
seconds, and when it moved refreshes the document list, the counts and the
open document, unless that document has edits still pending. And while the
window is open the ``-wal`` grows with every edit, so a passive checkpoint
(which never waits for anyone) copies it into the file every minute: a copy
of the file alone then lacks at most a minute of work. The window's own
commits never checkpoint (SQLite's automatic one, in the commit that finds
the log long): an edit beside a long import would wait for that copy.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from annotator.core.store import Project

from .session import Session

POLL_MS = 2000
CHECKPOINT_MS = 60_000


class ChangePoll(QObject):
    """Others' commits noticed, for a window that shows what many people
    make: the review window re-reads its list and the dashboard its figures
    when annotators' work arrives. The poll reads the change counter only
    (``data_version``: no read of the file; on a server, one read of the
    change counter every commit bumps), every ``interval_ms``, never in a busy loop."""

    def __init__(
        self, project: Project, changed: Callable[[], None], parent: QObject, interval_ms: int
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.changed = changed
        self.seen = project.data_version()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def stop(self) -> None:
        """The window closes: no poll of a project about to be closed."""
        self.timer.stop()

    def check(self) -> bool:
        """Call ``changed`` when another connection committed; True when it did."""
        current = self.project.data_version()
        if current == self.seen:
            return False
        self.seen = current
        self.changed()
        return True


class ProjectWatcher(QObject):
    """Two timers: the change poll and the periodic checkpoint."""

    def __init__(
        self, project: Project, session: Session, refresh: Callable[[], None], parent: QObject
    ) -> None:
        """``refresh`` redraws the list, counts and progress (the window's)."""
        super().__init__(parent)
        self.project = project
        self.session = session
        self.refresh = refresh
        self.poll = ChangePoll(project, self._changed, self, POLL_MS)
        self.checkpoints = QTimer(self)
        self.checkpoints.setInterval(CHECKPOINT_MS)
        self.checkpoints.timeout.connect(self.checkpoint)
        if not project.read_only:
            project.checkpoint_on_timer()  # the window's commits never copy the log
            self.checkpoints.start()

    def stop(self) -> None:
        """The window closes (its project is closed right after)."""
        self.poll.stop()
        self.checkpoints.stop()

    def check(self) -> bool:
        """Refresh when another connection committed; True when it did."""
        return self.poll.check()

    def _changed(self) -> None:
        """The list, the counts and, unless edits of it wait, the open document."""
        s = self.session
        s.recount()
        self.refresh()
        set_id = s.set_id
        if (
            set_id is not None
            and not s.pending.for_set(set_id)
            and set_id in s.versions
            and self.project.sets.version(set_id) != s.versions[set_id]
        ):
            s.reload_changed()

    def checkpoint(self) -> None:
        """PASSIVE: copies what it can without waiting; a busy file is tried
        again next minute."""
        # sqlite3's errors (the GUI does not import sqlite3): the next tick
        # tries again, and nothing on screen depends on it
        with contextlib.suppress(Exception):
            self.project.checkpoint("PASSIVE")
