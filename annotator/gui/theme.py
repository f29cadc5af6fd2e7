"""Light and dark looks: Fusion everywhere, a dark palette on request.

``ANNOTATOR_THEME=dark`` (or ``light``) forces one; otherwise Qt follows the
system's colour scheme. Span colours adapt to whichever palette is active
(colors.py), so both stay readable.
"""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ENV = "ANNOTATOR_THEME"


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    window, base, text = QColor("#202225"), QColor("#17181a"), QColor("#e6e6e6")
    p.setColor(roles.Window, window)
    p.setColor(roles.WindowText, text)
    p.setColor(roles.Base, base)
    p.setColor(roles.AlternateBase, QColor("#1f2023"))
    p.setColor(roles.ToolTipBase, QColor("#2b2d31"))
    p.setColor(roles.ToolTipText, text)
    p.setColor(roles.Text, text)
    p.setColor(roles.PlaceholderText, QColor("#a0a4ab"))
    p.setColor(roles.Button, QColor("#2b2d31"))
    p.setColor(roles.ButtonText, text)
    p.setColor(roles.BrightText, QColor("#ff6b6b"))
    p.setColor(roles.Highlight, QColor("#3d6fb4"))
    p.setColor(roles.HighlightedText, QColor("#ffffff"))
    p.setColor(roles.Link, QColor("#7fb0ff"))
    p.setColor(roles.Mid, QColor("#3a3c41"))
    p.setColor(roles.Dark, QColor("#111214"))
    p.setColor(roles.Light, QColor("#3c3f45"))
    p.setColor(roles.Midlight, QColor("#34363b"))
    p.setColor(roles.Shadow, QColor("#000000"))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7d83"))
    return p


def apply_theme(app: QApplication, theme: str | None = None) -> str:
    """Set the style and palette; returns 'dark', 'light' or 'system'."""
    theme = (theme or os.environ.get(ENV, "")).strip().lower()
    app.setStyle("Fusion")
    if theme == "dark":
        app.setPalette(dark_palette())
        return "dark"
    if theme == "light":
        app.setPalette(app.style().standardPalette())
        return "light"
    return "system"
