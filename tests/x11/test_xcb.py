"""The window on a real X server: Debian's Xvfb and Qt's xcb platform.

Every other GUI test runs offscreen, which needs none of the X11 client
libraries that a desktop start needs; this one would fail where a user's
first start fails (a missing ``libxcb-*``). It starts Xvfb itself, runs a
short annotation session in a child process with ``QT_QPA_PLATFORM=xcb``
(tests/x11/session.py) and checks the project file against what the window
showed. CI installs Xvfb (``.ci/run``); on a machine without it the test
fails under CI and is skipped elsewhere, saying why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.store import Project
from annotator.gui.platform_libs import missing_libraries, xcb_problem

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def x_display() -> Iterator[str]:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is not installed: .ci/run must install Debian's xvfb")
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not report a display number"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def test_the_xcb_plugin_finds_every_library_it_links() -> None:
    assert missing_libraries() == {}, xcb_problem()


def test_a_missing_library_is_named_with_its_package() -> None:
    message = xcb_problem({"libxcb-nothere.so.9": "libxcb-nothere9", "libxcb.so.1": "libxcb1"})
    assert message == (
        "error: Qt's X11 (xcb) platform cannot start: libxcb-nothere.so.9 missing; "
        "install with: sudo apt-get install libxcb-nothere9"
    )


def test_annotate_accept_and_close_on_a_real_x_server(x_display: str, tmp_path: Path) -> None:
    from annotator.core.ingest import import_paths

    db = tmp_path / "x11.db"
    with Project.open(db) as project:
        import_paths(project, [ROOT / "seeds"])
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": x_display,
        "ANNOTATOR_SETTINGS_DIR": str(tmp_path / "settings"),
    }
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "x11" / "session.py"), str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["platform"] == "xcb"
    assert shown["exposed"] is True
    assert shown["active"] is True
    assert shown["span"][2] == "FIGURE"
    assert shown["now_showing"] != shown["document"]  # accepted, moved on
    with Project.open(db) as project:
        stored = project.sets.get(shown["set"])
        spans = [(s.start, s.end, s.label, s.origin) for s in project.sets.spans(shown["set"])]
        text = project.documents.get(shown["document"]).text
    assert stored.status == "done"
    start, end, label = shown["span"]
    assert text[start:end] == "crude"
    assert (start, end, label, "human") in spans


def test_readme_install_line_lists_every_package() -> None:
    from annotator.gui.platform_libs import XCB_LIBRARIES

    line = next(
        line
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("sudo apt-get install libxcb")
    )
    assert sorted(line.split()[3:]) == sorted(set(XCB_LIBRARIES.values()))
