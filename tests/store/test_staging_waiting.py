"""A window waiting for the lock is said through ``PROJECT-wait``, and a
staged run gives way to it: its chunk commits after the batch it is
writing, its next ``BEGIN`` waits while the signal is fresh, and a stale
or missing signal changes nothing."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from annotator.core.store import Project, staging, waiting
from annotator.core.store.waiting import FRESH_SECONDS, WaitSignal
from annotator.core.types import Document


@pytest.fixture
def project(tmp_path: Path):
    with Project.open(tmp_path / "p.db") as p:
        yield p


def test_the_signal_is_a_file_beside_the_project_fresh_only_while_touched(
    project: Project,
) -> None:
    signal = WaitSignal(project.path)
    assert signal.path == Path(f"{project.path}-wait")
    assert not signal.waiting()
    signal.announce()
    assert signal.waiting() and signal.path.exists()
    old = time.time() - 10 * FRESH_SECONDS  # a window that stopped retrying, or died
    os.utime(signal.path, (old, old))
    assert not signal.waiting()
    signal.withdraw()
    assert not signal.path.exists()
    signal.withdraw()  # nothing to withdraw: no error


def test_a_folder_that_refuses_the_file_only_loses_the_hint(tmp_path: Path) -> None:
    signal = WaitSignal(tmp_path / "missing-folder" / "p.db")
    signal.announce()
    assert not signal.waiting()


def test_a_chunk_commits_after_its_batch_once_a_window_waits(project: Project, monkeypatch) -> None:
    monkeypatch.setattr(waiting, "LOOK_SECONDS", 0.0)  # look after every batch
    signal = WaitSignal(project.path)
    with staging.staged_run(project, "import", "nothing was imported", chunk_rows=10_000) as run:
        with run.write(1):
            project.documents.add([Document("first")])
        assert run.commits == 0  # one row of 10,000: the chunk stays open
        signal.announce()
        with run.write(1):
            project.documents.add([Document("second")])
        assert run.commits == 1  # committed at once, not at 10,000 rows
        signal.withdraw()
        with run.write(1):
            project.documents.add([Document("third")])
        assert run.commits == 1
    assert len(project.documents.ids()) == 3


def test_a_run_takes_the_lock_only_once_the_window_stopped_waiting(
    project: Project, monkeypatch
) -> None:
    monkeypatch.setattr(waiting, "FRESH_SECONDS", 60.0)  # no stale signal in this test
    monkeypatch.setattr(waiting, "GIVE_WAY_SECONDS", 60.0)
    signal = WaitSignal(project.path)
    signal.announce()
    order: list[str] = []

    def window() -> None:  # the window writes a moment later, then no longer waits
        time.sleep(0.05)
        order.append("window wrote")
        signal.withdraw()

    thread = threading.Thread(target=window)
    thread.start()
    with staging.patient_transaction(project, signal):
        order.append("run began")
    thread.join()
    assert order == ["window wrote", "run began"]
