"""Twenty kill -9s at random moments during scripted edits in a window.

A child process opens the main window on the project and edits one
document as fast as it can: notes, STANCE spans added, spans deleted and
relabelled, skip and reopen, chosen by a seeded random generator (each run
reproducible from its seed). The windows are forked from one process that
has loaded Qt and spaCy once, so each run costs a window, not a Python
start. Before each edit it writes to a side file,
fsync'd, what the window showed as saved and what the edit will make of
it; after the edit it checks the window shows exactly that, with nothing
pending. The parent kills it with SIGKILL after a random delay and reads
the file through a fresh connection: the set must be what the window
showed before the last edit began, or what that edit made, never anything
else. The next run starts from that file, so twenty kills pile up.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261202
KILLS = 20

CHILD = textwrap.dedent(
    """
    import json, os, random, re, sys
    sys.path.insert(0, sys.argv[1])
    from PySide6.QtWidgets import QApplication
    from annotator.core.store import Project
    from annotator.core.tokens import blank_english
    from annotator.gui.offsets import trim_space
    from annotator.gui.window import MainWindow

    blank_english()  # loaded once, before the forks: each window starts in a blink

    def edit_until_killed(db, side_path, seed):
        app = QApplication([])
        project = Project.open(db)
        window = MainWindow(project, "kim")
        s = window.session
        s.open_document(1)
        text = s.doc.text
        words = [m.span() for m in re.finditer(r"[A-Za-z]{4,}", text)]
        rng = random.Random(seed)
        side = open(side_path, "a", encoding="utf-8")

        def shown():
            spans = sorted([x.start, x.end, x.label] for x in s.spans.values())
            return {"note": s.state["note"], "status": s.state["status"], "spans": spans}

        def record(line):
            side.write(json.dumps(line) + "\\n")
            side.flush()
            os.fsync(side.fileno())

        print("READY", os.getpid(), flush=True)
        k = 0
        while True:
            before = shown()
            after = json.loads(json.dumps(before))
            kind = rng.choice(["note", "add", "add", "delete", "relabel", "status"])
            keys = {tuple(x) for x in before["spans"]}
            if kind == "note":
                note = f"note {seed}-{k}"
                after["note"] = note
                action = lambda note=note: s.set_note(note)
            elif kind == "add":
                a, b = trim_space(text, *s.tokens.snap(*rng.choice(words)))
                if (a, b, "STANCE") in keys:
                    continue
                after["spans"] = sorted(after["spans"] + [[a, b, "STANCE"]])
                action = lambda a=a, b=b: s.create_span(a, b, "STANCE")
            elif kind in ("delete", "relabel"):
                if not s.spans:
                    continue
                span = rng.choice(sorted(s.spans.values(), key=lambda x: (x.start, x.end, x.label)))
                rest = [x for x in after["spans"] if x != [span.start, span.end, span.label]]
                if kind == "delete":
                    after["spans"] = rest
                    action = lambda i=span.id: s.delete(i)
                else:
                    label = rng.choice([n for n in ("ACTOR", "FIGURE", "DATE") if n != span.label])
                    if span.label == "STANCE" or (span.start, span.end, label) in keys:
                        continue
                    after["spans"] = sorted(rest + [[span.start, span.end, label]])
                    action = lambda i=span.id, label=label: s.relabel(i, label)
            else:
                back = before["status"] in ("done", "skipped")
                after["status"] = "in_progress" if back else "skipped"
                action = s.reopen if back else (lambda: s.skip("random"))
            if kind in ("add", "delete", "relabel") and after["status"] == "todo":
                after["status"] = "in_progress"
            record({"k": k, "before": before, "after": after})
            action()
            if shown() != after or len(s.pending):
                record({"bad": k, "shown": shown(), "pending": len(s.pending)})
                sys.exit(3)
            k += 1

    for line in sys.stdin:
        db, side_path, seed = line.rstrip("\\n").split("\\t")
        pid = os.fork()
        if pid == 0:  # the window's process, the one that is killed
            try:
                edit_until_killed(db, side_path, int(seed))
            finally:
                os._exit(3)
        _, status = os.waitpid(pid, 0)
        print("DEAD", status, flush=True)
    """
)


def on_disk(path: Path) -> dict:
    """kim's set of document 1 as the file holds it, in the child's shape."""
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT s.id, s.note, s.status FROM annotation_sets s JOIN annotators a"
            " ON a.id = s.annotator_id WHERE s.document_id = 1 AND a.name = 'kim'"
        ).fetchone()
        spans = conn.execute(
            "SELECT start_char, end_char, label FROM spans WHERE set_id = ?", (row[0],)
        )
        return {"note": row[1], "status": row[2], "spans": sorted(list(r) for r in spans)}
    finally:
        conn.close()


def last_record(path: Path) -> dict:
    """The last whole line of the side file (a kill may cut the one after)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in reversed(lines):
        try:
            return json.loads(line)
        except json.JSONDecodeError:
            continue
    raise AssertionError(f"{path}: no whole line")


def test_twenty_random_kills_lose_nothing_the_window_showed(tmp_path, gui_db):
    rng = random.Random(SEED)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_SETTINGS_DIR=str(tmp_path))
    forks = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
        bufsize=1,
    )
    edits = 0
    previous: dict | None = None
    try:
        for run in range(KILLS):
            side = tmp_path / f"shown-{run}.jsonl"
            seed = SEED + run
            forks.stdin.write(f"{gui_db}\t{side}\t{seed}\n")
            forks.stdin.flush()
            word, pid = forks.stdout.readline().split()
            assert word == "READY", f"run {run} (seed {seed})"
            # the random moment: the window edits meanwhile and never ends by itself
            ended, _, _ = select.select([forks.stdout], [], [], rng.uniform(0.05, 0.6))
            assert not ended, f"run {run} (seed {seed}): {forks.stdout.readline()}"
            os.kill(int(pid), signal.SIGKILL)
            word, status = forks.stdout.readline().split()
            assert word == "DEAD" and os.WIFSIGNALED(int(status)), f"run {run} (seed {seed})"
            last = last_record(side)
            assert "bad" not in last, f"run {run} (seed {seed}): the window showed {last}"
            first = json.loads(side.read_text(encoding="utf-8").splitlines()[0])
            if previous is not None:  # what the last kill left is what this window opened
                assert first["before"] == previous, f"run {run} (seed {seed})"
            held = on_disk(gui_db)
            where = f"run {run} (seed {seed}), edit {last['k']}"
            assert held in (last["before"], last["after"]), where
            previous = held
            edits += last["k"]
    finally:
        forks.stdin.close()
        forks.wait(30)
    assert edits >= KILLS  # the kills landed among edits, not all before the first
