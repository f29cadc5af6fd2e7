"""Bringing corpora into a project: readers and the import that stores them."""

from .importer import FileResult, ImportSummary, import_any, import_paths
from .readers import READERS, SUFFIXES, Record, expand_paths, read_file

__all__ = [
    "READERS",
    "SUFFIXES",
    "FileResult",
    "ImportSummary",
    "Record",
    "expand_paths",
    "import_any",
    "import_paths",
    "read_file",
]
