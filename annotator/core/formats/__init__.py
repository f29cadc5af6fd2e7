"""Training-data formats: writers (spaCy DocBin, Prodigy JSONL, doccano,
CoNLL) over plain :class:`ExportRecord`, and the project export that feeds them.

Readers of annotated files live in ``annotator.core.ingest.annotations``.

The names below are loaded when first used: importing one light submodule
(``formats.categories``, which the window's recovery file needs) must not
import spaCy with ``docbin`` (1.4 s of the window's start).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "ExportRecord": "records",
    "ExportSummary": "records",
    "split_keys": "records",
    "doc_info": "docbin",
    "read_docbin": "docbin",
    "span_attrs": "docbin",
    "write_docbin": "docbin",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
