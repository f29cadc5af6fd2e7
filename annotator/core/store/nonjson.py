"""Values in a project that JSON (RFC 8259) cannot carry: ``NaN``, ``Infinity``.

Python's ``json`` writes them (as ``NaN``) and reads them back, so a project
written before imports refused them may hold some in a document's ``meta``
or a span's ``attrs``. An export must not write them (every other reader of
JSONL chokes on them, and ``srsly`` raises halfway through), so it asks here
first, before writing anything. A ``LIKE`` filter keeps the scan cheap; the
candidates are then parsed strictly.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .project import Project

_CANDIDATE = "({column} LIKE '%NaN%' OR {column} LIKE '%Infinity%')"


def _refuse(name: str) -> float:
    raise ValueError(name)


def _bad(text: str) -> str | None:
    """The constant in ``text`` that JSON lacks, or None."""
    try:
        json.loads(text, parse_constant=_refuse)
    except ValueError as exc:
        return str(exc)
    return None


def non_json_values(
    project: Project,
    doc_ids: Collection[int],
    set_ids: Collection[int] = (),
    predictions: bool = False,
) -> list[str]:
    """Where the chosen documents, their sets' spans (or their predictions)
    hold a value JSON cannot carry: one description per place, in id order."""
    conn = project.db.conn
    docs, sets = set(doc_ids), set(set_ids)
    found = []
    for doc_id, meta in conn.execute(
        f"SELECT id, meta FROM documents WHERE {_CANDIDATE.format(column='meta')} ORDER BY id"
    ):
        if doc_id in docs and (bad := _bad(meta)):
            found.append(f"document {doc_id} meta ({bad})")
    if sets:
        for set_id, doc_id, span_id, label, start, end, attrs in conn.execute(
            "SELECT x.set_id, s.document_id, x.id, x.label, x.start_char, x.end_char, x.attrs"
            " FROM spans x JOIN annotation_sets s ON s.id = x.set_id"
            f" WHERE {_CANDIDATE.format(column='x.attrs')} ORDER BY x.id"
        ):
            if set_id in sets and (bad := _bad(attrs)):
                found.append(f"document {doc_id} span {span_id} {label} {start}-{end} ({bad})")
    if predictions:
        for doc_id, span_id, label, start, end, attrs in conn.execute(
            "SELECT document_id, id, label, start_char, end_char, attrs FROM predictions"
            f" WHERE {_CANDIDATE.format(column='attrs')} ORDER BY id"
        ):
            if doc_id in docs and (bad := _bad(attrs)):
                found.append(
                    f"document {doc_id} prediction {span_id} {label} {start}-{end} ({bad})"
                )
    return found
