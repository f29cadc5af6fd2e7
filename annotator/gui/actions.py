"""Menu actions as both windows make them: one place for shortcuts, tips and undo.

Every action is also added to its window, so its shortcut works while the
menu bar is hidden or closed; undo and redo are the session's undo stack's
own actions, so their text names the step ("Undo Add ACTOR").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget


def make_action(
    window: QWidget,
    text: str,
    slot: Callable[[], object],
    shortcuts: Sequence[str] = (),
    tip: str = "",
) -> QAction:
    """An action on ``window`` calling ``slot`` (without the ``checked`` argument)."""
    action = QAction(text, window)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def undo_redo(window: QWidget, stack: QUndoStack) -> tuple[QAction, QAction]:
    """Undo (Ctrl+Z) and redo (Ctrl+Shift+Z, Ctrl+Y) of ``stack``, on ``window``."""
    undo = stack.createUndoAction(window, "&Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    redo = stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    window.addAction(undo)
    window.addAction(redo)
    return undo, redo


def fill_menu(menu: QMenu, actions: dict[str, QAction], names: Sequence[str | None]) -> None:
    """Add the named actions in order; ``None`` is a separator."""
    for name in names:
        if name is None:
            menu.addSeparator()
        else:
            menu.addAction(actions[name])
