"""The window's menus and their shortcuts.

Menus: File, Edit, Document, Annotator, Tools, Help. The window inserts the
review mode's "Review" menu before Help.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from .actions import fill_menu, make_action, undo_redo

if TYPE_CHECKING:
    from .window import MainWindow


class Menus(NamedTuple):
    actions: dict[str, QAction]
    help: QMenu  # other menus go before this one


def build_menus(window: MainWindow) -> Menus:
    bar = window.menuBar()
    actions: dict[str, QAction] = {}

    file_menu = bar.addMenu("&File")
    actions["import"] = make_action(
        window,
        "&Import files…",
        window.import_dialog,
        ["Ctrl+I"],
        "Import .txt, .jsonl or .csv files",
    )
    actions["import_folder"] = make_action(
        window,
        "Import a &folder…",
        window.import_folder_dialog,
        tip="Import every file in a folder",
    )
    actions["quit"] = make_action(window, "&Quit", window.close, ["Ctrl+Q"])
    fill_menu(file_menu, actions, ("import", "import_folder", None, "quit"))

    edit_menu = bar.addMenu("&Edit")
    actions["undo"], actions["redo"] = undo_redo(window, window.session.undo_stack)
    actions["delete"] = make_action(
        window, "&Delete span\tDel", window.editor.delete_selected, tip="Remove the selected span"
    )
    actions["confirm"] = make_action(
        window,
        "&Confirm suggestion\tEnter",
        window.editor.confirm_selected,
        tip="Keep a model suggestion",
    )
    actions["find"] = make_action(window, "&Find in text…", window.find_bar.open, ["Ctrl+F"])
    actions["search_list"] = make_action(
        window, "&Search documents…", window.focus_list_search, ["Ctrl+L"]
    )
    fill_menu(
        edit_menu, actions, ("undo", "redo", None, "confirm", "delete", None, "find", "search_list")
    )

    doc_menu = bar.addMenu("&Document")
    actions["accept"] = make_action(
        window,
        "&Accept and next",
        window.accept_and_next,
        ["Ctrl+Return", "Ctrl+Enter"],
        "Mark done and open the next unfinished document",
    )
    actions["skip"] = make_action(window, "&Skip…", window.skip_dialog, ["Ctrl+K"])
    actions["reopen"] = make_action(window, "&Reopen", window.session.reopen)
    actions["note"] = make_action(window, "Edit &note", window.focus_note, ["Ctrl+Shift+N"])
    actions["next"] = make_action(
        window, "&Next document", lambda: window.step_document(1), ["Alt+Right"]
    )
    actions["previous"] = make_action(
        window, "&Previous document", lambda: window.step_document(-1), ["Alt+Left"]
    )
    actions["next_unfinished"] = make_action(
        window, "Next &unfinished document", window.open_next_unfinished
    )
    fill_menu(
        doc_menu,
        actions,
        ("accept", "skip", "reopen", "note", None, "next", "previous", "next_unfinished"),
    )

    who_menu = bar.addMenu("A&nnotator")
    actions["switch_annotator"] = make_action(
        window, "&Switch annotator…", window.switch_annotator_dialog
    )
    who_menu.addAction(actions["switch_annotator"])

    tools_menu = bar.addMenu("&Tools")
    actions["preannotate"] = make_action(
        window,
        "&Pre-annotate documents",
        lambda: window.preannotate(force=False),
        tip="Run the model on documents it has not seen",
    )
    actions["preannotate_all"] = make_action(
        window,
        "Pre-annotate &all again",
        lambda: window.preannotate(force=True),
        tip="Run the model on every document (sets already opened keep their spans)",
    )
    fill_menu(tools_menu, actions, ("preannotate", "preannotate_all"))

    help_menu = bar.addMenu("&Help")
    actions["guidelines"] = make_action(
        window, "Annotation &guidelines", window.show_guidelines, ["F1"]
    )
    actions["shortcuts"] = make_action(window, "&Keyboard shortcuts", window.show_shortcuts)
    actions["about"] = make_action(window, "&About annotator", window.show_about)
    fill_menu(help_menu, actions, ("guidelines", "shortcuts", "about"))
    return Menus(actions, help_menu)
