"""Starting the desktop app: the QApplication, the annotator, the window.

Nothing here runs at import: the CLI calls ``run_gui`` and only then is a
QApplication made, so the rest of the command line works without a display.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from annotator.core.store import Project


def no_display(command: str = "gui") -> str:
    """What to do without a screen, for the command that was run."""
    return (
        "error: no display found: run under a desktop session, or without a screen use "
        f"QT_QPA_PLATFORM=offscreen (with --screenshot) or xvfb-run annotator {command}"
    )


def display_problem(command: str = "gui") -> str | None:
    """A message when Qt would have no screen to open a window on, or would
    abort for want of the X11 libraries its xcb platform links against."""
    from .platform_libs import uses_xcb, xcb_problem

    if uses_xcb():
        return xcb_problem()
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return no_display(command)
    return None


def _application():
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from .settings import APPLICATION, ORGANIZATION
    from .theme import apply_theme
    from .window import app_icon

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            __import__(
                "PySide6.QtCore", fromlist=["Qt"]
            ).Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication([sys.argv[0] if sys.argv else "annotator"])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("annotator")
    app.setDesktopFileName("annotator")
    apply_theme(app)
    app.setWindowIcon(app_icon())
    return app


def choose_annotator(given: str | None, screenshot: bool, project: Project, settings) -> str | None:
    """--annotator, else the remembered name, else ask once (never under --screenshot)."""
    from .settings import system_user

    if given and given.strip():
        return given.strip()
    remembered = settings.value("annotator")
    if remembered:
        return str(remembered)
    if screenshot:
        return system_user()
    from .dialogs import ask_annotator

    return ask_annotator(None, system_user(), project.sets.annotators())


def save_screenshot(window, path: Path) -> bool:
    """Grab the window once it has been laid out and painted."""
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

    window.resize(1280, 800)
    window.show()
    deadline = QDeadlineTimer(3000)
    while not window.isVisible() and not deadline.hasExpired():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    for _ in range(5):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    pixmap = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    return pixmap.save(str(path), "PNG") and path.stat().st_size > 0


def run_gui(db: Path, annotator: str | None = None, screenshot: Path | None = None) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    app = _application()
    from .settings import app_settings
    from .window import MainWindow

    settings = app_settings()
    # The page-by-page check runs after the window is up (gui/damage.py).
    with Project.open(db, verify=screenshot is not None) as project:
        name = choose_annotator(annotator, screenshot is not None, project, settings)
        if not name:
            print("error: no annotator name given", file=sys.stderr)
            return 1
        settings.setValue("annotator", name)
        window = MainWindow(project, name, settings)
        if screenshot is not None:
            window.resize(1280, 800)
            window.open_first()
            first = window.session.sorted_spans()
            if first:
                window.session.select(first[0].id)
            ok = save_screenshot(window, Path(screenshot))
            window.close()
            if not ok:
                print(f"error: {screenshot}: could not write the screenshot", file=sys.stderr)
                return 1
            print(f"screenshot saved to {screenshot}")
            return 0
        window.show()
        window.open_first()
        window.editor.view.setFocus()
        if project.recovered:  # a killed import or merge was undone (or completed) on open
            window.statusBar().showMessage("; ".join(project.recovered), 30000)
        from .damage import start_damage_check

        start_damage_check(window, project)  # the window owns it
        code = app.exec()
    return int(code)
