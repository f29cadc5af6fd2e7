"""The review window's gold inspector at 1280x800, at 100% and 200%
scaling: its parts are packed at the top with no empty gaps between them
(the spare height stays below), and selecting a tall span's form scrolls
inside the box instead of resizing the gold pane."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLayout, QWidget

from annotator.gui.review import ReviewWindow
from tests.gui.test_review import build

ROOT = Path(__file__).resolve().parents[2]
TOLERANCE = 3  # px beyond the layout's own spacing


def gaps(layout: QLayout) -> list[int]:
    """The empty height above the first visible widget and between each
    visible widget and the next, beyond the layout's spacing and margins."""
    widgets = [
        layout.itemAt(i).widget()
        for i in range(layout.count())
        if layout.itemAt(i).widget() is not None and not layout.itemAt(i).widget().isHidden()
    ]
    top = layout.contentsMargins().top()
    found = [widgets[0].geometry().top() - top] if widgets else []
    for above, below in pairwise(widgets):
        found.append(below.geometry().top() - above.geometry().bottom() - 1 - layout.spacing())
    return found


def open_review(path: Path) -> ReviewWindow:
    build(path)
    window = ReviewWindow(path)
    window.resize(1280, 800)
    window.show()
    return window


def measure(window: ReviewWindow) -> dict:
    """The gaps in the gold inspector with no span and with a STANCE
    selected, and the gold pane's height each time."""
    editor = window.gold
    column = window.findChild(QWidget, "sideColumn")
    found: dict = {"ratio": window.devicePixelRatioF()}
    found["empty"] = gaps(column.layout()) + gaps(editor.inspector.layout())
    found["pane_before"] = editor.view.parentWidget().height()
    s = window.session
    s.create_span(0, 5, "ACTOR")
    s.select(s.resolve(s.create_span(0, 30, "STANCE")))
    QApplication.processEvents()
    found["label"] = editor.inspector.title.text()
    found["stance"] = gaps(column.layout()) + gaps(editor.inspector.layout())
    found["pane_after"] = editor.view.parentWidget().height()
    return found


def check(found: dict) -> None:
    assert found["label"] == "STANCE · confirmed"
    assert max(found["empty"]) <= TOLERANCE, found
    assert max(found["stance"]) <= TOLERANCE, found
    assert found["pane_after"] == found["pane_before"]  # the form scrolls, the pane stays


def test_gold_inspector_has_no_gaps_at_1280x800(qtbot, tmp_path: Path) -> None:
    window = open_review(tmp_path / "review.db")
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.loaded, timeout=20000)
    found = measure(window)
    assert found["ratio"] == 1
    check(found)


def test_gold_inspector_has_no_gaps_at_200_percent(tmp_path: Path) -> None:
    """Scaling is fixed when Qt starts, so this runs in its own process."""
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen")
    code = (
        "import json, sys, time; from pathlib import Path;"
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from tests.gui import test_review_layout as t;"
        "w = t.open_review(Path(sys.argv[1])); end = time.monotonic() + 60\n"
        "while not w.loaded and time.monotonic() < end: app.processEvents()\n"
        "print(json.dumps(t.measure(w)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "review.db")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["ratio"] == 2
    check(found)
