"""Menu actions as both windows make them: one place for shortcuts, tips and undo.

Every action is also added to its window, so its shortcut works while the
menu bar is hidden or closed; undo and redo are the session's undo stack's
own actions, so their text names the step ("Undo Add ACTOR"). Every
action's menu entry shows its key (``show_shortcut``).
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
    show_shortcut(action)
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
    show_shortcut(undo)
    show_shortcut(redo)
    window.addAction(undo)
    window.addAction(redo)
    return undo, redo


def show_shortcut(action: QAction) -> None:
    """The action's key shown beside it in every menu: desktops whose theme
    asks Qt to hide keys in context menus (GNOME's) also hide them in menus
    Qt does not see opened from its own menu bar (a global menu bar, a menu
    opened from code); annotators found the Review menu without its keys."""
    action.setShortcutVisibleInContextMenu(True)


def fill_menu(menu: QMenu, actions: dict[str, QAction], names: Sequence[str | None]) -> None:
    """Add the named actions in order; ``None`` is a separator."""
    for name in names:
        if name is None:
            menu.addSeparator()
        else:
            menu.addAction(actions[name])
