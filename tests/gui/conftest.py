"""GUI fixtures: a real project file with the seed articles and predictions,
settings isolated in tmp_path, and a main window driven by qtbot."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.store import Project
from annotator.core.types import Document, Span

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

# A small deterministic "model": what it proposes on the seed texts.
PATTERNS = [
    (r"\b(?:Japan|Iran|Washington|Tehran)\b", "ACTOR", {"kind": "state"}),
    (r"\bHiroshige Seko\b", "ACTOR", {"kind": "person", "canonical": "Hiroshige Seko"}),
    (r"\d+(?:\.\d+)? million barrels per day", "FIGURE", {"unit": "bpd"}),
    (r"\bMay 2\b", "DATE", {"kind": "date"}),
]


def fake_predictions(text: str) -> list[Span]:
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for pattern, label, attrs in PATTERNS:
        for m in re.finditer(pattern, text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            spans.append(Span(m.start(), m.end(), label, dict(attrs), origin="model"))
    first = re.search(r"[^.]*\.", text)
    if first:
        spans.append(
            Span(first.start(), first.end(), "STANCE", {"polarity": "neutral"}, origin="model")
        )
    return sorted(spans, key=lambda s: (s.start, s.end))


def build_project(path: Path, extra: list[str] = ()) -> Path:
    from annotator.core.ingest import import_paths

    with Project.open(path) as project:
        import_paths(project, [SEEDS])
        if extra:
            project.documents.add(Document(text=t, title=f"extra {i}") for i, t in enumerate(extra))
        batch = [(d.id, fake_predictions(d.text)) for d in project.documents.stream()]
        project.documents.replace_predictions(batch, "test-model", "1.0")
    return path


@pytest.fixture(autouse=True)
def no_close_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """A window closed with edits still unwritten asks what to do with them, in
    a modal box nobody answers in a test run: the run would hang. A test that
    means to close such a window says what the user answers; any other test
    that leaves edits unwritten fails here, naming them."""
    from annotator.gui import recovery

    def unexpected(_parent, count: int, reason: str):
        raise AssertionError(f"a window closed with {count} unwritten edits: {reason}")

    monkeypatch.setattr(recovery, "ask_on_close", unexpected)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "settings"
    monkeypatch.setenv("ANNOTATOR_SETTINGS_DIR", str(folder))
    return folder


@pytest.fixture
def gui_db(tmp_path: Path) -> Path:
    return build_project(tmp_path / "gui.db")


@pytest.fixture
def make_window(qtbot, gui_db: Path) -> Iterator:
    """Open a MainWindow on a project file; every window is closed at the end."""
    from annotator.gui.window import MainWindow

    opened: list[tuple[MainWindow, Project]] = []

    def make(annotator: str = "alice", path: Path | None = None) -> MainWindow:
        project = Project.open(path or gui_db)
        window = MainWindow(project, annotator)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # window shortcuts need an active window
        window.open_first()
        window.editor.view.setFocus()
        opened.append((window, project))
        return window

    yield make
    for window, project in opened:
        if window.isVisible():
            window.close()
        project.close()
