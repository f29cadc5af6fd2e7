"""Render docs/screenshot.png: the annotation window with relation arcs.

    QT_QPA_PLATFORM=offscreen python docs/render_screenshot.py docs/screenshot.png

Builds a throw-away project: the five seed articles, with the hand-made
gold of tests/fixtures/gold/seeds.jsonl (spans and HOLDER/TARGET relations)
stored as the model's predictions, so annotator "alice" sees them seeded as
suggestions (dashed arcs). In the first article she has confirmed the
first two relations (solid arcs). Then ``annotator gui --screenshot`` draws
the window as it opens, with settings in a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_FIXTURE = ROOT / "tests" / "fixtures" / "gold" / "seeds.jsonl"


def _end(span: dict) -> tuple[int, int, str]:
    """A relation end of the gold (``rel.manual``'s head_span/child_span) as a span key."""
    return span["start"], span["end"], span["label"]


def build_project(path: Path) -> None:
    from annotator.core.ingest import import_paths
    from annotator.core.store import Project, text_hash
    from annotator.core.types import Relation, Span

    with Project.open(path) as project:
        import_paths(project, [ROOT / "seeds"])
        batch, relations = [], {}
        for line in GOLD_FIXTURE.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            doc = project.documents.by_hash(text_hash(record["text"]))
            spans = [
                Span(s["start"], s["end"], s["label"], dict(s.get("attrs") or {}), origin="model")
                for s in record["spans"]
            ]
            batch.append((doc.id, spans))
            relations[doc.id] = [
                Relation(_end(r["head_span"]), _end(r["child_span"]), r["label"], origin="model")
                for r in record.get("relations", [])
            ]
        project.documents.replace_predictions(batch, "gold-as-model", "1", relations=relations)
        first = min(doc_id for doc_id, _ in batch)
        aset = project.sets.open(first, "alice")
        for relation in project.relations.of_set(aset.id)[:2]:
            project.relations.relabel(relation.id, relation.label)  # confirmed: origin human


def main(out: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="annotator-screenshot-") as folder:
        db = Path(folder) / "screenshot.db"
        build_project(db)
        env = dict(os.environ, ANNOTATOR_SETTINGS_DIR=str(Path(folder) / "settings"))
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        command = [str(Path(sys.executable).with_name("annotator")), "gui", "--db", str(db)]
        command += ["--annotator", "alice", "--screenshot", str(out)]
        return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png")))
