"""Render docs/review.png and docs/dashboard.png from real windows on the seeds.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python docs/render_review.py

Builds a throw-away project: the five seed articles, the hand-made gold of
tests/fixtures/gold/seeds.jsonl as annotator "alice", and two other
annotators ("bob", "carol") whose sets are alice's with fixed, seeded
changes (a shifted boundary, a relabelled span, a missed span, an invented
one, a changed attribute), all marked done through the store. Then it opens
the review window, sends the agreed spans of the first document to gold,
takes one version, and grabs both windows at 1280x800.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_FIXTURE = ROOT / "tests" / "fixtures" / "gold" / "seeds.jsonl"


def _vary(spans: list, text: str, rng: random.Random, rate: float) -> list:
    """A plausible second annotator: alice's spans with some typical slips."""
    out = []
    for span in spans:
        roll = rng.random()
        if roll < rate * 0.25:
            continue  # missed
        if roll < rate * 0.5 and span.label == "ACTOR" and span.start >= 4:
            before = text.rfind(" ", 0, span.start - 1) + 1
            out.append(replace(span, start=before))  # took the word before, too
            continue
        if roll < rate * 0.7 and span.label in ("FIGURE", "DATE"):
            out.append(replace(span, label="DATE" if span.label == "FIGURE" else "FIGURE"))
            continue
        if roll < rate and span.label == "STANCE" and "polarity" in span.attrs:
            flipped = "neutral" if span.attrs["polarity"] != "neutral" else "support"
            out.append(replace(span, attrs={**span.attrs, "polarity": flipped}))
            continue
        out.append(span)
    return out


def build_project(path: Path) -> None:
    from annotator.core.ingest import import_paths
    from annotator.core.store import Project, text_hash
    from annotator.core.types import Span

    rng = random.Random(7)
    with Project.open(path) as p:
        import_paths(p, [ROOT / "seeds"])
        for line in GOLD_FIXTURE.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            doc = p.documents.by_hash(text_hash(record["text"]))
            spans = [
                Span(s["start"], s["end"], s["label"], dict(s.get("attrs") or {}))
                for s in record["spans"]
            ]
            versions = {
                "alice": spans,
                "bob": _vary(spans, doc.text, rng, 0.18),
                "carol": _vary(spans, doc.text, rng, 0.12),
            }
            for name, chosen in versions.items():
                aset = p.sets.open(doc.id, name, seed=False)
                for span in chosen:
                    p.sets.add_span(aset.id, span)
                p.sets.set_status(aset.id, "done")


def main(out_dir: Path) -> int:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from annotator.gui.app import save_screenshot
    from annotator.gui.review import DashboardWindow, ReviewWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "review-demo.db"
        build_project(db)
        review = ReviewWindow(db)
        while not review.loaded:  # the list is read on a worker thread
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        review.agreed_to_gold()
        review.take(1)  # the first disagreement, selected on opening
        review.next_unresolved()
        ok = save_screenshot(review, out_dir / "review.png")
        review.close()
        dashboard = DashboardWindow(db)
        while dashboard.report is None:  # computed on a worker thread
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        ok = save_screenshot(dashboard, out_dir / "dashboard.png") and ok
        dashboard.close()
    del app
    print(f"wrote {out_dir / 'review.png'} and {out_dir / 'dashboard.png'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"))
