"""The review window's menus and keys, in one place (README lists them).

Digits are the gold view's label keys (1 ACTOR, 2 FIGURE… in the default
scheme), so a bare digit takes an annotator's version only while the lists
on the left have the focus; Alt+digit does it from anywhere. Letters that
are not label keys (N, E) are window-wide: a line edit that is typed into
(the attribute inspector) takes them first, as Qt gives text fields
priority over shortcuts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QMenu, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ..actions import fill_menu, make_action, undo_redo

if TYPE_CHECKING:
    from .window import ReviewWindow

#: The review window's keys, as Help shows them and README's table lists them
#: (tests/gui/test_review_keys.py keeps the two the same).
REVIEW_KEYS: list[tuple[str, str]] = [
    (
        "1 2 3 … (lists focused) / Alt+1 Alt+2 Alt+3 … (anywhere)",
        "take annotator 1, 2, 3…'s version of the selected disagreement",
    ),
    ("E / Enter (list focused)", "edit the disagreement in gold"),
    ("N / F8, Shift+N / Shift+F8", "next / previous unresolved disagreement, across documents"),
    ("Ctrl+G", "every agreed span of this document to gold (one undo step)"),
    (
        "Ctrl+Shift+G",
        "every agreed span of every document in the list to gold (one transaction, one undo step)",
    ),
    ("Ctrl+Enter", "mark this document's gold done"),
    ("Alt+Right / Alt+Left", "next / previous document in the review list"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo"),
    ("F5", "read the review list again (annotators finished more documents)"),
    ("Ctrl+Shift+D", "the agreement dashboard"),
    ("F1", "this list of keys"),
]


def show_keys(window: ReviewWindow) -> QDialog:
    """A small table of ``REVIEW_KEYS`` (plain text cells)."""
    dialog = QDialog(window)
    dialog.setWindowTitle("Review keys")
    table = QTableWidget(len(REVIEW_KEYS), 2, dialog)
    table.setHorizontalHeaderLabels(["Keys", "In the review window"])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for row, (keys, what) in enumerate(REVIEW_KEYS):
        table.setItem(row, 0, QTableWidgetItem(keys))
        table.setItem(row, 1, QTableWidgetItem(what))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    dialog.resize(900, 380)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def _fill_annotators(w: ReviewWindow, menu: QMenu) -> None:
    """One checkable entry per annotator of the project (gold too: comparing
    an annotator against gold is a review of its own); unchecking leaves at
    least two."""
    menu.clear()
    for name in w.project.sets.annotators():
        action = menu.addAction(name)
        action.setCheckable(True)
        action.setChecked(name in w.annotators)

        def toggled(on: bool, name: str = name) -> None:
            chosen = [n for n in w.annotators if n != name]
            if on:
                chosen.append(name)
            if len(chosen) >= 2:
                w.choose_annotators(chosen)

        action.toggled.connect(toggled)


def build_actions(w: ReviewWindow, lists: QWidget) -> dict[str, QAction]:
    """The menus and keys of ``w``; a bare digit takes a version while the
    focus is in ``lists`` (the documents and disagreements)."""
    a: dict[str, QAction] = {}
    bar = w.menuBar()
    a["undo"], a["redo"] = undo_redo(w, w.session.undo_stack)
    fill_menu(bar.addMenu("&Edit"), a, ("undo", "redo"))

    a["next"] = make_action(w, "&Next unresolved disagreement", w.next_unresolved, ["N", "F8"])
    a["previous"] = make_action(
        w,
        "&Previous unresolved disagreement",
        lambda: w.next_unresolved(-1),
        ["Shift+N", "Shift+F8"],
    )
    a["edit"] = make_action(w, "&Edit disagreement in gold", w.edit_in_gold, ["E"])
    a["agreed"] = make_action(
        w, "Agreed spans to &gold", w.agreed_to_gold, ["Ctrl+G"],
        "Every span all annotators marked identically goes into gold, in one step",
    )  # fmt: skip
    a["agreed_all"] = make_action(
        w, "Agreed spans of &every document to gold", w.agreed_everywhere, ["Ctrl+Shift+G"],
        "Every document in the list: agreed spans not yet in gold go in, as one undo step",
    )  # fmt: skip
    a["done"] = make_action(
        w, "&Mark gold done", w.mark_done, ["Ctrl+Return", "Ctrl+Enter"],
        "Gold of this document is finished (it is what export --gold exports)",
    )  # fmt: skip
    a["next_doc"] = make_action(w, "Next &document", lambda: w.step_document(1), ["Alt+Right"])
    a["previous_doc"] = make_action(
        w, "Pre&vious document", lambda: w.step_document(-1), ["Alt+Left"]
    )
    a["reload"] = make_action(w, "Re&load the review list", w.reload, ["F5"])
    a["dashboard"] = make_action(w, "Agreement &dashboard…", w.show_dashboard, ["Ctrl+Shift+D"])

    review = bar.addMenu("&Review")
    fill_menu(review, a, ("next", "previous", "edit", None, "agreed", "agreed_all", "done", None))
    for number in range(1, 10):
        a[f"take{number}"] = make_action(
            w, f"Take annotator {number}'s version", lambda n=number: w.take(n), [f"Alt+{number}"]
        )
        if number <= max(3, len(w.annotators)):
            review.addAction(a[f"take{number}"])
        shortcut = QShortcut(QKeySequence(str(number)), lists)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda n=number: w.take(n))
    enter = QShortcut(QKeySequence("Return"), w.dis_table)
    enter.setContext(Qt.ShortcutContext.WidgetShortcut)
    enter.activated.connect(w.edit_in_gold)
    fill_menu(review, a, (None, "next_doc", "previous_doc", None, "reload", "dashboard"))
    a["advance"] = QAction("&Advance after taking a version", w)
    a["advance"].setCheckable(True)
    a["advance"].setStatusTip("After 1, 2, 3…, go on to the next unresolved disagreement")
    review.addSeparator()
    review.addAction(a["advance"])
    who = review.addMenu("&Compare annotators")
    who.aboutToShow.connect(lambda: _fill_annotators(w, who))
    a["keys"] = make_action(w, "Review &keys", lambda: show_keys(w), ["F1"])
    bar.addMenu("&Help").addAction(a["keys"])
    return a
