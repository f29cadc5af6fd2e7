"""doccano's sequence-labelling JSONL: ``{"text", "label": [[start, end, label], ...]}``.

doccano keeps any other key as document metadata, so we add ``meta`` (our
document fields) and ``_annotator_id``; attributes have no place in this
format and are left out (use the Prodigy JSONL or DocBin to keep them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import srsly

from .output import write_lines
from .prodigy import document_meta
from .records import ExportRecord, ExportSummary


def record_to_doccano(record: ExportRecord) -> dict[str, Any]:
    spans = sorted(record.spans, key=lambda s: (s.start, s.end, s.label))
    return {
        "text": record.document.text,
        "label": [[s.start, s.end, s.label] for s in spans],
        "meta": document_meta(record),
        "_annotator_id": record.annotator,
    }


def write_doccano(
    records: Iterable[ExportRecord], path: str | Path, summary: ExportSummary | None = None
) -> ExportSummary:
    """Write one doccano line per record to ``path`` (streamed)."""
    summary = summary if summary is not None else ExportSummary()

    def lines() -> Iterator[str]:
        for record in records:
            summary.documents += 1
            summary.spans += len(record.spans)
            yield srsly.json_dumps(record_to_doccano(record))

    write_lines(path, lines())
    summary.files.append(str(path))
    return summary
