"""The Qt-free core: scheme, store, ingest, nlp, formats, agreement.

Nothing below this package may import PySide6 (an import-linter contract in
pyproject.toml and tests/test_layers.py enforce it), so every behaviour the
GUI shows can be tested and scripted without a display.
"""
