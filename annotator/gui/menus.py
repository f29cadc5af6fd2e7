"""The window's menus and their shortcuts.

Menus: File, Edit, View, Document, Annotator, Tools, Help. The window
inserts the review mode's "Review" menu before Help. The document's actions
are enabled only while a document is open (and, for Reopen, done or
skipped), so an empty project offers nothing that cannot act.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from .actions import fill_menu, make_action, undo_redo
from .export_dialog import WindowExport
from .model_actions import ModelActions
from .zoom import TextZoom

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
    exporter = WindowExport(window)
    actions["export"] = make_action(
        window,
        "&Export…",
        exporter.open_dialog,
        tip="Write training data: spaCy DocBin, Prodigy JSONL, doccano or CoNLL",
    )
    actions["quit"] = make_action(window, "&Quit", window.close, ["Ctrl+Q"])
    fill_menu(file_menu, actions, ("import", "import_folder", None, "export", None, "quit"))

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

    view_menu = bar.addMenu("&View")
    zoom = TextZoom(
        window.editor.view,
        window.settings,
        lambda text: window.statusBar().showMessage(text, 5000),
        window,
    )
    actions["zoom_in"] = make_action(
        window, "Zoom &in", zoom.zoom_in, ["Ctrl++", "Ctrl+="], "Make the article's text larger"
    )
    actions["zoom_out"] = make_action(
        window, "Zoom &out", zoom.zoom_out, ["Ctrl+-"], "Make the article's text smaller"
    )
    actions["zoom_reset"] = make_action(
        window, "&Reset zoom", zoom.reset, ["Ctrl+0"], "The article's text at its usual size"
    )
    fill_menu(view_menu, actions, ("zoom_in", "zoom_out", "zoom_reset"))

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
    models = ModelActions(window)  # Train, Suggesting model, Pull suggestions, most to learn
    actions.update(models.actions)
    fill_menu(
        doc_menu,
        actions,
        ("accept", "skip", "reopen", "note", "pull", None, "next", "previous", "next_unfinished"),
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
    fill_menu(tools_menu, actions, ("preannotate", "preannotate_all", None, "train"))
    tools_menu.addMenu(models.menu)
    fill_menu(tools_menu, actions, ("most_to_learn",))

    help_menu = bar.addMenu("&Help")
    actions["guidelines"] = make_action(
        window, "Annotation &guidelines", window.show_guidelines, ["F1"]
    )
    actions["shortcuts"] = make_action(window, "&Keyboard shortcuts", window.show_shortcuts)
    actions["about"] = make_action(window, "&About annotator", window.show_about)
    fill_menu(help_menu, actions, ("guidelines", "shortcuts", "about"))
    follow_document(window, actions)
    return Menus(actions, help_menu)


#: Actions that act on the open document (Find searches its text).
DOCUMENT_ACTIONS = ("accept", "skip", "reopen", "note", "next", "previous", "find")
#: Those that change it: off in a read-only project, whatever is open.
_WRITES = {"accept", "skip", "reopen"}


def follow_document(window: MainWindow, actions: dict[str, QAction]) -> None:
    """Enable the document's actions and buttons (Accept, Skip, Reopen…)
    while a document is open, Reopen only on a done or skipped one; with
    none open (an empty project) they are off rather than doing nothing."""
    session, panel = window.session, window.doc_panel

    def update(_doc_id: int = -1) -> None:
        shown = session.doc_id is not None
        writable = shown and not session.read_only
        status = session.state.get("status") if shown else None
        for name in DOCUMENT_ACTIONS:
            on = writable if name in _WRITES else shown
            if name == "reopen":
                on = on and status in ("done", "skipped")
            actions[name].setEnabled(on)
        actions["next_unfinished"].setEnabled(window.list_model.rowCount() > 0)
        panel.accept.setEnabled(writable)
        panel.skip.setEnabled(writable)
        panel.reopen.setEnabled(actions["reopen"].isEnabled())

    session.documentOpened.connect(update)
    session.setChanged.connect(update)
    window.list_model.modelReset.connect(update)
    update()
