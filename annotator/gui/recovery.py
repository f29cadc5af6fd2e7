"""Closing a window while edits are still pending: ask, and keep them.

A pending edit is one the window has shown as not saved yet: a note, a span
added, deleted or changed, a status, an accept. Closing must not drop it
silently, so the window asks: save the pending edits to a recovery file,
keep trying (the window stays open), or discard them. The recovery file is
annotated JSONL in the shape ``annotator import`` reads back (README
"Importing annotated data"): one line per set with a pending edit, holding
the document's text and the set as the window showed it (its spans with
their origin in ``_origin``, annotator, status, skip reason and note), so
importing it restores the set as it was on screen. Time spent on a
document is pending too but is not shown anywhere, so it is not part of
the file.
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.core import words
from annotator.core.errors import AnnotatorError
from annotator.core.formats.categories import CategoryLabels
from annotator.core.store.location import Location, beside
from annotator.core.store.util import text_hash
from annotator.core.types import Relation, SpanKey

from .pending import shown_links_and_answers
from .plaintext import message

if TYPE_CHECKING:
    from .session import Session


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
        f"{words.count(count, 'edit')} could not be written to the project yet.\n\n{reason}\n\n"
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


def tell_saved(parent: QWidget, path: Path, project: Location) -> None:
    """Say where the recovery file is and how to take it back (tests replace this)."""
    message(
        parent,
        "Recovery file saved",
        f"The pending edits are in\n{path}\n\n"
        f"To put them into the project (replacing those documents' sets with what"
        f" the window showed):\nannotator import {path} --db {project} --replace",
        QMessageBox.Icon.Information,
    )


def recovery_line(session: Session, set_id: int, doc_id: int) -> dict[str, Any]:
    """One Prodigy-style line: the set as the window shows it. The store is
    read for what the window does not hold; when it cannot be read (a team
    server that went away), the open document's set comes from the window
    itself, which is where its pending edits are."""
    project = session.project
    spans, state = session.shown_set(set_id)
    try:
        doc = project.documents.get(doc_id)
        relations, answers = shown_links_and_answers(project, set_id, session.pending, spans)
        annotator = project.sets.get(set_id).annotator
    except AnnotatorError:
        if set_id != session.set_id or session.doc is None:
            raise
        doc, annotator = session.doc, session.annotator
        relations, answers = _shown_here(session, spans)
    meta: dict[str, Any] = dict(doc.meta)
    for key, value in (("title", doc.title), ("source", doc.source), ("published", doc.published)):
        if value is not None:
            meta[key] = value
    meta["doc_hash"] = text_hash(doc.text)  # marks our own line: fields kept as they are
    return {
        "text": doc.text,
        "spans": [
            {
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "attrs": s.attrs,
                "_origin": s.origin,
            }
            for s in spans
        ],
        "relations": [
            {"head_span": _end(r.head), "child_span": _end(r.child), "label": r.label}
            for r in relations
        ],
        "cats": CategoryLabels(session.scheme).cats(answers),
        "_annotator_id": annotator,
        "_status": state["status"],
        "_skip_reason": state["skip_reason"],
        "_note": state["note"],
        "meta": meta,
    }


def _shown_here(session: Session, spans: list) -> tuple[list[Relation], dict[str, list[str]]]:
    """The open set's relations and category answers as the window holds them."""
    by_id = {span.id: span for span in spans}
    links = session.links.items.values() if session.links is not None else ()
    relations = [
        Relation(by_id[x.head].key(), by_id[x.child].key(), x.label, x.origin)
        for x in links
        if x.head in by_id and x.child in by_id
    ]
    answers = {name: list(values) for name, values in session.answers.values.items() if values}
    return relations, answers


def _end(key: SpanKey) -> dict[str, Any]:
    start, end, label = key
    return {"start": start, "end": end, "label": label}


def save_recovery(session: Session) -> Path:
    """Write every set with a shown pending edit beside the project file
    (reading works while another program holds the write lock); returns
    the file's path."""
    project = session.project
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = beside(project.path, f"{project.path.stem}.recovery-{stamp}.jsonl")
    sets = {item.set_id: item.doc_id for item in session.pending.items() if item.shown}
    lines = [recovery_line(session, set_id, doc_id) for set_id, doc_id in sets.items()]
    with path.open("x", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def settle_pending(parent: QWidget, session: Session) -> bool:
    """Before a window closes: write what is pending, else ask (recovery
    file, keep trying, discard). False when the window stays open."""
    pending = session.pending
    session.record_time()
    if pending.flush():
        return True
    choice = ask_on_close(parent, len(pending), pending.reason)
    if choice is CloseChoice.KEEP_TRYING:
        return False
    if choice is CloseChoice.SAVE:
        try:
            path = save_recovery(session)
        except (OSError, AnnotatorError) as exc:
            message(parent, "Recovery file not saved", str(exc))
            return False
        tell_saved(parent, path, session.project.path)
    pending.discard()
    return True
