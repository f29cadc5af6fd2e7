"""A window waiting for the lock is said through ``PROJECT-wait``, and a
staged run gives way to it: its chunk commits after the batch it is
writing, its next ``BEGIN`` waits while the signal is fresh, and a stale
or missing signal changes nothing."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
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


def test_any_writer_says_it_waits_and_withdraws_once_it_is_in(tmp_path: Path) -> None:
    """Not only the window: a command's transaction touches the signal while
    another connection holds the lock, and removes it once it got in."""
    path = tmp_path / "p.db"
    with Project.open(path) as writer:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        signal = WaitSignal(path)
        seen: list[bool] = []
        done = threading.Event()

        def command() -> None:
            with Project.open(path) as other, other.transaction():
                other.set_setting("by", "command")
            done.set()

        thread = threading.Thread(target=command)
        thread.start()
        deadline = time.monotonic() + 5
        while not signal.waiting() and time.monotonic() < deadline:
            time.sleep(0.005)
        seen.append(signal.waiting())
        holder.execute("COMMIT")
        thread.join()
        holder.close()
        assert seen == [True] and done.is_set()
        assert not signal.path.exists()
        assert writer.setting("by") == "command"


def test_a_command_beside_a_long_run_gets_in_long_before_its_busy_timeout(
    tmp_path: Path,
) -> None:
    """A run with chunks far longer than the command waits (10 s, 1,000,000
    rows) commits after its batch once the command says it waits: the command
    gets in within its 400 ms, which SQLite's silent busy handler would not."""
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        results: list[str] = []
        started = threading.Event()

        def command() -> None:
            with Project.open(path) as other:
                other.set_busy_timeout(400)
                started.wait()
                try:
                    with other.transaction():
                        other.set_setting("by", "command")
                    results.append("written")
                except AnnotatorError as exc:
                    results.append(str(exc))

        thread = threading.Thread(target=command)
        thread.start()
        with staging.staged_run(
            project, "import", "nothing was imported", chunk_rows=1_000_000, chunk_seconds=10
        ) as run:
            n = 0
            deadline = time.monotonic() + 5
            while not results and time.monotonic() < deadline:
                with run.write(1):
                    project.documents.add([Document(f"text {n}")])
                n += 1
                started.set()
        thread.join()
        assert results == ["written"]
        assert run.commits >= 2  # the chunk it ended for the command, and the last
        assert project.setting("by") == "command"
        assert len(project.documents.ids()) == n
