"""New sets of an annotated import are written in batches (store/new_sets.py)
and must come out exactly as ``Sets.replace`` made them one by one: rows,
spans, relations, answers, kept fields and the events in the log."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.ingest import annotations, fresh
from annotator.core.store import Project
from tests.helpers import run_cli

TEXTS = [f"Japan told Iran on day {i} that oil imports would continue." for i in range(30)]


def lines() -> list[dict]:
    out = []
    for i, text in enumerate(TEXTS):
        line = {
            "text": text,
            "spans": [
                {"start": 0, "end": 5, "label": "ACTOR"},
                {"start": 11, "end": 15, "label": "ACTOR"},
            ],
            "answer": "reject" if i % 10 == 3 else "accept",
            "_input_hash": i,
            "_task_hash": -i,
        }
        out.append(line)
    return out


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def snapshot(db: Path) -> tuple[list, list]:
    """Every set (document text, annotator, status, skip reason, meta, spans)
    and every event (kind, document text, annotator, payload), ids left out."""
    with Project.open(db) as project:
        conn = project.db.conn
        sets = conn.execute(
            "SELECT d.text, a.name, s.status, s.skip_reason, s.note, s.meta,"
            " (SELECT group_concat(start_char || '-' || end_char || label || attrs || origin, ';')"
            "  FROM spans WHERE set_id = s.id)"
            " FROM annotation_sets s JOIN documents d ON d.id = s.document_id"
            " JOIN annotators a ON a.id = s.annotator_id ORDER BY d.text, a.name"
        ).fetchall()
        events = conn.execute(
            "SELECT e.kind, d.text, e.annotator, e.payload FROM events e"
            " LEFT JOIN documents d ON d.id = e.document_id ORDER BY e.id"
        ).fetchall()
    return sets, events


def test_batched_new_sets_equal_the_one_by_one_ones(tmp_path, capsys, monkeypatch):
    source = write(tmp_path / "alice.jsonl", lines())
    batched, one_by_one = tmp_path / "batched.db", tmp_path / "single.db"
    code, out, err = run_cli(capsys, "import", source, "--annotator", "alice", "--db", batched)
    assert code == 0, err
    assert "imported 30 annotation sets with 60 spans" in out  # 3 rejected: skipped sets

    monkeypatch.setattr(fresh, "add_sets", _refuse)
    monkeypatch.setattr(annotations, "existing_pairs", _everything_there)
    code, out2, err = run_cli(capsys, "import", source, "--annotator", "alice", "--db", one_by_one)
    assert code == 0, err
    assert out2 == out.replace(str(batched), str(one_by_one))

    sets, events = snapshot(batched)
    assert (sets, events) == snapshot(one_by_one)
    assert len(sets) == 30
    skipped = [s for s in sets if s[2] == "skipped"]
    assert [s[3] for s in skipped] == ["reject"] * 3
    kinds = [e[0] for e in events if e[1] == TEXTS[3]]
    assert kinds == ["set.create", "set.replace", "set.status"]
    assert json.loads(sets[0][5])["prodigy"]  # the hashes kept, not shown


def _refuse(project, sets):
    assert not sets, "the one-by-one run must not write sets in batches"
    return []


def _everything_there(project, ids):
    """A look-up that says every document has a set already: each record
    then goes through the conflict rule one by one (``Sets.replace``)."""
    return {(doc_id, "alice") for doc_id in ids}


def test_a_set_made_meanwhile_goes_by_the_conflict_rule(tmp_path, capsys, monkeypatch):
    """The first look-up is stale (a window made alice's set after it): the
    batch's own look-up, inside its transaction, hands the record back to
    the conflict rule, which keeps the incoming set beside hers."""
    db = tmp_path / "p.db"
    first = write(tmp_path / "first.jsonl", [{"text": TEXTS[0], "spans": [], "answer": "accept"}])
    assert run_cli(capsys, "import", first, "--annotator", "alice", "--db", db)[0] == 0
    monkeypatch.setattr(annotations, "existing_pairs", lambda project, ids: set())
    later = write(tmp_path / "later.jsonl", lines()[:2])
    code, out, err = run_cli(capsys, "import", later, "--annotator", "alice", "--db", db)
    assert code == 0, err
    assert "kept beside it as alice@later" in out
    assert "later.jsonl: 2 lines -> 1 new document, 2 sets, 1 conflict" in out
    with Project.open(db) as project:
        names = sorted((s.document_id, s.annotator) for s in project.sets.select())
    assert names == [(1, "alice"), (1, "alice@later"), (2, "alice")]
