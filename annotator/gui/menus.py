"""The window's menus and their shortcuts.

Menus: File, Edit, Document, Annotator, Tools, Help. ``MainWindow.add_menu``
inserts another (the review mode's "Review") before Help.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from .window import MainWindow


def _action(
    window: MainWindow, text: str, slot, shortcuts: list[str] | None = None, tip: str = ""
) -> QAction:
    action = QAction(text, window)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # shortcuts work while the menu bar is hidden too
    return action


def build_menus(window: MainWindow) -> dict[str, QAction]:
    bar = window.menuBar()
    actions: dict[str, QAction] = {}

    file_menu = bar.addMenu("&File")
    actions["import"] = _action(
        window,
        "&Import files…",
        window.import_dialog,
        ["Ctrl+I"],
        "Import .txt, .jsonl or .csv files",
    )
    actions["import_folder"] = _action(
        window,
        "Import a &folder…",
        window.import_folder_dialog,
        tip="Import every file in a folder",
    )
    actions["quit"] = _action(window, "&Quit", window.close, ["Ctrl+Q"])
    file_menu.addAction(actions["import"])
    file_menu.addAction(actions["import_folder"])
    file_menu.addSeparator()
    file_menu.addAction(actions["quit"])

    edit_menu = bar.addMenu("&Edit")
    undo = window.session.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    redo = window.session.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    window.addAction(undo)
    window.addAction(redo)
    actions["undo"], actions["redo"] = undo, redo
    actions["delete"] = _action(
        window, "&Delete span\tDel", window.delete_selected, tip="Remove the selected span"
    )
    actions["confirm"] = _action(
        window, "&Confirm suggestion\tEnter", window.confirm_selected, tip="Keep a model suggestion"
    )
    actions["find"] = _action(window, "&Find in text…", window.find_bar.open, ["Ctrl+F"])
    actions["search_list"] = _action(
        window, "&Search documents…", window.focus_list_search, ["Ctrl+L"]
    )
    for name in ("undo", "redo", None, "confirm", "delete", None, "find", "search_list"):
        if name is None:
            edit_menu.addSeparator()
        else:
            edit_menu.addAction(actions[name])

    doc_menu = bar.addMenu("&Document")
    actions["accept"] = _action(
        window,
        "&Accept and next",
        window.accept_and_next,
        ["Ctrl+Return", "Ctrl+Enter"],
        "Mark done and open the next unfinished document",
    )
    actions["skip"] = _action(window, "&Skip…", window.skip_dialog, ["Ctrl+K"])
    actions["reopen"] = _action(window, "&Reopen", window.session.reopen)
    actions["note"] = _action(window, "Edit &note", window.focus_note, ["Ctrl+Shift+N"])
    actions["next"] = _action(
        window, "&Next document", lambda: window.step_document(1), ["Alt+Right"]
    )
    actions["previous"] = _action(
        window, "&Previous document", lambda: window.step_document(-1), ["Alt+Left"]
    )
    actions["next_unfinished"] = _action(
        window, "Next &unfinished document", window.open_next_unfinished
    )
    for name in ("accept", "skip", "reopen", "note", None, "next", "previous", "next_unfinished"):
        if name is None:
            doc_menu.addSeparator()
        else:
            doc_menu.addAction(actions[name])

    who_menu = bar.addMenu("A&nnotator")
    actions["switch_annotator"] = _action(
        window, "&Switch annotator…", window.switch_annotator_dialog
    )
    who_menu.addAction(actions["switch_annotator"])

    tools_menu = bar.addMenu("&Tools")
    actions["preannotate"] = _action(
        window,
        "&Pre-annotate documents",
        lambda: window.preannotate(force=False),
        tip="Run the model on documents it has not seen",
    )
    actions["preannotate_all"] = _action(
        window,
        "Pre-annotate &all again",
        lambda: window.preannotate(force=True),
        tip="Run the model on every document (sets already opened keep their spans)",
    )
    tools_menu.addAction(actions["preannotate"])
    tools_menu.addAction(actions["preannotate_all"])

    help_menu = bar.addMenu("&Help")
    actions["guidelines"] = _action(
        window, "Annotation &guidelines", window.show_guidelines, ["F1"]
    )
    actions["shortcuts"] = _action(window, "&Keyboard shortcuts", window.show_shortcuts)
    actions["about"] = _action(window, "&About annotator", window.show_about)
    for name in ("guidelines", "shortcuts", "about"):
        help_menu.addAction(actions[name])
    window.help_menu = help_menu

    from .review import install_review_menu  # the review mode's menu, before Help

    install_review_menu(window)
    return actions
