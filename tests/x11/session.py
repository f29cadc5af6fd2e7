"""Run by ``tests/x11/test_xcb.py`` in a child process on a real X server.

Opens the annotation window through the app's own start-up code on the xcb
platform, selects a phrase with Shift+arrows, labels it with a key, accepts
the document with Ctrl+Enter and closes the window, as a person would; prints
what the window showed as one JSON line for the parent to check against the
project file.

    QT_QPA_PLATFORM=xcb DISPLAY=:N python tests/x11/session.py PROJECT.db
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from annotator.gui.app import _application, display_problem
from annotator.gui.settings import app_settings
from annotator.gui.window import MainWindow


def main(db: Path) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    app = _application()
    from annotator.core.store import Project

    with Project.open(db) as project:
        window = MainWindow(project, "xuser", app_settings())
        window.resize(1280, 800)
        window.show()
        QTest.qWaitForWindowExposed(window, 5000)
        window.activateWindow()  # no window manager on Xvfb gives it focus
        QTest.qWaitForWindowActive(window, 5000)
        window.open_first()
        view = window.editor.view
        view.setFocus()
        text = window.session.doc.text
        start = text.index("crude")
        cursor = view.textCursor()
        cursor.setPosition(view.offsets.to_qt(start))
        view.setTextCursor(cursor)
        for _ in range(len("crude")):
            QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        QTest.keyClick(view, Qt.Key.Key_2)  # FIGURE's key in the default scheme
        made = window.session.spans[window.session.selected]
        doc_id, set_id = window.session.doc.id, window.session.set_id
        QTest.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        app.processEvents()
        shown = {
            "platform": QGuiApplication.platformName(),
            "exposed": window.isVisible(),
            "active": window.isActiveWindow(),
            "document": doc_id,
            "set": set_id,
            "span": [made.start, made.end, made.label],
            "now_showing": window.session.doc.id,
        }
        window.close()
        app.processEvents()
    print(json.dumps(shown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
