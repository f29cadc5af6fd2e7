"""Training-data formats: writers (spaCy DocBin, Prodigy JSONL, doccano,
CoNLL) over plain :class:`ExportRecord`, and the project export that feeds them.

Readers of annotated files live in ``annotator.core.ingest.annotations``.
"""

from .docbin import doc_info, read_docbin, span_attrs, write_docbin
from .records import ExportRecord, ExportSummary, split_keys

__all__ = [
    "ExportRecord",
    "ExportSummary",
    "doc_info",
    "read_docbin",
    "span_attrs",
    "split_keys",
    "write_docbin",
]
