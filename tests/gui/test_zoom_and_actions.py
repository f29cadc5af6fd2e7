"""View ▸ Zoom of the article, actions off where they cannot act, and every
menu entry showing its key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QMenu, QStyleOptionMenuItem

from annotator.core.store import Project
from annotator.gui.settings import TEXT_ZOOM, app_settings
from annotator.gui.textview import ZOOM_RANGE
from annotator.gui.zoom import TextZoom


def test_zoom_keys_change_the_font_and_the_arcs_follow(make_window, qtbot):
    window = make_window()
    view = window.editor.view
    base = view.font().pointSizeF()
    labels = view.overlay.font.pointSizeF()
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.font().pointSizeF() == base + 2
    assert view.document().defaultFont().pointSizeF() == base + 2
    assert view.overlay.font.pointSizeF() > labels  # the relation labels grow with the text
    assert window.statusBar().currentMessage().startswith(f"Text size {base + 2:g} pt")
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.font().pointSizeF() == base + 1
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.font().pointSizeF() == base
    assert view.overlay.font.pointSizeF() == labels
    assert window.statusBar().currentMessage() == f"Text size {base:g} pt: the usual size"


def test_ctrl_wheel_zooms_as_the_menu_does(make_window, qtbot):
    window = make_window()
    view = window.editor.view
    base = view.font().pointSizeF()
    where = QPointF(view.viewport().rect().center())

    def wheel(delta: int, modifiers: Qt.KeyboardModifier) -> None:
        event = QWheelEvent(
            where,
            view.viewport().mapToGlobal(where),
            QPoint(),
            QPoint(0, delta),
            Qt.MouseButton.NoButton,
            modifiers,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QCoreApplication.sendEvent(view.viewport(), event)

    wheel(240, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == 2 and view.font().pointSizeF() == base + 2
    assert int(app_settings().value(TEXT_ZOOM)) == 2
    wheel(-120, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == 1
    wheel(-120, Qt.KeyboardModifier.NoModifier)  # a plain wheel scrolls, no zoom
    assert view.zoom == 1 and view.font().pointSizeF() == base + 1


def test_zoom_is_remembered_in_a_new_window(make_window, qtbot):
    window = make_window()
    base = window.editor.view.font().pointSizeF()
    for _ in range(3):
        window.actions["zoom_in"].trigger()
    assert int(app_settings().value(TEXT_ZOOM)) == 3
    window.close()
    again = make_window()
    assert again.editor.view.font().pointSizeF() == base + 3
    assert again.editor.view.zoom == 3


def test_zoom_stops_at_its_limits_and_says_so(make_window):
    window = make_window()
    zoom = window.findChild(TextZoom)
    for _ in range(ZOOM_RANGE[1] + 2):
        zoom.zoom_in()
    assert window.editor.view.zoom == ZOOM_RANGE[1]
    assert "the largest there is" in window.statusBar().currentMessage()


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    with Project.open(tmp_path / "empty.db"):
        pass
    return tmp_path / "empty.db"


def test_document_actions_are_off_on_an_empty_project(make_window, empty_db, gui_db):
    window = make_window(path=empty_db)
    assert window.session.doc_id is None
    for name in ("accept", "skip", "reopen", "note", "next", "previous", "next_unfinished"):
        assert not window.actions[name].isEnabled(), name
    assert not window.doc_panel.accept.isEnabled()
    assert not window.doc_panel.skip.isEnabled()
    assert not window.doc_panel.reopen.isEnabled()
    window.close()

    opened = make_window(path=gui_db)
    assert opened.session.doc_id is not None
    for name in ("accept", "skip", "note", "next", "previous", "next_unfinished"):
        assert opened.actions[name].isEnabled(), name
    assert opened.doc_panel.accept.isEnabled() and opened.doc_panel.skip.isEnabled()
    assert not opened.actions["reopen"].isEnabled()  # in progress: nothing to reopen
    opened.actions["accept"].trigger()
    opened.open_document(1)
    assert opened.session.state["status"] == "done"
    assert opened.actions["reopen"].isEnabled()


def shown_text(menu: QMenu, action: QAction) -> str:
    option = QStyleOptionMenuItem()
    menu.initStyleOption(option, action)
    return option.text


def test_every_menu_entry_shows_its_key(make_window):
    """On desktops whose theme hides keys in context menus, too (Qt then
    hides them in a menu it does not see opened from its menu bar)."""
    attribute = Qt.ApplicationAttribute.AA_DontShowShortcutsInContextMenus
    QCoreApplication.setAttribute(attribute, True)
    try:
        window = make_window()
        checked = []
        menus = [a.menu() for a in window.menuBar().actions() if a.menu()]
        for menu in menus:
            for action in menu.actions():
                if action.isSeparator() or action.shortcut().isEmpty():
                    continue
                key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                assert shown_text(menu, action).endswith("\t" + key), action.text()
                checked.append(action.shortcut().toString())
        assert {"Ctrl+Shift+R", "Ctrl+Shift+D", "Ctrl++", "Ctrl+-", "Ctrl+0", "Ctrl+Z"} <= set(
            checked
        )
    finally:
        QCoreApplication.setAttribute(attribute, False)
