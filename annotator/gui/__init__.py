"""The Qt shell: widgets, item models, undo commands and workers over the core."""

from . import pyside_fix as _pyside_fix

_pyside_fix.apply()  # before any widget exists: see pyside_fix.py
