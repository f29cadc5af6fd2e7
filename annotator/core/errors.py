"""Errors the core raises for bad input, each with a one-line message.

The CLI prints ``str(error)`` as is and exits non-zero; the GUI shows it in
a message box. So the message must name the file, line or value at fault.
"""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base class: a problem the user can fix, described in one line."""


class InputError(AnnotatorError):
    """A file or value given to the app is unusable.

    ``path`` and ``line`` (1-based) are kept so callers can point at them; the
    message already contains them.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")
        self.path = path
        self.line = line
        self.reason = message


class SchemaVersionError(AnnotatorError):
    """The project file was written by a newer annotator; we refuse to touch it."""


class SchemeError(AnnotatorError):
    """A label scheme is invalid, or changing it would orphan spans."""
