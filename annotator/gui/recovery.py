"""Closing the window while edits are still pending: ask, and keep them.

A pending note is text the window has shown as not saved yet. Closing must
not drop it silently, so the window asks: save the pending edits to a
recovery file, keep trying (the window stays open), or discard them. The
recovery file is annotated JSONL in the shape ``annotator import`` reads
back (README "Importing annotated data"): one line per set with a pending
note, holding the document's text, the set's spans, annotator, status and
the note, so importing it restores the set as the window showed it.
Time spent on a document is pending too but is not shown anywhere, so it is
not part of the file.
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.core.store import Project
from annotator.core.store.util import text_hash

from .plaintext import message

if TYPE_CHECKING:
    from .pending import PendingWrite


class CloseChoice(Enum):
    SAVE = "save"
    KEEP_TRYING = "keep"
    DISCARD = "discard"


def ask_on_close(parent: QWidget, count: int, reason: str) -> CloseChoice:
    """Ask what to do with ``count`` pending edits (tests replace this)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Edits not saved yet")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        f"{count} edit(s) could not be written to the project yet.\n\n{reason}\n\n"
        "Save them to a recovery file (annotator import takes it back), keep the "
        "window open and keep trying, or discard them?"
    )
    save = box.addButton("Save to a recovery file", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Keep trying", QMessageBox.ButtonRole.RejectRole)
    box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(save)
    box.exec()
    if box.clickedButton() is save:
        return CloseChoice.SAVE
    if box.clickedButton() is keep:
        return CloseChoice.KEEP_TRYING
    return CloseChoice.DISCARD


def tell_saved(parent: QWidget, path: Path, project: Path) -> None:
    """Say where the recovery file is and how to take it back (tests replace this)."""
    message(
        parent,
        "Recovery file saved",
        f"The pending edits are in\n{path}\n\n"
        f"To put them into the project:\nannotator import {path} --db {project}",
        QMessageBox.Icon.Information,
    )


def recovery_line(project: Project, item: PendingWrite) -> dict[str, Any]:
    """One Prodigy-style line: the set as it is on disk, with the pending note."""
    doc = project.documents.get(item.doc_id)
    aset = project.sets.get(item.set_id)
    meta: dict[str, Any] = dict(doc.meta)
    for key, value in (("title", doc.title), ("source", doc.source), ("published", doc.published)):
        if value is not None:
            meta[key] = value
    meta["doc_hash"] = text_hash(doc.text)  # marks our own line: fields kept as they are
    return {
        "text": doc.text,
        "spans": [
            {"start": s.start, "end": s.end, "label": s.label, "attrs": s.attrs} for s in aset.spans
        ],
        "_annotator_id": aset.annotator,
        "_status": aset.status,
        "_skip_reason": aset.skip_reason,
        "_note": str(item.value),
        "meta": meta,
    }


def save_recovery(project: Project, items: list[PendingWrite]) -> Path:
    """Write the pending notes beside the project file (reading works while
    another program holds the write lock); returns the file's path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(project.path).with_name(f"{Path(project.path).stem}.recovery-{stamp}.jsonl")
    lines = [recovery_line(project, item) for item in items if item.kind == "note"]
    with path.open("x", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path
