"""Work around a reference-count bug in PySide6 6.12 on Python 3.11.

In that combination every call of a C++ method returning ``void`` (for
example ``QTextCursor.setPosition`` or ``QWidget.setEnabled``) gives back
``None`` without taking a reference to it, so ``None``'s count drops by one
per call. Python before 3.12 does not make ``None`` immortal, and a few
thousand such calls later the interpreter aborts with "deallocating None":
an annotator would lose the app, mid-document, after minutes of work.

Nothing can be lost by raising ``None``'s count (it is never freed), so when
a probe shows the leak we add a margin of 2**40 references once: more than
any session can spend. On Python 3.12+ (immortal ``None``) or a fixed PySide6
the probe finds nothing and this does nothing.
"""

from __future__ import annotations

import ctypes
import sys

MARGIN = 1 << 40
_applied = False


def void_calls_leak_none() -> bool:
    from PySide6.QtGui import QTextCharFormat

    fmt = QTextCharFormat()
    before = sys.getrefcount(None)
    for _ in range(64):
        fmt.setFontItalic(True)
    return sys.getrefcount(None) <= before - 32


def apply() -> bool:
    """Add the margin once if the leak is present; True when it was added."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not void_calls_leak_none():
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt: PyObject's first field
    refcount.value += MARGIN
    _applied = True
    return True
